//! Which output folders `hyoka build` refuses before writing anything: places where a
//! rebuild would destroy the site itself or something that is not hyoka's.

use super::{MARKER, OutputError, err};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Resolves `..` and `.` without touching the file system (the folder may not exist).
pub(super) fn lexical_absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The real path of `p`: its longest existing ancestor with every symbolic link resolved,
/// then the rest (which does not exist yet, so holds no link) as written. A new
/// `--output` below a link into `content/` is thus seen to be inside `content/`.
fn real(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    for base in abs.ancestors() {
        if let Ok(resolved) = fs::canonicalize(base) {
            let rest = abs.strip_prefix(base).unwrap_or(Path::new(""));
            return lexical_absolute(&resolved.join(rest));
        }
    }
    lexical_absolute(&abs)
}

/// Refuses output folders that would destroy something: the file-system root, the home
/// folder, the site folder itself or any folder containing it, `content/` or `themes/`,
/// or an existing non-empty folder hyoka did not create. Links in the path are resolved
/// first.
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

    #[cfg(unix)]
    #[test]
    fn links_in_existing_ancestors_are_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        std::os::unix::fs::symlink(site.join("content"), dir.path().join("c")).unwrap();
        assert!(check_target(&site, &dir.path().join("c/new/out")).is_err());
        assert!(check_target(&site, &dir.path().join("c/../new")).is_ok());
    }
}
