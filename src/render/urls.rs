//! The site's URL scheme: every page the site has, as a [`PageRef`], and where it lives,
//! as a path relative to the output folder and, under `base_url`, as an absolute URL.
//! Links are built from a [`PageRef`], and what a page is (for its footer facts) is read
//! from the same value, never parsed back from its path.

use crate::analyze::index::Indexes;
use crate::model::Site;
use crate::model::fiscal::FiscalYear;

/// A page of the site, named by what it shows (slugs and ids borrowed from the model).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageRef<'a> {
    /// The top page.
    Index,
    /// A fiscal year's page.
    Year(FiscalYear),
    /// A fiscal year's booklet: all its reports on one page, to print.
    Booklet(FiscalYear),
    /// The list of departments.
    Departments,
    /// A department's page, by slug.
    Department(&'a str),
    /// A department's report of one fiscal year.
    Report {
        /// The department's slug.
        dept: &'a str,
        /// The report's fiscal year.
        year: FiscalYear,
    },
    /// The list of plans.
    Plans,
    /// A plan's page, by slug.
    Plan(&'a str),
    /// A plan item's page.
    Item {
        /// The plan's slug.
        plan: &'a str,
        /// The item's id in the plan's tree.
        id: &'a str,
    },
    /// The search page.
    Search,
    /// The open-data page.
    Data,
    /// The page shown for a missing URL.
    NotFound,
}

impl PageRef<'_> {
    /// The page's path, relative to the output folder (and to the site's root: a link).
    pub fn path(&self) -> String {
        // Joined with `concat` rather than `format!`: every report page asks for dozens
        // of links (each plan reference has its item's URL), and `format!` costs several
        // times as much for the same bytes.
        let mut year = itoa::Buffer::new();
        match *self {
            PageRef::Index => "index.html".into(),
            PageRef::Year(fy) => ["years/", year.format(fy.year()), "/index.html"].concat(),
            PageRef::Booklet(fy) => {
                ["years/", year.format(fy.year()), "/booklet/index.html"].concat()
            }
            PageRef::Departments => "departments/index.html".into(),
            PageRef::Department(dept) => ["departments/", dept, "/index.html"].concat(),
            PageRef::Report { dept, year: fy } => [
                "departments/",
                dept,
                "/",
                year.format(fy.year()),
                "/index.html",
            ]
            .concat(),
            PageRef::Plans => "plans/index.html".into(),
            PageRef::Plan(slug) => ["plans/", slug, "/index.html"].concat(),
            PageRef::Item { plan, id } => ["plans/", plan, "/", id, "/index.html"].concat(),
            PageRef::Search => "search/index.html".into(),
            PageRef::Data => "data/index.html".into(),
            PageRef::NotFound => "404.html".into(),
        }
    }

    /// Every page of the site.
    pub fn all<'a>(site: &'a Site, ix: &'a Indexes) -> Vec<PageRef<'a>> {
        let mut pages = vec![PageRef::Index, PageRef::Departments];
        pages.extend(ix.years.iter().map(|&fy| PageRef::Year(fy)));
        pages.extend(ix.years.iter().map(|&fy| PageRef::Booklet(fy)));
        for d in &site.departments {
            pages.push(PageRef::Department(&d.slug));
            pages.extend(d.reports.iter().map(|r| PageRef::Report {
                dept: &d.slug,
                year: r.year,
            }));
        }
        if !site.plans.is_empty() {
            pages.push(PageRef::Plans);
        }
        for (p, plan) in site.plans.iter().enumerate() {
            pages.push(PageRef::Plan(&plan.slug));
            pages.extend(ix.trees[p].nodes.iter().map(|n| PageRef::Item {
                plan: &plan.slug,
                id: &n.id,
            }));
        }
        pages.extend([PageRef::Search, PageRef::Data, PageRef::NotFound]);
        pages
    }
}

/// HTML id for an entry of a report (a goal, challenge, project or 中期目標), the
/// fragment of its links.
pub fn anchor(prefix: &str, id: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + 1 + id.len());
    push_anchor(&mut s, prefix, id);
    s
}

/// Appends [`anchor`]`(prefix, id)` to `s`: the id with white space and quotes as `-`.
pub fn push_anchor(s: &mut String, prefix: &str, id: &str) {
    s.push_str(prefix);
    s.push('-');
    // Most ids are ASCII words and need no change (any other byte takes the slow path,
    // which alone decides what is white space).
    if id
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\'')
    {
        s.push_str(id);
    } else {
        s.extend(id.chars().map(crate::model::anchor_char));
    }
}

/// The absolute URL of a page: `base_url` + its path without a trailing `index.html`,
/// percent-encoded outside the unreserved characters and `/`.
pub fn page_url(base_url: &str, path: &str) -> String {
    let p = path.strip_suffix("index.html").unwrap_or(path);
    let mut out = String::from(base_url);
    push_encoded(&mut out, p);
    out
}

/// Appends `s` to `out` with every byte but ASCII letters, digits, `-._~` and `/`
/// percent-encoded.
pub fn push_encoded(out: &mut String, s: &str) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_replace_white_space_and_quotes() {
        // As written before the fast path: every character mapped.
        let slow = |prefix: &str, id: &str| {
            let clean: String = id
                .chars()
                .map(|c| {
                    if c.is_whitespace() || c == '"' || c == '\'' {
                        '-'
                    } else {
                        c
                    }
                })
                .collect();
            format!("{prefix}-{clean}")
        };
        for id in [
            "g1",
            "1-2-3",
            "a b",
            "a\tb\u{b}c",
            "say \"hi\" 'x'",
            "全角\u{3000}空白",
            "目標１",
            "nbsp\u{a0}x",
            "ctrl\u{1}x",
            "",
        ] {
            assert_eq!(anchor("goal", id), slow("goal", id), "{id:?}");
        }
    }

    #[test]
    fn paths() {
        let fy = FiscalYear(2021);
        let report = PageRef::Report {
            dept: "kikaku",
            year: fy,
        };
        assert_eq!(report.path(), "departments/kikaku/2021/index.html");
        assert_eq!(
            PageRef::Department("kikaku").path(),
            "departments/kikaku/index.html"
        );
        assert_eq!(PageRef::Year(fy).path(), "years/2021/index.html");
        assert_eq!(PageRef::Booklet(fy).path(), "years/2021/booklet/index.html");
        assert_eq!(PageRef::Plan("sogo").path(), "plans/sogo/index.html");
        let item = PageRef::Item {
            plan: "sogo",
            id: "1-2",
        };
        assert_eq!(item.path(), "plans/sogo/1-2/index.html");
    }
}
