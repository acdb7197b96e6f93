//! `hyoka check --links`: every internal link (`href`, `src`) of every rendered page must
//! name a file of the output, and every `#anchor` an `id` on the page it points at. Runs on
//! the files in memory (the pipeline renders them without writing), so nothing is written.
//!
//! Pages are hyoka's own output, so a small tag scanner is enough: it reads the attributes
//! of start tags, skips comments and the contents of `<script>` and `<style>`, and decodes
//! the character references that may appear in attribute values.

use crate::output::OutFile;
use std::collections::{BTreeMap, BTreeSet};

/// A link that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page it is on (output-relative path).
    pub page: String,
    /// The link as written.
    pub href: String,
    /// What is wrong, in Japanese.
    pub reason: String,
}

impl std::fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "リンク切れ: {} のリンク「{}」: {}",
            self.page, self.href, self.reason
        )
    }
}

/// What the scanner found on one page.
#[derive(Debug, Default)]
pub struct PageLinks {
    /// Values of `href` and `src` attributes, decoded.
    pub links: Vec<String>,
    /// Values of `id` attributes (and `name` of `<a>`).
    pub ids: BTreeSet<String>,
}

/// Decodes the character references hyoka and its Markdown renderer write.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let ch = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let n = if let Some(h) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                {
                    u32::from_str_radix(h, 16).ok()
                } else if let Some(d) = name.strip_prefix('#') {
                    d.parse().ok()
                } else {
                    None
                };
                n.and_then(char::from_u32)
            }
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Scans one HTML page for links and ids.
pub fn scan(html: &str) -> PageLinks {
    let mut found = PageLinks::default();
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map(|e| i + e + 3).unwrap_or(b.len());
            continue;
        }
        // Tag name.
        let start = i + 1;
        let mut j = start;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j == start {
            i += 1;
            continue;
        }
        let tag = html[start..j].to_ascii_lowercase();
        // Attributes up to '>'.
        let mut k = j;
        loop {
            while k < b.len() && (b[k].is_ascii_whitespace() || b[k] == b'/') {
                k += 1;
            }
            if k >= b.len() || b[k] == b'>' {
                break;
            }
            let ns = k;
            while k < b.len() && !b[k].is_ascii_whitespace() && !matches!(b[k], b'=' | b'>' | b'/')
            {
                k += 1;
            }
            let name = html[ns..k].to_ascii_lowercase();
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            let mut value = None;
            if k < b.len() && b[k] == b'=' {
                k += 1;
                while k < b.len() && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                if k < b.len() && (b[k] == b'"' || b[k] == b'\'') {
                    let q = b[k];
                    let vs = k + 1;
                    let ve = html[vs..]
                        .bytes()
                        .position(|c| c == q)
                        .map(|p| vs + p)
                        .unwrap_or(b.len());
                    value = Some(&html[vs..ve]);
                    k = (ve + 1).min(b.len());
                } else {
                    let vs = k;
                    while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                        k += 1;
                    }
                    value = Some(&html[vs..k]);
                }
            }
            if let Some(v) = value {
                match name.as_str() {
                    "href" | "src" => found.links.push(decode_entities(v)),
                    "id" => {
                        found.ids.insert(decode_entities(v));
                    }
                    "name" if tag == "a" => {
                        found.ids.insert(decode_entities(v));
                    }
                    _ => {}
                }
            }
        }
        i = (k + 1).min(b.len());
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map(|e| i + e)
                .unwrap_or(b.len());
        }
    }
    found
}

/// Decodes `%XX` escapes (UTF-8), with the same decoder `hyoka serve` uses for request
/// paths.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Resolves `url_path` against the folder of `page`; `None` when it climbs above the root.
pub fn resolve(page: &str, url_path: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in url_path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Checks every link of every HTML file in `files`. `extra` are other files that will be
/// in the output (a theme's static files). Returns the broken links, sorted by page.
pub fn check(files: &[OutFile], extra: &[String]) -> (usize, Vec<BrokenLink>) {
    let mut existing: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    existing.extend(extra.iter().map(String::as_str));
    let pages: BTreeMap<&str, PageLinks> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.as_str(), scan(&String::from_utf8_lossy(&f.bytes))))
        .collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, found) in &pages {
        for href in &found.links {
            let h = href.trim();
            let lower = h.to_ascii_lowercase();
            if ["http://", "https://", "mailto:", "tel:"]
                .iter()
                .any(|p| lower.starts_with(p))
            {
                continue;
            }
            checked += 1;
            let bad = |reason: String| BrokenLink {
                page: page.to_string(),
                href: href.clone(),
                reason,
            };
            if h.is_empty() {
                broken.push(bad("リンク先が空です。".into()));
                continue;
            }
            if let Some(frag) = h.strip_prefix('#') {
                if !frag.is_empty() && !found.ids.contains(&percent_decode(frag)) {
                    broken.push(bad(format!(
                        "このページに id「{}」の要素がありません。",
                        percent_decode(frag)
                    )));
                }
                continue;
            }
            if h.starts_with('/') || h.starts_with('\\') || h.starts_with("//") {
                broken.push(bad(
                    "「/」で始まるリンクは、サイトを置くフォルダーやファイルとして開いたときに切れます。相対リンクにしてください。".into(),
                ));
                continue;
            }
            if let Some(c) = h.find(':')
                && !h[..c].contains(['/', '?', '#'])
            {
                broken.push(bad(format!("「{}:」のリンクは使えません。", &h[..c])));
                continue;
            }
            let (before, frag) = match h.split_once('#') {
                Some((a, f)) => (a, Some(f)),
                None => (h, None),
            };
            let path = before.split('?').next().unwrap_or_default();
            let Some(target) = resolve(page, &percent_decode(path)) else {
                broken.push(bad("出力フォルダーの外を指しています。".into()));
                continue;
            };
            if !existing.contains(target.as_str()) {
                let reason = if existing.contains(format!("{target}/index.html").as_str())
                    || (target.is_empty() && existing.contains("index.html"))
                {
                    format!(
                        "{target}/ はフォルダーです。ファイルとして開いたときにも動くよう、index.html まで書いてください。"
                    )
                } else {
                    format!("{target} がありません。")
                };
                broken.push(bad(reason));
                continue;
            }
            if let Some(f) = frag
                && !f.is_empty()
                && target.ends_with(".html")
            {
                let id = percent_decode(f);
                let has = pages
                    .get(target.as_str())
                    .is_some_and(|p| p.ids.contains(&id));
                if !has {
                    broken.push(bad(format!("{target} に id「{id}」の要素がありません。")));
                }
            }
        }
    }
    (checked, broken)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(path: &str, html: &str) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    #[test]
    fn scanner_reads_attributes_and_skips_scripts() {
        let p = scan(
            "<a href=\"a.html?x=1&amp;y=2#g\" id=top>x</a><!-- <a href=\"no\"> --><script>var s='<a href=\"no2\">'</script><img src='i.png'>",
        );
        assert_eq!(p.links, ["a.html?x=1&y=2#g", "i.png"]);
        assert!(p.ids.contains("top"));
    }

    #[test]
    fn finds_missing_files_anchors_and_absolute_links() {
        let files = vec![
            f(
                "index.html",
                "<h1 id=\"t\">x</h1><a href=\"a/index.html#g\">ok</a><a href=\"a/index.html#nope\">1</a><a href=\"b/index.html\">2</a><a href=\"/a/index.html\">3</a><a href=\"#t\">ok</a><a href=\"#zz\">4</a><a href=\"a/\">5</a><a href=\"https://x.jp/\">ext</a>",
            ),
            f(
                "a/index.html",
                "<p id=\"g\"><a href=\"../index.html\">ok</a><a href=\"../../x.html\">6</a></p>",
            ),
        ];
        let (checked, broken) = check(&files, &[]);
        assert_eq!(checked, 9);
        let hrefs: Vec<&str> = broken.iter().map(|b| b.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "../../x.html",
                "a/index.html#nope",
                "b/index.html",
                "/a/index.html",
                "#zz",
                "a/"
            ]
        );
        assert!(
            broken
                .iter()
                .all(|b| b.to_string().starts_with("リンク切れ: "))
        );
    }

    #[test]
    fn percent_encoded_paths_resolve() {
        let files = vec![
            f("index.html", "<a href=\"plans/%E4%BA%BA/index.html\">x</a>"),
            f("plans/人/index.html", "<h1>x</h1>"),
        ];
        assert!(check(&files, &[]).1.is_empty());
    }
}
