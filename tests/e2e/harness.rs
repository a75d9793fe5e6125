//! Starts nginx (and Cloudflare Pages' own server, wrangler, for the tests that
//! compare hosts) and the WebDriver servers on free loopback ports, opens one browser
//! session per test, and offers waits on conditions (never fixed sleeps).

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{json, Value};
use std::fmt::Display;
use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::browsers::{Engine, EngineServer};

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;
/// What a test helper finds, or why it could not.
pub type Found<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;
type TestFn = fn(Page) -> Pin<Box<dyn Future<Output = TestResult>>>;

/// How long a condition may take to become true before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);

/// A named test, for `harness::run`, and the engines it runs in.
pub struct Test {
    pub name: &'static str,
    pub run: TestFn,
    pub engines: Engines,
}

/// Which engines a test runs in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Engines {
    /// Chromium, Firefox and WebKit (those `E2E_BROWSERS` chooses) on the root build;
    /// Chromium alone on the sub-path build. A sub-path changes addresses, not what an
    /// engine does with a page, and running every journey six times made the suite
    /// outgrow CI's time (README, "CI time").
    Every,
    /// The three engines on both builds: the journeys whose addresses depend on the
    /// base path in the browser (the loader, deep links, links followed in place,
    /// chunks, the service worker's scope), where an engine resolving a relative
    /// address its own way shows only under a sub-path.
    EveryBuild,
    /// Chromium only: the test needs something only Chromium offers (its DevTools
    /// protocol, its console log, Lighthouse), or it checks the server's answers
    /// rather than a browser's behaviour, which one engine is enough for.
    ChromiumOnly,
    /// Chromium only, on the root build only: the tests that compare the hosts, for
    /// which Cloudflare Pages' server (`Wrangler`) serves the root build beside nginx
    /// (`Page::on_cloudflare`).
    ChromiumAtRoot,
}

/// Declares the tests of a module, and in which engines each runs:
/// `tests! { every_engine_and_build: [a], every_engine: [b], chromium_only: [c],
/// chromium_at_root: [d] }` gives `pub fn tests() -> Vec<Test>`. Any list may be left
/// out.
#[macro_export]
macro_rules! tests {
    ($(every_engine_and_build: [$($both:ident),* $(,)?] $(,)?)? $(every_engine: [$($every:ident),* $(,)?] $(,)?)? $(chromium_only: [$($only:ident),* $(,)?] $(,)?)? $(chromium_at_root: [$($root:ident),* $(,)?] $(,)?)?) => {
        pub fn tests() -> Vec<$crate::harness::Test> {
            vec![
                $($($crate::tests!(@test $both, EveryBuild),)*)?
                $($($crate::tests!(@test $every, Every),)*)?
                $($($crate::tests!(@test $only, ChromiumOnly),)*)?
                $($($crate::tests!(@test $root, ChromiumAtRoot),)*)?
            ]
        }
    };
    (@test $name:ident, $engines:ident) => {
        $crate::harness::Test {
            name: concat!(module_path!(), "::", stringify!($name)),
            run: |page| Box::pin($name(page)),
            engines: $crate::harness::Engines::$engines,
        }
    };
}

/// A child process that is killed when dropped, and also when this process dies.
pub struct Guarded(Child);

impl Drop for Guarded {
    /// Asks the process to stop (SIGTERM), then kills it if it has not within 5 s.
    /// nginx's master stops its workers on SIGTERM; a SIGKILL would leave them running.
    fn drop(&mut self) {
        // The whole process group: a WebDriver server's browser goes with it.
        // SAFETY: kill(2) on the group of a process this one spawned (as the group's
        // leader) and has not yet reaped.
        unsafe { libc::kill(-(self.0.id() as libc::pid_t), libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if !matches!(self.0.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: as above.
        unsafe { libc::kill(-(self.0.id() as libc::pid_t), libc::SIGKILL) };
        let _ = self.0.wait();
    }
}

impl Guarded {
    /// The process's standard output, when it was started with `spawn_with_stdout`.
    pub fn stdout(&mut self) -> Option<&mut std::process::ChildStdout> {
        self.0.stdout.as_mut()
    }

    /// Whether the process has ended.
    pub fn has_exited(&mut self) -> bool {
        !matches!(self.0.try_wait(), Ok(None))
    }
}

/// Starts a process whose standard output is thrown away, guarded.
pub fn spawn(cmd: &mut Command) -> Guarded {
    spawn_guarded(cmd.stdout(Stdio::null()))
}

/// Starts a process whose standard output the caller reads, guarded.
pub fn spawn_with_stdout(cmd: &mut Command) -> Guarded {
    spawn_guarded(cmd.stdout(Stdio::piped()))
}

fn spawn_guarded(cmd: &mut Command) -> Guarded {
    use std::os::unix::process::CommandExt;
    // A group of its own, so that dropping it stops what it started too (a driver's
    // browser). The death signal is the last resort if this process dies: it is
    // sent when the thread that spawned the child ends, and each child here lives
    // within its spawning thread's work (the run's servers on the main thread, a
    // session's driver within its test).
    cmd.process_group(0);
    // SAFETY: prctl is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    let program = format!("{:?}", cmd.get_program());
    Guarded(
        cmd.spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}")),
    )
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

pub fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + WAIT;
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The repository root (where Cargo.toml is).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

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
        let deadline = Instant::now() + Self::START;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            let log = || std::fs::read_to_string(folder.join("wrangler.log")).unwrap_or_default();
            assert!(
                !process.has_exited(),
                "wrangler stopped before listening:\n{}",
                log()
            );
            assert!(
                Instant::now() < deadline,
                "wrangler did not listen on {port} within {:?}:\n{}",
                Self::START,
                log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
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

/// Where the tests reach a site.
#[derive(Clone)]
pub struct Env {
    /// `http://127.0.0.1:PORT`
    origin: String,
    /// The sub-path the site was built for: "" or "/oim".
    base: String,
    /// The build nginx serves.
    dist: PathBuf,
    /// `http://127.0.0.1:PORT` of Cloudflare Pages' server serving the same build,
    /// when it runs (the root build, for the tests that compare hosts).
    cloudflare: Option<String>,
}

/// The base path a build was made for, read from the `<base href>` Trunk wrote.
fn built_base(dist: &Path) -> String {
    let html = std::fs::read_to_string(dist.join("index.html")).expect("index.html");
    let start = html
        .find("<base href=\"")
        .expect("a <base href> in index.html")
        + 12;
    let end = start + html[start..].find('"').expect("closing quote");
    html[start..end].trim_end_matches('/').to_string()
}

fn dist_dir(var: &str, default: &str) -> PathBuf {
    let dist = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(default));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the site first (scripts/test.sh does)",
        dist.display()
    );
    dist
}

/// Starts the servers, runs the tests with libtest-mimic's arguments, stops the servers.
/// Every test runs in each engine and against each build it is meant for (`Engines`;
/// of the engines `E2E_BROWSERS` chooses); its name says where:
/// `firefox::sous_chemin::e2e::menus::…`,
/// and `chromium::seul::…` for a test that runs in Chromium only.
pub fn run(tests: Vec<Test>) -> ExitCode {
    let mut args = Arguments::from_args();
    if args.test_threads.is_none() {
        args.test_threads = Some(2);
    }
    // The site built for the root of its host, and the same sources built for a
    // sub-path.
    let sites: Vec<(&str, PathBuf)> = vec![
        ("", dist_dir("E2E_DIST", "dist")),
        (
            "sous_chemin::",
            dist_dir("E2E_SUBPATH_DIST", "target/dist-oim"),
        ),
    ];
    let chosen = Engine::chosen();
    let servers: Vec<Nginx> = sites.iter().map(|(_, dist)| Nginx::start(dist)).collect();
    // One Cloudflare Pages server for the whole run, on the root build, only when a
    // test chosen needs it.
    let cloudflare = (chosen.contains(&Engine::Chromium)
        && tests.iter().any(|test| {
            test.engines == Engines::ChromiumAtRoot
                && is_chosen(&args, &trial_name(Engine::Chromium, test, ""))
        }))
    .then(|| Wrangler::start(&sites[0].1));
    let envs: Vec<(&str, Arc<Env>)> = sites
        .iter()
        .zip(&servers)
        .map(|((prefix, dist), nginx)| {
            let env = Env {
                origin: format!("http://127.0.0.1:{}", nginx.port),
                base: built_base(dist),
                dist: dist.clone(),
                cloudflare: cloudflare
                    .as_ref()
                    .filter(|_| prefix.is_empty())
                    .map(|wrangler| format!("http://127.0.0.1:{}", wrangler.port)),
            };
            (*prefix, Arc::new(env))
        })
        .collect();
    if !chosen.contains(&Engine::Chromium) {
        eprintln!("E2E_BROWSERS leaves Chromium out: the tests that need it do not run");
    }
    let engines: Vec<Arc<EngineServer>> = chosen
        .into_iter()
        .map(|engine| Arc::new(EngineServer::start(engine)))
        .collect();

    let mut trials = Vec::new();
    for engine in &engines {
        for (prefix, env) in &envs {
            for test in &tests {
                match test.engines {
                    Engines::ChromiumOnly | Engines::ChromiumAtRoot
                        if engine.engine != Engine::Chromium =>
                    {
                        continue
                    }
                    Engines::ChromiumAtRoot if !prefix.is_empty() => continue,
                    Engines::Every if !prefix.is_empty() && engine.engine != Engine::Chromium => {
                        continue
                    }
                    _ => {}
                }
                let name = trial_name(engine.engine, test, prefix);
                let (engine, env, run) = (Arc::clone(engine), Arc::clone(env), test.run);
                trials.push(Trial::test(name, move || run_one(&engine, &env, run)));
            }
        }
    }
    libtest_mimic::run(&args, trials).exit_code()
}

/// A test's name in a run: `firefox::sous_chemin::e2e::menus::…`, with `seul::` for
/// a test that runs in Chromium only.
fn trial_name(engine: Engine, test: &Test, prefix: &str) -> String {
    let only = match test.engines {
        Engines::Every | Engines::EveryBuild => "",
        Engines::ChromiumOnly | Engines::ChromiumAtRoot => "seul::",
    };
    format!("{}::{only}{prefix}{}", engine.name(), test.name)
}

/// Whether the command line's filter and skips (libtest's rules) keep a test.
fn is_chosen(args: &Arguments, name: &str) -> bool {
    let matches = |pattern: &String| {
        if args.exact {
            name == pattern
        } else {
            name.contains(pattern.as_str())
        }
    };
    args.filter.as_ref().is_none_or(matches) && !args.skip.iter().any(matches)
}

fn run_one(engine: &EngineServer, env: &Env, test: TestFn) -> Result<(), Failed> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failed::from(format!("tokio: {e}")))?;
    runtime.block_on(async {
        let session = engine.new_session().await?;
        let mut page = Page::new(session.client.clone(), &env.origin, &env.base)
            .serving(&env.dist)
            .in_engine(engine.engine);
        page.cloudflare = env.cloudflare.clone();
        let result = test(page).await;
        session.close().await;
        result.map_err(|e| Failed::from(e.to_string()))
    })
}

pub fn tempdir(prefix: &str) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("{prefix}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// One browser tab on the site, with waits on conditions.
///
/// Tests speak in site paths ("/agir"); the page puts the base path in front, in
/// addresses and in CSS selectors that name links (`a[href='/agir']`).
#[derive(Clone)]
pub struct Page {
    pub client: Client,
    origin: String,
    pub base: String,
    dist: PathBuf,
    pub engine: Engine,
    /// The origin of Cloudflare Pages' server on the same build, if it runs.
    cloudflare: Option<String>,
}

impl Page {
    /// A page on the site at `origin`, built for `base`, from `dist/` unless `serving`
    /// says otherwise.
    pub fn new(client: Client, origin: &str, base: &str) -> Self {
        Page {
            client,
            origin: origin.to_string(),
            base: base.to_string(),
            dist: repo().join("dist"),
            engine: Engine::Chromium,
            cloudflare: None,
        }
    }

    /// The same tab on the same build served by Cloudflare Pages' server
    /// (`Wrangler`), for a test declared `chromium_at_root`.
    pub fn on_cloudflare(&self) -> Found<Page> {
        let origin = self
            .cloudflare
            .as_deref()
            .ok_or("Cloudflare Pages' server serves the root build, for chromium_at_root tests")?;
        Ok(Page {
            origin: origin.to_string(),
            cloudflare: None,
            ..self.clone()
        })
    }

    /// The servers a test of the hosts checks the build on: nginx and Cloudflare
    /// Pages' server, each named.
    pub fn on_both_hosts(&self) -> Found<[(&'static str, Page); 2]> {
        Ok([
            ("nginx", self.clone()),
            ("Cloudflare Pages", self.on_cloudflare()?),
        ])
    }

    /// The same page, saying which engine shows it (Chromium unless told).
    pub fn in_engine(self, engine: Engine) -> Self {
        Page { engine, ..self }
    }

    /// The same page, saying which build the server serves.
    pub fn serving(self, dist: &Path) -> Self {
        Page {
            dist: dist.to_path_buf(),
            ..self
        }
    }

    /// The same tab, reaching the site through another origin: a proxy in front of
    /// the same server (`held_app`).
    pub fn through(&self, origin: &str) -> Page {
        Page {
            origin: origin.to_string(),
            ..self.clone()
        }
    }

    /// The folder of the build the server serves (`E2E_DIST`, `E2E_SUBPATH_DIST`).
    pub fn dist(&self) -> &Path {
        &self.dist
    }

    /// The full address of a site path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.origin, self.href(path))
    }

    /// A site path as the site's links write it.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A selector with its `[href='/…']` parts under the base path.
    pub fn css(&self, css: &str) -> String {
        css.replace("[href='/", &format!("[href='{}/", self.base))
    }

    /// Loads `path` for real (a new document) and waits until the app has taken
    /// the prerendered page over (the app marks `<html>` once every region of the
    /// page is its own; see src/main.rs).
    pub async fn open(&self, path: &str) -> TestResult {
        self.open_document(path).await?;
        self.taken_over().await
    }

    /// Waits until the app has taken the current document over.
    pub async fn taken_over(&self) -> TestResult {
        let Err(error) = self
            .wait_until("document.documentElement.hasAttribute('data-app-ready')")
            .await
        else {
            return Ok(());
        };
        // How far the start got: painted, the app's JS and wasm received, started.
        let progress = self
            .eval(
                "({ path: location.pathname, \
                    paint: performance.getEntriesByType('paint').map(e => e.name), \
                    loaded: performance.getEntriesByType('resource') \
                      .map(e => e.name.split('/').pop()).filter(n => /\\.(js|wasm)$/.test(n)), \
                    started: !!window.wasmBindings })",
            )
            .await
            .map(|v| v.to_string())
            .unwrap_or_else(|e| e.to_string());
        Err(format!("the app did not take the page over: {error}; {progress}").into())
    }

    /// Loads `path` for real and waits for its markup only (the app may not run).
    pub async fn open_document(&self, path: &str) -> TestResult {
        self.client.goto(&self.url(path)).await?;
        self.wait_for("main h1").await?;
        Ok(())
    }

    pub async fn wait_for(&self, css: &str) -> Result<Element, fantoccini::error::CmdError> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&self.css(css)))
            .await
    }

    /// Evaluates a JavaScript expression and returns its value.
    pub async fn eval(&self, expression: &str) -> Result<Value, fantoccini::error::CmdError> {
        self.client
            .execute(&format!("return ({expression});"), vec![])
            .await
    }

    /// Polls a JavaScript expression until it is truthy.
    pub async fn wait_until(&self, expression: &str) -> TestResult {
        let deadline = Instant::now() + WAIT;
        loop {
            let value = match self.eval(expression).await {
                Ok(value) => value,
                Err(error) if page_was_changing(&error) && Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(25)).await;
                    continue;
                }
                Err(error) => return Err(format!("{expression}: {error}").into()),
            };
            if !matches!(value, Value::Null | Value::Bool(false))
                && value != json!("")
                && value != json!(0)
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("still {value} after {WAIT:?}: {expression}").into());
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until the text of the first element matching `css` is `expected`.
    pub async fn wait_text(&self, css: &str, expected: &str) -> TestResult {
        let script = format!(
            "document.querySelector({css})?.textContent.trim() === {expected}",
            css = json!(self.css(css)),
            expected = json!(expected)
        );
        if self.wait_until(&script).await.is_ok() {
            return Ok(());
        }
        let found = self
            .eval(&format!(
                "document.querySelector({})?.textContent.trim() ?? null",
                json!(self.css(css))
            ))
            .await?;
        Err(format!(
            "{css} never read {expected:?} in {WAIT:?}; it reads {}",
            found.shown()
        )
        .into())
    }

    pub async fn text(
        &self,
        css: &str,
    ) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
        Ok(self.wait_for(css).await?.text().await?.trim().to_string())
    }

    pub async fn click(&self, css: &str) -> TestResult {
        self.wait_for(css).await?.click().await?;
        Ok(())
    }

    /// Puts a marker on `window`: it survives client-side navigation, not a reload.
    pub async fn set_marker(&self) -> TestResult {
        self.eval("window.__e2eMarker = 'same-document'").await?;
        Ok(())
    }

    pub async fn has_marker(&self) -> Result<bool, fantoccini::error::CmdError> {
        Ok(self.eval("window.__e2eMarker === 'same-document'").await? == json!(true))
    }

    /// Fails unless the marker is still there: no reload since `set_marker`.
    pub async fn ensure_not_reloaded(&self, when: impl Display) -> TestResult {
        ensure(
            self.has_marker().await?,
            format!(
                "{when}: expected the same document, found a reloaded one (the marker is gone)"
            ),
        )
    }

    /// Fails unless the marker is gone: a new document since `set_marker`.
    pub async fn ensure_reloaded(&self, when: impl Display) -> TestResult {
        ensure(
            !self.has_marker().await?,
            format!(
                "{when}: expected a new document, found the same one (the marker is still there)"
            ),
        )
    }

    /// `http://127.0.0.1:PORT`, the server's origin.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// What the browser logged since the last call: console messages, uncaught
    /// errors, CSP violations, failed loads, as (level, message).
    /// Chromium only (chromedriver's log endpoint).
    pub async fn browser_log(
        &self,
    ) -> Result<Vec<(String, String)>, Box<dyn std::error::Error + Send + Sync>> {
        self.ensure_chromium("the browser's log")?;
        let entries = self
            .client
            .issue_cmd(ChromeCommand {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await?;
        Ok(entries
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|e| {
                        let field = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                        (field("level"), field("message"))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Sends a Chrome DevTools Protocol command (emulation of media features, …).
    /// Chromium only.
    pub async fn cdp(&self, cmd: &str, params: Value) -> TestResult {
        self.ensure_chromium(cmd)?;
        self.client
            .issue_cmd(ChromeCommand {
                path: "goog/cdp/execute",
                body: json!({ "cmd": cmd, "params": params }),
            })
            .await?;
        Ok(())
    }

    /// Fails unless the page is shown by Chromium: `what` is Chromium's own.
    fn ensure_chromium(&self, what: &str) -> TestResult {
        ensure(
            self.engine == Engine::Chromium,
            format!(
                "{what} is Chromium's own, not {}'s: the test should be chromium_only",
                self.engine.name()
            ),
        )
    }

    /// Waits until the page's content has arrived (no loading state left, and no
    /// `<main>` waiting for the code that draws the next page).
    pub async fn settled(&self) -> TestResult {
        self.wait_until(
            "!!document.querySelector('main h1') && !document.querySelector('main .loading, main[aria-busy]')",
        )
        .await
    }

    /// The site path the browser is at (the base path removed).
    pub async fn path(&self) -> Result<String, fantoccini::error::CmdError> {
        let path = self.client.current_url().await?.path().to_string();
        Ok(match path.strip_prefix(&self.base) {
            Some("") => "/".to_string(),
            Some(rest) => rest.to_string(),
            None => path,
        })
    }
}

impl Page {
    /// Presses and releases one key on whatever has focus, as a keyboard would.
    pub async fn press(&self, key: impl Into<char>) -> TestResult {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let key = key.into();
        let actions = KeyActions::new("clavier".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Scrolls an element into view, as a visitor would before pointing at it, then
    /// moves the pointer to its middle and leaves it there.
    pub async fn hover(&self, css: &str) -> TestResult {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        let element = self.wait_for(css).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'nearest' })",
                vec![serde_json::to_value(&element)?],
            )
            .await?;
        let actions = MouseActions::new("souris".into()).then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Presses Shift+Tab.
    pub async fn press_shift_tab(&self) -> TestResult {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        use fantoccini::key::Key;
        let actions = KeyActions::new("clavier".into())
            .then(KeyAction::Down {
                value: Key::Shift.into(),
            })
            .then(KeyAction::Down {
                value: Key::Tab.into(),
            })
            .then(KeyAction::Up {
                value: Key::Tab.into(),
            })
            .then(KeyAction::Up {
                value: Key::Shift.into(),
            });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// The focused element, described as `tag#id` plus its text, for assertions.
    pub async fn focused(&self) -> Result<String, fantoccini::error::CmdError> {
        let v = self
            .eval(
                "(() => { const e = document.activeElement; \
                 return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + \
                 (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 80); })()",
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub async fn count(&self, css: &str) -> Result<u64, fantoccini::error::CmdError> {
        let v = self
            .eval(&format!(
                "document.querySelectorAll({}).length",
                json!(self.css(css))
            ))
            .await?;
        Ok(v.as_u64().unwrap_or(0))
    }

    /// Whether the first element matching `css` is rendered (takes up room).
    pub async fn is_visible(&self, css: &str) -> Result<bool, fantoccini::error::CmdError> {
        let v = self
            .eval(&format!(
                "(() => {{ const e = document.querySelector({}); \
                 return !!e && e.getClientRects().length > 0; }})()",
                json!(self.css(css))
            ))
            .await?;
        Ok(v == json!(true))
    }

    /// Fails unless the first element matching `css` is rendered (`shown`) or not
    /// (hidden or missing), as `is_visible` sees it.
    pub async fn ensure_visible(&self, css: &str, shown: bool, what: impl Display) -> TestResult {
        let visible = self.is_visible(css).await?;
        let state = |visible| {
            if visible {
                "shown"
            } else {
                "hidden or missing"
            }
        };
        ensure(
            visible == shown,
            format!(
                "{what}: expected {css} {}, found it {}",
                state(shown),
                state(visible)
            ),
        )
    }

    /// Resizes the browser so that the page's viewport is `width` CSS pixels wide.
    pub async fn set_viewport_width(&self, width: u32) -> TestResult {
        let mut outer = width;
        let mut inner = 0;
        for _ in 0..3 {
            self.client.set_window_size(outer, 800).await?;
            inner = self.settled_viewport_width().await?;
            if inner == width {
                return Ok(());
            }
            // Window chrome takes some width: grow the window by the difference.
            outer = (outer + width).saturating_sub(inner).max(width);
        }
        Err(format!("viewport is {inner} px wide, wanted {width}").into())
    }

    /// `innerWidth` once it has stopped changing: WebKit resizes the page after it
    /// has answered the resize command.
    async fn settled_viewport_width(&self) -> Result<u32, fantoccini::error::CmdError> {
        let read = || async {
            let width = self.eval("window.innerWidth").await?;
            Ok::<_, fantoccini::error::CmdError>(width.as_u64().unwrap_or(0) as u32)
        };
        let mut last = read().await?;
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut unchanged = 0;
        while unchanged < 3 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(25)).await;
            let now = read().await?;
            unchanged = if now == last { unchanged + 1 } else { 0 };
            last = now;
        }
        Ok(last)
    }
}

/// Whether a script failed because the page was being replaced (a link followed, a
/// reload): the old document was unloading or the new one had none yet. A wait
/// takes that as "not yet"; any other error (a mistake in the script, a lost
/// session) ends it at once.
fn page_was_changing(error: &fantoccini::error::CmdError) -> bool {
    use fantoccini::error::{CmdError, ErrorStatus};
    matches!(error, CmdError::Standard(e)
        if (e.error == ErrorStatus::JavascriptError && !e.message.contains("SyntaxError"))
            // WebKit, when the document is left while the script runs.
            || e.message.contains("before the unload event"))
}

/// One of chromedriver's own (non-W3C) commands: a POST to `session/{id}/{path}`.
#[derive(Debug)]
struct ChromeCommand {
    path: &'static str,
    body: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// A GET on loopback by an HTTP/1.1 client other than the browser: the status and
/// the headers (names in lower case).
pub async fn http_get(
    origin: &str,
    path: &str,
    accept_encoding: &str,
) -> (u16, Vec<(String, String)>) {
    let (status, headers, _) = http_request(origin, path, accept_encoding).await;
    (status, headers)
}

/// The status and the (uncompressed) body of a GET, as a crawler gets it.
pub async fn http_text(origin: &str, path: &str) -> (u16, String) {
    let (status, _, body) = http_request(origin, path, "identity").await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// The status, the headers and the (uncompressed) body of a GET, as a crawler gets
/// them: no redirect followed.
pub async fn http_answer(origin: &str, path: &str) -> (u16, Vec<(String, String)>, String) {
    let (status, headers, body) = http_request(origin, path, "identity").await;
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// Sends a GET with hyper's client and returns the status, the headers (`http`
/// keeps names in lower case) and the body as sent: the client follows no redirect
/// and decodes no `content-encoding`.
async fn http_request(
    origin: &str,
    path: &str,
    accept_encoding: &str,
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use http_body_util::BodyExt;
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let request = http::Request::get(format!("{origin}{path}"))
        .header(http::header::ACCEPT_ENCODING, accept_encoding)
        .body(String::new())
        .expect("a GET request");
    let response = Client::builder(TokioExecutor::new())
        .build_http()
        .request(request)
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_string(), value)
        })
        .collect();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: reading the body: {e}"))
        .to_bytes();
    (status, headers, body.to_vec())
}

/// Runs Lighthouse (npm package, Debian's Chromium, a fresh profile) on one page for
/// one category, with a preset ("desktop") or its default mobile emulation, and
/// returns its JSON report. Shared by the tests and the benchmark.
///
/// The report goes to a file, not to stdout: on a runtime error (a page that did
/// not load or paint, a protocol time-out) Lighthouse writes its report and calls
/// `process.exit(1)`, and Node writes to a pipe asynchronously, so the exit cut the
/// report wherever the pipe had got to (BENCHMARKS.md, "Lighthouse runs"); a file
/// is written whole before Lighthouse exits. A run that fails (an exit status other
/// than 0, or no whole report) is tried once more; a second failure names the page,
/// the exit status, the runtime error and the last lines Lighthouse wrote on stderr.
pub fn lighthouse_report(url: &str, category: &str, preset: Option<&str>) -> Result<Value, String> {
    let mut failures = Vec::new();
    for _ in 0..2 {
        match lighthouse_once(url, category, preset) {
            Ok(report) => return Ok(report),
            Err(failure) => failures.push(failure),
        }
    }
    Err(format!(
        "Lighthouse failed twice on {url} ({category}):\n{}",
        failures.join("\n")
    ))
}

fn lighthouse_once(url: &str, category: &str, preset: Option<&str>) -> Result<Value, String> {
    let profile = tempdir("oim-lighthouse");
    let report_path = profile.with_extension("report.json");
    let output = std::process::Command::new(repo().join("node_modules/.bin/lighthouse"))
        .arg(url)
        .arg(format!("--only-categories={category}"))
        .args(preset.map(|p| format!("--preset={p}")))
        .args(["--output=json", "--quiet"])
        .arg(format!("--output-path={}", report_path.display()))
        .arg(format!(
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
             --disable-background-networking --disable-component-update --disable-sync --user-data-dir={}",
            profile.display()
        ))
        .env("CHROME_PATH", "/usr/bin/chromium")
        .stdin(std::process::Stdio::null())
        .output();
    let report = std::fs::read(&report_path);
    let _ = std::fs::remove_dir_all(&profile);
    let _ = std::fs::remove_file(&report_path);
    let output = output.map_err(|e| format!("  lighthouse could not start: {e}"))?;
    let stderr_tail = || {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        let tail = lines[lines.len().saturating_sub(10)..].join("\n    ");
        if tail.is_empty() {
            "(nothing on stderr)".to_string()
        } else {
            tail
        }
    };
    if !output.status.success() {
        // Lighthouse writes its whole report, then exits non-zero, on a runtime error
        // (a page that did not load or paint, a protocol time-out): name it.
        let runtime_error = report
            .ok()
            .and_then(|r| serde_json::from_slice::<Value>(&r).ok())
            .map(|r| r["runtimeError"].clone())
            .filter(|e| !e.is_null())
            .map_or(String::new(), |e| {
                format!(" (runtime error {}: {})", e["code"], e["message"])
            });
        return Err(format!(
            "  {}{runtime_error}; stderr ends:\n    {}",
            output.status,
            stderr_tail()
        ));
    }
    let report = report.map_err(|e| {
        format!(
            "  {} but no report at {} ({e}); stderr ends:\n    {}",
            output.status,
            report_path.display(),
            stderr_tail()
        )
    })?;
    serde_json::from_slice(&report).map_err(|e| {
        format!(
            "  {} but the report ({} bytes) is not whole JSON ({e}); stderr ends:\n    {}",
            output.status,
            report.len(),
            stderr_tail()
        )
    })
}

/// Lighthouse on one page of the site under test, for one category: its score
/// (0 to 1) and the ids of the audits that failed.
pub async fn lighthouse(
    page: &Page,
    path: &str,
    category: &str,
    preset: Option<&str>,
) -> Result<(f64, Vec<String>), Box<dyn std::error::Error + Send + Sync>> {
    let (url, category_name, preset) = (
        page.url(path),
        category.to_string(),
        preset.map(String::from),
    );
    let report = tokio::task::spawn_blocking(move || {
        lighthouse_report(&url, &category_name, preset.as_deref())
    })
    .await??;
    let score = report["categories"][category]["score"]
        .as_f64()
        .ok_or_else(|| format!("{path}: no {category} score"))?;
    let failing = report["audits"]
        .as_object()
        .map(|audits| {
            audits
                .iter()
                .filter(|(_, a)| a["score"] == json!(0))
                .map(|(id, _)| id.clone())
                .collect()
        })
        .unwrap_or_default();
    Ok((score, failing))
}

/// The value of a header, if present.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Fails with `message` unless `condition` holds. The message says what was found,
/// not only what was expected.
pub fn ensure(condition: bool, message: impl Into<String>) -> TestResult {
    if condition {
        Ok(())
    } else {
        Err(message.into().into())
    }
}

/// Fails unless `found == expected`, with "{what}: expected …, found …".
pub fn ensure_eq<F, E>(found: F, expected: E, what: impl Display) -> TestResult
where
    F: PartialEq<E> + Shown,
    E: Shown,
{
    ensure(
        found == expected,
        format!(
            "{what}: expected {}, found {}",
            expected.shown(),
            found.shown()
        ),
    )
}

/// Fails unless `text` contains `part`, quoting `text` (shortened if long).
pub fn ensure_contains(text: &str, part: &str, what: impl Display) -> TestResult {
    ensure(
        text.contains(part),
        format!("{what}: expected {part:?} in {}", quote(text)),
    )
}

/// `text` in quotes, cut after 300 characters (and saying how long it was).
pub fn quote(text: &str) -> String {
    const MAX: usize = 300;
    match text.char_indices().nth(MAX) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!(
            "{:?}… ({} characters in all)",
            &text[..cut],
            text.chars().count()
        ),
    }
}

/// How a value is written in a failure message: JSON as JSON, the rest as Rust
/// writes it (`{:?}`); long text shortened by `quote`.
pub trait Shown {
    fn shown(&self) -> String;
}

impl Shown for Value {
    fn shown(&self) -> String {
        match self {
            Value::String(text) => quote(text),
            other => other.to_string(),
        }
    }
}

impl Shown for String {
    fn shown(&self) -> String {
        quote(self)
    }
}

impl Shown for &str {
    fn shown(&self) -> String {
        quote(self)
    }
}

macro_rules! shown_as_debug {
    ($($t:ty),*) => {
        $(impl Shown for $t {
            fn shown(&self) -> String {
                format!("{self:?}")
            }
        })*
    };
}

shown_as_debug!(
    bool,
    u16,
    u64,
    usize,
    Option<&str>,
    Option<u64>,
    Vec<String>
);
