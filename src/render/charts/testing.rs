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

/// The smallest text of `svg`, in CSS pixels, when its `viewBox` is drawn `column_px`
/// wide: each `<text>`'s `font-size` (its own or its group's) times the scale.
pub(super) fn smallest_text_px(svg: &str, column_px: f64) -> f64 {
    let doc = parse(svg);
    let root = doc.root_element();
    let view_width: f64 = root
        .attribute("viewBox")
        .and_then(|v| v.split_whitespace().nth(2))
        .and_then(|w| w.parse().ok())
        .expect("a viewBox");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let size: f64 = inherited(n, "font-size")
                .and_then(|s| s.parse().ok())
                .expect("every text has a font-size");
            size * column_px / view_width
        })
        .fold(f64::INFINITY, f64::min)
}

/// An indicator of 件 with the values given, larger is better.
pub(super) fn ind(
    target: Option<f64>,
    actual: Option<f64>,
    baseline: Option<f64>,
) -> crate::model::Indicator {
    crate::model::Indicator {
        id: None,
        name: "公式ホームページ総ページビュー数".into(),
        unit: Some("件".into()),
        target,
        actual,
        baseline,
        better: crate::model::Better::Higher,
        baseline_label: None,
        actual_label: None,
        approximate: false,
        baseline_text: None,
        target_text: None,
        actual_text: None,
        extra: vec![],
        loc: crate::diag::Loc::default(),
    }
}
