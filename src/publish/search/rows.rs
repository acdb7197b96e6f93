//! Each document's result row `[url, title, kind, context, text, year]` and the JSON
//! strings of `index.js`, written by hand in one pass over the bytes (every row and token of
//! the site goes through here) and escaped so that nothing a field holds can end or break
//! the script that loads the index.

use super::documents::SearchDoc;

/// Characters of a document's text kept in its row: the browser cuts the snippet shown
/// under a result from them, around the first match (the README, サイト内検索, says what
/// this costs in size). A match further in finds the document but shows its beginning.
const EXCERPT_CHARS: usize = 200;

/// The start of `text` kept in a document's row: runs of white space made one space (none
/// at the start), cut after [`EXCERPT_CHARS`] characters with `…`.
pub(super) fn excerpt(text: &str) -> String {
    // One pass over the bytes, stopping one character past the limit: Japanese text has no
    // spaces, so splitting into words first would scan a whole paragraph (or document) to
    // keep the start of it. Words are copied whole, not character by character.
    let bytes = text.as_bytes();
    let mut flat = String::with_capacity(EXCERPT_CHARS * 3 + 4);
    let mut count = 0;
    let mut i = 0;
    'words: loop {
        // Leading white space is dropped; a run inside is one space, written only if a
        // character follows (trailing white space is neither kept nor counted).
        loop {
            let Some(&b) = bytes.get(i) else {
                break 'words;
            };
            if !white_at(text, i, b) {
                break;
            }
            i += usize::from(CHAR_LEN[b as usize]);
        }
        if count > 0 {
            flat.push(' ');
            count += 1;
            if count > EXCERPT_CHARS {
                break;
            }
        }
        let word = i;
        while let Some(&b) = bytes.get(i) {
            if white_at(text, i, b) {
                break;
            }
            i += usize::from(CHAR_LEN[b as usize]);
            count += 1;
            if count > EXCERPT_CHARS {
                break;
            }
        }
        flat.push_str(&text[word..i]);
        if count > EXCERPT_CHARS {
            break;
        }
    }
    if count > EXCERPT_CHARS {
        // Exactly EXCERPT_CHARS + 1 characters were kept: drop the last one.
        flat.pop();
        flat.push('…');
    }
    flat
}

/// The length of a UTF-8 character from its first byte (1 for a continuation byte, which
/// is never looked up: the loops step from character to character).
static CHAR_LEN: [u8; 256] = {
    let mut t = [1u8; 256];
    let mut b = 0xC0;
    while b < 256 {
        t[b] = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        b += 1;
    }
    t
};

/// Whether the character at byte `i` of `text`, whose first byte is `b`, is white space
/// (`char::is_whitespace`): besides ASCII, only characters whose first byte is C2, E1, E2
/// or E3 can be, and of E3 only U+3000.
#[inline(always)]
fn white_at(text: &str, i: usize, b: u8) -> bool {
    match b {
        b' ' | b'\t'..=b'\r' => true,
        0xE3 => text.as_bytes()[i + 1..].starts_with(&[0x80, 0x80]),
        0xC2 | 0xE1 | 0xE2 => text[i..].chars().next().is_some_and(char::is_whitespace),
        _ => false,
    }
}

/// A document's row `[url, title, kind, context, text, year` as JSON, without the closing
/// bracket: the writer adds the group when the document has an earlier one.
#[inline(never)] // (its own entry in profiles)
pub(super) fn row_json(d: &SearchDoc) -> Vec<u8> {
    let mut o = Vec::with_capacity(256);
    o.push(b'[');
    json_str(&mut o, &d.url);
    o.push(b',');
    json_str(&mut o, &d.title);
    o.push(b',');
    json_str(&mut o, d.kind);
    o.push(b',');
    json_str(&mut o, &d.context);
    o.push(b',');
    json_str(&mut o, &excerpt(&d.text));
    o.push(b',');
    o.extend_from_slice(d.year.to_string().as_bytes());
    o
}

/// Writes `s` as a JSON string, escaped as `serde_json` does (`\"`, `\\`, control
/// characters) and, in addition, with `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes.
pub(super) fn json_str(out: &mut Vec<u8>, s: &str) {
    // Whatever a field holds, nothing in index.js may end or comment out a script
    // (`</script>`, `<!--`) or trip JavaScript parsers older than ES2019 (U+2028/2029);
    // inside a JSON string a \u escape is the same value (tests/xss.rs checks this).
    // One pass copying the runs between the bytes that may need an escape: every row of the
    // index goes through here. It steps from character to character (a kanji is one step,
    // not three), so it is never on a continuation byte. How far to step over a first
    // byte that needs no escape: the length of its character; 0 for one that may need one.
    static STEP: [u8; 256] = {
        let mut t = CHAR_LEN;
        let mut b = 0;
        while b < 0x20 {
            t[b] = 0;
            b += 1;
        }
        t[b'"' as usize] = 0;
        t[b'\\' as usize] = 0;
        t[b'<' as usize] = 0;
        t[b'>' as usize] = 0;
        t[b'&' as usize] = 0;
        t[0xE2] = 0; // the first byte of U+2028 and U+2029 (and of … and many more)
        t
    };
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let (mut i, mut run) = (0, 0);
    while let Some(&b) = bytes.get(i) {
        let step = STEP[b as usize];
        if step != 0 {
            i += usize::from(step);
            continue;
        }
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            b'&' => b"\\u0026",
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA8]) => b"\\u2028",
            0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA9]) => b"\\u2029",
            0xE2 => {
                i += 3;
                continue;
            }
            _ => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xF) as usize],
            ],
        };
        out.extend_from_slice(&bytes[run..i]);
        out.extend_from_slice(esc);
        i += if b == 0xE2 { 3 } else { 1 };
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Writes `n` as a JSON number.
pub(super) fn json_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `excerpt` as it was (split into words first), to check the one-pass version against.
    fn excerpt_reference(text: &str) -> String {
        let mut flat = String::new();
        let mut count = 0;
        for (k, word) in text.split_whitespace().enumerate() {
            if count > EXCERPT_CHARS {
                break;
            }
            if k > 0 {
                flat.push(' ');
                count += 1;
            }
            for c in word.chars() {
                if count > EXCERPT_CHARS {
                    break;
                }
                flat.push(c);
                count += 1;
            }
        }
        if count > EXCERPT_CHARS {
            let mut s: String = flat.chars().take(EXCERPT_CHARS).collect();
            s.push('…');
            s
        } else {
            flat
        }
    }

    #[test]
    fn excerpt_is_what_it_was() {
        let n = EXCERPT_CHARS;
        let ja = |k: usize| "避難所の開設".chars().cycle().take(k).collect::<String>();
        let mut cases: Vec<String> = [
            "",
            " ",
            "\n\t \u{3000}",
            "a",
            " a",
            "a ",
            "  a \n\n b\t\tc  ",
            "政策推進部は、\n\n予算編成\u{3000}と\u{00A0}財政\u{2028}運営",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Around the limit: exactly n, n ± 1 characters, with a space at, before and after
        // the cut, and trailing or leading white space.
        for k in n - 3..=n + 3 {
            cases.push(ja(k));
            cases.push(format!("{} ", ja(k)));
            cases.push(format!("\u{3000}{}\n", ja(k)));
            cases.push(format!("{} x", ja(k)));
            cases.push(format!("{}  \n x", ja(k)));
            cases.push(format!("{} {}", ja(k), ja(k)));
            cases.push(format!("{} \u{3000}", ja(k)));
            cases.push("a ".repeat(k));
            cases.push(" b".repeat(k));
        }
        cases.push(ja(100_000));
        for t in &cases {
            assert_eq!(excerpt(t), excerpt_reference(t), "{t:?}");
        }
        // Every character, between words, at the start and at the end.
        for c in (0..0x11000)
            .chain(0x1F000..0x1F100)
            .filter_map(char::from_u32)
        {
            for t in [format!("a{c}b"), format!("{c}b"), format!("{}{c}", ja(n))] {
                assert_eq!(excerpt(&t), excerpt_reference(&t), "{t:?}");
            }
        }
        assert_eq!(excerpt(&format!("{} x", ja(n))), format!("{}…", ja(n)));
        assert_eq!(excerpt(&format!("{}\n", ja(n))), ja(n));
    }

    /// `json_str` as it was: serde_json, then the extra escapes.
    fn json_str_reference(s: &str) -> String {
        serde_json::to_string(s)
            .unwrap()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    }

    #[test]
    fn json_str_is_what_it_was() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        for s in [
            "",
            "a",
            "\"",
            "\\",
            "</script><!--",
            "a&b<c>d\"e\\f",
            "\u{2028}\u{2029}",
            "x\u{2028}",
            "\u{2029}y",
            "…「避難所」– — ‘’ “” •\u{2027}\u{202A}\u{2030}",
            "\u{7f}\u{80}\u{9f}\u{a0}",
            "政策推進部は、\n\t予算編成\r\n",
            controls.as_str(),
            "末尾\u{e2}",
        ] {
            let mut out = Vec::new();
            json_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                json_str_reference(s),
                "{s:?}"
            );
        }
    }
}
