//! Text to search tokens, the one rule the index and the browser's query must share:
//! normalisation (width, case, half-width kana) and character bigrams of word runs.
//!
//! [`tokens`] is the reference, mirrored line by line in `assets/search.js`. The index does
//! not call it: it tokenises every character of the site's text, so it reads the UTF-8
//! bytes itself (`for_each_token_key`) and gets each token as a number (`TokenKey`),
//! with no normalised copy of the text and no string per token; the tests check the two
//! against each other on every character.

/// Folds what readers and writers type interchangeably, the same way for the index and the
/// query: full-width ASCII (ＤＸ) to half-width, ASCII letters to lower case, half-width
/// katakana (ﾌｧﾝﾄﾞ) to full-width with their voicing marks joined, the ideographic space
/// to a space. Hiragana and katakana stay distinct; kanji are untouched.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut n = Normalizer::default();
    for c in s.chars() {
        if let Some(c) = n.push(c) {
            out.push(c);
        }
    }
    out.extend(n.finish());
    out
}

/// [`normalize`] one character at a time. The last character in is held back (a voicing
/// mark may still join it), so each one comes out a step late, the last from `finish`.
#[derive(Default)]
struct Normalizer {
    pending: Option<char>,
}

impl Normalizer {
    /// Takes `c`; gives the previous character, if any, now that it is final.
    #[inline(always)]
    fn push(&mut self, c: char) -> Option<char> {
        let u = c as u32;
        let n = match u {
            0xFF9E | 0xFF9F => {
                let semi = u == 0xFF9F;
                match self.pending.and_then(|p| voiced(p, semi)) {
                    Some(v) => {
                        self.pending = Some(v);
                        return None;
                    }
                    None if semi => '\u{309C}',
                    None => '\u{309B}',
                }
            }
            _ => fold(c),
        };
        self.pending.replace(n)
    }

    /// The last character, at the end of the text.
    #[inline(always)]
    fn finish(&mut self) -> Option<char> {
        self.pending.take()
    }
}

/// [`normalize`] of one character, but for the half-width voicing marks (which join the
/// character before them).
#[inline]
fn fold(c: char) -> char {
    let u = c as u32;
    match u {
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c).to_ascii_lowercase(),
        0x3000 => ' ',
        0xFF61..=0xFF9D => HALF_KANA[(u - 0xFF61) as usize],
        _ => c.to_ascii_lowercase(),
    }
}

/// Full-width forms of U+FF61 … U+FF9D.
const HALF_KANA: [char; 61] = [
    '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー',
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

/// The katakana `p` with a (semi-)voiced mark joined: カ → ガ, ハ → パ, ウ → ヴ.
fn voiced(p: char, semi: bool) -> Option<char> {
    let u = p as u32;
    // カ…チ step by 2; ツ テ ト sit after the small ッ, each with its voiced form at +1.
    let ka_to = ((0x30AB..=0x30C1).contains(&u) && (u - 0x30AB).is_multiple_of(2))
        || matches!(u, 0x30C4 | 0x30C6 | 0x30C8);
    let ha = (0x30CF..=0x30DB).contains(&u) && (u - 0x30CF).is_multiple_of(3);
    match (semi, p) {
        (false, 'ウ') => Some('ヴ'),
        (false, _) if ka_to || ha => char::from_u32(u + 1),
        (true, _) if ha => char::from_u32(u + 2),
        _ => None,
    }
}

/// Whether `c` belongs to a word: a letter or a number of any script (Unicode Alphabetic
/// or Numeric, which is what `\p{Alphabetic}\p{N}` means in the browser). Punctuation,
/// spaces and symbols (、。・「」) separate runs.
#[inline]
pub fn is_word_char(c: char) -> bool {
    // The common cases first, without the Unicode tables (a few hundred instructions a
    // character; the index tokenises every character of the site's text): ASCII, kanji,
    // and the U+3000 block of hiragana, katakana and Japanese punctuation (、。「」・ are
    // not word characters; ー and 々 are letters).
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_alphanumeric();
    }
    if (0x4E00..=0x9FFC).contains(&u) {
        return true;
    }
    if u >> 8 == 0x30
        && let Some(w) = KANA_BLOCK[(u & 0xFF) as usize]
    {
        return w;
    }
    c.is_alphanumeric()
}

/// [`is_word_char`] of U+3000 … U+30FF where it is plain (`None`: ask the Unicode tables).
static KANA_BLOCK: [Option<bool>; 256] = {
    let mut t = [None; 256];
    let mut u = 0;
    while u < 256 {
        t[u] = match u + 0x3000 {
            0x3000..=0x3004 | 0x3008..=0x3020 | 0x309B..=0x309C | 0x30A0 | 0x30FB => Some(false),
            0x3005..=0x3007
            | 0x3021..=0x3029
            | 0x3041..=0x3096
            | 0x309D..=0x309F
            | 0x30A1..=0x30FA
            | 0x30FC..=0x30FF => Some(true),
            _ => None,
        };
        u += 1;
    }
    t
};

/// Splits text into search tokens: normalize, cut into runs of word characters, and emit
/// every pair of neighbouring characters of a run (a one-character run is itself a token).
/// `指定避難所` → 指定, 定避, 避難, 難所. The browser runs the same steps on the query.
pub fn tokens(text: &str) -> Vec<String> {
    let norm = normalize(text);
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
        run.clear();
    };
    for c in norm.chars() {
        if is_word_char(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A token as a number: its first character in the high half, the second (plus one) in
/// the low half, 0 for a one-character token. Numbers sort as the token strings do (UTF-8
/// keeps code-point order, and a one-character token sorts before its bigrams).
pub(super) type TokenKey = u64;

/// The token that `k` stands for.
pub(super) fn key_text(k: TokenKey) -> String {
    let mut s = String::with_capacity(8);
    if let Some(a) = char::from_u32((k >> 32) as u32) {
        s.push(a);
    }
    let b = (k & 0xffff_ffff) as u32;
    if b != 0
        && let Some(b) = char::from_u32(b - 1)
    {
        s.push(b);
    }
    s
}

/// Calls `f` with the key of every token of `text`, in order: the tokens of [`tokens`]
/// (`token_keys_are_the_tokens_of_any_text` compares the two), without the normalised text
/// or any string. This runs for every character of the site's text, so it reads the UTF-8
/// itself ([`next_char`]) and keeps little state: a run of word characters is read by a
/// loop of its own. Generic over `f` so that what is done with each token is compiled into
/// the loop.
#[inline(always)]
pub(super) fn for_each_token_key(text: &str, mut f: impl FnMut(TokenKey)) {
    let mut s = text.as_bytes();
    'text: loop {
        // Between runs: to the next word character, the first of a run.
        let mut prev = loop {
            if s.is_empty() {
                return;
            }
            let (c, word) = next_char(&mut s);
            if word {
                break c;
            }
        };
        // In the run: each word character makes a bigram with the one before; a separator
        // or the end of the text ends the run, a token itself if it is one character long.
        let mut lone = true;
        loop {
            let (c, word) = if s.is_empty() {
                (0, false)
            } else {
                next_char(&mut s)
            };
            if !word && !lone {
                continue 'text;
            }
            f((u64::from(prev) << 32) | if word { u64::from(c + 1) } else { 0 });
            if !word {
                continue 'text;
            }
            lone = false;
            prev = c;
        }
    }
}

/// The character at the start of `s` (not empty), normalised as [`normalize`] does, with
/// the half-width voicing marks it takes, and whether it is a word character; `s` is left
/// after them. The kanji, kana and Japanese punctuation that are most of the text (three
/// bytes from E3 to E9, U+3000 … U+9FFF) need no folding, ASCII is folded by a table, and
/// other characters are left to [`other_char`]. A voicing mark is joined by looking ahead
/// from the kana before it, rather than by holding each character back as [`Normalizer`]
/// does.
#[inline(always)]
fn next_char(s: &mut &[u8]) -> (u32, bool) {
    match **s {
        [b, ref rest @ ..] if b < 0x80 => {
            *s = rest;
            let l = ASCII_WORD[b as usize];
            (u32::from(l), l != 0)
        }
        [b0 @ 0xE3..=0xE9, b1, b2, ref rest @ ..] => {
            *s = rest;
            // 1110xxxx 10yyyyyy 10zzzzzz: taking the tag bits off all at once is cheaper
            // than masking each byte.
            let c = (u32::from(b0) << 12) + (u32::from(b1) << 6) + u32::from(b2) - 0xE2080;
            // Folding leaves U+3000 … U+9FFF alone (U+3000 becomes a space, but neither is
            // a word character).
            if c >= 0x4E00 {
                (c, c <= 0x9FFC || is_word_code(c))
            } else if c < 0x3100 {
                // A kana may take the half-width voicing marks after it (seldom there).
                let c = if let [0xEF, 0xBE, 0x9E | 0x9F, ..] = **s {
                    let (c, len) = join_marks(c, s);
                    *s = &s[len..];
                    c
                } else {
                    c
                };
                match KANA_BLOCK[(c & 0xFF) as usize] {
                    Some(w) => (c, w),
                    None => (c, is_word_code(c)),
                }
            } else {
                (c, is_word_code(c))
            }
        }
        _ => {
            let (c, word, len) = other_char(s);
            *s = &s[len..];
            (c, word)
        }
    }
}

/// [`next_char`] of the other characters: the character at the start of `s` (not empty),
/// whether it is a word character, and the number of bytes taken. Out of line: it is
/// rare, and the loop over the text is faster without it.
#[inline(never)]
fn other_char(s: &[u8]) -> (u32, bool, usize) {
    let len = match s[0] {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    let raw = std::str::from_utf8(&s[..len])
        .ok()
        .and_then(|t| t.chars().next())
        .expect("the text is UTF-8");
    // A voicing mark that no kana before it took stands alone.
    let c = match raw {
        '\u{FF9E}' => '\u{309B}',
        '\u{FF9F}' => '\u{309C}',
        _ => fold(raw),
    } as u32;
    let (c, marks) = match s[len..] {
        [0xEF, 0xBE, 0x9E | 0x9F, ..] => join_marks(c, &s[len..]),
        _ => (c, 0),
    };
    (c, is_word_code(c), len + marks)
}

/// The keys of [`for_each_token_key`], collected.
#[cfg(test)]
pub(super) fn token_keys(text: &str) -> Vec<TokenKey> {
    let mut out = Vec::new();
    for_each_token_key(text, |k| out.push(k));
    out
}

/// `c` with the half-width voicing marks at the start of `s` joined to it, as long as they
/// join ([`Normalizer`] does the same holding `c` back), and the number of bytes of the
/// marks joined.
#[cold]
#[inline(never)]
fn join_marks(mut c: u32, s: &[u8]) -> (u32, usize) {
    // U+FF9E and U+FF9F are EF BE 9E and EF BE 9F.
    let mut rest = s;
    while let [0xEF, 0xBE, m @ (0x9E | 0x9F), ref after @ ..] = *rest {
        match char::from_u32(c).and_then(|p| voiced(p, m == 0x9F)) {
            Some(v) => {
                c = v as u32;
                rest = after;
            }
            None => break,
        }
    }
    (c, s.len() - rest.len())
}

/// [`is_word_char`] of a code point (false for a surrogate, which no text holds).
#[inline(never)]
fn is_word_code(u: u32) -> bool {
    char::from_u32(u).is_some_and(is_word_char)
}

/// ASCII folded to lower case where it is a word character ([`is_word_char`]), 0 where it
/// is not.
static ASCII_WORD: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_width_case_and_half_width_kana() {
        assert_eq!(normalize("ＤＸ推進"), "dx推進");
        assert_eq!(normalize("DX"), "dx");
        assert_eq!(normalize("まちづくり市民ﾌｧﾝﾄﾞ"), "まちづくり市民ファンド");
        assert_eq!(normalize("ﾊﾟﾌﾞﾘｼﾃｨ"), "パブリシティ");
        assert_eq!(normalize("ｳﾞｧ"), "ヴァ");
        assert_eq!(normalize("広報　広聴"), "広報 広聴");
        assert_eq!(normalize("４－１"), "4-1");
    }

    #[test]
    fn token_keys_are_the_tokens() {
        for text in [
            "指定避難所の開設・運営",
            "ＤＸ推進 dx 2021年度",
            "まちづくり市民ﾌｧﾝﾄﾞ ﾊﾟﾌﾞﾘｼﾃｨ ｳﾞｧ ｶﾞﾞ ﾞ",
            "市、町",
            "a",
            "",
            "「消防団」",
            "a b、cd。e",
            "市 a",
            "ﾞ",
            "ｶ",
            "ｶﾞ",
            " 　 ",
            "ー々〇、ゝ・ヽ",
        ] {
            let keys: Vec<String> = token_keys(text).into_iter().map(key_text).collect();
            assert_eq!(keys, tokens(text), "{text}");
        }
    }

    /// [`for_each_token_key`] reads UTF-8 bytes itself, with a fast path for E3 … E9 and
    /// ASCII and voicing marks joined by looking ahead: checked against [`tokens`] (which
    /// normalises, then splits) on every character in several neighbourhoods, and on many
    /// random strings of the characters each path treats differently.
    #[test]
    fn token_keys_are_the_tokens_of_any_text() {
        let check = |text: &str| {
            let keys: Vec<String> = token_keys(text).into_iter().map(key_text).collect();
            assert_eq!(keys, tokens(text), "{text:?}");
        };
        let all = (0..0x11000)
            .chain(0x1F000..0x1F100)
            .chain(0x20000..0x20100)
            .chain(0x10FFF0..0x110000)
            .filter_map(char::from_u32);
        for c in all {
            for t in [
                format!("{c}"),
                format!("a{c}b"),
                format!("避{c}難"),
                format!("カ{c}ﾞ"),
                format!("{c}ﾞﾟ"),
                format!("{c}ﾟ{c}"),
                format!("ｶ{c}"),
                format!(" {c}{c} "),
            ] {
                check(&t);
            }
        }
        // Random strings: kanji (and the edges of the fast range), kana that take voicing
        // marks and kana that do not, half-width kana and marks, full-width ASCII, ASCII,
        // combining marks, emoji, line and paragraph separators, other scripts.
        const PIECES: &str = "指|定|避|難|所|一|\u{4DFF}|\u{4E00}|\u{9FFC}|\u{9FFD}|\u{9FFF}|\u{3400}|\u{3105}|\
            \u{A000}|の|ぁ|ゟ|ア|ウ|カ|キ|ツ|テ|ト|ハ|ヒ|ホ|ヲ|ン|ヴ|ガ|パ|ヶ|ヿ|゠|ー|ｶ|ｷ|ﾊ|ﾎ|ｳ|ﾂ|ｦ|ｧ|ｯ|ｰ|｡|｢|･|\
            ﾝ|ﾞ|ﾟ|゛|゜|\u{3099}|\u{309A}|Ｄ|ｘ|１|－|＠|～|\u{FF00}|\u{FF5F}|\u{FF60}|　| |\n|\r\n|\
            \t|\0|a|Z|0|9|-|_|、|。|・|「|」|々|〇|ゝ|ヽ|〻|\u{301}|é|e\u{301}|ß|İ|Ω|я|ا|١|😀|👍🏽|\
            \u{1F1EF}\u{1F1F5}|\u{2028}|\u{2029}|\u{85}|\u{A0}|\u{FEFF}|\u{FFFD}|\u{20000}|\
            \u{10FFFF}|…|–";
        let pieces: Vec<&str> = PIECES.split('|').collect();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..50_000 {
            let len = next(16);
            let t: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            check(&t);
        }
    }

    #[test]
    fn word_chars_fast_path_agrees_with_unicode() {
        for u in (0..0x80).chain(0x3000..0x3100).chain(0x4E00..0xA000) {
            let c = char::from_u32(u).unwrap();
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{u:04X}");
        }
    }

    #[test]
    fn tokens_are_bigrams_of_runs() {
        assert_eq!(tokens("指定避難所"), ["指定", "定避", "避難", "難所"]);
        assert_eq!(
            tokens("避難所の開設・運営"),
            ["避難", "難所", "所の", "の開", "開設", "運営"]
        );
        assert_eq!(tokens("ＤＸ"), ["dx"]);
        assert_eq!(tokens("市、町"), ["市", "町"]);
        assert_eq!(tokens("「消防団」"), ["消防", "防団"]);
        assert!(tokens("、。・").is_empty());
    }
}
