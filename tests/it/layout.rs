//! The module tree reads as the data flow: a stage imports only the stages before it, and
//! no source file grows past what one reader can hold (issue #17).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Top-level modules from the bottom up. `diag`, `timings`, `model` and `output` are the
/// vocabulary every stage shares (errors, timing, the content model, the files a build
/// hands over); then the stages in data-flow order; then what sits on top.
const ORDER: &[&str] = &[
    "diag", "timings", "model", "output", "source", "validate", "analyze", "render", "publish",
    "pipeline", "scaffold", "workbook", "serve", "cli",
];

/// Source files of `src/`, with their text.
fn sources() -> Vec<(PathBuf, String)> {
    rust_files("src")
}

/// The `.rs` files under `dir` (relative to the repository), with their text.
fn rust_files(dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap().to_path_buf();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// The top-level module a file of `src/` belongs to.
fn top(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Top-level modules named as `crate::x` in code (not in comments), outside test modules.
fn imports(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut out = Vec::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

#[test]
fn stages_import_only_earlier_stages() {
    let rank = |m: &str| ORDER.iter().position(|o| *o == m);
    let mut wrong = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (rel, text) in sources() {
        let from = top(&rel);
        if from == "main" || from == "lib" {
            continue;
        }
        let Some(r_from) = rank(&from) else {
            panic!(
                "src/{} belongs to no stage: add `{from}` to ORDER",
                rel.display()
            );
        };
        *seen.entry(from.clone()).or_default() += 1;
        for to in imports(&text) {
            if to == from {
                continue;
            }
            match rank(&to) {
                Some(r_to) if r_to < r_from => {}
                _ => wrong.push(format!("src/{} → crate::{to}", rel.display())),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the flow:\n{}",
        wrong.join("\n")
    );
    assert_eq!(seen.len(), ORDER.len(), "every stage has code: {seen:?}");
}

#[test]
fn no_source_file_is_too_long_to_read() {
    // ~800 lines: one job a file. Tests beside the code count too.
    let long: Vec<String> = ["src", "tests/it", "bench"]
        .iter()
        .flat_map(|dir| {
            rust_files(dir)
                .into_iter()
                .map(move |(p, t)| (format!("{dir}/{}", p.display()), t))
        })
        .filter(|(_, t)| t.lines().count() > 850)
        .map(|(p, t)| format!("{p} ({} lines)", t.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these by job: {long:?}");
}

#[test]
fn the_import_check_sees_imports() {
    // Guards the checker itself: a comment is not an import, code is.
    assert_eq!(
        imports("// crate::cli\nuse crate::model::Site;\nlet x = crate::render::urls::f();"),
        ["model", "render"]
    );
}
