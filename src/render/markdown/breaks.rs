//! The source's line structure in parsed Markdown: each soft line break becomes what
//! [`line_join`] says (a `<br>` before a list mark, nothing between Japanese characters, a
//! space otherwise), for HTML and plain text alike.

use crate::model::lines::{LineJoin, line_join};
use pulldown_cmark::{Event, Tag, TagEnd};

/// Whether `ev` opens or closes inline markup that does not interrupt the text on either
/// side of it (`**強調**` still joins with the Japanese next to it).
fn is_inline_tag(ev: &Event) -> bool {
    matches!(
        ev,
        Event::Start(
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ) | Event::End(
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        )
    )
}

/// The last character of the text before `events[i]`, through inline markup.
fn char_before(events: &[Event], i: usize) -> Option<char> {
    for ev in events[..i].iter().rev() {
        match ev {
            Event::Text(t) if t.is_empty() => {}
            Event::Text(t) | Event::Code(t) => return t.chars().next_back(),
            e if is_inline_tag(e) => {}
            _ => return None,
        }
    }
    None
}

/// The start of the line after `events[i]` (enough of it to see a list mark), through
/// inline markup and text the parser split.
fn line_after(events: &[Event], i: usize) -> String {
    let mut line = String::new();
    for ev in &events[i + 1..] {
        match ev {
            Event::Text(t) | Event::Code(t) => {
                line.push_str(t);
                if line.len() >= 16 {
                    break;
                }
            }
            e if is_inline_tag(e) && line.is_empty() => {}
            _ => break,
        }
    }
    line
}

/// `events` with every soft break turned into what [`line_join`] says.
pub(super) fn keep_lines<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut events: Vec<Event<'a>> = events.collect();
    let mut joined = false;
    for i in 0..events.len() {
        if events[i] != Event::SoftBreak {
            continue;
        }
        match line_join(char_before(&events, i), &line_after(&events, i)) {
            LineJoin::Break => events[i] = Event::HardBreak,
            LineJoin::Join => {
                // Marked, then dropped below: an empty text writes nothing.
                events[i] = Event::Text("".into());
                joined = true;
            }
            LineJoin::Space => {}
        }
    }
    if joined {
        events.retain(|e| !matches!(e, Event::Text(t) if t.is_empty()));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::super::{MdOptions, plain_path_agrees_with_parser, plain_text, render};

    const OPTS: MdOptions = MdOptions {
        allow_html: false,
        top_heading: 3,
    };

    #[test]
    fn lines_starting_with_a_mark_stay_lines() {
        for mark in [
            "①",
            "⑳",
            "㉑",
            "⑴",
            "・",
            "･",
            "●",
            "○",
            "〇",
            "■",
            "□",
            "◆",
            "◇",
            "※",
            "(1)",
            "（２）",
            "１．",
            "1．",
            "2.",
            "3)",
            "\u{3000}",
        ] {
            let src = format!("取組は次のとおり。\n{mark}窓口の改善\n{mark}相談の充実");
            let html = render(&src, OPTS);
            assert_eq!(
                html.matches(&format!("<br />\n{mark}")).count(),
                2,
                "{src:?} → {html}"
            );
            assert_eq!(
                plain_text(&src),
                format!("取組は次のとおり。\n{mark}窓口の改善\n{mark}相談の充実")
            );
            assert!(plain_path_agrees_with_parser(&src), "{src:?}");
        }
    }

    #[test]
    fn japanese_lines_join_without_a_space() {
        for (src, html, text) in [
            ("市民の\n皆様へ", "<p>市民の皆様へ</p>\n", "市民の皆様へ"),
            (
                "**市民の**\n皆様へ",
                "<p><strong>市民の</strong>皆様へ</p>\n",
                "市民の皆様へ",
            ),
            (
                "手続を電子化し、\n[窓口](a.html)の\n待ち時間を減らします。",
                "<p>手続を電子化し、<a href=\"a.html\">窓口</a>の待ち時間を減らします。</p>\n",
                "手続を電子化し、窓口の待ち時間を減らします。",
            ),
            (
                "- 窓口の\n  改善",
                "<ul>\n<li>窓口の改善</li>\n</ul>\n",
                "窓口の改善",
            ),
            (
                "open\ndata の活用",
                "<p>open\ndata の活用</p>\n",
                "open\ndata の活用",
            ),
            ("ICT\nを活用", "<p>ICT\nを活用</p>\n", "ICT\nを活用"),
            ("2024\n年度", "<p>2024\n年度</p>\n", "2024\n年度"),
        ] {
            assert_eq!(render(src, OPTS), html, "{src:?}");
            assert_eq!(plain_text(src), text, "{src:?}");
        }
        assert!(plain_path_agrees_with_parser("市民の\n皆様へ\nopen\ndata"));
    }

    #[test]
    fn commonmark_lists_are_untouched() {
        let html = render("次のとおり。\n1. 一つ目\n2. 二つ目", OPTS);
        assert_eq!(
            html,
            "<p>次のとおり。</p>\n<ol>\n<li>一つ目</li>\n<li>二つ目</li>\n</ol>\n"
        );
        let html = render("次のとおり。\n\n- 一つ目\n- 二つ目", OPTS);
        assert!(!html.contains("<br"), "{html}");
    }
}
