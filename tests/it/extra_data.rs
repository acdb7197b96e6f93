//! The open data of the additions for any city's report: `data/extra.csv` (one row per
//! value of the `extra` tables, with what it belongs to and its id), each report's own
//! `extra.csv`, and the new fields of `reports.json` (extra tables, 更新履歴, extra
//! sections, challenge links, initiative number/title, indicator `*_text`, departments'
//! `parent` and `[contact]`).

use crate::common::*;

/// MINIMAL's kikaku/2021.toml with an `extra` table on every kind of item, a goal under a
/// challenge, an initiative's number and title, an indicator of texts, a 更新履歴 and an
/// extra section.
pub(crate) fn report_with_extras() -> String {
    let base = MINIMAL
        .iter()
        .find(|(p, _)| *p == "content/departments/kikaku/2021.toml")
        .unwrap()
        .1;
    let mut s = base.to_string();
    let mut put = |after: &str, add: &str| {
        let at = s.find(after).unwrap_or_else(|| panic!("{after}")) + after.len();
        s.insert_str(at, add);
    };
    put(
        "plan = [\"4-1-2 多様な市民活動の支援\"]\n",
        "\n[challenges.extra]\n\"協働関係先\" = \"上郡5町\"\n",
    );
    put(
        "next = \"さらに広げます。\"\n",
        "challenge = \"c1\"\n\n[goals.extra]\n\"難易度\" = \"高\"\n\"目標達成時期\" = \"令和7年度末\"\n",
    );
    put(
        "  status = \"完了\"\n",
        "  number = \"1-1\"\n  title = \"協定\"\n",
    );
    put(
        "  sections = [\"企画課\"]\n",
        "\n  [goals.initiatives.extra]\n  \"協働関係先\" = \"市内の大学\"\n",
    );
    put(
        "  better = \"higher\"\n",
        "\n  [goals.indicators.extra]\n  \"出典\" = \"アクセス解析\"\n\n  [[goals.indicators]]\n  name = \"満足度\"\n  baseline_text = \"新規（実績なし）\"\n  target_text = \"増加\"\n  actual_text = \"調査中\"\n\n  [goals.indicators.extra]\n  \"備考\" = \"=1+1, \\\"引用\\\"\"\n",
    );
    put(
        "plan = [\"4-1-2\"]\n\n",
        "[projects.extra]\n\"財源\" = \"基金\"\n\n",
    );
    s.push_str(
        "\n[midterm.extra]\n\"進捗\" = \"順調\"\n\n[[revisions]]\ndate = 2021-06-10\nnote = \"進捗を更新しました。\"\n\n[[extra_sections]]\ntitle = \"局の目標（何をめざすのか）\"\nbody = \"市民とともに。\"\nafter = \"top\"\n",
    );
    s
}

fn site() -> Fixture {
    let report = report_with_extras();
    Fixture::minimal_with(&[
        ("content/departments/kikaku/2021.toml", report.as_str()),
        (
            "content/departments/shimin/department.toml",
            "name = \"市民部\"\norder = 20\nunits = [\"市民課\"]\nparent = \"kikaku\"\n\n[contact]\nphone = \"0465-74-2111\"\nnote = \"内線 2211\"\n",
        ),
    ])
}

const EXTRA_CSV: &str = "\u{FEFF}全国地方公共団体コード,地方公共団体名,年度,年度_和暦,部局ID,部局名,種類,ID,名称,見出し,内容,ページ\r
,テスト市,2021,令和3年度,kikaku,企画部,課題,c1,市民公益活動の支援拡充,協働関係先,上郡5町,departments/kikaku/2021/index.html#challenge-c1\r
,テスト市,2021,令和3年度,kikaku,企画部,目標,renkei,民間企業や大学とのさらなる連携,難易度,高,departments/kikaku/2021/index.html#goal-renkei\r
,テスト市,2021,令和3年度,kikaku,企画部,目標,renkei,民間企業や大学とのさらなる連携,目標達成時期,令和7年度末,departments/kikaku/2021/index.html#goal-renkei\r
,テスト市,2021,令和3年度,kikaku,企画部,取組,renkei/1,協定,協働関係先,市内の大学,departments/kikaku/2021/index.html#goal-renkei\r
,テスト市,2021,令和3年度,kikaku,企画部,指標,renkei/pageviews,公式ホームページ総ページビュー数,出典,アクセス解析,departments/kikaku/2021/index.html#goal-renkei\r
,テスト市,2021,令和3年度,kikaku,企画部,指標,renkei/2,満足度,備考,\"'=1+1, \"\"引用\"\"\",departments/kikaku/2021/index.html#goal-renkei\r
,テスト市,2021,令和3年度,kikaku,企画部,事業,kikin,市民公益活動促進基金,財源,基金,departments/kikaku/2021/index.html#project-kikin\r
,テスト市,2021,令和3年度,kikaku,企画部,中期目標,kihon-seisaku,基本政策の推進,進捗,順調,departments/kikaku/2021/index.html#midterm-kihon-seisaku\r
";

#[test]
fn extra_csv_has_one_row_per_value_in_source_order() {
    let f = site();
    let out = f.built();
    let bytes = std::fs::read(out.join("data/extra.csv")).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "extra.csv without BOM"
    );
    assert_eq!(String::from_utf8(bytes).unwrap(), EXTRA_CSV);
    // The report's own file holds the same rows; a report without extra values has none.
    assert_eq!(
        std::fs::read_to_string(out.join("data/reports/kikaku/2021/extra.csv")).unwrap(),
        EXTRA_CSV
    );
    assert!(!out.join("data/reports/kikaku/2020/extra.csv").exists());
    assert!(!out.join("data/reports/shimin/2021/extra.csv").exists());
    // The data page and the catalog list it, its columns explained.
    let doc = page(&out, "data/index.html");
    let t = main_text(&doc);
    assert!(t.contains("独自の列の一覧（extra.csv）"), "{t}");
    assert!(t.contains("取組は「目標ID/目標の中での順番」"), "{t}");
    assert!(t.contains("data/reports/部局ID/年度/extra.csv"), "{t}");
    let catalog = std::fs::read_to_string(out.join("data/catalog.csv")).unwrap();
    assert!(catalog.contains("独自の列の一覧（extra.csv）"), "{catalog}");
}

#[test]
fn a_site_without_extra_values_has_the_header_only() {
    let f = Fixture::minimal();
    let out = f.built();
    let text = std::fs::read_to_string(out.join("data/extra.csv")).unwrap();
    assert_eq!(text, EXTRA_CSV.split_inclusive('\n').next().unwrap());
}

#[test]
fn reports_json_carries_the_additions() {
    let f = site();
    let out = f.built();
    let text = std::fs::read_to_string(out.join("data/reports.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v["departments"],
        serde_json::json!([
            {"id": "kikaku", "name": "企画部", "parent": null, "contact": null},
            {"id": "shimin", "name": "市民部", "parent": "kikaku", "contact": {
                "phone": "0465-74-2111", "fax": null, "email": null, "form": null,
                "note": "内線 2211"}}
        ])
    );
    let reports = v["reports"].as_array().unwrap();
    let r = reports
        .iter()
        .find(|r| r["department_id"] == "kikaku" && r["fiscal_year"] == 2021)
        .unwrap();
    assert_eq!(r["department_parent"], serde_json::Value::Null);
    assert_eq!(r["graded"], true);
    assert_eq!(
        r["revisions"],
        serde_json::json!([{"date": "2021-06-10", "note": "進捗を更新しました。"}])
    );
    assert_eq!(
        r["extra_sections"],
        serde_json::json!([{"title": "局の目標（何をめざすのか）", "after": "top", "body": "市民とともに。"}])
    );
    assert_eq!(
        r["challenges"],
        serde_json::json!([{"id": "c1", "title": "市民公益活動の支援拡充",
            "extra": [{"label": "協働関係先", "text": "上郡5町"}]}])
    );
    assert_eq!(
        r["projects"][0],
        serde_json::json!({"id": "kikin", "name": "市民公益活動促進基金",
            "extra": [{"label": "財源", "text": "基金"}]})
    );
    assert_eq!(
        r["midterm"][0]["extra"],
        serde_json::json!([{"label": "進捗", "text": "順調"}])
    );
    let g = &r["goals"][0];
    assert_eq!(g["challenge"], "c1");
    assert_eq!(
        g["extra"],
        serde_json::json!([{"label": "難易度", "text": "高"}, {"label": "目標達成時期", "text": "令和7年度末"}])
    );
    assert_eq!(
        g["initiatives"],
        serde_json::json!([{"number": "1-1", "title": "協定", "aim": "協定の締結",
            "extra": [{"label": "協働関係先", "text": "市内の大学"}]}])
    );
    let i = &g["indicators"][1];
    assert_eq!(
        (
            &i["baseline_text"],
            &i["target_text"],
            &i["actual_text"],
            &i["rate"]
        ),
        (
            &serde_json::json!("新規（実績なし）"),
            &serde_json::json!("増加"),
            &serde_json::json!("調査中"),
            &serde_json::Value::Null
        )
    );
    // In the JSON the text is as written (no formula guard: that is for spreadsheets).
    assert_eq!(
        i["extra"],
        serde_json::json!([{"label": "備考", "text": "=1+1, \"引用\""}])
    );
    assert_eq!(g["indicators"][0]["baseline_text"], serde_json::Value::Null);
    // The 市民部 report names its parent; the 2020 report has no additions.
    let s = reports
        .iter()
        .find(|r| r["department_id"] == "shimin")
        .unwrap();
    assert_eq!(s["department_parent"], "kikaku");
    let old = reports
        .iter()
        .find(|r| r["department_id"] == "kikaku" && r["fiscal_year"] == 2020)
        .unwrap();
    assert_eq!(old["revisions"], serde_json::json!([]));
    // Same sources, same bytes.
    let again = f.beside("again");
    f.build_to(&again).ok();
    assert_eq!(
        std::fs::read(again.join("data/reports.json")).unwrap(),
        text.as_bytes()
    );
}

#[test]
fn updated_falls_back_to_the_latest_revision() {
    let report = report_with_extras();
    let f = Fixture::minimal_with(&[
        ("content/departments/kikaku/2021.toml", report.as_str()),
        (
            "content/departments/kikaku/2021.md",
            "+++\n+++\n# ごあいさつ\n\n部長のメッセージです。\n",
        ),
    ]);
    let out = f.built();
    let text = std::fs::read_to_string(out.join("data/reports.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let r = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["department_id"] == "kikaku" && r["fiscal_year"] == 2021)
        .unwrap();
    assert_eq!(r["updated"], "2021-06-10");
}
