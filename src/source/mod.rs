//! Loading: find a site's files, read their bytes, check the encoding and split front
//! matter. Nothing else in hyoka reads content files.
//!
//! The result is a [`RawSite`]: every file's text in a [`SourceMap`] plus which file plays
//! which role. Parsing TOML into the model is `validate`'s job.

pub mod git_rev;
pub mod gitdates;
pub mod layout;
pub mod theme;

use crate::diag::{Diagnostic, Diagnostics, FileId, Loc, SourceFile, SourceMap};
use crate::model::fiscal::FiscalYear;
use layout::{DeptEntry, PlanEntry, SiteFile};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One department folder.
#[derive(Debug)]
pub struct RawDepartment {
    /// Folder name.
    pub slug: String,
    /// department.toml, if present.
    pub file: Option<FileId>,
    /// Reports: fiscal year, `<FY>.toml` and `<FY>.md`.
    pub reports: Vec<RawReport>,
}

/// One report's files.
#[derive(Debug)]
pub struct RawReport {
    /// From the file name.
    pub year: FiscalYear,
    /// `<FY>.toml`, if present.
    pub toml: Option<FileId>,
    /// `<FY>.md`, if present.
    pub md: Option<MdFile>,
}

/// A Markdown file split into front matter and body.
#[derive(Debug, Clone, Copy)]
pub struct MdFile {
    /// The file.
    pub file: FileId,
    /// Byte range of the TOML between the `+++` lines.
    pub front: Option<(usize, usize)>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Every file of a site, read and checked for encoding.
#[derive(Debug, Default)]
pub struct RawSite {
    /// Texts.
    pub sources: SourceMap,
    /// site.toml
    pub site: Option<FileId>,
    /// content/plans/*.toml, sorted by slug.
    pub plans: Vec<(String, FileId)>,
    /// content/departments/*, sorted by slug.
    pub departments: Vec<RawDepartment>,
}

/// Reads the file at `path` as text, refusing anything that is not UTF-8.
/// A UTF-8 BOM is dropped; CRLF line ends are kept (TOML and Markdown accept them).
pub fn read_text(path: &Path, display: &str) -> Result<String, Diagnostic> {
    // A named pipe or device under a content file's name would block the build forever
    // (or never end): only regular files are read.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(Diagnostic::path_error(
            display,
            "通常のファイルではありません（名前付きパイプやデバイスなど）。読み込みません。",
        )
        .hint("このパスにあるものを削除し、テキストファイルを置いてください。"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::path_error(
            display,
            format!("ファイルを読み込めません（{}）。", io_reason(&e)),
        )
        .hint("ファイルが存在し、読み取り権限があるか確認してください。")
    })?;
    decode(&bytes).map_err(|(line, msg, hint)| {
        let mut d = Diagnostic::path_error(display, msg).hint(hint);
        d.place = crate::diag::Place::PathLine(display.to_string(), line);
        d
    })
}

/// Decodes bytes as UTF-8 text; otherwise the line of the first problem and a message
/// and hint in Japanese explaining what else the file is.
pub fn decode(bytes: &[u8]) -> Result<String, (usize, String, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err((
            1,
            "文字コードが UTF-16 です。hyoka は UTF-8 のファイルだけを読み込みます。".into(),
            "メモ帳なら「名前を付けて保存」で文字コードに「UTF-8」を選んで保存し直してください。"
                .into(),
        ));
    }
    if looks_like_utf16(bytes) {
        return Err((
            1,
            "文字コードが UTF-16（BOM なし）のようです。hyoka は UTF-8 のファイルだけを読み込みます。".into(),
            "メモ帳なら「名前を付けて保存」で文字コードに「UTF-8」を選んで保存し直してください。"
                .into(),
        ));
    }
    // The fast check first; std's, which says where the text stops being UTF-8, only for
    // the message.
    let checked = match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(_) => std::str::from_utf8(bytes),
    };
    match checked {
        Ok(s) => {
            // memchr's vectorised search: every content file is looked through here.
            if let Some(pos) = memchr::memchr(0, s.as_bytes()) {
                let line = s[..pos].matches('\n').count() + 1;
                return Err((
                    line,
                    format!("{line}行目に NUL 文字（0x00）が含まれています。テキストファイルではない可能性があります。"),
                    "ファイルが壊れていないか、別の形式（Excel など）で保存されていないか確認してください。".into(),
                ));
            }
            Ok(s.to_string())
        }
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let guess = if looks_like_shift_jis(bytes) {
                "文字コードが Shift_JIS のようです"
            } else {
                "文字コードが UTF-8 ではありません"
            };
            Err((
                line,
                format!("{guess}（{line}行目で UTF-8 として読めない文字がありました）。hyoka は UTF-8 のファイルだけを読み込みます。"),
                "メモ帳やエディタで開き、「名前を付けて保存」で文字コードに「UTF-8」を選んで保存し直してください。".into(),
            ))
        }
    }
}

/// UTF-16 without a BOM: in the first characters, every other byte is zero (ASCII and
/// newlines in UTF-16LE or BE), which text in UTF-8 never has.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(64).collect();
    if pairs.len() < 2 {
        return false;
    }
    let le = pairs.iter().filter(|p| p[0] != 0 && p[1] == 0).count();
    let be = pairs.iter().filter(|p| p[0] == 0 && p[1] != 0).count();
    le.max(be) * 4 >= pairs.len() * 3
}

/// A rough check for Shift_JIS: lead bytes followed by valid trail bytes make up the
/// non-ASCII text.
fn looks_like_shift_jis(bytes: &[u8]) -> bool {
    let mut i = 0;
    let mut pairs = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 || (0xA1..=0xDF).contains(&b) {
            i += 1;
        } else if (0x81..=0x9F).contains(&b) || (0xE0..=0xFC).contains(&b) {
            match bytes.get(i + 1) {
                Some(&t) if (0x40..=0xFC).contains(&t) && t != 0x7F => {
                    pairs += 1;
                    i += 2;
                }
                _ => return false,
            }
        } else {
            return false;
        }
    }
    pairs > 0
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "見つかりません".into(),
        std::io::ErrorKind::PermissionDenied => "読み取り権限がありません".into(),
        _ => e.to_string(),
    }
}

/// Path of `p` relative to `root`, with `/`, for messages.
pub fn display_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Splits `+++` front matter from a Markdown text: (front-matter range, body start).
pub fn split_front_matter(text: &str) -> (Option<(usize, usize)>, usize) {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "+++" {
        return (None, 0);
    }
    let start = (first_line_end + 1).min(text.len());
    let mut pos = start;
    while pos < text.len() {
        let end = text[pos..]
            .find('\n')
            .map(|i| pos + i)
            .unwrap_or(text.len());
        if text[pos..end].trim_end() == "+++" {
            let body = (end + 1).min(text.len());
            return (Some((start, pos)), body);
        }
        pos = end + 1;
    }
    // No closing line: treat the whole rest as front matter so the TOML error points at
    // the real problem.
    (Some((start, text.len())), text.len())
}

/// Loads every file of the site at `root`, collecting problems into `diags`.
pub fn load_site(root: &Path, diags: &mut Diagnostics) -> RawSite {
    let mut raw = RawSite::default();
    let site_path = root.join("site.toml");
    if site_path.is_file() {
        match read_text(&site_path, "site.toml") {
            Ok(text) => {
                raw.site = Some(raw.sources.add(SourceFile::new(
                    "site.toml".into(),
                    site_path,
                    text,
                )))
            }
            Err(d) => diags.push(d),
        }
    } else {
        diags.push(
            Diagnostic::path_error(
                display_path(root, &site_path),
                "site.toml が見つかりません。サイトのフォルダーではないようです。",
            )
            .hint("サイトのフォルダーで実行するか、--site でフォルダーを指定してください。新しく作るときは `hyoka init フォルダー名` を使います。"),
        );
        return raw;
    }

    let plans_dir = root.join("content").join("plans");
    if plans_dir.is_dir() {
        for (path, is_dir) in sorted_entries(&plans_dir, diags, root) {
            let name = file_name(&path);
            if is_dir || layout::is_litter(&name) {
                continue;
            }
            let display = display_path(root, &path);
            match layout::plan_entry(&name) {
                PlanEntry::Ignored => {}
                PlanEntry::Plan(slug) => {
                    let slug = slug.to_string();
                    if !valid_slug(&slug) {
                        diags.push(
                            Diagnostic::path_error(&display, format!("計画のファイル名「{slug}」は URL に使えません。"))
                                .hint("ファイル名は半角英数字とハイフン（例: sogo.toml, kihon-seisaku.toml）にしてください。"),
                        );
                        continue;
                    }
                    match read_text(&path, &display) {
                        Ok(text) => {
                            let id = raw
                                .sources
                                .add(SourceFile::new(display, path.clone(), text));
                            raw.plans.push((slug, id));
                        }
                        Err(d) => diags.push(d),
                    }
                }
                PlanEntry::Other => diags.push(
                    Diagnostic::path_error(
                        &display,
                        "content/plans/ には計画の .toml ファイルだけを置きます。",
                    )
                    .hint("不要なファイルなら削除するか、別の場所に移してください。")
                    .as_warning(),
                ),
            }
        }
    }

    let depts_dir = root.join("content").join("departments");
    if !depts_dir.is_dir() {
        diags.push(
            Diagnostic::path_error(
                display_path(root, &depts_dir),
                "content/departments/ フォルダーがありません。部局がひとつもないサイトは作れません。",
            )
            .hint("content/departments/<部局の英字名>/department.toml を作ってください。"),
        );
        return raw;
    }
    // Each department's folder is listed, read and checked on its own, in parallel (most of
    // a big site's load time is reading files, and stat calls a serial loop would make one
    // after another); the results are then added in folder order, so file ids, messages
    // and their order are what a plain loop over the folders gives.
    use rayon::prelude::*;
    let loaded: Vec<(Diagnostics, Option<(RawDepartment, SourceMap)>)> =
        sorted_entries(&depts_dir, diags, root)
            .par_iter()
            .map(|(dept_path, is_dir)| {
                let mut local = Diagnostics::default();
                let dept = load_department(root, dept_path, *is_dir, &mut local);
                (local, dept)
            })
            .collect();
    for (local, dept) in loaded {
        diags.extend(local);
        if let Some((dept, sources)) = dept {
            let base = raw.sources.append(sources);
            raw.departments.push(dept.shifted(base));
        }
    }
    raw
}

impl RawDepartment {
    /// The same department with every file id moved up by `base` (its files were numbered
    /// from 0 in a map of their own, then appended at `base`).
    fn shifted(mut self, base: FileId) -> RawDepartment {
        self.file = self.file.map(|f| f + base);
        for r in &mut self.reports {
            r.toml = r.toml.map(|f| f + base);
            if let Some(md) = &mut r.md {
                md.file += base;
            }
        }
        self
    }
}

/// One folder of `content/departments/`: its files read into a map of their own (ids from
/// 0), problems into `diags`. `None` for what is not a department folder (reported).
fn load_department(
    root: &Path,
    dept_path: &Path,
    is_dir: bool,
    diags: &mut Diagnostics,
) -> Option<(RawDepartment, SourceMap)> {
    let slug = file_name(dept_path);
    let display = display_path(root, dept_path);
    if layout::is_litter(&slug) {
        return None;
    }
    if !is_dir {
        diags.push(
            Diagnostic::path_error(
                &display,
                "content/departments/ には部局ごとのフォルダーだけを置きます。",
            )
            .hint("報告のファイルは content/departments/<部局>/<年度>.toml に置いてください。"),
        );
        return None;
    }
    if !valid_slug(&slug) {
        diags.push(
            Diagnostic::path_error(
                &display,
                format!("部局のフォルダー名「{slug}」は URL に使えません。"),
            )
            .hint("フォルダー名は半角英数字とハイフン（例: seisaku-suishin）にしてください。"),
        );
        return None;
    }
    let mut sources = SourceMap::default();
    let mut dept = RawDepartment {
        slug,
        file: None,
        reports: Vec::new(),
    };
    let mut md_files: Vec<(FiscalYear, MdFile)> = Vec::new();
    for (path, is_dir) in sorted_entries(dept_path, diags, root) {
        let name = file_name(&path);
        let display = display_path(root, &path);
        let (year, markdown) = match layout::department_entry(&name, is_dir) {
            DeptEntry::Ignored => continue,
            DeptEntry::Department => {
                match read_text(&path, &display) {
                    Ok(text) => dept.file = Some(sources.add(SourceFile::new(display, path, text))),
                    Err(d) => diags.push(d),
                }
                continue;
            }
            DeptEntry::Misnamed { message, hint } => {
                diags.push(Diagnostic::path_error(&display, message).hint(hint));
                continue;
            }
            DeptEntry::NotAYear { stem, ext } => {
                diags.push(
                    Diagnostic::path_error(&display, format!("ファイル名「{name}」が年度になっていません。"))
                        .hint(format!(
                            "報告のファイル名は年度の始まる西暦4桁にしてください（例: 令和3年度なら 2021.{ext}）。{}",
                            suggest_year_name(&stem).map(|y| format!("「{y}.{ext}」のことではありませんか。")).unwrap_or_default()
                        )),
                );
                continue;
            }
            DeptEntry::Report { year, markdown } => (year, markdown),
        };
        let text = match read_text(&path, &display) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if !markdown {
            let id = sources.add(SourceFile::new(display, path.clone(), text));
            dept.reports.push(RawReport {
                year,
                toml: Some(id),
                md: None,
            });
        } else {
            let (front, body_start) = split_front_matter(&text);
            let id = sources.add(SourceFile::new(display, path.clone(), text));
            md_files.push((
                year,
                MdFile {
                    file: id,
                    front,
                    body_start,
                },
            ));
        }
    }
    for (year, md) in md_files {
        match dept.reports.iter_mut().find(|r| r.year == year) {
            Some(r) => r.md = Some(md),
            None => dept.reports.push(RawReport {
                year,
                toml: None,
                md: Some(md),
            }),
        }
    }
    dept.reports.sort_by_key(|r| r.year);
    Some((dept, sources))
}

/// A site from texts held in memory, as `(path, text)` with the paths [`load_site`] reads
/// (`site.toml`, `content/plans/<slug>.toml`, `content/departments/<slug>/department.toml`,
/// `.../<FY>.toml`, `.../<FY>.md`); other paths are ignored. For fuzzing and for tools
/// that check text before it is saved: the texts go through the same roles and checks as
/// files read from disk, except encoding (they are already text).
pub fn load_texts(files: &[(&str, &str)]) -> RawSite {
    let mut raw = RawSite::default();
    let mut sorted: Vec<&(&str, &str)> = files.iter().collect();
    sorted.sort_by_key(|(p, _)| *p);
    for (path, text) in sorted {
        let add = |raw: &mut RawSite| {
            raw.sources.add(SourceFile::new(
                path.to_string(),
                PathBuf::from(path),
                text.to_string(),
            ))
        };
        let dept_index = |raw: &mut RawSite, slug: &str| match raw
            .departments
            .iter()
            .position(|d| d.slug == slug)
        {
            Some(i) => i,
            None => {
                raw.departments.push(RawDepartment {
                    slug: slug.to_string(),
                    file: None,
                    reports: Vec::new(),
                });
                raw.departments.len() - 1
            }
        };
        match SiteFile::parse(path) {
            Some(SiteFile::Site) => raw.site = Some(add(&mut raw)),
            Some(SiteFile::Plan(slug)) if valid_slug(slug) => {
                let id = add(&mut raw);
                raw.plans.push((slug.to_string(), id));
            }
            Some(SiteFile::Department(slug)) if valid_slug(slug) => {
                let di = dept_index(&mut raw, slug);
                raw.departments[di].file = Some(add(&mut raw));
            }
            Some(SiteFile::Report {
                dept,
                year,
                markdown,
            }) if valid_slug(dept) => {
                let di = dept_index(&mut raw, dept);
                let (toml, md) = if markdown {
                    let (front, body_start) = split_front_matter(text);
                    let file = add(&mut raw);
                    (
                        None,
                        Some(MdFile {
                            file,
                            front,
                            body_start,
                        }),
                    )
                } else {
                    (Some(add(&mut raw)), None)
                };
                let reports = &mut raw.departments[di].reports;
                match reports.iter_mut().find(|r| r.year == year) {
                    Some(r) => {
                        r.toml = r.toml.or(toml);
                        r.md = r.md.or(md);
                    }
                    None => reports.push(RawReport { year, toml, md }),
                }
            }
            _ => {}
        }
    }
    for d in &mut raw.departments {
        d.reports.sort_by_key(|r| r.year);
    }
    raw
}

/// A likely fiscal year inside a bad file name: `2021年` → 2021, `R3` → 2021.
fn suggest_year_name(stem: &str) -> Option<i32> {
    let folded = crate::model::fold::fold(stem);
    let digits: String = folded.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() == 4 {
        return digits.parse().ok();
    }
    let upper = folded.to_ascii_uppercase();
    for (prefix, era) in [
        ("R", "令和"),
        ("H", "平成"),
        ("令和", "令和"),
        ("平成", "平成"),
    ] {
        if let Some(rest) = upper.strip_prefix(prefix) {
            let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            if let Ok(n) = n.parse::<i32>() {
                return FiscalYear::from_era(era, n).map(|f| f.year());
            }
            if rest.starts_with('元') {
                return FiscalYear::from_era(era, 1).map(|f| f.year());
            }
        }
    }
    None
}

/// Folder and file names usable in URLs.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Why a path in the site folder cannot be read: where its symbolic links lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// It resolves to somewhere outside the site folder.
    Elsewhere,
    /// It leads nowhere (a broken or circular link).
    Broken,
}

impl Outside {
    /// The problem as an error about `p` (shown relative to `root`).
    pub fn diagnostic(self, root: &Path, p: &Path) -> Diagnostic {
        match self {
            Outside::Elsewhere => Diagnostic::path_error(
                display_path(root, p),
                "サイトのフォルダーの外を指すシンボリックリンクは読み込みません。",
            )
            .hint("リンクではなく実際のファイルを置いてください。"),
            Outside::Broken => Diagnostic::path_error(
                display_path(root, p),
                "リンク先のないシンボリックリンク（または循環するリンク）です。",
            )
            .hint("リンクを削除するか、実際のファイルを置いてください。"),
        }
    }
}

/// The one rule that reading stays inside the site: `p`, with every symbolic link on its
/// way resolved, must lie inside `root` (also resolved). Used for `content/` and for the
/// theme's folders and files.
pub fn check_inside(root: &Path, p: &Path) -> Result<(), Outside> {
    let target = std::fs::canonicalize(p).map_err(|_| Outside::Broken)?;
    let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if target.starts_with(&root_abs) {
        Ok(())
    } else {
        Err(Outside::Elsewhere)
    }
}

/// Entries of a folder, sorted by name, not following symlinks that leave the site, each
/// with whether it is a folder (from the listing itself: no `stat` per entry, except for
/// symbolic links, which are followed).
fn sorted_entries(dir: &Path, diags: &mut Diagnostics, root: &Path) -> Vec<(PathBuf, bool)> {
    let mut out = Vec::new();
    for entry in WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) => {
                let p = e.path().to_path_buf();
                let is_dir = if e.path_is_symlink() {
                    p.is_dir()
                } else {
                    e.file_type().is_dir()
                };
                if e.path_is_symlink()
                    && let Err(problem) = check_inside(root, &p)
                {
                    // Content outside the site is skipped with a warning, not refused.
                    let d = problem.diagnostic(root, &p);
                    diags.push(match problem {
                        Outside::Elsewhere => d.as_warning(),
                        Outside::Broken => d,
                    });
                    continue;
                }
                out.push((p, is_dir));
            }
            Err(e) => {
                let p = e.path().map(|p| display_path(root, p)).unwrap_or_default();
                diags.push(
                    Diagnostic::path_error(p, "フォルダーの中身を読み取れません。").hint(
                        "読み取り権限と、循環するシンボリックリンクがないかを確認してください。",
                    ),
                );
            }
        }
    }
    out
}

/// Location of the whole of a file (for problems about the file as such).
pub fn file_start(file: FileId) -> Loc {
    Loc {
        file,
        start: 0,
        end: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_handles_bom_and_rejects_other_encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa = 1").unwrap(), "a = 1");
        // 「部局」 in Shift_JIS.
        let sjis = b"title = \"\x95\x94\x8b\xc7\"";
        let (_, msg, _) = decode(sjis).unwrap_err();
        assert!(msg.contains("Shift_JIS"), "{msg}");
        let (_, msg, _) = decode(b"\xFF\xFEa\0").unwrap_err();
        assert!(msg.contains("UTF-16"), "{msg}");
        let utf16le: Vec<u8> = "kind = \"x\"\n".bytes().flat_map(|b| [b, 0]).collect();
        let (_, msg, _) = decode(&utf16le).unwrap_err();
        assert!(msg.contains("UTF-16"), "{msg}");
        let utf16be: Vec<u8> = "kind = \"x\"\n".bytes().flat_map(|b| [0, b]).collect();
        let (_, msg, _) = decode(&utf16be).unwrap_err();
        assert!(msg.contains("UTF-16"), "{msg}");
        let (line, msg, _) = decode(b"a = 1\nb\0").unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("2行目"), "{msg}");
    }

    #[test]
    fn front_matter() {
        let t = "+++\nupdated = 2023-07-01\n+++\n# 本文\n";
        let (front, body) = split_front_matter(t);
        let (a, b) = front.unwrap();
        assert_eq!(&t[a..b], "updated = 2023-07-01\n");
        assert_eq!(&t[body..], "# 本文\n");
        let crlf = "+++\r\nkind = \"x\"\r\n+++\r\n本文";
        let (front, body) = split_front_matter(crlf);
        assert!(front.is_some());
        assert_eq!(&crlf[body..], "本文");
        assert_eq!(split_front_matter("本文だけ"), (None, 0));
    }

    #[test]
    fn year_name_suggestions() {
        assert_eq!(suggest_year_name("2021年"), Some(2021));
        assert_eq!(suggest_year_name("R3"), Some(2021));
        assert_eq!(suggest_year_name("令和元年度"), Some(2019));
        assert_eq!(suggest_year_name("report"), None);
    }
}
