//! A map block as a world map: the land, and each place as a marker (its shape
//! saying its kind) with its number in a badge, the page's table giving the names.
//! Numbers rather than names because names would not fit where places are close
//! (Brussels and Vienna, San José and Panama, Nairobi and Addis Ababa).

use super::land::{outline, project, Land};
use super::text::width;
use super::{colours, escape, font_size, num, svg_start, tenths, tenths_of, Drawn};
use crate::content::{french_number, Map};

/// Wide enough for the land's shapes at 0.1 unit; the text is sized from it.
const WIDTH: u32 = 640;
/// Room around the world's outline for its stroke.
const PAD: f64 = 2.0;
/// Points of the land closer than this to the last one kept are dropped, then those
/// that move the coast by less than `TOLERANCE`: both under half a pixel at 704 px
/// wide, and they take the land from 42 to 23 kB (10.5 to 7 kB brotli).
const SIMPLIFY: f64 = 0.5;
const TOLERANCE: f64 = 0.4;
/// A marker's radius (a circle's; squares and diamonds have the same area).
const MARKER: f64 = 7.0;
/// How far any marker reaches from its centre: the diamond's half diagonal (8.8)
/// and half its white outline.
const EXTENT: f64 = 9.6;
/// The least space kept between badges, markers and leader lines.
const GAP: f64 = 2.0;
/// Badges are tried this much further from their marker at each step, up to
/// `REACH`, in `DIRECTIONS` directions.
const STEP: f64 = 4.0;
const REACH: f64 = 240.0;
const DIRECTIONS: usize = 16;
/// Markers closer than this to a place make it crowded.
const CROWD: f64 = 60.0;

/// The marker shapes, given to kinds in order of first appearance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Circle,
    Square,
    Diamond,
}

const SHAPES: [Shape; 3] = [Shape::Circle, Shape::Square, Shape::Diamond];

/// A rectangle in viewBox units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    fn around((x, y): (f64, f64), half_width: f64, half_height: f64) -> Rect {
        Rect {
            x0: x - half_width,
            y0: y - half_height,
            x1: x + half_width,
            y1: y + half_height,
        }
    }

    fn grown(self, by: f64) -> Rect {
        Rect {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }

    pub(super) fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    fn inside(&self, bounds: &Rect) -> bool {
        self.x0 >= bounds.x0 && self.y0 >= bounds.y0 && self.x1 <= bounds.x1 && self.y1 <= bounds.y1
    }

    fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// Whether the segment `a`–`b` passes through the rectangle (Liang–Barsky).
    fn crossed_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 < t1
    }
}

/// Where a place's number goes, and whether a line leads to it from the marker.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Badge {
    pub marker: (f64, f64),
    pub rect: Rect,
    pub leader: bool,
}

/// The map's frame: the projection's scale and where the world sits.
struct Frame {
    scale: f64,
    y_max: f64,
}

impl Frame {
    fn new() -> Frame {
        let x_max = project(180.0, 0.0).0;
        Frame {
            scale: (f64::from(WIDTH) - 2.0 * PAD) / (2.0 * x_max),
            y_max: project(0.0, 90.0).1,
        }
    }

    /// From the projection's units to the viewBox's (y pointing down).
    fn view(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (
            f64::from(WIDTH) / 2.0 + x * self.scale,
            PAD + (self.y_max - y) * self.scale,
        )
    }

    fn height(&self) -> f64 {
        2.0 * PAD + 2.0 * self.y_max * self.scale
    }
}

/// A map block as an SVG world map with numbered places and a legend of their kinds.
pub fn map_svg(map: &Map, land: &Land) -> Drawn {
    let frame = Frame::new();
    let f = font_size(WIDTH);
    let w = f64::from(WIDTH);
    let map_height = frame.height();

    let mut kinds: Vec<&str> = Vec::new();
    for place in &map.places {
        if !kinds.contains(&place.kind.as_str()) {
            kinds.push(&place.kind);
        }
    }
    let shape_of = |kind: &str| SHAPES[kinds.iter().position(|k| *k == kind).unwrap_or(0) % 3];
    let markers: Vec<(f64, f64)> = map
        .places
        .iter()
        .map(|p| frame.view(project(p.lon, p.lat)))
        .collect();
    let labels: Vec<String> = (1..=map.places.len())
        .map(|n| french_number(n as f64))
        .collect();
    let badges = place_badges(&markers, &labels, w, map_height, f);

    let mut svg = String::new();
    let edge: Vec<(f64, f64)> = outline().into_iter().map(|p| frame.view(p)).collect();
    svg.push_str(&format!(
        "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>",
        path(&[edge]),
        colours::LINE
    ));
    let rings: Vec<Vec<(f64, f64)>> = land
        .rings()
        .iter()
        .map(|ring| ring.iter().map(|&p| frame.view(p)).collect())
        .collect();
    svg.push_str(&format!(
        "<path d=\"{}\" fill=\"{}\" fill-rule=\"evenodd\"/>",
        path(&rings),
        colours::LINE
    ));
    let leaders: String = badges
        .iter()
        .filter(|b| b.leader)
        .map(|b| {
            let (x, y) = b.rect.centre();
            format!(
                "M{} {}L{} {}",
                num(b.marker.0),
                num(b.marker.1),
                num(x),
                num(y)
            )
        })
        .collect();
    if !leaders.is_empty() {
        svg.push_str(&format!(
            "<path d=\"{leaders}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
            colours::INK
        ));
    }
    svg.push_str(&format!(
        "<g fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\">",
        colours::BLUE_DARK,
        colours::WHITE
    ));
    for (place, &at) in map.places.iter().zip(&markers) {
        svg.push_str(&marker(shape_of(&place.kind), at));
    }
    svg.push_str(&format!(
        "</g><g fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\">",
        colours::WHITE,
        colours::BLUE_DARK
    ));
    for badge in &badges {
        let r = badge.rect;
        svg.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>",
            num(r.x0),
            num(r.y0),
            num(r.x1 - r.x0),
            num(r.y1 - r.y0)
        ));
    }
    svg.push_str("</g><g font-weight=\"bold\" text-anchor=\"middle\">");
    for (badge, label) in badges.iter().zip(&labels) {
        let (x, y) = badge.rect.centre();
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\">{label}</text>",
            num(x),
            num(y + 0.35 * f)
        ));
    }
    svg.push_str("</g>");

    // The legend: each kind's marker and name, in rows as wide as the map.
    let row = f * 1.4;
    let mut y = map_height + 8.0;
    let mut x = 0.0;
    let mut legend = String::new();
    let mut shapes = String::new();
    for kind in &kinds {
        let item = 2.0 * EXTENT + 6.0 + width(kind, f, false);
        if x > 0.0 && x + item > w {
            x = 0.0;
            y += row;
        }
        shapes.push_str(&marker(shape_of(kind), (x + EXTENT, y + row / 2.0)));
        legend.push_str(&format!(
            "<text x=\"{}\" y=\"{}\">{}</text>",
            num(x + 2.0 * EXTENT + 6.0),
            num(y + row / 2.0 + 0.35 * f),
            escape(kind)
        ));
        x += item + 2.0 * f;
    }
    svg.push_str(&format!(
        "<g fill=\"{}\">{shapes}</g>{legend}</svg>",
        colours::BLUE_DARK
    ));
    let height = (y + row + 4.0).ceil() as u32;
    Drawn {
        svg: svg_start(&map.title, WIDTH, height) + &svg,
        width: WIDTH,
        height,
    }
}

/// A marker of `shape` centred on `at`.
fn marker(shape: Shape, (x, y): (f64, f64)) -> String {
    match shape {
        Shape::Circle => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            num(x),
            num(y),
            num(MARKER)
        ),
        Shape::Square => {
            let side = MARKER * std::f64::consts::PI.sqrt();
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{2}\"/>",
                num(x - side / 2.0),
                num(y - side / 2.0),
                num(side)
            )
        }
        Shape::Diamond => {
            let d = tenths_of(MARKER * (std::f64::consts::PI / 2.0).sqrt());
            let (x, y) = (tenths_of(x), tenths_of(y) - d);
            format!(
                "<path d=\"M{} {}l{} {d}l-{d} {d}l-{d}-{d}z\"/>",
                tenths(x),
                tenths(y),
                tenths(d),
                d = tenths(d)
            )
        }
    }
}

/// Each number's badge: tried right of its marker, then left, then the other
/// directions, further away step by step, until it overlaps no other badge, no
/// marker and no leader line, and stays on the map. Greedy, the most crowded places
/// first, which is enough for a dozen places and gives the same layout every time.
pub(super) fn place_badges(
    markers: &[(f64, f64)],
    labels: &[String],
    width: f64,
    height: f64,
    f: f64,
) -> Vec<Badge> {
    let bounds = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: width,
        y1: height,
    };
    let marker_boxes: Vec<Rect> = markers
        .iter()
        .map(|&m| Rect::around(m, EXTENT, EXTENT))
        .collect();
    // Right, left, the diagonals, above, below, then the directions between.
    let angles: Vec<f64> = [0.0, 180.0, -45.0, 45.0, -135.0, 135.0, -90.0, 90.0]
        .into_iter()
        .chain((0..DIRECTIONS / 2).map(|i| -157.5 + 45.0 * i as f64))
        .collect();
    // The most crowded places first: they get the places next to their markers,
    // and the badges of the places around them, on the cluster's edge, go further
    // out; the other way round, the first badges wall the cluster in.
    let crowd = |i: usize| {
        let m = markers[i];
        markers
            .iter()
            .filter(|o| (o.0 - m.0).hypot(o.1 - m.1) < CROWD)
            .count()
    };
    let mut order: Vec<usize> = (0..markers.len().min(labels.len())).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(crowd(i)), i));
    let mut placed: Vec<Option<Badge>> = vec![None; order.len()];
    for i in order {
        let (m, label) = (markers[i], &labels[i]);
        let badges: Vec<&Badge> = placed.iter().flatten().collect();
        let half_height = f * 0.65;
        let half_width = ((width_of_number(label, f) + 10.0) / 2.0).max(half_height);
        // The strict rules first; then, where a cluster leaves no way out, leader
        // lines may pass under markers (rather than go far), then, if no place is
        // found within reach, cross each other, then pass under badges. Badges
        // never overlap.
        let mut chosen = None;
        'search: for relaxes in [0..2u8, 2..4] {
            for step in 0..=(REACH / STEP) as usize {
                let distance = step as f64 * STEP;
                for (relax, &angle) in relaxes
                    .clone()
                    .flat_map(|r| angles.iter().map(move |a| (r, a)))
                {
                    let (sin, cos) = f64::to_radians(angle).sin_cos();
                    // Just clear of the marker in this direction, then `distance` more.
                    let clear = [
                        (cos.abs() > 1e-9).then(|| (half_width + EXTENT + GAP) / cos.abs()),
                        (sin.abs() > 1e-9).then(|| (half_height + EXTENT + GAP) / sin.abs()),
                    ]
                    .into_iter()
                    .flatten()
                    .fold(f64::INFINITY, f64::min);
                    let reach = clear + distance;
                    let centre = (m.0 + reach * cos, m.1 + reach * sin);
                    let rect = Rect::around(centre, half_width, half_height);
                    let candidate = Badge {
                        marker: m,
                        rect,
                        leader: distance > 0.0,
                    };
                    let others = marker_boxes
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != i)
                        .map(|(_, b)| b);
                    let fits = rect.grown(1.0).inside(&bounds)
                        && clear_of(&candidate, others, &badges, relax);
                    if fits {
                        chosen = Some(candidate);
                        break 'search;
                    }
                }
            }
        }
        // Nowhere free within reach (never with a dozen places): right of the marker.
        placed[i] = Some(chosen.unwrap_or_else(|| Badge {
            marker: m,
            rect: Rect::around(
                (m.0 + half_width + EXTENT + GAP, m.1),
                half_width,
                half_height,
            ),
            leader: false,
        }));
    }
    placed.into_iter().flatten().collect()
}

/// Whether `badge` keeps clear of the other places' markers and of the badges
/// already placed (and their leader lines), by the rules `place_badges` relaxes
/// step by step (`relax` 0 to 3).
fn clear_of<'a>(
    badge: &Badge,
    mut markers: impl Iterator<Item = &'a Rect> + Clone,
    placed: &[&Badge],
    relax: u8,
) -> bool {
    let (rect, from, to) = (badge.rect, badge.marker, badge.rect.centre());
    if markers.clone().any(|b| b.grown(GAP).overlaps(&rect)) {
        return false;
    }
    if relax == 0 && badge.leader && markers.any(|b| b.crossed_by(from, to)) {
        return false;
    }
    placed.iter().all(|other| {
        let (other_from, other_to) = (other.marker, other.rect.centre());
        if other.rect.grown(GAP).overlaps(&rect) {
            return false;
        }
        if relax < 3
            && ((other.leader && rect.grown(GAP).crossed_by(other_from, other_to))
                || (badge.leader && other.rect.grown(GAP).crossed_by(from, to)))
        {
            return false;
        }
        !(relax < 2
            && badge.leader
            && other.leader
            && segments_cross((from, to), (other_from, other_to)))
    })
}

/// A number's width in bold figures.
fn width_of_number(label: &str, f: f64) -> f64 {
    width(label, f, true)
}

/// Whether two segments cross (touching ends do not count).
fn segments_cross(a: ((f64, f64), (f64, f64)), b: ((f64, f64), (f64, f64))) -> bool {
    let side = |p: (f64, f64), q: (f64, f64), r: (f64, f64)| {
        (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
    };
    let (d1, d2) = (side(b.0, b.1, a.0), side(b.0, b.1, a.1));
    let (d3, d4) = (side(a.0, a.1, b.0), side(a.0, a.1, b.1));
    d1 * d2 < 0.0 && d3 * d4 < 0.0
}

/// Rings as one SVG path: simplified (`SIMPLIFY`, `TOLERANCE`), rounded to a tenth
/// and written relative to the point before (shorter numbers, which compress
/// better); rings left with under three points (islands smaller than a pixel) are
/// left out.
fn path(rings: &[Vec<(f64, f64)>]) -> String {
    let mut out = String::new();
    for ring in rings {
        let mut spaced: Vec<(f64, f64)> = Vec::with_capacity(ring.len() + 1);
        for &p in ring {
            if spaced
                .last()
                .is_none_or(|l: &(f64, f64)| (p.0 - l.0).hypot(p.1 - l.1) >= SIMPLIFY)
            {
                spaced.push(p);
            }
        }
        // Closed, so the simplification keeps the ring's last bend before its start.
        let Some(&start) = spaced.first() else {
            continue;
        };
        spaced.push(start);
        let mut kept: Vec<(i64, i64)> = Vec::with_capacity(spaced.len());
        for p in douglas_peucker(&spaced, TOLERANCE) {
            let t = (tenths_of(p.0), tenths_of(p.1));
            if kept.last() != Some(&t) {
                kept.push(t);
            }
        }
        while kept.len() > 1 && kept.first() == kept.last() {
            kept.pop();
        }
        if kept.len() < 3 {
            continue;
        }
        out.push_str(&format!("M{} {}l", tenths(kept[0].0), tenths(kept[0].1)));
        let mut first = true;
        for pair in kept.windows(2) {
            for d in [pair[1].0 - pair[0].0, pair[1].1 - pair[0].1] {
                let d = tenths(d);
                if !first && !d.starts_with('-') {
                    out.push(' ');
                }
                first = false;
                out.push_str(&d);
            }
        }
        out.push('z');
    }
    out
}

/// The points of a line that keep its shape to within `tolerance` (Douglas–Peucker):
/// the straight stretches of coast lose their points, the bends keep theirs.
fn douglas_peucker(line: &[(f64, f64)], tolerance: f64) -> Vec<(f64, f64)> {
    if line.len() < 3 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((start, end)) = stack.pop() {
        let (a, b) = (line[start], line[end]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx.hypot(dy);
        let distance = |p: (f64, f64)| {
            if length == 0.0 {
                (p.0 - a.0).hypot(p.1 - a.1)
            } else {
                ((p.0 - a.0) * dy - (p.1 - a.1) * dx).abs() / length
            }
        };
        let farthest = (start + 1..end)
            .map(|i| (i, distance(line[i])))
            .fold((start, 0.0), |best, x| if x.1 > best.1 { x } else { best });
        if farthest.1 > tolerance {
            keep[farthest.0] = true;
            stack.push((start, farthest.0));
            stack.push((farthest.0, end));
        }
    }
    line.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::land::tests::world;
    use super::*;
    use crate::content::{FigureSource, Place};

    /// The OIM's regional offices and the other places of the site's map.
    pub fn offices() -> Map {
        let place = |name: &str, country: &str, kind: &str, lat: f64, lon: f64| Place {
            name: name.into(),
            country: country.into(),
            kind: kind.into(),
            covers: None,
            lat,
            lon,
        };
        let regional = "Bureau régional";
        let admin = "Centre administratif";
        let liaison = "Bureau de liaison spécial";
        Map {
            title: "Où l’OIM est présente".into(),
            alt: "Les bureaux régionaux de l’OIM couvrent tous les continents.".into(),
            source: FigureSource {
                name: "OIM".into(),
                year: Some(2024),
            },
            places: vec![
                place("Dakar", "Sénégal", regional, 14.69, -17.44),
                place("Pretoria", "Afrique du Sud", regional, -25.75, 28.19),
                place("Nairobi", "Kenya", regional, -1.29, 36.82),
                place("Le Caire", "Égypte", regional, 30.04, 31.24),
                place("San José", "Costa Rica", regional, 9.93, -84.08),
                place("Buenos Aires", "Argentine", regional, -34.60, -58.38),
                place("Bangkok", "Thaïlande", regional, 13.76, 100.50),
                place("Bruxelles", "Belgique", regional, 50.85, 4.35),
                place("Vienne", "Autriche", regional, 48.21, 16.37),
                place("Manille", "Philippines", admin, 14.60, 120.98),
                place("Panama", "Panama", admin, 8.98, -79.52),
                place("Addis-Abeba", "Éthiopie", liaison, 9.03, 38.74),
                place("New York", "États-Unis", liaison, 40.71, -74.01),
            ],
            files: None,
        }
    }

    /// The offices and six more places in western Europe, a few pixels apart.
    pub fn crowded() -> Map {
        let mut map = offices();
        for (name, lat, lon) in [
            ("Genève", 46.20, 6.15),
            ("Paris", 48.86, 2.35),
            ("Berlin", 52.52, 13.40),
            ("Rome", 41.90, 12.50),
            ("La Haye", 52.08, 4.30),
            ("Luxembourg", 49.61, 6.13),
        ] {
            let mut place = map.places[7].clone();
            (place.name, place.lat, place.lon) = (name.into(), lat, lon);
            map.places.push(place);
        }
        map
    }

    /// The segments of a path written by `path` (absolute M, then relative l).
    fn segments(d: &str) -> Vec<((f64, f64), (f64, f64))> {
        let mut out = Vec::new();
        for sub in d.split('M').filter(|s| !s.is_empty()) {
            let sub = sub.trim_end_matches('z');
            let (start, rest) = sub.split_once('l').unwrap();
            let numbers = |s: &str| -> Vec<f64> {
                s.replace('-', " -")
                    .split_whitespace()
                    .map(|n| n.parse().unwrap())
                    .collect()
            };
            let s = numbers(start);
            let mut at = (s[0], s[1]);
            let first = at;
            for d in numbers(rest).chunks(2) {
                let next = (at.0 + d[0], at.1 + d[1]);
                out.push((at, next));
                at = next;
            }
            out.push((at, first));
        }
        out
    }

    fn land_path(svg: &str) -> &str {
        let start = svg.find("fill-rule").unwrap();
        let d = svg[..start].rfind(" d=\"").unwrap() + 4;
        &svg[d..svg[d..].find('"').unwrap() + d]
    }

    #[test]
    fn no_line_crosses_the_map() {
        let drawn = map_svg(&offices(), world());
        let segments = segments(land_path(&drawn.svg));
        assert!(segments.len() > 1000, "{}", segments.len());
        let half = f64::from(drawn.width) / 2.0;
        // Antarctica's closing line along the flat south pole, the map's bottom edge,
        // is the one long line.
        let pole = Frame::new().height() - PAD - 0.5;
        let mut long = 0;
        for (a, b) in segments {
            if (a.0 - b.0).hypot(a.1 - b.1) >= half / 2.0 {
                assert!(a.1 >= pole && b.1 >= pole, "{a:?} to {b:?}");
                long += 1;
            }
        }
        assert_eq!(long, 1);
    }

    /// The badges of a map's places, laid out as `map_svg` does.
    fn badges_of(map: &Map) -> (Vec<(f64, f64)>, Vec<Badge>) {
        let frame = Frame::new();
        let markers: Vec<(f64, f64)> = map
            .places
            .iter()
            .map(|p| frame.view(project(p.lon, p.lat)))
            .collect();
        let labels: Vec<String> = (1..=markers.len()).map(|n| n.to_string()).collect();
        let f = font_size(WIDTH);
        let badges = place_badges(&markers, &labels, f64::from(WIDTH), frame.height(), f);
        (markers, badges)
    }

    fn assert_apart(markers: &[(f64, f64)], badges: &[Badge]) {
        assert_eq!(markers.len(), badges.len());
        for (i, a) in badges.iter().enumerate() {
            for (j, m) in markers.iter().enumerate() {
                let marker = Rect::around(*m, EXTENT, EXTENT);
                assert!(
                    !a.rect.overlaps(&marker),
                    "badge {} on marker {}",
                    i + 1,
                    j + 1
                );
            }
            for (j, b) in badges.iter().enumerate().skip(i + 1) {
                assert!(!a.rect.overlaps(&b.rect), "badges {} and {}", i + 1, j + 1);
            }
        }
    }

    #[test]
    fn badges_overlap_no_badge_and_no_marker() {
        let map = offices();
        let (markers, badges) = badges_of(&map);
        assert_apart(&markers, &badges);
        // Room enough next to each marker: no leader line.
        assert!(badges.iter().all(|b| !b.leader));
        // The same layout in the picture.
        let svg = map_svg(&map, world()).svg;
        let r = badges[7].rect;
        assert!(svg.contains(&format!("<rect x=\"{}\" y=\"{}\"", num(r.x0), num(r.y0))));
        // Even where markers touch, badges stay apart (led to by lines).
        let (markers, badges) = badges_of(&crowded());
        assert_apart(&markers, &badges);
        assert!(badges.iter().any(|b| b.leader));
    }

    #[test]
    fn kinds_get_shapes_in_order_and_a_legend() {
        let svg = map_svg(&offices(), world()).svg;
        assert_eq!(svg.matches("<circle").count(), 10);
        assert!(svg.contains(">Bureau régional</text>"));
        assert!(svg.contains(">Bureau de liaison spécial</text>"));
        assert!(svg.contains(">13</text>"));
        let mut map = offices();
        map.places[0].kind = "<Siège> & \"co\"".into();
        let svg = map_svg(&map, world()).svg;
        assert!(svg.contains(">&lt;Siège&gt; &amp; &quot;co&quot;</text>"));
        assert!(svg.contains("<title>Où l’OIM est présente</title>"));
    }

    #[test]
    fn the_map_is_small_and_the_same_every_time() {
        let drawn = map_svg(&offices(), world());
        let compressed = super::super::super::compress::brotli(drawn.svg.as_bytes());
        assert!(
            compressed.len() <= 15_000,
            "{} bytes brotli",
            compressed.len()
        );
        assert_eq!(map_svg(&offices(), world()), drawn);
        assert_eq!(drawn.width, WIDTH);
        assert!(drawn.svg.contains(&format!(
            "viewBox=\"0 0 {} {}\" width=\"{0}\" height=\"{1}\"",
            drawn.width, drawn.height
        )));
    }

    #[test]
    fn a_path_is_rounded_simplified_and_relative() {
        let ring = vec![(10.0, 10.0), (10.2, 10.0), (20.04, 10.0), (20.0, 0.0)];
        assert_eq!(path(&[ring]), "M10 10l10 0 0-10z");
        assert_eq!(path(&[vec![(0.0, 0.0), (0.1, 0.1), (0.2, 0.0)]]), "");
    }
}
