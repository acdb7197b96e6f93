//! 更新日 from git: the date of each content file's last commit, read with ONE `git log`
//! for the whole site (not one process per file), so big sites stay fast.
//!
//! The result depends only on the repository's history, so two builds of the same commit
//! give the same dates. Outside a git repository, or without git (a city PC often has
//! neither), the files' modification times stand in, so pages still show an 更新日. A
//! report's own `updated` always wins.

use crate::model::Date;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The dates each file changed in commits, newest first and each date once, by path
/// relative to the site folder with `/` (the first is the 更新日; all of them are a
/// report's 更新履歴). Outside git, the one modification date.
pub type FileDates = BTreeMap<String, Vec<Date>>;

/// Starts `git log` once in `site_dir`, in the background: a city's years of history are
/// read while the content is read and checked. [`Pending::finish`] gives the last commit
/// date of every file of the site's content (`site.toml`, `content/`, `themes/`) that git
/// knows; none when `site_dir` is not in a git work tree.
pub fn start(site_dir: &Path) -> Pending {
    let child = Command::new("git")
        .arg("-C")
        .arg(site_dir)
        .args([
            "-c",
            "core.quotepath=false",
            "log",
            "--no-renames",
            "--relative",
            "--format=@@%cs",
            "--name-only",
            "--",
            "site.toml",
            "content",
            "themes",
        ])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    // Its output is read on a thread of its own, so that git never waits for a full pipe.
    Pending {
        git: child
            .ok()
            .map(|c| std::thread::spawn(move || c.wait_with_output().ok())),
        site_dir: site_dir.to_path_buf(),
    }
}

/// A `git log` started by [`start`].
pub struct Pending {
    git: Option<std::thread::JoinHandle<Option<Output>>>,
    site_dir: std::path::PathBuf,
}

impl Pending {
    /// The dates, once git is done; the files' modification times when git failed (not a
    /// repository) or is not installed.
    pub fn finish(self) -> FileDates {
        self.finish_with_source().0
    }

    /// [`Pending::finish`], and where the dates came from.
    pub fn finish_with_source(self) -> (FileDates, DateSource) {
        match self.git.and_then(|t| t.join().ok().flatten()) {
            Some(o) if o.status.success() => {
                (parse(&String::from_utf8_lossy(&o.stdout)), DateSource::Git)
            }
            _ => (modification_dates(&self.site_dir), DateSource::FileTimes),
        }
    }
}

/// Where the 更新日 of pages come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The last commit of each file.
    Git,
    /// The files' modification times (the site is not in git).
    FileTimes,
}

/// The modification date (local time) of every file of the site's content, keyed as git's
/// dates are.
fn modification_dates(site_dir: &Path) -> FileDates {
    let mut dates = FileDates::new();
    let roots = ["site.toml", "content", "themes"];
    for root in roots {
        for e in walkdir::WalkDir::new(site_dir.join(root))
            .into_iter()
            .flatten()
        {
            if !e.file_type().is_file() {
                continue;
            }
            let Some(modified) = e.metadata().ok().and_then(|m| m.modified().ok()) else {
                continue;
            };
            let Ok(rel) = e.path().strip_prefix(site_dir) else {
                continue;
            };
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let local: chrono::DateTime<chrono::Local> = modified.into();
            let d = local.date_naive();
            use chrono::Datelike;
            dates.insert(
                rel.join("/"),
                vec![Date {
                    year: d.year(),
                    month: d.month(),
                    day: d.day(),
                }],
            );
        }
    }
    dates
}

/// Parses `git log --format=@@%cs --name-only` output: newest commit first, so the first
/// date seen for a file is its last commit's; later ones are older changes.
pub fn parse(log: &str) -> FileDates {
    let mut dates = FileDates::new();
    let mut current: Option<Date> = None;
    for line in log.lines() {
        let line = line.trim_end_matches('\r');
        if let Some(d) = line.strip_prefix("@@") {
            current = parse_date(d);
        } else if !line.is_empty()
            && let Some(d) = current
        {
            let seen = dates.entry(line.to_string()).or_default();
            if seen.last() != Some(&d) {
                seen.push(d);
            }
        }
    }
    dates
}

fn parse_date(s: &str) -> Option<Date> {
    let mut it = s.trim().split('-');
    let year = it.next()?.parse().ok()?;
    let month = it.next()?.parse().ok()?;
    let day = it.next()?.parse().ok()?;
    Some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_wins() {
        let log = "@@2024-03-02\ncontent/a.toml\n\n@@2023-01-05\ncontent/a.toml\ncontent/b.toml\n";
        let log = format!("{log}@@2023-01-05\ncontent/a.toml\n@@2022-12-01\ncontent/a.toml\n");
        let d = parse(&log);
        let iso = |f: &str| d[f].iter().map(|d| d.iso()).collect::<Vec<_>>();
        assert_eq!(
            iso("content/a.toml"),
            ["2024-03-02", "2023-01-05", "2022-12-01"]
        );
        assert_eq!(iso("content/b.toml"), ["2023-01-05"]);
        assert_eq!(d.len(), 2);
    }
}
