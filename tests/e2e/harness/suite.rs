//! The tests' list and the run: which engines and builds each test runs in, the
//! servers started once, a fresh browser session per test.

use super::{repo, Engine, EngineServer, Nginx, Page, TestResult, Wrangler};
use libtest_mimic::{Arguments, Failed, Trial};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::Arc;

type TestFn = fn(Page) -> Pin<Box<dyn Future<Output = TestResult>>>;

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
