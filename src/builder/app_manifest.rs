//! The web app manifest, `manifest.webmanifest`: the site installed as an app,
//! opening at its base path, with the icons of `icons`. Its texts come from the
//! navigation model; its addresses follow the base path (`/` or `/oim/`).

use super::icons::{BLUE, ICONS};
use super::{write, BuildError};
use crate::nav::{model, Site};
use serde_json::{json, Value};
use std::path::Path;

use super::names::APP_MANIFEST;
pub const CONTENT_TYPE: &str = "application/manifest+json";

/// The manifest of `site`: its addresses under the site's base path.
pub fn manifest(site: &Site) -> Value {
    let model = model();
    let home = site.href("/");
    // Icon addresses are resolved against the manifest's, which is at the base.
    let icons: Vec<Value> = ICONS
        .iter()
        .filter_map(|icon| {
            Some(json!({
                "src": icon.file,
                "sizes": format!("{0}x{0}", icon.size),
                "type": "image/png",
                "purpose": icon.purpose()?,
            }))
        })
        .collect();
    json!({
        "id": home,
        "name": format!("{} – {}", model.site_name, model.site_full_name),
        "short_name": model.site_name,
        "description": model.root.description,
        "lang": "fr",
        "dir": "ltr",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "theme_color": BLUE,
        "background_color": "#ffffff",
        "icons": icons,
    })
}

/// Writes `site`'s `manifest.webmanifest` into `dist`.
pub fn write_manifest(site: &Site, dist: &Path) -> Result<usize, BuildError> {
    let text = serde_json::to_string_pretty(&manifest(site)).expect("JSON values serialize") + "\n";
    write(&dist.join(APP_MANIFEST), &text, "app manifest")?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_names_the_site_and_lists_its_icons() {
        let m = manifest(&Site::at_root());
        assert_eq!(
            m["name"],
            "OIM – Organisation internationale pour les migrations"
        );
        assert_eq!(m["short_name"], "OIM");
        let under_oim = manifest(&Site::new("/oim/", "https://www.exemple.org"));
        for key in ["id", "start_url", "scope"] {
            assert_eq!(m[key], "/", "{key}");
            assert_eq!(under_oim[key], "/oim/", "{key}");
        }
        assert_eq!(m["display"], "standalone");
        assert_eq!(m["lang"], "fr");
        assert_eq!(m["theme_color"], "#0033a0");
        assert_eq!(m["description"], model().root.description.as_ref());
        let icons: Vec<(&str, &str, &str)> = m["icons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                assert_eq!(i["type"], "image/png");
                (
                    i["src"].as_str().unwrap(),
                    i["sizes"].as_str().unwrap(),
                    i["purpose"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            icons,
            [
                ("icon-192.png", "192x192", "any"),
                ("icon-512.png", "512x512", "any"),
                ("icon-maskable-512.png", "512x512", "maskable"),
            ]
        );
    }

    #[test]
    fn the_written_manifest_is_json() {
        let dist = tempfile::tempdir().unwrap();
        let site = Site::new("/oim/", "https://www.exemple.org");
        assert_eq!(write_manifest(&site, dist.path()), Ok(1));
        let text = std::fs::read_to_string(dist.path().join(APP_MANIFEST)).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            manifest(&site)
        );
    }
}
