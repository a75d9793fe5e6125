//! Writes every page of the site as static HTML into a built `dist/`, plus
//! `404.html`, `sitemap.xml` and `robots.txt`. Run by `scripts/postbuild.py` after
//! Trunk's release build:
//!   OIM_SITE_URL=https://www.exemple.org \
//!   cargo run --no-default-features --features ssr --bin prerender -- dist
//! `OIM_SITE_URL` is the scheme and host the site is published at (canonical links,
//! Open Graph, sitemap); the base path comes from the built `index.html`.

use oim_site::nav::{content_file, model, page_file, set_base, set_origin};
use oim_site::prerender::{render_page, robots_txt, sitemap_xml, Template};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const LOCAL_ORIGIN: &str = "http://localhost:8080";

fn main() -> ExitCode {
    let Some(dist) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: prerender DIST_DIR");
        return ExitCode::FAILURE;
    };
    match prerender(&dist) {
        Ok(count) => {
            println!("prerender: {count} files written in {}", dist.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("prerender: {error}");
            ExitCode::FAILURE
        }
    }
}

fn prerender(dist: &Path) -> Result<usize, String> {
    let origin = std::env::var("OIM_SITE_URL").unwrap_or_else(|_| {
        eprintln!(
            "prerender: OIM_SITE_URL is not set; canonical links point to {LOCAL_ORIGIN}. \
             Set it to the published address for a production build."
        );
        LOCAL_ORIGIN.to_string()
    });
    if !(origin.starts_with("https://") || origin.starts_with("http://")) {
        return Err(format!(
            "OIM_SITE_URL must start with https:// or http://: {origin}"
        ));
    }
    set_origin(&origin);
    let index = read(&dist.join("index.html"))?;
    let template = Template::parse(&index)?;
    set_base(template.base_href().unwrap_or("/"));

    let mut written = 0;
    for node in model().nodes() {
        // Every page has a content file (the unit tests check it); without one the
        // page would be written in its loading state, so that is an error here.
        let content = read(&dist.join(content_file(&node.path)))?;
        let html = render_page(&template, &node.path, Some(&content))?;
        write(&dist.join(page_file(&node.path)), &html)?;
        written += 1;
    }
    // Any address outside the model: hosts serve this with status 404.
    write(
        &dist.join("404.html"),
        &render_page(&template, "/404", None)?,
    )?;
    write(&dist.join("sitemap.xml"), &sitemap_xml())?;
    write(&dist.join("robots.txt"), &robots_txt())?;
    Ok(written + 3)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
