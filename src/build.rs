//! The build pipeline: files → validated model → indexes → pages → output, one way.

use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::index::Indexes;
use crate::load;
use crate::model::Site;
use crate::output;
use crate::render::{self, OutFile};
use crate::validate;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A site read and validated.
pub struct Compiled {
    /// Every file read, for messages.
    pub sources: SourceMap,
    /// Errors and warnings, sorted.
    pub diags: Diagnostics,
    /// The model, when there were no errors.
    pub site: Option<Site>,
}

/// Loads and validates the site in `site_dir`, with the lints of `hyoka check`.
pub fn compile(site_dir: &Path) -> Compiled {
    let mut diags = Diagnostics::default();
    let raw = load::load_site(site_dir, &mut diags);
    let v = validate::validate(&raw, diags);
    let mut diags = v.diags;
    if let Some(site) = &v.site {
        crate::lint::lint(site, &raw.sources, &mut diags);
    }
    diags.sort(&raw.sources);
    Compiled {
        sources: raw.sources,
        diags,
        site: v.site,
    }
}

/// The rendered files of a validated site (pages, assets), without writing them.
pub fn render_files(site: &Site, site_dir: &Path) -> Result<Vec<OutFile>, Diagnostic> {
    let overrides = render::theme_templates(site_dir, &site.config.theme)?;
    let tera = render::load_templates(&overrides)?;
    let ix = Indexes::build(site);
    let mut files = render::render_site(site, &ix, &tera)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// What a successful build did.
pub struct BuildSummary {
    /// Pages written.
    pub pages: usize,
    /// All files written.
    pub files: usize,
    /// Seconds taken.
    pub seconds: f64,
}

/// Why a build failed.
pub enum BuildError {
    /// Problems in the content (all of them).
    Content(Box<Compiled>),
    /// A problem rendering or writing.
    Other(Box<Compiled>, Diagnostic),
}

/// Builds the site in `site_dir` into `out`. On any error the previous output is left as
/// it was.
pub fn build(site_dir: &Path, out: &Path) -> Result<(Compiled, BuildSummary), BuildError> {
    let start = Instant::now();
    let compiled = compile(site_dir);
    if compiled.diags.has_errors() {
        return Err(BuildError::Content(Box::new(compiled)));
    }
    let Some(site) = &compiled.site else {
        return Err(BuildError::Content(Box::new(compiled)));
    };
    if let Err(e) = output::check_target(site_dir, out) {
        let d = Diagnostic {
            severity: crate::diag::Severity::Error,
            place: crate::diag::Place::None,
            message: e.message,
            hint: Some(e.hint),
        };
        return Err(BuildError::Other(Box::new(compiled), d));
    }
    let files = match render_files(site, site_dir) {
        Ok(f) => f,
        Err(d) => return Err(BuildError::Other(Box::new(compiled), d)),
    };
    let static_dir = site_dir
        .join("themes")
        .join(&site.config.theme)
        .join("static");
    let copies: Vec<(PathBuf, String)> = if static_dir.is_dir() {
        vec![(static_dir, String::new())]
    } else {
        Vec::new()
    };
    if let Err(e) = output::write_site(out, &files, &copies) {
        let d = Diagnostic {
            severity: crate::diag::Severity::Error,
            place: crate::diag::Place::None,
            message: e.message,
            hint: Some(e.hint),
        };
        return Err(BuildError::Other(Box::new(compiled), d));
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let summary = BuildSummary {
        pages,
        files: files.len(),
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok((compiled, summary))
}
