//! What the end-to-end tests (and the benchmark, which includes this folder) stand
//! on, one file per concern:
//!
//! - `suite`: the tests' list (`tests!`), which engines and builds each runs in, and
//!   the run that starts the servers and gives each test a fresh browser session;
//! - `processes`: child processes stopped with the run, ports, folders;
//! - `servers`: nginx and Cloudflare Pages' own server (wrangler) serving a build;
//! - `page`: one browser tab on the site, in site paths, with waits on conditions;
//! - `wait`: the one wait on a condition (a timeout and a message, never a sleep);
//! - `http`: requests made by a client other than the browser, as a crawler makes them;
//! - `lighthouse`: Lighthouse runs, shared with the benchmark;
//! - `assertions`: `ensure…`, whose messages say what was found.

mod assertions;
mod http;
mod lighthouse;
mod page;
mod processes;
mod servers;
mod suite;
mod wait;

pub use crate::browsers::{Engine, EngineServer};
pub use assertions::*;
pub use http::*;
pub use lighthouse::*;
pub use page::*;
pub use processes::*;
pub use servers::*;
pub use suite::*;
pub use wait::*;

use std::time::Duration;

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;
/// What a test helper finds, or why it could not.
pub type Found<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// How long a condition may take to become true before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);
