//! The changes printed for a person: plain lines for the terminal, or a Markdown document
//! (headings per department and report, lists) to paste into a pull request or attach
//! to an approval sheet. Both say the same things in the same order.

use super::compare::Changes;

/// What changed, as lines for the terminal.
pub fn text(old: &str, new: &str, c: &Changes) -> String {
    let mut out = format!("比べた版: {old} → {new}\n");
    if is_empty(c) {
        out.push_str("\n変更はありません。\n");
        return out;
    }
    for r in &c.reports {
        out.push_str(&format!("\n{}　{}\n", r.dept, r.year));
        for l in &r.lines {
            out.push_str(&format!("  ・{l}\n"));
        }
    }
    if !c.city.is_empty() {
        out.push_str("\n市全体の達成率\n");
        for (year, change) in &c.city {
            out.push_str(&format!("  ・{year}: {change}\n"));
        }
    }
    if !c.files.is_empty() {
        out.push_str("\n報告のほかのファイル\n");
        for f in &c.files {
            out.push_str(&format!("  ・{f}\n"));
        }
    }
    out
}

/// What changed, as a Markdown document.
pub fn markdown(old: &str, new: &str, c: &Changes) -> String {
    let mut out = format!("# 報告の変更（{} → {}）\n", md(old), md(new));
    if is_empty(c) {
        out.push_str("\n変更はありません。\n");
        return out;
    }
    let mut dept: Option<&str> = None;
    for r in &c.reports {
        if dept != Some(r.slug.as_str()) {
            out.push_str(&format!("\n## {}\n", md(&r.dept)));
            dept = Some(&r.slug);
        }
        out.push_str(&format!("\n### {}\n\n", md(&r.year)));
        for l in &r.lines {
            out.push_str(&format!("- {}\n", md(l)));
        }
    }
    if !c.city.is_empty() {
        out.push_str("\n## 市全体の達成率\n\n");
        for (year, change) in &c.city {
            out.push_str(&format!("- {}: {}\n", md(year), md(change)));
        }
    }
    if !c.files.is_empty() {
        out.push_str("\n## 報告のほかのファイル\n\n");
        for f in &c.files {
            out.push_str(&format!("- {}\n", md(f)));
        }
    }
    out
}

fn is_empty(c: &Changes) -> bool {
    c.reports.is_empty() && c.files.is_empty()
}

/// Text with the characters Markdown would read as markup escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(md("a*b_c [x]"), "a\\*b\\_c \\[x\\]");
    }
}
