//! Markdown prose to safe HTML.
//!
//! Report text is written by many hands and published on the city's own domain, so it must
//! never be able to run script there: raw HTML is shown as text unless the site opts in
//! with `allow_html`, in which case it is sanitised by ammonia. Link URLs are limited to
//! http, https, mailto and relative ones either way.

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

/// Renders Markdown to HTML under the given options.
pub fn render(src: &str, opts: MdOptions) -> String {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    // The highest heading the prose uses becomes `top_heading`, whatever level the author
    // started at (「## 部長メッセージ」 under an h2 section is an h3), so headings never skip a
    // level (WCAG 1.3.1).
    let highest = Parser::new_ext(src, o)
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level as i8),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let parser = Parser::new_ext(src, o);
    let shift = opts.top_heading.clamp(1, 6) as i8 - highest;
    let events = parser.map(|ev| match ev {
        Event::Html(h) | Event::InlineHtml(h) if !opts.allow_html => Event::Text(h),
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
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, events);
    if opts.allow_html { sanitise(&out) } else { out }
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
/// only http, https and mailto URLs.
fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// The text of Markdown without markup, for search and open data: paragraphs, list items,
/// table cells and line breaks become line breaks; raw HTML is kept as the text it shows.
pub fn plain_text(src: &str) -> String {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    let mut out = String::with_capacity(src.len());
    for ev in Parser::new_ext(src, o) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: MdOptions = MdOptions {
        allow_html: false,
        top_heading: 3,
    };

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
    fn inline_rendering_drops_the_paragraph() {
        assert_eq!(
            render_inline("**重要**な目標", DEFAULT),
            "<strong>重要</strong>な目標"
        );
    }
}
