//! Grades derived from indicators (issue #21, "Honest numbers"): a goal without a written
//! grade but with measured indicators gets a grade labelled 「参考：指標から算出」 on every
//! page, chart, rate sentence and CSV that shows it; `derive_grades = false` in site.toml
//! turns the derivation off, and such a goal is 未評価 everywhere.

use crate::common::*;
use crate::graded::PLAN;
use crate::opendata::records;
use std::path::Path;

/// The label beside every derived grade.
const LABEL: &str = "参考：指標から算出";

/// A goal with a grade (or none) and one indicator, 10 as target and `actual`.
fn goal(id: &str, grade: Option<&str>, actual: u32) -> String {
    crate::graded::goal(id, grade, 10, actual)
}

/// One department, 2023: goal 「目標a」 graded A in writing, goal 「目標b」 without a grade
/// whose indicator is at 80% (B 概ね達成 when derived). `site_lines` go into site.toml.
fn site(site_lines: &str) -> Fixture {
    let site = format!(
        "title = \"テスト町 運営方針\"\ncity = \"テスト町\"\nyear_style = \"wareki\"\nprimary_plan = \"sogo\"\n{site_lines}"
    );
    let report = format!(
        "kind = \"運営方針\"\n{}",
        [goal("a", Some("A"), 10), goal("b", None, 8)].concat()
    );
    Fixture::new(&[
        ("site.toml", site.as_str()),
        ("content/plans/sogo.toml", PLAN),
        (
            "content/departments/kikaku/department.toml",
            "name = \"企画部\"\norder = 10\n",
        ),
        ("content/departments/kikaku/2023.toml", report.as_str()),
    ])
}

const REPORT: &str = "departments/kikaku/2023/index.html";
const DEPARTMENT: &str = "departments/kikaku/index.html";
const ITEM: &str = "plans/sogo/1-1/index.html";

/// The texts of the elements under `selector` on page `rel` that mention 「目標`id`」, or
/// sit in the row or item that does.
fn places_of(out: &Path, rel: &str, selector: &str, id: &str) -> Vec<String> {
    let doc = page(out, rel);
    texts(&doc, selector)
        .into_iter()
        .filter(|t| t.contains(&format!("目標{id}")))
        .collect()
}

/// The text of the grade badge of goal `id` in the report's own goal section.
fn goal_badge(out: &Path, id: &str) -> String {
    let doc = page(out, REPORT);
    let goal = by_id(&doc, &format!("goal-{id}"));
    goal.select(&sel(".grade"))
        .next()
        .map(text)
        .unwrap_or_default()
}

/// Every place a page shows goal b's grade, with what it says.
fn goal_b_places(out: &Path) -> Vec<(&'static str, String)> {
    let mut v = vec![("report goal", goal_badge(out, "b"))];
    for (what, rel, selector) in [
        ("report summary", REPORT, ".summary-table tbody tr"),
        ("department matrix", DEPARTMENT, "table.matrix tbody tr"),
        ("plan item", ITEM, "li"),
    ] {
        let found = places_of(out, rel, selector, "b");
        assert!(!found.is_empty(), "{what}: no place shows 目標b");
        for t in found {
            v.push((what, t));
        }
    }
    v
}

#[test]
fn a_derived_grade_is_labelled_wherever_it_appears() {
    let fx = site("");
    let out = fx.built();
    // Every place that shows goal b's grade says B and that it is derived.
    for (what, t) in goal_b_places(&out) {
        assert!(t.contains("概ね達成") && t.contains(LABEL), "{what}: {t}");
    }
    // The written grade of goal a is not labelled.
    let a = goal_badge(&out, "a");
    assert!(a.contains("達成") && !a.contains("指標から算出"), "{a}");
    for t in places_of(&out, REPORT, ".summary-table tbody tr", "a") {
        assert!(!t.contains("指標から算出"), "summary of a: {t}");
    }

    // The headline 達成率 and its sentence say how many of the counted grades are derived.
    let doc = page(&out, REPORT);
    let meta = squash(&main_text(&doc));
    assert!(meta.contains("100.0%"), "{meta}");
    assert!(
        meta.contains(&format!(
            "（評価済み2件のうち達成・概ね達成2件） 評価済みのうち1件は「{LABEL}」の評価です"
        )),
        "{meta}"
    );
    // The grade chart's sentence and table count the derived grade.
    let chart = by_id(&doc, "chart-grades");
    let chart_text = squash(&text(chart));
    assert!(
        chart_text.contains(&format!("B（概ね達成）1件（うち{LABEL}1件）")),
        "{chart_text}"
    );
    // The scale section says what the label means.
    assert!(main_text(&doc).contains(&format!("「{LABEL}」は、評価が書かれていない目標")));
    // The department page's grades-by-year chart too.
    let dept = page(&out, DEPARTMENT);
    let by_year = squash(&text(by_id(&dept, "chart-grades-by-year")));
    assert!(
        by_year.contains(&format!("（うち{LABEL}1件）")),
        "{by_year}"
    );

    // Open data: 評価の出し方 names it, and its description says what it is.
    let rows = records(&out, "data/goals.csv");
    let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (id, grade, how) = (at("目標ID"), at("評価"), at("評価の出し方"));
    let row = |g: &str| rows.iter().find(|r| r[id] == g).unwrap();
    assert_eq!(
        (row("a")[grade].as_str(), row("a")[how].as_str()),
        ("A", "記入")
    );
    assert_eq!(
        (row("b")[grade].as_str(), row("b")[how].as_str()),
        ("B", LABEL)
    );
}

#[test]
fn derive_grades_false_leaves_an_unwritten_grade_unevaluated_everywhere() {
    let fx = site("derive_grades = false");
    let out = fx.built();
    for (what, t) in goal_b_places(&out) {
        assert!(
            t.contains("未評価") && !t.contains("指標から算出") && !t.contains("概ね達成"),
            "{what}: {t}"
        );
    }
    // The rate counts only the written grade: 1 of 1, with b as 未評価.
    let doc = page(&out, REPORT);
    let meta = squash(&main_text(&doc));
    assert!(
        meta.contains("100.0%") && meta.contains("評価済み1件のうち達成・概ね達成1件、未評価1件"),
        "{meta}"
    );
    assert!(!meta.contains("指標から算出"), "{meta}");
    let chart_text = squash(&text(by_id(&doc, "chart-grades")));
    assert!(
        chart_text.contains("A（達成）1件、未評価1件") && !chart_text.contains("指標から算出"),
        "{chart_text}"
    );
    // No page says anything was derived (but the open-data page, which describes the
    // column's values whatever the site).
    for rel in html_files(&out)
        .into_iter()
        .filter(|r| r != "data/index.html")
    {
        let t = main_text(&page(&out, &rel));
        assert!(!t.contains("指標から算出"), "{rel}");
    }
    // Open data: b has no grade and is 未評価.
    let rows = records(&out, "data/goals.csv");
    let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (id, grade, how) = (at("目標ID"), at("評価"), at("評価の出し方"));
    let b = rows.iter().find(|r| r[id] == "b").unwrap();
    assert_eq!((b[grade].as_str(), b[how].as_str()), ("", "未評価"));
}

#[test]
fn derive_grades_must_be_true_or_false() {
    let fx = site("derive_grades = \"no\"");
    let run = fx.check();
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("site.toml") && run.stderr.contains("derive_grades"),
        "{}",
        run.stderr
    );
}
