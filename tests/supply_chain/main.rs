//! What the build takes from the registries, and how: no npm install script runs,
//! npm's and cargo's versions are the locked ones, and building installs nothing.
//! Reads the repository's scripts and settings, and runs the npm tools once to show
//! they work without their install scripts. Needs `scripts/setup.sh`'s npm tools.
//!   cargo test --test supply_chain

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(file: &str) -> String {
    std::fs::read_to_string(repo().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Every shell script of `scripts/`, with Trunk.toml (its hook runs cargo).
fn scripts() -> Vec<(PathBuf, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("scripts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sh"))
        .collect();
    files.push(repo().join(".ci/run"));
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// The commands of a script, comments left out.
fn commands(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split(" #").next().unwrap_or_default().trim())
        .filter(|l| !l.starts_with('#') && !l.is_empty())
}

#[test]
fn npm_runs_no_install_script_and_its_version_is_pinned() {
    let npmrc = read(".npmrc");
    assert!(
        commands(&npmrc).any(|l| l == "ignore-scripts=true"),
        "{npmrc}"
    );
    assert!(
        commands(&npmrc).any(|l| l == "engine-strict=true"),
        "{npmrc}"
    );
    let package: serde_json::Value = serde_json::from_str(&read("package.json")).unwrap();
    let manager = package["packageManager"].as_str().unwrap_or_default();
    let engine = package["engines"]["npm"].as_str().unwrap_or_default();
    assert!(manager.starts_with("npm@"), "packageManager: {manager:?}");
    assert_eq!(manager.strip_prefix("npm@"), Some(engine), "engines.npm");
}

/// The tools whose packages have install scripts elsewhere (esbuild, workerd) or
/// ship a binary (pagefind, binaryen, vnu-jar) run as `npm ci` left them.
#[test]
fn the_npm_tools_work_without_their_install_scripts() {
    let bin = repo().join("node_modules/.bin");
    for (tool, args) in [
        ("esbuild", &["--version"][..]),
        ("wasm-opt", &["--version"]),
        ("pagefind", &["--version"]),
        ("workerd", &["--version"]),
        ("wrangler", &["--version"]),
    ] {
        let output = Command::new(bin.join(tool))
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{tool}: {e} (run scripts/setup.sh)"));
        assert!(output.status.success(), "{tool}: {output:?}");
    }
    let vnu = repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let output = Command::new("java")
        .arg("-jar")
        .arg(&vnu)
        .arg("--version")
        .output()
        .unwrap();
    assert!(output.status.success(), "vnu.jar: {output:?}");
}

#[test]
fn every_cargo_build_and_install_is_locked() {
    let mut seen = 0;
    for (path, text) in scripts() {
        for command in commands(&text) {
            let building = ["install", "build", "run", "test", "clippy", "bench"]
                .iter()
                .any(|verb| command.contains(&format!("cargo {verb} ")));
            if building {
                seen += 1;
                assert!(
                    command.contains("--locked"),
                    "{}: {command:?} without --locked",
                    path.display()
                );
            }
        }
    }
    assert!(seen >= 10, "the scripts' cargo commands: {seen}");
    let trunk = read("Trunk.toml");
    assert!(
        commands(&trunk).any(|l| l == "locked = true"),
        "Trunk.toml's [build] locked"
    );
    let hook = trunk
        .lines()
        .find(|l| l.starts_with("command_arguments"))
        .unwrap();
    assert!(hook.contains(r#""--locked""#), "Trunk.toml's hook: {hook}");
}

/// Installing is `setup.sh`'s job: `build.sh` only uses what is there.
#[test]
fn building_installs_nothing() {
    let build = read("scripts/build.sh");
    for installing in [
        "setup.sh",
        "cargo install",
        "npm ci",
        "npm install",
        "apt-get",
        "rustup",
    ] {
        assert!(
            !commands(&build).any(|c| c.contains(installing)),
            "scripts/build.sh runs {installing:?}"
        );
    }
    for script in ["scripts/dev.sh", "scripts/test.sh"] {
        assert!(
            commands(&read(script)).any(|c| c.contains("/setup.sh")),
            "{script} sets up first"
        );
    }
}
