//! The app's icons, rasterized at build time from `public/icon.svg` (the OIM blue
//! rounded square and the letters O, I, M drawn as shapes) with resvg, pure Rust:
//! no font and no tool of the machine is involved, so every build draws the same
//! pixels. The web app manifest (`app_manifest`) lists them; iOS asks for
//! `apple-touch-icon.png` by name.

use super::BuildError;
use resvg::{tiny_skia, usvg};
use std::path::Path;

const STEP: &str = "icons";

/// The OIM blue: the icon's background and the manifest's `theme_color`.
pub const BLUE: &str = "#0033a0";
const BLUE_RGB: (u8, u8, u8) = (0x00, 0x33, 0xa0);

/// How the mark sits in a square icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// As drawn: the rounded square, transparent in its corners.
    AsDrawn,
    /// On a full square of blue: iOS rounds the corners itself and shows
    /// transparency as black.
    FullBleed,
    /// The mark scaled to the central 80 % on a full square of blue: the safe zone
    /// of a maskable icon, which the system crops to its own shape.
    Maskable,
}

/// One icon file in `dist/`.
#[derive(Debug, Clone, Copy)]
pub struct Icon {
    pub file: &'static str,
    /// Width and height, in pixels.
    pub size: u32,
    pub shape: Shape,
}

impl Icon {
    /// Its `purpose` in the web app manifest; `None`: not listed there.
    pub fn purpose(&self) -> Option<&'static str> {
        match self.shape {
            Shape::AsDrawn => Some("any"),
            Shape::Maskable => Some("maskable"),
            Shape::FullBleed => None,
        }
    }
}

pub const ICONS: [Icon; 4] = [
    Icon {
        file: "icon-192.png",
        size: 192,
        shape: Shape::AsDrawn,
    },
    Icon {
        file: "icon-512.png",
        size: 512,
        shape: Shape::AsDrawn,
    },
    Icon {
        file: "icon-maskable-512.png",
        size: 512,
        shape: Shape::Maskable,
    },
    Icon {
        file: "apple-touch-icon.png",
        size: 180,
        shape: Shape::FullBleed,
    },
];

/// `svg` drawn as `icon`, encoded as PNG.
pub fn render(svg: &str, icon: &Icon) -> Result<Vec<u8>, String> {
    // Text would need fonts (resvg is built without them and would drop it).
    if svg.contains("<text") {
        return Err("has <text>: draw the letters as shapes, text needs fonts".into());
    }
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let size = icon.size;
    let mut pixmap =
        tiny_skia::Pixmap::new(size, size).ok_or_else(|| format!("no {size}×{size} pixmap"))?;
    let scale = match icon.shape {
        Shape::AsDrawn => 1.0,
        Shape::FullBleed => {
            pixmap.fill(blue());
            1.0
        }
        Shape::Maskable => {
            pixmap.fill(blue());
            0.8
        }
    };
    let side = size as f32 * scale;
    let offset = (size as f32 - side) / 2.0;
    let (sx, sy) = (side / tree.size().width(), side / tree.size().height());
    let transform = tiny_skia::Transform::from_row(sx, 0.0, 0.0, sy, offset, offset);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

fn blue() -> tiny_skia::Color {
    let (r, g, b) = BLUE_RGB;
    tiny_skia::Color::from_rgba8(r, g, b, 255)
}

/// Every icon of `ICONS`, drawn from `svg_file` into `dist`; the number written.
pub fn write_icons(svg_file: &Path, dist: &Path) -> Result<usize, BuildError> {
    let svg = super::read(svg_file, STEP)?;
    for icon in &ICONS {
        let png = render(&svg, icon)
            .map_err(|e| BuildError::new(STEP, format!("{}: {e}", svg_file.display())))?;
        let path = dist.join(icon.file);
        std::fs::write(&path, png)
            .map_err(|e| BuildError::new(STEP, format!("{}: {e}", path.display())))?;
    }
    Ok(ICONS.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICON_SVG: &str = include_str!("../../public/icon.svg");
    const WHITE: (u8, u8, u8, u8) = (255, 255, 255, 255);
    const OPAQUE_BLUE: (u8, u8, u8, u8) = (BLUE_RGB.0, BLUE_RGB.1, BLUE_RGB.2, 255);

    /// Width and height from the PNG's IHDR chunk (bytes 16 to 24).
    fn dimensions(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        let word = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        (word(16), word(20))
    }

    /// The colour at (x, y) as a fraction of the side, unpremultiplied.
    fn pixel(png: &[u8], x: f32, y: f32) -> (u8, u8, u8, u8) {
        let pixmap = tiny_skia::Pixmap::decode_png(png).unwrap();
        let at = |f: f32| (f * pixmap.width() as f32) as u32;
        let c = pixmap.pixel(at(x), at(y)).unwrap().demultiply();
        (c.red(), c.green(), c.blue(), c.alpha())
    }

    #[test]
    fn every_icon_has_its_size_and_its_colours() {
        let dist = tempfile::tempdir().unwrap();
        let svg = Path::new(env!("CARGO_MANIFEST_DIR")).join("public/icon.svg");
        assert_eq!(write_icons(&svg, dist.path()), Ok(ICONS.len()));
        for icon in ICONS {
            let png = std::fs::read(dist.path().join(icon.file)).unwrap();
            assert_eq!(dimensions(&png), (icon.size, icon.size), "{}", icon.file);
            // The centre is the I's bar; the middle of the O, left of it, is blue.
            assert_eq!(pixel(&png, 0.5, 0.5), WHITE, "{}: centre", icon.file);
            let o = if icon.shape == Shape::Maskable {
                0.5 - (0.5 - 125.0 / 512.0) * 0.8
            } else {
                125.0 / 512.0
            };
            assert_eq!(
                pixel(&png, o, 0.5),
                OPAQUE_BLUE,
                "{}: inside the O",
                icon.file
            );
            // The corner: transparent outside the rounded square, blue when full bleed.
            let corner = pixel(&png, 0.0, 0.0);
            match icon.shape {
                Shape::AsDrawn => assert_eq!(corner.3, 0, "{}: corner", icon.file),
                _ => assert_eq!(corner, OPAQUE_BLUE, "{}: corner", icon.file),
            }
        }
    }

    #[test]
    fn the_maskable_icon_keeps_the_mark_in_its_safe_zone() {
        // The safe zone is the circle of radius 40 % of the side: the mark's outer
        // ring beyond it is all blue.
        let png = render(ICON_SVG, &ICONS[2]).unwrap();
        let pixmap = tiny_skia::Pixmap::decode_png(&png).unwrap();
        let side = pixmap.width() as f32;
        for y in 0..pixmap.height() {
            for x in 0..pixmap.width() {
                let (dx, dy) = (x as f32 + 0.5 - side / 2.0, y as f32 + 0.5 - side / 2.0);
                if (dx * dx + dy * dy).sqrt() > 0.4 * side {
                    let c = pixmap.pixel(x, y).unwrap().demultiply();
                    let rgba = (c.red(), c.green(), c.blue(), c.alpha());
                    assert_eq!(rgba, OPAQUE_BLUE, "({x}, {y})");
                }
            }
        }
    }

    #[test]
    fn text_is_refused() {
        let svg = ICON_SVG.replace("</g>", "<text x=\"0\" y=\"0\">OIM</text></g>");
        let error = render(&svg, &ICONS[0]).unwrap_err();
        assert!(error.contains("<text>"), "{error}");
        assert!(!ICON_SVG.contains("<text"));
    }

    #[test]
    fn a_missing_or_broken_svg_fails_the_step() {
        let dist = tempfile::tempdir().unwrap();
        let svg = dist.path().join("icon.svg");
        assert_eq!(write_icons(&svg, dist.path()).unwrap_err().step, STEP);
        std::fs::write(&svg, "<svg").unwrap();
        let error = write_icons(&svg, dist.path()).unwrap_err();
        assert_eq!(error.step, STEP);
        assert!(error.problems[0].contains("icon.svg"), "{error}");
    }
}
