//! `hyoka new report` carries what the source adds to the format forward: `graded`,
//! extra sections, `extra` columns, goals' `challenge`, initiatives' number and title,
//! indicators' `baseline_text` and `target_text`; not `actual_text` (a result) and not the
//! 更新履歴 (last year's). Read back through the whole pipeline, as `reports.json`.

use crate::common::*;
use crate::extra_data::report_with_extras;
use std::ffi::OsStr;

#[test]
fn new_report_carries_the_additions_forward() {
    let report = format!("graded = false\n{}", report_with_extras());
    let f = Fixture::minimal_with(&[("content/departments/kikaku/2021.toml", report.as_str())]);
    hyoka([
        OsStr::new("--site"),
        f.site.as_os_str(),
        OsStr::new("new"),
        OsStr::new("report"),
        OsStr::new("kikaku"),
        OsStr::new("2022"),
    ])
    .ok();
    let draft =
        std::fs::read_to_string(f.site.join("content/departments/kikaku/2022.toml")).unwrap();
    assert!(!draft.contains("revisions"), "{draft}");
    assert!(
        !draft.contains("調査中"),
        "actual_text is a result: {draft}"
    );
    assert!(
        draft.contains("[goals.extra]   # 前年度から引き継いだ独自の列"),
        "{draft}"
    );
    f.check().ok();
    let out = f.built();
    let text = std::fs::read_to_string(out.join("data/reports.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let reports = v["reports"].as_array().unwrap();
    let of = |year: i64| {
        reports
            .iter()
            .find(|r| r["department_id"] == "kikaku" && r["fiscal_year"] == year)
            .unwrap()
    };
    let (old, new) = (of(2021), of(2022));
    assert_eq!(new["graded"], false);
    assert_eq!(new["revisions"], serde_json::json!([]));
    assert_eq!(new["extra_sections"], old["extra_sections"]);
    for list in ["challenges", "projects", "midterm"] {
        assert_eq!(new[list], old[list], "{list}");
    }
    let (g, g0) = (&new["goals"][0], &old["goals"][0]);
    assert_eq!(g["challenge"], "c1");
    assert_eq!(g["extra"], g0["extra"]);
    assert_eq!(g["initiatives"][0]["number"], "1-1");
    assert_eq!(g["initiatives"][0]["title"], "協定");
    assert_eq!(g["initiatives"][0]["extra"], g0["initiatives"][0]["extra"]);
    // The indicator of texts keeps its baseline and target texts, not its actual text.
    let i = &g["indicators"][1];
    assert_eq!(i["baseline_text"], "新規（実績なし）");
    assert_eq!(i["target_text"], "増加");
    assert_eq!(i["actual_text"], serde_json::Value::Null);
    assert_eq!(i["extra"], g0["indicators"][1]["extra"]);
    // The numeric one takes last year's actual as its baseline.
    assert_eq!(g["indicators"][0]["baseline"], 4_238_714.0);
    assert_eq!(g["indicators"][0]["extra"], g0["indicators"][0]["extra"]);
}
