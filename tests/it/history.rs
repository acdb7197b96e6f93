//! Year-over-year: continuity by id across fiscal years, the goal × year matrix, grade and
//! indicator changes, new and ended goals, a renamed department's merged history, a gap
//! year (compared across, as `previous` tests in full), and `hyoka new report`.

use crate::common::*;
use std::ffi::OsStr;

const SITE: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"title = "テスト市"
city = "テスト市"
"#,
    ),
    (
        "content/departments/kenko/department.toml",
        r#"name = "健康福祉部"
units = ["健康課"]
former_names = [{ name = "保健部", until = 2020 }]
"#,
    ),
    (
        "content/departments/kenko/2020.toml",
        r#"[[goals]]
id = "kenshin"
title = "特定健診の受診率向上"
grade = "A"

  [[goals.indicators]]
  id = "jushin"
  name = "特定健診受診率"
  unit = "%"
  target = 50
  actual = 48

  [[goals.indicators]]
  id = "jiko"
  name = "転倒事故件数"
  unit = "件"
  target = 10
  actual = 20
  better = "lower"

[[goals]]
id = "vaccine"
title = "予防接種の推進"
grade = "B"
"#,
    ),
    (
        "content/departments/kenko/2021.toml",
        r#"[[goals]]
id = "kenshin"
title = "特定健診の受診率向上"
grade = "C"

  [[goals.indicators]]
  id = "jushin"
  name = "特定健診受診率"
  unit = "%"
  target = 50
  actual = 45

  [[goals.indicators]]
  id = "jiko"
  name = "転倒事故件数"
  unit = "件"
  target = 10
  actual = 15
  better = "lower"

[[goals]]
id = "soudan"
title = "相談窓口の充実"
grade = "B"
"#,
    ),
    (
        "content/departments/kenko/2023.toml",
        r#"[[goals]]
id = "kenshin"
title = "特定健診の受診率向上"
grade = "B"

  [[goals.indicators]]
  id = "jushin"
  name = "特定健診受診率"
  unit = "%"
  target = 52
  actual = 50
"#,
    ),
];

fn cells_of(table: scraper::ElementRef, first: &str) -> Vec<String> {
    rows(table)
        .into_iter()
        .find(|r| r.first().map(String::as_str) == Some(first))
        .unwrap_or_else(|| panic!("no row {first}"))
}

#[test]
fn department_page_matrix_gap_and_renamed_history() {
    let f = Fixture::new(SITE);
    let out = f.built();
    let doc = page(&out, "departments/kenko/index.html");
    let matrix = table_with_caption(doc.root_element(), "健康福祉部の目標×年度の評価");
    let head = &rows(matrix)[0];
    assert_eq!(
        head[1..],
        ["令和2年度", "令和3年度", "令和4年度", "令和5年度"]
    );
    let kenshin = cells_of(matrix, "特定健診の受診率向上");
    assert_eq!(kenshin[1], "A 達成");
    assert_eq!(kenshin[2], "C 一部達成");
    assert_eq!(kenshin[3], "報告なし", "the gap year is shown as a gap");
    assert_eq!(kenshin[4], "B 概ね達成");
    let vaccine = cells_of(matrix, "予防接種の推進");
    assert_eq!(
        vaccine[2], "—",
        "ended goal is absent from the later report"
    );
    // Renamed department: the old name for 2020, the current one after.
    let trend = table_with_caption(doc.root_element(), "健康福祉部の年度別の達成率");
    assert_eq!(cells_of(trend, "令和2年度")[1], "保健部");
    assert_eq!(cells_of(trend, "令和3年度")[1], "健康福祉部");
    assert_eq!(cells_of(trend, "令和4年度")[2], "報告なし");
    // Which goals got worse and which disappeared, from the department page alone.
    let changes = section(&doc, "前年度からの変化");
    let t = text(changes);
    assert!(t.contains("評価が下がった 特定健診の受診率向上"), "{t}");
    assert!(t.contains("終了・統合 予防接種の推進"), "{t}");
    assert!(t.contains("新規 相談窓口の充実"), "{t}");
    // The indicator series has a gap row, not a value.
    let series = table_with_caption(doc.root_element(), "特定健診受診率");
    assert_eq!(cells_of(series, "令和4年度")[1], "報告なし");
    assert_eq!(cells_of(series, "令和5年度")[2], "50");
}

#[test]
fn report_compares_with_the_previous_year() {
    let f = Fixture::new(SITE);
    let out = f.built();
    let doc = page(&out, "departments/kenko/2021/index.html");
    // The 2020 report is titled with the department's name of that year.
    let old = page(&out, "departments/kenko/2020/index.html");
    assert!(one_text(&old, "h1").contains("保健部"));
    let cmp = section(&doc, "前年度との比較");
    let goals = table_with_caption(cmp, "目標ごとの評価の変化");
    let kenshin = cells_of(goals, "1 特定健診の受診率向上");
    assert_eq!(kenshin[1], "A 達成");
    assert_eq!(kenshin[2], "C 一部達成");
    assert!(
        kenshin[3].contains("↓") && kenshin[3].contains("下がった"),
        "{kenshin:?}"
    );
    let soudan = cells_of(goals, "2 相談窓口の充実");
    assert_eq!(soudan[1], "新規");
    let ended = cells_of(goals, "予防接種の推進");
    assert_eq!(ended[1], "B 概ね達成");
    assert_eq!(ended[2], "終了・統合");
    // The ended goal links to last year's report.
    let links = resolved_links(goals, "departments/kenko/2021/index.html");
    assert!(
        links
            .iter()
            .any(|l| l == "departments/kenko/2020/index.html#goal-vaccine"),
        "{links:?}"
    );
    let inds = table_with_caption(cmp, "指標の実績の変化");
    let jushin = cells_of(inds, "特定健診受診率（%）");
    assert_eq!(jushin[1..], ["48", "45", "−3", "−6.3%", "↓ 悪化"]);
    // Lower is better: 20 → 15 accidents is an improvement.
    let jiko = cells_of(inds, "転倒事故件数（件）小さいほど良い");
    assert_eq!(jiko[1..], ["20", "15", "−5", "−25.0%", "↑ 改善"]);
}

#[test]
fn after_a_gap_the_latest_earlier_report_is_compared() {
    let f = Fixture::new(SITE);
    let out = f.built();
    let doc = page(&out, "departments/kenko/2023/index.html");
    let cmp = section(&doc, "令和3年度との比較");
    assert!(
        text(cmp).contains("令和4年度の報告がないため、令和3年度と比べています。"),
        "{}",
        text(cmp)
    );
    let goals = table_with_caption(cmp, "目標ごとの評価の変化（令和3年度 → 令和5年度）");
    let kenshin = cells_of(goals, "1 特定健診の受診率向上");
    assert_eq!(kenshin[1..3], ["C 一部達成", "B 概ね達成"]);
}

/// `hyoka --site <site> new report <dept> <year>`.
fn new_report(f: &Fixture, dept: &str, year: &str) -> Run {
    hyoka([
        OsStr::new("--site"),
        f.site.as_os_str(),
        OsStr::new("new"),
        OsStr::new("report"),
        OsStr::new(dept),
        OsStr::new(year),
    ])
}

#[test]
fn new_report_starts_from_the_latest_earlier_one() {
    let f = Fixture::new(SITE);
    let run = new_report(&f, "kenko", "2024");
    run.ok();
    let path = f.site.join("content/departments/kenko/2024.toml");
    let text_2024 = std::fs::read_to_string(&path).unwrap();
    assert!(text_2024.contains("要記入"), "{text_2024}");
    assert!(
        !text_2024.contains("\ngrade ="),
        "grades are emptied: {text_2024}"
    );
    // It loads without errors and builds; its goals are 未評価.
    f.check().ok();
    let out = f.built();
    let doc = page(&out, "departments/kenko/2024/index.html");
    let goal = by_id(&doc, "goal-kenshin");
    assert!(text(goal).contains("未評価"), "{}", text(goal));
    assert!(text(goal).contains("特定健診の受診率向上"));
    // Last year's actual is the new baseline, the target is kept.
    let inds = table_with_caption(goal, "指標（重点目標「特定健診の受診率向上」）");
    let row = cells_of(inds, "特定健診受診率（%）");
    assert_eq!(row[1..], ["50（令和5年度実績）", "52", "未測定", "—"]);
    let meta = one_text(&doc, ".meta");
    assert!(meta.contains("未評価"), "{meta}");
    assert!(!shows_zero_percent(&meta), "{meta}");
    // Refuses to overwrite.
    let again = new_report(&f, "kenko", "2024");
    again.expect_code(1);
    assert!(
        again.stderr.contains("上書きはしません"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text_2024);
}

#[test]
fn new_report_for_an_unknown_department_suggests_one() {
    let f = Fixture::new(SITE);
    let run = new_report(&f, "kenk", "2024");
    run.expect_code(1);
    assert!(run.stderr.contains("kenko"), "{}", run.stderr);
}

#[test]
fn new_report_takes_the_department_name_and_a_wareki_year() {
    let f = Fixture::new(SITE);
    let name = std::fs::read_to_string(f.site.join("content/departments/kenko/department.toml"))
        .unwrap()
        .lines()
        .find_map(|l| {
            l.strip_prefix("name = \"")
                .map(|r| r.trim_end_matches('"').to_string())
        })
        .expect("department name");
    // 令和6年度 is 2024; the name is typed with a full-width space around it.
    let run = new_report(&f, &format!("　{name}"), "R6");
    run.ok();
    assert!(f.site.join("content/departments/kenko/2024.toml").is_file());
    let bad = new_report(&f, "kenko", "令和");
    bad.expect_code(1);
    assert!(bad.stderr.contains("令和7、R7"), "{}", bad.stderr);
}

#[test]
fn new_report_keeps_the_crlf_line_ends_of_last_years_file() {
    let f = Fixture::new(SITE);
    let prev = f.site.join("content/departments/kenko/2023.toml");
    let text = std::fs::read_to_string(&prev)
        .unwrap()
        .replace('\n', "\r\n");
    std::fs::write(&prev, text).unwrap();
    new_report(&f, "kenko", "2024").ok();
    let new = std::fs::read(f.site.join("content/departments/kenko/2024.toml")).unwrap();
    let lf = new.iter().filter(|b| **b == b'\n').count();
    let crlf = new.windows(2).filter(|w| w == b"\r\n").count();
    assert!(
        lf > 5 && crlf == lf,
        "every line ends in CRLF ({crlf} of {lf})"
    );
    f.check().ok();
}
