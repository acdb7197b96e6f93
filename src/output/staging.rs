//! Writing a new output folder beside the old one and swapping it in only when every file
//! was written, so a failed build leaves the last good output untouched.

use super::target::lexical_absolute;
use super::{MARKER, OutFile, OutputError, err, keep, swap, write_error};
use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Writes `files` (and `copies`, e.g. theme static files) into `out` atomically: a
/// temporary sibling folder is filled, then swapped in.
pub fn write_site(
    out: &Path,
    files: &[OutFile],
    copies: &[(PathBuf, String)],
) -> Result<(), OutputError> {
    use rayon::prelude::*;
    let staging = Staging::begin(out)?;
    files
        .par_iter()
        .try_for_each(|f| staging.put(&f.path, &f.bytes))?;
    staging.finish(copies)
}

/// An output folder being written: files go into a temporary folder beside it as they are
/// made ([`Staging::put`], from any thread), and [`Staging::finish`] carries over what
/// hyoka did not write and swaps it in. Dropped without finishing (an error), the
/// temporary folder is removed and the last good output stays untouched.
///
/// An output folder that is a symbolic link is written through: the new folder is made
/// beside the link's target and swapped in there, so the link stays.
pub struct Staging {
    /// As the user wrote it (for messages).
    out: PathBuf,
    /// The real folder (a link resolved).
    out_abs: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// Folders already created inside `tmp`.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Every file written (output-relative).
    written: Mutex<Vec<String>>,
    finished: bool,
}

impl Staging {
    /// Prepares the temporary folder beside `out`, after cleaning up after killed builds.
    pub fn begin(out: &Path) -> Result<Staging, OutputError> {
        let out_abs = resolve_link(out)?;
        let parent = out_abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = out_abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        fs::create_dir_all(&parent).map_err(|e| {
            err(
                format!(
                    "出力先のフォルダー「{}」を作れません（{e}）。",
                    super::shown(&parent)
                ),
                "書き込み権限を確認してください。",
            )
        })?;
        swap::recover(&parent, &name, &out_abs);
        if out_abs.is_dir() && swap::device(&out_abs) != swap::device(&parent) {
            return Err(err(
                format!(
                    "出力先「{}」は別のディスクやネットワーク共有の接続先（マウントポイント）です。フォルダーごと置き換えることができないため、書き出しを中止しました。",
                    out.display()
                ),
                format!(
                    "その中に出力用のフォルダーを作り、それを --output に指定してください（例: --output {}）。",
                    out.join("site").display()
                ),
            ));
        }
        let pid = std::process::id();
        let staging = Staging {
            out: out.to_path_buf(),
            tmp: parent.join(swap::tmp_name(&name, pid)),
            old: parent.join(swap::old_name(&name, pid)),
            out_abs,
            dirs: Mutex::new(HashSet::new()),
            written: Mutex::new(Vec::new()),
            finished: false,
        };
        fs::create_dir_all(&staging.tmp).map_err(|e| write_error(e, &staging.tmp))?;
        Ok(staging)
    }

    fn record(&self, path: &str) {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_string());
    }

    /// Writes one file (`path` relative to the output folder, with `/`).
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let p = self.tmp.join(path);
        if let Some(dir) = p.parent() {
            let known = self
                .dirs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(dir);
            if !known {
                fs::create_dir_all(dir).map_err(|e| write_error(e, &self.shown(dir)))?;
                self.dirs
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(dir.to_path_buf());
            }
        }
        self.record(path);
        let shown = || self.out.join(path);
        let mut file = fs::File::create(&p).map_err(|e| write_error(e, &shown()))?;
        file.write_all(bytes).map_err(|e| write_error(e, &shown()))
    }

    /// Where `p`, inside the temporary folder, will be once the output is swapped in: the
    /// path a message names.
    fn shown(&self, p: &Path) -> PathBuf {
        p.strip_prefix(&self.tmp)
            .map(|rel| self.out.join(rel))
            .unwrap_or_else(|_| p.to_path_buf())
    }

    /// Writes one file through a buffered writer handed to `fill`.
    pub fn put_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let p = self.tmp.join(path);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir).map_err(|e| write_error(e, &self.shown(dir)))?;
        }
        self.record(path);
        let shown = || self.out.join(path);
        let file = fs::File::create(&p).map_err(|e| write_error(e, &shown()))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        fill(&mut w).map_err(|e| write_error(e, &shown()))?;
        w.flush().map_err(|e| write_error(e, &shown()))
    }

    /// Copies `copies` (files such as the theme's static files: source, output-relative
    /// destination) over the written files, carries over from the old output everything
    /// hyoka did not write, writes the marker with the list of hyoka's files, and swaps the
    /// new output in; the old one is then removed.
    pub fn finish(mut self, copies: &[(PathBuf, String)]) -> Result<(), OutputError> {
        for (src, dest) in copies {
            let target = self.tmp.join(dest);
            if let Some(p) = target.parent() {
                fs::create_dir_all(p).map_err(|e| write_error(e, p))?;
            }
            fs::copy(src, &target).map_err(|e| write_error(e, src))?;
            self.record(dest);
        }
        let mut files =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        files.sort_unstable();
        files.dedup();
        if self.out_abs.is_dir() {
            keep::carry(&self.out_abs, &self.tmp, &self.out)?;
        }
        fs::write(self.tmp.join(MARKER), keep::marker(&files))
            .map_err(|e| write_error(e, &self.tmp))?;
        let old = swap::swap(&self.tmp, &self.out_abs, &self.old).map_err(|e| {
            err(
                format!(
                    "新しい出力を「{}」に置けません（{e}）。前回の出力はそのまま残しています。",
                    self.out.display()
                ),
                "出力フォルダーを開いているプログラム（エクスプローラーやエディター）を閉じ、書き込み権限を確認してから、もう一度実行してください。",
            )
        })?;
        self.finished = true;
        if let Some(old) = old {
            swap::remove_tree(&old);
        }
        Ok(())
    }
}

/// The folder to write: `out` itself, or where it leads when it is a symbolic link.
fn resolve_link(out: &Path) -> Result<PathBuf, OutputError> {
    let is_link = out
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(lexical_absolute(out));
    }
    fs::canonicalize(out).map_err(|e| {
        err(
            format!(
                "出力先「{}」はシンボリックリンクですが、リンク先を開けません（{e}）。",
                out.display()
            ),
            "リンク先のフォルダーを作るか、リンクを直してください。",
        )
    })
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            swap::remove_tree(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(p: &str, s: &str) -> OutFile {
        OutFile {
            path: p.into(),
            bytes: s.as_bytes().to_vec(),
        }
    }

    /// A sink over a [`Staging`], as `hyoka build` has.
    struct OnDisk<'a>(&'a Staging);

    impl crate::output::Sink for OnDisk<'_> {
        fn put(&self, file: OutFile) -> Result<(), crate::diag::Diagnostic> {
            Ok(self.0.put(&file.path, &file.bytes)?)
        }
        fn put_streamed(
            &self,
            path: &str,
            fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
        ) -> Result<(), crate::diag::Diagnostic> {
            Ok(self.0.put_streamed(path, fill)?)
        }
    }

    #[test]
    fn a_failed_write_names_the_one_file_in_the_output_folder() {
        use crate::output::Sink;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let staging = Staging::begin(&out).unwrap();
        let sink = OnDisk(&staging);
        // A name too long for any file system fails inside two other files' fill.
        let long = format!("data/{}.csv", "x".repeat(300));
        let e = sink
            .put_streamed("data/goals.csv", &mut |_| {
                sink.put_streamed_io("data/indicators.csv", &mut |_| {
                    sink.put_streamed_io(&long, &mut |w| w.write_all(b"a"))
                })
            })
            .unwrap_err();
        assert_eq!(
            e.message.matches("を書き込めません").count(),
            1,
            "{}",
            e.message
        );
        assert!(
            e.message.contains(&out.join(&long).display().to_string()),
            "{}",
            e.message
        );
        assert!(!e.message.contains("goals.csv"), "{}", e.message);
        assert!(!e.message.contains("hyoka-tmp"), "{}", e.message);
        let e = staging
            .put(&format!("{}/index.html", "y".repeat(300)), b"a")
            .unwrap_err();
        assert!(
            e.message.contains(&out.display().to_string()),
            "{}",
            e.message
        );
        assert!(!e.message.contains("hyoka-tmp"), "{}", e.message);
    }

    #[test]
    fn swap_replaces_hyokas_files_and_keeps_others() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write_site(&out, &[f("a/index.html", "1"), f("old.html", "x")], &[]).unwrap();
        fs::write(out.join("CNAME"), "example.jp").unwrap();
        fs::create_dir_all(out.join(".git/objects")).unwrap();
        fs::write(out.join(".git/objects/ab"), "obj").unwrap();
        fs::write(out.join("a/staff.pdf"), "pdf").unwrap();
        write_site(&out, &[f("a/index.html", "2")], &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "2");
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "example.jp");
        assert_eq!(
            fs::read_to_string(out.join(".git/objects/ab")).unwrap(),
            "obj"
        );
        assert_eq!(fs::read_to_string(out.join("a/staff.pdf")).unwrap(), "pdf");
        let marker = fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(marker.ends_with("\na/index.html\n"), "{marker}");
        // No temporary folders left beside it.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // A kept file where hyoka now writes one: refused, nothing changed.
        let e = write_site(&out, &[f("a/index.html", "3"), f("CNAME", "x")], &[]).unwrap_err();
        assert!(e.message.contains("CNAME"), "{}", e.message);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "2");
    }
}
