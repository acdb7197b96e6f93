//! Images in prose that would load from another server: made links instead, so that no
//! page ever loads anything from another host (README, content-format.md).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// `events` with each image from another host ([`is_remote`]) made a link to it, its alt
/// text the link's text (the URL when there is none; only the text inside another link).
/// The site's own images pass through.
pub(super) fn remote_as_links<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    // A stack pairs each image's end with its start (`Some` for one made a link).
    let mut images: Vec<Option<(CowStr, bool)>> = Vec::new();
    let mut links = 0usize;
    events.flat_map(move |ev| {
        let mut extra = None;
        let ev = match ev {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_remote(&dest_url) => {
                let start = (links == 0).then(|| {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest_url.clone(),
                        title,
                        id,
                    })
                });
                images.push(Some((dest_url, false)));
                start
            }
            Event::Start(Tag::Image { .. }) => {
                images.push(None);
                Some(ev)
            }
            Event::End(TagEnd::Image) => match images.pop() {
                Some(Some((url, had_text))) if links == 0 => {
                    if !had_text {
                        extra = Some(Event::Text(url));
                    }
                    Some(Event::End(TagEnd::Link))
                }
                Some(Some(_)) => None,
                _ => Some(ev),
            },
            Event::Start(Tag::Link { .. }) => {
                links += 1;
                Some(ev)
            }
            Event::End(TagEnd::Link) => {
                links = links.saturating_sub(1);
                Some(ev)
            }
            Event::Text(_) | Event::Code(_) => {
                if let Some(Some((_, had_text))) = images.last_mut() {
                    *had_text = true;
                }
                Some(ev)
            }
            other => Some(other),
        };
        // The missing alt text goes before the link's end.
        match extra {
            Some(text) => [Some(text), ev],
            None => [ev, None],
        }
        .into_iter()
        .flatten()
    })
}

/// Whether an image URL would load from another host: it has a scheme (`https:`,
/// `data:`) or starts with two slashes (`//host`, which browsers also read in `/\host`).
/// Relative URLs (`images/a.png`, `/hyoka/a.png`) are the site's own files.
pub(super) fn is_remote(url: &str) -> bool {
    let trimmed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let mut chars = trimmed.chars();
    if matches!(
        (chars.next(), chars.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    ) {
        return true;
    }
    match trimmed.find(':') {
        None => false,
        Some(i) => !trimmed[..i].contains(['/', '?', '#']),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MdOptions, render};

    #[test]
    fn images_from_another_host_are_links() {
        let md = |src: &str, allow_html| {
            render(
                src,
                MdOptions {
                    allow_html,
                    top_heading: 3,
                },
            )
        };
        for allow_html in [false, true] {
            let out = md(
                "![利用者数の推移](https://evil.example/a.png \"図\")",
                allow_html,
            );
            assert!(!out.contains("<img"), "{out}");
            // (ammonia adds rel="noopener noreferrer" to links when raw HTML is allowed.)
            assert!(
                out.contains(r#"<a href="https://evil.example/a.png" title="図""#)
                    && out.contains(">利用者数の推移</a>"),
                "{out}"
            );
            // No alt text: the URL is the link's text, never an empty link.
            let out = md("![](//evil.example/a.png)", allow_html);
            assert!(
                out.contains(r#"<a href="//evil.example/a.png""#)
                    && out.contains(">//evil.example/a.png</a>"),
                "{out}"
            );
            for src in [
                "![a](/\\evil.example/a.png)",
                "![a](HTTP://evil.example/a.png)",
                "![a][r]\n\n[r]: https://evil.example/a.png",
            ] {
                let out = md(src, allow_html);
                assert!(!out.contains("<img"), "{src:?}: {out}");
            }
            // A data: URL is refused like any unsafe scheme (src="#"), as before.
            let out = md("![a](data:image/png;base64,AAAA)", allow_html);
            assert!(!out.contains("data:"), "{out}");
            // Inside a link, the image is its alt text alone (no link in a link).
            let out = md(
                "[![図](https://evil.example/a.png)](https://www.city.example.lg.jp/)",
                allow_html,
            );
            assert!(
                out.starts_with(r#"<p><a href="https://www.city.example.lg.jp/""#)
                    && out.trim().ends_with(">図</a></p>"),
                "{out}"
            );
            // The site's own images are embedded as before.
            for src in [
                "images/a.png",
                "/hyoka/images/a.png",
                "../a.png",
                "a.png?v=2",
            ] {
                let out = md(&format!("![図]({src})"), allow_html);
                assert!(
                    out.contains(&format!(r#"<img src="{src}" alt="図""#)),
                    "{out}"
                );
            }
        }
        // Raw HTML images from another host lose their src (allow_html).
        let out = md("<img src=\"https://evil.example/a.png\" alt=\"x\">", true);
        assert!(!out.contains("evil.example"), "{out}");
        let out = md("<img src=\"images/a.png\" alt=\"x\">", true);
        assert!(out.contains("images/a.png"), "{out}");
    }
}
