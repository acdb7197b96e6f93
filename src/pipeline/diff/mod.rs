//! `hyoka diff`: what changed between two versions of the site, in words a reviewer
//! approving a report (決裁) reads, not a TOML diff.
//!
//! Each version is read from git by [`crate::source::git_rev`] (or from disk for the
//! working tree) and goes through the same validate and analyze stages as a build, so the
//! grades and 達成率 compared are the ones the pages would show. `compare` lists the
//! changes; `write` prints them as text or Markdown.

mod compare;
mod excerpt;
mod write;

use crate::analyze::index::Indexes;
use crate::model::Site;
use crate::source::git_rev::{self, Version};
use crate::source::{self, RawSite};
use crate::validate;
use std::collections::BTreeMap;
use std::path::Path;

/// How the changes are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain lines for the terminal.
    Text,
    /// A Markdown document for a pull request or an approval sheet.
    Markdown,
}

/// Why there is no comparison.
#[derive(Debug)]
pub enum DiffError {
    /// git could not read a version (not a repository, unknown revision): a message.
    Git(String),
    /// A version has errors: what to print (which version, and the messages).
    Content(String),
}

/// One version of the site, validated and analyzed.
struct Side {
    /// How the version is named.
    label: String,
    site: Site,
    ix: Indexes,
    /// Every content file's text by site-relative path, line ends as `\n`.
    texts: BTreeMap<String, String>,
}

/// Compares the site in `site_dir` at `old` with `new` and returns the report of changes.
pub fn diff(
    site_dir: &Path,
    old: &Version,
    new: &Version,
    format: Format,
) -> Result<String, DiffError> {
    git_rev::check_repository(site_dir).map_err(DiffError::Git)?;
    // Both revisions are checked before anything is read, so a mistyped second one is
    // reported as such rather than after the first one's errors.
    for v in [old, new] {
        if let Version::Commit(rev) = v {
            git_rev::resolve(site_dir, rev).map_err(DiffError::Git)?;
        }
    }
    let (a, b) = rayon::join(|| load(site_dir, old), || load(site_dir, new));
    let (a, b) = (a?, b?);
    let changes = compare::compare(&a, &b);
    Ok(match format {
        Format::Text => write::text(&a.label, &b.label, &changes),
        Format::Markdown => write::markdown(&a.label, &b.label, &changes),
    })
}

/// The changes between two sets of loaded files, as lines for the terminal: what
/// `hyoka import` prints about the report it writes (the files as they are on disk, and
/// with the report replaced). `old` and `new` are each a label, the files and the problems
/// loading them found.
pub fn describe(
    old: (String, RawSite, crate::diag::Diagnostics),
    new: (String, RawSite, crate::diag::Diagnostics),
) -> Result<Vec<String>, DiffError> {
    let a = side(old.0, old.1, old.2)?;
    let b = side(new.0, new.1, new.2)?;
    let changes = compare::compare(&a, &b);
    Ok(changes
        .reports
        .iter()
        .flat_map(|r| r.lines.iter().cloned())
        .chain(
            changes
                .city
                .iter()
                .map(|(year, change)| format!("市全体の達成率（{year}）: {change}")),
        )
        .collect())
}

/// Reads, validates and analyzes one version.
fn load(site_dir: &Path, version: &Version) -> Result<Side, DiffError> {
    let (raw, diags) = git_rev::load(site_dir, version).map_err(DiffError::Git)?;
    side(version.label(), raw, diags)
}

/// Validates and analyzes one version's files.
fn side(label: String, raw: RawSite, diags: crate::diag::Diagnostics) -> Result<Side, DiffError> {
    let v = validate::validate(&raw, diags);
    let mut diags = v.diags;
    diags.sort(&raw.sources);
    let site = match v.site {
        Some(site) if !diags.has_errors() => site,
        _ => {
            let mut out = format!(
                "{label} の版にエラーが {} 件あるため、比べられません。先にエラーを直してください。\n",
                diags.error_count().max(1)
            );
            for d in diags
                .items
                .iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
            {
                out.push_str(&d.render(&raw.sources));
            }
            return Err(DiffError::Content(out));
        }
    };
    let ix = Indexes::build(&site);
    Ok(Side {
        label,
        site,
        ix,
        texts: texts(&raw),
    })
}

/// The text of every content file of `raw`, by path, with `\r\n` read as `\n` (a file
/// saved with other line ends has not changed for a reader).
fn texts(raw: &RawSite) -> BTreeMap<String, String> {
    let mut ids: Vec<_> = raw.site.into_iter().collect();
    ids.extend(raw.plans.iter().map(|(_, id)| *id));
    for d in &raw.departments {
        ids.extend(d.file);
        for r in &d.reports {
            ids.extend(r.toml);
            ids.extend(r.md.map(|m| m.file));
        }
    }
    ids.into_iter()
        .map(|id| {
            let f = raw.sources.get(id);
            (f.display.clone(), f.text.replace("\r\n", "\n"))
        })
        .collect()
}

/// The site-relative paths of a report's files.
fn report_paths(dept: &str, year: crate::model::fiscal::FiscalYear) -> [String; 2] {
    [false, true].map(|markdown| {
        source::layout::SiteFile::Report {
            dept,
            year,
            markdown,
        }
        .path()
    })
}
