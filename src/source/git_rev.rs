//! A site's files as they were at a git commit, or as staged in the index, for
//! `hyoka diff`: read with the `git` on PATH (`ls-tree` / `ls-files` to list them, one
//! `cat-file --batch` to read them all), never checking anything out, so the working tree
//! and the index are left exactly as they were.
//!
//! The texts go through [`super::load_texts`], the same roles and checks as files read
//! from disk; the working tree itself is read by [`super::load_site`].

use super::RawSite;
use crate::diag::{Diagnostic, Diagnostics, Place};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// One version of the site to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Version {
    /// A commit, as the user named it (`HEAD`, `HEAD~1`, a branch, a hash).
    Commit(String),
    /// What `git add` has staged.
    Index,
    /// The files on disk as they are now.
    WorkTree,
}

impl Version {
    /// How the version is named in messages: the revision as given, or in words.
    pub fn label(&self) -> String {
        match self {
            Version::Commit(rev) => rev.clone(),
            Version::Index => "ステージした内容（git add 済み）".into(),
            Version::WorkTree => "作業中のファイル".into(),
        }
    }
}

/// A `git` command in `dir`, with the repository found from `dir` alone (not from an
/// inherited `GIT_DIR`) and without the optional locks that could write to the index.
fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .args(["-c", "core.quotepath=false"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null());
    c
}

const NO_GIT: &str = "git が見つかりません。hyoka diff は git を使って版を読みます。git をインストールし、PATH の通ったところに置いてください。";

/// Why a git command gave no output.
enum Failed {
    /// `git` could not be started.
    NoGit,
    /// git ran and failed, with what it printed.
    Git(String),
}

impl Failed {
    /// The message for the user: git's own, or that git is missing.
    fn message(self) -> String {
        match self {
            Failed::NoGit => NO_GIT.into(),
            Failed::Git(e) => e,
        }
    }
}

/// Runs a git command to its end: its standard output.
fn run(mut cmd: Command) -> Result<Vec<u8>, Failed> {
    let out = cmd
        .stderr(Stdio::piped())
        .output()
        .map_err(|_| Failed::NoGit)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(Failed::Git(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ))
    }
}

/// Checks that `site_dir` is inside a git work tree.
pub fn check_repository(site_dir: &Path) -> Result<(), String> {
    if !site_dir.is_dir() {
        return Err(format!(
            "サイトのフォルダー {} が見つかりません。",
            site_dir.display()
        ));
    }
    let mut cmd = git(site_dir);
    cmd.args(["rev-parse", "--is-inside-work-tree"]);
    match run(cmd) {
        Ok(out) if String::from_utf8_lossy(&out).trim() == "true" => Ok(()),
        Err(Failed::NoGit) => Err(NO_GIT.into()),
        _ => Err(format!(
            "{} は git のリポジトリの中にありません。hyoka diff は git で管理しているサイトの版どうしを比べます。",
            site_dir.display()
        )),
    }
}

/// The full hash of the commit `rev` names, or why there is none.
pub fn resolve(site_dir: &Path, rev: &str) -> Result<String, String> {
    let unknown = || {
        format!(
            "「{rev}」という版（コミット）が見つかりません。`git log --oneline` で版の名前を確かめてください。"
        )
    };
    if rev.is_empty() || rev.starts_with('-') {
        return Err(unknown());
    }
    let mut cmd = git(site_dir);
    cmd.args(["rev-parse", "--verify", "--quiet"])
        .arg(format!("{rev}^{{commit}}"));
    match run(cmd) {
        Ok(out) => {
            let hash = String::from_utf8_lossy(&out).trim().to_string();
            if hash.is_empty() {
                Err(unknown())
            } else {
                Ok(hash)
            }
        }
        Err(Failed::NoGit) => Err(NO_GIT.into()),
        Err(Failed::Git(_)) => Err(unknown()),
    }
}

/// The site's content files (`site.toml`, `content/…`) at `version`, relative to
/// `site_dir`, with the problems found reading them (a file that is not UTF-8, no
/// `site.toml`). `Err` when git cannot read the version at all.
pub fn load(site_dir: &Path, version: &Version) -> Result<(RawSite, Diagnostics), String> {
    let mut diags = Diagnostics::default();
    let blobs = match version {
        Version::WorkTree => {
            let raw = super::load_site(site_dir, &mut diags);
            return Ok((raw, diags));
        }
        Version::Commit(rev) => {
            let hash = resolve(site_dir, rev)?;
            let mut cmd = git(site_dir);
            cmd.args(["ls-tree", "-r", "-z"])
                .arg(&hash)
                .args(["--", "site.toml", "content"]);
            parse_ls_tree(&run(cmd).map_err(Failed::message)?)
        }
        Version::Index => {
            let mut cmd = git(site_dir);
            cmd.args(["ls-files", "--stage", "-z", "--", "site.toml", "content"]);
            parse_ls_files(&run(cmd).map_err(Failed::message)?)?
        }
    };
    let contents = cat_blobs(site_dir, blobs.iter().map(|(_, oid)| oid.as_str()))?;
    let mut texts: Vec<(String, String)> = Vec::with_capacity(blobs.len());
    for ((path, _), bytes) in blobs.into_iter().zip(contents) {
        match super::decode(&bytes) {
            Ok(text) => texts.push((path, text)),
            Err((line, msg, hint)) => {
                let mut d = Diagnostic::path_error(&path, msg).hint(hint);
                d.place = Place::PathLine(path, line);
                diags.push(d);
            }
        }
    }
    if !texts.iter().any(|(p, _)| p == super::layout::SITE_TOML) {
        diags.push(
            Diagnostic::path_error(
                super::layout::SITE_TOML,
                format!(
                    "{} の版には site.toml がありません。この版ではまだサイトがなかったようです。",
                    version.label()
                ),
            )
            .hint("比べる版を `hyoka diff 版1 版2` で指定してください。"),
        );
    }
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    Ok((super::load_texts(&refs), diags))
}

/// `(path, blob id)` of the files `git ls-tree -r -z` lists (links and submodules are
/// not content files and are left out).
fn parse_ls_tree(out: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(out)
        .split('\0')
        .filter_map(|entry| {
            let (meta, path) = entry.split_once('\t')?;
            let mut it = meta.split(' ');
            let (mode, kind, oid) = (it.next()?, it.next()?, it.next()?);
            (kind == "blob" && mode != "120000").then(|| (path.to_string(), oid.to_string()))
        })
        .collect()
}

/// `(path, blob id)` of the files `git ls-files --stage -z` lists; a file still in a
/// merge conflict is refused, as its staged version is not one text.
fn parse_ls_files(out: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    for entry in String::from_utf8_lossy(out).split('\0') {
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut it = meta.split(' ');
        let (Some(mode), Some(oid), Some(stage)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        if stage != "0" {
            return Err(format!(
                "{path} はマージの途中（競合の解消待ち）です。競合を解消して git add してから比べてください。"
            ));
        }
        if mode != "120000" && mode != "160000" {
            files.push((path.to_string(), oid.to_string()));
        }
    }
    Ok(files)
}

/// The contents of the blobs `oids`, in order, from one `git cat-file --batch`.
fn cat_blobs<'a>(
    site_dir: &Path,
    oids: impl Iterator<Item = &'a str>,
) -> Result<Vec<Vec<u8>>, String> {
    let input: String = oids.map(|o| format!("{o}\n")).collect();
    let count = input.lines().count();
    if count == 0 {
        return Ok(Vec::new());
    }
    let mut cmd = git(site_dir);
    cmd.args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().map_err(|_| NO_GIT.to_string())?;
    // Written on a thread of its own, so that git never waits for us to read.
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_end(&mut out)
        .map_err(|e| format!("git の出力を読めません（{e}）。"))?;
    let _ = writer.join();
    let _ = child.wait();
    parse_batch(&out, count)
}

/// Splits `git cat-file --batch` output (`<oid> <type> <size>\n<bytes>\n` per object).
fn parse_batch(mut out: &[u8], count: usize) -> Result<Vec<Vec<u8>>, String> {
    let bad = || "git cat-file の出力を読み取れませんでした。".to_string();
    let mut blobs = Vec::with_capacity(count);
    for _ in 0..count {
        let nl = out.iter().position(|&b| b == b'\n').ok_or_else(bad)?;
        let header = String::from_utf8_lossy(&out[..nl]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(bad)?;
        let start = nl + 1;
        let body = out.get(start..start + size).ok_or_else(bad)?;
        blobs.push(body.to_vec());
        out = out.get(start + size + 1..).unwrap_or_default();
    }
    Ok(blobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_and_batch_output_are_parsed() {
        let tree = b"100644 blob aaa\tsite.toml\x00120000 blob bbb\tcontent/link\x00160000 commit ccc\tcontent/sub\0";
        assert_eq!(
            parse_ls_tree(tree),
            vec![("site.toml".to_string(), "aaa".to_string())]
        );
        let index = b"100644 aaa 0\tsite.toml\0";
        assert_eq!(
            parse_ls_files(index).unwrap(),
            vec![("site.toml".to_string(), "aaa".to_string())]
        );
        assert!(parse_ls_files(b"100644 aaa 2\tsite.toml\0").is_err());
        let batch = b"aaa blob 3\nab\n\nbbb blob 0\n\n";
        assert_eq!(
            parse_batch(batch, 2).unwrap(),
            vec![b"ab\n".to_vec(), Vec::new()]
        );
        assert!(parse_batch(b"aaa blob 9\nab\n", 1).is_err());
    }
}
