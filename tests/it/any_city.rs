//! The additions for any city's report (issue #18) as a report page shows them: a site
//! written only from the contract's last section, each addition asserted where the source
//! would show it.

use crate::common::*;

/// A 局 report with three levels (経営課題 → 戦略 → 具体的取組), the source's own sections
/// and columns, text where numbers would be, and a 更新履歴; no grade scale.
const REPORT: &str = r#"kind = "局運営方針"
graded = false
goals_heading = "戦略"
head = { title = "局長", name = "山田 太郎" }
headings = { goal = "戦略", challenge = "経営課題" }
source = { page_id = "1012345" }

[[revisions]]
date = 2024-06-10
note = "運営方針の進捗管理を実施しました。"

[[revisions]]
date = 2024-09-30
note = "上半期の振り返りを**掲載**しました。"

[[extra_sections]]
title = "局の目標（何をめざすのか）"
body = "市民が安心して暮らせるまちをめざします。"
after = "top"

[[extra_sections]]
title = "※注記"
body = "数値は速報値です。"
after = "goals"

[[extra_sections]]
title = "局の現状"
body = "置く場所を書かない欄は目標の前です。"

[[challenges]]
id = "c1"
title = "情報発信の強化"
description = "市民に情報が届いていません。"

[[challenges]]
id = "c2"
title = "財政の健全化"

[[goals]]
id = "s1"
number = "1-1"
title = "迅速な情報発信"
challenge = "c1"
[goals.extra]
"協働関係先" = "上郡5町"
"難易度" = "高"

[[goals.initiatives]]
number = "1-1-1"
title = "SNSの活用"
actions = "毎日発信します。"
[goals.initiatives.extra]
"目標達成時期" = "令和7年度末"

[[goals.initiatives]]
actions = "達成目標のない行です。"

[[goals.indicators]]
name = "フォロワー数"
unit = "人"
baseline_text = "新規（実績なし）"
target_text = "増加"
actual_text = "調査中"

[[goals]]
id = "s2"
number = ""
title = "番号のない戦略"
challenge = "c2"
grade = "A"

[[goals]]
id = "s3"
title = "課題のない戦略"
"#;

fn site() -> Fixture {
    let f = Fixture::minimal();
    f.write(&[
        ("content/departments/kikaku/2021.toml", REPORT),
        (
            "content/departments/kikaku/department.toml",
            "name = \"企画部\"\norder = 10\nunits = [\"企画課\", \"広報課\"]\nformer_names = [{ name = \"政策推進部\", until = 2019 }]\n\n[contact]\nphone = \"0465-74-2111（代表）\"\nemail = \"kikaku@city.example.lg.jp\"\n",
        ),
        (
            "content/departments/koho/department.toml",
            "name = \"広報課\"\nparent = \"kikaku\"\n",
        ),
        (
            "content/departments/koho/2021.toml",
            "kind = \"組織目標\"\nhead = { title = \"課長\", name = \"佐藤 花子\" }\n\n[[goals]]\nid = \"a\"\ntitle = \"発信\"\n",
        ),
    ]);
    // Its front matter gives an `updated`, which would win over the 更新履歴.
    f.remove("content/departments/kikaku/2021.md");
    f
}

#[test]
fn report_page_shows_every_addition_where_the_source_does() {
    let f = site();
    let out = f.built();
    let doc = page(&out, "departments/kikaku/2021/index.html");
    let main = main_text(&doc);

    // [[extra_sections]]: "top" first (after hyoka's summary and contents), the default
    // just before the goals, "goals" after them.
    let h2: Vec<String> = texts(&doc, "main h2");
    assert_eq!(h2[..2], ["この報告のまとめ", "目次"]);
    let at = |h: &str| {
        h2.iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("no h2 {h}: {h2:?}"))
    };
    assert_eq!(at("局の目標（何をめざすのか）"), 2, "{h2:?}");
    // The summary: each goal in the page's order with its first indicator; no grade
    // columns in an ungraded report.
    let sum = rows(table_with_caption(
        section(&doc, "この報告のまとめ"),
        "戦略ごとのまとめ",
    ));
    assert_eq!(sum[0], ["戦略", "主な指標"]);
    assert_eq!(
        sum[1],
        [
            "1-1 迅速な情報発信",
            "フォロワー数（人）: 実績 調査中／目標 増加"
        ]
    );
    assert_eq!(sum.len(), 4);
    let toc = texts(&doc, "nav.toc li");
    assert_eq!(toc[0], "局の目標（何をめざすのか）");
    assert!(toc.contains(&"※注記".to_string()), "{toc:?}");
    assert_eq!(at("局の現状") + 1, at("戦略"), "{h2:?}");
    assert_eq!(at("戦略") + 1, at("※注記"), "{h2:?}");
    assert!(text(section(&doc, "局の目標（何をめざすのか）")).contains("安心して暮らせる"));

    // head.title names the head's section.
    assert!(text(section(&doc, "局長")).contains("山田 太郎"), "{h2:?}");

    // Goals under their challenges, in the challenges' order, then the rest.
    let goals = section(&doc, "戦略");
    let groups: Vec<String> = goals
        .select(&sel("section.goal-group > h3"))
        .map(text)
        .collect();
    assert_eq!(
        groups,
        ["経営課題1 情報発信の強化", "経営課題2 財政の健全化"]
    );
    let under_first: Vec<String> = goals
        .select(&sel("section.goal-group"))
        .next()
        .unwrap()
        .select(&sel("section.goal h4"))
        .map(text)
        .collect();
    assert_eq!(under_first, ["戦略 1-1 迅速な情報発信"]);
    // number = "": no number invented; a goal without challenge follows the groups.
    let goal_heads: Vec<String> = goals.select(&sel("section.goal > h4")).map(text).collect();
    assert_eq!(
        goal_heads,
        [
            "戦略 1-1 迅速な情報発信",
            "番号のない戦略",
            "戦略 3 課題のない戦略"
        ]
    );

    // extra columns on the goal, in the source's order.
    let s1 = by_id(&doc, "goal-s1");
    let extra: Vec<String> = s1.select(&sel("dl.extra dt")).map(text).collect();
    assert_eq!(extra, ["協働関係先", "難易度"]);
    assert!(text(s1.select(&sel("dl.extra")).next().unwrap()).contains("上郡5町"));

    // initiatives: number and title on the row, extra column, no 「（上に同じ）」 above nothing.
    let init = table_with_caption(s1, "取組（戦略「迅速な情報発信」）");
    let r = rows(init);
    assert_eq!(r[0][0], "取組");
    assert_eq!(r[0].last().unwrap(), "目標達成時期");
    assert_eq!(r[1][0], "1-1-1 SNSの活用");
    assert_eq!(r[1].last().unwrap(), "令和7年度末");
    assert!(!text(init).contains("上に同じ"), "{r:?}");

    // *_text shown as written, never in a rate.
    let ind = table_with_caption(s1, "指標（戦略「迅速な情報発信」）");
    let r = rows(ind);
    assert_eq!(
        r[1][..5],
        [
            "フォロワー数（人）",
            "新規（実績なし）",
            "増加",
            "調査中",
            "—"
        ]
    );
    assert!(text(s1).contains("フォロワー数の実績は「調査中」のため、グラフはありません。"));

    // graded = false: no grade, rate or scale on the page; indicators keep their rate.
    let mut outside = main.clone();
    for t in doc.select(&sel("table.indicators")) {
        outside = outside.replace(&text(t), "");
    }
    for word in ["評価の基準", "未評価", "達成率"] {
        assert!(!outside.contains(word), "{word} on an ungraded report");
    }
    assert!(doc.select(&sel("#chart-grades")).next().is_none());
    assert!(!text(s1).contains("評価"), "{}", text(s1));

    // [[revisions]] as 更新履歴; its latest date is the 更新日.
    let rev = section(&doc, "更新履歴");
    let items: Vec<String> = rev.select(&sel("li")).map(text).collect();
    assert_eq!(
        items,
        [
            "令和6年6月10日 運営方針の進捗管理を実施しました。",
            "令和6年9月30日 上半期の振り返りを掲載しました。"
        ]
    );
    assert!(
        rev.select(&sel("strong")).next().is_some(),
        "Markdown in note"
    );
    assert_eq!(
        one_text(&doc, "dl.meta time[datetime='2024-09-30']"),
        "令和6年9月30日"
    );
    // [contact] under the department's current name, telephone as a link.
    let contact = section(&doc, "問い合わせ先");
    assert!(text(contact).contains("企画部"), "{}", text(contact));
    assert_eq!(
        contact.select(&sel("a[href^='tel:']")).next().map(|a| a
            .value()
            .attr("href")
            .unwrap()
            .to_string()),
        Some("tel:0465742111".to_string())
    );
    // A 課 under its 部: its report page's breadcrumbs go through the 部.
    let koho = page(&out, "departments/koho/2021/index.html");
    assert_eq!(
        texts(&koho, "nav.breadcrumbs li"),
        ["トップ", "部局一覧", "企画部", "広報課", "令和3年度"]
    );
    assert!(text(section(&koho, "課長")).contains("佐藤 花子"));
    // The footer: that 更新日 too, and the city's own ページID of the page.
    let footer = one_text(&doc, "footer dl.page-info");
    assert!(footer.contains("令和6年9月30日"), "{footer}");
    assert!(footer.contains("ページID1012345"), "{footer}");
    let other = page(&out, "departments/kikaku/2020/index.html");
    assert!(!one_text(&other, "footer dl.page-info").contains("1012345"));
}

#[test]
fn a_graded_site_shows_the_goals_grade_and_aim_above_only_under_an_aim() {
    let f = site();
    f.write(&[(
        "content/departments/kikaku/2021.toml",
        &REPORT.replace("graded = false\n", "").replace(
            "actions = \"毎日発信します。\"",
            "aim = \"発信の強化\"\nactions = \"毎日発信します。\"",
        ),
    )]);
    let out = f.built();
    let doc = page(&out, "departments/kikaku/2021/index.html");
    let s1 = by_id(&doc, "goal-s1");
    assert!(text(s1).contains("未評価"));
    let summary = section(&doc, "この報告のまとめ");
    let sum = rows(summary.select(&sel("table")).next().unwrap());
    assert_eq!(sum[0], ["戦略", "評価", "前年度", "変化", "主な指標"]);
    assert!(sum[2][1].contains("A 達成"), "{sum:?}");
    // Nothing evaluated yet: one sentence, and no grade columns of 未評価.
    let text_now =
        std::fs::read_to_string(f.site.join("content/departments/kikaku/2021.toml")).unwrap();
    f.write(&[(
        "content/departments/kikaku/2021.toml",
        &text_now.replace("grade = \"A\"\n", ""),
    )]);
    let out = f.built();
    let summary_doc = page(&out, "departments/kikaku/2021/index.html");
    let summary = section(&summary_doc, "この報告のまとめ");
    assert!(text(summary).contains("この報告の戦略は、まだ評価されていません。"));
    assert_eq!(
        rows(summary.select(&sel("table")).next().unwrap())[0],
        ["戦略", "主な指標"]
    );
    let r = rows(table_with_caption(s1, "取組（戦略「迅速な情報発信」）"));
    assert_eq!(r[2][1], "（上に同じ）", "{r:?}");
    assert!(main_text(&doc).contains("評価の基準"));
}

#[test]
fn contract_mistakes_are_named_with_the_nearest_name() {
    let f = site();
    f.write(&[(
        "content/departments/kikaku/2021.toml",
        &REPORT
            .replace("after = \"goals\"", "after = \"goal\"")
            .replace("challenge = \"c2\"", "challenge = \"c3\""),
    )]);
    let run = f.check();
    run.expect_code(1);
    let err = run.stderr.clone();
    assert!(
        err.contains("after「goal」という欄はありません") && err.contains("「goals」の書き間違い"),
        "{err}"
    );
    assert!(
        err.contains("目標「番号のない戦略」の課題「c3」がこの報告の [[challenges]] にありません"),
        "{err}"
    );
    assert!(err.contains("2021.toml:"), "{err}");
}

/// Each goal heading's prefix and number (a 経営課題's heading has one too).
const GOAL_NUMBERS: &str = "[id^=\"goal-\"][id$=\"-h\"] .goal-number";

#[test]
fn goals_heading_names_each_goal_when_headings_goals_renames_the_section() {
    // As toyonaka's 「当年度目標 1」 under 「当年度目標と目標設定に対する振り返り等」.
    let f = site();
    f.write(&[(
        "content/departments/kikaku/2021.toml",
        &REPORT.replace(
            "headings = { goal = \"戦略\", challenge = \"経営課題\" }",
            "headings = { goals = \"局の戦略と振り返り\", challenge = \"経営課題\" }",
        ),
    )]);
    let out = f.built();
    let doc = page(&out, "departments/kikaku/2021/index.html");
    assert!(texts(&doc, "main h2").contains(&"局の戦略と振り返り".to_string()));
    let numbers = texts(&doc, GOAL_NUMBERS);
    assert!(!numbers.is_empty());
    assert!(numbers.iter().all(|n| n.starts_with("戦略")), "{numbers:?}");
    // `[headings] goal` still wins over goals_heading.
    f.write(&[(
        "content/departments/kikaku/2021.toml",
        &REPORT.replace("goal = \"戦略\"", "goal = \"具体策\""),
    )]);
    let out = f.built();
    let numbers = texts(
        &page(&out, "departments/kikaku/2021/index.html"),
        GOAL_NUMBERS,
    );
    assert!(
        numbers.iter().all(|n| n.starts_with("具体策")),
        "{numbers:?}"
    );
}
