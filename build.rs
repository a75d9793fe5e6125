//! Writes the navigation model (`public/navigation.json`) as Rust: a `static` the
//! app reads directly, so the browser neither carries the JSON nor parses it at
//! start-up (BENCHMARKS.md gives the saving). The site builder still reads the JSON
//! with serde and checks it (`rules::validate_navigation`), naming any problem; this script only
//! stops on JSON it cannot read at all.
//!
//! Also writes the types of the messages between the pages and the service worker
//! (the enum of `public/offline/messages.ts`, which the worker and the page's module import) as
//! Rust constants, for the `/hors-ligne` control: the names are written once, there.

use serde_json::{Map, Value};
use std::fmt::Write;

#[path = "src/nav/kind_name.rs"]
mod kind_name;

const MODEL: &str = "public/navigation.json";
const WORKER_MESSAGES: &str = "public/offline/messages.ts";

fn main() {
    println!("cargo::rerun-if-changed={MODEL}");
    println!("cargo::rerun-if-changed={WORKER_MESSAGES}");
    println!("cargo::rerun-if-changed=src/nav/kind_name.rs");
    let json = std::fs::read_to_string(MODEL).unwrap_or_else(|e| panic!("{MODEL}: {e}"));
    let model: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{MODEL}: {e}"));
    let code = format!(
        "NavModel {{ site_name: {}, site_full_name: {}, root: {}, footer: {}, redirects: {} }}",
        text(&model["site_name"]),
        text(&model["site_full_name"]),
        node(&model["root"]),
        list(&model["footer"], text),
        list(&model["redirects"], |r| format!(
            "Redirect {{ from: {}, to: {} }}",
            text(&r["from"]),
            text(&r["to"])
        )),
    );
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("navigation.rs"), code).unwrap();
    let ts = std::fs::read_to_string(WORKER_MESSAGES)
        .unwrap_or_else(|e| panic!("{WORKER_MESSAGES}: {e}"));
    std::fs::write(out.join("worker_messages.rs"), worker_messages(&ts)).unwrap();
}

/// Each member `NAME = "type",` of the enum `Message` as `pub const NAME: &str =
/// "type";`; any other line in its braces but a comment stops the build, naming it.
fn worker_messages(ts: &str) -> String {
    let members = ts
        .split_once("export enum Message {\n")
        .and_then(|(_, rest)| rest.split_once("\n}"))
        .unwrap_or_else(|| panic!("{WORKER_MESSAGES}: no `export enum Message {{ … }}`"))
        .0;
    let mut code = String::new();
    for line in members.lines().map(str::trim) {
        if line.starts_with("//") {
            continue;
        }
        let member = line
            .split_once(" = \"")
            .and_then(|(name, rest)| Some((name, rest.split_once("\",")?.0)))
            .filter(|(name, value)| {
                name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
                    && !value.contains(['"', '\\'])
            });
        let Some((name, value)) = member else {
            panic!("{WORKER_MESSAGES}: not `NAME = \"type\",`: {line}");
        };
        writeln!(code, "pub const {name}: &str = {value:?};").unwrap();
    }
    code
}

fn node(value: &Value) -> String {
    let empty = Map::new();
    let fields = value.as_object().unwrap_or(&empty);
    let mut code = String::from("NavNode { ");
    for key in ["label", "path", "description"] {
        write!(code, "{key}: {}, ", text(&value[key])).unwrap();
    }
    // A kind with no Rust name is written as a page: the site builder, which reads
    // the JSON with serde, then fails the build naming the kind and its line.
    let kind = kind_name::variant(value["kind"].as_str().unwrap_or_default());
    write!(code, "kind: Kind::{}, ", kind.as_deref().unwrap_or("Page")).unwrap();
    let blurb = match fields.get("blurb") {
        Some(b) if !b.is_null() => format!("Some({})", text(b)),
        _ => "None".into(),
    };
    let in_menu = fields
        .get("in_menu")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let children = fields
        .get("children")
        .map_or("Cow::Borrowed(&[])".into(), |c| list(c, node));
    write!(
        code,
        "blurb: {blurb}, in_menu: {in_menu}, children: {children} }}"
    )
    .unwrap();
    code
}

fn text(value: &Value) -> String {
    // Debug formatting writes a valid Rust string literal.
    format!("Cow::Borrowed({:?})", value.as_str().unwrap_or_default())
}

fn list(values: &Value, item: impl Fn(&Value) -> String) -> String {
    let items: Vec<String> = values
        .as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(item)
        .collect();
    format!("Cow::Borrowed(&[{}])", items.join(", "))
}
