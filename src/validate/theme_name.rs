//! The `theme` setting names a folder under `themes/`: it must be a plain folder name, so
//! that `theme = "../../x"` or an absolute path can never make hyoka read templates and
//! static files from elsewhere on the machine.

use crate::diag::Diagnostic;
use crate::model::At;

/// The theme name, or `None` (with an error at its line in site.toml) when it is not a
/// plain folder name: empty, `.` or `..`, or containing `/`, `\`, `:` (a drive letter) or
/// a control character.
pub fn check(name: At<String>, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let v = &name.v;
    let plain = !v.is_empty()
        && v != "."
        && v != ".."
        && !v
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control());
    if plain {
        return Some(name.v);
    }
    diags.push(
        Diagnostic::error(
            name.loc,
            format!(
                "theme「{}」はフォルダー名ではありません。テーマはサイトの themes/ の中のフォルダーの名前で指定します。",
                v.escape_debug()
            ),
        )
        .hint("/ や \\、..、ドライブ名を含まない名前にしてください（例: theme = \"mycity\" で themes/mycity/ を使います）。"),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Loc;

    fn at(s: &str) -> At<String> {
        At::new(s.to_string(), Loc::new(0, 0..0))
    }

    #[test]
    fn only_plain_folder_names() {
        let mut d = Vec::new();
        for ok in ["hyoka", "mycity", "市のテーマ", "a.b"] {
            assert_eq!(check(at(ok), &mut d).as_deref(), Some(ok));
        }
        assert!(d.is_empty());
        for bad in [
            "", ".", "..", "../../x", "a/b", "a\\b", "/etc", "C:x", "C:\\x", "a\nb",
        ] {
            assert_eq!(check(at(bad), &mut d), None, "{bad:?}");
        }
        assert_eq!(d.len(), 10);
    }
}
