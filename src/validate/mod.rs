//! Validation: turns the loaded files into the [`Site`] model, checking every rule of the
//! content format and collecting every problem (with file, line, column and a hint) so a
//! build reports them all at once.
//!
//! Each kind of content file is read by its own module (`site_config`, `plan`,
//! `department`, `report` with its `entries`) over the typed [`reader`] and the Japanese
//! TOML errors of `syntax`; `cross_file` then checks what spans files and entries, and
//! [`lint`] adds the warnings of `hyoka check` (with `carried` for last year's text left in
//! this year's report and `pastes` for what Excel and Word leave in prose). [`catalogue`]
//! describes every key once, in Japanese, for the unknown-key hints, the JSON Schemas of
//! `schema/` and the field reference `docs/fields.md`.

mod carried;
pub mod catalogue;
mod cross_file;
mod department;
mod entries;
pub mod lint;
mod pastes;
mod plan;
pub mod reader;
mod report;
mod run_together;
mod site_config;
mod syntax;
mod theme_name;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::source::RawSite;
use rayon::prelude::*;

/// The result of validation: the model (when there were no errors) and every diagnostic.
pub struct Validated {
    /// The site, if no error was found.
    pub site: Option<Site>,
    /// Errors and warnings.
    pub diags: Diagnostics,
}

/// Validates a loaded site: `site.toml`, then the plans and the departments (each file on
/// its own, in parallel), then the rules across files.
pub fn validate(raw: &RawSite, mut diags: Diagnostics) -> Validated {
    let map = &raw.sources;
    let Some(site_file) = raw.site else {
        return Validated { site: None, diags };
    };
    let (config, site_diags) = site_config::read_site_config(map, site_file);
    diags.items.extend(site_diags);

    // Plans, then departments, each file independently and in parallel.
    let plan_results: Vec<(Option<Plan>, Vec<Diagnostic>)> = raw
        .plans
        .par_iter()
        .map(|(slug, file)| plan::read_plan(map, slug, *file))
        .collect();
    let mut plans = Vec::new();
    for (p, d) in plan_results {
        diags.items.extend(d);
        plans.extend(p);
    }

    let dept_results: Vec<(Option<Department>, Vec<Diagnostic>)> = raw
        .departments
        .par_iter()
        .map(|d| department::read_department(map, d))
        .collect();
    let mut departments = Vec::new();
    for (d, ds) in dept_results {
        diags.items.extend(ds);
        departments.extend(d);
    }

    let Some(config) = config else {
        return Validated { site: None, diags };
    };
    departments.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.slug.cmp(&b.slug)));
    let site = Site {
        config,
        plans,
        departments,
    };
    cross_file::check_site(&site, map, &mut diags);
    if diags.has_errors() {
        Validated { site: None, diags }
    } else {
        Validated {
            site: Some(site),
            diags,
        }
    }
}

/// The `site.toml` that [`validate_report_text`] puts around a report: the default grade
/// scale, no plans.
const LONE_SITE: &str = "title = \"点検\"\ncity = \"点検市\"\n";

/// Validates one report's TOML text as `content/departments/check/2021.toml` of a site
/// with the default `site.toml` and no plans: every error and warning, sorted. Never
/// panics, whatever the text (the fuzz target `report_toml` holds it to that). References
/// to plans are errors here, since the lone site has none.
pub fn validate_report_text(text: &str) -> Vec<Diagnostic> {
    let raw = crate::source::load_texts(&[
        ("site.toml", LONE_SITE),
        (
            "content/departments/check/department.toml",
            "name = \"点検部\"\n",
        ),
        ("content/departments/check/2021.toml", text),
    ]);
    let v = validate(&raw, Diagnostics::default());
    let mut diags = v.diags;
    if let Some(site) = &v.site {
        crate::validate::lint::lint(site, &raw.sources, &mut diags);
    }
    diags.sort(&raw.sources);
    diags.items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    /// The message (with its hint) and place of the first error `validate_report_text`
    /// gives for `text`.
    pub(super) fn first_error(text: &str) -> (String, String) {
        let d = validate_report_text(text)
            .into_iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap_or_else(|| panic!("no error for {text:?}"));
        assert!(d.hint.is_some(), "{text:?}: no hint for {}", d.message);
        let message = format!("{} {}", d.message, d.hint.unwrap_or_default());
        let place = match &d.place {
            crate::diag::Place::Span(l) => format!("{}..{}", l.start, l.end),
            other => format!("{other:?}"),
        };
        (message, place)
    }

    #[test]
    fn a_report_text_is_checked_alone() {
        assert!(
            validate_report_text("kind = \"目標宣言\"\n\n[[goals]]\nid = \"a\"\ntitle = \"t\"\n")
                .iter()
                .all(|d| d.severity != Severity::Error)
        );
        let (msg, _) = first_error("kind = 3\n");
        assert!(msg.contains("「kind」は文字列"), "{msg}");
        let (msg, _) = first_error("");
        assert!(msg.contains("ファイルが空"), "{msg}");
        let (msg, _) = first_error("# まだ何も書いていない\n");
        assert!(msg.contains("項目がひとつも"), "{msg}");
        let (msg, _) =
            first_error("[[staff]]\nunit = \"a\"\ncounts = { a = 9223372036854775807 }\n");
        assert!(msg.contains("1,000兆"), "{msg}");
    }
}
