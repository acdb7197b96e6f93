//! Prose keeps the source's line structure (content-format.md, "Additions for any city's
//! report"): a line starting with a list mark the city uses (①, ・, (1), 1. …) starts a new
//! line on the page, in the booklet and in search; a line break between two Japanese
//! characters joins them without a space; between Latin words it stays a space.

use crate::common::*;

const SHIMIN: &str = "content/departments/shimin/2021.toml";

fn site() -> Fixture {
    baseline_with(&[
        (
            SHIMIN,
            "kind = \"目標宣言\"\nmission = \"\"\"\n市民の\n皆様に身近な市役所を目指します。\n①窓口の改善\n②相談の充実\n（３）open\ndata の活用\"\"\"\n\n[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の改善\"\naim = \"\"\"\n待ち時間を\n短くします。\n・番号札\n・呼出表示\"\"\"\n",
        ),
        (
            "content/departments/kikaku/2021.md",
            "+++\nupdated = 2022-06-30\n+++\n# ごあいさつ\n\n部長の**メッセージ**です。\n1.市民の\n声を聞きます。\n2.職員の\n声も聞きます。\n\n次のとおり。\n1. 一つ目\n2. 二つ目\n",
        ),
    ])
}

/// The inner HTML of the first `selector` element whose text holds `needle`.
fn inner_with(doc: &scraper::Html, selector: &str, needle: &str) -> String {
    doc.select(&sel(selector))
        .find(|e| text(*e).contains(needle))
        .unwrap_or_else(|| panic!("no {selector} holding {needle:?}"))
        .inner_html()
}

#[test]
fn list_marks_start_lines_and_japanese_lines_join() {
    let f = site();
    let out = f.built();
    let doc = page(&out, "departments/shimin/2021/index.html");
    let mission = inner_with(&doc, ".prose p", "身近な市役所");
    assert_eq!(
        mission,
        "市民の皆様に身近な市役所を目指します。<br>\n①窓口の改善<br>\n②相談の充実<br>\n（３）open\ndata の活用",
    );
    let aim = inner_with(&doc, ".prose p", "待ち時間");
    assert_eq!(aim, "待ち時間を短くします。<br>\n・番号札<br>\n・呼出表示");
    // The 部長メッセージ (<FY>.md): 1. without a space is no Markdown list, yet a line;
    // a CommonMark list stays a list.
    let kikaku = page(&out, "departments/kikaku/2021/index.html");
    let message = inner_with(&kikaku, "p", "市民の声");
    assert!(
        message.contains("です。<br>\n1.市民の声を聞きます。<br>\n2.職員の声も聞きます。"),
        "{message}"
    );
    assert_eq!(texts(&kikaku, ".prose ol li"), ["一つ目", "二つ目"]);
    // The booklet reuses the same rendering.
    let booklet = page(&out, "years/2021/booklet/index.html");
    let mission = inner_with(&booklet, ".prose p", "身近な市役所");
    assert!(
        mission.starts_with("市民の皆様に身近な市役所を目指します。<br>\n①窓口の改善<br>"),
        "{mission}"
    );
    // Search finds 市民の皆様 as written, one word.
    let search = std::fs::read_to_string(out.join("search/index.js")).unwrap();
    assert!(search.contains("市民の皆様に身近な市役所"), "not in search");
    assert!(!search.contains("市民の\\n皆様") && !search.contains("市民の 皆様"));
}
