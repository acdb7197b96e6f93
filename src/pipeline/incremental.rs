//! Rebuilding after one report changed, for `hyoka serve`: the report's department is read
//! and checked again (its `department.toml` and every report, so every rule that looks
//! across a department's years still holds), the indexes are recomputed (milliseconds),
//! and only the pages that can show the report are drawn again: its page and the next
//! year's (which compares with it), its department, its fiscal year and the next, the plan
//! items it refers to before and after the edit (with their ancestors), and the pages
//! about the whole site. The search index, open data and sitemap follow in a second step
//! ([`Session::data_files`]), so the edited page is served first.
//!
//! Anything else (a new or deleted file, `site.toml`, a plan, `department.toml`, a theme,
//! an error) goes through the full build, whose result an incremental rebuild must always
//! equal byte for byte (`tests/serve.rs` holds it to that).

use crate::analyze::index::Indexes;
use crate::diag::{Diagnostic, Place, SourceFile};
use crate::model::Site;
use crate::output::{Collect, OutFile};
use crate::pipeline::{self, Compiled};
use crate::render;
use crate::render::theme::TemplateCache;
use crate::source::layout::SiteFile;
use crate::source::{self, RawSite};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A good build kept between rebuilds: the site's files, model, messages and indexes.
pub struct Session {
    site_dir: PathBuf,
    /// Which file is which (texts are in `compiled.sources`).
    raw: RawSite,
    /// Texts, messages, the model and its indexes (with git dates).
    pub compiled: Compiled,
}

/// Why a full build failed: the compiled site (for its messages) and the rendering or
/// template error, if that was it.
pub struct Failed {
    /// What was read and the messages.
    pub compiled: Compiled,
    /// A rendering error (content errors are in `compiled.diags`).
    pub error: Option<Diagnostic>,
}

impl Session {
    /// Reads, checks and renders the whole site into memory.
    pub fn full(
        site_dir: &Path,
        cache: &mut TemplateCache,
    ) -> Result<(Session, Vec<OutFile>), Box<Failed>> {
        let dates = crate::source::gitdates::start(site_dir);
        let (mut compiled, raw) = pipeline::compile_with_raw(site_dir);
        if compiled.diags.has_errors() {
            return Err(Box::new(Failed {
                compiled,
                error: None,
            }));
        }
        let (Some(site), Some(mut ix)) = (compiled.site.take(), compiled.ix.take()) else {
            return Err(Box::new(Failed {
                compiled,
                error: None,
            }));
        };
        let sink = Collect::default();
        let result = pipeline::render_into(&site, &mut ix, site_dir, dates, cache, &sink);
        compiled.site = Some(site);
        compiled.ix = Some(ix);
        match result {
            Ok(_) => Ok((
                Session {
                    site_dir: site_dir.to_path_buf(),
                    raw,
                    compiled,
                },
                sink.into_sorted(),
            )),
            Err(d) => Err(Box::new(Failed {
                compiled,
                error: Some(d),
            })),
        }
    }

    /// The site (a session always holds a good one).
    fn site(&self) -> &Site {
        self.compiled.site.as_ref().expect("a session holds a site")
    }

    fn ix(&self) -> &Indexes {
        self.compiled.ix.as_ref().expect("a session holds indexes")
    }

    /// The report file `rel` (site-relative, with `/`) changed: its department is checked
    /// again and the pages that can show it are drawn again. `None` when this cannot be
    /// done here (not an existing report file, an error, a structural change): then the
    /// session may be half-changed and the caller must start a new one with
    /// [`Session::full`].
    pub fn report_changed(&mut self, rel: &str, cache: &mut TemplateCache) -> Option<Vec<OutFile>> {
        let Some(SiteFile::Report {
            dept: slug,
            year,
            markdown: is_md,
        }) = SiteFile::parse(rel)
        else {
            return None;
        };
        let k = self.raw.departments.iter().position(|d| d.slug == slug)?;
        let rr = self.raw.departments[k]
            .reports
            .iter()
            .position(|r| r.year == year)?;
        let file = if is_md {
            self.raw.departments[k].reports[rr].md?.file
        } else {
            self.raw.departments[k].reports[rr].toml?
        };
        let path = self.site_dir.join(rel);
        let text = source::read_text(&path, rel).ok()?;

        // The department read and checked again. On `None` from here on the session is
        // left half-changed: the caller builds the whole site again (see `Session::full`).
        self.compiled
            .sources
            .replace(file, SourceFile::new(rel.to_string(), path, text));
        let mut dept_raw = clone_department(&self.raw.departments[k]);
        if is_md && let Some(md) = dept_raw.reports[rr].md.as_mut() {
            let (front, body_start) =
                source::split_front_matter(&self.compiled.sources.get(file).text);
            md.front = front;
            md.body_start = body_start;
        }
        let dept_files = department_files(&dept_raw);
        let sub = RawSite {
            sources: std::mem::take(&mut self.compiled.sources),
            site: self.raw.site,
            plans: self.raw.plans.clone(),
            departments: vec![dept_raw],
        };
        let v = crate::timings::time("revalidate", || {
            crate::validate::validate(&sub, Default::default())
        });
        let RawSite {
            sources,
            departments: mut sub_depts,
            ..
        } = sub;
        self.compiled.sources = sources;
        if v.diags.has_errors() {
            return None;
        }
        let mut dept_diags: Vec<Diagnostic> = v
            .diags
            .items
            .into_iter()
            .filter(|d| in_files(d, &dept_files))
            .collect();
        let mut new_dept = v.site?.departments.pop()?;
        let site = self.site();
        let di = site.departments.iter().position(|d| d.slug == slug)?;
        let old = &site.departments[di];
        // Same years, same order: anything else is a structural change.
        if new_dept.order != old.order
            || new_dept.reports.len() != old.reports.len()
            || new_dept
                .reports
                .iter()
                .zip(&old.reports)
                .any(|(a, b)| a.year != b.year)
        {
            return None;
        }
        let ri = old.reports.iter().position(|r| r.year == year)?;

        // Everything is known to be fine: the new state.
        let old_items = items_of(self.ix(), di, ri);
        let mut site = self.compiled.site.take()?;
        std::mem::swap(&mut site.departments[di], &mut new_dept);
        let mut ix = crate::timings::time("index", || Indexes::build(&site));
        ix.file_dates = std::mem::take(&mut self.compiled.ix.as_mut()?.file_dates);
        let lint_start = std::time::Instant::now();
        dept_diags.extend(crate::validate::lint::lint_department(
            &site,
            crate::validate::lint::Plans::new(&ix.trees, &ix.plan_by_slug),
            &site.departments[di],
            &self.compiled.sources,
        ));
        self.raw.departments[k] = sub_depts.pop()?;
        self.compiled
            .diags
            .items
            .retain(|d| !in_files(d, &dept_files));
        self.compiled.diags.items.extend(dept_diags);
        self.compiled.diags.sort(&self.compiled.sources);
        crate::timings::record("lint", lint_start.elapsed().as_secs_f64());

        let mut items: BTreeSet<(usize, usize)> = old_items;
        items.extend(items_of(&ix, di, ri));
        let mut with_ancestors: BTreeSet<(usize, usize)> = BTreeSet::new();
        for &(p, n) in &items {
            with_ancestors.insert((p, n));
            for a in ix.trees[p].ancestors(n) {
                with_ancestors.insert((p, a));
            }
        }
        let mut years = vec![year];
        if let Some(&next) = ix.years.iter().find(|&&y| y > year) {
            years.push(next);
        }
        let mut reports = vec![ri];
        if ri + 1 < site.departments[di].reports.len() {
            reports.push(ri + 1);
        }
        let affected = render::Affected {
            department: di,
            reports,
            years,
            items: with_ancestors.into_iter().collect(),
        };
        self.compiled.site = Some(site);
        self.compiled.ix = Some(ix);

        let overrides =
            crate::source::theme::templates(&self.site_dir, &self.site().config.theme).ok()?;
        let (tera, native) = cache.get(overrides).ok()?;
        let sink = Collect::default();
        crate::timings::time("render", || {
            render::render_affected_to(self.site(), self.ix(), tera, native, &sink, &affected)
        })
        .ok()?;
        Some(sink.into_sorted())
    }

    /// The search index, open data and sitemap of the current site; `page_paths` are the
    /// paths of every page (the sitemap lists the HTML ones).
    pub fn data_files<'p>(&self, page_paths: impl Iterator<Item = &'p str>) -> Vec<OutFile> {
        let (site, ix) = (self.site(), self.ix());
        let mut out = vec![crate::publish::search::files(site, ix)];
        out.extend(crate::publish::opendata::files(site, ix));
        let paths: Vec<String> = page_paths
            .filter(|p| p.ends_with(".html"))
            .map(str::to_string)
            .collect();
        let mut dates = render::meta::page_dates(site, ix);
        dates.retain(|p, _| paths.contains(p));
        out.extend(crate::publish::sitemap::sitemap(
            site.config.base_url.as_deref(),
            &paths,
            &dates,
        ));
        out
    }
}

fn clone_department(d: &source::RawDepartment) -> source::RawDepartment {
    source::RawDepartment {
        slug: d.slug.clone(),
        file: d.file,
        reports: d
            .reports
            .iter()
            .map(|r| source::RawReport {
                year: r.year,
                toml: r.toml,
                md: r.md,
            })
            .collect(),
    }
}

/// The files of a department: `department.toml` and its reports.
fn department_files(d: &source::RawDepartment) -> Vec<crate::diag::FileId> {
    let mut v: Vec<crate::diag::FileId> = d.file.into_iter().collect();
    for r in &d.reports {
        v.extend(r.toml);
        v.extend(r.md.map(|m| m.file));
    }
    v
}

/// Whether a message points into one of `files`.
fn in_files(d: &Diagnostic, files: &[crate::diag::FileId]) -> bool {
    matches!(&d.place, Place::Span(loc) if files.contains(&loc.file))
}

/// The plan items report `ri` of department `di` refers to.
fn items_of(ix: &Indexes, di: usize, ri: usize) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    for (p, plan) in ix.item_refs.iter().enumerate() {
        for (n, refs) in plan.iter().enumerate() {
            if refs.iter().any(|r| r.dept == di && r.report == ri) {
                out.insert((p, n));
            }
        }
    }
    out
}
