//! The 年度の冊子 (`years/<FY>/booklet/index.html`): on the sample site and every example,
//! one per year with reports, linked from the year page, holding every department's report
//! of the year in the year page's order, with a table of contents whose links, like every
//! in-page link of the booklet, land on an id that occurs once; one h1, each report an h2.

use crate::common::*;
use scraper::Html;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Builds `site` (relative to the repository) into a temp folder.
fn build(site: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    hyoka([
        "--site".as_ref(),
        root.join(site).as_os_str(),
        "build".as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
    ])
    .ok();
    (tmp, out)
}

/// The fiscal years that have a report page.
fn report_years(out: &Path) -> BTreeSet<String> {
    html_files(out)
        .into_iter()
        .filter_map(|p| {
            let parts: Vec<&str> = p.split('/').collect();
            match parts.as_slice() {
                ["departments", _, year, "index.html"] if year.parse::<u32>().is_ok() => {
                    Some(year.to_string())
                }
                _ => None,
            }
        })
        .collect()
}

fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Joins a relative link to the folder of the page at `from` (both relative to the output).
fn resolve(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('#').next().unwrap().split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn check_site(site: &str) {
    let (_tmp, out) = build(site);
    let years = report_years(&out);
    assert!(!years.is_empty(), "{site}: no report pages");
    for year in &years {
        let year_rel = format!("years/{year}/index.html");
        let rel = format!("years/{year}/booklet/index.html");
        assert!(out.join(&rel).is_file(), "{site}: no {rel}");

        // The year page links to it.
        let year_page = page(&out, &year_rel);
        let links = attrs(&year_page, "main a", "href");
        assert!(
            links.iter().any(|h| resolve(&year_rel, h) == rel),
            "{site}: {year_rel} does not link to the booklet"
        );

        // Its parts are the year page's reports, in the same order, titled as on their pages.
        let reports: Vec<String> = attrs(
            &year_page,
            // A table with the rates, or a list on an ungraded site.
            "section[aria-labelledby=\"dept-h\"] table tbody th a, section[aria-labelledby=\"dept-h\"] ul.link-list a",
            "href",
        )
        .iter()
        .map(|h| resolve(&year_rel, h))
        .collect();
        let doc = page(&out, &rel);
        let parts = texts(&doc, "section.booklet-part > h2");
        let titles: Vec<String> = reports
            .iter()
            .map(|r| one_text(&page(&out, r), "h1"))
            .collect();
        assert_eq!(parts, titles, "{site}: {rel}: parts");
        assert_eq!(
            attrs(&doc, "section.booklet-part .booklet-page-link a", "href")
                .iter()
                .map(|h| resolve(&rel, h))
                .collect::<Vec<_>>(),
            reports,
            "{site}: {rel}: links to the report pages"
        );

        // The table of contents lists them in order and links to each part.
        assert_eq!(texts(&doc, ".booklet-toc li a"), titles, "{site}: {rel}");
        let part_ids = attrs(&doc, "section.booklet-part", "id");
        let toc: Vec<String> = attrs(&doc, ".booklet-toc a", "href")
            .iter()
            .map(|h| h.strip_prefix('#').expect("an in-page link").to_string())
            .collect();
        assert_eq!(toc, part_ids, "{site}: {rel}: contents");

        // Ids occur once; every in-page link lands on one.
        let ids = attrs(&doc, "[id]", "id");
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{site}: {rel}: repeated ids");
        for h in attrs(&doc, "a[href^=\"#\"]", "href") {
            assert!(unique.contains(&h[1..].to_string()), "{site}: {rel}: {h}");
        }

        // One h1; each report an h2 and nothing below it skips a level.
        assert_eq!(texts(&doc, "h1").len(), 1, "{site}: {rel}");
        let levels: Vec<u8> = doc
            .select(&sel("main h1, main h2, main h3, main h4, main h5, main h6"))
            .map(|h| h.value().name()[1..].parse().unwrap())
            .collect();
        for w in levels.windows(2) {
            assert!(w[1] <= w[0] + 1, "{site}: {rel}: h{} after h{}", w[1], w[0]);
        }
    }
    // No booklet for a year without reports.
    for p in html_files(&out) {
        if let ["years", year, "booklet", "index.html"] = p.split('/').collect::<Vec<_>>()[..] {
            assert!(years.contains(year), "{site}: {p}");
        }
    }
}

#[test]
fn booklet_of_the_sample_site() {
    check_site(".");
}

#[test]
fn booklets_of_the_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| root.join(n).join("site.toml").is_file())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for n in names {
        check_site(&format!("examples/{n}"));
    }
}

#[test]
fn a_part_keeps_its_report_page_sections_under_its_own_ids() {
    let (_tmp, out) = build(".");
    let doc = page(&out, "years/2023/booklet/index.html");
    let report = page(&out, "departments/seisaku/2023/index.html");
    let part = by_id(&doc, "seisaku-part");
    // The report page's sections, one level lower, with the department's prefix (the
    // page's own summary and contents are the booklet's contents there).
    let on_page = texts(&report, "article.report > section:not(.summary) > h2");
    let in_part: Vec<String> = part
        .select(&sel("section > h3"))
        .filter(|h| h.value().id().is_some_and(|id| id.ends_with("-h")))
        .filter(|h| !h.value().id().unwrap().contains("-goal-"))
        .map(text)
        .collect();
    assert_eq!(in_part, on_page);
    for id in attrs(&report, "article.report [id]", "id") {
        if !["summary-h", "toc-h"].contains(&id.as_str()) {
            by_id(&doc, &format!("seisaku-{id}"));
        }
    }
}

#[test]
fn a_unit_follows_its_department_and_its_entry_names_it() {
    // By `order` alone 広報課 (30) would come after 市民部 (20).
    let report = "[[goals]]\nid = \"a\"\ntitle = \"発信\"\ngrade = \"A\"\n";
    let f = Fixture::minimal();
    f.write(&[
        (
            "content/departments/kikaku/department.toml",
            "name = \"企画部\"\norder = 10\n",
        ),
        ("content/departments/kikaku/2021.toml", report),
        (
            "content/departments/shimin/department.toml",
            "name = \"市民部\"\norder = 20\n",
        ),
        ("content/departments/shimin/2021.toml", report),
        (
            "content/departments/koho/department.toml",
            "name = \"広報課\"\norder = 30\nparent = \"kikaku\"\n",
        ),
        ("content/departments/koho/2021.toml", report),
    ]);
    // The year page's order, and every other check of the sample site's booklets.
    check_site(f.site.to_str().unwrap());
    let (_tmp, out) = build(f.site.to_str().unwrap());
    let doc = page(&out, "years/2021/booklet/index.html");
    let names = texts(&doc, ".booklet-toc li a");
    let order: Vec<usize> = ["企画部", "広報課", "市民部"]
        .iter()
        .map(|n| names.iter().position(|t| t.contains(n)).expect(n))
        .collect();
    assert_eq!(order, [0, 1, 2], "{names:?}");
    assert_eq!(
        texts(&doc, ".booklet-toc li.sub-dept .parent-note"),
        ["（企画部）"]
    );
    assert_eq!(doc.select(&sel(".booklet-toc li.sub-dept")).count(), 1);
}
