//! CSV as Excel and the open-data catalogs read it: UTF-8 with a BOM, CRLF line ends,
//! RFC 4180 quoting, and no cell that a spreadsheet would run as a formula. Every CSV file
//! of `data/` is written through here.

use crate::model::opendata::Column;
use std::borrow::Cow;

/// Writes rows as CSV for Excel: BOM, CRLF, RFC 4180 quoting.
pub fn csv(header: &[Column], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let head: Vec<String> = header.iter().map(|c| c.name.to_string()).collect();
    for row in std::iter::once(&head).chain(rows) {
        let cells: Vec<Cow<str>> = row.iter().map(|c| csv_field(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// One CSV field: quoted when it holds a comma, a double quote or a line break; line
/// breaks inside become CRLF.
///
/// **Formula injection** (OWASP, "CSV Injection"): Excel runs a cell that begins with
/// `=`, `+`, `-` or `@` as a formula (and a leading tab or CR can hide one), so a goal
/// titled `=HYPERLINK("https://…","詳細")` would become a live link — or worse — on a city
/// employee's computer. Such a cell gets a single quote in front (`'=HYPERLINK(…)`), which
/// spreadsheets take as "this is text"; programs that read the file as plain text (and
/// some spreadsheets) show the quote, a small price for text that begins like that.
///
/// A cell that is only a number keeps its sign and stays a number: an optional `+` or
/// `-`, digits (or groups of three separated by commas, as in `-1,234,567`) and an
/// optional decimal part (`-3.5`). Excel reads exactly these as numbers, not formulas, and
/// the indicator columns (基準値, 目標値, 実績, 達成率) may be negative. Anything more — an
/// exponent, a second sign, an operator, a space, a percent sign — is treated as text and
/// gets the quote. A lone `-` or `+` (「なし」 in many tables) holds nothing to run and is
/// left as it is.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    if !needs_care(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    push_field(&mut out, s);
    Cow::Owned(out)
}

/// Whether [`csv_field`] changes `s` at all: whether it begins like a formula or holds a
/// comma, a double quote or a line break.
fn needs_care(s: &str) -> bool {
    begins_like_formula(s) || needs_quotes(s)
}

/// Whether a cell would be run as a formula (see [`csv_field`]).
fn begins_like_formula(s: &str) -> bool {
    fn is_number(s: &str) -> bool {
        let s = s.strip_prefix(['+', '-']).unwrap_or(s);
        let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        let grouped = int.contains(',');
        digits(frac)
            && digits(first)
            && (!grouped || first.len() <= 3)
            && groups.all(|g| g.len() == 3 && digits(g))
    }
    s.starts_with(['=', '@', '\t', '\r', '\n'])
        || (s.starts_with(['+', '-']) && s.len() > 1 && !is_number(s))
}

/// Whether a cell must be quoted. A byte search: the four are ASCII, so they never occur
/// inside a multi-byte character. Every cell of the open data passes through here, most of
/// them short (numbers, ids, names), where memchr's set-up costs more than looking at each
/// byte; long texts get memchr's vectorised search.
fn needs_quotes(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 32 {
        return b.iter().any(|&c| matches!(c, b'"' | b'\r' | b'\n' | b','));
    }
    memchr::memchr3(b'"', b'\r', b'\n', b).is_some() || memchr::memchr(b',', b).is_some()
}

/// Appends [`csv_field`] of `s` to `out`, in one pass over `s`.
pub fn push_field(out: &mut String, s: &str) {
    let formula = begins_like_formula(s);
    let quote = needs_quotes(s);
    if !formula && !quote {
        out.push_str(s);
        return;
    }
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    // Every line break (CRLF, lone CR, lone LF) becomes CRLF; a double quote is doubled.
    let bytes = s.as_bytes();
    let mut start = 0;
    for i in memchr::memchr3_iter(b'"', b'\r', b'\n', bytes) {
        if i < start {
            continue; // the LF of a CRLF already written
        }
        let (skip, with) = match bytes[i] {
            b'"' => (1, "\"\""),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => (2, "\r\n"),
            _ => (1, "\r\n"),
        };
        out.push_str(&s[start..i]);
        out.push_str(with);
        start = i + skip;
    }
    out.push_str(&s[start..]);
    if quote {
        out.push('"');
    }
}

/// A number as one CSV value: no thousands separators, no unit, no trailing `.0`.
pub fn number(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The BOM and the header row of a CSV file.
pub fn head_row(header: &[Column]) -> String {
    let mut out = String::from("\u{FEFF}");
    let names: Vec<&str> = header.iter().map(|c| c.name).collect();
    push_row(&mut out, "", &names);
    out
}

/// Appends one CSV row (with its CRLF): `prefix` (cells already written as CSV, each
/// followed by its comma), then `cells`.
pub fn push_row(out: &mut String, prefix: &str, cells: &[&str]) {
    out.push_str(prefix);
    for (k, c) in cells.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_field(out, c);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_per_rfc4180() {
        assert_eq!(csv_field("避難所"), "避難所");
        assert_eq!(csv_field("発電機,投光器"), "\"発電機,投光器\"");
        assert_eq!(csv_field("「\"見込\"」"), "\"「\"\"見込\"\"」\"");
        assert_eq!(csv_field("一行目\n二行目"), "\"一行目\r\n二行目\"");
        assert_eq!(csv_field("、。"), "、。");
    }

    /// `csv_field` as first written (three replaces and a format): the one-pass writer
    /// must give the same bytes.
    fn csv_field_reference(s: &str) -> String {
        let formula = begins_like_formula(s);
        let quote = s.contains([',', '"', '\r', '\n']);
        if !formula && !quote {
            return s.to_string();
        }
        let mut s = s
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\n', "\r\n");
        if formula {
            s.insert(0, '\'');
        }
        if quote {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    }

    #[test]
    fn one_pass_fields_match_the_reference() {
        const PIECES: [&str; 18] = [
            "a",
            "日本語",
            ",",
            "\"",
            "\r",
            "\n",
            "\r\n",
            "=",
            "+",
            "-",
            "@",
            "\t",
            "1",
            "1,234",
            ".5",
            " ",
            "\n\r",
            "\"\"",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut s = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let n = (seed >> 60) as usize;
            for _ in 0..n {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            assert_eq!(csv_field(&s), csv_field_reference(&s), "{s:?}");
            let mut row = String::new();
            push_row(&mut row, "", &[&s, "x"]);
            assert_eq!(row, format!("{},x\r\n", csv_field_reference(&s)), "{s:?}");
        }
    }

    #[test]
    fn formulas_are_defused_but_numbers_stay_numbers() {
        // OWASP's list: = + - @ tab CR (and LF, which becomes CR LF).
        assert_eq!(
            csv_field("=HYPERLINK(\"https://evil.example/\",\"詳細\")"),
            "\"'=HYPERLINK(\"\"https://evil.example/\"\",\"\"詳細\"\")\""
        );
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("@SUM(A1:A9)"), "'@SUM(A1:A9)");
        assert_eq!(csv_field("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(
            csv_field("-2+3+cmd|' /C calc'!A0"),
            "'-2+3+cmd|' /C calc'!A0"
        );
        assert_eq!(csv_field("-から始まる目標"), "'-から始まる目標");
        assert_eq!(csv_field("\t=1+1"), "'\t=1+1");
        assert_eq!(csv_field("\r=1+1"), "\"'\r\n=1+1\"");
        assert_eq!(csv_field("\n=1+1"), "\"'\r\n=1+1\"");
        // Numbers, signed or not, are left alone.
        for n in ["-3.5", "-3", "+5", "0", "4500000", "94.25", "-0.1"] {
            assert_eq!(csv_field(n), n);
        }
        // Quoted for the commas (RFC 4180) but without the single quote.
        assert_eq!(csv_field("-1,234,567"), "\"-1,234,567\"");
        assert_eq!(csv_field("+1,234.5"), "\"+1,234.5\"");
        assert_eq!(csv_field("-"), "-");
        assert_eq!(csv_field("+"), "+");
        // Almost numbers are text.
        for t in [
            "-1e5", "-3.5%", "--3", "-3.", "-.5", "-1,23", "-12,3456", "-1 234", "-3-1",
        ] {
            let want = match t.contains(',') {
                true => format!("\"'{t}\""),
                false => format!("'{t}"),
            };
            assert_eq!(csv_field(t), want, "{t}");
        }
        // Text that only contains the characters later is untouched.
        assert_eq!(csv_field("A=B"), "A=B");
        assert_eq!(csv_field("メール@市役所"), "メール@市役所");
        assert_eq!(csv_field("５-２-１"), "５-２-１");
        assert_eq!(csv_field(" =1"), " =1");
    }

    #[test]
    fn csv_has_bom_and_crlf() {
        let b = csv(
            &[
                crate::model::opendata::col("a", ""),
                crate::model::opendata::col("b", ""),
            ],
            &[vec!["1".into(), "x\ny".into()]],
        );
        assert!(b.starts_with(&[0xEF, 0xBB, 0xBF]));
        let s = String::from_utf8(b).unwrap();
        assert_eq!(s, "\u{FEFF}a,b\r\n1,\"x\r\ny\"\r\n");
    }

    #[test]
    fn numbers_have_no_separators() {
        assert_eq!(number(4_500_000.0), "4500000");
        assert_eq!(number(94.25), "94.25");
        assert_eq!(number(-3.0), "-3");
        // A negative number stays a number in the CSV (no formula guard).
        assert_eq!(csv_field(&number(-3.5)), "-3.5");
    }
}
