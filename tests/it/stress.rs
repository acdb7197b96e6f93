//! Stress inputs: sites far larger or stranger than any city writes, generated here at run
//! time (nothing big is committed). Each must build successfully, without a crash or a
//! stack overflow, well inside a generous wall-clock bound for a debug build.
//!
//! `HYOKA_STRESS_DIR=/some/dir cargo test --test stress -- --ignored write_stress_sites`
//! writes every stress site there, to measure a release build's time and peak memory with
//! `/usr/bin/time -v target/release/hyoka --site /some/dir/<name> build`.

use crate::common::*;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Far above what a debug build needs on a 2-core machine (measured: 0.5–9 s per site; a
/// release build takes 0.05–2.2 s and at most 450 MB); a quadratic step or an endless
/// loop still blows through it (10,000 goals took 51 s in debug before the goal and
/// indicator lookups became maps, 10,000 nested `<div>`s with allow_html 214 s before
/// nesting was capped).
const LIMIT: Duration = Duration::from_secs(60);

/// The good site of the bad-input corpus, as (path, text).
fn baseline() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/_baseline");
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, fs::read_to_string(&p).unwrap()));
            }
        }
    }
    walk(&root, &root, &mut out);
    out.sort();
    out
}

/// A stress site: the baseline with files replaced or added.
struct Stress {
    name: &'static str,
    files: Vec<(String, String)>,
}

impl Stress {
    fn new(name: &'static str) -> Stress {
        Stress {
            name,
            files: baseline(),
        }
    }

    fn set(mut self, path: &str, text: String) -> Stress {
        self.files.retain(|(p, _)| p != path);
        self.files.push((path.to_string(), text));
        self
    }

    fn write_to(&self, dir: &Path) {
        for (p, t) in &self.files {
            write_bytes(dir, p, t.as_bytes());
        }
    }
}

/// Japanese prose without spaces, deterministic: `n` characters.
/// The baseline site's `kikaku/2021.toml`, which some stress sites vary.
fn baseline_report() -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/_baseline/content/departments/kikaku/2021.toml"),
    )
    .unwrap()
}

fn prose(n: usize, seed: usize) -> String {
    const WORDS: &[&str] = &[
        "地域の防災力を高めるため",
        "自主防災組織の訓練を支援し",
        "避難所の運営体制を整えます",
        "市民サービスの利便性を向上させ",
        "行政手続のデジタル化を進めます",
        "子育て支援の体制を充実させ",
        "公共施設の長寿命化を図ります",
    ];
    let mut s = String::with_capacity(n * 3);
    let mut i = seed;
    let mut count = 0;
    while count < n {
        let w = WORDS[i % WORDS.len()];
        s.push_str(w);
        count += w.chars().count();
        i = i.wrapping_mul(31).wrapping_add(7);
        if i.is_multiple_of(3) {
            s.push('。');
            count += 1;
        }
    }
    s
}

/// A report of `goals` goals, each with an indicator and a plan reference.
fn report_with_goals(goals: usize, year: i32) -> String {
    let mut s = String::from("kind = \"目標宣言\"\n");
    for g in 0..goals {
        let _ = write!(
            s,
            "\n[[goals]]\nid = \"g{g}\"\ntitle = \"目標{g} {}\"\nplan = [\"1-1-1\"]\ngrade = \"{}\"\naim = \"{}\"\n\n  [[goals.indicators]]\n  id = \"i{g}\"\n  name = \"指標{g}\"\n  unit = \"件\"\n  target = {}\n  actual = {}\n",
            prose(12, g),
            ["A", "B", "C", "D"][(g + year as usize) % 4],
            prose(40, g + 1),
            100 + g % 50,
            90 + (g * 7 + year as usize) % 30,
        );
    }
    s
}

/// The stress sites named `only` (all of them when `None`): each is generated only when
/// asked for, since some take seconds to generate in a debug build.
fn stress_sites(only: Option<&str>) -> Vec<Stress> {
    let want = |name: &str| only.is_none_or(|o| o == name);
    let mut sites = Vec::new();

    if want("prose-5mb") {
        // A 5 MB prose field (about 1.7 million characters in paragraphs), and 5 MB of Markdown.
        let mut big = String::with_capacity(5_300_000);
        let mut n = 0;
        while big.len() < 5_000_000 {
            big.push_str(&prose(200, n));
            big.push_str("\n\n");
            n += 1;
        }
        big.push_str("おわり");
        let report = baseline_report().replace(
            "mission = \"市の将来像を描く部です。\"",
            &format!("mission = '''\n{big}'''"),
        );
        sites.push(
            Stress::new("prose-5mb")
                .set("content/departments/kikaku/2021.toml", report)
                .set(
                    "content/departments/shimin/2021.md",
                    format!("# 部長メッセージ\n\n{big}\n"),
                ),
        );
    }

    if want("markdown-nested") || want("markdown-nested-allow-html") {
        // Markdown nested 10,000 levels deep: block quotes, bullet and ordered lists, mixed,
        // emphasis and brackets; with raw HTML shown as text and with allow_html.
        let depth = 10_000;
        let mut nested = String::new();
        nested.push_str(&"> ".repeat(depth));
        nested.push_str("深い引用\n\n");
        nested.push_str(&"- ".repeat(depth));
        nested.push_str("深い箇条書き\n\n");
        nested.push_str(&"1. ".repeat(depth));
        nested.push_str("深い番号付き\n\n");
        nested.push_str(&"> - ".repeat(depth / 2));
        nested.push_str("引用と箇条書き\n\n");
        nested.push_str(&"*".repeat(depth));
        nested.push_str("強調");
        nested.push_str(&"*".repeat(depth));
        nested.push_str("\n\n");
        nested.push_str(&"[".repeat(depth));
        nested.push_str("かっこ");
        nested.push_str(&"](x)".repeat(depth));
        nested.push_str("\n\n");
        nested.push_str(&"<div>".repeat(depth));
        nested.push_str("入れ子の HTML");
        nested.push_str(&"</div>".repeat(depth));
        nested.push('\n');
        for line in 0..depth {
            let _ = writeln!(nested, "{}- 字下げ{line}", "  ".repeat(line.min(200)));
        }
        let nested_toml = format!(
            "kind = \"目標宣言\"\nmission = '''\n{nested}'''\n\n[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の改善\"\naim = '''\n{nested}'''\n"
        );
        sites.push(
            Stress::new("markdown-nested")
                .set("content/departments/shimin/2021.toml", nested_toml.clone())
                .set("content/departments/shimin/2021.md", nested.clone()),
        );
        let site_toml = baseline()
            .into_iter()
            .find(|(p, _)| p == "site.toml")
            .unwrap()
            .1;
        sites.push(
            Stress::new("markdown-nested-allow-html")
                .set("site.toml", format!("{site_toml}allow_html = true\n"))
                .set("content/departments/shimin/2021.toml", nested_toml)
                .set("content/departments/shimin/2021.md", nested),
        );
    }

    if want("goals-10000") {
        // 10,000 goals in one report, two years of them (year-over-year by id).
        sites.push(
            Stress::new("goals-10000")
                .set(
                    "content/departments/shimin/2020.toml",
                    report_with_goals(10_000, 2020),
                )
                .set(
                    "content/departments/shimin/2021.toml",
                    report_with_goals(10_000, 2021),
                ),
        );
    }

    if want("departments-500") {
        // 500 departments, each with two years of a small report.
        let mut many = Stress::new("departments-500");
        for d in 0..500 {
            many = many
                .set(
                    &format!("content/departments/d{d:03}/department.toml"),
                    format!("name = \"第{d}部\"\norder = {d}\nunits = [\"第{d}課\"]\n"),
                )
                .set(
                    &format!("content/departments/d{d:03}/2020.toml"),
                    report_with_goals(3, 2020),
                )
                .set(
                    &format!("content/departments/d{d:03}/2021.toml"),
                    report_with_goals(3, 2021),
                );
        }
        sites.push(many);
    }

    if want("plan-5000") {
        // A plan of 5,000 items: a chain 2,500 deep (explicit parents) and 2,500 siblings.
        let mut plan = String::from(
            "name = \"深くて広い計画\"\nshort = \"総合計画\"\nperiod = { from = 2020, to = 2024 }\nlevels = [\"基本目標\", \"政策\", \"施策\"]\n",
        );
        for code in ["1", "1-1", "1-1-1", "2", "2-1"] {
            let _ = write!(
                plan,
                "\n[[items]]\ncode = \"{code}\"\ntitle = \"項目{code}\"\n"
            );
        }
        for i in 0..2_500 {
            let parent = if i == 0 {
                "2".to_string()
            } else {
                format!("d{}", i - 1)
            };
            let _ = write!(
                plan,
                "\n[[items]]\ncode = \"d{i}\"\ntitle = \"深さ{i}\"\nparent = \"{parent}\"\n"
            );
        }
        for i in 0..2_495 {
            let _ = write!(
                plan,
                "\n[[items]]\ncode = \"1-{}\"\ntitle = \"{}\"\n",
                i + 2,
                prose(15, i)
            );
        }
        let refs = baseline_report().replace(
            "plan = [\"1-1-1\"]",
            "plan = [\"1-1-1\", \"d2499\", \"1-2000\"]",
        );
        sites.push(
            Stress::new("plan-5000")
                .set("content/plans/sogo.toml", plan)
                .set("content/departments/kikaku/2021.toml", refs),
        );
    }

    if want("long-lines") {
        // Very long Japanese lines without a space: a 1 MB line of prose, a 20,000-character
        // title, indicator name, unit and department name.
        let line = prose(350_000, 3);
        let long = prose(20_000, 5);
        sites.push(
            Stress::new("long-lines")
                .set(
                    "content/departments/shimin/department.toml",
                    format!("name = \"{long}\"\norder = 20\nunits = [\"{long}\"]\n"),
                )
                .set(
                    "content/departments/shimin/2021.toml",
                    format!(
                        "kind = \"目標宣言\"\ntitle = \"{long}\"\nmission = \"{line}\"\n\n[[goals]]\nid = \"g\"\ntitle = \"{long}\"\naim = \"{line}\"\n\n  [[goals.indicators]]\n  name = \"{long}\"\n  unit = \"{long}\"\n  target = 10\n  actual = 9\n"
                    ),
                ),
        );
    }
    sites
}

/// Builds a stress site in a temporary folder: it must succeed inside [`LIMIT`].
fn build_stress(name: &str) -> (PathBuf, tempfile::TempDir) {
    let s = stress_sites(Some(name))
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no stress site {name}"));
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    s.write_to(&site);
    let start = Instant::now();
    let run = hyoka([
        std::ffi::OsStr::new("--site"),
        site.as_os_str(),
        std::ffi::OsStr::new("build"),
    ]);
    let took = start.elapsed();
    eprintln!("stress {name}: {:.2} s", took.as_secs_f64());
    run.ok();
    for bad in ["panicked", "内部エラー", "overflow"] {
        assert!(!run.stderr.contains(bad), "{name}: {bad}:\n{}", run.stderr);
    }
    assert!(
        took < LIMIT,
        "{name}: took {:.1} s (limit {} s)",
        took.as_secs_f64(),
        LIMIT.as_secs()
    );
    (site.join("output"), tmp)
}

#[test]
fn a_5_mb_prose_field_builds() {
    let (out, _tmp) = build_stress("prose-5mb");
    let html = fs::read_to_string(out.join("departments/kikaku/2021/index.html")).unwrap();
    assert!(html.len() > 5_000_000, "the prose is on the page");
    assert!(
        html.contains("おわり"),
        "the end of the prose is on the page"
    );
}

#[test]
fn markdown_nested_10000_levels_builds() {
    let (out, _tmp) = build_stress("markdown-nested");
    let html = fs::read_to_string(out.join("departments/shimin/2021/index.html")).unwrap();
    for words in [
        "深い引用",
        "深い箇条書き",
        "深い番号付き",
        "引用と箇条書き",
        "字下げ9999",
    ] {
        assert!(html.contains(words), "{words} is not on the page");
    }
    // Raw HTML is text by default, however deep.
    assert!(!html.contains("<div><div>"), "raw HTML let through");
}

#[test]
fn markdown_nested_10000_levels_builds_with_allow_html() {
    let (out, _tmp) = build_stress("markdown-nested-allow-html");
    let html = fs::read_to_string(out.join("departments/shimin/2021/index.html")).unwrap();
    assert!(html.contains("深い引用") && html.contains("入れ子の HTML"));
}

#[test]
fn ten_thousand_goals_in_one_report_build() {
    let (out, _tmp) = build_stress("goals-10000");
    // Plain text searches: parsing pages this big is slow in a debug build.
    let html = fs::read_to_string(out.join("departments/shimin/2021/index.html")).unwrap();
    assert!(
        html.contains("id=\"goal-g9999\""),
        "the last goal has its anchor"
    );
    let csv = fs::read_to_string(out.join("data/goals.csv")).unwrap();
    assert!(
        csv.lines().count() > 20_000,
        "every goal of both years is in goals.csv"
    );
}

#[test]
fn five_hundred_departments_build() {
    let (out, _tmp) = build_stress("departments-500");
    assert!(out.join("departments/d499/2021/index.html").is_file());
    let list = main_text(&page(&out, "departments/index.html"));
    assert!(list.contains("第499部"));
}

#[test]
fn a_plan_of_5000_items_deep_and_wide_builds() {
    let (out, _tmp) = build_stress("plan-5000");
    assert!(out.join("plans/sogo/d2499/index.html").is_file());
    assert!(out.join("plans/sogo/1-2000/index.html").is_file());
    let top = fs::read_to_string(out.join("plans/sogo/index.html")).unwrap();
    assert!(
        top.contains("深さ2499"),
        "the deepest item is in the plan's tree"
    );
    // A deep item's breadcrumbs are cut short, not 2,500 links long.
    let deep = fs::read_to_string(out.join("plans/sogo/d2499/index.html")).unwrap();
    assert!(deep.len() < 200_000, "{} bytes", deep.len());
}

#[test]
fn very_long_lines_without_spaces_build() {
    let (out, _tmp) = build_stress("long-lines");
    assert!(out.join("departments/shimin/2021/index.html").is_file());
}

/// Writes every stress site to `$HYOKA_STRESS_DIR/<name>/` (for measuring release builds).
#[test]
#[ignore]
fn write_stress_sites() {
    let dir = std::env::var_os("HYOKA_STRESS_DIR").expect("set HYOKA_STRESS_DIR");
    for s in stress_sites(None) {
        let d = Path::new(&dir).join(s.name);
        let _ = fs::remove_dir_all(&d);
        s.write_to(&d);
    }
}
