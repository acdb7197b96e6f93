//! Inputs and SVG readers shared by the charts' unit tests.

use super::GradeCount;
use crate::analyze::metrics::Tally;

pub(super) fn tally(achieved: usize, counted: usize, unevaluated: usize) -> Tally {
    Tally {
        achieved,
        counted,
        unevaluated,
        ..Tally::default()
    }
}

pub(super) fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).expect("chart SVG is well-formed XML")
}

pub(super) fn texts(svg: &str) -> Vec<String> {
    let doc = parse(svg);
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

pub(super) fn grades(counts: [usize; 6]) -> Vec<GradeCount> {
    let names = [
        ("A", "達成", "a"),
        ("B", "概ね達成", "b"),
        ("C", "一部達成", "c"),
        ("D", "未達成", "d"),
        ("E", "未実施", "e"),
        ("", "未評価", "none"),
    ];
    names
        .iter()
        .zip(counts)
        .map(|((s, l, c), n)| GradeCount {
            symbol: s.to_string(),
            label: l.to_string(),
            class: c.to_string(),
            count: n,
            derived: 0,
        })
        .collect()
}

/// The value of a presentation attribute where `n` is: its own or inherited from the
/// nearest group that has it.
pub(super) fn inherited<'a>(n: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.ancestors().find_map(|a| a.attribute(name))
}
