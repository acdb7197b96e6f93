//! Staff mistakes that still build but must not go unnoticed (issue #20): last year's report
//! under this year's name, a `new report` draft left as drafted, dates typed wrong, and
//! what pasting from Excel and Word leaves behind. Each is a warning (a city may publish
//! deliberately) that `check` and `build` print with the file, line and column.
//!
//! The mistakes that stop a build are in the bad-input corpus (`tests/corpus/`).

use crate::common::*;
use std::path::Path;

const SHIMIN: &str = "content/departments/shimin/2021.toml";
const KIKAKU: &str = "content/departments/kikaku/2021.toml";

/// `hyoka check` on the site: it must succeed (warnings never stop it); both streams.
fn check(f: &Fixture) -> String {
    let site = f.site.to_str().unwrap();
    let run = hyoka(["--site", site, "check"]);
    run.ok();
    format!("{}{}", run.stdout, run.stderr)
}

/// The warning at `file:line:` whose line holds every word of `says` (the message), with
/// the hint lines after it; panics with the whole output when there is none.
fn warning<'a>(out: &'a str, file: &str, line: usize, says: &[&str]) -> String {
    let head = format!("警告: {file}:{line}:");
    let lines: Vec<&'a str> = out.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with(&head) && says.iter().all(|w| l.contains(w)) {
            let mut text = l.to_string();
            for more in &lines[i + 1..] {
                if more.starts_with("警告:") || more.starts_with("エラー") {
                    break;
                }
                text.push('\n');
                text.push_str(more);
            }
            return text;
        }
    }
    panic!("no warning at {head} saying {says:?} in:\n{out}");
}

/// The 1-based line of the first line of `text` holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {text}"))
        + 1
}

#[test]
fn a_title_or_first_paragraph_naming_another_year_is_flagged() {
    let f = baseline_with(&[
        (
            SHIMIN,
            "title = \"令和2年度 市民部 目標宣言\"\nkind = \"目標宣言\"\n\n[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の改善\"\n",
        ),
        (
            "content/departments/kikaku/2021.md",
            "+++\nupdated = 2022-06-30\n+++\n# ２０２０年度 部長あいさつ\n\n部長の**メッセージ**です。\n",
        ),
    ]);
    let out = check(&f);
    let w = warning(
        &out,
        SHIMIN,
        1,
        &["「令和2年度」は令和2年度", "令和3年度（2021年度）"],
    );
    assert!(w.contains("直し忘れ"), "{w}");
    // 全角の西暦, in the message's first paragraph (lines count from the file's top).
    warning(
        &out,
        "content/departments/kikaku/2021.md",
        4,
        &["「２０２０年度」", "令和3年度"],
    );

    // The right year, in either calendar, is no warning.
    f.write(&[(
        SHIMIN,
        "title = \"令和３年度（2021年度） 市民部 目標宣言\"\nkind = \"目標宣言\"\n",
    )]);
    let out = check(&f);
    assert!(!out.contains(&format!("警告: {SHIMIN}")), "{out}");
}

#[test]
fn last_years_report_copied_under_this_years_name_is_flagged() {
    let f = baseline_with(&[]);
    let last = std::fs::read_to_string(f.site.join(SHIMIN)).unwrap();
    let this = "content/departments/shimin/2022.toml";
    f.write(&[(this, &last)]);
    let out = check(&f);
    let w = warning(
        &out,
        this,
        1,
        &[
            "令和4年度",
            "前年度の content/departments/shimin/2021.toml とすべて同じ",
        ],
    );
    assert!(w.contains("コピーしたまま"), "{w}");
}

#[test]
fn dates_far_outside_the_fiscal_year_are_flagged() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/_baseline")
            .join(KIKAKU),
    )
    .unwrap()
    .replace("published = 2021-05-01", "published = 9999-12-31");
    let f = baseline_with(&[(KIKAKU, &text)]);
    let out = check(&f);
    warning(
        &out,
        KIKAKU,
        2,
        &["「published」の日付 9999-12-31", "2021-04-01〜2022-03-31"],
    );
    // A date a year after the fiscal year ends (a late update) is fine.
    f.write(&[(KIKAKU, &text.replace("9999-12-31", "2023-03-01"))]);
    assert!(!check(&f).contains("大きく離れています"));
}

#[test]
fn a_new_report_draft_left_as_drafted_says_which_fields() {
    let f = baseline_with(&[(
        SHIMIN,
        "kind = \"目標宣言\"\npolicy = \"窓口を見直します。\"\n\n[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の改善\"\naim = \"待ち時間を短くします。\"\n",
    )]);
    let site = f.site.to_str().unwrap();
    hyoka(["--site", site, "new", "report", "shimin", "2022"]).ok();
    let draft = "content/departments/shimin/2022.toml";
    let text = std::fs::read_to_string(f.site.join(draft)).unwrap();
    let out = check(&f);
    let marks = line_of(
        &text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with('#') {
                    ""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        "要確認",
    );
    warning(
        &out,
        draft,
        marks,
        &["「要記入」「要確認」の印が", "policy", "[[goals]] の aim"],
    );
    warning(
        &out,
        draft,
        line_of(&text, "policy ="),
        &[
            "前年度の content/departments/shimin/2021.toml から写した文章が変わっていません",
            "policy",
            "目標「madoguchi」の aim",
        ],
    );

    // Rewritten, with the marks removed: no warning left.
    f.write(&[(
        draft,
        "kind = \"目標宣言\"\npolicy = \"窓口の予約を始めます。\"\n\n[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の改善\"\naim = \"予約で待ち時間をなくします。\"\n",
    )]);
    let out = check(&f);
    assert!(out.contains("エラーも警告もありません"), "{out}");
}

#[test]
fn pastes_from_excel_and_word_are_flagged_with_what_to_write() {
    let f = baseline_with(&[(
        SHIMIN,
        "kind = \"目標宣言\"\n\n[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の\u{200B}改善\"\naim = \"\"\"\n\"待ち時間を\n短くします。\"\"\"\"\nactions = \"\"\"\n窓口\t待ち時間\n市民課\t15分\n税務課\t10分\n\n\t番号札を配ります。\"\"\"\n",
    )]);
    let out = check(&f);
    let w = warning(
        &out,
        SHIMIN,
        5,
        &[
            "「title」に目に見えない文字",
            "「窓口の［U+200B ゼロ幅スペース］改善」",
        ],
    );
    assert!(w.contains("貼り付けた"), "{w}");
    warning(&out, SHIMIN, 7, &["\"…\" で囲まれています", "Excel"]);
    let w = warning(&out, SHIMIN, 10, &["タブで区切られた行が 3 行"]);
    assert!(
        w.contains("| 窓口 | 待ち時間 |\n|---|---|\n| 市民課 | 15分 |\n| 税務課 | 10分 |"),
        "{w}"
    );
    warning(&out, SHIMIN, 14, &["段落の先頭にタブ", "コードブロック"]);
}

#[test]
fn build_prints_the_warnings_and_still_publishes() {
    let f = baseline_with(&[(
        SHIMIN,
        "title = \"令和2年度 市民部\"\nkind = \"目標宣言\"\n\n[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の改善\"\n",
    )]);
    let run = f.build();
    run.ok();
    let out = format!("{}{}", run.stdout, run.stderr);
    warning(&out, SHIMIN, 1, &["「令和2年度」"]);
}

#[test]
fn extensions_in_any_case_are_read_and_os_litter_is_ignored() {
    // Windows shows and saves names in any case; Explorer and Office leave files behind.
    let fx = Fixture::minimal();
    let dept = fx.site.join("content/departments/kikaku");
    std::fs::rename(dept.join("2021.toml"), dept.join("2021.TOML")).unwrap();
    for litter in ["Thumbs.db", "desktop.ini", "~$2021.xlsx", ".DS_Store"] {
        std::fs::write(dept.join(litter), "x").unwrap();
    }
    std::fs::write(fx.site.join("content/departments/Thumbs.db"), "x").unwrap();
    std::fs::write(fx.site.join("content/plans/desktop.ini"), "x").unwrap();
    let run = fx.check();
    run.ok();
    assert!(!run.stderr.contains("警告"), "{}", run.stderr);
    let out = fx.built();
    assert!(out.join("departments/kikaku/2021/index.html").is_file());
}

#[test]
fn lists_whose_marks_run_together_are_flagged() {
    let text = "kind = \"目標宣言\"\n\n[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の改善\"\naim = \"\"\"\n次のとおり取り組みます。\nア　番号札を配ります。\nイ　呼出表示を設けます。\nウ　案内係を置きます。\"\"\"\nactions = \"\"\"\n◎窓口\n◎相談\n\n①番号札\n②呼出表示\n\n- 案内係\n- 電話予約\"\"\"\n";
    let f = baseline_with(&[(SHIMIN, text)]);
    let out = check(&f);
    let w = warning(
        &out,
        SHIMIN,
        line_of(text, "イ　呼出"),
        &["「ア」「イ」「ウ」で始まる行が 3 行", "1 行につながって"],
    );
    assert!(w.contains("空行") && w.contains("「- 」"), "{w}");
    assert!(
        out.contains(&format!("{SHIMIN}:{}:1:", line_of(text, "◎相談"))),
        "{out}"
    );
    // Marks the page keeps apart, and Markdown lists, are not flagged.
    assert_eq!(out.matches("で始まる行が").count(), 2, "{out}");
}
