//! `graded = false` (site and report, content-format.md "Additions for any city's
//! report"): a site that grades nothing shows no scale, no 達成率 and no 未評価 on any
//! page, and no grade chart; in a graded site an ungraded report (a plan, a profile) is
//! left out of every rate and distribution, and its rows in the open data have empty
//! grade cells.

use crate::common::*;
use crate::opendata::records;
use scraper::{ElementRef, Html, Node};
use std::path::Path;

/// Words of grading that a page of an ungraded site must not say.
const GRADE_WORDS: &[&str] = &["評価の基準", "未評価", "達成率", "達成・概ね達成"];

/// Ids of the charts of grades and 達成率 (a booklet prefixes them with the department).
const GRADE_CHARTS: &[&str] = &[
    "chart-grades",
    "chart-grades-by-year",
    "chart-trend",
    "chart-departments",
    "chart-item-trend",
];

/// The text of a page outside what may name an indicator's rate: indicator tables (the
/// report's `table.indicators`, and any table with a 実績 column: an indicator's target,
/// actual and rate are still shown), `code` (the open data's column names, fixed so files
/// stay comparable), scripts and styles.
fn text_outside_indicators(doc: &Html) -> String {
    let mut out = String::new();
    let skip = |el: ElementRef| {
        let name = el.value().name();
        matches!(name, "script" | "style" | "code")
            || name == "table"
                && (el.value().classes().any(|c| c == "indicators")
                    || el.select(&sel("thead th")).any(|th| text(th) == "実績"))
    };
    walk(doc.root_element(), &skip, &mut out);
    out
}

/// The text of `<main>` without the explanation of the grade scale (which says how
/// 未評価 goals are treated).
fn main_text_without_scale(doc: &Html) -> String {
    let main = doc.select(&sel("main")).next().unwrap();
    let mut out = String::new();
    let skip = |el: ElementRef| el.value().attr("aria-labelledby") == Some("scale-h");
    walk(main, &skip, &mut out);
    squash(&out)
}

/// Appends the text of `el` to `out`, leaving out the elements `skip` says.
fn walk(el: ElementRef, skip: &dyn Fn(ElementRef) -> bool, out: &mut String) {
    if skip(el) {
        return;
    }
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(_) => walk(ElementRef::wrap(child).unwrap(), skip, out),
            _ => {}
        }
    }
    out.push(' ');
}

/// A report of `goals` (TOML of `[[goals]]` tables) with an optional first line.
fn report(first: &str, goals: &str) -> String {
    format!("kind = \"運営方針\"\n{first}\n{goals}")
}

/// A goal with a grade (or none) and one indicator with a target and an actual.
pub(crate) fn goal(id: &str, grade: Option<&str>, target: u32, actual: u32) -> String {
    let grade = grade
        .map(|g| format!("grade = \"{g}\"\n"))
        .unwrap_or_default();
    format!(
        r#"
[[goals]]
id = "{id}"
title = "目標{id}"
plan = ["1-1"]
aim = "取り組みます。"
{grade}
  [[goals.indicators]]
  name = "件数{id}"
  unit = "件"
  target = {target}
  actual = {actual}
"#
    )
}

/// A plan of two items (1, 1-1) that the goals of these fixtures refer to.
pub(crate) const PLAN: &str = r#"name = "第1次テスト町総合計画"
short = "総合計画"
period = { from = 2018, to = 2027 }
levels = ["基本目標", "施策"]
separator = "-"

[[items]]
code = "1"
title = "安心なまち"

[[items]]
code = "1-1"
title = "防災の推進"
"#;

/// A site of two departments and two years; `site_lines` go into site.toml and
/// `shimin_2023_first` heads 市民部's 2023 report.
fn site(site_lines: &str, shimin_2023_first: &str) -> Fixture {
    let site = format!(
        "title = \"テスト町 運営方針\"\ncity = \"テスト町\"\nyear_style = \"wareki\"\nprimary_plan = \"sogo\"\n{site_lines}"
    );
    let k22 = report(
        "",
        &[goal("a", Some("A"), 10, 10), goal("b", None, 10, 4)].concat(),
    );
    let k23 = report(
        "",
        &[goal("a", Some("A"), 10, 12), goal("b", Some("C"), 10, 5)].concat(),
    );
    let s22 = report("", &goal("m", Some("B"), 10, 8));
    // 市民部's 2023: a D and a goal without grade, which would move every total if counted.
    let s23 = report(
        shimin_2023_first,
        &[goal("m", Some("D"), 10, 2), goal("n", None, 10, 3)].concat(),
    );
    Fixture::new(&[
        ("site.toml", site.as_str()),
        ("content/plans/sogo.toml", PLAN),
        (
            "content/departments/kikaku/department.toml",
            "name = \"企画部\"\norder = 10\n",
        ),
        (
            "content/departments/shimin/department.toml",
            "name = \"市民部\"\norder = 20\n",
        ),
        ("content/departments/kikaku/2022.toml", k22.as_str()),
        ("content/departments/kikaku/2023.toml", k23.as_str()),
        ("content/departments/shimin/2022.toml", s22.as_str()),
        ("content/departments/shimin/2023.toml", s23.as_str()),
    ])
}

/// Every grade word and grade chart on the pages of `out`, as `page: what` lines.
fn grading_on_pages(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for rel in html_files(out) {
        let doc = page(out, &rel);
        let t = text_outside_indicators(&doc);
        for w in GRADE_WORDS {
            if t.contains(w) {
                found.push(format!("{rel}: {w}"));
            }
        }
        for fig in doc.select(&sel("figure[id]")) {
            let id = fig.value().attr("id").unwrap_or_default();
            if GRADE_CHARTS
                .iter()
                .any(|c| id == *c || id.ends_with(&format!("-{c}")))
            {
                found.push(format!("{rel}: figure #{id}"));
            }
        }
    }
    found
}

#[test]
fn an_ungraded_site_says_nothing_of_grades_on_any_page() {
    let fx = site("graded = false\n", "");
    let out = fx.built();
    let pages = html_files(&out);
    for p in [
        "index.html",
        "years/2023/index.html",
        "departments/shimin/index.html",
    ] {
        assert!(pages.contains(&p.to_string()), "{p} in {pages:?}");
    }
    let found = grading_on_pages(&out);
    assert!(
        found.is_empty(),
        "grading on an ungraded site:\n{}",
        found.join("\n")
    );
    // Indicators still show their target, actual and rate.
    let series = texts(&page(&out, "departments/kikaku/index.html"), "table");
    assert!(series.iter().any(|t| t.contains("120.0%")), "{series:?}");
    // The top page and the year page read as lists of reports.
    let year = page(&out, "years/2023/index.html");
    assert_eq!(one_text(&year, "h1"), "令和5年度の報告");
    assert!(main_text(&year).contains("企画部"));
}

#[test]
fn the_check_finds_grading_on_a_graded_site() {
    // The same site graded: the test above would see every word (it is not blind).
    let fx = site("", "");
    let out = fx.built();
    let found = grading_on_pages(&out).join("\n");
    for want in [
        "index.html: 達成率",
        "years/2023/index.html: 評価の基準",
        "years/2023/index.html: figure #chart-grades",
        "departments/kikaku/index.html: figure #chart-trend",
    ] {
        assert!(found.contains(want), "{want} not in\n{found}");
    }
}

#[test]
fn an_ungraded_report_is_not_counted_in_a_graded_site() {
    let fx = site("", "graded = false");
    let out = fx.built();
    // 令和5年度: 企画部 A and C → 1 of 2 = 50.0%. Counted, 市民部's D would make it 33.3%,
    // and its goal without grade would be 未評価.
    let year = page(&out, "years/2023/index.html");
    let big = one_text(&year, ".big-figure");
    assert!(big.starts_with("50.0%"), "{big}");
    assert!(big.contains("評価済み2件のうち達成・概ね達成1件"), "{big}");
    let year_text = main_text_without_scale(&year);
    assert!(!year_text.contains("未評価"), "{year_text}");
    assert!(
        year_text.contains("評価のない報告（計画・プロフィール）1件は数えていません"),
        "{year_text}"
    );
    let row = texts(&year, "table.stack tbody tr")
        .into_iter()
        .find(|r| r.contains("市民部"))
        .unwrap();
    // Its own cell says 評価なし; 令和4年度's 100.0% is beside it, with no change across.
    assert!(row.starts_with("市民部評価なし100.0%—"), "{row}");
    // The grade distribution counts 企画部's two goals only.
    let grades = text(by_id(&year, "chart-grades"));
    assert!(
        !grades.contains("未評価") && grades.contains("全部局の目標2件の評価"),
        "{grades}"
    );
    // 令和4年度: all three graded goals count, A and B achieved of 3 → 66.7%.
    let y22 = page(&out, "years/2022/index.html");
    assert!(one_text(&y22, ".big-figure").starts_with("66.7%"));
    // The top page: the latest year's 50.0%, and the same in its table of years.
    let top = page(&out, "index.html");
    let top_text = main_text_without_scale(&top);
    assert!(top_text.contains("全部局の達成率 50.0%"), "{top_text}");
    assert!(!top_text.contains("未評価"), "{top_text}");
    let y = texts(&top, "table tbody tr")
        .into_iter()
        .find(|r| r.starts_with("令和5年度"))
        .unwrap();
    assert!(y.contains("50.0%"), "{y}");
    // 市民部's page: 令和4年度 100.0% (B), 令和5年度 評価なし, no 未評価, no change across.
    let dept = page(&out, "departments/shimin/index.html");
    let dept_text = main_text_without_scale(&dept);
    assert!(!dept_text.contains("未評価"), "{dept_text}");
    let trend = texts(&dept, "#trend-h + figure + div table tbody tr");
    assert_eq!(trend.len(), 2, "{trend:?}");
    assert!(trend[0].contains("100.0%"), "{trend:?}");
    assert!(
        trend[1].contains("評価なし") && !trend[1].contains("ポイント"),
        "{trend:?}"
    );
    // The plan item's 令和5年度: 企画部's two goals only.
    let item = page(&out, "plans/sogo/1-1/index.html");
    let h = texts(&item, "h3");
    assert!(
        h.iter()
            .any(|t| t.contains("令和5年度") && t.contains("50.0%")),
        "{h:?}"
    );
}

#[test]
fn open_data_leaves_an_ungraded_reports_grade_cells_empty() {
    let fx = site("", "graded = false");
    let out = fx.built();
    let rows = records(&out, "data/goals.csv");
    let head = &rows[0];
    let at = |name: &str| head.iter().position(|h| h == name).unwrap();
    let grade_cols = [
        "評価",
        "評価ID",
        "評価の意味",
        "評価の出し方",
        "達成に数える",
    ]
    .map(at);
    let (year, dept, id) = (at("年度"), at("部局ID"), at("目標ID"));
    let row = |y: &str, d: &str, g: &str| {
        rows.iter()
            .find(|r| r[year] == y && r[dept] == d && r[id] == g)
            .unwrap_or_else(|| panic!("{y} {d} {g}"))
    };
    for g in ["m", "n"] {
        let r = row("2023", "shimin", g);
        assert_eq!(r.len(), head.len(), "the same columns");
        for c in grade_cols {
            assert_eq!(r[c], "", "{} of shimin/2023 {g}: {r:?}", head[c]);
        }
    }
    // A graded report keeps its grades, written or derived.
    assert_eq!(row("2023", "kikaku", "a")[grade_cols[0]], "A");
    assert_eq!(
        row("2022", "kikaku", "b")[grade_cols[3]],
        "参考：指標から算出"
    );
    // The per-report file is the same rows.
    let own = records(&out, "data/reports/shimin/2023/goals.csv");
    assert!(
        own[1..]
            .iter()
            .all(|r| grade_cols.iter().all(|&c| r[c].is_empty()))
    );
    // reports.json: no rate, no grade, and said to be ungraded.
    let json = std::fs::read_to_string(out.join("data/reports.json")).unwrap();
    let line = json
        .lines()
        .find(|l| l.contains("\"department_id\":\"shimin\"") && l.contains("\"fiscal_year\":2023"))
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim().trim_end_matches(',')).unwrap();
    assert_eq!(v["graded"], false);
    assert!(v["achievement_rate"].is_null());
    assert_eq!(v["goals_unevaluated"], 0);
    assert!(v["goals"][0]["grade"].is_null() && v["goals"][0]["grade_label"].is_null());
}
