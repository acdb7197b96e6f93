//! What a rebuild keeps. The marker file lists every file hyoka wrote (sorted, one a line);
//! everything else found in the old output folder (a `.git` publishing repository,
//! `CNAME`, `.htaccess`, `.nojekyll`, images staff added) is carried into the new one, by
//! hard link where it can (no copy, and the original stays until the swap), so a rebuild
//! never deletes a file hyoka did not write.

use super::{MARKER, OutputError, err, write_error};
use std::collections::HashSet;
use std::fs;
use std::path::Path;

/// First line of the marker file.
const HEADER: &str = "hyoka がこのフォルダーを作りました。下の一覧のファイルは hyoka build のたびに置き換えられます。一覧にないファイル（.git、CNAME、.htaccess、職員が置いたファイルなど）は残します。\n";
/// The line after which the marker lists hyoka's files.
const LIST: &str = "--- hyoka が書いたファイル ---";
/// What a marker written before hyoka kept a list looked like; such a folder's files were
/// all replaced, so only these names (which hyoka never writes) are kept from it.
const KEPT_WITHOUT_LIST: &[&str] = &[".git", "CNAME", ".htaccess", ".nojekyll", ".well-known"];

/// The marker's text for `files` (output-relative paths with `/`, sorted, no duplicates).
pub(super) fn marker(files: &[String]) -> String {
    let mut s = String::with_capacity(HEADER.len() + files.len() * 32);
    s.push_str(HEADER);
    s.push_str(LIST);
    s.push('\n');
    for f in files {
        // A line break or `%` in a file name is written as %0A, %0D, %25.
        for c in f.chars() {
            match c {
                '\n' => s.push_str("%0A"),
                '\r' => s.push_str("%0D"),
                '%' => s.push_str("%25"),
                c => s.push(c),
            }
        }
        s.push('\n');
    }
    s
}

/// The files listed in a marker's text; `None` for a marker without a list.
fn listed(text: &str) -> Option<HashSet<String>> {
    let (_, list) = text.split_once(&format!("\n{LIST}\n"))?;
    Some(
        list.lines()
            .map(|l| {
                l.replace("%0A", "\n")
                    .replace("%0D", "\r")
                    .replace("%25", "%")
            })
            .collect(),
    )
}

/// Whose the entries of an old output folder are.
struct Owner {
    /// hyoka's files; `None`: an old marker without a list.
    files: Option<HashSet<String>>,
    /// Every folder holding one of `files` (`a`, `a/b` for `a/b/c.html`).
    dirs: HashSet<String>,
}

impl Owner {
    fn read(old: &Path) -> Owner {
        let files = fs::read_to_string(old.join(MARKER))
            .ok()
            .and_then(|t| listed(&t));
        let mut dirs = HashSet::new();
        for f in files.iter().flatten() {
            let mut at = 0;
            while let Some(i) = f[at..].find('/') {
                dirs.insert(f[..at + i].to_string());
                at += i + 1;
            }
        }
        Owner { files, dirs }
    }

    /// Whether `rel` (a file, or a folder when `dir`) is hyoka's, wholly or partly.
    fn is_hyokas(&self, rel: &str, dir: bool) -> bool {
        match &self.files {
            Some(files) => {
                if dir {
                    self.dirs.contains(rel)
                } else {
                    files.contains(rel)
                }
            }
            None => !KEPT_WITHOUT_LIST.contains(&rel),
        }
    }
}

/// Carries everything in the output folder `old` that hyoka did not write into the new
/// output `new` (already holding every new file). Refuses, naming it, a kept file where
/// hyoka now writes one of its own, and a mount point anywhere inside (it could be neither
/// carried nor safely left behind); `show` is the output folder as the user wrote it.
pub(super) fn carry(old: &Path, new: &Path, show: &Path) -> Result<(), OutputError> {
    let owner = Owner::read(old);
    let dev = super::swap::device(old);
    walk(&owner, old, new, "", dev, show)
}

fn walk(
    owner: &Owner,
    old: &Path,
    new: &Path,
    prefix: &str,
    dev: Option<u64>,
    show: &Path,
) -> Result<(), OutputError> {
    let entries = fs::read_dir(old).map_err(|e| write_error(e, old))?;
    let mut entries: Vec<_> = entries
        .collect::<Result<_, _>>()
        .map_err(|e| write_error(e, old))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            // Not a name hyoka writes: kept.
            carry_one(
                &entry.path(),
                &new.join(&name),
                show,
                &name.to_string_lossy(),
            )?;
            continue;
        };
        if prefix.is_empty() && name == MARKER {
            continue;
        }
        let rel = format!("{prefix}{name}");
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && dev.is_some() && super::swap::device(&entry.path()) != dev {
            return Err(mount_inside(show, &rel));
        }
        if !owner.is_hyokas(&rel, is_dir) {
            carry_one(&entry.path(), &new.join(name), show, &rel)?;
        } else if is_dir {
            walk(
                owner,
                &entry.path(),
                &new.join(name),
                &format!("{rel}/"),
                dev,
                show,
            )?;
        }
    }
    Ok(())
}

fn mount_inside(show: &Path, rel: &str) -> OutputError {
    err(
        format!(
            "出力先の「{}/{rel}」は別のディスクやネットワーク共有の接続先（マウントポイント）です。フォルダーを置き換えると使えなくなるため、書き出しを中止しました。",
            show.display()
        ),
        "共有の接続を出力フォルダーの外に移すか、別の出力先を --output に指定してください。",
    )
}

/// Carries one file or folder (`rel` names it in messages) from the old output to the new.
fn carry_one(from: &Path, to: &Path, show: &Path, rel: &str) -> Result<(), OutputError> {
    if to.symlink_metadata().is_ok() {
        return Err(err(
            format!(
                "出力先の「{}/{rel}」は hyoka が前回書いたファイルではありません（職員が置いたファイルなど）が、hyoka が今回書き出すファイルと同じ名前です。消さないように、書き出しを中止しました。",
                show.display()
            ),
            "そのファイルを別の名前にするか出力フォルダーの外へ移してから、もう一度実行してください。",
        ));
    }
    if let Some(parent) = to.parent() {
        fs::create_dir_all(parent).map_err(|e| write_error(e, parent))?;
    }
    copy_tree(from, to, super::swap::device(from), show, rel)
}

/// Recreates `from` at `to`: folders made anew, symbolic links as links (never followed),
/// files hard-linked, or copied where a link cannot be made.
fn copy_tree(
    from: &Path,
    to: &Path,
    dev: Option<u64>,
    show: &Path,
    rel: &str,
) -> Result<(), OutputError> {
    let meta = from.symlink_metadata().map_err(|e| write_error(e, from))?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        #[cfg(unix)]
        {
            let target = fs::read_link(from).map_err(|e| write_error(e, from))?;
            std::os::unix::fs::symlink(target, to).map_err(|e| write_error(e, to))?;
            return Ok(());
        }
    }
    if kind.is_dir() {
        if dev.is_some() && super::swap::device(from) != dev {
            return Err(mount_inside(show, rel));
        }
        fs::create_dir(to).map_err(|e| write_error(e, to))?;
        let mut entries: Vec<_> = fs::read_dir(from)
            .map_err(|e| write_error(e, from))?
            .collect::<Result<_, _>>()
            .map_err(|e| write_error(e, from))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name();
            let sub = format!("{rel}/{}", name.to_string_lossy());
            copy_tree(&entry.path(), &to.join(&name), dev, show, &sub)?;
        }
        let _ = fs::set_permissions(to, meta.permissions());
        return Ok(());
    }
    if fs::hard_link(from, to).is_err() {
        fs::copy(from, to).map_err(|e| write_error(e, from))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_lists_round_trip() {
        let files = vec![
            "404.html".to_string(),
            "a%b/c\nd.txt".to_string(),
            "index.html".to_string(),
        ];
        let text = marker(&files);
        assert!(text.starts_with(HEADER));
        let back = listed(&text).unwrap();
        assert_eq!(back, files.into_iter().collect());
        assert!(listed("hyoka がこのフォルダーを作りました。\n").is_none());
    }

    #[test]
    fn owner_of_folders_and_old_markers() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join(MARKER),
            marker(&["a/b/c.html".into(), "x.css".into()]),
        )
        .unwrap();
        let o = Owner::read(dir.path());
        assert!(o.is_hyokas("a", true) && o.is_hyokas("a/b", true));
        assert!(o.is_hyokas("x.css", false) && o.is_hyokas("a/b/c.html", false));
        assert!(!o.is_hyokas(".git", true) && !o.is_hyokas("CNAME", false));
        assert!(!o.is_hyokas("a/b/staff.pdf", false));
        fs::write(
            dir.path().join(MARKER),
            "hyoka がこのフォルダーを作りました。\n",
        )
        .unwrap();
        let o = Owner::read(dir.path());
        assert!(o.is_hyokas("index.html", false) && o.is_hyokas("reports", true));
        assert!(!o.is_hyokas(".git", true) && !o.is_hyokas("CNAME", false));
    }
}
