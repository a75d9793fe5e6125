//! The servers a build is tested on: nginx with the site's own configuration, and
//! Cloudflare Pages' own server (wrangler).

use super::wait::wait_until_blocking;
use super::{
    ensure, free_port, repo, spawn, spawn_guarded, tempdir, wait_for_port, Guarded, TestResult,
};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// nginx serving `dist` with the repository's site configuration (scripts/serve-dist.sh).
pub struct Nginx {
    _process: Guarded,
    pub port: u16,
}

impl Nginx {
    pub fn start(dist: &Path) -> Self {
        let port = free_port();
        let process = spawn(
            Command::new(repo().join("scripts/serve-dist.sh"))
                .arg(port.to_string())
                .arg(dist)
                .stderr(Stdio::null()),
        );
        wait_for_port(port, "nginx");
        Nginx {
            _process: process,
            port,
        }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(repo().join(format!("target/nginx-{}", self.port)));
    }
}

/// The nginx directives a build wrote beside its folder: `dist` → `dist.nginx.conf`
/// (the site builder's `builder::nginx_conf_beside`, not in this crate's features).
pub fn nginx_conf_of(dist: &Path) -> PathBuf {
    let mut name = dist.file_name().expect("a build folder's name").to_owned();
    name.push(".nginx.conf");
    dist.with_file_name(name)
}

/// Copies a build to `to`, with the nginx directives written beside it.
pub fn copy_build(dist: &Path, to: &Path) -> TestResult {
    let status = Command::new("cp").arg("-a").arg(dist).arg(to).status()?;
    ensure(status.success(), format!("copying {}", dist.display()))?;
    std::fs::copy(nginx_conf_of(dist), nginx_conf_of(to))?;
    Ok(())
}

/// Cloudflare Pages' own server, `wrangler pages dev` (npm, pinned), serving a build
/// as Cloudflare Pages does: its `_headers` and `_redirects`, its `404.html`, and
/// its own rules for `.html` files. It runs offline (a fixed compatibility date, no
/// metrics; it only logs that it cannot reach workers.cloudflare.com), with its
/// state, its temporary files and its log in a folder of its own, not in the
/// repository.
pub struct Wrangler {
    _process: Guarded,
    pub port: u16,
    folder: PathBuf,
}

impl Wrangler {
    /// Cloudflare's date for the behaviour of its runtime: fixed, so a new wrangler
    /// does not change what is tested.
    const COMPATIBILITY_DATE: &str = "2026-04-26";
    /// How long wrangler may take to start (a few seconds, more on a busy machine).
    const START: Duration = Duration::from_secs(90);

    pub fn start(dist: &Path) -> Self {
        let port = free_port();
        let folder = tempdir("oim-wrangler");
        let log = std::fs::File::create(folder.join("wrangler.log")).expect("wrangler's log");
        let mut process = spawn_guarded(
            Command::new(repo().join("node_modules/.bin/wrangler"))
                .args(["pages", "dev"])
                .arg(dist)
                .args(["--ip", "127.0.0.1", "--port", &port.to_string()])
                .args(["--inspector-port", &free_port().to_string()])
                .args(["--compatibility-date", Self::COMPATIBILITY_DATE])
                .arg("--persist-to")
                .arg(folder.join("state"))
                .arg("--show-interactive-dev-session=false")
                .current_dir(&folder)
                .env("WRANGLER_SEND_METRICS", "false")
                .env("WRANGLER_LOG_PATH", folder.join("logs"))
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("wrangler's log"))
                .stderr(log),
        );
        let log = || std::fs::read_to_string(folder.join("wrangler.log")).unwrap_or_default();
        wait_until_blocking(format!("wrangler listening on {port}"), Self::START, || {
            if process.has_exited() {
                return Err("wrangler stopped before listening".into());
            }
            Ok(TcpStream::connect(("127.0.0.1", port))
                .map(drop)
                .map_err(|e| e.to_string()))
        })
        .unwrap_or_else(|e| panic!("{e}:\n{}", log()));
        Wrangler {
            _process: process,
            port,
            folder,
        }
    }
}

impl Drop for Wrangler {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
