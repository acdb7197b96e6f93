//! Escaping text for the markup hyoka writes: HTML pages, SVG charts, the sitemap and
//! `serve`'s error page. One scanner ([`push`]) and one table per kind of output, because
//! the kinds differ on purpose: pages must escape exactly as tera does (the compiled theme
//! and tera give the same bytes), SVG and XML use `&apos;`.

/// Appends `s` to `out` with every byte that `rep` names replaced. Only ASCII bytes are
/// ever replaced, so a multi-byte character is never split.
pub fn push(out: &mut String, s: &str, rep: impl Fn(u8) -> Option<&'static str>) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    out.reserve(s.len());
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them is ASCII: Japanese text is mostly
        // multi-byte characters, and only ASCII bytes are ever replaced.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if u64::from_ne_bytes(word) & HIGH == HIGH {
                i += 8;
                continue;
            }
        }
        if let Some(r) = rep(bytes[i]) {
            out.push_str(&s[start..i]);
            out.push_str(r);
            start = i + 1;
        }
        i += 1;
    }
    out.push_str(&s[start..]);
}

/// `s` escaped with `rep`, as a new string.
pub fn string(s: &str, rep: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len());
    push(&mut out, s, rep);
    out
}

/// tera's `escape_html`: `& < > " ' /`.
pub fn tera(b: u8) -> Option<&'static str> {
    match b {
        b'/' => Some("&#x2F;"),
        b'\'' => Some("&#x27;"),
        _ => html(b),
    }
}

/// XML (SVG, sitemap): `& < > " '`.
pub fn xml(b: u8) -> Option<&'static str> {
    match b {
        b'\'' => Some("&apos;"),
        _ => html(b),
    }
}

/// HTML text and double-quoted attributes: `& < > "`.
pub fn html(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_escapes_its_characters() {
        let s = r#"<a href="x">'避難所' & 1/2</a>"#;
        assert_eq!(
            string(s, tera),
            "&lt;a href=&quot;x&quot;&gt;&#x27;避難所&#x27; &amp; 1&#x2F;2&lt;&#x2F;a&gt;"
        );
        assert_eq!(
            string(s, xml),
            "&lt;a href=&quot;x&quot;&gt;&apos;避難所&apos; &amp; 1/2&lt;/a&gt;"
        );
        assert_eq!(
            string(s, html),
            "&lt;a href=&quot;x&quot;&gt;'避難所' &amp; 1/2&lt;/a&gt;"
        );
        assert_eq!(tera::escape_html(s), string(s, tera), "tera's own escaping");
    }

    #[test]
    fn escaping_finds_ascii_between_runs_of_multibyte_text() {
        // The scanner skips eight non-ASCII bytes at a time: an escaped byte at every
        // offset around such runs must still be found.
        for pre in 0..12 {
            for post in 0..12 {
                let s = format!("{}&{}<", "避".repeat(pre), "難".repeat(post));
                assert_eq!(
                    string(&s, html),
                    s.replace('&', "&amp;").replace('<', "&lt;")
                );
                let t = format!("{}/{}", "ab避".repeat(pre), "所".repeat(post));
                assert_eq!(string(&t, tera), tera::escape_html(&t), "{t}");
            }
        }
    }
}
