//! Building good sites: the pages of site.md, what a report page shows, 和暦, BOM and
//! CRLF, determinism, Markdown safety, and the repository's own sites.

use crate::common::*;
use std::path::Path;

mod pages;
mod plans;
mod safety;
mod years;

/// A one-department site with `year_style` and a graded report for each of `years`.
fn year_site(style: &str, years: &[i32]) -> Fixture {
    let site =
        format!("title = \"年度表記テスト\"\ncity = \"テスト市\"\nyear_style = \"{style}\"\n");
    let fx = Fixture::new(&[
        ("site.toml", site.as_str()),
        (
            "content/departments/kikaku/department.toml",
            "name = \"企画部\"\n",
        ),
    ]);
    for y in years {
        fx.write(&[(
            format!("content/departments/kikaku/{y}.toml").as_str(),
            "[[goals]]\nid = \"a\"\ntitle = \"目標\"\ngrade = \"A\"\n",
        )]);
    }
    fx
}

const HOSTILE_MD: &str = "本文<script>alert(1)</script>と<b>太字</b>です。\n\n<img src=\"x.png\" onerror=\"alert(2)\">\n\n<a href=\"javascript:alert(3)\" onclick=\"alert(4)\">リンク</a> [md](javascript:alert(5))\n";

fn assert_no_script(doc: &scraper::Html) {
    // The theme may load its own scripts from assets/; nothing from the Markdown runs.
    for s in doc.select(&sel("script")) {
        let src = s.value().attr("src").unwrap_or_default();
        assert!(
            !src.is_empty() && !src.contains(':') && s.text().collect::<String>().trim().is_empty(),
            "inline or foreign script: {}",
            s.html()
        );
    }
    assert_eq!(
        doc.select(&sel("main script")).count(),
        0,
        "a script element in the page body"
    );
    for attr in ["onerror", "onclick"] {
        assert_eq!(
            doc.select(&sel(&format!("[{attr}]"))).count(),
            0,
            "an {attr} attribute"
        );
    }
    for a in doc.select(&sel("[href], [src]")) {
        for v in [a.value().attr("href"), a.value().attr("src")]
            .into_iter()
            .flatten()
        {
            assert!(
                !v.to_ascii_lowercase().contains("javascript:"),
                "javascript: URL {v}"
            );
        }
    }
}

fn build_existing_site(dir: &Path) {
    assert!(
        dir.join("site.toml").is_file(),
        "{} has no site.toml",
        dir.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let run = hyoka([
        std::ffi::OsStr::new("--site"),
        dir.as_os_str(),
        std::ffi::OsStr::new("build"),
        std::ffi::OsStr::new("--output"),
        out.as_os_str(),
    ]);
    run.ok();
    for p in [
        "index.html",
        "departments/index.html",
        "404.html",
        "assets/style.css",
    ] {
        assert!(out.join(p).is_file(), "{}: {p} missing", dir.display());
    }
    check_pages(&out);
    check_links(&out);
}

/// The records of a CSV text (quote-aware), without the BOM.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut field = String::new();
    let mut record = Vec::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{FEFF}').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => record.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}
