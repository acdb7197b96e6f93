//! 前年度 is the department's latest earlier report, on every page alike: after a year
//! without a report, the report page, the department page, the year page and the booklet
//! all compare with the same older report and say so in one sentence naming the missing
//! years; a report with the year before's report beside it says nothing of the kind.

use crate::common::*;
use scraper::Html;

/// 企画部 reports for 2019 and 2021 (none for 2020), its goals sharing ids; 総務部 for 2020
/// and 2021 in a row; 健康部 for 2017 and 2021 (three years missing).
const SITE: &[(&str, &str)] = &[
    ("site.toml", "title = \"テスト市\"\ncity = \"テスト市\"\n"),
    (
        "content/departments/kikaku/department.toml",
        "name = \"企画部\"\n",
    ),
    (
        "content/departments/kikaku/2019.toml",
        r#"[[goals]]
id = "koho"
title = "広報の充実"
grade = "A"

  [[goals.indicators]]
  id = "views"
  name = "閲覧数"
  unit = "件"
  target = 1000
  actual = 1200

[[goals]]
id = "toukei"
title = "統計の公開"
grade = "A"
"#,
    ),
    (
        "content/departments/kikaku/2021.toml",
        r#"[[goals]]
id = "koho"
title = "広報の充実"
grade = "C"

  [[goals.indicators]]
  id = "views"
  name = "閲覧数"
  unit = "件"
  target = 1000
  actual = 900
"#,
    ),
    (
        "content/departments/somu/department.toml",
        "name = \"総務部\"\n",
    ),
    (
        "content/departments/somu/2020.toml",
        "[[goals]]\nid = \"jinji\"\ntitle = \"人事制度の見直し\"\ngrade = \"A\"\n",
    ),
    (
        "content/departments/somu/2021.toml",
        "[[goals]]\nid = \"jinji\"\ntitle = \"人事制度の見直し\"\ngrade = \"B\"\n",
    ),
    (
        "content/departments/kenko/department.toml",
        "name = \"健康部\"\n",
    ),
    (
        "content/departments/kenko/2017.toml",
        "[[goals]]\nid = \"kenshin\"\ntitle = \"健診の受診率向上\"\ngrade = \"B\"\n",
    ),
    (
        "content/departments/kenko/2021.toml",
        "[[goals]]\nid = \"kenshin\"\ntitle = \"健診の受診率向上\"\ngrade = \"A\"\n",
    ),
];

const GAP: &str = "令和2年度の報告がないため、令和元年度と比べています。";

/// How every "compared after a gap" sentence ends (the ordinary 「…の報告と比べています（…」
/// and 「…以前の報告がないため、比較できません。」 do not).
const ANY_GAP: &str = "と比べています。";

fn cells_of(table: scraper::ElementRef, first: &str) -> Vec<String> {
    rows(table)
        .into_iter()
        .find(|r| r.first().map(String::as_str) == Some(first))
        .unwrap_or_else(|| panic!("no row {first}: {:?}", rows(table)))
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn after_a_missing_year_every_page_compares_with_the_latest_earlier_report() {
    let f = Fixture::new(SITE);
    let out = f.built();

    // Report page: compared with 令和元年度, named so, with the sentence once.
    let doc = page(&out, "departments/kikaku/2021/index.html");
    let cmp = section(&doc, "令和元年度との比較");
    let t = text(cmp);
    assert_eq!(count(&t, GAP), 1, "{t}");
    assert!(t.contains("令和元年度の報告と比べています"), "{t}");
    let goals = table_with_caption(cmp, "目標ごとの評価の変化（令和元年度 → 令和3年度）");
    let head = &rows(goals)[0];
    assert_eq!(head[1], "令和元年度", "not a bare 前年度: {head:?}");
    let koho = cells_of(goals, "1 広報の充実");
    assert_eq!(koho[1..], ["A 達成", "C 一部達成", "↓ 下がった"]);
    let ended = cells_of(goals, "統計の公開");
    assert_eq!(ended[1..3], ["A 達成", "終了・統合"]);
    let links = resolved_links(cmp, "departments/kikaku/2021/index.html");
    assert!(
        links
            .iter()
            .any(|l| l == "departments/kikaku/2019/index.html"),
        "{links:?}"
    );
    let inds = table_with_caption(cmp, "指標の実績の変化（令和元年度 → 令和3年度）");
    assert_eq!(rows(inds)[0][1], "令和元年度の実績");
    assert_eq!(cells_of(inds, "閲覧数（件）")[1..3], ["1,200", "900"]);
    // The pager's previous report is the same one.
    let prev = doc.select(&sel("a[rel=prev]")).next().expect("prev link");
    assert_eq!(text(prev), "← 令和元年度");

    // Department page: the trend table's change and the changes by year.
    let doc = page(&out, "departments/kikaku/index.html");
    let trend = table_with_caption(doc.root_element(), "企画部の年度別の達成率");
    let row = cells_of(trend, "令和3年度");
    assert!(row[3].starts_with("↓ −100.0ポイント"), "{row:?}");
    assert!(row[3].contains(GAP), "{row:?}");
    assert_eq!(cells_of(trend, "令和2年度")[3], "—");
    let changes = text(section(&doc, "前年度からの変化"));
    assert!(
        changes.contains("令和3年度（令和元年度との比較）"),
        "{changes}"
    );
    assert_eq!(count(&changes, GAP), 1, "{changes}");
    assert!(
        changes.contains("（令和元年度の評価: A 達成）"),
        "{changes}"
    );
    assert!(changes.contains("評価が下がった 広報の充実"), "{changes}");

    // Year page: each department compared with its own previous report.
    let doc = page(&out, "years/2021/index.html");
    let table = table_with_caption(doc.root_element(), "令和3年度の部局別の達成率");
    let kikaku = cells_of(table, "企画部");
    assert_eq!(kikaku[2], format!("100.0% {GAP}"), "{kikaku:?}");
    assert_eq!(kikaku[3], "↓ −100.0ポイント");
    let kenko = cells_of(table, "健康部");
    assert!(
        kenko[2].ends_with("平成30年度から令和2年度の報告がないため、平成29年度と比べています。"),
        "several missing years are named as a range: {kenko:?}"
    );
    let somu = cells_of(table, "総務部");
    assert_eq!(somu[2], "100.0%", "the year before's report: no sentence");
    // The site's previous year with reports is 令和2年度: no sentence there either.
    let sum = text(section(&doc, "全部局の達成率"));
    assert!(sum.contains("前年度（令和2年度）: 100.0%"), "{sum}");
    assert!(!sum.contains(ANY_GAP), "{sum}");

    // The booklet draws the report's own comparison.
    let doc = page(&out, "years/2021/booklet/index.html");
    assert_eq!(count(&main_text(&doc), GAP), 1);
}

#[test]
fn consecutive_years_say_nothing_about_missing_reports() {
    let f = Fixture::new(SITE);
    let out = f.built();
    let doc = page(&out, "departments/somu/2021/index.html");
    let cmp = section(&doc, "前年度との比較");
    let t = text(cmp);
    assert!(t.contains("令和2年度の報告と比べています"), "{t}");
    assert!(!t.contains(ANY_GAP), "{t}");
    let goals = table_with_caption(cmp, "目標ごとの評価の変化（令和2年度 → 令和3年度）");
    assert_eq!(rows(goals)[0][1], "前年度");
    for rel in [
        "departments/somu/index.html",
        "departments/somu/2020/index.html",
    ] {
        let doc = page(&out, rel);
        assert!(!main_text(&doc).contains(ANY_GAP), "{rel}");
    }
    // The first report has nothing earlier to compare with, and says so.
    let doc = page(&out, "departments/somu/2020/index.html");
    let t = text(section(&doc, "前年度との比較"));
    assert!(
        t.contains("令和元年度以前の報告がないため、比較できません。"),
        "{t}"
    );
}

#[test]
fn the_sentence_follows_the_year_style() {
    let f = Fixture::new(SITE);
    f.write(&[(
        "site.toml",
        "title = \"テスト市\"\ncity = \"テスト市\"\nyear_style = \"western\"\n",
    )]);
    let out = f.built();
    let doc: Html = page(&out, "departments/kikaku/2021/index.html");
    let t = text(section(&doc, "2019年度との比較"));
    assert!(
        t.contains("2020年度の報告がないため、2019年度と比べています。"),
        "{t}"
    );
}
