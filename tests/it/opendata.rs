//! Open data as Japan's catalogs take it: the city code and name as the first two columns
//! of every CSV, `city_code`'s check digit verified by `check`, the licence on the data
//! page and in `reports.json`, `data/catalog.csv`, and each report's own CSV files linked
//! from its page.

use crate::common::*;
use std::ffi::OsStr;
use std::path::Path;

/// The minimal site with lines added to site.toml (after its five lines).
fn with_site_lines(lines: &str) -> Fixture {
    let site = format!("{}{lines}", MINIMAL[0].1);
    Fixture::minimal_with(&[("site.toml", site.as_str())])
}

/// The records of a CSV file of the output (BOM required), parsed per RFC 4180.
pub(crate) fn records(out: &Path, rel: &str) -> Vec<Vec<String>> {
    let bytes = std::fs::read(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let text = std::str::from_utf8(&bytes)
        .unwrap()
        .strip_prefix('\u{FEFF}')
        .unwrap_or_else(|| panic!("{rel}: no BOM"));
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "{rel}: CR without LF");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("{rel}: bare LF"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        row.is_empty() && field.is_empty(),
        "{rel}: last row has no CRLF"
    );
    rows
}

/// Every CSV file under `out/data`, as paths relative to `out`.
fn csv_files(out: &Path) -> Vec<String> {
    let mut files: Vec<String> = snapshot(&out.join("data"))
        .into_keys()
        .filter(|p| p.ends_with(".csv"))
        .map(|p| format!("data/{p}"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_csv_starts_with_the_city_code_and_name() {
    for (lines, code) in [("city_code = \"131016\"\n", "131016"), ("", "")] {
        let fx = with_site_lines(lines);
        let out = fx.built();
        let files = csv_files(&out);
        assert!(
            files.contains(&"data/reports/kikaku/2021/goals.csv".to_string()),
            "{files:?}"
        );
        for f in files.iter().filter(|f| !f.ends_with("catalog.csv")) {
            let rows = records(&out, f);
            assert_eq!(
                rows[0][..2],
                ["全国地方公共団体コード", "地方公共団体名"],
                "{f}"
            );
            for r in &rows[1..] {
                assert_eq!(r.len(), rows[0].len(), "{f}: ragged row {r:?}");
                assert_eq!(r[..2], [code, "テスト市"], "{f}");
            }
        }
        // The catalog ends with them, as catalog imports order their columns.
        let cat = records(&out, "data/catalog.csv");
        let n = cat[0].len();
        assert_eq!(
            cat[0][n - 2..],
            ["全国地方公共団体コード", "地方公共団体名"]
        );
        assert!(cat[1..].iter().all(|r| r[n - 2..] == [code, "テスト市"]));
        // The data page documents the two columns.
        let t = main_text(&page(&out, "data/index.html"));
        assert!(t.contains("全国地方公共団体コード") && t.contains("地方公共団体名"));
    }
}

#[test]
fn city_code_check_digit_is_an_error_at_its_line() {
    // site.toml's sixth line.
    let fx = with_site_lines("city_code = \"131017\"\n");
    let run = fx.check();
    assert_ne!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("site.toml:6:13") && run.stderr.contains("検査数字"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("検査数字は 6 です"), "{}", run.stderr);

    // Five digits: the hint gives the code with its check digit.
    let fx = with_site_lines("city_code = 13101\n");
    let run = fx.check();
    assert_ne!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("site.toml:6:13"), "{}", run.stderr);
    assert!(run.stderr.contains("「131016」"), "{}", run.stderr);

    let fx = with_site_lines("city_code = \"千代田区\"\n");
    let run = fx.check();
    assert!(run.stderr.contains("site.toml:6:13"), "{}", run.stderr);

    // Valid codes, full-width digits included, build; the CSV has them half-width.
    for written in ["\"011002\"", "\"１３１０１６\"", "141305"] {
        let fx = with_site_lines(&format!("city_code = {written}\n"));
        fx.check().ok();
    }
    let fx = with_site_lines("city_code = \"１３１０１６\"\n");
    let out = fx.built();
    assert_eq!(records(&out, "data/goals.csv")[1][0], "131016");
}

#[test]
fn catalog_lists_each_file_with_its_url_and_licence() {
    let base = "https://www.city.example.lg.jp/kikaku/hyoka/";
    for (lines, prefix) in [
        (
            format!("base_url = \"{base}\"\ncity_code = \"131016\"\n"),
            base,
        ),
        (String::new(), ""),
    ] {
        let fx = with_site_lines(&lines);
        // Outside git the files' modification times are the other reports' 更新日: put
        // them in the past, so the newest date is the one a report writes.
        set_modified_everywhere(&fx.site, 1_617_235_200); // 2021-04-01
        let out = fx.built();
        let rows = records(&out, "data/catalog.csv");
        assert_eq!(
            rows[0],
            [
                "データセット_タイトル",
                "データセット_概要",
                "データセット_キーワード",
                "データセット_最終更新日",
                "データセット_更新頻度",
                "ファイル_タイトル",
                "ファイル_ダウンロードURL",
                "ファイル_形式",
                "ファイル_ライセンス",
                "全国地方公共団体コード",
                "地方公共団体名",
            ]
        );
        let urls: Vec<&str> = rows[1..].iter().map(|r| r[6].as_str()).collect();
        let want: Vec<String> = [
            "goals.csv",
            "indicators.csv",
            "goal_plans.csv",
            "reports.json",
        ]
        .iter()
        .map(|f| format!("{prefix}data/{f}"))
        .collect();
        assert_eq!(urls, want);
        for r in &rows[1..] {
            assert!(r[0].starts_with("テスト市 部局運営方針 "), "{r:?}");
            assert!(!r[1].is_empty() && !r[2].is_empty(), "{r:?}");
            // The newest 更新日 of the reports (kikaku 2021's), not the build's clock.
            assert_eq!(r[3], "2022-06-30");
            assert_eq!(r[4], "年1回");
            assert_eq!(r[8], "公共データ利用規約（第1.0版）");
            let format = if r[6].ends_with(".json") {
                "JSON"
            } else {
                "CSV"
            };
            assert_eq!(r[7], format);
            // Each URL names a file of the output.
            let rel = r[6].strip_prefix(prefix).unwrap();
            assert!(out.join(rel).is_file(), "{rel}");
        }
        // The data page documents the catalog and links to it.
        let data = page(&out, "data/index.html");
        let t = main_text(&data);
        assert!(t.contains("catalog.csv") && t.contains("ファイル_ダウンロードURL"));
    }
}

#[test]
fn page_column_is_absolute_under_base_url() {
    let base = "https://www.city.example.lg.jp/kikaku/hyoka/";
    let fx = with_site_lines(&format!("base_url = \"{base}\"\n"));
    let out = fx.built();
    for f in ["data/goals.csv", "data/indicators.csv"] {
        let rows = records(&out, f);
        let col = rows[0].iter().position(|h| h == "ページ").unwrap();
        assert!(rows.len() > 1);
        for r in &rows[1..] {
            assert!(r[col].starts_with(base), "{f}: {}", r[col]);
        }
    }
    let fx = Fixture::minimal();
    let out = fx.built();
    let rows = records(&out, "data/goals.csv");
    let col = rows[0].iter().position(|h| h == "ページ").unwrap();
    assert_eq!(
        rows[1][col],
        "departments/kikaku/2020/index.html#goal-renkei"
    );
}

#[test]
fn each_report_has_its_own_rows_and_its_page_links_to_them() {
    let fx = Fixture::minimal();
    let out = fx.built();
    for name in ["goals.csv", "indicators.csv"] {
        let all = records(&out, &format!("data/{name}"));
        let year = all[0].iter().position(|h| h == "年度").unwrap();
        let dept = all[0].iter().position(|h| h == "部局ID").unwrap();
        // The per-report files, in site order, are the site-wide file cut by report.
        let mut joined = vec![all[0].clone()];
        for (d, fy) in [("kikaku", "2020"), ("kikaku", "2021"), ("shimin", "2021")] {
            let own = records(&out, &format!("data/reports/{d}/{fy}/{name}"));
            assert_eq!(own[0], all[0], "{d}/{fy}/{name}: header");
            // Only kikaku 2021 has indicators: the others' are a header only.
            let empty = name == "indicators.csv" && (d, fy) != ("kikaku", "2021");
            assert_eq!(own.len() == 1, empty, "{d}/{fy}/{name}: {own:?}");
            for r in &own[1..] {
                assert_eq!((r[dept].as_str(), r[year].as_str()), (d, fy), "{name}");
            }
            joined.extend(own.into_iter().skip(1));
        }
        assert_eq!(joined, all, "{name}");
    }
    let goals = records(&out, "data/reports/kikaku/2021/goals.csv");
    assert_eq!(goals.len(), 1 + 2, "{goals:?}");

    // The report page's data links name that report's files, not the whole site's.
    let rel = "departments/kikaku/2021/index.html";
    let doc = page(&out, rel);
    let hrefs: Vec<String> = doc
        .select(&sel("main a[download]"))
        .filter_map(|a| resolve(rel, a.value().attr("href")?))
        .collect();
    assert!(
        hrefs.contains(&"data/reports/kikaku/2021/goals.csv".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"data/reports/kikaku/2021/indicators.csv".to_string()),
        "{hrefs:?}"
    );
    assert!(
        !hrefs
            .iter()
            .any(|h| h == "data/goals.csv" || h == "data/indicators.csv"),
        "{hrefs:?}"
    );
    check_links(&out);
    let run = hyoka([
        OsStr::new("--site"),
        fx.site.as_os_str(),
        OsStr::new("check"),
        OsStr::new("--links"),
    ]);
    run.ok();
    assert!(
        run.stdout.contains("リンク切れはありません"),
        "{}",
        run.stdout
    );
}

#[test]
fn licence_is_on_the_data_page_and_in_reports_json() {
    let fx = Fixture::minimal();
    let out = fx.built();
    let data = page(&out, "data/index.html");
    let t = main_text(&data);
    assert!(t.contains("公共データ利用規約（第1.0版）"), "{t}");
    assert!(t.contains("CC BY 4.0"), "{t}");
    assert!(
        data.select(&sel("main a[href]")).any(|a| a
            .value()
            .attr("href")
            .unwrap()
            .starts_with("https://www.digital.go.jp/")),
        "the default licence links to its text"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/reports.json")).unwrap()).unwrap();
    assert_eq!(json["license"], "公共データ利用規約（第1.0版）");
    assert_eq!(json["site"]["city_code"], serde_json::Value::Null);

    let fx = with_site_lines("license = \"CC BY 4.0\"\ncity_code = \"131016\"\n");
    let out = fx.built();
    let t = main_text(&page(&out, "data/index.html"));
    assert!(t.contains("「CC BY 4.0」"), "{t}");
    assert!(!t.contains("公共データ利用規約"), "{t}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/reports.json")).unwrap()).unwrap();
    assert_eq!(json["license"], "CC BY 4.0");
    assert_eq!(json["site"]["city_code"], "131016");
    assert!(
        records(&out, "data/catalog.csv")[1..]
            .iter()
            .all(|r| r[8] == "CC BY 4.0")
    );
}

/// Sets the modification time of every file under `dir` to `secs` after the epoch.
fn set_modified_everywhere(dir: &std::path::Path, secs: u64) {
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            std::fs::File::options()
                .write(true)
                .open(e.path())
                .and_then(|f| f.set_modified(when))
                .unwrap();
        }
    }
}
