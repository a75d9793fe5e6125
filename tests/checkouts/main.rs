//! Two checkouts of the site built with one target directory, as a CI cache, a
//! second clone or `CARGO_TARGET_DIR` make it: each `dist/` holds its own
//! checkout's content, never the other's.
//!
//! Cargo decides that a binary is up to date from its sources' modification times,
//! so after building checkout B, checkout A (whose files are older) keeps B's
//! binaries: the site builder must read the checkout it runs in (Trunk runs its hooks
//! in the project's root), never a path compiled into it. The builds run in the order
//! A, B, then A again: the last one is that case.
//!
//! Needs what `scripts/setup.sh` installs (trunk, wasm-bindgen, the npm tools) and
//! builds three times, so `scripts/test.sh` runs it on its own:
//!   cargo test --test checkouts

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The page whose content file each copy changes, and where that shows.
const CONTENT_FILE: &str = "public/content/agir.json";
const PAGE: &str = "agir/index.html";
const COPY: &str = "content/agir.json";

fn marker(name: &str) -> String {
    format!("Texte propre à la copie {name}.")
}

/// The repository's files as they are in the working tree (committed or not, but
/// not those git ignores), copied to `to`, with `node_modules` linked (the builder
/// runs esbuild and Pagefind from it) and its own sentence at the start of the
/// lead of `CONTENT_FILE`.
fn checkout(to: &Path, name: &str) {
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(REPO)
        .output()
        .expect("git runs");
    assert!(listed.status.success(), "git ls-files: {listed:?}");
    for file in listed.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let file = Path::new(std::str::from_utf8(file).expect("UTF-8 file names"));
        let from = Path::new(REPO).join(file);
        if !from.is_file() {
            continue; // deleted in the working tree, not yet in the index
        }
        let target = to.join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&from, &target).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
    std::os::unix::fs::symlink(
        Path::new(REPO).join("node_modules"),
        to.join("node_modules"),
    )
    .unwrap();
    let file = to.join(CONTENT_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen(
        "\"lead\": [",
        &format!("\"lead\": [\n    \"{} \",", marker(name)),
        1,
    );
    assert_ne!(text, edited, "{CONTENT_FILE} has a lead to edit");
    std::fs::write(&file, edited).unwrap();
}

/// `trunk build --release` in `checkout`, with `target` as cargo's target directory.
fn build(checkout: &Path, target: &Path) {
    let status = Command::new("trunk")
        .args(["build", "--release"])
        .current_dir(checkout)
        .env("CARGO_TARGET_DIR", target)
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .status()
        .expect("trunk runs (scripts/setup.sh installs it)");
    assert!(
        status.success(),
        "trunk build in {}: {status}",
        checkout.display()
    );
}

/// Fails unless `checkout`'s built page and content file say `own` and not `other`.
fn assert_holds_its_own(checkout: &Path, own: &str, other: &str) {
    for file in [PAGE, COPY] {
        let path = checkout.join("dist").join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            text.contains(&marker(own)) && !text.contains(&marker(other)),
            "{}: expected checkout {own}'s sentence, not {other}'s",
            path.display()
        );
    }
}

#[test]
fn two_checkouts_sharing_a_target_directory_each_build_their_own_content() {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| Path::new(REPO).join("target"), PathBuf::from);
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    checkout(&a, "A");
    checkout(&b, "B");
    build(&a, &target);
    assert_holds_its_own(&a, "A", "B");
    build(&b, &target);
    assert_holds_its_own(&b, "B", "A");
    // A's files are older than what B's build left in the target directory.
    build(&a, &target);
    assert_holds_its_own(&a, "A", "B");
}
