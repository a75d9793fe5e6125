//! Checks whose failure says what was found, not only what was expected.

use super::TestResult;
use serde_json::Value;
use std::fmt::Display;

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
