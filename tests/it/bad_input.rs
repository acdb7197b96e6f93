//! Bad input: one test per class of mistake city staff make. Each asserts exit status 1,
//! a Japanese message naming the file and line, no panic text, and that the previous good
//! output was left byte-for-byte as it was.

use crate::common::*;

const SHIMIN: &str = "content/departments/shimin/2021.toml";

/// A minimal site built once successfully, ready to be broken.
struct Broken {
    fx: Fixture,
    before: std::collections::BTreeMap<String, Vec<u8>>,
}

impl Broken {
    fn new() -> Broken {
        let fx = Fixture::minimal();
        let out = fx.built();
        let before = snapshot(&out);
        assert!(before.contains_key("index.html"));
        Broken { fx, before }
    }

    /// Builds again and asserts the build was refused as described. Returns stderr.
    fn refused(&self, expect: &[&str]) -> String {
        let run = self.fx.build();
        run.expect_code(1);
        let err = &run.stderr;
        for e in expect {
            assert!(err.contains(e), "stderr lacks {e:?}:\n{err}");
        }
        assert!(has_japanese(err), "stderr is not Japanese:\n{err}");
        for bad in ["panicked", "RUST_BACKTRACE", "内部エラー", "thread 'main'"] {
            assert!(!err.contains(bad), "stderr shows {bad:?}:\n{err}");
        }
        assert!(
            !run.stdout.contains("書き出しました"),
            "claims success: {}",
            run.stdout
        );
        assert_same_tree(
            &self.before,
            &snapshot(&self.fx.out()),
            "output after a failed build",
        );
        // No temporary folders left beside the output.
        let names: Vec<String> = std::fs::read_dir(&self.fx.site)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.contains("hyoka-tmp") && !n.contains("hyoka-old")),
            "{names:?}"
        );
        err.clone()
    }
}

/// `path:line:` as diagnostics print it.
fn at(path: &str, line: usize) -> String {
    format!("{path}:{line}:")
}

#[test]
fn toml_syntax_error() {
    let b = Broken::new();
    b.fx.write(&[(
        SHIMIN,
        "kind = \"目標宣言\"\n\n[[goals]\nid = \"x\"\ntitle = \"t\"\n",
    )]);
    b.refused(&[&at(SHIMIN, 3), "[[goals]"]);
}

#[test]
fn missing_required_field_goal_without_title() {
    let b = Broken::new();
    b.fx.write(&[(
        SHIMIN,
        "kind = \"目標宣言\"\n\n[[goals]]\nid = \"madoguchi\"\naim = \"待ち時間を短くします。\"\n",
    )]);
    b.refused(&[&at(SHIMIN, 3), "title"]);
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let b = Broken::new();
    b.fx.write(&[(
        SHIMIN,
        "kind = \"目標宣言\"\n\n[[goals]]\nid = \"x\"\ntitle = \"t\"\ngrdae = \"B\"\n",
    )]);
    let err = b.refused(&[&at(SHIMIN, 6), "grdae"]);
    assert!(err.contains("「grade」"), "no suggestion of grade:\n{err}");
}

#[test]
fn wrong_type_number_as_text() {
    let b = Broken::new();
    b.fx.write(&[(
        SHIMIN,
        "[[goals]]\nid = \"x\"\ntitle = \"t\"\n\n  [[goals.indicators]]\n  name = \"件数\"\n  target = \"abc\"\n  actual = 3\n",
    )]);
    b.refused(&[&at(SHIMIN, 7), "target"]);
}

#[test]
fn wrong_type_title_not_a_string() {
    let b = Broken::new();
    b.fx.write(&[(SHIMIN, "[[goals]]\nid = \"x\"\ntitle = true\n")]);
    b.refused(&[&at(SHIMIN, 3), "title"]);
}

#[test]
fn duplicate_goal_ids() {
    let b = Broken::new();
    b.fx.write(&[(
        SHIMIN,
        "[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の改善\"\n\n[[goals]]\nid = \"madoguchi\"\ntitle = \"窓口の改善その2\"\n",
    )]);
    let err = b.refused(&[&at(SHIMIN, 6), "madoguchi"]);
    assert!(
        err.contains("2行目"),
        "the first use is not pointed at:\n{err}"
    );
}

#[test]
fn grade_not_in_the_scale() {
    let b = Broken::new();
    b.fx.write(&[(
        SHIMIN,
        "[[goals]]\nid = \"x\"\ntitle = \"t\"\ngrade = \"F\"\n",
    )]);
    let err = b.refused(&[&at(SHIMIN, 4), "「F」"]);
    assert!(
        err.contains("A、B、C、D、E"),
        "usable grades not listed:\n{err}"
    );
}

#[test]
fn plan_code_that_does_not_exist_suggests_the_nearest() {
    let b = Broken::new();
    b.fx.write(&[(
        SHIMIN,
        "[[goals]]\nid = \"x\"\ntitle = \"t\"\nplan = [\"4-1-3\"]\n",
    )]);
    let err = b.refused(&[&at(SHIMIN, 4), "4-1-3"]);
    assert!(err.contains("「4-1-2」"), "no suggestion of 4-1-2:\n{err}");
}

#[test]
fn plan_slug_that_does_not_exist() {
    let b = Broken::new();
    b.fx.write(&[(
        SHIMIN,
        "[[goals]]\nid = \"x\"\ntitle = \"t\"\nplan = [\"sougo:4-1-2\"]\n",
    )]);
    let err = b.refused(&[&at(SHIMIN, 4), "sougo"]);
    assert!(err.contains("「sogo」"), "no suggestion of sogo:\n{err}");
}

#[test]
fn file_name_that_is_not_a_fiscal_year() {
    let b = Broken::new();
    let bad = "content/departments/shimin/2021年.toml";
    let text = std::fs::read_to_string(b.fx.site.join(SHIMIN)).unwrap();
    b.fx.remove(SHIMIN);
    b.fx.write(&[(bad, text.as_str())]);
    // A file name has no line; the message names the file and suggests the right name.
    let err = b.refused(&[bad]);
    assert!(
        err.contains("2021.toml"),
        "no suggestion of 2021.toml:\n{err}"
    );
}

#[test]
fn shift_jis_file_is_refused() {
    let b = Broken::new();
    // 「部局」 in Shift_JIS on line 2.
    b.fx.write_bytes(SHIMIN, b"kind = \"x\"\ntitle = \"\x95\x94\x8b\xc7\"\n");
    let err = b.refused(&[SHIMIN, "Shift_JIS", "UTF-8"]);
    // The line is given in the message (a file that cannot be decoded has no column).
    assert!(
        err.contains("2行目") || err.contains(&at(SHIMIN, 2)),
        "no line:\n{err}"
    );
}

#[test]
fn front_matter_errors_point_into_the_markdown_file() {
    let b = Broken::new();
    let md = "content/departments/kikaku/2021.md";
    b.fx.write(&[(
        md,
        "+++\nupdated = 2022-06-30\ngrdae = \"B\"\n+++\n本文です。\n",
    )]);
    let err = b.refused(&[&at(md, 3), "grdae"]);
    assert!(
        !err.contains(&at(md, 2)),
        "line counted from the front matter, not the file:\n{err}"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let b = Broken::new();
    let kikaku = "content/departments/kikaku/2020.toml";
    b.fx.write(&[
        (
            SHIMIN,
            "[[goals]]\nid = \"x\"\ntitle = \"t\"\ngrade = \"F\"\n",
        ),
        (
            kikaku,
            "[[goals]]\nid = \"y\"\ngrdae = \"A\"\ntitle = \"u\"\n",
        ),
    ]);
    let err = b.refused(&[&at(SHIMIN, 4), &at(kikaku, 3)]);
    assert!(err.contains("エラーが 2 件"), "count of errors:\n{err}");
    // `check` finds the same problems and writes nothing.
    let run = b.fx.check();
    run.expect_code(1);
    assert!(
        run.stderr.contains(&at(SHIMIN, 4)) && run.stderr.contains(&at(kikaku, 3)),
        "{}",
        run.stderr
    );
    assert_same_tree(&b.before, &snapshot(&b.fx.out()), "output after check");
}

#[test]
fn indicator_values_that_cannot_give_a_rate() {
    let b = Broken::new();
    b.fx.write(&[(
        SHIMIN,
        "[[goals]]\nid = \"x\"\ntitle = \"t\"\n\n  [[goals.indicators]]\n  name = \"件数\"\n  target = 0\n  actual = 3\n\n  [[goals.indicators]]\n  name = \"率\"\n  target = 10\n  actual = nan\n",
    )]);
    // A higher-is-better target of 0, and NaN: both input errors, both reported.
    b.refused(&[&at(SHIMIN, 7), &at(SHIMIN, 13), "nan"]);
}
