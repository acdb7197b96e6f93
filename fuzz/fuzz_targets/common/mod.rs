//! What the fuzz targets share: the small good site of `tests/corpus/_baseline/` held in
//! memory, a build of it with one file replaced by the fuzzer's input, and the checks
//! every output must pass.

use hyoka::diag::{Diagnostics, Severity};
use std::sync::OnceLock;

/// The good site every report target starts from (the same files as the bad-input corpus).
pub const BASELINE: &[(&str, &str)] = &[
    (
        "site.toml",
        include_str!("../../../tests/corpus/_baseline/site.toml"),
    ),
    (
        "content/plans/sogo.toml",
        include_str!("../../../tests/corpus/_baseline/content/plans/sogo.toml"),
    ),
    (
        "content/departments/kikaku/department.toml",
        include_str!("../../../tests/corpus/_baseline/content/departments/kikaku/department.toml"),
    ),
    (
        "content/departments/kikaku/2021.toml",
        include_str!("../../../tests/corpus/_baseline/content/departments/kikaku/2021.toml"),
    ),
    (
        "content/departments/kikaku/2021.md",
        include_str!("../../../tests/corpus/_baseline/content/departments/kikaku/2021.md"),
    ),
    (
        "content/departments/shimin/department.toml",
        include_str!("../../../tests/corpus/_baseline/content/departments/shimin/department.toml"),
    ),
    (
        "content/departments/shimin/2021.toml",
        include_str!("../../../tests/corpus/_baseline/content/departments/shimin/2021.toml"),
    ),
];

/// The built-in templates, parsed once per process.
fn tera() -> &'static tera::Tera {
    static T: OnceLock<tera::Tera> = OnceLock::new();
    T.get_or_init(|| hyoka::render::theme::load_templates(&[]).expect("built-in templates"))
}

/// Whether `s` has kana or kanji: every message city staff read must.
pub fn has_japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'))
}

/// The baseline site with the file at `path` replaced by `text`, validated, linted and,
/// when it has no error, rendered with its search index and open data: what `hyoka build`
/// does, in memory. Panics (a finding) when something panics inside, when a message is
/// not Japanese or names no place, or when a valid site fails to render.
pub fn build_with(path: &str, text: &str) {
    let files: Vec<(&str, &str)> = BASELINE
        .iter()
        .map(|&(p, t)| if p == path { (p, text) } else { (p, t) })
        .collect();
    let raw = hyoka::source::load_texts(&files);
    let v = hyoka::validate::validate(&raw, Diagnostics::default());
    let mut diags = v.diags;
    if let Some(site) = &v.site {
        hyoka::validate::lint::lint(site, &raw.sources, &mut diags);
    }
    diags.sort(&raw.sources);
    for d in &diags.items {
        let shown = d.render(&raw.sources);
        assert!(has_japanese(&d.message), "message not in Japanese: {shown}");
        assert!(
            d.hint.as_deref().is_none_or(has_japanese),
            "hint not in Japanese: {shown}"
        );
        if d.severity == Severity::Error {
            assert!(!d.location(&raw.sources).is_empty(), "no place: {shown}");
        }
    }
    let Some(site) = v.site else {
        assert!(diags.has_errors(), "no site and no error");
        return;
    };
    let ix = hyoka::analyze::index::Indexes::build(&site);
    let pages = match hyoka::render::render_site(&site, &ix, tera()) {
        Ok(p) => p,
        Err(d) => panic!("a valid site failed to render: {}", d.render(&raw.sources)),
    };
    assert!(pages.iter().any(|p| p.path == "index.html"));
    let _ = hyoka::publish::search::files(&site, &ix);
    let _ = hyoka::publish::opendata::files(&site, &ix);
}
