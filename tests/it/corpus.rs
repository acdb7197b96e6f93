//! The bad-input corpus: `tests/corpus/<defect>/` is a small site with one thing wrong
//! (see tests/corpus/README.md), and `expect.toml` beside it says what hyoka must say.
//!
//! The good site `tests/corpus/_baseline/` is built once; each case starts from a copy of
//! that output beside the broken site and builds again, then asserts: exit status 1, an
//! error naming the file and line (`path:line:`; the path alone, `path: `, where there is
//! no line, as the case's `no_line` explains), a Japanese message with a hint and the
//! words of `says`, no panic or backtrace text, and the previous output unchanged byte for
//! byte, with nothing left beside it. `hyoka check` must refuse it the same way.

use crate::common::*;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// What a case's `expect.toml` says.
#[derive(Debug)]
struct Expect {
    /// The file (or folder) the error must name, relative to the site.
    file: String,
    /// The line it must name; `None` when the case has `no_line`.
    line: Option<usize>,
    /// Words the error's message or hint must contain.
    says: Vec<String>,
    /// Something the test sets up at run time (what git cannot hold).
    setup: Option<String>,
}

fn read_expect(dir: &Path) -> Expect {
    let path = dir.join("expect.toml");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let t: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let s = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
    for k in t.keys() {
        assert!(
            ["about", "file", "line", "no_line", "says", "setup"].contains(&k.as_str()),
            "{}: unknown key {k}",
            path.display()
        );
    }
    assert!(s("about").is_some(), "{}: no about", path.display());
    let line = t
        .get("line")
        .and_then(|v| v.as_integer())
        .map(|n| n as usize);
    assert!(
        line.is_some() != s("no_line").is_some(),
        "{}: give either line or no_line (why there is no line)",
        path.display()
    );
    Expect {
        file: s("file").unwrap_or_else(|| panic!("{}: no file", path.display())),
        line,
        says: t
            .get("says")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
            .unwrap_or_default(),
        setup: s("setup"),
    }
}

/// Every case folder, sorted (the baseline excluded).
fn cases() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    out.sort();
    out
}

/// Copies the site files of `src` into `dest` (not `expect.toml`, not `output/`).
fn copy_site(src: &Path, dest: &Path) {
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "expect.toml" || name == "output" || name == "README.md" {
            continue;
        }
        let from = entry.path();
        let to = dest.join(&name);
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&to).unwrap();
            copy_site(&from, &to);
        } else {
            fs::copy(&from, &to).unwrap();
        }
    }
}

/// What git cannot hold, made at run time.
fn setup(site: &Path, what: &str) {
    match what {
        #[cfg(unix)]
        "fifo" => {
            let p = site.join("content/departments/shimin/2021.toml");
            let made = std::process::Command::new("mkfifo").arg(&p).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", p.display());
        }
        #[cfg(unix)]
        "symlink-loop" => {
            let d = site.join("content/departments");
            std::os::unix::fs::symlink("b", d.join("a")).unwrap();
            std::os::unix::fs::symlink("a", d.join("b")).unwrap();
        }
        other => panic!("unknown setup {other}"),
    }
}

/// The lines of `stderr` that belong to the diagnostic starting at the line that contains
/// `at`: that line, the quoted source and the hint.
fn block<'a>(stderr: &'a str, at: &str) -> Option<Vec<&'a str>> {
    let lines: Vec<&str> = stderr.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("エラー: ") && l.contains(at))?;
    let mut out = vec![lines[start]];
    for l in &lines[start + 1..] {
        if l.starts_with("エラー") || l.starts_with("警告") {
            break;
        }
        out.push(l);
    }
    Some(out)
}

const PANIC_TEXT: &[&str] = &[
    "panicked",
    "RUST_BACKTRACE",
    "内部エラー",
    "thread '",
    "stack backtrace",
    "overflowed its stack",
];

/// Checks one refused run; every problem is returned, none panics.
fn refused(run: &Run, exp: &Expect, what: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if run.code != 1 {
        problems.push(format!("{what}: exit code {} (expected 1)", run.code));
    }
    let err = &run.stderr;
    let at = match exp.line {
        Some(l) => format!("{}:{l}:", exp.file),
        None => format!("{}: ", exp.file),
    };
    match block(err, &at) {
        None => problems.push(format!("{what}: no error at {at}")),
        Some(b) => {
            let first = b[0];
            let message = first.split_once(&at).map(|(_, m)| m).unwrap_or(first);
            if !has_japanese(message) {
                problems.push(format!("{what}: message not in Japanese: {first}"));
            }
            let hint = b.iter().find(|l| l.trim_start().starts_with("ヒント: "));
            match hint {
                Some(h) if has_japanese(h) => {}
                _ => problems.push(format!("{what}: no Japanese hint under {first}")),
            }
            let text = b.join("\n");
            for s in &exp.says {
                if !text.contains(s.as_str()) {
                    problems.push(format!("{what}: the error does not say {s:?}:\n{text}"));
                }
            }
        }
    }
    for bad in PANIC_TEXT {
        if err.contains(bad) {
            problems.push(format!("{what}: stderr shows {bad:?}"));
        }
    }
    if run.stdout.contains("書き出しました") {
        problems.push(format!("{what}: claims success: {}", run.stdout));
    }
    if !problems.is_empty() {
        problems.push(format!("--- {what} stderr:\n{err}"));
    }
    problems
}

/// How long one run may take: a broken site is refused in well under a second, so a run
/// this long has hung (as it once did reading a named pipe).
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// `hyoka --site <site> <what>`, killed after [`RUN_LIMIT`] (exit code -1 then, with the
/// reason in stderr).
fn bounded(site: &Path, what: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hyoka"))
        .args([OsStr::new("--site"), site.as_os_str(), OsStr::new(what)])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the hyoka binary");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = |r: &mut dyn Read| {
        let mut s = String::new();
        let _ = r.read_to_string(&mut s);
        s
    };
    std::thread::scope(|s| {
        let o = s.spawn(|| reader(&mut out));
        let e = s.spawn(|| reader(&mut err));
        let start = Instant::now();
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code().unwrap_or(-1);
            }
            if start.elapsed() > RUN_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                break -2;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut stderr = e.join().unwrap();
        if code == -2 {
            stderr.push_str(&format!("\n(killed after {} s)", RUN_LIMIT.as_secs()));
        }
        Run {
            code,
            stdout: o.join().unwrap(),
            stderr,
        }
    })
}

/// Builds the good baseline site once; each case starts from a copy of its output.
fn good_output() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).unwrap();
    copy_site(&corpus_dir().join("_baseline"), &site);
    hyoka([OsStr::new("--site"), site.as_os_str(), OsStr::new("build")]).ok();
    let out = site.join("output");
    (tmp, out)
}

/// Copies a whole folder, hidden files included (the output's marker).
fn copy_all(src: &Path, dest: &Path) {
    fs::create_dir_all(dest).unwrap();
    for entry in fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dest.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_all(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// Runs one case; returns its problems (empty when it passes).
fn run_case(dir: &Path, good: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let exp = read_expect(dir);
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = site.join("output");
    copy_all(good, &out);
    let before: BTreeMap<String, Vec<u8>> = snapshot(&out);
    assert!(before.contains_key("index.html") && before.contains_key(".hyoka-output"));
    let cmd = |what: &str| bounded(&site, what);
    let build = || cmd("build");
    copy_site(dir, &site);
    if let Some(s) = &exp.setup {
        setup(&site, s);
    }
    let mut problems = refused(&build(), &exp, &format!("{name} (build)"));
    problems.extend(refused(&cmd("check"), &exp, &format!("{name} (check)")));
    if snapshot(&out) != before {
        problems.push(format!("{name}: the previous output changed"));
    }
    let leftovers: Vec<String> = fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("hyoka-tmp") || n.contains("hyoka-old"))
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("{name}: left behind {leftovers:?}"));
    }
    problems
}

#[test]
fn the_baseline_builds_without_errors_or_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    copy_site(&corpus_dir().join("_baseline"), tmp.path());
    let check = hyoka([
        OsStr::new("--site"),
        tmp.path().as_os_str(),
        OsStr::new("check"),
    ]);
    check.ok();
    assert!(
        check.stdout.contains("エラーも警告もありません"),
        "{}",
        check.stdout
    );
}

#[test]
fn every_corpus_site_is_refused_with_a_japanese_message_at_its_place() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} corpus cases", cases.len());
    let (_good_tmp, good) = good_output();
    let next = AtomicUsize::new(0);
    let problems = Mutex::new(Vec::new());
    // Two builds per case: run cases side by side.
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(dir) = cases.get(i) else { break };
                    let p = run_case(dir, &good);
                    problems.lock().unwrap().extend(p);
                }
            });
        }
    });
    let problems = problems.into_inner().unwrap();
    assert_no_problems(&problems);
}

#[test]
fn every_corpus_folder_has_an_expectation() {
    for dir in cases() {
        assert!(
            dir.join("expect.toml").is_file(),
            "{} has no expect.toml",
            dir.display()
        );
        let exp = read_expect(&dir);
        assert!(!exp.says.is_empty(), "{}: says nothing", dir.display());
    }
}
