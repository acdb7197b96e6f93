//! What pasting from Excel or Word leaves in prose, seen as staff would not see it:
//! tab-separated cells, the quotes Excel wraps around a multi-line cell, a leading tab
//! that Markdown reads as a code block. (Invisible characters in names and titles are
//! caught where the value is read, in `reader`.)

use super::lint::locate;
use crate::diag::{Diagnostic, SourceMap};
use crate::model::At;

/// Warnings for what pasting from Excel or Word leaves in a prose field: tab-separated
/// cells (a table that renders as one run-on paragraph), the "…" Excel wraps a multi-line
/// cell in, and a leading tab that Markdown reads as a code block.
pub(super) fn pastes(field: &At<String>, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let text = &field.v;
    if text.len() > 2
        && text.trim().starts_with('"')
        && text.trim().ends_with('"')
        && text.trim().contains('\n')
    {
        out.push(
            Diagnostic::warning(
                locate(sources, field, text.trim().lines().next().unwrap_or("\"")),
                "文章の全体が \"…\" で囲まれています（Excel のセルを貼り付けると付く引用符です）。",
            )
            .hint("最初と最後の \" を消してください（\"\" と二重になった引用符も \" ひとつに直します）。"),
        );
    }
    if !text.contains('\t') {
        return;
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut table_warned = false;
    while i < lines.len() {
        let cells = |l: &str| l.trim_matches('\t').split('\t').count();
        let is_row = |l: &str| !l.trim().is_empty() && l.trim_matches('\t').contains('\t');
        if !table_warned && is_row(lines[i]) {
            let n = cells(lines[i]);
            let mut j = i;
            while j < lines.len() && is_row(lines[j]) && cells(lines[j]) == n {
                j += 1;
            }
            if j - i >= 2 {
                let row = |l: &str| {
                    format!(
                        "| {} |",
                        l.trim_matches('\t')
                            .split('\t')
                            .map(str::trim)
                            .collect::<Vec<_>>()
                            .join(" | ")
                    )
                };
                let mut table = vec![row(lines[i]), format!("|{}", "---|".repeat(n))];
                table.extend(lines[i + 1..j].iter().map(|l| row(l)));
                out.push(
                    Diagnostic::warning(
                        locate(sources, field, lines[i]),
                        format!(
                            "タブで区切られた行が {} 行あります（Excel の表を貼り付けたものと思われます）。このままでは 1 つの段落につながって表示されます。",
                            j - i
                        ),
                    )
                    .hint(format!(
                        "表にするなら、次のように書き換えてください:\n{}",
                        table.join("\n")
                    )),
                );
                table_warned = true;
                i = j;
                continue;
            }
        }
        let starts_paragraph = i == 0 || lines[i - 1].trim().is_empty();
        if starts_paragraph && lines[i].starts_with('\t') && !lines[i].trim().is_empty() {
            out.push(
                Diagnostic::warning(
                    locate(sources, field, lines[i]),
                    "段落の先頭にタブがあります。このままでは、文章ではなくプログラムのような枠（コードブロック）で表示されます。",
                )
                .hint("行の先頭のタブを消してください（字下げは不要です）。"),
            );
        }
        i += 1;
    }
}
