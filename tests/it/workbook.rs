//! The Excel round trip (`hyoka export` / `hyoka import`, issue #19): every report of every
//! example site and the sample site exports and imports back to byte-identical pages; a
//! workbook edited the way staff edit (openpyxl, as Excel would save it) imports to the
//! expected TOML; a bad cell is named as `指標!F3`; LibreOffice re-saves a workbook that
//! still imports.
//!
//! The office tests need `python3` with openpyxl and LibreOffice's `soffice` (.ci/run
//! installs both). A missing tool fails the test with what to install, unless
//! HYOKA_SKIP_OFFICE=1 is set on purpose.

use crate::common::{assert_same_tree, hyoka, snapshot};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample site at the repository's root and every example site.
fn sites() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![root.to_path_buf()];
    let mut ex: Vec<PathBuf> = fs::read_dir(root.join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("site.toml").is_file())
        .collect();
    ex.sort();
    out.extend(ex);
    out
}

/// Copies a site's own files (site.toml, content/, themes/, schema/) into `dest`.
fn copy_site(src: &Path, dest: &Path) {
    for name in ["site.toml", "content", "themes", "schema"] {
        let from = src.join(name);
        if from.is_file() {
            fs::create_dir_all(dest).unwrap();
            fs::copy(&from, dest.join(name)).unwrap();
        } else if from.is_dir() {
            for e in walkdir::WalkDir::new(&from).into_iter().flatten() {
                let to = dest.join(e.path().strip_prefix(src).unwrap());
                if e.file_type().is_dir() {
                    fs::create_dir_all(&to).unwrap();
                } else {
                    fs::copy(e.path(), &to).unwrap();
                }
            }
        }
    }
}

/// Every report of a site: (department folder, year), from its `<FY>.toml` files.
fn reports(site: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let depts = site.join("content/departments");
    for d in fs::read_dir(&depts).into_iter().flatten().flatten() {
        for f in fs::read_dir(d.path()).into_iter().flatten().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if let Some(year) = name.strip_suffix(".toml")
                && year.len() == 4
                && year.chars().all(|c| c.is_ascii_digit())
            {
                out.push((
                    d.file_name().to_string_lossy().into_owned(),
                    year.to_string(),
                ));
            }
        }
    }
    out.sort();
    out
}

fn run(site: &Path, args: &[&OsStr]) -> crate::common::Run {
    let mut all = vec![OsStr::new("--site"), site.as_os_str()];
    all.extend_from_slice(args);
    hyoka(all)
}

fn export(site: &Path, dept: &str, year: &str, out: &Path) {
    run(
        site,
        &[
            OsStr::new("export"),
            OsStr::new(dept),
            OsStr::new(year),
            OsStr::new("--output"),
            out.as_os_str(),
        ],
    )
    .ok();
}

fn import(site: &Path, file: &Path) -> crate::common::Run {
    run(site, &[OsStr::new("import"), file.as_os_str()])
}

/// The built site, without the marker file that names the build.
fn built(site: &Path, out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    run(
        site,
        &[OsStr::new("build"), OsStr::new("--output"), out.as_os_str()],
    )
    .ok();
    let mut snap = snapshot(out);
    snap.remove(".hyoka-output");
    snap
}

#[test]
fn export_then_import_rebuilds_every_example_byte_for_byte() {
    for src in sites() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_site(&src, &site);
        let before = built(&site, &tmp.path().join("before"));
        let list = reports(&site);
        assert!(!list.is_empty(), "{}", src.display());
        for (dept, year) in &list {
            let xlsx = tmp.path().join(format!("{dept}-{year}.xlsx"));
            export(&site, dept, year, &xlsx);
            let r = import(&site, &xlsx);
            r.ok();
            // Importing the same workbook again writes the same bytes.
            let rel = format!("content/departments/{dept}/{year}.toml");
            let once = fs::read(site.join(&rel)).unwrap();
            import(&site, &xlsx).ok();
            assert_eq!(
                once,
                fs::read(site.join(&rel)).unwrap(),
                "{rel} is not stable"
            );
        }
        let after = built(&site, &tmp.path().join("after"));
        assert_same_tree(
            &before,
            &after,
            &format!(
                "{} after export → import of {} reports",
                src.display(),
                list.len()
            ),
        );
    }
}

/// The sample site in a temporary folder, and its 健康福祉部 2022 report exported.
fn sample() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(Path::new(env!("CARGO_MANIFEST_DIR")), &site);
    let xlsx = tmp.path().join("kenko.xlsx");
    export(&site, "kenko", "2022", &xlsx);
    (tmp, site, xlsx)
}

/// Whether the office tests may be skipped (only when asked explicitly).
fn skip_office() -> bool {
    std::env::var("HYOKA_SKIP_OFFICE").is_ok_and(|v| v == "1")
}

/// A Python that has openpyxl: `python3`, or Debian's when another one comes first.
fn python() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import openpyxl"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Runs `script` with openpyxl on `file` (its path is `sys.argv[1]`).
fn edit(file: &Path, script: &str) -> bool {
    let Some(py) = python() else {
        assert!(
            skip_office(),
            "python3 with openpyxl is needed: apt-get install python3-openpyxl (or pip install openpyxl); HYOKA_SKIP_OFFICE=1 skips"
        );
        return false;
    };
    let full = format!(
        "import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\n\
         def col(ws, key):\n    return next(c.column for c in ws[2] if c.value == key)\n\
         {script}\nwb.save(sys.argv[1])\n"
    );
    let out = Command::new(py)
        .arg("-c")
        .arg(&full)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

#[test]
fn cells_edited_as_staff_do_import_to_the_expected_toml_and_pages() {
    let (tmp, site, xlsx) = sample();
    let edited = edit(
        &xlsx,
        r#"
g = wb["重点目標"]
g.cell(3, col(g, "grade")).value = "A"
g.cell(3, col(g, "results")).value = "一行目\r\n二行目\n三行目"
g.insert_rows(4)
i = wb["指標"]
i.cell(3, col(i, "actual")).value = "1,234"
i.cell(3, col(i, "target")).value = "１２３４５"
r = wb["報告"]
row = next(c.row for c in r["B"] if c.value == "budget.general")
r.cell(row, 3).value = "１８，０００，０００，０００"
"#,
    );
    if !edited {
        return;
    }
    let r = import(&site, &xlsx);
    r.ok();
    let toml = fs::read_to_string(site.join("content/departments/kenko/2022.toml")).unwrap();
    let t: toml::Table = toml.parse().unwrap();
    let g0 = &t["goals"][0];
    assert_eq!(g0["grade"].as_str(), Some("A"), "{toml}");
    assert_eq!(g0["results"].as_str(), Some("一行目\n二行目\n三行目"));
    assert!(
        toml.contains("results = \"\"\"\n一行目\n二行目\n三行目\"\"\""),
        "{toml}"
    );
    assert_eq!(g0["indicators"][0]["actual"].as_integer(), Some(1234));
    assert!(toml.contains("actual = 1_234"), "{toml}");
    assert_eq!(g0["indicators"][0]["target"].as_integer(), Some(12345));
    assert_eq!(t["budget"]["general"].as_integer(), Some(18_000_000_000));
    // The empty row between the goals lost nothing.
    let before: toml::Table = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/departments/kenko/2022.toml"),
    )
    .unwrap()
    .parse()
    .unwrap();
    let n = |t: &toml::Table| t["goals"].as_array().unwrap().len();
    assert_eq!(n(&t), n(&before));
    // What changed, in words.
    assert!(r.stdout.contains("の評価"), "{}", r.stdout);
    // And on the page.
    let out = tmp.path().join("out");
    built(&site, &out);
    let page = fs::read_to_string(out.join("departments/kenko/2022/index.html")).unwrap();
    assert!(page.contains("1,234"), "the new actual is on the page");
    assert!(
        page.contains("18,000,000,000"),
        "the new budget is on the page"
    );
}

#[test]
fn bad_cells_are_named_by_sheet_and_cell_and_nothing_is_written() {
    let (_tmp, site, xlsx) = sample();
    let edited = edit(
        &xlsx,
        r#"
i = wb["指標"]
i.cell(3, col(i, "actual")).value = "約百"
g = wb["重点目標"]
g.cell(3, col(g, "grade")).value = "Z"
g.cell(4, col(g, "title")).value = None
"#,
    );
    if !edited {
        return;
    }
    let path = site.join("content/departments/kenko/2022.toml");
    let before = fs::read(&path).unwrap();
    let r = import(&site, &xlsx);
    r.expect_code(1);
    // Both problems at once, each at its cell, with a hint.
    let cell = |sheet: &str, key: &str| -> String {
        let script_col = col_of(&xlsx, sheet, key);
        format!("{sheet}!{script_col}3")
    };
    let actual = cell("指標", "actual");
    let grade = cell("重点目標", "grade");
    assert!(
        r.stderr.contains(&format!(
            "エラー: {actual}: 「実績」: 「約百」は数として読めません"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("エラー: {grade}: ")),
        "{}",
        r.stderr
    );
    // A required value left empty is named at its own column of the row.
    let title = format!("重点目標!{}4", col_of(&xlsx, "重点目標", "title"));
    assert!(
        r.stderr.contains(&format!("エラー: {title}: "))
            && r.stderr.contains("「title」がありません"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("ヒント: "), "{}", r.stderr);
    assert!(r.stderr.contains("何も書き込んでいません"), "{}", r.stderr);
    assert_eq!(before, fs::read(&path).unwrap(), "nothing written");
}

/// The letter of the column whose key (row 2) is `key`.
fn col_of(xlsx: &Path, sheet: &str, key: &str) -> String {
    let py = python().expect("checked by edit");
    let out = Command::new(py)
        .arg("-c")
        .arg(format!(
            "import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1])[{sheet:?}]\n\
             print(next(c.column_letter for c in ws[2] if c.value == {key:?}))"
        ))
        .arg(xlsx)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_workbook_saved_again_by_libreoffice_imports_the_same() {
    let (tmp, site, xlsx) = sample();
    let Ok(probe) = Command::new("soffice").arg("--version").output() else {
        assert!(
            skip_office(),
            "LibreOffice is needed: apt-get install libreoffice-calc-nogui; HYOKA_SKIP_OFFICE=1 skips"
        );
        return;
    };
    assert!(probe.status.success());
    let saved = tmp.path().join("lo");
    let profile = format!("file://{}", tmp.path().join("lo-profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&saved)
        .arg(&xlsx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let resaved = saved.join("kenko.xlsx");
    assert!(
        resaved.is_file(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_ne!(fs::read(&resaved).unwrap(), fs::read(&xlsx).unwrap());
    let path = site.join("content/departments/kenko/2022.toml");
    import(&site, &xlsx).ok();
    let direct = fs::read(&path).unwrap();
    let r = import(&site, &resaved);
    r.ok();
    assert!(r.stdout.contains("内容の変更はありません"), "{}", r.stdout);
    assert_eq!(direct, fs::read(&path).unwrap());
}

#[test]
fn a_year_without_a_report_starts_from_the_previous_one() {
    let (tmp, site, _) = sample();
    let xlsx = tmp.path().join("next.xlsx");
    let r = run(
        &site,
        &[
            OsStr::new("export"),
            OsStr::new("kenko"),
            OsStr::new("2025"),
            OsStr::new("-o"),
            xlsx.as_os_str(),
        ],
    );
    r.ok();
    assert!(r.stdout.contains("令和6年度の報告から"), "{}", r.stdout);
    let r = import(&site, &xlsx);
    r.ok();
    let t: toml::Table = fs::read_to_string(site.join("content/departments/kenko/2025.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let prev: toml::Table = fs::read_to_string(site.join("content/departments/kenko/2024.toml"))
        .unwrap()
        .parse()
        .unwrap();
    // Goals and indicators carried, results and grades empty.
    assert_eq!(
        t["goals"].as_array().unwrap().len(),
        prev["goals"].as_array().unwrap().len()
    );
    assert!(t["goals"][0].get("grade").is_none());
    assert!(t["goals"][0].get("results").is_none());
    assert!(r.stdout.contains("を作りました"), "{}", r.stdout);
}

#[test]
fn the_additions_for_any_city_round_trip_and_extra_columns_are_edited_by_label() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_site(Path::new(env!("CARGO_MANIFEST_DIR")), &site);
    let rel = "content/departments/kenko/2022.toml";
    let mut text = fs::read_to_string(site.join(rel)).unwrap();
    // [goals.extra] on the first goal, before its nested tables; an indicator's target_text.
    let goal = text.find("[[goals]]").unwrap();
    let nested = goal + text[goal..].find("\n  [[goals.").unwrap();
    text.insert_str(
        nested,
        "\n\n[goals.extra]\n\"協働関係先\" = \"上郡5町\"\n\"難易度\" = \"高\"\n",
    );
    let ind = text.find("[[goals.indicators]]").unwrap();
    let eol = ind + text[ind..].find('\n').unwrap();
    text.insert_str(eol, "\n  target_text = \"増加\"");
    text.push_str(
        "\n[[extra_sections]]\ntitle = \"局の目標\"\nbody = \"\"\"\n誰もが健やかに。\n\"\"\"\nafter = \"top\"\n\n[[revisions]]\ndate = 2022-06-10\nnote = \"進捗を更新しました。\"\n",
    );
    fs::write(site.join(rel), text).unwrap();
    let before = built(&site, &tmp.path().join("before"));
    let xlsx = tmp.path().join("k.xlsx");
    export(&site, "kenko", "2022", &xlsx);
    import(&site, &xlsx).ok();
    let after = built(&site, &tmp.path().join("after"));
    assert_same_tree(&before, &after, "additions after export → import");
    let edited = edit(
        &xlsx,
        r#"
g = wb["重点目標"]
g.cell(3, col(g, "extra.難易度")).value = "中"
"#,
    );
    if !edited {
        return;
    }
    import(&site, &xlsx).ok();
    let t: toml::Table = fs::read_to_string(site.join(rel)).unwrap().parse().unwrap();
    let extra = t["goals"][0]["extra"].as_table().unwrap();
    let labels: Vec<&String> = extra.keys().collect();
    assert_eq!(labels, ["協働関係先", "難易度"], "in the file's order");
    assert_eq!(extra["難易度"].as_str(), Some("中"));
    assert_eq!(t["extra_sections"][0]["after"].as_str(), Some("top"));
    assert_eq!(t["revisions"][0]["date"].to_string(), "2022-06-10");
}
