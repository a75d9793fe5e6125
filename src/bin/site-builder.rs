//! The site builder: turns Trunk's output into a deployable site (see `builder`).
//! Trunk's `post_build` hook runs it after every build, in Trunk's staging folder
//! (`TRUNK_STAGING_DIR`); a development build (`TRUNK_PROFILE=debug`) is checked and
//! given its styles, its split wasm, the site's modules and the app's files, not
//! prerendered, indexed or compressed. The repository it builds from is the working directory (Trunk runs its
//! hooks in the project's root), or the one given with `--repo`; never a path
//! compiled into the binary, which cargo may have built for another checkout
//! sharing its target directory. By hand, on a folder Trunk built for release:
//!   OIM_SITE_URL=https://www.exemple.org \
//!   cargo run --no-default-features --features ssr --bin site-builder -- dist [--repo DIR]
//! `OIM_SITE_URL` is the scheme and host the site is published at (canonical links,
//! Open Graph, sitemap); the base path comes from the built `index.html`. The nginx
//! directives are written beside the published folder (`dist.nginx.conf` for `dist`).
//! `OIM_PUBLISHER_NAME`, `OIM_PUBLISHER_ADDRESS`, `OIM_HOST_NAME` and `OIM_HOST_ADDRESS`
//! name the publisher and the host for the legal notice (`/mentions-legales`); unset,
//! the page says they depend on the deployment. Each page's "Mis à jour le …" comes
//! from the repository's history (git); without it, pages give no such date.

use oim_site::builder::{build, nginx_conf_beside, Options};
use oim_site::rules::placeholders::SETTINGS;
use std::path::PathBuf;
use std::process::ExitCode;

const LOCAL_ORIGIN: &str = "http://localhost:8080";
/// What marks a folder as the site's repository.
const MODEL: &str = "public/navigation.json";

const USAGE: &str = "usage: site-builder [DIST_DIR] [--repo DIR] (DIST_DIR is Trunk's staging folder when Trunk's post_build hook runs it; the repository is the working directory unless --repo names it)";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (mut dist, mut repo) = (
        std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from),
        None,
    );
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--repo") => repo = args.next().map(PathBuf::from),
            Some(flag) if flag.starts_with('-') => {
                eprintln!("site-builder: unknown option {flag}\n{USAGE}");
                return ExitCode::FAILURE;
            }
            _ => dist = dist.or(Some(PathBuf::from(arg))),
        }
    }
    let Some(dist) = dist else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let repo = match repo.map_or_else(std::env::current_dir, Ok) {
        Ok(repo) if repo.join(MODEL).is_file() => repo,
        Ok(repo) => {
            eprintln!(
                "site-builder: {} is not the site's repository (no {MODEL}): run it from \
                 the repository's root, or give --repo DIR\n{USAGE}",
                repo.display()
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("site-builder: the working directory cannot be read: {e}");
            return ExitCode::FAILURE;
        }
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
    let mut options = Options::new(&repo, dist, origin, release);
    // Trunk builds in a staging folder, then moves it to its dist folder: the nginx
    // directives go beside the latter (`builder::nginx_conf_beside`).
    if let Some(published) = std::env::var_os("TRUNK_DIST_DIR") {
        options.nginx_conf = nginx_conf_beside(&PathBuf::from(published));
    }
    if let Err(why) = &options.last_changes {
        eprintln!(
            "site-builder: no history to date the pages ({why}); they show no \"Mis à jour le\" \
             and sitemap.xml no lastmod."
        );
    }
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
                "site-builder: {written} files written in {}, the nginx directives in {}",
                options.dist.display(),
                options.nginx_conf.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("site-builder: {error}");
            ExitCode::FAILURE
        }
    }
}
