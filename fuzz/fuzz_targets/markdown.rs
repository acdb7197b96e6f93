//! Markdown prose to HTML, and front matter splitting. Beyond not crashing, the output
//! must be safe to publish on a city's domain whatever the input: no script-capable
//! element, no event-handler attribute, no javascript:/data: URL — with raw HTML shown as
//! text (the default) and with `allow_html` (sanitised). And the fast path for plain prose
//! must write exactly what pulldown-cmark writes.
#![no_main]

use hyoka::render::markdown::{
    MdOptions, plain_path_agrees_with_parser, plain_text, render, render_inline, url_is_safe,
};
use libfuzzer_sys::fuzz_target;
use scraper::Html;

const FORBIDDEN: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "link", "meta", "base", "form", "frame",
    "frameset", "svg", "math", "template",
];
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "srcset",
];

fn check_safe(html: &str, input: &str) {
    let doc = Html::parse_fragment(html);
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        assert!(
            !FORBIDDEN.contains(&name),
            "<{name}> in output\ninput: {input:?}\noutput: {html}"
        );
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            assert!(
                !attr.starts_with("on"),
                "{attr} on <{name}>\ninput: {input:?}\noutput: {html}"
            );
            if URL_ATTRS.contains(&attr.as_str()) {
                assert!(
                    url_is_safe(value),
                    "{attr}={value:?} on <{name}>\ninput: {input:?}\noutput: {html}"
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = hyoka::source::decode(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (front, body) = hyoka::source::split_front_matter(text);
    assert!(body <= text.len() && text.is_char_boundary(body));
    if let Some((a, b)) = front {
        assert!(a <= b && b <= body && text.is_char_boundary(a) && text.is_char_boundary(b));
    }
    let top_heading = data.first().map(|b| b % 8).unwrap_or(3);
    for allow_html in [false, true] {
        let opts = MdOptions {
            allow_html,
            top_heading,
        };
        check_safe(&render(&text[body..], opts), text);
        check_safe(&render_inline(text, opts), text);
    }
    let _ = plain_text(text);
    // The fast path for plain prose must write what the parser writes.
    assert!(
        plain_path_agrees_with_parser(text),
        "plain-prose path differs from the parser\ninput: {text:?}"
    );
});
