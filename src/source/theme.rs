//! A site's theme on disk: `themes/<name>/templates/*.html` (overrides of the built-in
//! templates) and `themes/<name>/static/**` (copied beside the pages). The only place that
//! walks a theme's folders.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// Reads a theme's template overrides: `themes/<name>/templates/*.html`.
pub fn templates(site_dir: &Path, theme: &str) -> Result<Vec<(String, String)>, Diagnostic> {
    let dir = site_dir.join("themes").join(theme).join("templates");
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|_| {
            Diagnostic::path_error(
                format!("themes/{theme}/templates"),
                "テーマのフォルダーを読み取れません。",
            )
        })?;
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) == Some("html") {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let display = format!("themes/{theme}/templates/{name}");
            let text = super::read_text(p, &display)?;
            out.push((name, text));
        }
    }
    Ok(out)
}

/// One file of a theme's `static/` folder.
pub struct StaticFile {
    /// Path relative to `static/` (and to the output folder), with `/`.
    pub rel: String,
    /// Where it is on disk.
    pub path: PathBuf,
}

/// The files of `themes/<theme>/static/`, in name order. Hidden files and folders (a
/// name starting with `.`) are skipped, and symbolic links inside the folder are not
/// followed.
pub fn static_files(site_dir: &Path, theme: &str) -> Result<Vec<StaticFile>, Diagnostic> {
    let dir = site_dir.join("themes").join(theme).join("static");
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let display = format!("themes/{theme}/static");
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|_| {
            Diagnostic::path_error(&display, "テーマの static フォルダーを読み取れません。")
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        let Some(parts) = parts else { continue };
        if parts.iter().any(|p| p.starts_with('.')) {
            continue;
        }
        out.push(StaticFile {
            rel: parts.join("/"),
            path: entry.path().to_path_buf(),
        });
    }
    Ok(out)
}
