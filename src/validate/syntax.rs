//! Reading TOML text, and saying in Japanese why it cannot be read: the toml crate's
//! English parse errors become a message and a hint that city staff can act on.

use super::reader::Ctx;
use toml::de::DeTable;

/// Parses TOML text, reporting a syntax error in Japanese at its position. When the text
/// has several errors, the first in the text is reported: later ones are usually its
/// consequences (an unclosed string swallows the next line).
pub(super) fn parse_toml<'i>(text: &'i str, cx: &mut Ctx) -> Option<toml::Spanned<DeTable<'i>>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    let first = errors
        .iter()
        .min_by_key(|e| e.span().map(|s| s.start).unwrap_or(usize::MAX));
    match first {
        None => Some(doc),
        Some(e) => {
            let mut span = e.span().unwrap_or(0..0);
            let (msg, hint) = explain_toml_error(e.message(), text, span.start);
            // An unclosed """ runs to the end of the file: point at where it opened.
            if e.message().contains("multi-line")
                && let Some(open) = text
                    .get(..span.start)
                    .and_then(|t| t.rfind("\"\"\"").or_else(|| t.rfind("'''")))
            {
                span = open..open + 3;
            }
            cx.error(span, msg, hint);
            None
        }
    }
}

/// A text that holds nothing: empty, only blanks (a file of only a BOM is empty once the
/// BOM is dropped).
fn is_blank(text: &str) -> bool {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .is_empty()
}

/// A whole TOML file read for its fields: `None` (with the reasons in `cx`) when it is
/// blank or is not TOML.
pub(super) fn parse_file<'i>(text: &'i str, cx: &mut Ctx) -> Option<toml::Spanned<DeTable<'i>>> {
    if refuse_blank(text, cx) {
        return None;
    }
    parse_toml(text, cx)
}

/// Refuses an empty TOML file: usually a save that failed or a file created and never
/// written, which must not publish an empty page or silently lose a department.
pub(super) fn refuse_blank(text: &str, cx: &mut Ctx) -> bool {
    if is_blank(text) {
        cx.error(
            0..0,
            "ファイルが空です（何も書かれていません）。",
            "保存に失敗して中身が消えた可能性があります。git などで前の版に戻すか、不要ならファイルを削除してください。",
        );
        return true;
    }
    false
}

/// What a row of [`EXPLANATIONS`] looks for in the parser's message (lower-cased).
enum Says {
    /// Any of these words.
    Any(&'static [&'static str]),
    /// Any of these words, at a comma right after a digit (1,000 written as a number).
    AtDigitComma(&'static [&'static str]),
    /// "day between 01 and NN": the month's last day, put in for `{d}` in the message.
    LastDay,
}

/// What the TOML parser may say, and how to say it in Japanese: (what it says, message,
/// hint). The first row that matches wins, so the order matters: a specific wording
/// comes before a broader one that would also match it (`unclosed array table` before
/// `unclosed array`, `date` before `number`).
const EXPLANATIONS: &[(Says, &str, &str)] = &[
    (
        Says::Any(&["duplicate key"]),
        "同じ項目（または同じ [表] の見出し）が二度書かれています",
        "どちらか一方を削除してください。表を繰り返すときは [[goals]] のように角かっこを二重にします。",
    ),
    (
        Says::Any(&["visible characters", "printable"]),
        "目に見えない制御文字が入っています",
        "ほかの文書やウェブページから貼り付けたときに入ることがあります。この位置の文字を消して打ち直してください。",
    ),
    (
        Says::Any(&["invalid multi-line"]),
        "複数行の文字列の終わりの \"\"\"（または '''）がありません",
        "\"\"\" で始めた文章は、最後にもう一度 \"\"\" を書いて閉じます。",
    ),
    (
        Says::Any(&[
            "invalid basic string",
            "invalid literal string",
            "carriage return",
        ]),
        "文字列の終わりの引用符（\" または '）がありません",
        "1 行の文字列は同じ行の中で \"…\" と閉じます。複数行にわたる文章は \"\"\"…\"\"\"（ダブルクォート三つ）で囲んでください。",
    ),
    (
        Says::Any(&[
            "missing escaped value",
            "unicode hexadecimal",
            "too few unicode",
        ]),
        "文字列の中の \\（円記号・バックスラッシュ）の使い方が正しくありません",
        "\\ を文字として書くときは \\\\ と二つ重ねるか、'…'（シングルクォート）で囲んでください。",
    ),
    (
        Says::Any(&["unclosed array table", "unclosed table"]),
        "表の見出しの閉じかっこ ] がありません",
        "見出しは [budget] や [[goals]] のように、開いたかっこと同じ数だけ閉じます。",
    ),
    (
        Says::Any(&["unclosed array"]),
        "配列の閉じかっこ ] がありません",
        "配列は [\"…\", \"…\"] のように ] で閉じます。",
    ),
    (
        Says::Any(&["unclosed inline table"]),
        "{ } の閉じかっこ } がありません",
        "{ title = \"部長\", name = \"…\" } のように 1 行の中で } で閉じます。",
    ),
    (
        Says::Any(&["unquoted keys cannot be empty", "missing key"]),
        "項目名がありません",
        "`項目名 = 値` の形で書きます。見出しなら [budget] のように、かっこの中に名前を書いてください。",
    ),
    (
        Says::Any(&["invalid unquoted key", "invalid key"]),
        "項目名に使えない文字があります",
        "項目名は半角英数字・ハイフン・下線で書きます。日本語の名前は \"常勤\" = 12 のように \"…\" で囲んでください。",
    ),
    (
        Says::Any(&["key with no value", "missing assignment"]),
        "項目名のあとに = がありません",
        "`項目名 = 値` の形で書いてください（例: grade = \"B\"）。",
    ),
    (
        Says::Any(&["extra `=`", "extra assignment", "unexpected `=`"]),
        "= が多すぎます",
        "1 行に書けるのは `項目名 = 値` ひとつだけです。",
    ),
    (
        Says::Any(&["missing value"]),
        "= のあとに値がありません",
        "文字列は \"…\"、数値はそのまま、日付は 2021-05-01 のように書きます。",
    ),
    (
        Says::Any(&["string values must be quoted", "invalid string"]),
        "文字列が \"…\" で囲まれていません",
        "文字列は \"…\" で、数値はそのまま、日付は 2021-05-01 のように半角で書きます。",
    ),
    (
        Says::Any(&["missing comma between array"]),
        "配列の要素の間に , がありません",
        "[\"…\", \"…\"] のように要素の間をカンマで区切ります。",
    ),
    (
        Says::Any(&["missing comma", "invalid inline table"]),
        "{ } の中の項目の間に , がありません",
        "{ title = \"部長\", name = \"…\" } のように項目の間をカンマで区切ります。",
    ),
    (
        Says::Any(&["extra comma"]),
        "カンマ , が余分です",
        "要素と要素の間にだけカンマを書いてください。",
    ),
    (
        Says::AtDigitComma(&["unexpected key or value", "unexpected content"]),
        "数値に桁区切りのカンマ , は使えません",
        "1,000 ではなく 1000 か 1_000 と書いてください。",
    ),
    (
        Says::Any(&["unexpected key or value", "unexpected content"]),
        "値や見出しのあとに余分な文字があります",
        "1 行に書けるのは `項目名 = 値` か [見出し] ひとつだけです。続きは次の行に書き、文章は \"…\" の中に入れてください。",
    ),
    (
        Says::LastDay,
        "存在しない日付です（この月は {d} 日までです）",
        "カレンダーにある日付を書いてください（例: 2021-02-28）。",
    ),
    (
        Says::Any(&["month between"]),
        "存在しない日付です（月は 01〜12 です）",
        "日付は 2021-05-01 のように 年-月-日 で書きます。",
    ),
    (
        Says::Any(&["date", "time"]),
        "日付の書き方が正しくありません",
        "日付は 2021-05-01 のように、月と日を 2 けたにして半角で書きます。",
    ),
    (
        Says::Any(&["leading zero"]),
        "数値の先頭に 0 は付けられません",
        "01 ではなく 1 と書いてください。",
    ),
    (
        Says::Any(&[
            "`_`",
            "invalid integer",
            "invalid float",
            "number",
            "exponent",
            "fraction",
            "mantissa",
            "sign",
            "radix",
        ]),
        "数値の書き方が正しくありません",
        "数値は 1_273_190_000 や 12.5 のように半角で書きます（桁区切りのカンマは使えません）。",
    ),
    (
        Says::Any(&["invalid boolean"]),
        "true / false の書き方が正しくありません",
        "true か false を小文字で書きます。文字列なら \"…\" で囲んでください。",
    ),
    (
        Says::Any(&["comment"]),
        "コメントの書き方が正しくありません",
        "コメントは # のあとに書きます。制御文字が入っていないか確認してください。",
    ),
    (
        Says::Any(&["recursion", "max recursion"]),
        "入れ子（[ ] や { } の中の [ ] や { }）が深すぎます",
        "かっこの閉じ忘れがないか確認してください。",
    ),
    (
        Says::Any(&["cannot extend", "invalid table"]),
        "同じ名前の項目を、値と表の両方に使っています",
        "[表] の見出しと `項目名 = 値` で同じ名前を使わないでください。",
    ),
];

/// The message and hint when no row of [`EXPLANATIONS`] matches.
const OTHERWISE: (&str, &str) = (
    "TOML の書き方に誤りがあります",
    "かっこや引用符（\"）の閉じ忘れ、全角の記号（＝ ［ ］ ＂）がないか確認してください。",
);

/// Japanese wording for the TOML parser's message `raw` about `text` at byte `at`:
/// (message, hint), the hint prefixed when a full-width symbol is at `at` or on its line.
/// The parser's own English wording stays out: staff cannot act on it, and what it names
/// is often a consequence (a quote it wanted) rather than the cause (a unit after a number).
fn explain_toml_error(raw: &str, text: &str, at: usize) -> (String, String) {
    if let Some((what, hint)) = written_at(text, at) {
        return (format!("{what}。"), hint);
    }
    let m = raw.trim();
    let (what, mut hint) = explanation(&m.to_ascii_lowercase(), text, at);
    if let Some(c) = full_width_near(text, at) {
        hint = format!("全角の「{c}」が使われています。半角の記号に直してください。{hint}");
    }
    (format!("{what}。"), hint)
}

/// What is written at byte `at` where the parser stopped, when it names the real cause
/// better than the parser's message: a 全角スペース after a value, 全角数字, a number
/// with its unit, a date with slashes, a time where a date belongs, 「、」 between
/// elements. (message without its 。, hint).
fn written_at(text: &str, at: usize) -> Option<(String, String)> {
    let rest = text.get(at..)?;
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let value = rest[..line_end].trim_end_matches('\r');
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = text[line_start..at + line_end].trim_end_matches('\r');
    let key = line
        .split('=')
        .next()
        .map(str::trim)
        .filter(|k| !k.is_empty() && line.contains('=') && !k.starts_with('['))
        .unwrap_or("項目名");
    let first = value.chars().next()?;
    // `order = 20　`: the parser reads a number with a space after it as unquoted text.
    let before_comment = value.split('#').next().unwrap_or("");
    let after_number = before_comment
        .trim_end_matches([' ', '\t'])
        .ends_with('\u{3000}')
        && before_comment.trim().is_ascii();
    if first == '\u{3000}' || after_number {
        let shown = line.replace('\u{3000}', "［全角スペース］");
        let trailing = after_number
            || value.trim_start_matches(['\u{3000}', ' ', '\t']).is_empty()
            || value
                .trim_start_matches(['\u{3000}', ' ', '\t'])
                .starts_with('#');
        return Some((
            if trailing {
                "値のあとに全角スペース（「　」）があります".into()
            } else {
                "全角スペース（「　」）が入っています".into()
            },
            format!(
                "この行は「{shown}」となっています。目に見えにくい全角スペースを消してください（空白を入れるなら半角で）。"
            ),
        ));
    }
    if first == '、' || first == '，' {
        return Some((
            format!("配列の要素を「{first}」で区切っています"),
            "要素の間は半角のカンマで区切ります（例: [\"a\", \"b\"]）。「、」は \"…\" の中でだけ使えます。".into(),
        ));
    }
    let token: String = value
        .split(['#', ',', ']', '}'])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        let folded = crate::model::fold::fold(&token);
        if token.chars().any(|c| ('０'..='９').contains(&c)) {
            return Some((
                format!("数字が全角で書かれています（{token}）"),
                format!("数値は半角で書きます。例: {key} = {folded}"),
            ));
        }
        let parts: Vec<&str> = token.split('/').collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            let fixed = format!("{}-{:0>2}-{:0>2}", parts[0], parts[1], parts[2]);
            return Some((
                format!("日付を {token} と / で区切って書いています"),
                format!(
                    "日付は 年-月-日 を - でつなぎ、月と日を 2 けたにして書きます。例: {key} = {fixed}"
                ),
            ));
        }
        let digits = token
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
            .unwrap_or(token.len());
        let unit = token[digits..].trim();
        if digits > 0 && !unit.is_empty() && !unit.starts_with(['-', ':', 'e', 'E', 'x', 'o', 'b'])
        {
            let number = &token[..digits];
            return Some((
                format!("数値に単位「{unit}」が付いています（{token}）"),
                format!(
                    "数値だけを書いてください（{key} = {number}）。単位は unit に書きます（unit = \"{unit}\"）。"
                ),
            ));
        }
    }
    None
}

/// The first row of [`EXPLANATIONS`] that matches the lower-cased message `lower` (about
/// `text` at byte `at`), or [`OTHERWISE`].
fn explanation(lower: &str, text: &str, at: usize) -> (String, String) {
    let any = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    EXPLANATIONS
        .iter()
        .find_map(|(says, what, hint)| {
            let what = match says {
                Says::Any(words) => any(words).then(|| what.to_string()),
                Says::AtDigitComma(words) => (any(words)
                    && text.get(at..).is_some_and(|s| s.starts_with(','))
                    && text
                        .get(..at)
                        .is_some_and(|t| t.ends_with(|c: char| c.is_ascii_digit())))
                .then(|| what.to_string()),
                Says::LastDay => lower
                    .split("day between 01 and ")
                    .nth(1)
                    .and_then(|s| s.get(..2))
                    .map(|d| what.replace("{d}", d)),
            }?;
            Some((what, hint.to_string()))
        })
        .unwrap_or_else(|| (OTHERWISE.0.to_string(), OTHERWISE.1.to_string()))
}

/// A full-width symbol (typed with the Japanese input method on) at byte `at` of `text`,
/// or else the first on its line.
fn full_width_near(text: &str, at: usize) -> Option<char> {
    let full_width = |c: char| {
        matches!(
            c,
            '＝' | '［' | '］' | '＂' | '”' | '“' | '｛' | '｝' | '，' | '＃' | '’' | '‘'
        )
    };
    let line_end = text
        .get(at..)
        .and_then(|s| s.find('\n'))
        .map(|i| at + i)
        .unwrap_or(text.len());
    let line_start = text
        .get(..at)
        .and_then(|s| s.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let near = text.get(at..).and_then(|s| s.chars().next());
    near.filter(|&c| full_width(c)).or_else(|| {
        text.get(line_start..line_end)
            .and_then(|l| l.chars().find(|&c| full_width(c)))
    })
}

#[cfg(test)]
mod tests {
    use crate::validate::tests::first_error;

    #[test]
    fn every_toml_syntax_error_gets_a_specific_japanese_message() {
        // What the TOML parser says in English, for the mistakes staff make: each must be
        // explained specifically (not the catch-all), so a parser upgrade that rewords
        // its messages shows up here.
        let cases = [
            ("title = \"窓口\n", "文字列の終わり"),
            ("title = 'abc\n", "文字列の終わり"),
            ("mission = \"\"\"\nabc\n", "複数行の文字列"),
            ("title = \"a\\qb\"\n", "\\"),
            ("duties = [\"a\", \"b\"\n", "配列の閉じかっこ"),
            ("duties = [\"a\" \"b\"]\n", "配列の要素の間"),
            ("head = { title = \"a\", name = \"b\"\n", "{ } の閉じかっこ"),
            (
                "head = { title = \"a\" name = \"b\" }\n",
                "{ } の中の項目の間",
            ),
            ("[[goals]\nid = \"x\"\n", "表の見出しの閉じかっこ"),
            ("[[goals]]]\n", "余分な文字"),
            ("kind = \"a\" \"b\"\n", "余分な文字"),
            ("[goals.]\n", "項目名がありません"),
            ("= \"x\"\n", "項目名がありません"),
            ("[予算]\n", "項目名に使えない文字"),
            ("title ＝ \"x\"\n", "全角の「＝」"),
            ("kind =\n", "値"),
            ("kind = 目標宣言\n", "\"…\" で囲まれていません"),
            ("kind == \"x\"\n", "= が多すぎます"),
            ("kind = \"x\" = \"y\"\n", "余分な文字"),
            ("kind \"x\"\n", "= がありません"),
            ("kind = \"a\"\nkind = \"b\"\n", "二度"),
            ("[budget]\ngeneral = 1\n[budget]\n", "二度"),
            ("[budget]\ngeneral = 01\n", "先頭に 0"),
            ("[budget]\ngeneral = 1__0\n", "数値の書き方"),
            ("[budget]\ngeneral = 1,000\n", "桁区切り"),
            ("published = 2021-02-30\n", "この月は 28 日まで"),
            ("published = 2021-13-01\n", "月は 01〜12"),
            ("published = 2021-5-1\n", "日付の書き方"),
            ("kind = ture\n", "true / false"),
            ("kind = \"目標\u{1}宣言\"\n", "制御文字"),
            ("kind = \"a\" # x\u{1}y\n", "制御文字"),
            (
                &format!("x = {}1{}\n", "[".repeat(100), "]".repeat(100)),
                "入れ子",
            ),
            ("kind = \"x\"\u{3000}\n", "値のあとに全角スペース"),
            ("[budget]\ngeneral = 20\u{3000}\n", "値のあとに全角スペース"),
            ("kind = \"x\"\u{3000}\n", "「kind = \"x\"［全角スペース］」"),
            (
                "kind\u{3000}= \"x\"\n",
                "全角スペース（「　」）が入っています",
            ),
            ("[budget]\ngeneral = ２０\n", "全角で書かれています（２０）"),
            ("[budget]\ngeneral = ２０\n", "general = 20"),
            ("[budget]\ngeneral = 36か所\n", "単位「か所」"),
            ("[budget]\ngeneral = 40%\n", "単位は unit に書きます"),
            ("duties = [\"a\"、 \"b\"]\n", "「、」で区切っています"),
            ("published = 2025/5/1\n", "published = 2025-05-01"),
        ];
        for (text, says) in cases {
            let (msg, _) = first_error(text);
            assert!(
                !msg.starts_with("TOML の書き方に誤りがあります"),
                "{text:?}: only the catch-all message: {msg}"
            );
            assert!(msg.contains(says), "{text:?}: {msg} lacks {says:?}");
            // The parser's English stays out of what staff read.
            assert!(
                !msg.contains("TOML の解析") && !msg.contains("expected"),
                "{text:?}: English in {msg}"
            );
        }
    }

    #[test]
    fn values_that_are_no_toml_error_name_their_own_cause() {
        let (msg, _) = first_error("published = 23:30:00\n");
        assert!(msg.contains("時刻（23:30:00）"), "{msg}");
        let (msg, _) = first_error("[budget]\ngeneral = 99999999999999999999\n");
        assert!(
            msg.contains("大きすぎます（扱えるのは 1,000兆 まで"),
            "{msg}"
        );
        let (msg, _) = first_error(
            "[[goals]]\nid = \"a\"\ntitle = \"t\"\n[[goals.indicators]]\nname = \"n\"\ntarget = 1e400\n",
        );
        assert!(msg.contains("大きすぎます"), "{msg}");
        let (msg, _) =
            first_error("[[staff]]\nunit = \"a\"\ncounts = { a = 99999999999999999999 }\n");
        assert!(msg.contains("大きすぎます"), "{msg}");
    }

    #[test]
    fn the_first_error_in_the_text_is_reported() {
        // An unclosed string on line 1 swallows line 2; the parser's first complaint may be
        // about line 2, but the cause is on line 1.
        let text = "title = \"a\nb\"\n";
        let (msg, place) = first_error(text);
        assert!(msg.contains("文字列の終わり"), "{msg}");
        let start: usize = place.split("..").next().unwrap().parse().unwrap();
        assert!(start <= text.find('\n').unwrap(), "not on line 1: {place}");
        // An unclosed """ points where it opened, not at the end of the file.
        let text = "kind = \"x\"\nmission = \"\"\"\nabc\n\n[[goals]]\nid = \"g\"\n";
        let (_, place) = first_error(text);
        assert_eq!(
            place,
            format!(
                "{}..{}",
                text.find("\"\"\"").unwrap(),
                text.find("\"\"\"").unwrap() + 3
            )
        );
    }
}
