//! The layout of a site's files, in one place and both ways: which path a report, a plan
//! or a department lives at, and what a path (or a name found in a folder) is.
//!
//! Staff save files from Notepad, Excel and Explorer on Windows, which hide extensions and
//! leave files of their own: a name that is *almost* a report's (`2024.toml.txt`,
//! `2024.TOML`, `2024.tml`, a folder called `2024.toml`) is never silently left out, and
//! the litter of operating systems and editors (`Thumbs.db`, `~$` lock files, `.swp`) is
//! ignored before any other rule.

use crate::model::fiscal::FiscalYear;

/// The site's settings file.
pub const SITE_TOML: &str = "site.toml";
/// The folder of the plans (`<slug>.toml` each).
pub const PLANS_DIR: &str = "content/plans";
/// The folder of the departments (one folder each).
pub const DEPARTMENTS_DIR: &str = "content/departments";
/// A department's own file, inside its folder.
pub const DEPARTMENT_TOML: &str = "department.toml";

/// A content file of the site, by what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFile<'a> {
    /// `site.toml`.
    Site,
    /// `content/plans/<slug>.toml`.
    Plan(&'a str),
    /// `content/departments/<slug>/department.toml`.
    Department(&'a str),
    /// `content/departments/<slug>/<FY>.toml`, or `.md` when `markdown`.
    Report {
        /// The department's folder name.
        dept: &'a str,
        /// The fiscal year the file is named for.
        year: FiscalYear,
        /// The Markdown file rather than the TOML one.
        markdown: bool,
    },
}

impl<'a> SiteFile<'a> {
    /// What a site-relative path (with `/`) is, if it is a content file of the site.
    /// Extensions are matched whatever their case (`2024.TOML`), as on Windows.
    pub fn parse(rel: &'a str) -> Option<SiteFile<'a>> {
        let parts: Vec<&str> = rel.split('/').collect();
        match parts.as_slice() {
            [name] if *name == SITE_TOML => Some(SiteFile::Site),
            ["content", "plans", name] => match plan_entry(name) {
                PlanEntry::Plan(slug) => Some(SiteFile::Plan(slug)),
                _ => None,
            },
            ["content", "departments", dept, name] => match department_entry(name, false) {
                DeptEntry::Department => Some(SiteFile::Department(dept)),
                DeptEntry::Report { year, markdown } => Some(SiteFile::Report {
                    dept,
                    year,
                    markdown,
                }),
                _ => None,
            },
            _ => None,
        }
    }

    /// The site-relative path of the file, with `/`.
    pub fn path(&self) -> String {
        match self {
            SiteFile::Site => SITE_TOML.to_string(),
            SiteFile::Plan(slug) => format!("{PLANS_DIR}/{slug}.toml"),
            SiteFile::Department(dept) => format!("{DEPARTMENTS_DIR}/{dept}/{DEPARTMENT_TOML}"),
            SiteFile::Report {
                dept,
                year,
                markdown,
            } => {
                let ext = if *markdown { "md" } else { "toml" };
                format!("{DEPARTMENTS_DIR}/{dept}/{}.{ext}", year.0)
            }
        }
    }
}

/// Files that operating systems and editors leave beside the ones staff save (thumbnail
/// caches, folder settings, Office lock files, editors' swap and backup files) and hidden
/// files: never content, never an error, wherever they are.
pub fn is_litter(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swx",
        ".swo",
        ".tmp",
        ".bak",
        ".kate-swp",
        ".crswap",
        "___jb_tmp___",
        "___jb_old___",
    ];
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || lower == "thumbs.db"
        || lower == "desktop.ini"
        || lower == "ehthumbs.db"
        || SUFFIXES.iter().any(|s| lower.ends_with(s))
}

/// What a name found in a department's folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeptEntry {
    /// Litter, a folder, or a file that is not content (an image, a PDF): left alone.
    Ignored,
    /// `department.toml`.
    Department,
    /// `<FY>.toml` or `<FY>.md`.
    Report {
        /// The fiscal year of the name.
        year: FiscalYear,
        /// A `.md` file.
        markdown: bool,
    },
    /// A name that is almost a content file's: refused with what to rename it to.
    Misnamed {
        /// What is wrong, in Japanese.
        message: String,
        /// What to do.
        hint: String,
    },
    /// A `.toml` or `.md` whose name is not a fiscal year.
    NotAYear {
        /// The name without its extension.
        stem: String,
        /// `toml` or `md`, in lower case.
        ext: String,
    },
}

/// The extension of a content file, in lower case, if `ext` is one whatever its case.
fn content_ext(ext: &str) -> Option<&'static str> {
    if ext.eq_ignore_ascii_case("toml") {
        Some("toml")
    } else if ext.eq_ignore_ascii_case("md") {
        Some("md")
    } else {
        None
    }
}

/// Extensions that are a slip for `.toml` or `.md`: what Notepad adds when Windows hides
/// extensions (`.txt`), and near misses.
const NEAR_EXTS: &[(&str, &str)] = &[
    ("tml", "toml"),
    ("tom", "toml"),
    ("toml_", "toml"),
    ("tmol", "toml"),
    ("toms", "toml"),
    ("txt", "toml"),
    ("markdown", "md"),
    ("mkd", "md"),
];

/// Classifies a name found in a department's folder (`is_dir`: it is a folder).
pub fn department_entry(name: &str, is_dir: bool) -> DeptEntry {
    if is_litter(name) {
        return DeptEntry::Ignored;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, e),
        _ => return DeptEntry::Ignored,
    };
    if is_dir {
        return match content_ext(ext) {
            Some(_)
                if stem.eq_ignore_ascii_case("department")
                    || FiscalYear::from_file_stem(stem).is_some() =>
            {
                DeptEntry::Misnamed {
                    message: format!(
                        "「{name}」はファイルではなくフォルダーです。報告として読み込めません。"
                    ),
                    hint: format!(
                        "このフォルダーの中身を確かめ、報告のファイル「{name}」を部局のフォルダーに直接置いてください。"
                    ),
                }
            }
            _ => DeptEntry::Ignored,
        };
    }
    // `2024.toml.txt`: Notepad's "save as text" with the extension hidden.
    if let Some((inner, inner_ext)) = stem.rsplit_once('.')
        && let Some(want) = content_ext(inner_ext)
        && (inner.eq_ignore_ascii_case("department") || FiscalYear::from_file_stem(inner).is_some())
    {
        let fixed = format!("{inner}.{want}");
        return DeptEntry::Misnamed {
            message: format!("「{name}」は拡張子が .{ext} になっているため、読み込みません。"),
            hint: format!(
                "ファイル名を {fixed} に変えてください（Windows では、エクスプローラーの「表示」で「ファイル名拡張子」に印を付けると拡張子が見えます）。"
            ),
        };
    }
    let Some(ext_lower) = content_ext(ext) else {
        let lower = ext.to_ascii_lowercase();
        if let Some((_, want)) = NEAR_EXTS.iter().find(|(near, _)| *near == lower)
            && (stem.eq_ignore_ascii_case("department")
                || FiscalYear::from_file_stem(stem).is_some())
        {
            return DeptEntry::Misnamed {
                message: format!("「{name}」は拡張子が .{ext} のため、読み込みません。"),
                hint: format!("ファイル名を {stem}.{want} に変えてください。"),
            };
        }
        return DeptEntry::Ignored; // images and other attachments are not content
    };
    if stem.eq_ignore_ascii_case("department") {
        if ext_lower == "toml" {
            return DeptEntry::Department;
        }
        return DeptEntry::Misnamed {
            message: format!(
                "「{name}」は読み込みません。部局の情報は department.toml に書きます。"
            ),
            hint: "部局の説明の文章は department.toml の項目に書いてください。".into(),
        };
    }
    match FiscalYear::from_file_stem(stem) {
        Some(year) => DeptEntry::Report {
            year,
            markdown: ext_lower == "md",
        },
        None => DeptEntry::NotAYear {
            stem: stem.to_string(),
            ext: ext_lower.to_string(),
        },
    }
}

/// What a name found in `content/plans/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanEntry<'a> {
    /// Litter: left alone.
    Ignored,
    /// `<slug>.toml` (the slug still to be checked).
    Plan(&'a str),
    /// Anything else: reported, since only plans belong there.
    Other,
}

/// Classifies a file name found in `content/plans/`.
pub fn plan_entry(name: &str) -> PlanEntry<'_> {
    if is_litter(name) {
        return PlanEntry::Ignored;
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.eq_ignore_ascii_case("toml") => {
            PlanEntry::Plan(stem)
        }
        _ => PlanEntry::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(y: i32) -> FiscalYear {
        FiscalYear(y)
    }

    #[test]
    fn paths_both_ways() {
        for f in [
            SiteFile::Site,
            SiteFile::Plan("sogo"),
            SiteFile::Department("kikaku"),
            SiteFile::Report {
                dept: "kikaku",
                year: fy(2021),
                markdown: false,
            },
            SiteFile::Report {
                dept: "kikaku",
                year: fy(2019),
                markdown: true,
            },
        ] {
            let p = f.path();
            assert_eq!(SiteFile::parse(&p), Some(f), "{p}");
        }
        assert_eq!(
            SiteFile::Report {
                dept: "a",
                year: fy(2021),
                markdown: true
            }
            .path(),
            "content/departments/a/2021.md"
        );
        assert_eq!(SiteFile::parse("content/departments/a/b/2021.toml"), None);
        assert_eq!(SiteFile::parse("themes/x/templates/report.html"), None);
    }

    #[test]
    fn extensions_in_any_case_are_content() {
        assert_eq!(
            department_entry("2024.TOML", false),
            DeptEntry::Report {
                year: fy(2024),
                markdown: false
            }
        );
        assert_eq!(
            department_entry("2024.Md", false),
            DeptEntry::Report {
                year: fy(2024),
                markdown: true
            }
        );
        assert_eq!(
            department_entry("Department.TOML", false),
            DeptEntry::Department
        );
        assert_eq!(plan_entry("sogo.TOML"), PlanEntry::Plan("sogo"));
    }

    #[test]
    fn near_misses_are_refused_with_the_name_to_use() {
        for (name, want) in [
            ("2024.toml.txt", "2024.toml"),
            ("2024.md.txt", "2024.md"),
            ("department.toml.txt", "department.toml"),
            ("2024.tml", "2024.toml"),
            ("2024.txt", "2024.toml"),
        ] {
            match department_entry(name, false) {
                DeptEntry::Misnamed { hint, .. } => assert!(hint.contains(want), "{name}: {hint}"),
                other => panic!("{name}: {other:?}"),
            }
        }
        assert!(matches!(
            department_entry("2022.toml", true),
            DeptEntry::Misnamed { .. }
        ));
    }

    #[test]
    fn litter_and_attachments_are_ignored() {
        for name in [
            "Thumbs.db",
            "desktop.ini",
            ".DS_Store",
            "~$2024.xlsx",
            ".#2024.toml",
            ".2024.toml.swp",
            "2024.toml~",
            "#2024.toml#",
            "4913",
            "photo.jpg",
            "資料.pdf",
            "notes.txt",
        ] {
            assert_eq!(department_entry(name, false), DeptEntry::Ignored, "{name}");
        }
        assert_eq!(department_entry("images", true), DeptEntry::Ignored);
        assert_eq!(plan_entry("Thumbs.db"), PlanEntry::Ignored);
        assert_eq!(plan_entry("desktop.ini"), PlanEntry::Ignored);
        assert_eq!(plan_entry("sogo.toml.txt"), PlanEntry::Other);
    }
}
