//! Markdown prose to safe HTML.
//!
//! Report text is written by many hands and published on the city's own domain, so it must
//! never be able to run script there: raw HTML is shown as text unless the site opts in
//! with `allow_html`, in which case it is sanitised by ammonia. Link URLs are limited to
//! http, https, mailto and relative ones either way.

mod breaks;
mod images;
mod plain;

use plain::{blocks_html, blocks_text, plain_blocks, push_blocks_text};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// How prose is rendered.
#[derive(Clone, Copy, Debug)]
pub struct MdOptions {
    /// Let sanitised raw HTML through.
    pub allow_html: bool,
    /// The heading level a `#` becomes, so prose headings sit below the page's own
    /// (h1 is the page title; sections are h2; prose inside a section starts at h3/h4).
    pub top_heading: u8,
}

/// The deepest nesting of Markdown elements (block quotes, lists, emphasis…) kept as
/// markup; deeper elements keep their text but lose their tags. Nobody writes more than a
/// few levels, while browsers and the sanitiser spend time growing with the depth at every
/// element: 10,000 nested `>` must not cost minutes.
pub const MAX_NESTING: usize = 32;

/// The deepest nesting of HTML (with `allow_html`) handed to the sanitiser, whose HTML
/// parser checks the stack of open elements at each element (time = elements × depth).
/// Deeper, the field's raw HTML is shown as text instead, as without `allow_html`.
pub const MAX_HTML_NESTING: usize = 100;

/// Renders Markdown to HTML under the given options.
pub fn render(src: &str, opts: MdOptions) -> String {
    let out = render_events(src, opts, opts.allow_html);
    if !opts.allow_html {
        return out;
    }
    if html_depth(&out) > MAX_HTML_NESTING {
        return render_events(src, opts, false);
    }
    sanitise(&out)
}

/// How deep elements nest in `html`, roughly: start tags minus end tags, not counting
/// void elements, self-closing tags, or elements whose end tag HTML lets authors leave
/// out (`<p>`, `<li>` … close when the next one starts, so they do not nest).
fn html_depth(html: &str) -> usize {
    const FLAT: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
        "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "rtc",
    ];
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let j = i + off + 1;
        i = j;
        match b.get(j) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_len = b[j..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
                let name = html[j..j + name_len].to_ascii_lowercase();
                let tag_end = html[j..].find('>').map(|k| j + k).unwrap_or(html.len());
                if !FLAT.contains(&name.as_str()) && !html[j..tag_end].ends_with('/') {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

/// Whether `src` may hold a heading: an ATX heading needs a `#`, a setext heading a line
/// of only `=` or `-` (after indentation and block-quote markers). Most prose has neither,
/// and then the pass that finds the highest heading is skipped.
fn may_have_heading(src: &str) -> bool {
    src.contains('#')
        || src.lines().any(|l| {
            let t = l
                .trim_start_matches(|c: char| c.is_whitespace() || c == '>')
                .trim_end();
            !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
        })
}

/// Markdown to HTML: headings shifted, link URLs checked, raw HTML kept only when
/// `raw_html`, and elements deeper than [`MAX_NESTING`] flattened to their text.
fn render_events(src: &str, opts: MdOptions, raw_html: bool) -> String {
    match plain_blocks(src) {
        Some(blocks) => blocks_html(src, &blocks),
        None => parsed_html(src, opts, raw_html),
    }
}

/// [`render_events`] through pulldown-cmark.
fn parsed_html(src: &str, opts: MdOptions, raw_html: bool) -> String {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    // The highest heading the prose uses becomes `top_heading`, whatever level the author
    // started at (「## 部長メッセージ」 under an h2 section is an h3), so headings never skip a
    // level (WCAG 1.3.1).
    let highest = if may_have_heading(src) {
        Parser::new_ext(src, o)
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(level as i8),
                _ => None,
            })
            .min()
            .unwrap_or(1)
    } else {
        1
    };
    let parser = breaks::keep_lines(Parser::new_ext(src, o));
    let shift = opts.top_heading.clamp(1, 6) as i8 - highest;
    let events = parser.into_iter().map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) if !raw_html => Event::Text(h),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift_level(level, shift),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => {
            Event::End(TagEnd::Heading(shift_level(level, shift)))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let events = images::remote_as_links(events);
    // Events nest properly, so a stack of "was its start kept" pairs every end with its
    // start.
    let mut kept: Vec<bool> = Vec::new();
    let events = events.filter(move |ev| match ev {
        Event::Start(_) => {
            let keep = kept.len() < MAX_NESTING;
            kept.push(keep);
            keep
        }
        Event::End(_) => kept.pop().unwrap_or(true),
        _ => true,
    });
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// Renders a short single-paragraph text inline (no wrapping `<p>`).
pub fn render_inline(src: &str, opts: MdOptions) -> String {
    let html = render(src, opts);
    let t = html.trim();
    if let Some(inner) = t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        return inner.to_string();
    }
    html
}

fn shift_level(level: HeadingLevel, shift: i8) -> HeadingLevel {
    let n = (level as i8 + shift).clamp(1, 6);
    match n {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Whether a URL may appear in a link: http(s), mailto, or relative (no scheme).
/// `html` (prose rendered here) with its relative links and image sources made relative to
/// the folder `base` leads to, that of the `index.html` the prose was written for: a
/// booklet that holds a report's prose elsewhere must still reach what it links to
/// (`#goal-a` becomes the goal on the report page, `base` + `index.html#goal-a`). Absolute URLs (`https:`, `mailto:`, `/…`) are left alone; an
/// empty `base` returns `html` as it is.
pub fn rebase_links(html: String, base: &str) -> String {
    if base.is_empty() || !(html.contains(" href=\"") || html.contains(" src=\"")) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html.as_str();
    loop {
        let next = [" href=\"", " src=\""]
            .iter()
            .filter_map(|a| rest.find(a).map(|i| (i, a.len())))
            .min();
        let Some((i, len)) = next else { break };
        let (head, tail) = rest.split_at(i + len);
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        let url = &tail[..end];
        let scheme = url
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'));
        if !url.starts_with('/') && !scheme {
            out.push_str(base);
            if url.starts_with('#') {
                out.push_str("index.html");
            }
        }
        out.push_str(url);
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

pub fn url_is_safe(url: &str) -> bool {
    let trimmed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = trimmed.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(i) => {
            // A colon after a path, query or fragment starts no scheme.
            if lower[..i].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&lower[..i], "http" | "https" | "mailto")
        }
    }
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if url_is_safe(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// ammonia with its default allow-list (no script, style, event handlers, iframes) and
/// only http, https and mailto URLs. Raw HTML links go by the same rule as Markdown links
/// ([`url_is_safe`]): ammonia alone lets through a "relative" URL such as
/// `x=y<:z`, which no browser runs but which `url_is_safe` refuses; one rule for both is
/// simpler to trust (the fuzz target `markdown` holds the output to it).
fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|_element, attribute, value| {
            let is_url = matches!(
                attribute,
                "href" | "src" | "cite" | "longdesc" | "action" | "formaction" | "poster"
            );
            // An image from another host is not loaded: its `src` is dropped (raw HTML has no
            // alt text to make a link of reliably; Markdown images become links instead).
            let remote_src =
                matches!(attribute, "src" | "srcset" | "poster") && images::is_remote(value);
            if is_url && !url_is_safe(value) || remote_src {
                None
            } else {
                Some(value.into())
            }
        })
        .clean(html)
        .to_string()
}

/// [`plain_text`] of an optional prose field; empty when the field is absent.
pub fn plain_text_of(field: &Option<crate::model::At<String>>) -> String {
    field.as_ref().map(|s| plain_text(&s.v)).unwrap_or_default()
}

/// The text of Markdown without markup, for search and open data: paragraphs, list items,
/// table cells and line breaks become line breaks, except a break the page joins (between
/// Japanese characters, [`crate::model::lines::line_join`]); raw HTML is kept as the text
/// it shows.
pub fn plain_text(src: &str) -> String {
    match plain_blocks(src) {
        Some(blocks) => blocks_text(src, &blocks),
        None => parsed_text(src),
    }
}

/// Appends [`plain_text`]`(src)` to `out`, keeping what `out` holds: for search, which joins
/// the text of many fields, without a string for each.
pub fn push_plain_text(src: &str, out: &mut String) {
    match plain_blocks(src) {
        Some(blocks) => push_blocks_text(src, &blocks, out),
        None => out.push_str(&parsed_text(src)),
    }
}

/// [`plain_text`] through pulldown-cmark.
fn parsed_text(src: &str) -> String {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = String::with_capacity(src.len());
    for ev in breaks::keep_lines(Parser::new_ext(src, o)) {
        match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) if !out.ends_with('\n') && !out.is_empty() => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// Whether the plain-prose path agrees with pulldown-cmark on `src` (HTML and text), or
/// does not apply to it: for the tests and the fuzz target `markdown`.
pub fn plain_path_agrees_with_parser(src: &str) -> bool {
    let opts = MdOptions {
        allow_html: false,
        top_heading: 3,
    };
    match plain_blocks(src) {
        None => true,
        Some(blocks) => {
            blocks_html(src, &blocks) == parsed_html(src, opts, false)
                && blocks_text(src, &blocks) == parsed_text(src)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain::split_lines;
    use super::*;

    #[test]
    fn links_rebased_for_a_page_elsewhere() {
        let html = render(
            "[前年度](../2020/)、[目標](#goal-a)、[市](https://example.jp/)、[窓口](mailto:a@b.jp)、[根](/x/)、![図](img/a.png)",
            DEFAULT,
        );
        let moved = rebase_links(html.clone(), "../../../departments/k/2021/");
        for want in [
            "href=\"../../../departments/k/2021/../2020/\"",
            "href=\"../../../departments/k/2021/index.html#goal-a\"",
            "href=\"https://example.jp/\"",
            "href=\"mailto:a@b.jp\"",
            "href=\"/x/\"",
            "src=\"../../../departments/k/2021/img/a.png\"",
        ] {
            assert!(moved.contains(want), "{want} in {moved}");
        }
        assert_eq!(rebase_links(html.clone(), ""), html);
    }

    const DEFAULT: MdOptions = MdOptions {
        allow_html: false,
        top_heading: 3,
    };

    #[test]
    fn lines_split_as_std_does() {
        for s in [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "\na",
            "a\nb",
            "一行目\n\n二行目\n",
            "x\r\ny",
        ] {
            let ours: Vec<&str> = split_lines(s).collect();
            let std: Vec<&str> = s.split('\n').collect();
            assert_eq!(ours, std, "{s:?}");
        }
        let long = "避難所の運営を見直します。".repeat(40) + "\n" + &"b".repeat(100);
        assert_eq!(
            split_lines(&long).collect::<Vec<_>>(),
            long.split('\n').collect::<Vec<_>>()
        );
    }

    /// Every input the plain-prose path takes must come out exactly as the parser writes it.
    fn assert_plain_path_matches(src: &str) -> bool {
        let Some(blocks) = plain_blocks(src) else {
            return false;
        };
        assert_eq!(
            blocks_html(src, &blocks),
            parsed_html(src, DEFAULT, false),
            "HTML of {src:?}"
        );
        assert_eq!(
            blocks_text(src, &blocks),
            parsed_text(src),
            "text of {src:?}"
        );
        true
    }

    #[test]
    fn plain_prose_matches_the_parser() {
        let typical = [
            "",
            "\n",
            "市民サービスを向上させます。\n",
            "一行目です。\n二行目です。\n\n次の段落です。\n",
            "取組は次のとおり。\n\n- 窓口の電子化\n- 相談体制の強化\n\n以上です。",
            "- ICT を活用して手続を改善します。\n- 2024年度に開始します。\n",
            "\u{3000}字下げした段落です。\u{3000}\n",
            "2024年度は 1,234 件（前年度比 5.2% 増）でした。",
            "URL は https://www.city.example.lg.jp/ です。",
        ];
        for src in typical {
            assert!(assert_plain_path_matches(src), "not taken: {src:?}");
        }
        // Markup the plain path must leave to the parser.
        for src in [
            "1. 項目",
            "- 項目\n\n- 項目",
            "段落\n- 項目",
            "- 項目\n続き",
            "-",
            "- ",
            "---",
            "- - 入れ子",
            "+ 項目",
            " 字下げ",
            "行末の空白  \n次",
            "*強調*",
            "a\tb",
            "a\r\nb",
            "# 見出し",
            "本文\n===",
            "- 1. 入れ子",
        ] {
            assert!(plain_blocks(src).is_none(), "taken: {src:?}");
        }
        // Random texts built from pieces that are plain, nearly plain, or markup; every one
        // the plain path takes is compared with the parser.
        const PIECES: &[&str] = &[
            "本文",
            "です。",
            "ICT",
            "a",
            "ｱ",
            "\u{3000}",
            " ",
            "  ",
            "\n",
            "\n",
            "\n\n",
            "- ",
            "-",
            "+",
            "1",
            "10",
            ".",
            ")",
            "1.",
            "2)",
            "・",
            "①",
            "（１）",
            "１．",
            "●",
            "※",
            "市民の",
            "open",
            "：",
            ":",
            "/",
            "(",
            "%",
            "$",
            "^",
            "{",
            "}",
            "@",
            "?",
            ",",
            "\u{a0}",
            "\u{2028}",
            "\u{85}",
            "\u{feff}",
            "\u{200b}",
            "*",
            "_",
            "`",
            "<",
            "&",
            "#",
            "=",
            "~",
            "|",
            "[",
            "]",
            "\\",
            "\t",
            "\r",
            "\"",
            "'",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // HYOKA_MD_CASES=2000000 cargo test --release … runs more.
        let cases: usize = std::env::var("HYOKA_MD_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20_000);
        let mut taken = 0;
        for _ in 0..cases {
            let len = (next() % 24) as usize;
            let src: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            if assert_plain_path_matches(&src) {
                taken += 1;
            }
        }
        assert!(
            taken > cases / 20,
            "the plain path took only {taken} of {cases}"
        );
    }

    #[test]
    fn pushed_plain_text_is_the_plain_text() {
        for src in [
            "",
            "\n",
            "市民サービスを向上させます。\n\n",
            "一行目です。\n二行目です。\n\n次の段落です。\n",
            "- 窓口の電子化\n- 相談体制の強化\n",
            "\u{3000}字下げ\u{3000}\n",
            "*強調* と `code`\n\n- a\n- b\n\n",
            "| 表 | 列 |\n|---|---|\n| 1 | 2 |",
        ] {
            for before in ["", "前", "前\n", " "] {
                let mut out = before.to_string();
                push_plain_text(src, &mut out);
                assert_eq!(out, format!("{before}{}", plain_text(src)), "{src:?}");
            }
        }
    }

    #[test]
    fn heading_precheck_never_misses_a_heading() {
        let o = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for src in [
            "# 見出し",
            "本文\n===",
            "本文\n  ---",
            "> 引用\n> ===",
            "- 項目\n\n  段落\n  ---",
            "1. > 入れ子\n   > ---",
            "本文\n\n- 項目\n- 項目",
            "表 | 列\n--- | ---\n1 | 2",
            "ただの文章",
        ] {
            let has =
                Parser::new_ext(src, o).any(|e| matches!(e, Event::Start(Tag::Heading { .. })));
            assert!(!has || may_have_heading(src), "{src:?}");
        }
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let out = render(
            "本文<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
            DEFAULT,
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn allowed_html_is_sanitised() {
        let opts = MdOptions {
            allow_html: true,
            top_heading: 3,
        };
        let out = render(
            "<b>太字</b><script>alert(1)</script><a href=\"javascript:alert(1)\" onclick=\"x()\">x</a><iframe src=\"https://e.x\"></iframe>",
            opts,
        );
        assert!(out.contains("<b>太字</b>"), "{out}");
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(!out.contains("iframe"), "{out}");
    }

    #[test]
    fn raw_html_links_follow_the_markdown_link_rule() {
        // Found by the fuzz target `markdown` (artifacts/markdown/crash-2b95964a…): ammonia
        // kept this href as a relative URL, which `url_is_safe` refuses.
        let opts = MdOptions {
            allow_html: true,
            top_heading: 3,
        };
        let out = render(
            "<a href=\"onload=alert<\u{0}88~8&colon;ss\u{1e}+![a](a-amp;# \">x</a>",
            opts,
        );
        assert!(!out.contains("href"), "{out}");
        let out = render("<a href=\"page.html?a=b:c\">y</a>", opts);
        assert!(out.contains("href=\"page.html?a=b:c\""), "{out}");
    }

    #[test]
    fn link_schemes_are_limited() {
        let out = render(
            "[a](javascript:alert(1)) [b](https://example.jp/) [c](../x.html) [d](mailto:a@b.jp) [e](data:text/html,x)",
            DEFAULT,
        );
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("data:"), "{out}");
        assert!(out.contains("https://example.jp/"), "{out}");
        assert!(out.contains("../x.html"), "{out}");
        assert!(out.contains("mailto:a@b.jp"), "{out}");
        assert!(!url_is_safe(" JaVaScRiPt:alert(1)"));
        assert!(!url_is_safe("java\tscript:alert(1)"));
        assert!(url_is_safe("page.html?a=b:c"));
    }

    #[test]
    fn headings_are_shifted_and_tables_render() {
        let out = render(
            "# 見出し\n\n| 年度 | 件数 |\n|---|---|\n| 令和3年度 | 12 |\n",
            DEFAULT,
        );
        assert!(out.contains("<h3>見出し</h3>"), "{out}");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("<th>年度</th>"), "{out}");
    }

    #[test]
    fn deep_nesting_is_flattened_past_the_limit() {
        let src = format!("{}深い\n", "> ".repeat(1000));
        let out = render(&src, DEFAULT);
        assert_eq!(out.matches("<blockquote>").count(), MAX_NESTING);
        assert_eq!(out.matches("</blockquote>").count(), MAX_NESTING);
        assert!(out.contains("深い"), "{out}");
        let lists = render(&format!("{}項目\n", "- ".repeat(1000)), DEFAULT);
        assert!(lists.matches("<ul>").count() <= MAX_NESTING);
        assert!(lists.contains("項目"));
        // Shallow nesting is untouched.
        let shallow = render("> > - a\n", DEFAULT);
        assert_eq!(shallow.matches("<blockquote>").count(), 2, "{shallow}");
    }

    #[test]
    fn too_deep_raw_html_is_shown_as_text() {
        let opts = MdOptions {
            allow_html: true,
            top_heading: 3,
        };
        let deep = format!("{}中身{}", "<div>".repeat(500), "</div>".repeat(500));
        let out = render(&deep, opts);
        assert!(!out.contains("<div>"), "{}", &out[..200]);
        assert!(out.contains("&lt;div&gt;") && out.contains("中身"));
        // Ordinary raw HTML still passes, however many paragraphs and items it has.
        let flat = format!("<ul>{}</ul><b>太字</b>", "<li>項目".repeat(500));
        let out = render(&flat, opts);
        assert!(
            out.contains("<b>太字</b>") && out.contains("<li>"),
            "{}",
            &out[..200]
        );
        assert_eq!(html_depth("<div><p>a<p>b<br><img src=x/></div>"), 1);
        assert_eq!(html_depth("<div><div><span>a</span></div></div>"), 3);
    }

    #[test]
    fn inline_rendering_drops_the_paragraph() {
        assert_eq!(
            render_inline("**重要**な目標", DEFAULT),
            "<strong>重要</strong>な目標"
        );
    }
}
