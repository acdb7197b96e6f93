//! 総合計画 cross-references: plan pages, item pages, code matching and roll-ups.

use crate::common::*;

const SITE: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"title = "テスト市"
city = "テスト市"
primary_plan = "sogo"
"#,
    ),
    (
        "content/plans/sogo.toml",
        r#"name = "第5次テスト市総合計画 後期基本計画"
short = "総合計画"
period = { from = 2021, to = 2025 }
levels = ["基本目標", "政策", "施策"]

[[items]]
code = "5"
title = "行財政運営"

[[items]]
code = "5-2"
title = "効果的な市政運営"

[[items]]
code = "5-2-①"
title = "公正で効率的な市政運営"
continues = "zenki:5-2-1"

[[items]]
code = "5-2-②"
title = "情報発信の充実"

[[items]]
code = "5-3"
title = "だれも参照しない政策"
"#,
    ),
    (
        "content/plans/zenki.toml",
        r#"name = "第5次テスト市総合計画 前期基本計画"
short = "前期計画"
period = { from = 2016, to = 2020 }

[[items]]
code = "5-2-1"
title = "市政運営の効率化"
"#,
    ),
    (
        "content/plans/kihon.toml",
        r#"name = "市長の基本政策"
short = "基本政策"

[[items]]
code = "51"
title = "行財政改革の推進"
"#,
    ),
    (
        "content/departments/toshi/department.toml",
        r#"name = "都市経営部"
units = ["企画課"]
"#,
    ),
    (
        "content/departments/toshi/2021.toml",
        r#"[[challenges]]
id = "c1"
title = "職員の確保"
plan = ["5-2-①"]

[[goals]]
id = "a"
title = "全角で参照する目標"
grade = "A"
plan = ["５－２－①", "kihon:51"]

[[goals]]
id = "b"
title = "情報発信の目標"
grade = "C"
plan = ["5-2-②"]

[[goals]]
id = "c"
title = "該当なしの目標"
grade = "B"
plan = ["0-0-0", "kihon:0"]

[[projects]]
id = "p1"
name = "窓口改革事業"
plan = ["5-2-①"]
"#,
    ),
    (
        "content/departments/kikaku/department.toml",
        r#"name = "企画部"
"#,
    ),
    (
        "content/departments/kikaku/2021.toml",
        r#"[[goals]]
id = "x"
title = "企画部の目標"
grade = "B"
plan = ["5-2-①"]

[[midterm]]
id = "m"
title = "中期の目標"
plan = ["5-2"]
"#,
    ),
];

#[test]
fn item_page_lists_goals_challenges_projects_from_every_department() {
    let f = Fixture::new(SITE);
    let out = f.built();
    let doc = page(&out, "plans/sogo/5-2-1/index.html");
    assert!(
        one_text(&doc, "h1").contains("5-2-①"),
        "the code is shown as written"
    );
    let refs = section(&doc, "この項目に関わる目標・課題・事業");
    let t = text(refs);
    // The full-width reference lands on 5-2-①.
    assert!(t.contains("全角で参照する目標"), "{t}");
    assert!(t.contains("企画部の目標"), "{t}");
    assert!(t.contains("課題 都市経営部: 職員の確保"), "{t}");
    assert!(t.contains("事業 都市経営部: 窓口改革事業"), "{t}");
    assert!(!t.contains("情報発信の目標"), "{t}");
    // Goals A and B of two departments: 100.0% achieved.
    assert!(t.contains("目標の達成率 100.0%"), "{t}");
    // Links go to the report anchors, and those exist.
    let links = resolved_links(refs, "plans/sogo/5-2-1/index.html");
    assert!(
        links.contains(&"departments/toshi/2021/index.html#goal-a".to_string()),
        "{links:?}"
    );
    let report = page(&out, "departments/toshi/2021/index.html");
    by_id(&report, "goal-a");
    by_id(&report, "challenge-c1");
    by_id(&report, "project-p1");
    // Breadcrumbs show its place in the tree.
    let crumbs = texts(&doc, ".breadcrumbs li");
    assert_eq!(
        crumbs[3..],
        [
            "5 行財政運営",
            "5-2 効果的な市政運営",
            "5-2-① 公正で効率的な市政運営"
        ]
    );
    // 前期 → 後期 both ways.
    assert!(
        main_text(&doc).contains("前の計画の 前期計画 5-2-1 市政運営の効率化 を引き継いでいます")
    );
    let old = page(&out, "plans/zenki/5-2-1/index.html");
    assert!(
        main_text(&old)
            .contains("次の計画に引き継がれています: 総合計画 5-2-① 公正で効率的な市政運営")
    );
    check_links(&out);
}

#[test]
fn plan_tree_marks_gaps_and_rolls_up_children() {
    let f = Fixture::new(SITE);
    let out = f.built();
    let doc = page(&out, "plans/sogo/index.html");
    let table = table_with_caption(
        doc.root_element(),
        "第5次テスト市総合計画 後期基本計画の項目",
    );
    let all = rows(table);
    let row = |code: &str| {
        all.iter()
            .find(|r| r[0].contains(code))
            .unwrap_or_else(|| panic!("no row {code}: {all:?}"))
            .clone()
    };
    assert!(
        row("5-3").join(" ").contains("参照なし"),
        "{:?}",
        row("5-3")
    );
    assert!(!row("5-2-②").join(" ").contains("参照なし"));
    // 5-2-①: goal a, goal x, challenge, project = 4; 5-2-②: goal b = 1; 5-2 itself: the
    // midterm = 1. The parent rolls up its children: 6 in all, goals A, B, C → 66.7%.
    assert_eq!(row("5-2-①")[1], "4件 100.0%");
    assert_eq!(row("5-2-②")[1], "1件 0.0%");
    assert_eq!(row("5-2 ")[1], "6件 66.7%");
    assert_eq!(row("5 行財政運営")[1], "6件 66.7%");
    // The reference to another plan by slug lands on the 基本政策 item.
    let kihon = page(&out, "plans/kihon/51/index.html");
    assert!(main_text(&kihon).contains("全角で参照する目標"));
}

#[test]
fn none_codes_are_not_linked_and_reports_link_items() {
    let f = Fixture::new(SITE);
    let out = f.built();
    let doc = page(&out, "departments/toshi/2021/index.html");
    let goal_c = by_id(&doc, "goal-c");
    assert!(text(goal_c).contains("0-0-0"), "shown as written");
    assert!(
        resolved_links(goal_c, "departments/toshi/2021/index.html")
            .iter()
            .all(|l| !l.starts_with("plans/")),
        "0-0-0 is not linked"
    );
    let goal_a = by_id(&doc, "goal-a");
    let links = resolved_links(goal_a, "departments/toshi/2021/index.html");
    assert!(
        links.contains(&"plans/sogo/5-2-1/index.html".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"plans/kihon/51/index.html".to_string()),
        "{links:?}"
    );
    // Department and year pages show the items they serve.
    let dept = page(&out, "departments/toshi/index.html");
    let served = text(section(&dept, "この部局が関わる計画の項目"));
    assert!(served.contains("5-2-① 公正で効率的な市政運営"), "{served}");
    let year = page(&out, "years/2021/index.html");
    let served = text(section(&year, "この年度に各部局が関わった計画の項目"));
    assert!(
        served.contains("5-2-① 公正で効率的な市政運営（都市経営部、企画部）")
            || served.contains("5-2-① 公正で効率的な市政運営（企画部、都市経営部）"),
        "{served}"
    );
}

#[test]
fn unknown_code_fails_with_a_suggestion() {
    let f = Fixture::new(SITE);
    f.write(&[(
        "content/departments/kikaku/2021.toml",
        r#"[[goals]]
id = "x"
title = "企画部の目標"
plan = ["5-2-③"]
"#,
    )]);
    let run = f.build();
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("content/departments/kikaku/2021.toml:4:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("5-2-③"), "{}", run.stderr);
    assert!(
        run.stderr.contains("のことではありませんか"),
        "{}",
        run.stderr
    );
}
