//! The build gate: the navigation model and every content file, checked before
//! anything is written. A problem fails the build (release and development alike)
//! with the file and the place: `public/content/agir.json: body[2]: link to
//! /nulle-part, which is not a page of the site`.

use super::BuildError;
use crate::nav::{content_slug, model, NavModel};
use crate::rules::{placeholders, validate_content, validate_navigation, ExternalSites};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const STEP: &str = "validation";

/// The content files of `public/content/`, checked against the model.
pub struct Sources {
    /// File name (`agir--engagez-vous.json`) → its text.
    files: BTreeMap<String, String>,
    /// File name → the date written into it by `fill_dates` (`YYYY-MM-DD`).
    updated: BTreeMap<String, String>,
}

impl Sources {
    /// The text of the content file of the page at `path`.
    pub fn content_of(&self, path: &str) -> Option<&str> {
        self.files
            .get(&format!("{}.json", content_slug(path)))
            .map(String::as_str)
    }

    /// Replaces every `{{NAME}}` of the files with its build setting: the value
    /// `settings` holds for it, else its default (`rules::placeholders`). Returns
    /// the files changed, (name, new text), for their copies in `dist/content/`.
    pub fn fill_placeholders(
        &mut self,
        settings: &BTreeMap<String, String>,
    ) -> Vec<(String, String)> {
        let mut changed = Vec::new();
        for (name, text) in &mut self.files {
            let filled = placeholders::fill(text, |setting| {
                settings
                    .get(setting.name)
                    .map_or_else(|| setting.default.to_string(), Clone::clone)
            });
            if filled != *text {
                *text = filled;
                changed.push((name.clone(), text.clone()));
            }
        }
        changed
    }

    /// Rewrites each file with `edit`, which answers the new text or `None` to leave
    /// it; returns the files changed, (name, new text), for their copies in
    /// `dist/content/`.
    pub fn rewrite(
        &mut self,
        mut edit: impl FnMut(&str, &str) -> Result<Option<String>, BuildError>,
    ) -> Result<Vec<(String, String)>, BuildError> {
        let mut changed = Vec::new();
        for (name, text) in &mut self.files {
            if let Some(new) = edit(name, text)? {
                *text = new;
                changed.push((name.clone(), text.clone()));
            }
        }
        Ok(changed)
    }

    /// Writes into each file the date its content last changed (`changes`, by file
    /// name: see `last_changes`), as `dates.updated`, which the page shows as "Mis à
    /// jour le …". A file without a date is left as it is. Returns the files changed,
    /// (name, new text), for their copies in `dist/content/`.
    pub fn fill_dates(
        &mut self,
        changes: &BTreeMap<String, String>,
    ) -> Result<Vec<(String, String)>, BuildError> {
        let mut changed = Vec::new();
        for (name, text) in &mut self.files {
            let Some(date) = changes.get(name) else {
                continue;
            };
            *text = with_updated(text, date).ok_or_else(|| {
                BuildError::new(
                    "dates",
                    format!("public/content/{name}: the date {date} could not be written in"),
                )
            })?;
            self.updated.insert(name.clone(), date.clone());
            changed.push((name.clone(), text.clone()));
        }
        Ok(changed)
    }

    /// The date the content of the page at `path` last changed, if `fill_dates` knew it.
    pub fn updated_of(&self, path: &str) -> Option<&str> {
        self.updated
            .get(&format!("{}.json", content_slug(path)))
            .map(String::as_str)
    }
}

/// When each content file last changed: the date (`YYYY-MM-DD`) of the last commit
/// that changed it, by file name, from the history of the repository `public` is in
/// (`git log`); a file never changed since it was added has the date of the commit
/// that added it. A file not committed yet has none (so a change not committed yet
/// shows the date of the file's last commit). `Err` says why there is no history to
/// read: git missing, no repository (a tarball), or a shallow clone, whose dates would
/// be those of its one commit.
pub fn last_changes(public: &Path) -> Result<BTreeMap<String, String>, String> {
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(public.join("content"))
            .args(args)
            .output()
            .map_err(|e| format!("git could not be run ({e})"))?;
        if !out.status.success() {
            let why = String::from_utf8_lossy(&out.stderr);
            return Err(format!("git {}: {}", args[0], why.trim()));
        }
        String::from_utf8(out.stdout).map_err(|e| format!("git {}: {e}", args[0]))
    };
    if git(&["rev-parse", "--is-shallow-repository"])?.trim() != "false" {
        return Err("the repository's history is cut short (a shallow clone)".into());
    }
    let log = git(&[
        "log",
        "--date=short",
        "--format=%x00%cd",
        "--name-only",
        "--relative",
        "--",
        ".",
    ])?;
    Ok(dates_from_log(&log))
}

/// The first (most recent) date of each file named in `git log` output written
/// `--format=%x00%cd --name-only`: a NUL, the date, then the commit's files.
fn dates_from_log(log: &str) -> BTreeMap<String, String> {
    let mut dates = BTreeMap::new();
    for commit in log.split('\0').skip(1) {
        let mut lines = commit.lines();
        let Some(date) = lines.next() else { continue };
        for name in lines.filter(|l| !l.is_empty()) {
            dates
                .entry(name.to_string())
                .or_insert_with(|| date.to_string());
        }
    }
    dates
}

/// `json`, a content file, with `dates.updated` set to `date`: written into its
/// `dates` object, or in a new one at the start, the rest of the text as it is (the
/// blocks keep their `type` first). `None` if the result does not read back with
/// that date.
fn with_updated(json: &str, date: &str) -> Option<String> {
    let member = format!("\"updated\": \"{date}\"");
    let text = match top_level_value(json, "dates") {
        Some(at) if json[at..].starts_with('{') => {
            let rest = &json[at + 1..];
            let empty = rest.trim_start().starts_with('}');
            let comma = if empty { "" } else { ", " };
            format!("{}{member}{comma}{rest}", &json[..=at])
        }
        Some(at) if json[at..].starts_with("null") => {
            format!("{}{{{member}}}{}", &json[..at], &json[at + 4..])
        }
        Some(_) => return None,
        None => {
            let at = json.find('{')?;
            format!(
                "{}\"dates\": {{{member}}}, {}",
                &json[..=at],
                &json[at + 1..]
            )
        }
    };
    let read = crate::content::PageContent::parse(&text).ok()?;
    (read.dates?.updated.as_deref() == Some(date)).then_some(text)
}

/// Where the value of the top-level `key` of the JSON object `json` starts.
fn top_level_value(json: &str, key: &str) -> Option<usize> {
    let bytes = json.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let after = json.get(i + 1..)?.trim_start();
                if depth == 1 && json.get(start..i) == Some(key) && after.starts_with(':') {
                    let value = after[1..].trim_start();
                    return Some(json.len() - value.len());
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Reads the checkout's `public/`: its model (`navigation.json`), its allow-list of
/// external sites (`external-links.json`) and its content files (`content/*.json`),
/// and checks them. Every problem is listed, not only the first. The model must also
/// be the one this binary was compiled with (`nav::model()`, which every page is
/// rendered from): cargo keeps a binary built for another checkout that shares its
/// target directory, and such a binary would write that checkout's menus.
pub fn read(public: &Path) -> Result<Sources, BuildError> {
    let source = |name: &str| {
        let path = public.join(name);
        std::fs::read_to_string(&path)
            .map_err(|e| BuildError::new(STEP, format!("{}: {e}", path.display())))
    };
    let model_json = source("navigation.json")?;
    let external_json = source("external-links.json")?;
    let dir = public.join("content");
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| BuildError::new(STEP, format!("{}: {e}", dir.display())))?;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                problems.push(format!("{}: {e}", dir.display()));
                continue;
            }
        };
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            problems.push(format!("{}: the file name is not UTF-8", path.display()));
            continue;
        };
        if !name.ends_with(".json") {
            problems.push(format!(
                "public/content/{name}: not a content file (only .json files belong here)"
            ));
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push((name.to_string(), text)),
            Err(e) => problems.push(format!("public/content/{name}: {e}")),
        }
    }
    // In name order, so the problems are listed the same way on every machine.
    files.sort();
    problems.extend(check(&model_json, &external_json, &files));
    if problems.is_empty() {
        compiled_from(&model_json, public)?;
        Ok(Sources {
            files: files.into_iter().collect(),
            updated: BTreeMap::new(),
        })
    } else {
        Err(BuildError {
            step: STEP,
            problems,
        })
    }
}

/// Fails unless the model `model_json` (valid) is the one compiled into this binary.
fn compiled_from(model_json: &str, public: &Path) -> Result<(), BuildError> {
    let read = NavModel::parse(model_json).map_err(|e| BuildError::new(STEP, e.to_string()))?;
    if format!("{read:?}") == format!("{:?}", model()) {
        return Ok(());
    }
    Err(BuildError::new(
        STEP,
        format!(
            "{}: not the model this site-builder was compiled with. Cargo reused a binary \
             built for another checkout that shares this target directory (CARGO_TARGET_DIR), \
             and would write that checkout's menus. Rebuild this checkout's: \
             `cargo clean -p oim-site`, then build again.",
            public.join("navigation.json").display()
        ),
    ))
}

/// Every problem of a model and an allow-list of external sites (their JSON texts)
/// and of content files (name, text), each naming its file and the place in it.
/// Never panics, whatever the input.
pub fn check(model_json: &str, external_json: &str, files: &[(String, String)]) -> Vec<String> {
    let model = match NavModel::parse(model_json) {
        Ok(model) => model,
        Err(e) => return vec![format!("public/navigation.json: {e}")],
    };
    let mut problems: Vec<String> = validate_navigation(&model)
        .iter()
        .map(|e| format!("public/{e}"))
        .collect();
    match ExternalSites::parse(external_json) {
        Ok(sites) => problems.extend(
            validate_content(&model, &sites, files)
                .iter()
                .map(ToString::to_string),
        ),
        Err(e) => problems.push(format!("public/external-links.json: {e}")),
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nav::MODEL_JSON;
    use crate::rules::EXTERNAL_LINKS_JSON;

    /// `check` with the repository's allow-list of external sites.
    pub(super) fn check(model_json: &str, files: &[(String, String)]) -> Vec<String> {
        super::check(model_json, EXTERNAL_LINKS_JSON, files)
    }

    /// A copy of the repository's `public/` sources: model, allow-list, content.
    fn public_copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("public");
        for name in ["navigation.json", "external-links.json"] {
            std::fs::copy(public.join(name), dir.path().join(name)).unwrap();
        }
        let from = public.join("content");
        std::fs::create_dir(dir.path().join("content")).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(
                &path,
                dir.path().join("content").join(path.file_name().unwrap()),
            )
            .unwrap();
        }
        dir
    }

    #[test]
    fn the_real_sources_pass() {
        let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("public");
        let sources = read(&public).unwrap_or_else(|e| panic!("{e}"));
        assert!(sources.content_of("/agir/engagez-vous").is_some());
        assert!(sources.content_of("/").is_some());
    }

    #[test]
    fn a_broken_internal_link_fails_naming_the_file_and_the_block() {
        let public = public_copy();
        let file = public.path().join("content/agir.json");
        let text = std::fs::read_to_string(&file).unwrap();
        let broken = text.replacen("\"body\": [", r#""body": [{"type": "paragraph", "text": [{"link": "/page-disparue", "text": "ici"}]},"#, 1);
        assert_ne!(text, broken, "the fixture has a body to edit");
        std::fs::write(&file, broken).unwrap();
        let error = read(public.path()).err().expect("the build fails");
        assert_eq!(error.step, STEP);
        assert_eq!(
            error.problems,
            ["public/content/agir.json: body[0]: link to /page-disparue, which is not a page of the site"]
        );
    }

    #[test]
    fn a_model_other_than_the_one_compiled_in_fails_the_build() {
        let public = public_copy();
        let file = public.path().join("navigation.json");
        let text = std::fs::read_to_string(&file).unwrap();
        let other = text.replacen("Engagez-vous", "Engagez-vous avec nous", 1);
        assert_ne!(text, other, "the fixture has a label to edit");
        std::fs::write(&file, other).unwrap();
        let error = read(public.path()).err().expect("the build fails");
        assert_eq!(error.step, STEP);
        assert!(
            error.problems[0].contains("not the model this site-builder was compiled with")
                && error.problems[0].contains("cargo clean -p oim-site"),
            "{error}"
        );
    }

    #[test]
    fn a_missing_model_or_allow_list_fails_naming_the_file() {
        for name in ["navigation.json", "external-links.json"] {
            let public = public_copy();
            std::fs::remove_file(public.path().join(name)).unwrap();
            let error = read(public.path()).err().expect("the build fails");
            assert!(error.problems[0].contains(name), "{error}");
        }
    }

    #[test]
    fn unreadable_json_fails_with_its_line_and_column() {
        let public = public_copy();
        std::fs::write(
            public.path().join("content/agir.json"),
            "{\"body\": [\n  {\"type\": \"paragraph\",}\n]}",
        )
        .unwrap();
        std::fs::write(public.path().join("content/notes.txt"), "brouillon").unwrap();
        let error = read(public.path()).err().expect("the build fails");
        let text = error.to_string();
        assert!(
            text.contains("public/content/agir.json: does not match the content model"),
            "{text}"
        );
        assert!(text.contains("line 2 column"), "{text}");
        assert!(
            text.contains("public/content/notes.txt: not a content file"),
            "{text}"
        );
    }

    #[test]
    fn the_last_change_is_written_into_the_dates_as_they_are() {
        let cases = [
            (
                r#"{"body": []}"#,
                r#"{"dates": {"updated": "2026-12-02"}, "body": []}"#,
            ),
            (
                "{\n  \"dates\": {\n    \"published\": \"2017\"\n  },\n  \"body\": []}",
                "{\n  \"dates\": {\"updated\": \"2026-12-02\", \n    \"published\": \"2017\"\n  },\n  \"body\": []}",
            ),
            (
                r#"{"lead": ["\"dates\": {"], "dates": {}, "body": [{"type": "note", "text": ["{"]}]}"#,
                r#"{"lead": ["\"dates\": {"], "dates": {"updated": "2026-12-02"}, "body": [{"type": "note", "text": ["{"]}]}"#,
            ),
            (
                r#"{"dates": null, "body": []}"#,
                r#"{"dates": {"updated": "2026-12-02"}, "body": []}"#,
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(with_updated(json, "2026-12-02").as_deref(), Some(expected));
        }
        assert_eq!(
            with_updated(r#"{"dates": 3, "body": []}"#, "2026-12-02"),
            None
        );
    }

    #[test]
    fn the_history_gives_each_file_its_last_change() {
        let log =
            "\x002026-12-02\n\nagir.json\naccueil.json\n\x002026-11-29\n\nagir.json\nhors-ligne.json\n";
        let dates = dates_from_log(log);
        assert_eq!(dates["agir.json"], "2026-12-02");
        assert_eq!(dates["accueil.json"], "2026-12-02");
        assert_eq!(dates["hors-ligne.json"], "2026-11-29");
        assert_eq!(dates.len(), 3);
        // This checkout's own history: every committed file has a date.
        let public = Path::new(env!("CARGO_MANIFEST_DIR")).join("public");
        if let Ok(dates) = last_changes(&public) {
            assert!(dates.contains_key("accueil.json"), "{dates:?}");
            assert!(dates.values().all(|d| d.len() == 10), "{dates:?}");
        }
        let error = last_changes(&std::env::temp_dir().join("pas-un-depot")).unwrap_err();
        assert!(error.starts_with("git rev-parse"), "{error}");
    }

    #[test]
    fn a_bad_model_is_named() {
        let problems = check("{\"site_name\": 1}", &[]);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("public/navigation.json: invalid type"),
            "{problems:?}"
        );
        assert!(problems[0].contains("line 1 column"), "{problems:?}");
        let orphan = MODEL_JSON.replacen("\"/agir\"", "\"/agir/\"", 1);
        let problems = check(&orphan, &[]);
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("public/navigation.json, /agir/: path is not of the form")),
            "{problems:?}"
        );
    }
}

/// Bad input of every kind, generated and mutated by the thousand: the checks never
/// panic, and every problem names its file and the place in it.
#[cfg(test)]
mod robustness {
    use super::tests::check;
    use super::{content_slug, model, BTreeMap, NavModel, Sources};
    use crate::nav::MODEL_JSON;
    use crate::rules::real_content_files as real_files;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    /// A problem reads `public/<file>[, <where>]: <what>`; a file that cannot be read
    /// as JSON or as the model says the line and column.
    fn assert_well_formed(problem: &str) {
        let (file, rest) = problem
            .split_once(": ")
            .unwrap_or_else(|| panic!("no file named: {problem}"));
        let file = file.split(", ").next().unwrap();
        let names_a_file = file == "public/navigation.json"
            || (file.starts_with("public/content/") && file.ends_with(".json"));
        assert!(names_a_file, "no file named: {problem}");
        assert!(!rest.trim().is_empty(), "no problem stated: {problem}");
        let unreadable = rest.starts_with("does not match the content model")
            || (file == "public/navigation.json"
                && !problem.starts_with("public/navigation.json, "));
        if unreadable {
            assert!(
                rest.contains(" line ") && rest.contains(" column "),
                "no line and column: {problem}"
            );
        }
    }

    /// An edit of a text: delete a range, insert a JSON-ish fragment, or repeat a range.
    #[derive(Debug, Clone)]
    enum Edit {
        Delete(usize, usize),
        Insert(usize, &'static str),
        Repeat(usize, usize),
    }

    const FRAGMENTS: [&str; 24] = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "null",
        "true",
        "0",
        "-1",
        "1e999",
        "\"type\": \"heading\"",
        "\"level\": 9",
        "{\"link\": \"/x\", \"text\": \"\"}",
        "{\"href\": \"javascript:alert(1)\", \"text\": \"a\"}",
        "\"lead\": []",
        "\"body\": {}",
        "\"dates\": {\"published\": \"2024-13-45\"}",
        "\u{0}",
        "é",
        "\u{feff}",
        "[[[[[[[[[[",
    ];

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), 0..40usize).prop_map(|(at, len)| Edit::Delete(at, len)),
            (any::<usize>(), prop::sample::select(&FRAGMENTS[..]))
                .prop_map(|(at, f)| Edit::Insert(at, f)),
            (any::<usize>(), 0..60usize).prop_map(|(at, len)| Edit::Repeat(at, len)),
        ]
    }

    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut text = text.to_string();
        let boundary = |text: &str, at: usize| {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        for edit in edits {
            match *edit {
                Edit::Delete(at, len) => {
                    let start = boundary(&text, at);
                    let end = boundary(&text, start.saturating_add(len).min(text.len()));
                    text.replace_range(start..end, "");
                }
                Edit::Insert(at, fragment) => {
                    let at = boundary(&text, at);
                    text.insert_str(at, fragment);
                }
                Edit::Repeat(at, len) => {
                    let start = boundary(&text, at);
                    let end = boundary(&text, start.saturating_add(len).min(text.len()));
                    let copy = text[start..end].to_string();
                    text.insert_str(end, &copy);
                }
            }
        }
        text
    }

    /// Each case checks every content file again (the cross-file rules need them
    /// all): 1 000 cases of each kind keep these tests at about 2 minutes in CI.
    fn runner(cases: u32) -> TestRunner {
        TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        })
    }

    #[test]
    fn mutated_content_files_give_named_problems_never_a_panic() {
        let files = real_files();
        let strategy = (0..files.len(), prop::collection::vec(edit(), 1..6));
        runner(1000)
            .run(&strategy, |(which, edits)| {
                let mut files = files.clone();
                files[which].1 = apply(&files[which].1, &edits);
                for problem in check(MODEL_JSON, &files) {
                    assert_well_formed(&problem);
                    prop_assert!(
                        problem.contains(&files[which].0),
                        "another file blamed: {problem}"
                    );
                }
                Ok(())
            })
            .unwrap();
    }

    /// Any JSON value built from the content model's words, in place of a file.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        // The block types come from `BLOCK_TYPES`, so a generated value can be a block.
        const FIELDS_AND_VALUES: [&str; 23] = [
            "type",
            "text",
            "body",
            "lead",
            "level",
            "items",
            "link",
            "href",
            "em",
            "strong",
            "id",
            "title",
            "value",
            "label",
            "term",
            "source",
            "dates",
            "published",
            "/agir",
            "/nulle-part",
            "https://www.iom.int",
            "",
            " ",
        ];
        let words: Vec<&'static str> = FIELDS_AND_VALUES
            .iter()
            .chain(&BLOCK_TYPES)
            .copied()
            .collect();
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop::sample::select(words.clone()).prop_map(Value::from),
        ];
        leaf.prop_recursive(6, 64, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(words.clone()), inner), 0..6).prop_map(
                    |fields| Value::Object(
                        fields
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect()
                    )
                ),
            ]
        })
    }

    #[test]
    fn generated_content_gives_named_problems_never_a_panic() {
        let files = real_files();
        let strategy = (0..files.len(), json_value(), any::<bool>());
        runner(1000)
            .run(&strategy, |(which, value, as_body)| {
                let mut files = files.clone();
                // Half the time the value is the body of an otherwise well-formed file,
                // so the checks past parsing are reached too.
                files[which].1 = if as_body {
                    serde_json::json!({ "body": value }).to_string()
                } else {
                    value.to_string()
                };
                for problem in check(MODEL_JSON, &files) {
                    assert_well_formed(&problem);
                }
                Ok(())
            })
            .unwrap();
    }

    /// Every block of the real content files, as written (`type` first, as the
    /// content model reads it).
    fn real_blocks() -> Vec<String> {
        #[derive(serde::Deserialize)]
        struct Body {
            body: Vec<Box<serde_json::value::RawValue>>,
        }
        real_files()
            .iter()
            .filter_map(|(_, text)| serde_json::from_str::<Body>(text).ok())
            .flat_map(|file| file.body.into_iter().map(|b| b.get().to_string()))
            .collect()
    }

    /// The content model's block types, and one it does not know.
    const BLOCK_TYPES: [&str; 12] = [
        "heading",
        "paragraph",
        "list",
        "quote",
        "figures",
        "cards",
        "note",
        "page_cards",
        "details",
        "chart",
        "map",
        "unknown",
    ];

    /// A block as an editor might write one: `type` first (the content model reads
    /// it first, so a generated block gets past it), then any fields.
    fn generated_block() -> impl Strategy<Value = String> {
        (
            prop::sample::select(&BLOCK_TYPES[..]),
            prop::collection::vec((json_value(), json_value()), 0..4),
        )
            .prop_map(|(kind, fields)| {
                let mut block = format!(r#"{{"type": "{kind}""#);
                for (key, value) in fields {
                    let key = key.as_str().map_or_else(|| "text".into(), str::to_string);
                    block.push_str(&format!(", {}: {value}", serde_json::Value::from(key)));
                }
                block + "}"
            })
    }

    /// The content file with `blocks` added at the end of its body: its own words
    /// stay, so the page is still long enough, and the blocks are what is tried.
    fn with_blocks_added(file: &str, blocks: &[String]) -> String {
        use serde_json::value::RawValue;
        let mut fields: BTreeMap<String, Box<RawValue>> = serde_json::from_str(file).unwrap();
        let mut body: Vec<Box<RawValue>> = serde_json::from_str(fields["body"].get()).unwrap();
        for block in blocks {
            body.push(RawValue::from_string(block.clone()).unwrap());
        }
        fields.insert(
            "body".into(),
            serde_json::value::to_raw_value(&body).unwrap(),
        );
        serde_json::to_string(&fields).unwrap()
    }

    /// Blocks of real content from any page, generated ones among them, added to a
    /// page: what passes
    /// the checks is then filled in (build settings) and prerendered, which must
    /// succeed; what does not is refused with named problems.
    #[test]
    fn generated_bodies_are_refused_by_name_or_filled_and_prerendered() {
        use crate::builder::prerender::Template;
        use crate::builder::shell::tests::TRUNK_INDEX;
        let files = real_files();
        let blocks = real_blocks();
        assert!(blocks.len() > 100, "{}", blocks.len());
        let block = prop_oneof![
            3 => prop::sample::select(blocks),
            1 => generated_block(),
        ];
        let strategy = (0..files.len(), prop::collection::vec(block, 1..4));
        let prerendered = std::cell::Cell::new(0);
        runner(300)
            .run(&strategy, |(which, body)| {
                let mut files = files.clone();
                files[which].1 = with_blocks_added(&files[which].1, &body);
                let problems = check(MODEL_JSON, &files);
                for problem in &problems {
                    assert_well_formed(problem);
                }
                if problems.iter().any(|p| p.contains(&files[which].0)) {
                    return Ok(());
                }
                let name = files[which].0.clone();
                let Some(node) = model()
                    .nodes()
                    .into_iter()
                    .find(|n| format!("{}.json", content_slug(&n.path)) == name)
                else {
                    return Ok(());
                };
                let mut sources = Sources {
                    files: files.into_iter().collect(),
                    updated: BTreeMap::new(),
                };
                sources.fill_placeholders(&BTreeMap::new());
                let content = sources.content_of(&node.path).unwrap();
                prop_assert!(!content.contains("{{"), "{content}");
                let site = crate::nav::Site::at_root();
                let page = Template::new(TRUNK_INDEX.into(), site).page(&node.path, Some(content));
                prop_assert!(page.is_ok(), "{}: {:?}", node.path, page.err());
                prerendered.set(prerendered.get() + 1);
                Ok(())
            })
            .unwrap();
        // Many cases pass the checks and are prerendered: the test reaches that far.
        assert!(prerendered.get() > 30, "prerendered {}", prerendered.get());
    }

    /// A mutated model is refused with named problems, or it passes and its host
    /// files are written: `_redirects`, `_headers` and the nginx directives.
    #[test]
    fn mutated_navigation_models_give_named_problems_or_safe_host_files() {
        let files = real_files();
        runner(1000)
            .run(&prop::collection::vec(edit(), 1..6), |edits| {
                let json = apply(MODEL_JSON, &edits);
                let problems = check(&json, &files);
                for problem in &problems {
                    assert_well_formed(problem);
                }
                if problems.is_empty() {
                    host_files_hold_only_their_own_rules(&NavModel::parse(&json).unwrap());
                }
                Ok(())
            })
            .unwrap();
    }

    /// The host files of a model that passed the checks: each line one rule of the
    /// file's own syntax, nothing a value could have added.
    fn host_files_hold_only_their_own_rules(model: &NavModel) {
        use crate::builder::host;
        let headers = host::security_headers(&["'sha256-abc'".into()]);
        let site = crate::nav::Site::new("/oim/", "https://www.exemple.org");
        let redirects = host::redirects_file(&site, model).unwrap();
        for rule in redirects.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = rule.split_whitespace().collect();
            assert!(fields.len() == 3 && fields[2] == "301", "{rule:?}");
        }
        let file = host::headers_file(&site, model, &headers, &["main-1a2b.css".into()]).unwrap();
        for line in file.lines().filter(|l| !l.starts_with('#')) {
            let header = line.strip_prefix("  ").and_then(|l| l.split_once(": "));
            assert!(line.starts_with('/') || header.is_some(), "{line:?}");
        }
        let template = include_str!("../../deploy/nginx-site.conf.in");
        let conf = host::nginx_conf(&site, model, template, &headers).unwrap();
        assert_eq!(
            conf.matches('{').count(),
            conf.matches('}').count(),
            "{conf}"
        );
        for redirect in conf.lines().filter(|l| l.contains("{ return 301 ")) {
            assert!(
                redirect.starts_with("location = /") && redirect.ends_with("; }"),
                "{redirect:?}"
            );
        }
    }
}
