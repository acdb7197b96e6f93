//! The build pipeline: files → validated model → indexes → pages → output, one way.
//!
//! Indexes are computed once and shared by the lints and the pages. Pages are made in
//! parallel and handed to a [`output::Sink`] as soon as each is drawn: `hyoka build` writes
//! them straight into the staging folder, so a big site is never held in memory whole.

pub mod diff;
pub mod incremental;

use crate::analyze::index::Indexes;
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::model::{Date, Site};
use crate::output;
use crate::output::{OutFile, Sink};
use crate::render;
use crate::render::theme::TemplateCache;
use crate::source;
use crate::timings;
use crate::validate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// A site read and validated.
pub struct Compiled {
    /// Every file read, for messages.
    pub sources: SourceMap,
    /// Errors and warnings, sorted.
    pub diags: Diagnostics,
    /// The model, when there were no errors.
    pub site: Option<Site>,
    /// The site's indexes (without git dates), built once for the lints and the pages.
    pub ix: Option<Indexes>,
}

/// Loads and validates the site in `site_dir`, with the lints of `hyoka check`.
pub fn compile(site_dir: &Path) -> Compiled {
    compile_with_raw(site_dir).0
}

/// [`compile`], also returning which files make up the site (the [`source::RawSite`], its
/// texts moved into [`Compiled::sources`]), for rebuilding one report at a time.
pub fn compile_with_raw(site_dir: &Path) -> (Compiled, source::RawSite) {
    let mut diags = Diagnostics::default();
    let raw = timings::time("load", || source::load_site(site_dir, &mut diags));
    compile_loaded(raw, diags)
}

/// [`compile_with_raw`] of files already loaded (with the problems loading found), such as a
/// site with one report's text replaced before it is written (`hyoka import`).
pub fn compile_loaded(raw: source::RawSite, diags: Diagnostics) -> (Compiled, source::RawSite) {
    let v = timings::time("validate", || validate::validate(&raw, diags));
    let mut diags = v.diags;
    let ix = v
        .site
        .as_ref()
        .map(|site| timings::time("index", || Indexes::build(site)));
    if let (Some(site), Some(ix)) = (&v.site, &ix) {
        timings::time("lint", || {
            crate::validate::lint::lint_with(
                site,
                crate::validate::lint::Plans::new(&ix.trees, &ix.plan_by_slug),
                &raw.sources,
                &mut diags,
            )
        });
    }
    timings::time("sort diags", || diags.sort(&raw.sources));
    let mut raw = raw;
    let sources = std::mem::take(&mut raw.sources);
    (
        Compiled {
            sources,
            diags,
            site: v.site,
            ix,
        },
        raw,
    )
}

/// The rendered files of a validated site (pages, assets, search index, open data,
/// sitemap), in memory, sorted by path.
pub fn render_files(site: &Site, site_dir: &Path) -> Result<Vec<OutFile>, Diagnostic> {
    render_files_cached(site, site_dir, &mut TemplateCache::default())
}

/// [`render_files`], reusing the templates parsed by an earlier call with the same cache.
pub fn render_files_cached(
    site: &Site,
    site_dir: &Path,
    cache: &mut TemplateCache,
) -> Result<Vec<OutFile>, Diagnostic> {
    let mut ix = timings::time("index", || Indexes::build(site));
    let sink = crate::output::Collect::default();
    let dates = crate::source::gitdates::start(site_dir);
    render_into(site, &mut ix, site_dir, dates, cache, &sink)?;
    Ok(sink.into_sorted())
}

/// Renders everything the site publishes, as [`render_files`] does, keeping nothing: for
/// `hyoka check`, where only a rendering error (a broken theme template) matters.
pub fn render_check(site: &Site, site_dir: &Path) -> Result<(), Diagnostic> {
    struct Discard;
    impl Sink for Discard {
        fn put(&self, _: OutFile) -> Result<(), Diagnostic> {
            Ok(())
        }
        fn put_streamed(
            &self,
            _: &str,
            fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
        ) -> Result<(), Diagnostic> {
            let _ = fill(&mut std::io::sink());
            Ok(())
        }
    }
    let mut ix = Indexes::build(site);
    render_into(
        site,
        &mut ix,
        site_dir,
        crate::source::gitdates::start(site_dir),
        &mut TemplateCache::default(),
        &Discard,
    )?;
    Ok(())
}

/// A sink that counts what passes through it.
struct Counting<'a> {
    inner: &'a dyn Sink,
    files: AtomicUsize,
    pages: AtomicUsize,
}

impl Counting<'_> {
    fn count(&self, path: &str) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Sink for Counting<'_> {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.count(&file.path);
        self.inner.put(file)
    }

    fn put_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        self.count(path);
        self.inner.put_streamed(path, fill)
    }
}

/// Renders everything the site publishes (pages, assets, search index, open data,
/// sitemap) into `sink`; fills `ix.file_dates` from `dates` (git, started with
/// [`crate::source::gitdates::start`]) first. Returns the number of files and of pages.
pub fn render_into(
    site: &Site,
    ix: &mut Indexes,
    site_dir: &Path,
    dates: crate::source::gitdates::Pending,
    cache: &mut TemplateCache,
    sink: &dyn Sink,
) -> Result<(usize, usize), Diagnostic> {
    let overrides = crate::source::theme::templates(site_dir, &site.config.theme)?;
    let (tera, native) = timings::time("templates", || cache.get(overrides))?;
    ix.file_dates = timings::time("gitdates", || dates.finish());
    let ix = &*ix;
    let counting = Counting {
        inner: sink,
        files: AtomicUsize::new(0),
        pages: AtomicUsize::new(0),
    };
    // The search index and open data are independent of the pages: made alongside them,
    // so their sequential parts overlap the pages' parallel work.
    let (pages, published) = rayon::join(
        || render::render_site_to(site, ix, tera, native, &counting),
        || publish_data(site, ix, &counting),
    );
    let pages = pages?;
    published?;
    publish_sitemap(site, &pages, &counting)?;
    Ok((
        counting.files.load(Ordering::Relaxed),
        counting.pages.load(Ordering::Relaxed),
    ))
}

/// What is published beside the pages: the search index and open data.
fn publish_data(site: &Site, ix: &Indexes, sink: &dyn Sink) -> Result<(), Diagnostic> {
    timings::time("search", || {
        sink.put_streamed("search/index.js", &mut |w| {
            crate::publish::search::write(site, ix, w)
        })
    })?;
    timings::time("opendata", || crate::publish::opendata::put(site, ix, sink))
}

/// `sitemap.xml` (with `base_url`) with each page's 更新日.
fn publish_sitemap(
    site: &Site,
    pages: &[(String, Option<Date>)],
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let sm_start = Instant::now();
    let paths: Vec<String> = pages.iter().map(|(p, _)| p.clone()).collect();
    let dates: BTreeMap<String, Date> = pages
        .iter()
        .filter_map(|(p, d)| d.map(|d| (p.clone(), d)))
        .collect();
    if let Some(f) =
        crate::publish::sitemap::sitemap(site.config.base_url.as_deref(), &paths, &dates)
    {
        sink.put(f)?;
    }
    timings::record("sitemap", sm_start.elapsed().as_secs_f64());
    Ok(())
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

/// Writes files into a [`output::Staging`] folder.
struct StagingSink<'a>(&'a output::Staging);

impl Sink for StagingSink<'_> {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.0
            .put(&file.path, &file.bytes)
            .map_err(Diagnostic::from)
    }

    fn put_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        self.0.put_streamed(path, fill).map_err(Diagnostic::from)
    }
}

/// Builds the site in `site_dir` into `out`. On any error the previous output is left as
/// it was.
pub fn build(site_dir: &Path, out: &Path) -> Result<(Compiled, BuildSummary), BuildError> {
    let start = Instant::now();
    // git's history is read while the content is.
    let dates = crate::source::gitdates::start(site_dir);
    let mut compiled = compile(site_dir);
    if compiled.diags.has_errors() {
        return Err(BuildError::Content(Box::new(compiled)));
    }
    let (Some(site), Some(mut ix)) = (compiled.site.take(), compiled.ix.take()) else {
        return Err(BuildError::Content(Box::new(compiled)));
    };
    compiled.sources.release_unused(&compiled.diags.items);
    let result = build_site(&site, &mut ix, site_dir, dates, out);
    compiled.site = Some(site);
    compiled.ix = Some(ix);
    match result {
        Ok((files, pages)) => {
            let summary = BuildSummary {
                pages,
                files,
                seconds: start.elapsed().as_secs_f64(),
            };
            timings::report(Some(summary.seconds));
            Ok((compiled, summary))
        }
        Err(d) => Err(BuildError::Other(Box::new(compiled), d)),
    }
}

fn build_site(
    site: &Site,
    ix: &mut Indexes,
    site_dir: &Path,
    dates: crate::source::gitdates::Pending,
    out: &Path,
) -> Result<(usize, usize), Diagnostic> {
    output::check_target(site_dir, out).map_err(Diagnostic::from)?;
    let staging = output::Staging::begin(out).map_err(Diagnostic::from)?;
    let (files, pages) = render_into(
        site,
        ix,
        site_dir,
        dates,
        &mut TemplateCache::default(),
        &StagingSink(&staging),
    )?;
    let copies: Vec<(PathBuf, String)> =
        crate::source::theme::static_files(site_dir, &site.config.theme)?
            .into_iter()
            .map(|f| (f.path, f.rel))
            .collect();
    timings::time("swap output", || staging.finish(&copies)).map_err(Diagnostic::from)?;
    Ok((files, pages))
}
