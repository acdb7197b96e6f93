//! The field catalogue (`src/validate/catalogue/`) against what it is made to agree with:
//! the keys each reader in `src/validate/` accepts (taken from the validator's own list in
//! its unknown-key hint), the JSON Schemas committed under `schema/`, the field reference
//! `docs/fields.md`, and what `hyoka init` and `hyoka new report` write.
//!
//! `HYOKA_UPDATE_SCHEMA=1 cargo test --test it catalogue` rewrites `schema/` and
//! `docs/fields.md` from the catalogue.

use crate::common::*;
use hyoka::diag::Diagnostics;
use hyoka::validate::catalogue::{self, FileKind};
use std::fs;
use std::path::Path;

/// A small valid site with every table of the catalogue written out, each followed by a
/// `#Z <file>:<path>` line where a test writes an unknown key into that table.
const TEMPLATE: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"title = "点検"
city = "点検市"
#Z site:
[grades]
#Z site:grades
[[grades.levels]]
symbol = "A"
label = "達成"
#Z site:grades.levels
[[grades.history]]
from = 2013
to = 2015
#Z site:grades.history
[[grades.history.levels]]
symbol = "A"
label = "達成"
#Z site:grades.history.levels
"#,
    ),
    (
        "content/plans/sogo.toml",
        r#"name = "総合計画"
#Z plan:
[period]
from = 2016
to = 2025
#Z plan:period
[[items]]
code = "1"
title = "まち"
#Z plan:items
"#,
    ),
    (
        "content/departments/kikaku/department.toml",
        r#"name = "企画部"
units = ["企画課"]
#Z department:
[[former_names]]
name = "旧企画部"
until = 2015
#Z department:former_names
[contact]
phone = "0465-74-2111"
#Z department:contact
"#,
    ),
    (
        "content/departments/kikaku/2021.toml",
        r#"kind = "運営方針"
#Z report:
[head]
name = "部長"
#Z report:head
[[officers]]
name = "理事"
#Z report:officers
[budget]
general = 1
#Z report:budget
[[staff]]
unit = "企画課"
#Z report:staff
[headings]
#Z report:headings
[source]
#Z report:source
[[revisions]]
date = 2021-06-10
#Z report:revisions
[[extra_sections]]
title = "局の目標"
#Z report:extra_sections
[[challenges]]
id = "c1"
title = "課題"
#Z report:challenges
[[goals]]
id = "g1"
title = "目標"
#Z report:goals
[[goals.initiatives]]
aim = "取組"
#Z report:goals.initiatives
[[goals.indicators]]
name = "指標"
#Z report:goals.indicators
[[projects]]
id = "p1"
name = "事業"
#Z report:projects
[[midterm]]
id = "m1"
title = "中期"
#Z report:midterm
[midterm.period]
from = 2020
to = 2022
#Z report:midterm.period
"#,
    ),
];

/// The template with `line` written at the marker of `target` (other markers stay
/// comments).
fn site_with(target: &str, line: &str) -> Vec<(&'static str, String)> {
    TEMPLATE
        .iter()
        .map(|(path, text)| {
            let text = text
                .lines()
                .map(|l| if l == target { line } else { l })
                .collect::<Vec<_>>()
                .join("\n");
            (*path, text + "\n")
        })
        .collect()
}

/// Every diagnostic of validating `files`, as (message, hint).
fn validate(files: &[(&'static str, String)]) -> Vec<(String, String)> {
    let texts: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let raw = hyoka::source::load_texts(&texts);
    let v = hyoka::validate::validate(&raw, Diagnostics::default());
    v.diags
        .items
        .into_iter()
        .map(|d| (d.message, d.hint.unwrap_or_default()))
        .collect()
}

#[test]
fn template_is_valid() {
    let d = validate(&site_with("", ""));
    assert!(d.is_empty(), "{d:#?}");
}

/// Tables whose unknown keys the validator does not report yet (none: each entry fails the
/// test once the validator reports it, to have the entry removed).
const UNCHECKED: &[&str] = &[];

/// For each table of the catalogue, an unknown key far from every name: the validator's
/// hint lists the keys that table accepts, which must be the catalogue's keys.
#[test]
fn validator_and_catalogue_agree() {
    let mut problems = Vec::new();
    for t in catalogue::tables() {
        let marker = format!("#Z {}:{}", t.file.stem(), t.path);
        assert!(
            TEMPLATE.iter().any(|(_, s)| s.lines().any(|l| l == marker)),
            "the template has no table {marker}: add it"
        );
        let diags = validate(&site_with(&marker, "zzzzzzzz = 1"));
        let found = diags
            .iter()
            .find(|(m, _)| m.contains("「zzzzzzzz」という項目はありません"));
        if UNCHECKED.contains(&marker.as_str()) {
            if found.is_some() {
                problems.push(format!(
                    "{marker}: unknown keys are now reported: remove it from UNCHECKED"
                ));
            }
            continue;
        }
        let Some((_, hint)) = found else {
            problems.push(format!("{marker}: no unknown-key error: {diags:#?}"));
            continue;
        };
        let listed: Vec<&str> = hint
            .strip_prefix("ここで使える項目: ")
            .unwrap_or_else(|| panic!("{marker}: hint is not the list: {hint}"))
            .split(", ")
            .collect();
        for k in &listed {
            if t.field(k).is_none() {
                problems.push(format!(
                    "{marker}: the validator accepts「{k}」, the catalogue lacks it"
                ));
            }
        }
        for f in t.fields {
            if !listed.contains(&f.key) {
                problems.push(format!(
                    "{marker}: the catalogue has「{}」, the validator refuses it",
                    f.key
                ));
            }
        }
        // Nothing else is wrong with the site.
        if diags.len() != 1 {
            problems.push(format!("{marker}: more than the unknown key: {diags:#?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn unknown_key_hint_names_the_label() {
    for (marker, typo, says) in [
        (
            "#Z report:goals",
            "grdae = \"B\"",
            "「grade」（評価）の書き間違い",
        ),
        (
            "#Z report:goals.indicators",
            "actuall = 1",
            "「actual」（実績）の書き間違い",
        ),
        (
            "#Z department:",
            "unit = [\"企画課\"]",
            "「units」（所属の課）",
        ),
    ] {
        let diags = validate(&site_with(marker, typo));
        assert!(diags.iter().any(|(_, h)| h.contains(says)), "{diags:#?}");
    }
}

/// The committed text of `rel` is `made`, or (with HYOKA_UPDATE_SCHEMA=1) becomes it.
fn current(rel: &str, made: &str) -> bool {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    if std::env::var_os("HYOKA_UPDATE_SCHEMA").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, made).unwrap();
        return true;
    }
    fs::read_to_string(&path).is_ok_and(|s| s == made)
}

#[test]
fn schemas_and_reference_are_made_from_the_catalogue() {
    let mut stale = Vec::new();
    for kind in FileKind::ALL {
        let rel = format!("schema/{}.schema.json", kind.stem());
        if !current(&rel, &catalogue::json_schema(kind)) {
            stale.push(rel);
        }
    }
    if !current("docs/fields.md", &catalogue::field_reference()) {
        stale.push("docs/fields.md".into());
    }
    assert!(
        stale.is_empty(),
        "{} differ from the field catalogue: run `HYOKA_UPDATE_SCHEMA=1 cargo test --test it catalogue` and commit them",
        stale.join(", ")
    );
}

/// `hyoka init` writes the schemas into the new site and each file's `#:schema` line
/// reaches the right one; `hyoka new report` writes the line too.
#[test]
fn init_and_new_report_point_at_the_schemas() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    hyoka([
        "init".as_ref(),
        site.as_os_str(),
        "--year".as_ref(),
        "2024".as_ref(),
    ])
    .ok();
    let dept = site.join("content/departments/kikaku");
    for (file, kind) in [
        (site.join("site.toml"), FileKind::Site),
        (site.join("content/plans/sogo.toml"), FileKind::Plan),
        (dept.join("department.toml"), FileKind::Department),
        (dept.join("2024.toml"), FileKind::Report),
    ] {
        let text = fs::read_to_string(&file).unwrap();
        let first = text.lines().next().unwrap();
        let rel = first
            .strip_prefix("#:schema ")
            .unwrap_or_else(|| panic!("{}: {first}", file.display()));
        let schema = fs::read_to_string(file.parent().unwrap().join(rel)).unwrap();
        assert_eq!(schema, catalogue::json_schema(kind), "{}", file.display());
    }
    hyoka([
        "--site".as_ref(),
        site.as_os_str(),
        "new".as_ref(),
        "report".as_ref(),
        "kikaku".as_ref(),
        "2025".as_ref(),
    ])
    .ok();
    let text = fs::read_to_string(dept.join("2025.toml")).unwrap();
    assert!(
        text.starts_with("#:schema ../../../schema/report.schema.json\n"),
        "{text}"
    );
    hyoka(["--site".as_ref(), site.as_os_str(), "check".as_ref()]).ok();
}
