//! Short names for the functions the wasm imports from its JS glue.
//!
//! wasm-bindgen names each import after the JS it calls and a hash
//! (`__wbg_querySelectorAll_bd785907acdf7800`), and writes every name twice: in the
//! wasm's import section and as a key of the glue's import object. The hashes do not
//! compress: about 180 of them cost some 5 kB of brotli on every first load
//! (BENCHMARKS.md). This step renames them `a`, `b`, … `aa`, … in both files; only the
//! import section of the wasm is rewritten, every other section is copied as it is.
//! The imports from the split's loader (`split::LOADER`) keep their names.

use super::shell::Shell;
use super::BuildError;
use std::path::Path;
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasmparser::{Parser, Payload};

const STEP: &str = "wasm imports";

/// Renames the imports of the shell's wasm (Trunk writes it beside the glue:
/// `oim-site-1a2b.js`, `oim-site-1a2b_bg.wasm`) in the wasm and in the glue.
pub fn shorten_in(dist: &Path, shell: &Shell) -> Result<(), BuildError> {
    let failed = |problem: String| BuildError::new(STEP, problem);
    let js_file = dist.join(shell.file_of(&shell.js.href));
    let wasm_file = js_file.with_file_name(
        js_file
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".js"))
            .map(|stem| format!("{stem}_bg.wasm"))
            .ok_or_else(|| failed(format!("{}: not a .js file", js_file.display())))?,
    );
    let wasm =
        std::fs::read(&wasm_file).map_err(|e| failed(format!("{}: {e}", wasm_file.display())))?;
    let js = super::read(&js_file, STEP)?;
    let (wasm, renamed) =
        shorten(&wasm).map_err(|e| failed(format!("{}: {e}", wasm_file.display())))?;
    let js =
        rename_in_glue(&js, &renamed).map_err(|e| failed(format!("{}: {e}", js_file.display())))?;
    std::fs::write(&wasm_file, wasm)
        .map_err(|e| failed(format!("{}: {e}", wasm_file.display())))?;
    super::write(&js_file, &js, STEP)
}

/// Each import's (old name, new name).
pub type Renamed = Vec<(String, String)>;

/// The wasm with its imports renamed, and the names.
pub fn shorten(wasm: &[u8]) -> Result<(Vec<u8>, Renamed), String> {
    let mut module = wasm_encoder::Module::new();
    let mut renamed = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|e| e.to_string())?;
        if let Payload::ImportSection(reader) = payload {
            let mut section = wasm_encoder::ImportSection::new();
            for import in reader.into_imports() {
                let import = import.map_err(|e| e.to_string())?;
                let ty = RoundtripReencoder
                    .entity_type(import.ty)
                    .map_err(|e| e.to_string())?;
                // The split's loader exports the chunks' load functions under the
                // names the wasm imports them by: those stay.
                if import.module == format!("./{}", super::split::LOADER) {
                    section.import(import.module, import.name, ty);
                    continue;
                }
                let name = short_name(renamed.len());
                section.import(import.module, &name, ty);
                renamed.push((import.name.to_string(), name));
            }
            module.section(&section);
        } else if let Some((id, range)) = payload.as_section() {
            module.section(&wasm_encoder::RawSection {
                id,
                data: &wasm[range],
            });
        }
    }
    Ok((module.finish(), renamed))
}

/// The glue with each old import name replaced by its new one. The old names carry
/// a hash, so each stands for one import wherever it appears; it is replaced only
/// as a whole word.
pub fn rename_in_glue(js: &str, renamed: &[(String, String)]) -> Result<String, String> {
    let mut js = js.to_string();
    for (old, new) in renamed {
        let mut out = String::with_capacity(js.len());
        let mut rest = js.as_str();
        let mut found = false;
        while let Some(at) = rest.find(old.as_str()) {
            let before = rest[..at].chars().next_back();
            let after = rest[at + old.len()..].chars().next();
            let whole = !before.is_some_and(is_word) && !after.is_some_and(is_word);
            out.push_str(&rest[..at]);
            out.push_str(if whole { new } else { old });
            found |= whole;
            rest = &rest[at + old.len()..];
        }
        out.push_str(rest);
        if !found {
            return Err(format!("the JS glue does not provide the import {old}"));
        }
        js = out;
    }
    Ok(js)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// `a`…`z`, `A`…`Z`, then `aa`, `ba`, …: valid JS property names, none a keyword.
fn short_name(mut i: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = String::new();
    loop {
        name.push(LETTERS[i % LETTERS.len()] as char);
        i /= LETTERS.len();
        if i == 0 {
            return name;
        }
        i -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection,
        ImportSection, Module, TypeSection,
    };

    /// A module importing two functions from its glue and exporting one of its own.
    fn module() -> Vec<u8> {
        let mut types = TypeSection::new();
        types.ty().function([], []);
        let mut imports = ImportSection::new();
        for name in ["__wbg_focus_d5e2fdbdb56416f0", "__wbg_new_5f28518387ad0e34"] {
            imports.import("./oim-site_bg.js", name, EntityType::Function(0));
        }
        let mut functions = FunctionSection::new();
        functions.function(0);
        let mut exports = ExportSection::new();
        exports.export("main", ExportKind::Func, 2);
        let mut code = CodeSection::new();
        let mut body = Function::new([]);
        body.instructions().call(0).call(1).end();
        code.function(&body);
        let mut module = Module::new();
        module
            .section(&types)
            .section(&imports)
            .section(&functions)
            .section(&exports)
            .section(&code);
        module.finish()
    }

    #[test]
    fn imports_get_short_names_and_nothing_else_changes() {
        let (wasm, renamed) = shorten(&module()).unwrap();
        assert_eq!(
            renamed,
            [
                ("__wbg_focus_d5e2fdbdb56416f0".to_string(), "a".to_string()),
                ("__wbg_new_5f28518387ad0e34".to_string(), "b".to_string()),
            ]
        );
        wasmparser::Validator::new().validate_all(&wasm).unwrap();
        let mut names = Vec::new();
        let mut exports = Vec::new();
        for payload in Parser::new(0).parse_all(&wasm) {
            match payload.unwrap() {
                Payload::ImportSection(r) => {
                    for i in r.into_imports() {
                        let i = i.unwrap();
                        names.push(format!("{} {}", i.module, i.name));
                    }
                }
                Payload::ExportSection(r) => {
                    for e in r {
                        exports.push(e.unwrap().name.to_string());
                    }
                }
                _ => {}
            }
        }
        assert_eq!(names, ["./oim-site_bg.js a", "./oim-site_bg.js b"]);
        assert_eq!(exports, ["main"]);
    }

    #[test]
    fn the_glue_is_renamed_word_by_word() {
        let renamed = [("__wbg_new_5f28".to_string(), "b".to_string())];
        let js = "const i = { __wbg_new_5f28: function() {}, __wbg_new_5f28x: 1 };";
        assert_eq!(
            rename_in_glue(js, &renamed).unwrap(),
            "const i = { b: function() {}, __wbg_new_5f28x: 1 };"
        );
        let missing = rename_in_glue("const i = {};", &renamed).unwrap_err();
        assert!(missing.contains("__wbg_new_5f28"), "{missing}");
    }

    #[test]
    fn short_names_are_unique() {
        let names: std::collections::HashSet<String> = (0..3000).map(short_name).collect();
        assert_eq!(names.len(), 3000);
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(51), "Z");
        assert_eq!(short_name(52), "aa");
    }
}
