//! The fast path for plain prose: text that uses no Markdown but paragraphs and simple
//! 「- 」 lists (most of what report writers type) becomes the same HTML and plain text
//! pulldown-cmark would make, without parsing. `plain_path_agrees_with_parser` and the
//! tests beside [`super`] hold the two to the same bytes, line breaks included (each
//! becomes what [`line_join`] says, as `super::breaks` does for the parser).

use crate::model::lines::{LineJoin, line_join};

/// A block of prose that uses no Markdown but paragraphs and a simple bullet list: most
/// of what report writers type (lines of Japanese text, 「- 」 lists of actions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum PlainBlock {
    /// A paragraph: the lines in bytes `start..end` of the source.
    Paragraph(usize, usize),
    /// A tight list of one-line 「- 」 items: the lines in bytes `start..end`.
    List(usize, usize),
}

/// ASCII bytes that may be Markdown markup, need escaping in HTML, or be changed by the
/// parser (control characters, carriage returns, tabs): their presence sends the field to
/// the full parser.
const fn markup_bytes() -> [bool; 128] {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\n' as usize;
        b += 1;
    }
    t[0x7f] = true;
    let special = b"\\`*_[]!<>&~|#=\"'";
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t
}

const MARKUP_BYTES: [bool; 128] = markup_bytes();

/// Whether `line` starts like an ordered list item (`1.`, `2)`).
fn starts_like_ordered_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
}

/// The blocks of `src` when it is plain prose: paragraphs of lines with no markup character
/// and no leading or trailing space, and tight lists of 「- 」 items each on one line,
/// separated by blank lines. Anything else (`None`) goes through pulldown-cmark, which
/// gives the same HTML and text for these blocks (the test `plain_prose_matches_the_parser`
/// and the fuzz target `markdown` compare the two). Parsing is most of the Markdown cost
/// of a build, and most fields need none of it.
pub(super) fn plain_blocks(src: &str) -> Option<Vec<PlainBlock>> {
    if has_markup_byte(src) {
        return None;
    }
    let mut blocks = Vec::new();
    // The open block: its first byte and whether it is a list; and where the last line
    // of text ended.
    let mut open: Option<(usize, bool)> = None;
    let mut text_end = 0;
    let mut last_was_list = false;
    let mut pos = 0;
    for line in split_lines(src) {
        let start = pos;
        pos += line.len() + 1;
        if line.is_empty() {
            if let Some((first, list)) = open.take() {
                blocks.push(if list {
                    PlainBlock::List(first, text_end)
                } else {
                    PlainBlock::Paragraph(first, text_end)
                });
            }
            continue;
        }
        if line.starts_with(' ') || line.ends_with(' ') || line.starts_with('+') {
            return None;
        }
        let is_item = match line.strip_prefix('-') {
            None if starts_like_ordered_item(line) => return None,
            None => false,
            Some(rest) => {
                let item = rest.strip_prefix(' ')?;
                if item.is_empty()
                    || item.starts_with([' ', '-', '+'])
                    || starts_like_ordered_item(item)
                {
                    return None;
                }
                true
            }
        };
        match open {
            None => {
                // Two lists with only blank lines between are one loose list (its items
                // wrapped in <p>): left to the parser.
                if is_item && last_was_list {
                    return None;
                }
                open = Some((start, is_item));
                last_was_list = is_item;
            }
            // A list item interrupting a paragraph, or a paragraph line continuing an
            // item: left to the parser.
            Some((_, list)) if list != is_item => return None,
            Some(_) => {}
        }
        text_end = start + line.len();
    }
    if let Some((first, list)) = open {
        blocks.push(if list {
            PlainBlock::List(first, text_end)
        } else {
            PlainBlock::Paragraph(first, text_end)
        });
    }
    Some(blocks)
}

/// Whether `src` holds any byte of [`MARKUP_BYTES`]. Eight bytes at a time while none of
/// them is ASCII (Japanese prose is mostly multi-byte characters, and every markup byte
/// is ASCII): this scan runs over every Markdown field, up to three times a build.
pub(super) fn has_markup_byte(src: &str) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let markup = |b: &u8| *b < 0x80 && MARKUP_BYTES[*b as usize];
    let mut chunks = src.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if u64::from_ne_bytes(word) & HIGH != HIGH && chunk.iter().any(markup) {
            return true;
        }
    }
    chunks.remainder().iter().any(markup)
}

/// `s.split('\n')`, with memchr's vectorised search: every line of the site's prose is
/// split here twice (std's search was a fifth of the plain-prose path).
pub(super) fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match memchr::memchr(b'\n', r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The lines of a block, list markers taken off, each passed to `f`.
fn block_lines(src: &str, block: PlainBlock, mut f: impl FnMut(&str)) {
    let (text, marker) = match block {
        PlainBlock::Paragraph(a, b) => (&src[a..b], 0),
        PlainBlock::List(a, b) => (&src[a..b], 2),
    };
    for line in split_lines(text) {
        f(&line[marker..]);
    }
}

/// The HTML pulldown-cmark writes for [`plain_blocks`].
pub(super) fn blocks_html(src: &str, blocks: &[PlainBlock]) -> String {
    let mut out = String::with_capacity(src.len() + 32 * blocks.len());
    for &b in blocks {
        match b {
            PlainBlock::Paragraph(..) => {
                out.push_str("<p>");
                let mut prev = None;
                block_lines(src, b, |l| {
                    if let Some(p) = prev {
                        out.push_str(match line_join(p, l) {
                            LineJoin::Break => "<br />\n",
                            LineJoin::Join => "",
                            LineJoin::Space => "\n",
                        });
                    }
                    out.push_str(l);
                    prev = Some(l.chars().next_back());
                });
                out.push_str("</p>\n");
            }
            PlainBlock::List(..) => {
                out.push_str("<ul>\n");
                block_lines(src, b, |l| {
                    out.push_str("<li>");
                    out.push_str(l);
                    out.push_str("</li>\n");
                });
                out.push_str("</ul>\n");
            }
        }
    }
    out
}

/// The text [`plain_text`] makes of [`plain_blocks`]: every line, list markers taken off.
pub(super) fn blocks_text(src: &str, blocks: &[PlainBlock]) -> String {
    let mut out = String::with_capacity(src.len());
    push_blocks_text(src, blocks, &mut out);
    out
}

/// Appends [`blocks_text`] to `out`.
pub(super) fn push_blocks_text(src: &str, blocks: &[PlainBlock], out: &mut String) {
    let start = out.len();
    for &b in blocks {
        let mut prev = None;
        block_lines(src, b, |l| {
            // Lines joined on the page are one line of text (市民の皆様 is found as one word).
            if let Some(p) = prev
                && matches!(b, PlainBlock::Paragraph(..))
                && line_join(p, l) == LineJoin::Join
            {
                out.pop();
            }
            out.push_str(l);
            out.push('\n');
            prev = Some(l.chars().next_back());
        });
    }
    out.truncate(start + out[start..].trim_end().len());
}
