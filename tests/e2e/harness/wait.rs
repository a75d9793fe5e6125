//! The one wait on a condition: look, and look again every 25 ms until what is
//! looked for is there or the time is up, then fail saying what was seen last.
//! Never a fixed sleep: a wait ends as soon as its condition holds.

use super::Found;
use std::fmt::Display;
use std::future::Future;
use std::time::{Duration, Instant};

/// How soon a condition is looked at again.
const EVERY: Duration = Duration::from_millis(25);

/// What one look found: `Ok(Ok(value))`, what was waited for; `Ok(Err(seen))`, not
/// yet, and what was seen instead; `Err(error)`, a failure that ends the wait.
pub type Look<T> = Found<Result<T, String>>;

/// Looks until `look` finds what it waits for, for at most `within`. The failure
/// reads "{what}: after {within}, {what was seen last}".
pub async fn wait_until<T, F, Fut>(what: impl Display, within: Duration, mut look: F) -> Found<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Look<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        match look().await? {
            Ok(found) => return Ok(found),
            Err(seen) if Instant::now() >= deadline => {
                return Err(format!("{what}: after {within:?}, {seen}").into())
            }
            Err(_) => tokio::time::sleep(EVERY).await,
        }
    }
}

/// The same wait for the process layer, which runs outside the async runtime (a
/// process's stop, a server's port opening): the thread sleeps between looks.
pub fn wait_until_blocking<T>(
    what: impl Display,
    within: Duration,
    mut look: impl FnMut() -> Look<T>,
) -> Found<T> {
    let deadline = Instant::now() + within;
    loop {
        match look()? {
            Ok(found) => return Ok(found),
            Err(seen) if Instant::now() >= deadline => {
                return Err(format!("{what}: after {within:?}, {seen}").into())
            }
            Err(_) => std::thread::sleep(EVERY),
        }
    }
}
