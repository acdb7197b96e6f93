//! A site's theme on disk: `themes/<name>/templates/*.html` (overrides of the built-in
//! templates) and `themes/<name>/static/**` (copied beside the pages). The only place that
//! walks a theme's folders, and so the place where a theme's links are checked: nothing
//! outside the site folder is read, whatever a link in `themes/` points to.

use super::check_inside;
use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};

/// `themes/<theme>/<sub>` if it is a folder, after checking that it and the theme folder
/// (through any symbolic link) stay inside the site; `None` when there is no such folder.
fn theme_dir(site_dir: &Path, theme: &str, sub: &str) -> Result<Option<PathBuf>, Diagnostic> {
    let theme_dir = site_dir.join("themes").join(theme);
    let dir = theme_dir.join(sub);
    for p in [&theme_dir, &dir] {
        if p.symlink_metadata().is_err() {
            return Ok(None);
        }
        check_inside(site_dir, p).map_err(|problem| problem.diagnostic(site_dir, p))?;
    }
    Ok(dir.is_dir().then_some(dir))
}

/// Refuses `entry` if it is a symbolic link leading outside the site.
fn check_entry(site_dir: &Path, entry: &walkdir::DirEntry) -> Result<(), Diagnostic> {
    if entry.path_is_symlink() {
        check_inside(site_dir, entry.path())
            .map_err(|problem| problem.diagnostic(site_dir, entry.path()))?;
    }
    Ok(())
}

/// Reads a theme's template overrides: `themes/<name>/templates/*.html`.
pub fn templates(site_dir: &Path, theme: &str) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut out = Vec::new();
    let Some(dir) = theme_dir(site_dir, theme, "templates")? else {
        return Ok(out);
    };
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
            check_entry(site_dir, &entry)?;
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
/// followed; one that leads outside the site is an error.
pub fn static_files(site_dir: &Path, theme: &str) -> Result<Vec<StaticFile>, Diagnostic> {
    let mut out = Vec::new();
    let Some(dir) = theme_dir(site_dir, theme, "static")? else {
        return Ok(out);
    };
    let display = format!("themes/{theme}/static");
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|_| {
            Diagnostic::path_error(&display, "テーマの static フォルダーを読み取れません。")
        })?;
        if !entry.file_type().is_file() && !entry.path_is_symlink() {
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
        if entry.path_is_symlink() {
            check_entry(site_dir, &entry)?;
            continue;
        }
        out.push(StaticFile {
            rel: parts.join("/"),
            path: entry.path().to_path_buf(),
        });
    }
    Ok(out)
}
