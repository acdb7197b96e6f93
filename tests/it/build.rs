//! Building good sites: the pages of site.md, what a report page shows, 和暦, BOM and
//! CRLF, determinism, Markdown safety, and the repository's own sites.

use crate::common::*;
use std::path::Path;

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
    assert!(text(res).contains("2021年4月1日現在"), "{}", text(res));
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

/// A one-department site with `year_style` and a graded report for each of `years`.
fn year_site(style: &str, years: &[i32]) -> Fixture {
    let site =
        format!("title = \"年度表記テスト\"\ncity = \"テスト市\"\nyear_style = \"{style}\"\n");
    let fx = Fixture::new(&[
        ("site.toml", site.as_str()),
        (
            "content/departments/kikaku/department.toml",
            "name = \"企画部\"\n",
        ),
    ]);
    for y in years {
        fx.write(&[(
            format!("content/departments/kikaku/{y}.toml").as_str(),
            "[[goals]]\nid = \"a\"\ntitle = \"目標\"\ngrade = \"A\"\n",
        )]);
    }
    fx
}

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

const HOSTILE_MD: &str = "本文<script>alert(1)</script>と<b>太字</b>です。\n\n<img src=\"x.png\" onerror=\"alert(2)\">\n\n<a href=\"javascript:alert(3)\" onclick=\"alert(4)\">リンク</a> [md](javascript:alert(5))\n";

fn assert_no_script(doc: &scraper::Html) {
    // The theme may load its own scripts from assets/; nothing from the Markdown runs.
    for s in doc.select(&sel("script")) {
        let src = s.value().attr("src").unwrap_or_default();
        assert!(
            !src.is_empty() && !src.contains(':') && s.text().collect::<String>().trim().is_empty(),
            "inline or foreign script: {}",
            s.html()
        );
    }
    assert_eq!(
        doc.select(&sel("main script")).count(),
        0,
        "a script element in the page body"
    );
    for attr in ["onerror", "onclick"] {
        assert_eq!(
            doc.select(&sel(&format!("[{attr}]"))).count(),
            0,
            "an {attr} attribute"
        );
    }
    for a in doc.select(&sel("[href], [src]")) {
        for v in [a.value().attr("href"), a.value().attr("src")]
            .into_iter()
            .flatten()
        {
            assert!(
                !v.to_ascii_lowercase().contains("javascript:"),
                "javascript: URL {v}"
            );
        }
    }
}

#[test]
fn raw_html_in_markdown_is_escaped_by_default() {
    let fx = Fixture::minimal_with(&[("content/departments/kikaku/2021.md", HOSTILE_MD)]);
    let out = fx.built();
    let doc = page(&out, "departments/kikaku/2021/index.html");
    assert_no_script(&doc);
    let msg = section(&doc, "部長メッセージ");
    assert_eq!(
        msg.select(&sel("b, img")).count(),
        0,
        "raw HTML passed: {}",
        msg.html()
    );
    // Shown as the text the author typed.
    assert!(
        text(msg).contains("<script>alert(1)</script>"),
        "{}",
        text(msg)
    );
    assert!(text(msg).contains("<b>太字</b>"), "{}", text(msg));
}

#[test]
fn allow_html_lets_safe_tags_through_and_strips_script() {
    let site = format!("{}allow_html = true\n", MINIMAL[0].1);
    let fx = Fixture::minimal_with(&[
        ("site.toml", site.as_str()),
        ("content/departments/kikaku/2021.md", HOSTILE_MD),
    ]);
    let out = fx.built();
    let doc = page(&out, "departments/kikaku/2021/index.html");
    assert_no_script(&doc);
    let msg = section(&doc, "部長メッセージ");
    let b: Vec<String> = msg.select(&sel("b")).map(text).collect();
    assert_eq!(b, ["太字"]);
    assert!(
        !text(msg).contains("alert(1)"),
        "script content leaked as text: {}",
        text(msg)
    );
}

fn build_existing_site(dir: &Path) {
    assert!(
        dir.join("site.toml").is_file(),
        "{} has no site.toml",
        dir.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let run = hyoka([
        std::ffi::OsStr::new("--site"),
        dir.as_os_str(),
        std::ffi::OsStr::new("build"),
        std::ffi::OsStr::new("--output"),
        out.as_os_str(),
    ]);
    run.ok();
    for p in [
        "index.html",
        "departments/index.html",
        "404.html",
        "assets/style.css",
    ] {
        assert!(out.join(p).is_file(), "{}: {p} missing", dir.display());
    }
    check_pages(&out);
    check_links(&out);
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

#[test]
fn plan_codes_fold_full_width_and_circled_numbers_get_plain_ids() {
    let fx = Fixture::minimal_with(&[
        (
            "content/plans/sogo.toml",
            "name = \"総合計画\"\n\n[[items]]\ncode = \"4-1-2\"\ntitle = \"多様な市民活動の支援\"\n\n[[items]]\ncode = \"5-2-①\"\ntitle = \"丸数字の施策\"\n",
        ),
        (
            "content/departments/shimin/2021.toml",
            "[[goals]]\nid = \"a\"\ntitle = \"参照の書き方\"\nplan = [\"５－２－①\", \"0-0-0\"]\n",
        ),
    ]);
    let out = fx.built();
    // 5-2-① lives at 5-2-1; its implied ancestors 5 and 5-2 get pages too.
    for p in [
        "plans/sogo/5-2-1/index.html",
        "plans/sogo/5-2/index.html",
        "plans/sogo/5/index.html",
    ] {
        assert!(out.join(p).is_file(), "{p} missing");
    }
    let item = one_text(&page(&out, "plans/sogo/5-2-1/index.html"), "h1");
    assert!(
        item.contains("5-2-①"),
        "the code as the plan writes it: {item}"
    );
    let rel = "departments/shimin/2021/index.html";
    let doc = page(&out, rel);
    let refs = doc
        .select(&sel("section.goal .plan-refs"))
        .next()
        .expect("plan refs");
    // The full-width reference resolves; the "none" code is shown without a link.
    assert_eq!(resolved_links(refs, rel), ["plans/sogo/5-2-1/index.html"]);
    assert!(text(refs).contains("0-0-0"), "{}", text(refs));
    check_links(&out);
}

#[test]
fn a_folded_reference_shows_the_code_as_the_plan_writes_it() {
    // content-format.md: "Pages show the code as the plan file writes it."
    let fx = Fixture::minimal_with(&[(
        "content/departments/shimin/2021.toml",
        "[[goals]]\nid = \"a\"\ntitle = \"全角で書いた参照\"\nplan = [\"４－１－２\"]\n",
    )]);
    let out = fx.built();
    let doc = page(&out, "departments/shimin/2021/index.html");
    let codes = texts(&doc, "section.goal .plan-refs .code");
    assert_eq!(codes, ["4-1-2"]);
}

#[test]
fn grades_are_derived_from_indicators_compared_before_rounding() {
    let fx = Fixture::minimal_with(&[(
        "content/departments/shimin/2021.toml",
        r#"[[goals]]
id = "almost"
title = "ほぼ七割"
  [[goals.indicators]]
  name = "率"
  target = 100
  actual = 69.96

[[goals]]
id = "zero"
title = "事故ゼロ"
  [[goals.indicators]]
  name = "事故件数"
  target = 0
  actual = 0
  better = "lower"

[[goals]]
id = "unmeasured"
title = "未測定"
  [[goals.indicators]]
  name = "件数"
  target = 10
"#,
    )]);
    let out = fx.built();
    let doc = page(&out, "departments/shimin/2021/index.html");
    let sym = |id: &str| {
        by_id(&doc, id)
            .select(&sel(".grade"))
            .next()
            .map(text)
            .unwrap_or_default()
    };
    // 69.96% does not reach B's min_rate of 70: C, marked as derived.
    let almost = sym("goal-almost");
    assert!(
        almost.starts_with("C") && almost.contains("指標から算出"),
        "{almost}"
    );
    let zero = sym("goal-zero");
    assert!(zero.starts_with("A"), "{zero}");
    assert_eq!(sym("goal-unmeasured"), "未評価");
    let ind = rows(table_with_caption(
        by_id(&doc, "goal-zero"),
        "指標（重点目標「事故ゼロ」）",
    ));
    assert_eq!(ind[1].last().unwrap(), "100.0%");
    let un = rows(table_with_caption(
        by_id(&doc, "goal-unmeasured"),
        "指標（重点目標「未測定」）",
    ));
    assert_eq!(un[1][3], "未測定");
    // 1 achieved (A) of 2 counted; the unmeasured goal is not in the denominator.
    let rates = texts(&doc, ".rate");
    assert!(
        !rates.is_empty() && rates.iter().all(|r| r == "50.0%"),
        "{rates:?}"
    );
}

#[test]
fn theme_overrides_templates_and_copies_static_files() {
    let fx = Fixture::minimal_with(&[
        (
            "themes/hyoka/templates/404.html",
            "<!DOCTYPE html><html lang=\"ja\"><head><title>x</title></head><body><h1>独自の404ページ</h1></body></html>",
        ),
        (
            "themes/hyoka/static/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("themes/hyoka/static/.secret", "do not publish"),
    ]);
    let out = fx.built();
    assert_eq!(one_text(&page(&out, "404.html"), "h1"), "独自の404ページ");
    assert!(out.join("img/logo.svg").is_file());
    assert!(
        !out.join(".secret").exists(),
        "hidden files are not published"
    );
    // The built-in templates still serve the other pages.
    assert_eq!(
        one_text(&page(&out, "departments/index.html"), "h1"),
        "部局一覧"
    );
}

#[test]
fn plan_item_codes_cannot_escape_their_plan_folder() {
    let plan = format!(
        "{}\n[[items]]\ncode = \"..\"\ntitle = \"ドット\"\n",
        MINIMAL[1].1
    );
    let fx = Fixture::minimal_with(&[("content/plans/sogo.toml", plan.as_str())]);
    let run = fx.build();
    if run.code == 0 {
        let out = fx.out();
        assert_eq!(one_text(&page(&out, "plans/index.html"), "h1"), "計画一覧");
        assert_eq!(
            one_text(&page(&out, "plans/sogo/index.html"), "h1"),
            "第1次テスト市総合計画"
        );
    } else {
        // Refusing the code with a message is fine too.
        run.expect_code(1);
        assert!(
            run.stderr.contains("content/plans/sogo.toml:"),
            "{}",
            run.stderr
        );
    }
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

/// The records of a CSV text (quote-aware), without the BOM.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut field = String::new();
    let mut record = Vec::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{FEFF}').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => record.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[test]
fn open_data_is_utf8_csv_with_bom_and_json() {
    let fx = Fixture::minimal();
    let out = fx.built();
    for f in ["data/goals.csv", "data/indicators.csv"] {
        let bytes = std::fs::read(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{f} has no BOM");
        assert!(String::from_utf8(bytes).is_ok(), "{f} is not UTF-8");
    }
    // One row per goal: 2 (kikaku 2020) + 2 (kikaku 2021) + 1 (shimin 2021), plus a header.
    let goals = csv_records(&std::fs::read_to_string(out.join("data/goals.csv")).unwrap());
    assert_eq!(goals.len(), 1 + 5, "{goals:?}");
    assert!(
        goals.iter().all(|r| r.len() == goals[0].len()),
        "ragged rows"
    );
    let indicators =
        csv_records(&std::fs::read_to_string(out.join("data/indicators.csv")).unwrap());
    assert!(
        indicators
            .iter()
            .any(|r| r.iter().any(|c| c == "公式ホームページ総ページビュー数")),
        "{indicators:?}"
    );
    let json = std::fs::read_to_string(out.join("data/reports.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).expect("reports.json is JSON");
    assert!(v.is_object() || v.is_array());
    assert!(json.contains("民間企業や大学とのさらなる連携"));
}

#[test]
fn sitemap_lists_pages_under_base_url() {
    let site = format!(
        "{}base_url = \"https://www.city.example.lg.jp/hyoka/\"\n",
        MINIMAL[0].1
    );
    let fx = Fixture::minimal_with(&[("site.toml", site.as_str())]);
    let out = fx.built();
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    assert!(
        xml.contains("https://www.city.example.lg.jp/hyoka/departments/kikaku/2021/"),
        "{xml}"
    );
}
