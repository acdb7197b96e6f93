//! How the lines of a prose field join on the page (content-format.md: "a prose field keeps
//! the source's line structure"): which characters are Japanese, and which marks at the
//! start of a line begin a new line. Rendering (HTML and plain text) applies the rule;
//! `hyoka check` uses the marks to find lists that the rule does not keep apart.

/// What a single line break inside a paragraph becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineJoin {
    /// A line break on the page (`<br>`): the next line starts with a list mark.
    Break,
    /// Nothing: the lines meet between two Japanese characters (市民の / 皆様 → 市民の皆様).
    Join,
    /// A space, as Markdown has it (between Latin words, digits …).
    Space,
}

/// What the line break between a line ending in `prev` (its last character) and the line
/// `next` becomes: a break before a list mark or a 字下げ (a line starting with U+3000),
/// nothing between Japanese characters, else a space.
pub fn line_join(prev: Option<char>, next: &str) -> LineJoin {
    if next.starts_with('\u{3000}') || list_mark_len(next).is_some() {
        return LineJoin::Break;
    }
    match (prev, next.chars().next()) {
        (Some(a), Some(b)) if is_japanese(a) && is_japanese(b) => LineJoin::Join,
        _ => LineJoin::Space,
    }
}

/// Whether `c` is a character of Japanese text: kana (full- and half-width), kanji, the
/// ideographic space and punctuation, full-width forms (ＡＢＣ１２３（）！), and the
/// symbols Japanese documents set full-width (①, ㈱, ㎡, ●, ※, …). A line break between
/// two of them is not a word space.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'     // 、。「」々〆〜 and the ideographic space
        | '\u{3040}'..='\u{30FF}'   // hiragana, katakana (・ ー included)
        | '\u{31F0}'..='\u{31FF}'   // small katakana for Ainu
        | '\u{3200}'..='\u{33FF}'   // ㈱ ㉑ ㊤ ㍻ ㎡
        | '\u{3400}'..='\u{4DBF}'   // kanji, extension A
        | '\u{4E00}'..='\u{9FFF}'   // kanji
        | '\u{F900}'..='\u{FAFF}'   // compatibility kanji
        | '\u{FE30}'..='\u{FE4F}'   // vertical forms
        | '\u{FF01}'..='\u{FF9F}'   // full-width ASCII, half-width katakana
        | '\u{FFE0}'..='\u{FFE6}'   // ￥ ￠ …
        | '\u{20000}'..='\u{3FFFF}' // kanji, extensions B and later (𠮷)
        | '\u{2460}'..='\u{24FF}'   // ① ⑴ ⒈
        | '\u{2776}'..='\u{2793}'   // ❶ ➀
        | '\u{25A0}'..='\u{25FF}'   // ■ □ ● ○ ◆ ◇ ◎ ▼
        | '\u{2605}' | '\u{2606}'   // ★ ☆
        | '\u{2015}' | '\u{2025}' | '\u{2026}' | '\u{203B}' // ― ‥ … ※
    )
}

/// The single characters that start a new line: circled and parenthesised numbers, the
/// bullets Japanese documents use, and ※ (a note on its own line).
fn is_mark_char(c: char) -> bool {
    matches!(c,
        '\u{2460}'..='\u{249B}'     // ①…⑳ ⑴…⒇ ⒈…⒛
        | '\u{3251}'..='\u{325F}'   // ㉑…㉟
        | '\u{32B1}'..='\u{32BF}'   // ㊱…㊿
        | '\u{2776}'..='\u{2793}'   // ❶…❿ ➀…➓
        | '・' | '･' | '•'
        | '●' | '○' | '〇' | '◯'   // 〇 and ◯: what an IME gives for まる
        | '■' | '□' | '◆' | '◇'
        | '※'
    )
}

/// ASCII or full-width digits at the start of `s`, at most two (item numbers, not years):
/// their length in bytes, or `None` when there are none or more than two.
fn item_number_len(s: &str) -> Option<usize> {
    let n = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    if n == 0 || n > 2 {
        return None;
    }
    Some(s.chars().take(n).map(char::len_utf8).sum())
}

/// The length in bytes of the list mark `line` starts with, if it starts with one that
/// [`line_join`] keeps on its own line: a mark character (①, ・, ●, ○, ■, ※ …), a
/// parenthesised number `(1)`/`（１）`, or a number and `.`/`．`/`)`/`）` (`1.`, `１．`,
/// `2)`) not followed by another digit (so `2.5倍` is no mark). Half-width and full-width
/// forms alike.
pub fn list_mark_len(line: &str) -> Option<usize> {
    let first = line.chars().next()?;
    if is_mark_char(first) {
        return Some(first.len_utf8());
    }
    let close = |s: &str| {
        ['.', '．', ')', '）']
            .into_iter()
            .find(|c| s.starts_with(*c))
    };
    if first == '(' || first == '（' {
        let rest = &line[first.len_utf8()..];
        let n = item_number_len(rest)?;
        let after = &rest[n..];
        let c = [')', '）'].into_iter().find(|c| after.starts_with(*c))?;
        return Some(first.len_utf8() + n + c.len_utf8());
    }
    let n = item_number_len(line)?;
    let c = close(&line[n..])?;
    let end = n + c.len_utf8();
    match line[end..].chars().next() {
        Some(d) if d.is_ascii_digit() || ('０'..='９').contains(&d) => None,
        _ => Some(end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_characters() {
        for c in "あア｡ｱﾝ漢字々〆〇ー・、。「」（）！？ＡＢ１２\u{3000}①⑴㉑㈱㎡●○■※…𠮷".chars()
        {
            assert!(is_japanese(c), "{c} ({:04X})", c as u32);
        }
        for c in "aZ09 .,()!?-éß한글\u{a0}\n".chars() {
            assert!(!is_japanese(c), "{c} ({:04X})", c as u32);
        }
    }

    #[test]
    fn recognised_marks() {
        for (line, mark) in [
            ("①窓口の改善", "①"),
            ("⑳最後", "⑳"),
            ("㉑続き", "㉑"),
            ("㊿まで", "㊿"),
            ("⑴括弧付き", "⑴"),
            ("❶黒丸数字", "❶"),
            ("・中黒", "・"),
            ("･半角中黒", "･"),
            ("●黒丸", "●"),
            ("○白丸", "○"),
            ("〇漢数字のゼロ", "〇"),
            ("■四角", "■"),
            ("□白四角", "□"),
            ("◆ひし形", "◆"),
            ("◇白ひし形", "◇"),
            ("※注記", "※"),
            ("(1)半角", "(1)"),
            ("（１）全角", "（１）"),
            ("(１）混在", "(１）"),
            ("（12）二けた", "（12）"),
            ("1.半角", "1."),
            ("1. 空白あり", "1."),
            ("１．全角", "１．"),
            ("1．混在", "1．"),
            ("2)かっこ", "2)"),
            ("１０）全角", "１０）"),
        ] {
            assert_eq!(list_mark_len(line), Some(mark.len()), "{line}");
        }
        for line in [
            "",
            "市民の皆様",
            "2.5倍になりました",
            "１．５倍",
            "2024.4.1から",
            "(123)三けた",
            "(ア)カタカナ",
            "ア　カタカナ",
            "a)英字",
            "◎二重丸",
            "▼三角",
            "★星",
            "-ハイフン",
            "＊アステリスク",
            "1年目",
            "(1",
        ] {
            assert_eq!(list_mark_len(line), None, "{line}");
        }
    }

    #[test]
    fn line_breaks_become_breaks_nothing_or_spaces() {
        assert_eq!(line_join(Some('の'), "皆様"), LineJoin::Join);
        assert_eq!(line_join(Some('。'), "次に"), LineJoin::Join);
        assert_eq!(line_join(Some('）'), "１件"), LineJoin::Join);
        assert_eq!(line_join(Some('。'), "①次に"), LineJoin::Break);
        assert_eq!(line_join(Some('a'), "・b"), LineJoin::Break);
        assert_eq!(line_join(Some('。'), "\u{3000}字下げ"), LineJoin::Break);
        assert_eq!(line_join(Some('。'), "(2)次"), LineJoin::Break);
        assert_eq!(line_join(Some('e'), "words"), LineJoin::Space);
        assert_eq!(line_join(Some('T'), "を活用"), LineJoin::Space);
        assert_eq!(line_join(Some('の'), "ICT"), LineJoin::Space);
        assert_eq!(line_join(Some('4'), "年度"), LineJoin::Space);
        assert_eq!(line_join(None, "皆様"), LineJoin::Space);
        assert_eq!(line_join(Some('の'), ""), LineJoin::Space);
    }
}
