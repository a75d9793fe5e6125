//! The modules' layering, as ARCHITECTURE.md states it, checked over the source:
//! a module names only modules of the layers below its own (never one of its own
//! layer, never one above), and no two modules of one folder import each other,
//! directly or through others. A test over the text of the `use` lines and of the
//! paths in the code (`crate::…`, `super::…`), comments and test modules left out:
//! small enough to read, and a new import that breaks the layering fails it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crate's top-level modules, from the top layer down. A module may use the
/// modules of the layers below its own only: `pages` and `shell` never use each
/// other, and `nav`, at the bottom, uses none.
const LAYERS: [&[&str]; 8] = [
    &["builder"],
    &["app"],
    &["pages", "shell"],
    &["render", "search"],
    &["chunks", "rules"],
    &["dom", "api"],
    &["content"],
    &["nav"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// A source file's module path: `src/builder/host.rs` is `["builder", "host"]`,
/// `src/builder/figures/mod.rs` is `["builder", "figures"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("a file under src/");
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file that the layering is about: its line comments and its test
/// module (`mod tests`, at the end of a file) left out.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if ["mod tests", "pub mod tests", "pub(crate) mod tests"]
            .iter()
            .any(|m| trimmed.starts_with(m))
        {
            break;
        }
        code.push_str(line.split("//").next().unwrap_or_default());
        code.push('\n');
    }
    code
}

/// Every path a piece of code names from `crate::` or `super::` (a `use` line's
/// braces expanded: `use super::{host, split::Split}` names `super::host` and
/// `super::split::Split`), as its segments.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for statement in code.split(';') {
        let statement: String = statement.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(tree) = statement
            .strip_prefix("use ")
            .or_else(|| statement.strip_prefix("pub use "))
            .or_else(|| statement.strip_prefix("pub(crate) use "))
        {
            // `a as b` kept apart from the path by `@`, before the spaces go.
            expand(&tree.replace(" as ", "@").replace(' ', ""), "", &mut paths);
        }
    }
    // Paths written in the code itself: `crate::nav::href(path)`.
    for start in ["crate::", "super::"] {
        for (at, _) in code.match_indices(start) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            // `super::{` is a use line's, expanded above.
            if segments(&path).len() > 1 {
                paths.push(segments(&path));
            }
        }
    }
    paths.retain(|p| matches!(p.first().map(String::as_str), Some("crate" | "super")));
    paths
}

fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Expands a use tree (`a::{b,c::{d,e}}`) into its paths, each after `prefix`.
fn expand(tree: &str, prefix: &str, out: &mut Vec<Vec<String>>) {
    match tree.find('{') {
        None => {
            let path = tree.split('@').next().unwrap_or(tree);
            out.push(segments(&format!("{prefix}{path}")));
        }
        Some(open) => {
            let head = &tree[..open];
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut depth = 0;
            let mut from = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&inner[from..i], &format!("{prefix}{head}"), out);
                        from = i + 1;
                    }
                    _ => {}
                }
            }
            if from < inner.len() {
                expand(&inner[from..], &format!("{prefix}{head}"), out);
            }
        }
    }
}

/// The module a path leads into, as a full module path: `super::split::Split` in
/// `builder::host` gives `builder::split::Split` (the item's name stays at the end;
/// callers compare prefixes).
fn resolve(module: &[String], path: &[String]) -> Vec<String> {
    let mut full: Vec<String> = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("super") => {
            full = module.to_vec();
            while rest.first().is_some_and(|s| s == "super") {
                full.pop();
                rest = &rest[1..];
            }
        }
        _ => {}
    }
    full.extend(rest.iter().cloned());
    full
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("an entry of src/").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every module of the library and the modules it names, as full module paths
/// (`main.rs` and `bin/` are the library's users, not part of it; this module is
/// a test).
fn imports() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        if matches!(
            module.first().map(String::as_str),
            Some("lib" | "main" | "bin" | "layering")
        ) {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&file).expect("a source file"));
        let named: BTreeSet<Vec<String>> = paths_in(&code)
            .iter()
            .map(|path| resolve(&module, path))
            .filter(|target| !target.is_empty())
            .collect();
        graph.insert(module, named);
    }
    graph
}

/// Each top-level module's imports of other top-level modules that break `LAYERS`.
fn layering_breaches(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let mut breaches = Vec::new();
    for (module, named) in graph {
        let from = &module[0];
        let Some(from_layer) = layer_of(from) else {
            breaches.push(format!("{from} is in no layer of LAYERS"));
            continue;
        };
        for target in named {
            let to = &target[0];
            if to == from {
                continue;
            }
            match layer_of(to) {
                Some(to_layer) if to_layer > from_layer => {}
                // A macro or an item of the crate root (`crate::chunk!`, …) is no layer.
                None if !graph.keys().any(|m| &m[0] == to) => {}
                _ => breaches.push(format!("{} uses {}", module.join("::"), target.join("::"))),
            }
        }
    }
    breaches
}

/// A cycle among the modules of one folder (siblings: `builder::host` and
/// `builder::offline`), if there is one, as the modules it goes through.
fn sibling_cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    // Edges between siblings only: a parent and its children share items both ways
    // (`mod` and `use super::…`), as Rust modules do.
    let mut edges: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, named) in graph {
        let Some((_, parent)) = module.split_last() else {
            continue;
        };
        for target in named {
            let sibling = graph.keys().find(|m| {
                m.len() == module.len() && m.starts_with(parent) && target.starts_with(m)
            });
            if let Some(sibling) = sibling.filter(|s| *s != module) {
                edges.entry(module).or_default().insert(sibling.clone());
            }
        }
    }
    let mut cycles = Vec::new();
    for start in edges.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack = vec![vec![(*start).clone()]];
        let mut seen = BTreeSet::new();
        while let Some(way) = stack.pop() {
            let last = way.last().expect("a way has a module");
            for next in edges.get(last).into_iter().flatten() {
                if next == *start {
                    let names: Vec<String> = way.iter().map(|m| m.join("::")).collect();
                    cycles.push(format!("{} -> {}", names.join(" -> "), start.join("::")));
                } else if seen.insert(next.clone()) {
                    let mut longer = way.clone();
                    longer.push(next.clone());
                    stack.push(longer);
                }
            }
        }
    }
    cycles
}

#[test]
fn modules_use_only_the_layers_below_their_own() {
    let breaches = layering_breaches(&imports());
    assert!(
        breaches.is_empty(),
        "imports against the layering (LAYERS, ARCHITECTURE.md):\n{}",
        breaches.join("\n")
    );
}

#[test]
fn no_two_modules_of_a_folder_import_each_other() {
    let cycles = sibling_cycles(&imports());
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// ARCHITECTURE.md's table of the layers is `LAYERS`, row for row.
#[test]
fn the_documented_layers_are_these() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md");
    let table = doc
        .split("| layer | modules |")
        .nth(1)
        .expect("ARCHITECTURE.md has the table of the layers");
    let rows: Vec<Vec<String>> = table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            // `| 5 | `chunks`, `rules` (`rules`: …) |`: the names in backticks before
            // any parenthesis.
            let cell = line.split(" | ").nth(1).unwrap_or_default();
            let names = cell.split('(').next().unwrap_or_default();
            names
                .split(", ")
                .map(|n| n.trim().trim_end_matches(" |").replace('`', ""))
                .collect()
        })
        .collect();
    let expected: Vec<Vec<String>> = LAYERS
        .iter()
        .map(|layer| layer.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn the_checks_see_an_import_upwards_and_a_cycle() {
    let module = |m: &str| segments(m);
    let mut graph = BTreeMap::new();
    let code = code_of(
        "use super::{host, split::{Split, Part as P}};\n\
         // use crate::app; in a comment\n\
         fn f() { crate::nav::href(\"/\"); }\n\
         mod tests { use crate::shell::x; }",
    );
    let named: BTreeSet<Vec<String>> = paths_in(&code)
        .iter()
        .map(|p| resolve(&module("builder::offline"), p))
        .collect();
    assert_eq!(
        named,
        BTreeSet::from([
            module("builder::host"),
            module("builder::split::Split"),
            module("builder::split::Part"),
            module("nav::href"),
        ])
    );
    graph.insert(module("builder::offline"), named);
    graph.insert(
        module("builder::host"),
        BTreeSet::from([module("builder::offline::WORKER")]),
    );
    graph.insert(module("builder::split"), BTreeSet::new());
    graph.insert(module("nav"), BTreeSet::from([module("content::Text")]));
    graph.insert(module("content"), BTreeSet::new());
    assert_eq!(
        sibling_cycles(&graph),
        [
            "builder::host -> builder::offline -> builder::host",
            "builder::offline -> builder::host -> builder::offline"
        ]
    );
    assert_eq!(layering_breaches(&graph), ["nav uses content::Text"]);
}
