//! The site builder: turns Trunk's output into a deployable site (see `builder`).
//! Trunk's `post_build` hook runs it after every build, in Trunk's staging folder
//! (`TRUNK_STAGING_DIR`); a development build (`TRUNK_PROFILE=debug`) is only
//! validated. By hand, on a folder Trunk built for release:
//!   OIM_SITE_URL=https://www.exemple.org \
//!   cargo run --no-default-features --features ssr --bin site-builder -- dist
//! `OIM_SITE_URL` is the scheme and host the site is published at (canonical links,
//! Open Graph, sitemap); the base path comes from the built `index.html`.
//! `OIM_HOST_NAME` and `OIM_HOST_ADDRESS` name the host for the legal notice
//! (`/mentions-legales`); unset, the page says the host depends on the deployment.

use oim_site::builder::{build, Options};
use oim_site::content::placeholders::SETTINGS;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const LOCAL_ORIGIN: &str = "http://localhost:8080";

fn main() -> ExitCode {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dist = std::env::var_os("TRUNK_STAGING_DIR")
        .or_else(|| std::env::args_os().nth(1))
        .map(PathBuf::from);
    let Some(dist) = dist else {
        eprintln!("usage: site-builder DIST_DIR (or run by Trunk's post_build hook)");
        return ExitCode::FAILURE;
    };
    let release = std::env::var("TRUNK_PROFILE").map_or(true, |p| p == "release");
    let origin = std::env::var("OIM_SITE_URL").unwrap_or_else(|_| {
        if release {
            eprintln!(
                "site-builder: OIM_SITE_URL is not set; canonical links point to {LOCAL_ORIGIN}. \
                 Set it to the published address for a production build."
            );
        }
        LOCAL_ORIGIN.to_string()
    });
    let mut options = Options::new(repo, dist, origin, release);
    for setting in SETTINGS {
        match std::env::var(setting.name) {
            Ok(value) if !value.trim().is_empty() => {
                options
                    .content_settings
                    .insert(setting.name.to_string(), value);
            }
            _ if release => eprintln!(
                "site-builder: {} is not set; the legal notice says: \"{}\".",
                setting.name, setting.default
            ),
            _ => {}
        }
    }
    match build(&options) {
        Ok(_) if !release => {
            println!("site-builder: navigation and content are valid");
            ExitCode::SUCCESS
        }
        Ok(written) => {
            println!(
                "site-builder: {written} files written in {}",
                options.dist.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("site-builder: {error}");
            ExitCode::FAILURE
        }
    }
}
