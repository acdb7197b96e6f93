//! Writing the site: everything goes into a temporary folder beside the target, which is
//! swapped in only when every file was written. A failed build leaves the last good output
//! untouched, nothing outside the output folder is ever deleted, and inside it only the
//! files hyoka wrote are replaced.
//!
//! [`OutFile`] and [`Sink`] are how render and publish hand over files; `target` refuses
//! dangerous output folders, `staging` writes and swaps, `keep` carries over what is not
//! hyoka's, `swap` renames, recovers and deletes.

mod keep;
mod staging;
mod swap;
mod target;

pub use staging::{Staging, write_site};
pub use target::check_target;

use crate::diag::Diagnostic;
use std::path::Path;
use std::sync::Mutex;

/// Name of the marker file hyoka puts in every output folder, so it only ever replaces
/// folders it created itself; it lists the files hyoka wrote there.
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
        fill(&mut bytes).map_err(|e| match described(&e) {
            Some(d) => d.clone(),
            None => Diagnostic::path_error(path, format!("{path} を作れません（{e}）。")),
        })?;
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
            .map_err(|d| std::io::Error::other(Described(d)))
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

/// A failure of a file written inside another file's `fill` ([`Sink::put_streamed_io`]),
/// already described with its own file: the outer writer passes it on as it is, so the
/// message names the one file that failed, not every file it was nested in.
#[derive(Debug)]
struct Described(Diagnostic);

impl std::fmt::Display for Described {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Described {}

/// The description an I/O error carries from a nested writer, if it is one.
fn described(e: &std::io::Error) -> Option<&Diagnostic> {
    e.get_ref()?.downcast_ref::<Described>().map(|d| &d.0)
}

/// Writing `p` failed: the message names `p` (as the output folder's path, not the
/// temporary folder's), unless the failure is a nested file's, which keeps its own.
fn write_error(e: std::io::Error, p: &Path) -> OutputError {
    if let Some(d) = described(&e) {
        return err(d.message.clone(), d.hint.clone().unwrap_or_default());
    }
    err(
        format!(
            "「{}」を書き込めません（{e}）。前回の出力はそのまま残しています。",
            p.display()
        ),
        "ディスクの空き容量と書き込み権限を確認してください。",
    )
}
/// A path as people read it in a message: on Windows, a resolved path (`canonicalize`)
/// starts with `\\?\` (`\\?\C:\…`, `\\?\UNC\server\share\…`), which staff would not
/// recognise as their folder; it is shown as `C:\…` and `\\server\share\…`.
pub fn shown(p: &Path) -> String {
    let s = p.display().to_string();
    if let Some(rest) = s.strip_prefix(r"\\?\UNC\") {
        format!(r"\\{rest}")
    } else if let Some(rest) = s.strip_prefix(r"\\?\") {
        rest.to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod shown_tests {
    use super::shown;
    use std::path::Path;

    #[test]
    fn windows_verbatim_prefixes_are_not_shown() {
        assert_eq!(shown(Path::new(r"\\?\C:\hyoka\output")), r"C:\hyoka\output");
        assert_eq!(
            shown(Path::new(r"\\?\UNC\fileserver\kikaku\output")),
            r"\\fileserver\kikaku\output"
        );
        assert_eq!(shown(Path::new("/srv/www/hyoka")), "/srv/www/hyoka");
    }
}
