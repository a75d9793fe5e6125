//! The world's land for the maps: Natural Earth's 1:110m land as world-atlas (npm)
//! ships it in TopoJSON, decoded here (a few dozen lines; no crate needed), cut at
//! the antimeridian and projected on the Equal Earth projection.

use serde_json::Value;

/// The land's rings, projected (Equal Earth units, y pointing north), each closed
/// implicitly (the last point is not the first repeated). Rings are outer shores or
/// holes alike: the map fills them even-odd, so their direction does not matter.
#[derive(Debug, Clone)]
pub struct Land {
    rings: Vec<Vec<(f64, f64)>>,
}

impl Land {
    /// Reads world-atlas's `land-110m.json` (any TopoJSON whose object `land` is made
    /// of polygons).
    pub fn read(topojson: &str) -> Result<Land, String> {
        let doc: Value = serde_json::from_str(topojson).map_err(|e| e.to_string())?;
        let arcs = decode_arcs(&doc)?;
        let land = doc
            .pointer("/objects/land")
            .ok_or("no object \"land\" in the TopoJSON")?;
        let mut polygons = Vec::new();
        collect_rings(land, &mut polygons)?;
        let mut rings = Vec::new();
        for indexes in polygons {
            let ring = join_arcs(&arcs, &indexes)?;
            for piece in cut_at_antimeridian(&ring) {
                rings.push(
                    along_edges(&piece)
                        .into_iter()
                        .map(|(lon, lat)| project(lon, lat))
                        .collect(),
                );
            }
        }
        if rings.is_empty() {
            return Err("the object \"land\" has no polygons".into());
        }
        Ok(Land { rings })
    }

    pub(super) fn rings(&self) -> &[Vec<(f64, f64)>] {
        &self.rings
    }
}

/// The arcs as lists of longitude–latitude points: TopoJSON stores them quantised
/// (integers, to be scaled and translated) and delta-encoded when it has a
/// `transform`, as world-atlas's files do.
fn decode_arcs(doc: &Value) -> Result<Vec<Vec<(f64, f64)>>, String> {
    let pair = |v: Option<&Value>, what: &str| -> Result<(f64, f64), String> {
        match v.and_then(Value::as_array).map(Vec::as_slice) {
            Some([x, y, ..]) => Ok((
                x.as_f64().ok_or(format!("{what} is not a number"))?,
                y.as_f64().ok_or(format!("{what} is not a number"))?,
            )),
            _ => Err(format!("{what} is not a pair of numbers")),
        }
    };
    let transform = match doc.get("transform") {
        None => None,
        Some(t) => Some((
            pair(t.get("scale"), "transform.scale")?,
            pair(t.get("translate"), "transform.translate")?,
        )),
    };
    let arcs = doc
        .get("arcs")
        .and_then(Value::as_array)
        .ok_or("no \"arcs\" in the TopoJSON")?;
    arcs.iter()
        .enumerate()
        .map(|(i, arc)| {
            let positions = arc.as_array().ok_or(format!("arc {i} is not a list"))?;
            let (mut x, mut y) = (0.0, 0.0);
            positions
                .iter()
                .map(|p| {
                    let (a, b) = pair(Some(p), &format!("a position of arc {i}"))?;
                    Ok(match transform {
                        Some(((sx, sy), (tx, ty))) => {
                            x += a;
                            y += b;
                            (x * sx + tx, y * sy + ty)
                        }
                        None => (a, b),
                    })
                })
                .collect()
        })
        .collect()
}

/// Every ring (a list of arc indexes) of the polygons in `geometry`.
fn collect_rings(geometry: &Value, out: &mut Vec<Vec<i64>>) -> Result<(), String> {
    let rings = |v: &Value| -> Result<Vec<Vec<i64>>, String> {
        serde_json::from_value(v.clone()).map_err(|e| format!("a polygon's arcs: {e}"))
    };
    let arcs = geometry.get("arcs").unwrap_or(&Value::Null);
    match geometry.get("type").and_then(Value::as_str) {
        Some("GeometryCollection") => {
            let members = geometry.get("geometries").and_then(Value::as_array);
            for member in members.into_iter().flatten() {
                collect_rings(member, out)?;
            }
        }
        Some("Polygon") => out.extend(rings(arcs)?),
        Some("MultiPolygon") => {
            let polygons: Vec<Value> = serde_json::from_value(arcs.clone())
                .map_err(|e| format!("a multipolygon's arcs: {e}"))?;
            for polygon in &polygons {
                out.extend(rings(polygon)?);
            }
        }
        other => return Err(format!("a geometry of type {other:?} is not land")),
    }
    Ok(())
}

/// A ring's points from its arcs; `!i` (negative) is arc `i` backwards. Each arc
/// starts where the previous one ended, so that point is taken once.
fn join_arcs(arcs: &[Vec<(f64, f64)>], indexes: &[i64]) -> Result<Vec<(f64, f64)>, String> {
    let mut ring: Vec<(f64, f64)> = Vec::new();
    for &index in indexes {
        let (i, backwards) = if index < 0 {
            (!index, true)
        } else {
            (index, false)
        };
        let arc = usize::try_from(i)
            .ok()
            .and_then(|i| arcs.get(i))
            .ok_or(format!("arc {index} is not in the TopoJSON"))?;
        let mut points = arc.clone();
        if backwards {
            points.reverse();
        }
        let skip = usize::from(!ring.is_empty());
        ring.extend(points.into_iter().skip(skip));
    }
    Ok(ring)
}

/// A ring in pieces that each stay within longitudes −180 to 180, so none draws a
/// line across the map. The data's rings step over the antimeridian (Fiji,
/// Chukotka, Wrangel Island: 179° to −180°): unrolled, such a ring runs past 180°,
/// and is clipped into the part on each side, each shifted back and closed along
/// the map's edge. A ring that goes round a pole (Antarctica's coast) is closed
/// along that pole, the projection's flat bottom or top.
fn cut_at_antimeridian(ring: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    if ring.len() < 3 {
        return Vec::new();
    }
    let mut unrolled = Vec::with_capacity(ring.len() + 2);
    let mut offset = 0.0;
    for (i, &(lon, lat)) in ring.iter().enumerate() {
        if i > 0 {
            let step = lon - ring[i - 1].0;
            if step > 180.0 {
                offset -= 360.0;
            } else if step < -180.0 {
                offset += 360.0;
            }
        }
        unrolled.push((lon + offset, lat));
    }
    let (first, last) = (unrolled[0], unrolled[unrolled.len() - 1]);
    let turns = ((last.0 - first.0) / 360.0).round();
    if turns != 0.0 {
        let mean = ring.iter().map(|p| p.1).sum::<f64>() / ring.len() as f64;
        let pole = if mean < 0.0 { -90.0 } else { 90.0 };
        unrolled.push((last.0, pole));
        unrolled.push((first.0, pole));
    } else if first == last {
        unrolled.pop();
    }
    let west = unrolled.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let east = unrolled
        .iter()
        .map(|p| p.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut pieces = Vec::new();
    for k in -2..=2 {
        let shift = 360.0 * f64::from(k);
        let (lo, hi) = (shift - 180.0, shift + 180.0);
        if east <= lo || west >= hi {
            continue;
        }
        let clipped = clip(&clip(&unrolled, lo, false), hi, true);
        let mut piece: Vec<(f64, f64)> = Vec::with_capacity(clipped.len());
        for (lon, lat) in clipped {
            let point = (lon - shift, lat);
            if piece.last() != Some(&point) {
                piece.push(point);
            }
        }
        while piece.len() > 1 && piece.first() == piece.last() {
            piece.pop();
        }
        if piece.len() >= 3 && area(&piece).abs() > 1e-9 {
            pieces.push(piece);
        }
    }
    pieces
}

/// The part of a ring west of longitude `edge` (`west`) or east of it (Sutherland–
/// Hodgman): where the ring leaves and comes back, the two crossings are joined
/// along the edge.
fn clip(ring: &[(f64, f64)], edge: f64, west: bool) -> Vec<(f64, f64)> {
    let inside = |p: (f64, f64)| if west { p.0 <= edge } else { p.0 >= edge };
    let crossing =
        |a: (f64, f64), b: (f64, f64)| (edge, a.1 + (b.1 - a.1) * (edge - a.0) / (b.0 - a.0));
    let mut out = Vec::with_capacity(ring.len());
    for (i, &point) in ring.iter().enumerate() {
        let previous = ring[(i + ring.len() - 1) % ring.len()];
        match (inside(previous), inside(point)) {
            (true, true) => out.push(point),
            (true, false) => out.push(crossing(previous, point)),
            (false, true) => {
                out.push(crossing(previous, point));
                out.push(point);
            }
            (false, false) => {}
        }
    }
    out
}

/// Twice the signed area of a ring, in square degrees.
fn area(ring: &[(f64, f64)]) -> f64 {
    (0..ring.len())
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum()
}

/// A piece with points every degree where it runs along the map's edge (±180°):
/// the edge is curved once projected, and a straight line would cut across it.
fn along_edges(piece: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(piece.len());
    for (i, &a) in piece.iter().enumerate() {
        out.push(a);
        let b = piece[(i + 1) % piece.len()];
        if a.0 == b.0 && a.0.abs() == 180.0 {
            let steps = (b.1 - a.1).abs().ceil() as usize;
            for s in 1..steps {
                out.push((a.0, a.1 + (b.1 - a.1) * s as f64 / steps as f64));
            }
        }
    }
    out
}

/// The Equal Earth projection (Šavrič, Patterson and Jenny, 2018): equal-area, so
/// no region looks bigger than it is, with straight parallels. Degrees in, units of
/// the projection out (x from −2.7066 to 2.7066, y from −1.3174 to 1.3174).
pub(super) fn project(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let lambda = lon.clamp(-180.0, 180.0).to_radians();
    let theta = (m * lat.clamp(-90.0, 90.0).to_radians().sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let t8 = t6 * t2;
    let x = 2.0 * 3f64.sqrt() * lambda * theta.cos()
        / (3.0 * (9.0 * A4 * t8 + 7.0 * A3 * t6 + 3.0 * A2 * t2 + A1));
    let y = theta * (A4 * t8 + A3 * t6 + A2 * t2 + A1);
    (x, y)
}

/// The projection's outline (the meridians ±180°, joined by the flat poles), to
/// draw the edge of the world.
pub(super) fn outline() -> Vec<(f64, f64)> {
    let east = (-90..=90).rev().map(|lat| project(180.0, f64::from(lat)));
    let west = (-90..=90).map(|lat| project(-180.0, f64::from(lat)));
    east.chain(west).collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// The land of the real world-atlas file, read once for all tests.
    pub fn world() -> &'static Land {
        static LAND: OnceLock<Land> = OnceLock::new();
        LAND.get_or_init(|| {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/node_modules/world-atlas/land-110m.json"
            );
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("{path}: {e} (run npm ci)"));
            Land::read(&text).unwrap()
        })
    }

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-4 && (a.1 - b.1).abs() < 1e-4
    }

    #[test]
    fn known_places_project_where_they_should() {
        assert_eq!(project(0.0, 0.0), (0.0, 0.0));
        // The projection's extremes: the equator's end, the poles.
        assert!(
            close(project(180.0, 0.0), (2.70663, 0.0)),
            "{:?}",
            project(180.0, 0.0)
        );
        assert!(close(project(0.0, 90.0), (0.0, 1.31736)));
        assert!(close(project(-180.0, -90.0), (-1.60359, -1.31736)));
        // Dakar and Sydney, worked out from the formula on their own.
        assert!(close(project(-17.44, 14.69), (-0.25814, 0.29588)));
        assert!(close(project(151.21, -33.87), (2.08710, -0.66471)));
    }

    #[test]
    fn a_ring_over_the_antimeridian_is_cut_in_two() {
        let ring = [
            (170.0, 10.0),
            (-170.0, 10.0),
            (-170.0, -10.0),
            (170.0, -10.0),
            (170.0, 10.0),
        ];
        let pieces = cut_at_antimeridian(&ring);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert_eq!(
            pieces[0],
            [(170.0, 10.0), (180.0, 10.0), (180.0, -10.0), (170.0, -10.0)]
        );
        assert_eq!(
            pieces[1],
            [
                (-180.0, 10.0),
                (-170.0, 10.0),
                (-170.0, -10.0),
                (-180.0, -10.0)
            ]
        );
        // Along the edge, a point every degree.
        assert_eq!(along_edges(&pieces[0]).len(), 4 + 19);
        // A ring away from it is left whole.
        let ring = [(10.0, 10.0), (20.0, 10.0), (20.0, 0.0), (10.0, 10.0)];
        assert_eq!(cut_at_antimeridian(&ring), [ring[..3].to_vec()]);
    }

    #[test]
    fn a_ring_round_a_pole_is_closed_along_it() {
        let ring = [
            (-180.0, -70.0),
            (-60.0, -65.0),
            (60.0, -70.0),
            (178.0, -72.0),
            (-180.0, -70.0),
        ];
        let pieces = cut_at_antimeridian(&ring);
        assert_eq!(
            pieces,
            [vec![
                (-180.0, -70.0),
                (-60.0, -65.0),
                (60.0, -70.0),
                (178.0, -72.0),
                (180.0, -70.0),
                (180.0, -90.0),
                (-180.0, -90.0)
            ]]
        );
    }

    #[test]
    fn the_world_atlas_land_reads_and_stays_on_the_map() {
        let land = world();
        assert!(land.rings().len() > 120, "{}", land.rings().len());
        let (x_max, y_max) = (project(180.0, 0.0).0, project(0.0, 90.0).1);
        let mut bottom = (f64::INFINITY, f64::NEG_INFINITY);
        for ring in land.rings() {
            for (i, &(x, y)) in ring.iter().enumerate() {
                assert!(x.abs() <= x_max + 1e-9 && y.abs() <= y_max + 1e-9);
                let (nx, ny) = ring[(i + 1) % ring.len()];
                // No step across the map (the widest country is a fifth of it) but
                // along the flat pole.
                let on_pole = y == -y_max && ny == -y_max;
                assert!(
                    on_pole || (nx - x).abs() < x_max / 2.0,
                    "({x}, {y}) to ({nx}, {ny})"
                );
                if on_pole {
                    bottom = (bottom.0.min(x.min(nx)), bottom.1.max(x.max(nx)));
                }
            }
        }
        // Antarctica is closed along the flat south pole, from end to end.
        let pole = project(180.0, -90.0).0;
        assert_eq!(bottom, (-pole, pole));
    }

    #[test]
    fn bad_topojson_is_refused_with_a_reason() {
        assert!(Land::read("{}").unwrap_err().contains("arcs"));
        let no_land = r#"{"arcs": [], "objects": {}}"#;
        assert!(Land::read(no_land).unwrap_err().contains("land"));
        let bad_arc = r#"{"arcs": [], "objects": {"land": {"type": "Polygon", "arcs": [[0]]}}}"#;
        assert!(Land::read(bad_arc).unwrap_err().contains("arc 0"));
    }
}
