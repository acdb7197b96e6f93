//! What is searchable: one document per department, report, goal, challenge, project,
//! 中期目標, plan and plan item, each with the URL of its own page or anchor and the plain
//! text of its fields, so that a hit links to the entry that matched, not just its page.

use crate::analyze::index::Indexes;
use crate::model::fiscal::FiscalYear;
use crate::model::{Report, Site};
use crate::render::markdown;
use crate::render::urls::{PageRef, anchor};

/// One searchable thing: a goal, challenge, project, mid-term goal, report, department,
/// plan or plan item.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Root-relative URL with the anchor of the entry.
    pub url: String,
    /// Title as shown in results (重点目標 6 指定避難所の機能強化).
    pub title: String,
    /// What it is: 目標, 課題, 事業, 中期目標, 報告, 部局, 計画, 計画の項目.
    pub kind: &'static str,
    /// Where it is: department and year, or plan.
    pub context: String,
    /// Plain text searched besides the title.
    pub text: String,
    /// Fiscal year of the report it belongs to (0 for plans and departments).
    pub year: i32,
    /// What makes it the same entry as documents of other years (a goal: its department
    /// and id), so that results list it once with its years; `None` for a document that
    /// stands alone.
    pub group: Option<String>,
}

/// What a report calls its goals (重点目標, 当年度目標, 取組 …), as its page does.
pub fn goals_heading(r: &Report) -> String {
    r.headings
        .iter()
        .rev()
        .find(|(k, _)| k == "goals")
        .map(|(_, v)| v.clone())
        .or_else(|| r.goals_heading.clone())
        .unwrap_or_else(|| "重点目標".into())
}

/// The title of a report as its page shows it.
pub fn report_title(site: &Site, dept: usize, r: &Report) -> String {
    let d = &site.departments[dept];
    r.title.clone().unwrap_or_else(|| {
        format!(
            "{} {}の{}",
            r.year.label(site.config.year_style),
            d.name_in(r.year),
            r.kind.clone().unwrap_or_else(|| "運営方針".into())
        )
    })
}

/// Every searchable document of the site, in a stable order.
pub fn documents(site: &Site, ix: &Indexes) -> Vec<SearchDoc> {
    use rayon::prelude::*;
    // Departments in parallel, each in order; then plans.
    let per_dept: Vec<Vec<SearchDoc>> = site
        .departments
        .par_iter()
        .enumerate()
        .map(|(di, d)| department_documents(site, di, d))
        .collect();
    let mut docs: Vec<SearchDoc> = per_dept.into_iter().flatten().collect();
    docs.extend(plan_documents(site, ix));
    docs
}

/// The text of a document, put together from its parts: each one that is not blank, with a
/// line break between them (what joining a list of them did, without the list or a string
/// for each part). A scratch string, reused from document to document.
#[derive(Default)]
struct Text(String);

impl Text {
    /// Adds `part`, unless it is blank.
    fn part(&mut self, part: &str) -> &mut Self {
        if !is_blank(part) {
            if !self.0.is_empty() {
                self.0.push('\n');
            }
            self.0.push_str(part);
        }
        self
    }

    /// Adds the plain text of the Markdown `src` ([`markdown::plain_text`]), unless it is
    /// blank.
    fn markdown(&mut self, src: &str) -> &mut Self {
        let start = self.0.len();
        if start > 0 {
            self.0.push('\n');
        }
        markdown::push_plain_text(src, &mut self.0);
        if is_blank(&self.0[start..]) {
            self.0.truncate(start);
        }
        self
    }

    /// [`Text::markdown`] of an optional prose field.
    fn field(&mut self, field: &Option<crate::model::At<String>>) -> &mut Self {
        match field {
            Some(f) => self.markdown(&f.v),
            None => self,
        }
    }

    /// The text, as a string of its own; `self` is emptied for the next one (keeping its
    /// room, so that putting texts together does not grow a string each time).
    /// The source's own columns of an entry: each label and its text.
    fn extra(&mut self, extra: &crate::model::Extra) -> &mut Self {
        for (label, t) in extra {
            self.part(label).markdown(&t.v);
        }
        self
    }

    fn done(&mut self) -> String {
        let text = self.0.as_str().to_owned();
        self.0.clear();
        text
    }
}

/// Whether `s` is empty or only white space (`s.trim().is_empty()`, looking at the first
/// character only when it is not white space).
fn is_blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// `url#anchor(prefix, id)`: the URL of an entry of a report.
fn entry_url(url: &str, prefix: &str, id: &str) -> String {
    [url, "#", &anchor(prefix, id)].concat()
}

/// The documents of department `di`: itself, then each report and its entries.
pub(super) fn department_documents(
    site: &Site,
    di: usize,
    d: &crate::model::Department,
) -> Vec<SearchDoc> {
    let fy = |y: FiscalYear| y.label(site.config.year_style);
    let mut docs = Vec::new();
    let mut text = Text::default();
    for f in &d.former_names {
        text.part(&f.name);
    }
    for u in &d.units {
        text.part(&u.v);
    }
    docs.push(SearchDoc {
        url: PageRef::Department(&d.slug).path(),
        title: d.name.clone(),
        kind: "部局",
        context: "部局".into(),
        text: text.done(),
        year: 0,
        group: None,
    });
    let mut person = String::new();
    for r in &d.reports {
        let url = PageRef::Report {
            dept: &d.slug,
            year: r.year,
        }
        .path();
        let context = [d.name_in(r.year), " ", &fy(r.year)].concat();
        text.field(&r.message)
            .field(&r.mission)
            .field(&r.policy)
            .field(&r.review);
        for p in r.head.iter().chain(r.officers.iter()) {
            person.clear();
            for x in [&p.title, &p.name, &p.role].into_iter().flatten() {
                if !person.is_empty() {
                    person.push(' ');
                }
                person.push_str(x);
            }
            text.part(&person);
        }
        for x in &r.duties {
            text.markdown(&x.v);
        }
        for e in &r.extra_sections {
            text.part(&e.title);
            if let Some(b) = &e.body {
                text.markdown(&b.v);
            }
        }
        docs.push(SearchDoc {
            url: url.clone(),
            title: report_title(site, di, r),
            kind: "報告",
            context: context.clone(),
            text: text.done(),
            year: r.year.year(),
            group: None,
        });
        // A goal, challenge, project or 中期目標 of the report: a document at its anchor.
        let entry = |(anchor_kind, id): (&str, &str), title, kind, text| SearchDoc {
            url: entry_url(&url, anchor_kind, id),
            title,
            kind,
            context: context.clone(),
            text,
            year: r.year.year(),
            group: None,
        };
        let heading = goals_heading(r);
        for g in &r.goals {
            text.field(&g.aim)
                .field(&g.target_text)
                .field(&g.actions)
                .field(&g.results)
                .field(&g.status)
                .field(&g.evaluation)
                .field(&g.next);
            for i in &g.initiatives {
                text.part(i.title.as_deref().unwrap_or_default())
                    .field(&i.aim)
                    .field(&i.actions)
                    .field(&i.results)
                    .field(&i.status)
                    .extra(&i.extra);
            }
            for i in &g.indicators {
                text.part(&i.name).extra(&i.extra);
            }
            text.extra(&g.extra);
            text.part(g.field.as_deref().unwrap_or_default());
            for s in &g.sections {
                text.part(&s.v);
            }
            for i in &g.initiatives {
                for s in &i.sections {
                    text.part(&s.v);
                }
            }
            let title = if g.number.is_empty() {
                // A source that numbers nothing (`number = ""`): no number invented.
                [heading.as_str(), " ", &g.title.v].concat()
            } else {
                [heading.as_str(), " ", &g.number, " ", &g.title.v].concat()
            };
            // The same goal in another year has the same id in the same department.
            docs.push(SearchDoc {
                group: Some([d.slug.as_str(), "\n", &g.id.v].concat()),
                ..entry(("goal", &g.id.v), title, "目標", text.done())
            });
        }
        for c in &r.challenges {
            text.field(&c.description)
                .field(&c.response)
                .extra(&c.extra);
            for s in &c.sections {
                text.part(&s.v);
            }
            docs.push(entry(
                ("challenge", &c.id.v),
                c.title.clone(),
                "課題",
                text.done(),
            ));
        }
        for p in &r.projects {
            text.field(&p.description).field(&p.target).extra(&p.extra);
            for s in &p.sections {
                text.part(&s.v);
            }
            docs.push(entry(
                ("project", &p.id.v),
                p.name.clone(),
                "事業",
                text.done(),
            ));
        }
        for m in &r.midterm {
            text.field(&m.body).field(&m.schedule).extra(&m.extra);
            docs.push(entry(
                ("midterm", &m.id.v),
                m.title.clone(),
                "中期目標",
                text.done(),
            ));
        }
    }
    docs
}

/// The documents of the plans and their items.
pub(super) fn plan_documents(site: &Site, ix: &Indexes) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    for (pi, p) in site.plans.iter().enumerate() {
        let short = p.label().to_string();
        docs.push(SearchDoc {
            url: PageRef::Plan(&p.slug).path(),
            title: p.name.clone(),
            kind: "計画",
            context: "計画".into(),
            text: p
                .body
                .as_deref()
                .map(markdown::plain_text)
                .unwrap_or_default(),
            year: 0,
            group: None,
        });
        for node in &ix.trees[pi].nodes {
            let item = node.item.map(|i| &p.items[i]);
            docs.push(SearchDoc {
                url: PageRef::Item {
                    plan: &p.slug,
                    id: &node.id,
                }
                .path(),
                title: if node.title.is_empty() {
                    node.code.clone()
                } else {
                    format!("{} {}", node.code, node.title)
                },
                kind: "計画の項目",
                context: short.clone(),
                text: item
                    .and_then(|i| i.body.as_deref())
                    .map(markdown::plain_text)
                    .unwrap_or_default(),
                year: 0,
                group: None,
            });
        }
    }
    docs
}

/// A document with `title`, `kind` and `text`, for the tests.
#[cfg(test)]
pub(super) fn doc(title: &str, kind: &'static str, text: &str) -> SearchDoc {
    SearchDoc {
        url: format!("{title}.html"),
        title: title.into(),
        kind,
        context: String::new(),
        text: text.into(),
        year: 0,
        group: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Text`] against joining the parts that are not blank with line breaks, as the
    /// documents' texts were put together before it.
    #[test]
    fn text_joins_the_parts_that_are_not_blank() {
        let parts = [
            "",
            " ",
            "\n",
            "\u{3000}",
            "避難所",
            " 前後に空白 ",
            "一行目\n二行目",
            "- 項目\n- 項目",
            "*強調*",
            "\n\n段落\n\n",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut text = Text::default();
        for _ in 0..2_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Up to 5 parts, each plain or Markdown.
            let mut want: Vec<String> = Vec::new();
            let mut bits = state;
            for _ in 0..bits % 6 {
                bits /= 6;
                let part = parts[(bits % parts.len() as u64) as usize];
                bits /= parts.len() as u64;
                if bits.is_multiple_of(2) {
                    text.part(part);
                    want.push(part.to_string());
                } else {
                    text.markdown(part);
                    want.push(markdown::plain_text(part));
                }
                bits /= 2;
            }
            want.retain(|p| !p.trim().is_empty());
            assert_eq!(text.done(), want.join("\n"));
        }
        let mut t = Text::default();
        t.field(&None).part("a");
        assert_eq!(t.done(), "a");
    }
}
