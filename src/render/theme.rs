//! The theme: the built-in one (`themes/hyoka/`, embedded in the binary and compiled to
//! Rust by `build.rs`) and a site's overrides in `themes/<name>/`.

use crate::diag::Diagnostic;
use tera::Tera;
/// The built-in theme: (template name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/hyoka/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/hyoka/templates/macros.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/hyoka/templates/index.html"),
    ),
    (
        "year.html",
        include_str!("../../themes/hyoka/templates/year.html"),
    ),
    (
        "departments.html",
        include_str!("../../themes/hyoka/templates/departments.html"),
    ),
    (
        "department.html",
        include_str!("../../themes/hyoka/templates/department.html"),
    ),
    (
        "report.html",
        include_str!("../../themes/hyoka/templates/report.html"),
    ),
    (
        "plans.html",
        include_str!("../../themes/hyoka/templates/plans.html"),
    ),
    (
        "plan.html",
        include_str!("../../themes/hyoka/templates/plan.html"),
    ),
    (
        "plan_item.html",
        include_str!("../../themes/hyoka/templates/plan_item.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/hyoka/templates/404.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/hyoka/templates/search.html"),
    ),
    (
        "data.html",
        include_str!("../../themes/hyoka/templates/data.html"),
    ),
];

/// Static files of the built-in theme: (output path, bytes).
pub const ASSETS: &[(&str, &str)] = &[
    (
        "assets/style.css",
        include_str!("../../themes/hyoka/static/assets/style.css"),
    ),
    (
        "assets/search.js",
        include_str!("../../themes/hyoka/static/assets/search.js"),
    ),
    (
        "assets/print.js",
        include_str!("../../themes/hyoka/static/assets/print.js"),
    ),
];

/// The overrides that really change a template: a file identical to the built-in one (a
/// copy of `themes/hyoka/`, or the repository's own sample site, whose theme *is* the
/// built-in folder) is not an override, so its pages keep the compiled path.
pub fn changed(mut overrides: Vec<(String, String)>) -> Vec<(String, String)> {
    overrides.retain(|(name, src)| {
        TEMPLATES
            .iter()
            .find(|(n, _)| n == name)
            .is_none_or(|(_, builtin)| builtin != src)
    });
    overrides
}

/// The built-in templates a theme leaves alone, which are drawn by the same templates
/// compiled to Rust at build time ([`html`], `build.rs`) instead of by tera: all of them unless the theme overrides `base.html` or
/// `macros.html`, which every page uses; an overridden page template goes through tera.
pub fn native_templates(overrides: &[(String, String)]) -> Vec<&'static str> {
    let over = |n: &str| overrides.iter().any(|(o, _)| o == n);
    if over("base.html") || over("macros.html") {
        return Vec::new();
    }
    TEMPLATES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !over(n) && *n != "base.html" && *n != "macros.html")
        .collect()
}

/// Loads the templates: built-in first, then the site theme's overrides.
pub fn load_templates(overrides: &[(String, String)]) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::default();
    let mut all: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    for (name, src) in overrides {
        match all.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = src.clone(),
            None => all.push((name.clone(), src.clone())),
        }
    }
    tera.add_raw_templates(all).map_err(|e| {
        Diagnostic::path_error("themes/", format!("テンプレートを読み込めません: {}", tera_error_text(&e)))
            .hint("テーマのテンプレートの {{ }} や {% %} の閉じ忘れ、存在しない変数名がないか確認してください。")
    })?;
    tera.autoescape_on(vec![".html", ".xml"]);
    Ok(tera)
}

/// A tera error with its causes, on one line.
pub fn tera_error_text(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(c) = src {
        s.push_str(" / ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}
