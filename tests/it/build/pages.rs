//! The pages of a site: every page kind, every field of a report, links both ways,
//! unevaluated goals and missing numbers shown honestly.

use super::*;

#[test]
fn minimal_site_has_every_page_of_site_md() {
    let fx = Fixture::minimal();
    let run = fx.build();
    run.ok();
    assert!(
        has_japanese(&run.stdout),
        "summary in Japanese: {}",
        run.stdout
    );
    let out = fx.out();
    let missing: Vec<&str> = MINIMAL_PAGES
        .iter()
        .copied()
        .filter(|p| !out.join(p).is_file())
        .collect();
    assert!(missing.is_empty(), "missing pages: {missing:?}");
    // Each page is about what its path says.
    assert_eq!(
        one_text(&page(&out, "index.html"), "h1"),
        "テスト市 部局運営方針"
    );
    assert_eq!(
        one_text(&page(&out, "years/2021/index.html"), "h1"),
        "令和3年度の達成状況"
    );
    assert_eq!(
        one_text(&page(&out, "years/2020/index.html"), "h1"),
        "令和2年度の達成状況"
    );
    assert_eq!(
        one_text(&page(&out, "departments/index.html"), "h1"),
        "部局一覧"
    );
    assert_eq!(
        one_text(&page(&out, "departments/kikaku/index.html"), "h1"),
        "企画部"
    );
    assert_eq!(
        one_text(&page(&out, "departments/shimin/index.html"), "h1"),
        "市民部"
    );
    assert_eq!(
        one_text(&page(&out, "departments/kikaku/2020/index.html"), "h1"),
        "令和2年度 企画部の運営方針"
    );
    assert_eq!(
        one_text(&page(&out, "departments/shimin/2021/index.html"), "h1"),
        "令和3年度 市民部の目標宣言"
    );
    assert_eq!(
        one_text(&page(&out, "plans/sogo/index.html"), "h1"),
        "第1次テスト市総合計画"
    );
    let item = one_text(&page(&out, "plans/sogo/4-1-2/index.html"), "h1");
    assert!(
        item.contains("4-1-2") && item.contains("多様な市民活動の支援"),
        "{item}"
    );
    let css = std::fs::read_to_string(out.join("assets/style.css")).unwrap();
    assert!(css.contains('{'), "style.css looks empty");
    // Former names are listed on the departments page.
    assert!(main_text(&page(&out, "departments/index.html")).contains("政策推進部"));
}

#[test]
fn every_page_is_japanese_with_one_h1_and_relative_links_that_resolve() {
    let fx = Fixture::minimal();
    let out = fx.built();
    check_pages(&out);
    let checked = check_links(&out);
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn link_checker_catches_broken_and_absolute_links() {
    // The checker itself must be able to fail.
    let tmp = tempfile::tempdir().unwrap();
    let good = "<!DOCTYPE html><html lang=\"ja\"><body><h1 id=\"t\">x</h1><a href=\"a/index.html#t\">a</a><a href=\"#t\">t</a></body></html>";
    write_files(
        tmp.path(),
        &[
            ("index.html", good),
            (
                "a/index.html",
                good.replace("a/index.html", "../index.html").as_str(),
            ),
        ],
    );
    assert_eq!(check_links(tmp.path()), 4);
    for bad in [
        "/a/index.html",
        "b/index.html",
        "a/index.html#nope",
        "../../x.html",
        "#nope",
        "javascript:x()",
    ] {
        let html = format!(
            "<html lang=\"ja\"><body><h1 id=\"t\">x</h1><a href=\"{bad}\">b</a></body></html>"
        );
        write_files(tmp.path(), &[("index.html", html.as_str())]);
        let r = std::panic::catch_unwind(|| check_links(tmp.path()));
        assert!(r.is_err(), "{bad} was accepted");
    }
    for bad in ["https://cdn.example.com/x.js", "/x.js", "missing.js"] {
        let html = format!(
            "<html lang=\"ja\"><head><script src=\"{bad}\"></script></head><body><h1>x</h1></body></html>"
        );
        write_files(tmp.path(), &[("index.html", html.as_str())]);
        let r = std::panic::catch_unwind(|| check_links(tmp.path()));
        assert!(r.is_err(), "src {bad} was accepted");
    }
}

#[test]
fn report_page_shows_every_field() {
    let fx = Fixture::minimal();
    let out = fx.built();
    let rel = "departments/kikaku/2021/index.html";
    let doc = page(&out, rel);
    assert_eq!(one_text(&doc, "h1"), "令和3年度 企画部の運営方針");

    // Dates: published from the TOML, updated from the Markdown front matter.
    assert_eq!(doc.select(&sel("time[datetime=\"2021-05-01\"]")).count(), 1);
    assert_eq!(doc.select(&sel("time[datetime=\"2022-06-30\"]")).count(), 1);

    // Head and officers.
    let people = texts(&doc, ".people li");
    assert_eq!(
        people,
        ["部長 市川 信行", "理事 小林 一裕（行財政健全化担当）"]
    );

    // The head's message from 2021.md, with its Markdown rendered.
    let msg = section(&doc, "部長メッセージ");
    assert_eq!(
        msg.select(&sel("h3")).map(text).collect::<Vec<_>>(),
        ["ごあいさつ"]
    );
    assert_eq!(
        msg.select(&sel("strong")).map(text).collect::<Vec<_>>(),
        ["メッセージ"]
    );
    assert!(
        !text(msg).contains("+++") && !text(msg).contains("updated"),
        "front matter leaked: {}",
        text(msg)
    );

    assert!(text(section(&doc, "部局の使命")).contains("市の将来像を描く部です。"));
    assert!(text(section(&doc, "基本方針")).contains("データに基づいて進めます。"));
    assert!(text(section(&doc, "取り組みの総括")).contains("一年を振り返りました。"));
    let duties: Vec<String> = section(&doc, "主な仕事")
        .select(&sel("li"))
        .map(text)
        .collect();
    assert_eq!(duties, ["総合計画に関すること。", "広報に関すること。"]);

    // Budget with the share of the city total.
    let res = section(&doc, "予算と職員");
    assert!(text(res).contains("令和3年4月1日現在"), "{}", text(res));
    let budget = rows(table_with_caption(res, "予算"));
    assert!(
        budget.contains(&vec![
            "一般会計".to_string(),
            "1,273,190,000円".into(),
            "122,730,000,000円".into(),
            "1.0%".into()
        ]),
        "{budget:?}"
    );
    assert!(text(table_with_caption(res, "予算")).contains("当初予算"));

    // Staff table: columns in the order written, row and column totals.
    let staff = rows(table_with_caption(res, "組織構成"));
    assert_eq!(staff[0], ["課・室", "常勤", "再任用", "臨時", "合計"]);
    assert_eq!(staff[1], ["企画課", "12", "4", "5", "21"]);
    assert_eq!(staff[2][0], "広報課");
    assert_eq!(staff[2][1], "6");
    assert_eq!(staff[2][4], "6");
    assert_eq!(staff.last().unwrap(), &["計", "18", "4", "5", "27"]);

    // Challenges.
    let ch = section(&doc, "主な課題と対応");
    let ch_text = text(ch);
    for s in [
        "市民公益活動の支援拡充",
        "担い手が不足しています。",
        "講座を開きます。",
    ] {
        assert!(ch_text.contains(s), "{s} not in {ch_text}");
    }
    assert_eq!(resolved_links(ch, rel), ["plans/sogo/4-1-2/index.html"]);

    // Goals.
    let goals_sec = section(&doc, "重点目標");
    let goal_sel = sel("section.goal");
    let goals: Vec<_> = goals_sec.select(&goal_sel).collect();
    assert_eq!(goals.len(), 2);
    let g1 = goals[0];
    let h3 = text(g1.select(&sel("h3")).next().unwrap());
    assert!(
        h3.contains("重点目標 1") && h3.contains("民間企業や大学とのさらなる連携"),
        "{h3}"
    );
    let g1_text = text(g1);
    for s in [
        "概ね達成",
        "行財政運営",
        "企画課",
        "連携協定を結びます。",
        "年間を通じて協議します。",
        "協定を2件結びました。",
        "概ね順調です。",
        "概ね達成しました。",
        "さらに広げます。",
    ] {
        assert!(g1_text.contains(s), "{s} not in goal 1: {g1_text}");
    }
    assert_eq!(
        g1.select(&sel(".grade-symbol")).next().map(text).as_deref(),
        Some("B"),
        "the goal's own grade comes first"
    );
    let init = rows(table_with_caption(
        g1,
        "取組（重点目標「民間企業や大学とのさらなる連携」）",
    ));
    assert_eq!(init.len(), 2, "{init:?}");
    let row = init[1].join(" ");
    for s in [
        "協定の締結",
        "大学と協議する",
        "2件締結した",
        "完了",
        "A",
        "企画課",
    ] {
        assert!(row.contains(s), "{s} not in initiative row {row}");
    }
    let ind = rows(table_with_caption(
        g1,
        "指標（重点目標「民間企業や大学とのさらなる連携」）",
    ));
    assert_eq!(
        ind[1],
        [
            "公式ホームページ総ページビュー数（件）",
            "4,100,000",
            "4,500,000",
            "4,238,714",
            "94.2%"
        ]
    );
    // A goal without a grade is 未評価.
    let g2 = goals[1];
    assert!(text(g2).contains("評価前の目標"));
    let g2_grade: Vec<String> = g2.select(&sel(".grade")).map(text).collect();
    assert_eq!(g2_grade, ["未評価"]);
    // 達成率: B counts as achieved, the ungraded goal is not in the denominator.
    let rates: Vec<String> = doc.select(&sel(".rate")).map(text).collect();
    assert!(!rates.is_empty());
    assert!(rates.iter().all(|r| r == "100.0%"), "{rates:?}");

    // Projects, linking to their challenge on the same page.
    let pr = section(&doc, "主な事業");
    let pr_text = text(pr);
    for s in [
        "市民公益活動促進基金",
        "6,720,000円",
        "基金を運営します。",
        "登録団体数と寄附金の増加を目指します。",
    ] {
        assert!(pr_text.contains(s), "{s} not in {pr_text}");
    }
    let pr_links = resolved_links(pr, rel);
    assert!(
        pr_links.contains(&"#challenge-c1".to_string()),
        "{pr_links:?}"
    );
    assert!(
        pr_links.contains(&"plans/sogo/4-1-2/index.html".to_string()),
        "{pr_links:?}"
    );
    by_id(&doc, "challenge-c1");

    // Mid-term goals with their period in the site's year style.
    let mt = section(&doc, "中期目標");
    let mt_text = text(mt);
    for s in [
        "基本政策の推進",
        "平成30年度〜令和3年度",
        "四年間で進めます。",
        "毎年見直します。",
    ] {
        assert!(mt_text.contains(s), "{s} not in {mt_text}");
    }
    assert_eq!(resolved_links(mt, rel), ["plans/sogo/4-1/index.html"]);

    // The grade scale of the year is explained.
    let scale = text(section(&doc, "評価の基準（令和3年度）"));
    assert!(
        scale.contains("概ね達成") && scale.contains("未実施"),
        "{scale}"
    );
}

#[test]
fn goal_plan_references_link_to_the_plan_item_and_back() {
    let fx = Fixture::minimal();
    let out = fx.built();
    let rel = "departments/kikaku/2021/index.html";
    let doc = page(&out, rel);
    let g1 = by_id(&doc, "goal-renkei");
    let refs: Vec<_> = g1.select(&sel(".plan-refs")).collect();
    assert_eq!(refs.len(), 1);
    assert_eq!(
        resolved_links(refs[0], rel),
        ["plans/sogo/4-1-2/index.html"]
    );
    let ref_text = text(refs[0]);
    assert!(
        ref_text.contains("4-1-2") && ref_text.contains("多様な市民活動の支援"),
        "{ref_text}"
    );

    // The item page lists every goal, challenge and project of every year that refers to it.
    let item_rel = "plans/sogo/4-1-2/index.html";
    let item = page(&out, item_rel);
    let main = item.select(&sel("main")).next().unwrap();
    let links = resolved_links(main, item_rel);
    for want in [
        "departments/kikaku/2021/index.html#goal-renkei",
        "departments/kikaku/2020/index.html#goal-renkei",
        "departments/kikaku/2021/index.html#challenge-c1",
        "departments/kikaku/2021/index.html#project-kikin",
    ] {
        assert!(
            links.iter().any(|l| l == want),
            "{want} not linked from the item page: {links:?}"
        );
    }
    assert!(
        text(main).contains("市民公益活動を支えます。"),
        "item body shown"
    );
    // 4-1 is served by the mid-term goal only.
    let parent = page(&out, "plans/sogo/4-1/index.html");
    let pmain = parent.select(&sel("main")).next().unwrap();
    let plinks = resolved_links(pmain, "plans/sogo/4-1/index.html");
    assert!(
        plinks.contains(&"departments/kikaku/2021/index.html#midterm-kihon-seisaku".to_string()),
        "{plinks:?}"
    );
    assert!(
        plinks.contains(&"plans/sogo/4-1-2/index.html".to_string()),
        "child item linked: {plinks:?}"
    );
    // The plan tree shows every item, each linking to its page.
    let tree_rel = "plans/sogo/index.html";
    let tree = page(&out, tree_rel);
    let tlinks = resolved_links(tree.select(&sel("main")).next().unwrap(), tree_rel);
    for want in [
        "plans/sogo/4/index.html",
        "plans/sogo/4-1/index.html",
        "plans/sogo/4-1-2/index.html",
    ] {
        assert!(
            tlinks.iter().any(|l| l == want),
            "{want} not in the tree: {tlinks:?}"
        );
    }
}

#[test]
fn a_report_without_grades_is_unevaluated_never_zero_percent() {
    let fx = Fixture::minimal();
    let out = fx.built();
    let rel = "departments/shimin/2021/index.html";
    let doc = page(&out, rel);
    let rates = texts(&doc, ".rate");
    assert!(!rates.is_empty(), "the report shows its 達成率");
    assert!(rates.iter().all(|r| r == "未評価"), "{rates:?}");
    assert!(!shows_zero_percent(&main_text(&doc)), "{}", main_text(&doc));
    assert_eq!(texts(&doc, "section.goal .grade"), ["未評価"]);
    // The department page and the top page say the same.
    let dept = page(&out, "departments/shimin/index.html");
    let drates = texts(&dept, ".rate");
    assert!(
        !drates.is_empty() && drates.iter().all(|r| r == "未評価"),
        "{drates:?}"
    );
    let index = page(&out, "index.html");
    let row = index
        .select(&sel("tr"))
        .find(|tr| text(*tr).contains("市民部"))
        .expect("市民部 row on the top page");
    let row_rates: Vec<String> = row.select(&sel(".rate")).map(text).collect();
    assert_eq!(row_rates, ["未評価"]);

    // A site where no goal has a grade: every rate everywhere is 未評価.
    let fx = Fixture::new(&[MINIMAL[0], MINIMAL[1], MINIMAL[6], MINIMAL[7]]);
    let out = fx.built();
    for rel in html_files(&out) {
        let doc = page(&out, &rel);
        let rates = texts(&doc, ".rate");
        assert!(rates.iter().all(|r| r == "未評価"), "{rel}: {rates:?}");
        assert!(!shows_zero_percent(&main_text(&doc)), "{rel} shows 0.0%");
    }
    let top = page(&out, "index.html");
    assert!(!texts(&top, ".rate").is_empty());
}

#[test]
fn report_page_compares_with_the_year_before() {
    let fx = Fixture::minimal();
    let out = fx.built();
    let rel = "departments/kikaku/2021/index.html";
    let doc = page(&out, rel);
    let cmp = section(&doc, "前年度との比較");
    let table = table_with_caption(cmp, "目標ごとの評価の変化");
    let tr = sel("tr");
    let row = |needle: &str| {
        table
            .select(&tr)
            .find(|r| text(*r).contains(needle))
            .unwrap_or_else(|| panic!("no row for {needle}: {}", text(table)))
    };
    // The same id in both years: A → B, a fall.
    let renkei = row("民間企業や大学とのさらなる連携");
    let symbols: Vec<String> = renkei.select(&sel(".grade-symbol")).map(text).collect();
    assert_eq!(symbols, ["A", "B"]);
    assert!(text(renkei).contains('↓'), "{}", text(renkei));
    // New this year, and ended (present only in 2020, linked to where it was).
    assert!(text(row("評価前の目標")).contains("新規"));
    let ended = row("広報の充実");
    assert_eq!(
        resolved_links(ended, rel),
        ["departments/kikaku/2020/index.html#goal-koho"]
    );
    // The compared report is linked.
    assert!(resolved_links(cmp, rel).contains(&"departments/kikaku/2020/index.html".to_string()));
}

#[test]
fn numbers_that_are_not_there_show_a_dash() {
    let fx = Fixture::minimal_with(&[(
        "content/departments/shimin/2021.toml",
        r#"[budget]
general = 5_000_000

[[goals]]
id = "a"
title = "未測定の指標"
  [[goals.indicators]]
  name = "件数"
  target = 10
"#,
    )]);
    let out = fx.built();
    let doc = page(&out, "departments/shimin/2021/index.html");
    let res = section(&doc, "予算と職員");
    let budget = rows(table_with_caption(res, "予算"));
    assert_eq!(budget[1], ["一般会計", "5,000,000円", "—", "—"]);
    let ind = rows(table_with_caption(
        by_id(&doc, "goal-a"),
        "指標（重点目標「未測定の指標」）",
    ));
    assert_eq!(ind[1], ["件数", "—", "10", "未測定", "—"]);
}

#[test]
fn a_report_from_before_a_rename_uses_the_former_name() {
    let fx = Fixture::minimal_with(&[(
        "content/departments/kikaku/2019.toml",
        "[[goals]]\nid = \"renkei\"\ntitle = \"民間企業や大学とのさらなる連携\"\ngrade = \"A\"\n",
    )]);
    let out = fx.built();
    let doc = page(&out, "departments/kikaku/2019/index.html");
    assert_eq!(one_text(&doc, "h1"), "令和元年度 政策推進部の運営方針");
    assert!(
        main_text(&doc).contains("現在の名称: 企画部"),
        "{}",
        main_text(&doc)
    );
    // Later years use the current name.
    assert_eq!(
        one_text(&page(&out, "departments/kikaku/2020/index.html"), "h1"),
        "令和2年度 企画部の運営方針"
    );
}
