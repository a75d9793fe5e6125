//! One browser tab on the site, spoken to in site paths, with waits on conditions.

use super::{ensure, repo, wait_until, Engine, Found, Shown, TestResult, WAIT};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use std::cell::Cell;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    pub(super) cloudflare: Option<String>,
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

    /// Waits until an element matches `css`, and returns the first.
    pub async fn wait_for(&self, css: &str) -> Found<Element> {
        let css = self.css(css);
        wait_until(format!("an element {css}"), WAIT, || async {
            match self.client.find(Locator::Css(&css)).await {
                Ok(element) => Ok(Ok(element)),
                Err(error) if error.is_no_such_element() => Ok(Err("none".to_string())),
                Err(error) if page_was_changing(&error) => Ok(Err(error.to_string())),
                Err(error) => Err(error.into()),
            }
        })
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
        wait_until(expression, WAIT, || async {
            match self.eval(expression).await {
                Ok(Value::Null | Value::Bool(false)) => Ok(Err("false".to_string())),
                Ok(value) if value == json!("") || value == json!(0) => Ok(Err(value.to_string())),
                Ok(_) => Ok(Ok(())),
                Err(error) if page_was_changing(&error) => Ok(Err(error.to_string())),
                Err(error) => Err(error.into()),
            }
        })
        .await
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
    async fn settled_viewport_width(&self) -> Found<u32> {
        let read = || async {
            let width = self.eval("window.innerWidth").await?;
            Ok::<_, fantoccini::error::CmdError>(width.as_u64().unwrap_or(0) as u32)
        };
        // Settled: the same width read four times in a row, 25 ms apart.
        let last = Cell::new(read().await?);
        let unchanged = Cell::new(0);
        let settled = wait_until("a settled width", Duration::from_secs(2), || async {
            let now = read().await?;
            unchanged.set(if now == last.get() {
                unchanged.get() + 1
            } else {
                0
            });
            last.set(now);
            Ok(if unchanged.get() >= 3 {
                Ok(now)
            } else {
                Err(format!("{now} px"))
            })
        })
        .await;
        // Still changing after 2 s: the caller compares the last width with the one
        // it wants, and resizes again.
        Ok(settled.unwrap_or(last.get()))
    }
}

/// Whether a script or an element lookup failed because the page was being replaced
/// (a link followed, a reload): the old document was unloading or the new one had
/// none yet. A wait takes that as "not yet"; any other error (a mistake in the
/// script, a lost session) ends it at once.
fn page_was_changing(error: &fantoccini::error::CmdError) -> bool {
    use fantoccini::error::{CmdError, ErrorStatus};
    matches!(error, CmdError::Standard(e)
        if (e.error == ErrorStatus::JavascriptError && !e.message.contains("SyntaxError"))
            // WebKit, when the document is left while the script runs.
            || e.message.contains("before the unload event")
            // WebKit, when the document is left while it runs a script or looks for
            // an element: the script's answer is lost (seen in CI, a link followed
            // during the app's start-up).
            || e.message.contains("Could not parse script result")
            || e.message.contains("Could not parse element info"))
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
