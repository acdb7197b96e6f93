//! Diagnostics: every problem hyoka finds in a site, with the file, line and column it
//! points at, the offending text and a hint, printed in Japanese for city staff.
//!
//! Problems are collected, never thrown: a build reports everything wrong in one run.

use std::fmt::Write as _;
use std::path::PathBuf;

/// Index of a file in a [`SourceMap`].
pub type FileId = u32;

/// A place in a source file: the file and a byte range into its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Loc {
    /// The file.
    pub file: FileId,
    /// Byte offset of the start.
    pub start: u32,
    /// Byte offset just past the end.
    pub end: u32,
}

impl Loc {
    /// A location covering `range` in `file`.
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Loc {
        Loc {
            file,
            start: range.start as u32,
            end: range.end as u32,
        }
    }
}

/// One loaded text file, kept so messages can quote the offending line.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the user: relative to the site folder, with `/`.
    pub display: String,
    /// Absolute or site-relative path on disk.
    pub path: PathBuf,
    /// The text (BOM removed, so offsets count from the first real character).
    pub text: String,
    /// Byte offset where each line starts: worked out the first time a message needs a
    /// line number, so a build without messages never scans its texts for them.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Wraps a file's text.
    pub fn new(display: String, path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            display,
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts()[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        (line + 1, col)
    }

    /// The text of 1-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts()[line - 1];
        let end = self
            .line_starts()
            .get(line)
            .map(|e| e - 1)
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches('\r')
    }
}

/// Every file read during a build, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        (self.files.len() - 1) as FileId
    }

    /// Replaces the file with id `id` (its text changed; `hyoka serve` reads it again).
    pub fn replace(&mut self, id: FileId, file: SourceFile) {
        self.files[id as usize] = file;
    }

    /// Moves every file of `other` to the end of this map; returns the id the first of them
    /// now has (the others follow in order).
    pub fn append(&mut self, mut other: SourceMap) -> FileId {
        let base = self.files.len() as FileId;
        self.files.append(&mut other.files);
        base
    }

    /// The file with id `id`.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id as usize]
    }

    /// The file a location points into.
    pub fn file_of(&self, loc: Loc) -> &SourceFile {
        self.get(loc.file)
    }

    /// Frees the text of every file that none of `diags` points into. A one-shot build
    /// needs the texts only to print its messages, and freeing them before the pages are
    /// rendered lets that memory be used again (fresh memory is costly, see issue #9).
    pub fn release_unused(&mut self, diags: &[Diagnostic]) {
        let mut used = vec![false; self.files.len()];
        for d in diags {
            if let Place::Span(loc) = d.place {
                used[loc.file as usize] = true;
            }
        }
        for (f, used) in self.files.iter_mut().zip(used) {
            if !used {
                f.text = String::new();
                f.line_starts = std::sync::OnceLock::new();
            }
        }
    }
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// Reported by `hyoka check` (and `build`), but the site is still built.
    Warning,
}

/// Where a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A span inside a loaded file.
    Span(Loc),
    /// A whole file or folder that has no loaded text (unreadable, wrong encoding, bad name).
    Path(String),
    /// A line of a file whose text could not be loaded (wrong encoding, NUL bytes).
    PathLine(String, usize),
    /// Nowhere in particular (a command-line problem).
    None,
}

/// One problem found in a site.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub place: Place,
    /// What is wrong, in Japanese.
    pub message: String,
    /// What to do about it, in Japanese.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a span.
    pub fn error(loc: Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            place: Place::Span(loc),
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at a span.
    pub fn warning(loc: Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            place: Place::Span(loc),
            message: message.into(),
            hint: None,
        }
    }

    /// An error about no file in particular (a folder that cannot be made, a watcher that
    /// cannot start): the message alone, with a hint if one is added.
    pub fn message(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            place: Place::None,
            message: message.into(),
            hint: None,
        }
    }

    /// An error about a whole file or folder.
    pub fn path_error(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            place: Place::Path(path.into()),
            message: message.into(),
            hint: None,
        }
    }

    /// Turns this diagnostic into a warning.
    pub fn as_warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column` (or the path alone) for this diagnostic.
    pub fn location(&self, map: &SourceMap) -> String {
        match &self.place {
            Place::Span(loc) => {
                let f = map.file_of(*loc);
                let (l, c) = f.line_col(loc.start as usize);
                format!("{}:{}:{}", f.display, l, c)
            }
            Place::Path(p) => p.clone(),
            Place::PathLine(p, l) => format!("{p}:{l}:1"),
            Place::None => String::new(),
        }
    }

    /// The message as printed in the terminal: location, message, the source line with a
    /// marker under the offending text, and the hint.
    pub fn render(&self, map: &SourceMap) -> String {
        let label = match self.severity {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
        };
        let mut out = String::new();
        let loc = self.location(map);
        if loc.is_empty() {
            let _ = writeln!(out, "{label}: {}", self.message);
        } else {
            let _ = writeln!(out, "{label}: {loc}: {}", self.message);
        }
        if let Place::Span(span) = &self.place {
            let f = map.file_of(*span);
            let (line, mut col) = f.line_col(span.start as usize);
            let mut text = f.line_text(line);
            let (end_line, mut end_col) = f.line_col((span.end as usize).max(span.start as usize));
            // A very long line (a minified paste, a whole paragraph on one line) is shown
            // around the column only, with … where it is cut.
            let window;
            if text.len() > EXCERPT_CHARS * 4 || text.chars().count() > EXCERPT_CHARS {
                let (shown, shift) =
                    excerpt(text, col, if end_line == line { end_col } else { col });
                window = shown;
                text = &window;
                end_col = if end_line == line {
                    end_col.saturating_sub(shift)
                } else {
                    end_col
                };
                col -= shift;
            }
            let width = if end_line == line && end_col > col {
                text.chars()
                    .skip(col - 1)
                    .take(end_col - col)
                    .map(display_width)
                    .sum::<usize>()
            } else {
                text.chars()
                    .skip(col - 1)
                    .map(display_width)
                    .sum::<usize>()
                    .max(1)
            };
            let pad: usize = text.chars().take(col - 1).map(display_width).sum();
            let num = line.to_string();
            let _ = writeln!(out, " {num} | {text}");
            let _ = writeln!(
                out,
                " {} | {}{}",
                " ".repeat(num.len()),
                " ".repeat(pad),
                "^".repeat(width.clamp(1, 80))
            );
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  ヒント: {h}");
        }
        out
    }
}

/// The most characters of a source line an excerpt shows.
const EXCERPT_CHARS: usize = 160;

/// The part of the long line `text` around columns `col..end_col` (1-based, in
/// characters): up to 60 characters before, the marked text (up to 80) and what follows,
/// [`EXCERPT_CHARS`] in all, with … where the line is cut. Also how many columns the
/// excerpt's start is to the right of the line's (to move the columns by).
fn excerpt(text: &str, col: usize, end_col: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let start = (col - 1).min(chars.len());
    let from = start.saturating_sub(60);
    let marked = end_col.saturating_sub(col).clamp(1, 80);
    let to = (from + EXCERPT_CHARS).max(start + marked).min(chars.len());
    let mut out = String::new();
    let mut shift = from;
    if from > 0 {
        // The … takes one column in place of what was cut.
        out.push('…');
        shift -= 1;
    }
    out.extend(&chars[from..to]);
    if to < chars.len() {
        out.push('…');
    }
    (out, shift)
}

/// Terminal columns a character takes: East Asian wide characters take two.
fn display_width(c: char) -> usize {
    let u = c as u32;
    let wide = (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
        || (0x1F300..=0x1FAFF).contains(&u)
        || (0x20000..=0x3FFFD).contains(&u);
    if c == '\t' {
        4
    } else if wide {
        2
    } else {
        1
    }
}

/// A growing list of diagnostics.
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// All diagnostics so far, in the order found.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorts by file, position and message so output is stable whatever order files were
    /// read in (loading is parallel).
    pub fn sort(&mut self, map: &SourceMap) {
        self.items.sort_by(|a, b| {
            let ka = sort_key(a, map);
            let kb = sort_key(b, map);
            ka.cmp(&kb)
        });
        self.items
            .dedup_by(|a, b| a.place == b.place && a.message == b.message);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }
}

fn sort_key<'a>(d: &'a Diagnostic, map: &'a SourceMap) -> (&'a str, u32, Severity, &'a str) {
    match &d.place {
        Place::Span(l) => (
            map.file_of(*l).display.as_str(),
            l.start,
            d.severity,
            &d.message,
        ),
        Place::Path(p) => (p.as_str(), 0, d.severity, &d.message),
        Place::PathLine(p, l) => (p.as_str(), *l as u32, d.severity, &d.message),
        Place::None => ("", 0, d.severity, &d.message),
    }
}

/// The nearest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::normalized_damerau_levenshtein(word, c);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    let len = word.chars().count();
    best.and_then(|(score, c)| {
        let dist = strsim::damerau_levenshtein(word, c);
        // Short words: allow one or two edits; longer ones: a similarity threshold.
        if dist <= 1 || (dist <= 2 && len >= 4) || score >= 0.7 {
            Some(c)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let f = SourceFile::new(
            "a.toml".into(),
            "a.toml".into(),
            "title = \"柏原\"\ngrdae = 1\n".into(),
        );
        let off = f.text.find("grdae").unwrap();
        assert_eq!(f.line_col(off), (2, 1));
        let off = f.text.find('原').unwrap();
        assert_eq!(f.line_col(off), (1, 11));
        assert_eq!(f.line_text(2), "grdae = 1");
    }

    #[test]
    fn nearest_finds_typos() {
        let keys = ["grade", "title", "goals", "sections"];
        assert_eq!(nearest("grdae", keys), Some("grade"));
        assert_eq!(nearest("section", keys), Some("sections"));
        assert_eq!(nearest("zzzzzz", keys), None);
    }

    #[test]
    fn a_very_long_line_is_shown_around_the_column() {
        let mut map = SourceMap::default();
        let long = format!(
            "title = \"{}誤り{}\"\n",
            "あ".repeat(200_000),
            "い".repeat(200_000)
        );
        let at = long.find("誤り").unwrap();
        let id = map.add(SourceFile::new("a.toml".into(), "a.toml".into(), long));
        let loc = Loc::new(id, at..at + "誤り".len());
        let out = Diagnostic::error(loc, "誤りです。").render(&map);
        assert!(out.len() < 2_000, "{} bytes", out.len());
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("エラー: a.toml:1:200010:"), "{out}");
        assert!(
            lines[1].contains("…ああ") && lines[1].contains("誤りいい"),
            "{out}"
        );
        assert!(lines[1].ends_with('…'), "{out}");
        // The marker is under 誤り: same display columns before it in both lines.
        let before = |l: &str, upto: usize| l.chars().take(upto).map(display_width).sum::<usize>();
        let text_at = lines[1].chars().position(|c| c == '誤').unwrap();
        let mark_at = lines[2].chars().position(|c| c == '^').unwrap();
        assert_eq!(before(lines[1], text_at), before(lines[2], mark_at));
        assert_eq!(lines[2].matches('^').count(), 4);
    }

    #[test]
    fn render_marks_the_offending_text() {
        let mut map = SourceMap::default();
        let id = map.add(SourceFile::new(
            "content/x.toml".into(),
            "x".into(),
            "a = 1\ngrdae = \"B\"\n".into(),
        ));
        let d = Diagnostic::error(Loc::new(id, 6..11), "不明な項目").hint("grade");
        let s = d.render(&map);
        assert!(s.contains("content/x.toml:2:1"), "{s}");
        assert!(s.contains("^^^^^"), "{s}");
    }
}
