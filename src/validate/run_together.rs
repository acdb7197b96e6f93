//! Lists that will run together: consecutive lines of a paragraph that start with the same
//! kind of item mark, one that the page does not keep on its own line (ア/イ/ウ, (ｱ), ◎, ▼,
//! a), -…; the marks it keeps are [`crate::model::lines::list_mark_len`]'s). On the page such
//! lines become one line, so `hyoka check` says so and what to write instead.

use super::lint::locate;
use crate::diag::{Diagnostic, SourceMap};
use crate::model::At;
use crate::model::lines::list_mark_len;

/// Symbols used as item marks that do not start a new line on the page.
const SYMBOLS: &[char] = &[
    '◎', '▼', '▽', '▲', '△', '▶', '▷', '►', '★', '☆', '◉', '▪', '▫', '♦', '✓', '✔', '☑', '⇒', '→',
    '＞', '＊', '＋', '＃', '－', '【', '〔', '［', '〈', '《', '＜',
];

/// What may follow an enumerator (ア, 一, a, 1) to make it one.
const AFTER_ENUMERATOR: &[char] = &[' ', '\u{3000}', '.', '．', '、', ')', '）'];

/// Katakana (full- or half-width) or a kanji numeral, as used to number items: ア, ｲ, 三.
fn is_kana_or_kanji_numeral(c: char) -> bool {
    matches!(c, 'ァ'..='ヶ' | 'ｦ'..='ﾝ' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// The kind of unkept item mark `line` starts with (lines with marks of one kind form a
/// list: ア and イ are one kind, ◎ and ★ two) and the mark as written; `None` when the line
/// starts with no mark, with one the page keeps on its own line, or with Markdown that
/// makes a list.
fn unkept_mark(line: &str) -> Option<(char, &str)> {
    if list_mark_len(line).is_some() {
        return None;
    }
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    let (second_at, second) = chars.next().unwrap_or((line.len(), '\n'));
    let upto = |i: usize| &line[..i];
    let mark_end = |c: char, at: usize| at + c.len_utf8();
    // -項目 and +項目: Markdown makes a list only with a space after the mark.
    if SYMBOLS.contains(&first) || (matches!(first, '-' | '+') && !" \t-+".contains(second)) {
        return Some((first, upto(first.len_utf8())));
    }
    // ア　 イ． 一、 三）
    if is_kana_or_kanji_numeral(first) && AFTER_ENUMERATOR.contains(&second) {
        let end = if second == ' ' || second == '\u{3000}' {
            second_at
        } else {
            mark_end(second, second_at)
        };
        return Some(('ア', upto(end)));
    }
    // a) b． (only with a space or Japanese after the point: "e.g." is no mark)
    if first.is_ascii_alphabetic() {
        let third = line[second_at..].chars().nth(1);
        let point_ok = match third {
            None | Some(' ' | '\u{3000}') => true,
            Some(c) => !c.is_ascii(),
        };
        if matches!(second, ')' | '）') || (matches!(second, '.' | '．') && point_ok) {
            return Some(('a', upto(mark_end(second, second_at))));
        }
    }
    // (ア) （ｲ） (a) (三)
    if matches!(first, '(' | '（')
        && (is_kana_or_kanji_numeral(second) || second.is_ascii_alphabetic())
    {
        let rest = &line[mark_end(second, second_at)..];
        if let Some(close) = [')', '）'].into_iter().find(|c| rest.starts_with(*c)) {
            return Some(('(', upto(line.len() - rest.len() + close.len_utf8())));
        }
    }
    // 1　 １、 (a number and a space or 、; with 1. and 1) the page keeps the line)
    let digits: Vec<char> = line
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .take(3)
        .collect();
    let len: usize = digits.iter().map(|c| c.len_utf8()).sum();
    if (1..=2).contains(&digits.len()) && line[len..].starts_with([' ', '\u{3000}', '、']) {
        return Some(('1', upto(len)));
    }
    None
}

/// Warns where consecutive lines of a paragraph in `field` start with item marks of one
/// kind that the page does not keep apart: they would show as one run-on line.
pub(super) fn run_together(field: &At<String>, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let mut run: Vec<(&str, &str)> = Vec::new();
    let mut kind = None;
    let mut fenced = false;
    let mut flush = |run: &mut Vec<(&str, &str)>| {
        if run.len() >= 2 {
            let marks: Vec<String> = run
                .iter()
                .take(3)
                .map(|(_, m)| format!("「{m}」"))
                .collect();
            let more = if run.len() > 3 { "…" } else { "" };
            let (line, mark) = run[1];
            let mut loc = locate(sources, field, line);
            if (loc.end - loc.start) as usize == line.len() {
                // Found as written: underline the mark alone.
                loc.end = loc.start + mark.len() as u32;
            }
            out.push(
                Diagnostic::warning(
                    loc,
                    format!(
                        "{}{more}で始まる行が {} 行続いていますが、このままではページでは改行されず、1 行につながって表示されます。",
                        marks.join(""),
                        run.len()
                    ),
                )
                .hint("1 行ずつ表示するには、行の先頭を ①②… ・ ● ○ ■ (1) 1. のどれかにするか、項目の間に空行を入れるか、「- 」（半角のハイフンと空白）で始まる箇条書きにしてください。"),
            );
        }
        run.clear();
    };
    for line in field.v.lines() {
        let t = line.trim_start_matches([' ', '\t']);
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        let mark = if fenced { None } else { unkept_mark(t) };
        match mark {
            Some((k, m)) if t.len() > m.len() => {
                if kind != Some(k) {
                    flush(&mut run);
                    kind = Some(k);
                }
                run.push((t, m));
            }
            _ => {
                flush(&mut run);
                kind = None;
            }
        }
    }
    flush(&mut run);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unkept_marks_by_kind() {
        for (line, kind, mark) in [
            ("ア　窓口の改善", 'ア', "ア"),
            ("イ．相談", 'ア', "イ．"),
            ("ｳ 半角", 'ア', "ｳ"),
            ("三、三つ目", 'ア', "三、"),
            ("(ｱ)半角", '(', "(ｱ)"),
            ("（イ）全角", '(', "（イ）"),
            ("(a)英字", '(', "(a)"),
            ("a)英字", 'a', "a)"),
            ("b. 英字", 'a', "b."),
            ("◎二重丸", '◎', "◎"),
            ("▼三角", '▼', "▼"),
            ("★星", '★', "★"),
            ("＊全角", '＊', "＊"),
            ("-ハイフン", '-', "-"),
            ("【目標】", '【', "【"),
            ("1　数字と空白", '1', "1"),
            ("１２、全角", '1', "１２"),
        ] {
            assert_eq!(unkept_mark(line), Some((kind, mark)), "{line}");
        }
        for line in [
            "",
            "①丸数字",
            "・中黒",
            "(1)数字",
            "1.数字",
            "- 箇条書き",
            "-- 二つ",
            "アンケートを実施",
            "イベントの開催",
            "一人ひとり",
            "e.g. example",
            "2024 年度",
            "市民の皆様",
            "**太字**",
        ] {
            assert_eq!(unkept_mark(line), None, "{line}");
        }
    }
}
