//! Fiscal years as 和暦 and 西暦, files saved on Windows, byte-identical rebuilds, and the
//! sites shipped in the repository.

use super::*;

#[test]
fn wareki_years_use_gannen_and_the_right_era() {
    let fx = year_site("wareki", &[2018, 2019]);
    let out = fx.built();
    assert_eq!(
        one_text(&page(&out, "years/2019/index.html"), "h1"),
        "令和元年度の達成状況"
    );
    assert_eq!(
        one_text(&page(&out, "years/2018/index.html"), "h1"),
        "平成30年度の達成状況"
    );
    assert_eq!(
        one_text(&page(&out, "departments/kikaku/2019/index.html"), "h1"),
        "令和元年度 企画部の運営方針"
    );
    assert_eq!(
        one_text(&page(&out, "departments/kikaku/2018/index.html"), "h1"),
        "平成30年度 企画部の運営方針"
    );
    let top = main_text(&page(&out, "index.html"));
    assert!(
        top.contains("令和元年度") && top.contains("平成30年度"),
        "{top}"
    );
    for rel in html_files(&out) {
        let t = main_text(&page(&out, &rel));
        assert!(!t.contains("令和1年度"), "{rel} says 令和1年度");
        assert!(
            !t.contains("2019年度"),
            "{rel} shows a Western year under wareki"
        );
    }
}

#[test]
fn both_year_style_shows_wareki_and_western() {
    let fx = year_site("both", &[2021]);
    let out = fx.built();
    assert_eq!(
        one_text(&page(&out, "years/2021/index.html"), "h1"),
        "令和3年度（2021年度）の達成状況"
    );
    assert_eq!(
        one_text(&page(&out, "departments/kikaku/2021/index.html"), "h1"),
        "令和3年度（2021年度） 企画部の運営方針"
    );
}

#[test]
fn western_year_style_shows_western_years_only() {
    let fx = year_site("western", &[2019, 2021]);
    let out = fx.built();
    assert_eq!(
        one_text(&page(&out, "years/2021/index.html"), "h1"),
        "2021年度の達成状況"
    );
    assert_eq!(
        one_text(&page(&out, "years/2019/index.html"), "h1"),
        "2019年度の達成状況"
    );
    for rel in [
        "index.html",
        "years/2021/index.html",
        "departments/kikaku/index.html",
    ] {
        let t = main_text(&page(&out, rel));
        assert!(!t.contains("令和"), "{rel} shows 和暦 under western: {t}");
    }
}

#[test]
fn bom_and_crlf_files_build_like_plain_ones() {
    let plain = Fixture::minimal();
    let plain_out = plain.built();
    let files: Vec<(String, Vec<u8>)> = MINIMAL
        .iter()
        .map(|(p, t)| {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend(t.replace('\n', "\r\n").into_bytes());
            (p.to_string(), b)
        })
        .collect();
    let fx = Fixture::new(&[]);
    for (p, b) in &files {
        assert!(b.starts_with(b"\xEF\xBB\xBF") && b.windows(2).any(|w| w == b"\r\n"));
        fx.write_bytes(p, b);
    }
    let run = fx.build();
    run.ok();
    let out = fx.out();
    let a = html_files(&plain_out);
    assert_eq!(a, html_files(&out), "same pages");
    for rel in &a {
        assert_eq!(
            main_text(&page(&plain_out, rel)),
            main_text(&page(&out, rel)),
            "{rel} differs between the plain and the BOM+CRLF site"
        );
    }
    // The BOM does not end up in a title, and the front matter was still recognised.
    let doc = page(&out, "departments/kikaku/2021/index.html");
    assert_eq!(
        one_text(&page(&out, "index.html"), "h1"),
        "テスト市 部局運営方針"
    );
    assert_eq!(doc.select(&sel("time[datetime=\"2022-06-30\"]")).count(), 1);
    assert!(!main_text(&doc).contains("+++"));
}

#[test]
fn builds_are_byte_identical() {
    let fx = Fixture::minimal();
    let a = fx.beside("out-a");
    let b = fx.beside("out-b");
    fx.build_to(&a).ok();
    fx.build_to(&b).ok();
    let sa = snapshot(&a);
    assert!(sa.len() >= MINIMAL_PAGES.len());
    assert_same_tree(&sa, &snapshot(&b), "two builds");
    // A rebuild into the same folder gives the same bytes too.
    fx.build_to(&a).ok();
    assert_same_tree(&sa, &snapshot(&a), "rebuild");
    // The same content in another folder: nothing depends on where the site lives.
    let elsewhere = Fixture::minimal();
    let c = elsewhere.beside("somewhere/else/out");
    elsewhere.build_to(&c).ok();
    assert_same_tree(&sa, &snapshot(&c), "a copy of the site built elsewhere");
}

#[test]
fn repository_default_site_builds() {
    build_existing_site(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn every_example_site_builds() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs: Vec<_> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("site.toml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 4, "examples: {dirs:?}");
    for d in dirs {
        build_existing_site(&d);
    }
}
