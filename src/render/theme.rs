//! The theme: the built-in one (`themes/hyoka/`, embedded in the binary and compiled to
//! Rust by `build.rs`) and a site's overrides in `themes/<name>/`: which templates tera
//! must parse, which the compiled code draws, and the parsed templates kept between
//! rebuilds.

use super::pages;
use crate::diag::Diagnostic;
use tera::Tera;

/// The built-in templates every page uses: (name, source). The page templates are in
/// [`pages::TEMPLATES`], from the list of page kinds.
const SHARED: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/hyoka/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/hyoka/templates/macros.html"),
    ),
];

/// Every template of the built-in theme: (name, source).
fn builtin() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    SHARED.iter().chain(pages::TEMPLATES)
}

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

/// Parsed templates kept between rebuilds (`hyoka serve`): parsed again only when the
/// theme's template overrides (or the theme) change.
#[derive(Default)]
pub struct TemplateCache {
    key: Option<Vec<(String, String)>>,
    tera: Option<tera::Tera>,
    native: Vec<&'static str>,
    tera_only: bool,
}

impl TemplateCache {
    /// A cache that draws every page with tera, even the built-in templates that are
    /// otherwise drawn by compiled code (for tests that compare the two).
    pub fn tera_only() -> TemplateCache {
        TemplateCache {
            tera_only: true,
            ..TemplateCache::default()
        }
    }

    /// The templates for these overrides, parsed only if they differ from last time, and
    /// the built-in templates drawn by compiled code.
    pub fn get(
        &mut self,
        overrides: Vec<(String, String)>,
    ) -> Result<(&tera::Tera, &[&'static str]), Diagnostic> {
        let overrides = changed(overrides);
        if self.key.as_ref() != Some(&overrides) || self.tera.is_none() {
            self.tera = None;
            self.key = None;
            // Without overrides every page is drawn by compiled code: tera is not needed.
            self.tera = Some(if overrides.is_empty() && !self.tera_only {
                tera::Tera::default()
            } else {
                load_templates(&overrides)?
            });
            self.native = if self.tera_only {
                Vec::new()
            } else {
                native_templates(&overrides)
            };
            self.key = Some(overrides);
        }
        match &self.tera {
            Some(t) => Ok((t, &self.native)),
            None => Err(Diagnostic::path_error(
                "themes/",
                "テンプレートを読み込めません。",
            )),
        }
    }
}

/// The overrides that really change a template: a file identical to the built-in one (a
/// copy of `themes/hyoka/`, or the repository's own sample site, whose theme *is* the
/// built-in folder) is not an override, so its pages keep the compiled path.
pub fn changed(mut overrides: Vec<(String, String)>) -> Vec<(String, String)> {
    overrides.retain(|(name, src)| {
        builtin()
            .find(|(n, _)| n == name)
            .is_none_or(|(_, builtin)| builtin != src)
    });
    overrides
}

/// The built-in templates a theme leaves alone, which are drawn by the same templates
/// compiled to Rust at build time (`html.rs`, `build.rs`) instead of by tera: all of them
/// unless the theme overrides `base.html` or `macros.html`, which every page uses; an overridden page template goes through tera.
pub fn native_templates(overrides: &[(String, String)]) -> Vec<&'static str> {
    let over = |n: &str| overrides.iter().any(|(o, _)| o == n);
    if over("base.html") || over("macros.html") {
        return Vec::new();
    }
    pages::TEMPLATES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !over(n))
        .collect()
}

/// Loads the templates: built-in first, then the site theme's overrides.
pub fn load_templates(overrides: &[(String, String)]) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::default();
    let mut all: Vec<(String, String)> = builtin()
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
