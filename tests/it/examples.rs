//! The five source documents, transcribed under examples/: facts from each source asserted
//! on the built pages, and the warnings `hyoka check` prints for the sources' real
//! inconsistencies (and none for the rest).

use crate::common::*;
use std::path::{Path, PathBuf};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

/// Builds an example into a temp folder; returns (tempdir guard, output path).
fn build_example(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    hyoka([
        "--site".as_ref(),
        example(name).as_os_str(),
        "build".as_ref(),
        "--output".as_ref(),
        out.as_os_str(),
    ])
    .ok();
    (tmp, out)
}

fn check_example(name: &str) -> Run {
    let r = hyoka([
        "--site".as_ref(),
        example(name).as_os_str(),
        "check".as_ref(),
    ]);
    r.ok();
    r
}

/// Warning lines (`警告: file:line:col: message`) of a check run.
fn warnings(r: &Run) -> Vec<String> {
    r.stderr
        .lines()
        .filter(|l| l.starts_with("警告: "))
        .map(str::to_string)
        .collect()
}

fn count(doc: &scraper::Html, selector: &str) -> usize {
    doc.select(&sel(selector)).count()
}

fn row_with<'a>(table: scraper::ElementRef<'a>, first: &str) -> Vec<String> {
    rows(table)
        .into_iter()
        .find(|r| r.first().is_some_and(|c| c.starts_with(first)))
        .unwrap_or_else(|| panic!("no row starting {first}"))
}

#[test]
fn kashiwara_2021_policy_document() {
    let (_t, out) = build_example("kashiwara");
    let rel = "departments/seisaku-suishin/2021/index.html";
    let doc = page(&out, rel);
    // Title as the source writes it (full-width digit), year label computed.
    assert_eq!(one_text(&doc, "h1"), "令和３年度 政策推進部の運営方針");
    assert!(one_text(&doc, ".meta").contains("令和3年度"));
    // Head and the two 理事 with their 担当.
    let officers = text(section(&doc, "部(局)長・理事"));
    assert!(officers.contains("市川 信行"), "{officers}");
    assert!(
        officers.contains("小林 一裕（行財政健全化担当）"),
        "{officers}"
    );
    assert!(officers.contains("小林 聡（危機管理担当）"), "{officers}");
    // Six 重点目標, nine rows of 達成目標 → 具体的取組 → 実績.
    assert_eq!(count(&doc, "section.goal"), 6);
    assert_eq!(count(&doc, "table.initiatives tbody tr"), 9);
    let g6 = text(by_id(&doc, "goal-hinanjo"));
    assert!(g6.contains("重点目標 6 指定避難所の機能強化"), "{g6}");
    assert!(g6.contains("防災"), "{g6}");
    assert!(g6.contains("危機管理課"), "{g6}");
    assert!(
        g6.contains("段ボールベッドやルームテント等の感染症対策備品"),
        "{g6}"
    );
    let g1 = by_id(&doc, "goal-renkei");
    assert!(text(g1).contains("企画調整課"));
    assert!(text(g1).contains("行財政運営"));
    // 目標（５） links to its plan item; 目標（１） serves goals 4–6.
    assert!(resolved_links(g1, rel).contains(&"plans/sogo/5/index.html".to_string()));
    let item1 = page(&out, "plans/sogo/1/index.html");
    let refs = text(section(&item1, "この項目に関わる目標・課題・事業"));
    for t in [
        "地域防災計画の改訂",
        "消防団を中核とした地域防災力の充実強化",
        "指定避難所の機能強化",
    ] {
        assert!(refs.contains(t), "{t} in {refs}");
    }
    // No results yet: 未評価, never 0%.
    assert!(one_text(&doc, ".meta").contains("未評価"));
    for p in html_files(&out) {
        let t = main_text(&page(&out, &p));
        assert!(!shows_zero_percent(&t), "{p} shows 0.0%: {t}");
    }
    // The A–E scale as the document defines it.
    let legend = table_with_caption(doc.root_element(), "令和3年度の評価の基準");
    assert!(row_with(legend, "B").join(" ").contains("70%以上100%未満"));
    assert!(
        row_with(legend, "E")
            .join(" ")
            .contains("事業の取りやめなどにより評価不能又は困難")
    );
    // A faithful transcription has nothing for the lints to flag.
    assert!(warnings(&check_example("kashiwara")).is_empty());
}

#[test]
fn kashiwa_2017_profile_and_plan_text() {
    let (_t, out) = build_example("kashiwa");
    let rel = "departments/chiikizukuri/2017/index.html";
    let doc = page(&out, rel);
    assert!(one_text(&doc, ".meta").contains("平成29年度"));
    assert!(text(section(&doc, "地域づくり推進部長")).contains("髙橋直資"));
    assert_eq!(count(&doc, "[id^=\"challenge-\"]:not([id$=\"-h\"])"), 10);
    assert_eq!(count(&doc, "[id^=\"project-\"]:not([id$=\"-h\"])"), 10);
    let duties = section(&doc, "地域づくり推進部が取り組むこと");
    assert_eq!(count_in(duties, "li"), 7);
    // Budget with its share of the city total.
    let budget = table_with_caption(doc.root_element(), "予算");
    assert_eq!(
        row_with(budget, "一般会計")[1..],
        ["1,273,190,000円", "122,730,000,000円", "1.0%"]
    );
    // Staff by 課 in the source's four columns; 秘書課's written total differs from its cells.
    let staff = table_with_caption(doc.root_element(), "組織構成");
    assert_eq!(
        row_with(staff, "近隣センター")[1..],
        ["56", "18", "42", "116"]
    );
    assert_eq!(row_with(staff, "秘書課")[4], "8（内訳の計 7）");
    assert!(text(section(&doc, "地域づくり推進部の資源")).contains("全正規職員: 2,645人"));
    let p = text(by_id(&doc, "project-koryu-center"));
    assert!(p.contains("148,143,000円"), "{p}");
    assert!(p.contains("協働推進課"), "{p}");
    // 課題 8 and 9 link to the 施策 they cite.
    let links = resolved_links(doc.root_element(), rel);
    for item in [
        "plans/sogo/4-1-1-2/index.html",
        "plans/sogo/4-4-1-3/index.html",
        "plans/sogo/7-1-5/index.html",
    ] {
        assert!(links.contains(&item.to_string()), "{item}");
    }
    // 001: the chapter as plan text, with both revisions.
    let plan = page(&out, "plans/suishin/index.html");
    let tree = main_text(&plan);
    for t in [
        "新たなエンジン・仕掛けとしての広報・DX・共創",
        "未来を創る組織・人材",
        "次世代につなぐ財政・公共資産",
        "北部ゾーン",
        "東部ゾーン",
    ] {
        assert!(tree.contains(t), "{t}");
    }
    // The earlier revision stays browsable, with its own wording.
    let old_pages: Vec<String> = html_files(&out)
        .into_iter()
        .filter(|p| p.starts_with("plans/suishin-kyu/"))
        .collect();
    assert!(
        old_pages
            .iter()
            .any(|p| main_text(&page(&out, p)).contains("ワイズスペンディング")),
        "{old_pages:?}"
    );
    // The real inconsistencies of 002, and nothing else.
    let w = warnings(&check_example("kashiwa"));
    let expect = [
        "秘書課の職員数の合計 8 が内訳の和 7 と合いません",
        "「4-1-2 地域コミュニティの活性化」の名称が計画と違います",
        "関連する課題「地域コミュニティの活性化」に当たる課題がこの報告にありません",
        "「広報広報課」は地域づくり推進部の課・室（units）にありません",
        "上位の項目 4、4-1、4-1-1、4-2、4-4、4-4-1、4-5、7、7-1 がこの計画に書かれていません",
    ];
    for e in expect {
        assert!(
            w.iter().any(|l| l.contains(e)),
            "missing warning {e}: {w:#?}"
        );
    }
    assert_eq!(w.len(), 6, "{w:#?}");
    assert!(w.iter().all(|l| l.contains("content/")), "{w:#?}");
}

fn count_in(scope: scraper::ElementRef, selector: &str) -> usize {
    scope.select(&sel(selector)).count()
}

#[test]
fn toyonaka_2020_review_with_two_plans() {
    let (_t, out) = build_example("toyonaka");
    let rel = "departments/toshikeiei/2020/index.html";
    let doc = page(&out, rel);
    // year_style = both.
    assert!(one_text(&doc, ".meta").contains("令和2年度（2020年度）"));
    assert!(text(section(&doc, "部長")).contains("都市経営部長"));
    assert!(
        text(section(&doc, "部局の使命"))
            .contains("「基本政策」および「第4次総合計画」の実現に向け")
    );
    assert_eq!(count(&doc, "section.goal"), 8);
    assert_eq!(count(&doc, "[id^=\"midterm-\"]:not([id$=\"-h\"])"), 5);
    // The source's own headings.
    assert!(texts(&doc, "h2").contains(&"中期目標(概ね今後4年間)".to_string()));
    assert!(main_text(&doc).contains("進捗状況は87%"));
    // Goal 4 serves three 総合計画 items and 基本政策 51.
    let g4 = doc.select(&sel("section.goal")).nth(3).unwrap();
    let links = resolved_links(g4, rel);
    for item in [
        "plans/sogo/5-2-1/index.html",
        "plans/sogo/5-2-2/index.html",
        "plans/sogo/5-2-4/index.html",
        "plans/kihon/51/index.html",
    ] {
        assert!(links.contains(&item.to_string()), "{item}: {links:?}");
    }
    // Goal 8 (コロナ対策) had 0-0-0 and 0: no plan links at all.
    let g8 = doc.select(&sel("section.goal")).nth(7).unwrap();
    assert!(text(g8).contains("新型コロナウイルス感染症対策の推進"));
    assert!(
        resolved_links(g8, rel)
            .iter()
            .all(|l| !l.starts_with("plans/"))
    );
    // Mid-term goal 1 spans fiscal years shown in both styles.
    assert!(main_text(&doc).contains("平成30年度（2018年度）〜令和3年度（2021年度）"));
    // Every 施策 code has a page listing what refers to it.
    let item = page(&out, "plans/sogo/5-2-1/index.html");
    assert!(one_text(&item, "h1").contains("5-2-①"));
    // The sources' 和暦/西暦 disagreements are found, each at its line.
    let w = warnings(&check_example("toyonaka"));
    for e in [
        "令和2年度(2019年度)",
        "令和5年度（2021年度）",
        "令和6年度（2022年度）",
        "令和7年度（2023年度）",
        "令和4年度(2021年度)",
        "令和5年度(2022年度)",
    ] {
        assert!(
            w.iter()
                .any(|l| l.contains(&format!("「{e}」の和暦と西暦が合っていません"))),
            "{e}: {w:#?}"
        );
    }
    assert!(
        w.iter()
            .any(|l| l.contains("content/departments/toshikeiei/2020.toml:131:")),
        "{w:#?}"
    );
    assert_eq!(w.len(), 7, "{w:#?}");
}

#[test]
fn isehara_2016_declaration_results() {
    let (_t, out) = build_example("isehara");
    let rel = "departments/kikaku/2016/index.html";
    let doc = page(&out, rel);
    assert_eq!(
        one_text(&doc, "h1"),
        "平成２８年度 企画部長の目標宣言 達成状況報告"
    );
    assert!(one_text(&doc, ".meta").contains("平成28年度"));
    assert!(text(section(&doc, "企画部長")).contains("山口 清治"));
    assert_eq!(count(&doc, "section.goal"), 10);
    assert!(texts(&doc, "h2").contains(&"取組".to_string()));
    assert_eq!(count(&doc, "table.indicators tbody tr"), 13);
    let all_rows: Vec<Vec<String>> = doc
        .select(&sel("table.indicators"))
        .flat_map(rows)
        .collect();
    let row = |name: &str| {
        all_rows
            .iter()
            .find(|r| r[0].starts_with(name))
            .unwrap_or_else(|| panic!("no indicator {name}"))
            .clone()
    };
    // The source's own figures: 4,238,714 of 4,500,000 → 94.2%.
    assert_eq!(
        row("公式ホームページサイトの総ページビュー数")[2..],
        ["4,500,000", "4,238,714", "94.2%"]
    );
    assert_eq!(row("公式フェイスブック")[2..], ["300", "398", "132.7%"]);
    assert_eq!(
        row("財政調整基金残高")[2..],
        [
            "1,000,000,000",
            "約1,277,000,000（平成２８年度末）",
            "127.7%"
        ]
    );
    // 市債残高 is lower-is-better.
    let debt = row("一般会計市債残高");
    assert!(debt[0].contains("小さいほど良い"), "{debt:?}");
    assert_eq!(debt[4], "102.1%");
    // The year-over-year figure 81.2% → 89.9%.
    let rate = row("「主な事業」の概ね達成する率");
    assert!(rate[1].starts_with("81.2"), "{rate:?}");
    assert!(rate[3].starts_with("89.9"), "{rate:?}");
    let sections: Vec<String> = texts(&doc, "section.goal .facts");
    assert_eq!(
        sections.iter().filter(|s| s.contains("広報広聴課")).count(),
        4,
        "{sections:?}"
    );
    assert!(warnings(&check_example("isehara")).is_empty());
}
