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
    render_files_cached(site, site_dir, &mut TemplateCache::default())
}

/// Parsed templates kept between rebuilds (`hyoka serve`): parsed again only when the
/// theme's template overrides (or the theme) change.
#[derive(Default)]
pub struct TemplateCache {
    key: Option<Vec<(String, String)>>,
    tera: Option<tera::Tera>,
}

impl TemplateCache {
    /// The templates for these overrides, parsed only if they differ from last time.
    pub fn get(&mut self, overrides: Vec<(String, String)>) -> Result<&tera::Tera, Diagnostic> {
        if self.key.as_ref() != Some(&overrides) || self.tera.is_none() {
            self.tera = None;
            self.key = None;
            self.tera = Some(render::load_templates(&overrides)?);
            self.key = Some(overrides);
        }
        self.tera
            .as_ref()
            .ok_or_else(|| Diagnostic::path_error("themes/", "テンプレートを読み込めません。"))
    }
}

/// [`render_files`], reusing the templates parsed by an earlier call with the same cache.
pub fn render_files_cached(
    site: &Site,
    site_dir: &Path,
    cache: &mut TemplateCache,
) -> Result<Vec<OutFile>, Diagnostic> {
    let overrides = render::theme_templates(site_dir, &site.config.theme)?;
    let tera = cache.get(overrides)?;
    let mut ix = Indexes::build(site);
    ix.file_dates = crate::gitdates::collect(site_dir);
    let mut files = render::render_site(site, &ix, tera)?;
    files.extend(publish_files(site, &ix, &files));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// What is published beside the pages: the search index, open data and (with `base_url`)
/// `sitemap.xml` with each page's 更新日.
fn publish_files(site: &Site, ix: &Indexes, pages: &[OutFile]) -> Vec<OutFile> {
    let mut out = vec![crate::search::files(site, ix)];
    out.extend(crate::opendata::files(site, ix));
    let paths: Vec<String> = pages.iter().map(|f| f.path.clone()).collect();
    let dates = paths
        .iter()
        .filter_map(|p| {
            render::meta::page_meta(site, ix, p)
                .updated
                .map(|d| (p.clone(), d))
        })
        .collect();
    out.extend(crate::sitemap::sitemap(
        site.config.base_url.as_deref(),
        &paths,
        &dates,
    ));
    out
}

/// Output-relative paths of the theme's static files (`themes/<name>/static/**`), which
/// [`build`] copies beside the rendered files; hidden files are skipped as when copying.
pub fn theme_static_files(site: &Site, site_dir: &Path) -> Vec<String> {
    let dir = site_dir
        .join("themes")
        .join(&site.config.theme)
        .join("static");
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(&dir) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.iter().any(|p| p.starts_with('.')) {
            continue;
        }
        out.push(parts.join("/"));
    }
    out
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
