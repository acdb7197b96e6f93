//! What every page shows about itself at the bottom: 更新日, a stable page id and the
//! 問い合わせ先 (the 所管課). Derived from which page it is ([`PageRef`]), so pages need
//! not pass it.
//!
//! 更新日 is the report's own `updated`; else the last git commit date of the files the
//! page is made from ([`crate::source::gitdates`], one `git log` per build); else none. Both depend
//! only on the committed content, so builds stay byte-identical.

use crate::analyze::index::Indexes;
use crate::model::{Date, Report, Site};
use crate::render::urls::{PageRef, page_url};
use serde::Serialize;
use std::collections::BTreeMap;

/// The footer facts of one page.
#[derive(Serialize, Debug, Clone, Default)]
pub struct PageMeta {
    /// 更新日.
    #[serde(skip)]
    pub updated: Option<Date>,
    /// 更新日 as shown: 2024年3月2日.
    pub updated_text: String,
    /// 更新日 as `YYYY-MM-DD`.
    pub updated_iso: String,
    /// Stable id of the page: 8 hex digits derived from its path, unchanged across builds.
    pub page_id: String,
    /// 問い合わせ先: the department.
    pub contact: String,
    /// 問い合わせ先: its 課.
    pub contact_units: Vec<String>,
    /// Absolute URL for `<link rel="canonical">` (only with `base_url`), percent-encoded
    /// exactly as in `sitemap.xml`.
    pub canonical: String,
}

/// FNV-1a, 32 bits, of the city and the page's path: a short id unchanged across builds,
/// and different for two cities' pages of the same path. The city is its 全国地方公共団体
/// コード when site.toml gives one (two cities may share a name: 府中市), else its name.
pub fn page_id(city: &str, path: &str) -> String {
    let key = path.strip_suffix("index.html").unwrap_or(path);
    let mut h: u32 = 0x811c_9dc5;
    for b in city.bytes().chain([0]).chain(key.bytes()) {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

fn git(ix: &Indexes, rel: &str) -> Option<Date> {
    ix.file_dates.get(rel).and_then(|d| d.first()).copied()
}

fn report_date(ix: &Indexes, slug: &str, r: &Report) -> Option<Date> {
    r.stated_update().or_else(|| {
        // One string for both files: content/departments/{slug}/{year}.toml, then .md.
        let mut year = itoa::Buffer::new();
        let mut path = [
            "content/departments/",
            slug,
            "/",
            year.format(r.year.year()),
            ".toml",
        ]
        .concat();
        let toml = git(ix, &path);
        path.truncate(path.len() - "toml".len());
        path.push_str("md");
        toml.max(git(ix, &path))
    })
}

fn report_units(site: &Site, di: usize, r: &Report) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let all = r
        .goals
        .iter()
        .flat_map(|g| {
            g.sections
                .iter()
                .chain(g.initiatives.iter().flat_map(|i| i.sections.iter()))
        })
        .chain(r.challenges.iter().flat_map(|c| c.sections.iter()))
        .chain(r.projects.iter().flat_map(|p| p.sections.iter()));
    for s in all {
        if !units.contains(&s.v) {
            units.push(s.v.clone());
        }
    }
    if units.is_empty() {
        units = site.departments[di]
            .units
            .iter()
            .map(|u| u.v.clone())
            .collect();
    }
    units
}

/// The footer facts of page `page`, whose path is `path`.
pub fn page_meta(site: &Site, ix: &Indexes, page: &PageRef, path: &str) -> PageMeta {
    let dept_of = |slug: &str| site.departments.iter().position(|d| d.slug == slug);
    let mut updated: Option<Date> = None;
    let mut contact = String::new();
    let mut units = Vec::new();
    // The city's own ページID of the page a report transcribes, when it gives one.
    let mut source_id = None;
    match *page {
        PageRef::Report { dept: slug, year } => {
            if let Some(di) = dept_of(slug) {
                let d = &site.departments[di];
                if let Some(r) = d.reports.iter().find(|r| r.year == year) {
                    updated = report_date(ix, slug, r);
                    // Who answers questions today: the department as it is now named.
                    contact = d.name.clone();
                    source_id = r
                        .source
                        .as_ref()
                        .and_then(|s| s.page_id.clone())
                        .filter(|id| !id.trim().is_empty());
                    units = report_units(site, di, r);
                }
            }
        }
        PageRef::Department(slug) => {
            if let Some(di) = dept_of(slug) {
                let d = &site.departments[di];
                updated = git(ix, &format!("content/departments/{slug}/department.toml"));
                for r in &d.reports {
                    updated = updated.max(report_date(ix, slug, r));
                }
                contact = d.name.clone();
                units = d.units.iter().map(|u| u.v.clone()).collect();
            }
        }
        PageRef::Plan(slug) => updated = git(ix, &format!("content/plans/{slug}.toml")),
        PageRef::Item { plan: slug, id } => {
            updated = git(ix, &format!("content/plans/{slug}.toml"));
            // The departments whose reports refer to the item.
            if let Some(&pi) = ix.plan_by_slug.get(slug)
                && let Some(n) = ix.trees[pi].nodes.iter().position(|n| n.id == id)
            {
                let mut names: Vec<String> = Vec::new();
                for r in &ix.item_refs[pi][n] {
                    let d = &site.departments[r.dept];
                    let name = d.name_in(r.year).to_string();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                contact = names.join("、");
            }
        }
        // The booklet holds the year's reports, as the year page sums them up.
        PageRef::Year(fy) | PageRef::Booklet(fy) => {
            for d in &site.departments {
                for r in d.reports.iter().filter(|r| r.year == fy) {
                    updated = updated.max(report_date(ix, &d.slug, r));
                }
            }
        }
        PageRef::Index
        | PageRef::Departments
        | PageRef::Plans
        | PageRef::Search
        | PageRef::Data
        | PageRef::NotFound => {
            // Pages about the whole site: the newest of everything.
            updated = ix
                .file_dates
                .values()
                .filter_map(|d| d.first())
                .copied()
                .max();
            for d in &site.departments {
                for r in &d.reports {
                    updated = updated.max(r.stated_update());
                }
            }
        }
    }
    PageMeta {
        updated,
        updated_text: updated
            .map(|d| d.label(site.config.year_style))
            .unwrap_or_default(),
        updated_iso: updated.map(|d| d.iso()).unwrap_or_default(),
        page_id: source_id.unwrap_or_else(|| {
            page_id(
                site.config
                    .city_code
                    .as_deref()
                    .unwrap_or(&site.config.city),
                path,
            )
        }),
        contact,
        contact_units: units,
        canonical: site
            .config
            .base_url
            .as_deref()
            .map(|b| page_url(b, path))
            .unwrap_or_default(),
    }
}

/// The 更新日 of every page of the site that has one, by path (what `sitemap.xml` lists).
pub fn page_dates(site: &Site, ix: &Indexes) -> BTreeMap<String, Date> {
    PageRef::all(site, ix)
        .iter()
        .filter_map(|page| {
            let path = page.path();
            page_meta(site, ix, page, &path).updated.map(|d| (path, d))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ids_are_stable_and_ignore_index_html() {
        let id = |path| page_id("柏原市", path);
        assert_eq!(id("departments/a/index.html"), id("departments/a/"));
        assert_ne!(
            id("departments/a/index.html"),
            id("departments/b/index.html")
        );
        assert_eq!(id("index.html").len(), 8);
        // Two cities' top pages never share one.
        assert_ne!(
            page_id("柏原市", "index.html"),
            page_id("柏市", "index.html")
        );
        assert_ne!(page_id("272213", ""), page_id("122173", ""));
        // Fixed from now on: people cite page ids.
        assert_eq!(page_id("", ""), "050c5d1f");
    }
}
