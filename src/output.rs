//! Writing the site: everything goes into a temporary folder beside the target, which is
//! swapped in only when every file was written. A failed build leaves the last good output
//! untouched, and nothing outside the output folder is ever deleted.

use crate::diag::Diagnostic;
use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Name of the marker file hyoka puts in every output folder, so it only ever replaces
/// folders it created itself.
pub const MARKER: &str = ".hyoka-output";

/// One output file.
pub struct OutFile {
    /// Path relative to the output folder, with `/`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Where rendered files go as soon as each is made: written to disk by `hyoka build`
/// (so a big site is never held in memory whole), or kept in memory ([`Collect`]).
pub trait Sink: Sync {
    /// Takes one finished file.
    fn put(&self, file: OutFile) -> Result<(), Diagnostic>;

    /// Takes a big file piece by piece: `fill` writes it. Sinks that write to disk pass
    /// the file through, so it is never whole in memory; by default it is collected and
    /// [`Sink::put`].
    fn put_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        fill(&mut bytes)
            .map_err(|e| Diagnostic::path_error(path, format!("{path} を作れません（{e}）。")))?;
        self.put(OutFile {
            path: path.to_string(),
            bytes,
        })
    }

    /// [`Sink::put_streamed`] inside another file's `fill`: its error as an I/O error.
    fn put_streamed_io(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.put_streamed(path, fill)
            .map_err(|d| std::io::Error::other(d.message))
    }
}

/// A [`Sink`] that keeps every file in memory.
#[derive(Default)]
pub struct Collect(Mutex<Vec<OutFile>>);

impl Collect {
    /// The files collected, sorted by path.
    pub fn into_sorted(self) -> Vec<OutFile> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Collect {
    fn put(&self, file: OutFile) -> Result<(), Diagnostic> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Why an output folder is refused.
#[derive(Debug)]
pub struct OutputError {
    /// What is wrong, in Japanese.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl From<OutputError> for Diagnostic {
    fn from(e: OutputError) -> Diagnostic {
        Diagnostic::message(e.message).hint(e.hint)
    }
}

fn err(message: impl Into<String>, hint: impl Into<String>) -> OutputError {
    OutputError {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Resolves `..` and `.` without touching the file system (the folder may not exist).
fn lexical_absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Best-effort real path: canonical where it exists, lexical otherwise.
fn real(p: &Path) -> PathBuf {
    fs::canonicalize(p).unwrap_or_else(|_| lexical_absolute(p))
}

/// Refuses output folders that would destroy something: the file-system root, the home
/// folder, the site folder itself or any folder containing it, `content/` or `themes/`,
/// or an existing non-empty folder hyoka did not create.
pub fn check_target(site_dir: &Path, out: &Path) -> Result<(), OutputError> {
    let out_real = real(out);
    let site_real = real(site_dir);
    let show = out.display();
    if out_real.parent().is_none() {
        return Err(err(
            format!(
                "出力先「{show}」はドライブやファイルシステムの最上位です。ここには書き込めません。"
            ),
            "--output には専用の空のフォルダー（例: output）を指定してください。",
        ));
    }
    if let Some(home) = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"))
        && real(Path::new(&home)) == out_real
    {
        return Err(err(
            format!("出力先「{show}」はホームフォルダーです。ここには書き込めません。"),
            "--output には専用の空のフォルダー（例: output）を指定してください。",
        ));
    }
    if site_real.starts_with(&out_real) {
        return Err(err(
            format!(
                "出力先「{show}」はサイトのフォルダー（またはそれを含むフォルダー）です。書き出すとサイトの原稿を消してしまいます。"
            ),
            "出力先はサイトの中の output フォルダーなど、原稿と別のフォルダーにしてください。",
        ));
    }
    for protected in ["content", "themes"] {
        let p = real(&site_dir.join(protected));
        if out_real.starts_with(&p) {
            return Err(err(
                format!(
                    "出力先「{show}」はサイトの {protected}/ の中です。原稿と同じ場所には書き出せません。"
                ),
                "出力先はサイトの中の output フォルダーなど、原稿と別のフォルダーにしてください。",
            ));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(err(
                format!("出力先「{show}」はフォルダーではなくファイルです。"),
                "別の出力先を指定するか、そのファイルを移動してください。",
            ));
        }
        let empty = fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).is_file() {
            return Err(err(
                format!(
                    "出力先「{show}」には hyoka が作ったのではないファイルがあります。上書きすると消えてしまうため、書き出しを中止しました。"
                ),
                "空のフォルダーか、まだ存在しないフォルダーを --output に指定してください。",
            ));
        }
    }
    Ok(())
}

/// Writes `files` (and `extra` folders to copy, e.g. theme static files) into `out`
/// atomically: a temporary sibling folder is filled, then swapped in.
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
/// made ([`Staging::put`], from any thread), and [`Staging::finish`] swaps it in. Dropped
/// without finishing (an error), the temporary folder is removed and the last good output
/// stays untouched.
pub struct Staging {
    out: PathBuf,
    out_abs: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// Folders already created inside `tmp`.
    dirs: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

fn write_error(e: std::io::Error, p: &Path) -> OutputError {
    err(
        format!(
            "「{}」を書き込めません（{e}）。前回の出力はそのまま残しています。",
            p.display()
        ),
        "ディスクの空き容量と書き込み権限を確認してください。",
    )
}

impl Staging {
    /// Prepares the temporary folder beside `out`.
    pub fn begin(out: &Path) -> Result<Staging, OutputError> {
        let out_abs = lexical_absolute(out);
        let parent = out_abs.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = out_abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        fs::create_dir_all(&parent).map_err(|e| {
            err(
                format!(
                    "出力先のフォルダー「{}」を作れません（{e}）。",
                    parent.display()
                ),
                "書き込み権限を確認してください。",
            )
        })?;
        let pid = std::process::id();
        let tmp = parent.join(format!(".{name}.hyoka-tmp-{pid}"));
        let old = parent.join(format!(".{name}.hyoka-old-{pid}"));
        // Left over from an interrupted build of ours: safe to remove (hyoka-named siblings).
        for leftover in [&tmp, &old] {
            if leftover.exists() {
                let _ = fs::remove_dir_all(leftover);
            }
        }
        let staging = Staging {
            out: out.to_path_buf(),
            out_abs,
            tmp,
            old,
            dirs: Mutex::new(HashSet::new()),
            finished: false,
        };
        fs::create_dir_all(&staging.tmp).map_err(|e| write_error(e, &staging.tmp))?;
        fs::write(
            staging.tmp.join(MARKER),
            "hyoka がこのフォルダーを作りました。hyoka build のたびに置き換えられます。\n",
        )
        .map_err(|e| write_error(e, &staging.tmp))?;
        Ok(staging)
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
                fs::create_dir_all(dir).map_err(|e| write_error(e, dir))?;
                self.dirs
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(dir.to_path_buf());
            }
        }
        let mut file = fs::File::create(&p).map_err(|e| write_error(e, &p))?;
        file.write_all(bytes).map_err(|e| write_error(e, &p))
    }

    /// Writes one file through a buffered writer handed to `fill`.
    pub fn put_streamed(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let p = self.tmp.join(path);
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir).map_err(|e| write_error(e, dir))?;
        }
        let file = fs::File::create(&p).map_err(|e| write_error(e, &p))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        fill(&mut w).map_err(|e| write_error(e, &p))?;
        w.flush().map_err(|e| write_error(e, &p))
    }

    /// Copies `copies` (files such as the theme's static files: source, output-relative
    /// destination) over the written files and
    /// swaps the new output in: the old output is moved aside, the new one moved in, then
    /// the old one removed.
    pub fn finish(mut self, copies: &[(PathBuf, String)]) -> Result<(), OutputError> {
        for (src, dest) in copies {
            let target = self.tmp.join(dest);
            if let Some(p) = target.parent() {
                fs::create_dir_all(p).map_err(|e| write_error(e, p))?;
            }
            fs::copy(src, &target).map_err(|e| write_error(e, src))?;
        }
        let out_abs = self.out_abs.clone();
        let had_old = out_abs.exists();
        if had_old {
            fs::rename(&out_abs, &self.old).map_err(|e| {
                err(
                    format!(
                        "前回の出力「{}」を置き換えられません（{e}）。",
                        self.out.display()
                    ),
                    "出力フォルダーを開いているプログラム（エクスプローラーやエディター）を閉じてから、もう一度実行してください。",
                )
            })?;
        }
        if let Err(e) = fs::rename(&self.tmp, &out_abs) {
            if had_old {
                let _ = fs::rename(&self.old, &out_abs);
            }
            return Err(err(
                format!(
                    "新しい出力を「{}」に置けません（{e}）。前回の出力はそのまま残しています。",
                    self.out.display()
                ),
                "書き込み権限を確認してください。",
            ));
        }
        self.finished = true;
        if had_old {
            let _ = fs::remove_dir_all(&self.old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_targets() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        assert!(check_target(&site, Path::new("/")).is_err());
        assert!(check_target(&site, &site).is_err());
        assert!(check_target(&site, dir.path()).is_err());
        assert!(check_target(&site, &site.join("content")).is_err());
        assert!(check_target(&site, &site.join("content/x")).is_err());
        assert!(check_target(&site, &site.join("output")).is_ok());
        // A non-empty folder hyoka did not make.
        let foreign = dir.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "x").unwrap();
        assert!(check_target(&site, &foreign).is_err());
        fs::write(foreign.join(MARKER), "").unwrap();
        assert!(check_target(&site, &foreign).is_ok());
    }

    #[test]
    fn swap_replaces_contents() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let f = |p: &str, s: &str| OutFile {
            path: p.into(),
            bytes: s.as_bytes().to_vec(),
        };
        write_site(&out, &[f("a/index.html", "1"), f("old.html", "x")], &[]).unwrap();
        write_site(&out, &[f("a/index.html", "2")], &[]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "2");
        assert!(!out.join("old.html").exists());
        assert!(out.join(MARKER).exists());
        // No temporary folders left beside it.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
