//! The command line: exit codes and messages, output-folder safety, `init` and `check`.

use crate::common::*;
use std::ffi::OsStr;
use std::fs;

fn assert_clean_refusal(run: &Run) {
    run.expect_code(1);
    assert!(
        has_japanese(&run.stderr),
        "stderr is not Japanese:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        !run.stdout.contains("書き出しました"),
        "claims success: {}",
        run.stdout
    );
}

#[test]
fn output_into_the_site_folder_is_refused() {
    let fx = Fixture::minimal();
    let before = snapshot(fx.tmp.path());
    let run = fx.build_to(&fx.site);
    assert_clean_refusal(&run);
    assert!(run.stderr.contains("サイトのフォルダー"), "{}", run.stderr);
    assert_same_tree(
        &before,
        &snapshot(fx.tmp.path()),
        "site after a refused build",
    );
    // A folder that contains the site, and the content folder, are refused as well.
    for out in [
        fx.tmp.path().to_path_buf(),
        fx.site.join("content"),
        fx.site.join("content/plans"),
    ] {
        let run = fx.build_to(&out);
        assert_clean_refusal(&run);
        assert_same_tree(
            &before,
            &snapshot(fx.tmp.path()),
            "site after a refused build",
        );
    }
    // The same folder written as a relative path with `..` is recognised too.
    let run = hyoka_in(
        Some(&fx.site),
        ["build", "--output", "../site"].map(OsStr::new),
    );
    assert_clean_refusal(&run);
    assert_same_tree(
        &before,
        &snapshot(fx.tmp.path()),
        "site after a refused build",
    );
}

#[test]
fn output_into_a_foreign_non_empty_folder_is_refused() {
    let fx = Fixture::minimal();
    let docs = fx.beside("docs");
    write_files(
        &docs,
        &[
            ("keep.txt", "大切なファイル"),
            ("sub/page.html", "<p>x</p>"),
        ],
    );
    let before = snapshot(fx.tmp.path());
    let run = fx.build_to(&docs);
    assert_clean_refusal(&run);
    assert!(
        run.stderr.contains("docs"),
        "names the folder: {}",
        run.stderr
    );
    assert_same_tree(&before, &snapshot(fx.tmp.path()), "after a refused build");
    // An existing but empty folder is fine.
    let empty = fx.beside("empty");
    fs::create_dir(&empty).unwrap();
    fx.build_to(&empty).ok();
    assert!(empty.join("index.html").is_file());
}

#[test]
fn files_outside_the_output_folder_are_never_deleted() {
    let fx = Fixture::minimal();
    write_files(
        fx.tmp.path(),
        &[("notes.txt", "メモ"), ("site/README.txt", "説明")],
    );
    let out = fx.beside("public");
    fx.build_to(&out).ok();
    // Something the user left inside the output is kept by the next build (only the
    // files hyoka wrote are replaced: tests/safety.rs), and nothing beside it is touched.
    write_files(&out, &[("stale.html", "old")]);
    fx.build_to(&out).ok();
    assert!(
        out.join("stale.html").exists(),
        "a rebuild keeps staff files"
    );
    // A failed build in between.
    fx.write(&[("content/departments/shimin/2021.toml", "[[goals]\n")]);
    assert_clean_refusal(&fx.build_to(&out));
    let mut names: Vec<String> = fs::read_dir(fx.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["notes.txt", "public", "site"]);
    assert_eq!(fs::read_to_string(fx.beside("notes.txt")).unwrap(), "メモ");
    assert_eq!(
        fs::read_to_string(fx.site.join("README.txt")).unwrap(),
        "説明"
    );
    for (rel, text) in MINIMAL {
        if !rel.ends_with("shimin/2021.toml") {
            assert_eq!(
                &fs::read_to_string(fx.site.join(rel)).unwrap(),
                text,
                "{rel} changed"
            );
        }
    }
    assert!(
        out.join("index.html").is_file(),
        "the last good output is still there"
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("みどり野市");
    let run = hyoka([OsStr::new("init"), dir.as_os_str()]);
    run.ok();
    assert!(has_japanese(&run.stdout), "{}", run.stdout);
    assert!(dir.join("site.toml").is_file());
    let build = hyoka([OsStr::new("--site"), dir.as_os_str(), OsStr::new("build")]);
    build.ok();
    let out = dir.join("output");
    assert!(out.join("index.html").is_file());
    assert!(
        main_text(&page(&out, "index.html")).contains("みどり野市"),
        "the folder name is the city"
    );
    check_pages(&out);
    check_links(&out);
    let check = hyoka([OsStr::new("--site"), dir.as_os_str(), OsStr::new("check")]);
    check.ok();
}

#[test]
fn init_into_a_non_empty_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("existing");
    write_files(&dir, &[("memo.txt", "消さないで")]);
    let before = snapshot(tmp.path());
    let run = hyoka([OsStr::new("init"), dir.as_os_str()]);
    assert_clean_refusal(&run);
    assert!(
        run.stderr.contains("existing"),
        "names the folder: {}",
        run.stderr
    );
    assert_same_tree(&before, &snapshot(tmp.path()), "after a refused init");
    // An empty folder is fine.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    hyoka([OsStr::new("init"), empty.as_os_str()]).ok();
    assert!(empty.join("site.toml").is_file());
}

#[test]
fn unknown_subcommand_is_a_usage_error_in_japanese() {
    let run = hyoka(["bogus"]);
    run.expect_code(2);
    assert!(run.stderr.contains("bogus"), "{}", run.stderr);
    assert!(has_japanese(&run.stderr), "{}", run.stderr);
    // Neither a missing command nor an unknown option is a content error.
    let none = hyoka(Vec::<&str>::new());
    none.expect_code(2);
    assert!(has_japanese(&none.stderr), "{}", none.stderr);
    let opt = hyoka(["build", "--nope"]);
    opt.expect_code(2);
    assert!(
        opt.stderr.contains("--nope") && has_japanese(&opt.stderr),
        "{}",
        opt.stderr
    );
}

#[test]
fn help_exits_zero_and_lists_the_commands() {
    for args in [vec!["--help"], vec!["-h"], vec!["build", "--help"]] {
        let run = hyoka(&args);
        run.ok();
        assert!(has_japanese(&run.stdout), "{args:?}: {}", run.stdout);
    }
    let run = hyoka(["--help"]);
    for cmd in ["build", "check", "init"] {
        assert!(
            run.stdout.contains(cmd),
            "--help lacks {cmd}: {}",
            run.stdout
        );
    }
}

#[test]
fn check_reports_success_and_writes_nothing() {
    let fx = Fixture::minimal();
    let before = snapshot(fx.tmp.path());
    let run = fx.check();
    run.ok();
    assert!(has_japanese(&run.stdout), "{}", run.stdout);
    assert_same_tree(&before, &snapshot(fx.tmp.path()), "after check");
}

#[test]
fn build_without_site_toml_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let run = hyoka([
        OsStr::new("--site"),
        tmp.path().as_os_str(),
        OsStr::new("build"),
    ]);
    assert_clean_refusal(&run);
    assert!(run.stderr.contains("site.toml"), "{}", run.stderr);
    assert!(!tmp.path().join("output").exists());
}

#[test]
fn output_at_the_file_system_root_or_the_home_folder_is_refused() {
    let fx = Fixture::minimal();
    let before = snapshot(fx.tmp.path());
    // `/` is refused as the top of the file system (not merely as a foreign folder).
    let run = fx.build_to(std::path::Path::new("/"));
    assert_clean_refusal(&run);
    assert!(run.stderr.contains("最上位"), "{}", run.stderr);
    // An empty home folder would pass every other check: it is refused as the home.
    let home = fx.beside("home");
    fs::create_dir(&home).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .env("HOME", &home)
        .env("USERPROFILE", &home)
        .args([
            OsStr::new("--site"),
            fx.site.as_os_str(),
            OsStr::new("build"),
        ])
        .args([OsStr::new("--output"), home.as_os_str()])
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_clean_refusal(&run);
    assert!(run.stderr.contains("ホームフォルダー"), "{}", run.stderr);
    assert_eq!(
        fs::read_dir(&home).unwrap().count(),
        0,
        "the home was written"
    );
    fs::remove_dir(&home).unwrap();
    // themes/ holds the site's own templates.
    let themes = fx.site.join("themes/hyoka/static");
    fs::create_dir_all(&themes).unwrap();
    let before_themes = snapshot(fx.tmp.path());
    let run = fx.build_to(&fx.site.join("themes"));
    assert_clean_refusal(&run);
    assert!(run.stderr.contains("themes/"), "{}", run.stderr);
    assert_same_tree(
        &before_themes,
        &snapshot(fx.tmp.path()),
        "site after a refused build",
    );
    fs::remove_dir_all(fx.site.join("themes")).unwrap();
    assert_same_tree(&before, &snapshot(fx.tmp.path()), "after refused builds");
}

#[test]
fn init_takes_a_year_and_a_folder_name_with_quotes() {
    let tmp = tempfile::tempdir().unwrap();
    // A name with a quote and a backslash still gives valid TOML.
    let dir = tmp.path().join("みどり\"野\\市");
    let run = hyoka([
        OsStr::new("init"),
        dir.as_os_str(),
        OsStr::new("--year"),
        OsStr::new("令和7"),
    ]);
    run.ok();
    assert!(dir.join("content/departments/kikaku/2025.toml").is_file());
    let check = hyoka([OsStr::new("--site"), dir.as_os_str(), OsStr::new("check")]);
    check.ok();
    let build = hyoka([OsStr::new("--site"), dir.as_os_str(), OsStr::new("build")]);
    build.ok();
    assert!(
        main_text(&page(&dir.join("output"), "index.html")).contains("みどり\"野\\市"),
        "the folder name is the city, as written"
    );
}

#[test]
fn build_lists_its_warnings_and_check_puts_them_after_the_errors() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/toyonaka");
    let tmp = tempfile::tempdir().unwrap();
    let run = hyoka([
        OsStr::new("--site"),
        root.as_os_str(),
        OsStr::new("build"),
        OsStr::new("--output"),
        tmp.path().join("out").as_os_str(),
    ]);
    run.ok();
    assert!(run.stderr.contains("警告: content/"), "{}", run.stderr);
    // A site with an error and warnings: the error first, the warnings after it.
    let site = tmp.path().join("site");
    copy_tree(&root, &site);
    let report = site.join("content/departments/toshikeiei/2020.toml");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, format!("{text}\ngrdae = \"B\"\n")).unwrap();
    let check = hyoka([OsStr::new("--site"), site.as_os_str(), OsStr::new("check")]);
    check.expect_code(1);
    let err = check.stderr.find("エラー: ").expect("an error");
    let warn = check.stderr.find("警告: ").expect("warnings too");
    assert!(err < warn, "{}", check.stderr);
}

fn copy_tree(src: &std::path::Path, dest: &std::path::Path) {
    std::fs::create_dir_all(dest).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dest.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

#[test]
fn a_site_outside_git_still_shows_its_update_dates_and_check_says_from_where() {
    // Fixtures live in a temporary folder, outside any git repository.
    let fx = Fixture::minimal();
    let check = fx.check();
    check.ok();
    assert!(
        check.stdout.contains("git で管理されていないため"),
        "{}",
        check.stdout
    );
    let out = fx.built();
    let footer = one_text(&page(&out, "departments/index.html"), "footer");
    assert!(footer.contains("更新日"), "{footer}");
}
