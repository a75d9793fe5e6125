//! The three browser engines the suite drives, each through its own WebDriver server:
//! Chromium (Debian's `chromium` + `chromedriver`), Firefox (Debian's `firefox-esr` +
//! `geckodriver` from crates.io) and WebKit, Safari's engine (Debian's
//! `webkit2gtk-driver`: `WebKitWebDriver` driving WebKitGTK's MiniBrowser, which needs
//! a display, so it runs under Xvfb).
//!
//! `E2E_BROWSERS=chromium,firefox,webkit` (the default) chooses which run.

use crate::harness::{free_port, spawn, tempdir, wait_for_port, Guarded};
use fantoccini::{Client, ClientBuilder};
use libtest_mimic::Failed;
use serde_json::{json, Map, Value};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    Webkit,
}

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::Webkit];

    /// The engine's name in `E2E_BROWSERS` and in test names.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::Webkit => "webkit",
        }
    }

    /// The engines `E2E_BROWSERS` names, in the suite's order; all three when unset.
    pub fn chosen() -> Vec<Engine> {
        let Ok(list) = std::env::var("E2E_BROWSERS") else {
            return Engine::ALL.to_vec();
        };
        let named: Vec<&str> = list.split(',').map(str::trim).collect();
        for name in &named {
            assert!(
                Engine::ALL.iter().any(|e| e.name() == *name),
                "E2E_BROWSERS: unknown engine {name:?} (chromium, firefox, webkit)"
            );
        }
        Engine::ALL
            .into_iter()
            .filter(|e| named.contains(&e.name()))
            .collect()
    }
}

/// What runs for the whole suite so that sessions of one engine can start: the
/// chromedriver every Chromium session shares, or the GTK style WebKit's sessions
/// read. Firefox needs nothing shared.
pub struct EngineServer {
    pub engine: Engine,
    /// chromedriver and its address (Chromium only).
    shared_driver: Option<(Guarded, String)>,
    /// A GTK style that lets MiniBrowser's window be as narrow as a phone (WebKit).
    gtk_config: Option<PathBuf>,
}

impl EngineServer {
    pub fn start(engine: Engine) -> Self {
        EngineServer {
            engine,
            shared_driver: (engine == Engine::Chromium).then(start_chromedriver),
            gtk_config: (engine == Engine::Webkit).then(narrow_gtk_style),
        }
    }

    /// A new session with a fresh profile, its window 1280 × 900 as Chromium's.
    /// geckodriver and WebKitWebDriver each drive one session at a time, so every
    /// Firefox or WebKit session gets a server of its own, stopped with the session.
    /// Each WebKit session also gets a display of its own: MiniBrowser windows
    /// sharing one are not all active, and an inactive window does not show where
    /// the keyboard's focus is (`:focus-visible` stays false).
    pub async fn new_session(&self) -> Result<Session, Failed> {
        let profile = tempdir(&format!("oim-e2e-{}", self.engine.name()));
        let mut processes = Vec::new();
        let address = match self.engine {
            Engine::Chromium => self.shared_driver.as_ref().expect("chromedriver").1.clone(),
            Engine::Firefox => {
                let (driver, address) = start_driver(&mut Command::new("geckodriver"));
                processes.push(driver);
                address
            }
            Engine::Webkit => {
                let (xvfb, display) = start_xvfb();
                let gtk_config = self.gtk_config.as_deref().expect("GTK style");
                // MiniBrowser keeps website data (service workers, caches) under
                // the XDG data and cache folders: the session's own, so that no
                // session can meet another's service worker.
                let (driver, address) = start_driver(
                    Command::new("WebKitWebDriver")
                        .env("DISPLAY", display)
                        .env("XDG_CONFIG_HOME", gtk_config)
                        .env("XDG_DATA_HOME", profile.join("data"))
                        .env("XDG_CACHE_HOME", profile.join("cache")),
                );
                // The driver (and its browser) stops before its display.
                processes.extend([driver, xvfb]);
                address
            }
        };
        let client = match self.engine {
            Engine::Chromium => new_chromium_session(&address, &profile, &[]).await?,
            Engine::Firefox => connect(&address, firefox_capabilities(&profile)).await?,
            Engine::Webkit => connect(&address, webkit_capabilities()).await?,
        };
        let session = Session {
            client,
            profile,
            _processes: processes,
        };
        if self.engine != Engine::Chromium {
            if let Err(e) = session.client.set_window_size(1280, 900).await {
                session.close().await;
                return Err(Failed::from(format!("window size: {e}")));
            }
        }
        Ok(session)
    }
}

impl Drop for EngineServer {
    fn drop(&mut self) {
        if let Some(config) = &self.gtk_config {
            let _ = std::fs::remove_dir_all(config);
        }
    }
}

/// A browser session and what it owns: its profile folder and, for Firefox and
/// WebKit, its WebDriver server (and WebKit's display).
pub struct Session {
    pub client: Client,
    profile: PathBuf,
    _processes: Vec<Guarded>,
}

impl Session {
    /// Ends the session (the browser quits); the profile goes when it is dropped.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Starts chromedriver on a free loopback port; returns it and its address.
pub fn start_chromedriver() -> (Guarded, String) {
    start_driver(&mut Command::new("chromedriver"))
}

/// Starts a WebDriver server (`--port=`) on a free loopback port; returns it and
/// its address.
fn start_driver(command: &mut Command) -> (Guarded, String) {
    let port = free_port();
    let name = format!("{:?}", command.get_program());
    let driver = spawn(command.arg(format!("--port={port}")).stderr(Stdio::null()));
    wait_for_port(port, &name);
    (driver, format!("http://127.0.0.1:{port}"))
}

/// A new Chromium session (fresh profile) through chromedriver at `webdriver`;
/// `extra` adds command-line flags.
pub async fn new_chromium_session(
    webdriver: &str,
    profile: &Path,
    extra: &[&str],
) -> Result<Client, Failed> {
    connect(webdriver, chromium_capabilities(profile, extra)).await
}

async fn connect(webdriver: &str, capabilities: Value) -> Result<Client, Failed> {
    let Value::Object(capabilities) = capabilities else {
        unreachable!("capabilities are an object")
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(webdriver)
        .await
        .map_err(|e| Failed::from(format!("new browser session: {e}")))
}

/// Headless Debian Chromium, as the machine's notes start it: without its background
/// connections, which this closed network refuses.
fn chromium_capabilities(profile: &Path, extra: &[&str]) -> Value {
    let profile_arg = format!("--user-data-dir={}", profile.display());
    let mut args = vec![
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        &profile_arg,
    ];
    args.extend(extra);
    json!({
        "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args },
        "goog:loggingPrefs": { "browser": "ALL" }
    })
}

/// Headless Debian Firefox ESR with a profile of our own: its toolbar hidden, so the
/// window, and the page's viewport with it, can be as narrow as a phone (Firefox
/// keeps a window at least 500 px wide otherwise).
fn firefox_capabilities(profile: &Path) -> Value {
    let chrome = profile.join("chrome");
    std::fs::create_dir_all(&chrome).expect("Firefox profile folder");
    let prefs: Map<String, Value> = [
        (
            "toolkit.legacyUserProfileCustomizations.stylesheets",
            json!(true),
        ),
        // No update, telemetry or safe-browsing connections on a closed network.
        ("app.update.disabledForTesting", json!(true)),
        ("browser.safebrowsing.update.enabled", json!(false)),
        ("datareporting.policy.dataSubmissionEnabled", json!(false)),
        ("network.captive-portal-service.enabled", json!(false)),
        ("network.connectivity-service.enabled", json!(false)),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_string(), value))
    .collect();
    std::fs::write(
        chrome.join("userChrome.css"),
        "#navigator-toolbox { display: none !important; }\n\
         :root { min-width: 0 !important; }\n",
    )
    .expect("userChrome.css");
    json!({
        "browserName": "firefox",
        "moz:firefoxOptions": {
            "binary": "/usr/bin/firefox-esr",
            "args": ["-headless", "-profile", profile],
            "prefs": prefs,
        }
    })
}

/// MiniBrowser, from Debian's `libwebkit2gtk-4.1-0` (which `webkit2gtk-driver` needs).
fn webkit_capabilities() -> Value {
    let binary = format!(
        "/usr/lib/{}-linux-gnu/webkit2gtk-4.1/MiniBrowser",
        std::env::consts::ARCH
    );
    json!({
        "webkitgtk:browserOptions": {
            "binary": binary,
            "args": ["--automation"],
        }
    })
}

/// Starts Xvfb on a display it picks itself (`-displayfd`); returns it and ":N".
fn start_xvfb() -> (Guarded, String) {
    let mut command = Command::new("Xvfb");
    command
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1920x1080x24",
            "-nolisten",
            "tcp",
        ])
        .stderr(Stdio::null());
    let mut xvfb = crate::harness::spawn_with_stdout(&mut command);
    let mut number = String::new();
    let mut byte = [0u8];
    let stdout = xvfb.stdout().expect("Xvfb's standard output");
    while stdout.read(&mut byte).map(|n| n == 1).unwrap_or(false) && byte[0] != b'\n' {
        number.push(byte[0] as char);
    }
    assert!(!number.is_empty(), "Xvfb did not say which display it took");
    (xvfb, format!(":{number}"))
}

/// A GTK 3 style folder (`XDG_CONFIG_HOME`) that lets MiniBrowser's toolbar shrink:
/// at its natural size it keeps the window at least 447 px wide, wider than a phone.
fn narrow_gtk_style() -> PathBuf {
    let config = tempdir("oim-e2e-gtk");
    std::fs::create_dir_all(config.join("gtk-3.0")).expect("GTK config folder");
    std::fs::write(
        config.join("gtk-3.0/gtk.css"),
        "* { min-width: 0; min-height: 0; padding: 0; margin: 0; border-width: 0; font-size: 1px; }\n",
    )
    .expect("gtk.css");
    config
}
