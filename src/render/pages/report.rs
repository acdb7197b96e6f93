//! A report's page (`departments/<slug>/<FY>/index.html`): the whole report as its
//! [`ReportView`], every prose field turned into HTML and every number formatted here,
//! with links to the department's reports of the years before and after.

use super::report_view::*;
use super::{Body, Page, crumbs, head};
use crate::analyze::metrics::{self, GoalGrade};
use crate::model::{At, Better, Report};
use crate::render::compare::{CompareView, compare_view};
use crate::render::urls::{PageRef, anchor, push_anchor};
use crate::render::views::{Ctx, GradeView, Link, RateView, RefView, distribution, scale_view};
use crate::render::{figures, markdown};
use serde::Serialize;

/// What a report's page shows.
#[derive(Serialize)]
pub(crate) struct ReportData {
    pub(crate) r: ReportView,
    pub(crate) prev: Option<Link>,
    pub(crate) next: Option<Link>,
    pub(crate) year_url: String,
    /// The folder of this report's own CSV files, which its tables link to.
    pub(crate) data_dir: String,
}

/// The page of report `ri` of department `di`, with its comparison with the year before
/// when it is built already.
pub(crate) fn report_page<'a>(
    cx: &Ctx<'a>,
    di: usize,
    ri: usize,
    compare: Option<CompareView>,
) -> Page<'a> {
    let d = &cx.site.departments[di];
    let rv = match compare {
        Some(c) => report_view_with(cx, di, ri, c, &OWN_PAGE),
        None => report_view(cx, di, ri, &OWN_PAGE),
    };
    // 部局一覧 › the departments above it (a 課's 部) › the department › the year.
    let mut trail: Vec<(String, String)> = vec![("部局一覧".into(), PageRef::Departments.path())];
    for a in cx.site.department_ancestors(di).into_iter().chain([di]) {
        let ad = &cx.site.departments[a];
        trail.push((ad.name.clone(), PageRef::Department(&ad.slug).path()));
    }
    trail.push((rv.year_label.clone(), String::new()));
    let trail: Vec<(&str, &str)> = trail
        .iter()
        .map(|(l, u)| (l.as_str(), u.as_str()))
        .collect();
    let head = head(&rv.title, crumbs(&trail), "departments");
    let link = |i: usize| Link {
        label: cx.fy(d.reports[i].year),
        url: PageRef::Report {
            dept: &d.slug,
            year: d.reports[i].year,
        }
        .path(),
    };
    let prev = d.previous(ri).map(link);
    let next = d.next(ri).map(link);
    Page::new(
        PageRef::Report {
            dept: &d.slug,
            year: d.reports[ri].year,
        },
        head,
        Body::Report(Box::new(ReportData {
            r: rv,
            prev,
            next,
            year_url: PageRef::Year(d.reports[ri].year).path(),
            data_dir: crate::model::opendata::report_files_dir(&d.slug, d.reports[ri].year),
        })),
    )
}

/// Where a report's view is drawn: on its own page, or as one part of a page that holds
/// several reports (a year's booklet), whose ids must not collide and whose headings sit
/// one level lower.
pub(crate) struct Placement<'s> {
    /// Put before every in-page id of the report (its entries' anchors and chart ids).
    pub(crate) ids: &'s str,
    /// The heading level of the report's sections; its entries and prose follow.
    pub(crate) level: u8,
    /// The way from the page holding the view to the report's own page (`""` there):
    /// links staff write in prose (`../2020/`, `#goal-a`) are relative to the report page.
    pub(crate) to_report: &'s str,
}

/// The report on its own page: ids as they are, sections as h2.
pub(crate) const OWN_PAGE: Placement<'static> = Placement {
    ids: "",
    level: 2,
    to_report: "",
};

/// The dates on which the report's files changed in commits (its 更新履歴 from git), newest
/// first, when there are at least two: one date is the 更新日 already shown.
fn change_dates(cx: &Ctx, slug: &str, r: &crate::model::Report) -> Vec<String> {
    let mut dates: Vec<crate::model::Date> = ["toml", "md"]
        .iter()
        .filter_map(|ext| {
            cx.ix.file_dates.get(&format!(
                "content/departments/{slug}/{}.{ext}",
                r.year.year()
            ))
        })
        .flatten()
        .copied()
        .collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    dates.dedup();
    if dates.len() < 2 {
        return Vec::new();
    }
    dates.iter().map(|&d| cx.date(d)).collect()
}

/// Builds the view of report `ri` of department `di`, placed as `at` says.
pub(crate) fn report_view(cx: &Ctx, di: usize, ri: usize, at: &Placement) -> ReportView {
    report_view_with(cx, di, ri, compare_view(cx, di, ri), at)
}

/// [`report_view`] with its comparison already built (as in the report's [`ReportCore`]).
pub(crate) fn report_view_with(
    cx: &Ctx,
    di: usize,
    ri: usize,
    mut compare: CompareView,
    at: &Placement,
) -> ReportView {
    // The prefixes of the entries' anchors, made once per report.
    let ids_of = |k: &str| [at.ids, k].concat();
    let (goal_ids, challenge_ids) = (ids_of("goal"), ids_of("challenge"));
    let (project_ids, midterm_ids) = (ids_of("project"), ids_of("midterm"));
    if !at.ids.is_empty() {
        for g in &mut compare.goals {
            g.anchor.insert_str(0, at.ids);
        }
    }
    // Prose under the report's sections (`md_at`) and under its entries' headings.
    let (prose_top, entry_prose_top) = (at.level + 1, at.level + 2);
    let placed = |html: String| markdown::rebase_links(html, at.to_report);
    let md_opt = |s: &Option<At<String>>| {
        s.as_ref()
            .filter(|s| !s.v.trim().is_empty())
            .map(|s| placed(cx.md_at(&s.v, entry_prose_top)))
    };
    let dept = &cx.site.departments[di];
    let r = &dept.reports[ri];
    let scale = cx.site.config.grades.for_year(r.year);
    let dept_name = dept.name_in(r.year).to_string();
    let kind = r.kind.clone().unwrap_or_else(|| "運営方針".into());
    let title = report_title(cx, di, ri);
    let mut headings: std::collections::BTreeMap<String, String> = default_headings()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if let Some(g) = &r.goals_heading {
        headings.insert("goals".into(), g.clone());
    }
    // The head's own title names the sections about them: 「課長」, 「課長メッセージ」.
    if let Some(t) = r.head.as_ref().and_then(|h| h.title.as_deref()) {
        let mut titles = vec![t];
        for o in &r.officers {
            if let Some(ot) = o.title.as_deref()
                && !titles.contains(&ot)
            {
                titles.push(ot);
            }
        }
        headings.insert("officers".into(), titles.join("・"));
        headings.insert("message".into(), [t, "メッセージ"].concat());
    }
    for (k, v) in &r.headings {
        headings.insert(k.clone(), v.clone());
    }
    // Each goal's prefix: `[headings] goal`, else `goals_heading`, else what the section
    // is called. `[headings] goals` renames the section only when `goals_heading` names the
    // goals (toyonaka: 「当年度目標 1」 under 「当年度目標と目標設定に対する振り返り等」).
    if !headings.contains_key("goal") {
        let prefix = (r.goals_heading.clone()).unwrap_or_else(|| headings["goals"].clone());
        headings.insert("goal".into(), prefix);
    }
    let graded = r.is_graded(&cx.site.config);
    let rate_word = rate_word(graded);
    let written = |s: &Option<At<String>>| s.as_ref().is_some_and(|s| !s.v.trim().is_empty());
    let md_text = |t: &At<String>| placed(cx.md_at(&t.v, entry_prose_top));
    let extra = |e: &crate::model::Extra| -> Vec<ExtraView> {
        e.iter()
            .map(|(label, text)| ExtraView {
                label: label.clone(),
                html: placed(cx.md_at(&text.v, entry_prose_top)),
            })
            .collect()
    };
    let grades: Vec<GoalGrade> = r
        .goals
        .iter()
        .map(|g| metrics::goal_grade(g, scale))
        .collect();
    let goals: Vec<GoalView> = r
        .goals
        .iter()
        .zip(&grades)
        .map(|(g, grade)| {
            // Once per goal: its indicators' chart ids start with it.
            let goal_anchor = anchor(&goal_ids, &g.id.v);
            let indicator_extra = extra_labels(g.indicators.iter().map(|i| &i.extra));
            let initiative_extra = extra_labels(g.initiatives.iter().map(|i| &i.extra));
            let indicators = g
                .indicators
                .iter()
                .enumerate()
                .map(|(k, i)| IndicatorView {
                    name: i.name.clone(),
                    unit: i.unit.clone().unwrap_or_default(),
                    target: num_unit(i.target),
                    actual: num_unit(i.actual),
                    baseline: num_unit(i.baseline),
                    baseline_label: i.baseline_label.clone().unwrap_or_default(),
                    actual_label: i.actual_label.clone().unwrap_or_default(),
                    baseline_text: i.baseline_text.clone().unwrap_or_default(),
                    target_text: i.target_text.clone().unwrap_or_default(),
                    actual_text: i.actual_text.clone().unwrap_or_default(),
                    extra: extra_cells(&indicator_extra, &i.extra, &md_text),
                    rate: metrics::indicator_rate(i)
                        .map(metrics::format_pct)
                        .unwrap_or_default(),
                    lower: i.better == Better::Lower,
                    approximate: i.approximate,
                    // The chart's id puts `at.ids` first, as every id of the report.
                    chart: figures::indicator(
                        at.ids,
                        &goal_anchor[at.ids.len()..],
                        k,
                        i,
                        rate_word,
                    ),
                })
                .collect();
            GoalView {
                id: g.id.v.clone(),
                anchor: goal_anchor,
                number: g.number.clone(),
                title: g.title.v.clone(),
                field: g.field.clone().unwrap_or_default(),
                sections: strs(&g.sections),
                plan: cx.refs(&g.plan),
                aim: md_opt(&g.aim),
                target_text: md_opt(&g.target_text),
                actions: md_opt(&g.actions),
                results: md_opt(&g.results),
                status: md_opt(&g.status),
                evaluation: md_opt(&g.evaluation),
                next: md_opt(&g.next),
                grade: GradeView::from_goal(grade),
                initiatives: g
                    .initiatives
                    .iter()
                    .enumerate()
                    .map(|(k, i)| InitiativeView {
                        number: i.number.clone().unwrap_or_default(),
                        title: i.title.clone().unwrap_or_default(),
                        aim_above: !written(&i.aim)
                            && g.initiatives[..k].iter().any(|x| written(&x.aim)),
                        aim: md_opt(&i.aim),
                        actions: md_opt(&i.actions),
                        results: md_opt(&i.results),
                        status: md_opt(&i.status),
                        grade: GradeView::written(i.grade.as_ref(), scale),
                        sections: strs(&i.sections),
                        extra: extra_cells(&initiative_extra, &i.extra, &md_text),
                    })
                    .collect(),
                indicators,
                initiative_heads: g
                    .initiatives
                    .iter()
                    .any(|i| i.number.is_some() || i.title.is_some()),
                initiative_extra,
                indicator_extra,
                extra: extra(&g.extra),
                group: None,
                group_end: false,
            }
        })
        .collect();
    let (goals, nested) = group_goals(goals, r, &challenge_ids, &headings["challenge"]);
    let summary = summary_rows(&goals, &compare);
    let challenges: Vec<ChallengeView> = r
        .challenges
        .iter()
        .map(|c| ChallengeView {
            id: c.id.v.clone(),
            anchor: anchor(&challenge_ids, &c.id.v),
            title: c.title.clone(),
            description: md_opt(&c.description),
            response: md_opt(&c.response),
            plan: cx.refs(&c.plan),
            sections: strs(&c.sections),
            extra: extra(&c.extra),
        })
        .collect();
    let projects = r
        .projects
        .iter()
        .map(|p| ProjectView {
            id: p.id.v.clone(),
            anchor: anchor(&project_ids, &p.id.v),
            name: p.name.clone(),
            description: md_opt(&p.description),
            target: md_opt(&p.target),
            challenges: p
                .challenges
                .iter()
                .map(|c| {
                    let title = r
                        .challenges
                        .iter()
                        .find(|x| x.id.v == c.v)
                        .map(|x| x.title.clone())
                        .unwrap_or_else(|| c.v.clone());
                    Link {
                        label: title,
                        url: {
                            let mut url =
                                String::with_capacity(1 + challenge_ids.len() + 1 + c.v.len());
                            url.push('#');
                            push_anchor(&mut url, &challenge_ids, &c.v);
                            url
                        },
                    }
                })
                .collect(),
            challenge_titles: p
                .challenge_titles
                .iter()
                .filter(|t| {
                    // Shown only when it names no linked challenge.
                    !p.challenges
                        .iter()
                        .any(|c| r.challenges.iter().any(|x| x.id.v == c.v && x.title == t.v))
                })
                .map(|t| t.v.clone())
                .collect(),
            budget: p
                .budget
                .map(|b| [&metrics::format_int(b), "円"].concat())
                .unwrap_or_default(),
            sections: strs(&p.sections),
            plan: cx.refs(&p.plan),
            extra: extra(&p.extra),
        })
        .collect();
    let midterm = r
        .midterm
        .iter()
        .map(|m| MidtermView {
            id: m.id.v.clone(),
            anchor: anchor(&midterm_ids, &m.id.v),
            title: m.title.clone(),
            body: md_opt(&m.body),
            schedule: md_opt(&m.schedule),
            period: m
                .period
                .map(|(a, b)| [&cx.fy(a), "〜", &cx.fy(b)].concat())
                .unwrap_or_default(),
            plan: cx.refs(&m.plan),
            extra: extra(&m.extra),
        })
        .collect();
    let budget = r.budget.as_ref().map(|b| {
        let yen = |x: Option<i64>| {
            x.map(|v| [&metrics::format_int(v), "円"].concat())
                .unwrap_or_default()
        };
        let share = |a: Option<i64>, t: Option<i64>| match (a, t) {
            (Some(a), Some(t)) if t > 0 => metrics::format_pct(a as f64 / t as f64 * 100.0),
            _ => String::new(),
        };
        BudgetView {
            general: yen(b.general),
            special: yen(b.special),
            total: match (b.general, b.special) {
                (Some(g), Some(s)) if s > 0 => yen(Some(g + s)),
                _ => String::new(),
            },
            general_city_total: yen(b.general_city_total),
            general_share: share(b.general, b.general_city_total),
            special_city_total: yen(b.special_city_total),
            special_share: share(b.special, b.special_city_total),
            basis: b.basis.clone().unwrap_or_default(),
        }
    });
    let staff = (!r.staff.is_empty() || !r.staff_totals.is_empty()).then(|| staff_view(r));
    // Plan items the report serves, each once, in first-reference order.
    let mut serves: Vec<RefView> = Vec::new();
    let all_refs = r
        .goals
        .iter()
        .flat_map(|g| g.plan.iter())
        .chain(r.challenges.iter().flat_map(|c| c.plan.iter()))
        .chain(r.projects.iter().flat_map(|p| p.plan.iter()))
        .chain(r.midterm.iter().flat_map(|m| m.plan.iter()));
    for rv in all_refs {
        if let Some((p, n)) = cx.ix.resolve(rv, cx.site) {
            let plan = &cx.site.plans[p];
            let node = &cx.ix.trees[p].nodes[n];
            let url = PageRef::Item {
                plan: &plan.slug,
                id: &node.id,
            }
            .path();
            if !serves.iter().any(|s| s.url.as_deref() == Some(&url)) {
                serves.push(RefView {
                    code: node.code.clone(),
                    title: node.title.clone(),
                    plan: plan.label().to_string(),
                    url: Some(url),
                });
            }
        }
    }
    let mut units: Vec<String> = Vec::new();
    for s in r
        .goals
        .iter()
        .flat_map(|g| {
            g.sections
                .iter()
                .chain(g.initiatives.iter().flat_map(|i| i.sections.iter()))
        })
        .chain(r.challenges.iter().flat_map(|c| c.sections.iter()))
        .chain(r.projects.iter().flat_map(|p| p.sections.iter()))
    {
        if !units.contains(&s.v) {
            units.push(s.v.clone());
        }
    }
    if units.is_empty() {
        units = strs(&dept.units);
    }
    let tally = cx.ix.report_tally[di][ri];
    let dist = distribution(grades, scale);
    let grade_chart = figures::report_grades(
        &[at.ids, "chart-grades"].concat(),
        &headings["goals"],
        &dist,
        &tally,
    );
    ReportView {
        dept_slug: dept.slug.clone(),
        dept_name,
        dept_current_name: dept.name.clone(),
        year: r.year.year(),
        year_label: cx.fy(r.year),
        year_wareki: r.year.wareki(),
        title,
        kind,
        url: PageRef::Report {
            dept: &dept.slug,
            year: r.year,
        }
        .path(),
        published: r.published.map(|d| cx.date(d)).unwrap_or_default(),
        published_iso: r.published.map(|d| d.iso()).unwrap_or_default(),
        updated: r.stated_update().map(|d| cx.date(d)).unwrap_or_default(),
        updated_iso: r.stated_update().map(|d| d.iso()).unwrap_or_default(),
        // The source's own 更新履歴 says what changed; git's dates only when it has none.
        history: if r.revisions.is_empty() {
            change_dates(cx, &dept.slug, r)
        } else {
            Vec::new()
        },
        revisions: r
            .revisions
            .iter()
            .map(|v| RevisionView {
                date: cx.date(v.date),
                iso: v.date.iso(),
                note: v
                    .note
                    .as_ref()
                    .map(|n| placed(markdown::render_inline(&n.v, cx.md)))
                    .unwrap_or_default(),
            })
            .collect(),
        graded,
        extra_sections: {
            let mut placed_sections = PlacedSections::default();
            for (k, e) in r.extra_sections.iter().enumerate() {
                placed_sections
                    .at(e.after.as_deref())
                    .push(ExtraSectionView {
                        title: e.title.clone(),
                        body: e.body.as_ref().map(|b| placed(cx.md_at(&b.v, prose_top))),
                        anchor: format!("{}section-{}", at.ids, k + 1),
                    });
            }
            placed_sections
        },
        nested,
        summary_indicators: summary.iter().any(|s| s.indicator.is_some()),
        summary,
        rate_word: rate_word.into(),
        head: r.head.as_ref().map(PersonView::from),
        officers: r.officers.iter().map(PersonView::from).collect(),
        message: r
            .message
            .as_ref()
            .map(|m| placed(cx.md_at(&m.v, prose_top))),
        // Like `md_opt` (nothing when blank), one heading level higher.
        mission: r
            .mission
            .as_ref()
            .filter(|m| !m.v.trim().is_empty())
            .map(|m| placed(cx.md_at(&m.v, prose_top))),
        policy: r.policy.as_ref().map(|m| placed(cx.md_at(&m.v, prose_top))),
        review: r.review.as_ref().map(|m| placed(cx.md_at(&m.v, prose_top))),
        duties: r
            .duties
            .iter()
            .map(|d| placed(markdown::render_inline(&d.v, cx.md)))
            .collect(),
        headings,
        resources_as_of: r.resources_as_of.map(|d| cx.date(d)).unwrap_or_default(),
        budget,
        staff,
        challenges,
        derived_explained: if goals.iter().any(|g| g.grade.derived) {
            [
                "「",
                crate::model::DERIVED_LABEL,
                "」は、評価が書かれていない目標について、すべての指標の達成率の平均を上の基準に当てはめて求めた参考の評価です。報告に書かれた評価ではありません。",
            ]
            .concat()
        } else {
            String::new()
        },
        goals,
        projects,
        midterm,
        rate: RateView::from(&tally),
        distribution: dist,
        scale: scale_view(scale),
        serves,
        source_title: r
            .source
            .as_ref()
            .and_then(|s| s.page_title.clone())
            .unwrap_or_default(),
        source_page_id: r
            .source
            .as_ref()
            .and_then(|s| s.page_id.clone())
            .unwrap_or_default(),
        source_url: r
            .source
            .as_ref()
            .and_then(|s| s.url.clone())
            .filter(|u| markdown::url_is_safe(u))
            .unwrap_or_default(),
        units,
        contact: crate::render::views::ContactView::of(dept),
        compare,
        grade_chart,
    }
}

/// Orders the goals under the challenges they serve, in the challenges' order, each
/// group's first goal carrying the challenge's heading; goals that serve none follow in
/// file order. Unchanged when no goal names a challenge.
fn group_goals(
    goals: Vec<GoalView>,
    r: &Report,
    challenge_ids: &str,
    challenge_word: &str,
) -> (Vec<GoalView>, bool) {
    if r.goals.iter().all(|g| g.challenge.is_none()) {
        return (goals, false);
    }
    let position: std::collections::HashMap<&str, usize> = r
        .challenges
        .iter()
        .enumerate()
        .map(|(k, c)| (c.id.v.as_str(), k))
        .collect();
    // Goals by challenge; the last bucket holds those that serve none.
    let mut buckets: Vec<Vec<GoalView>> = vec![Vec::new(); r.challenges.len() + 1];
    for (g, view) in r.goals.iter().zip(goals) {
        let k = g
            .challenge
            .as_ref()
            .and_then(|c| position.get(c.v.as_str()).copied())
            .unwrap_or(r.challenges.len());
        buckets[k].push(view);
    }
    let mut out = Vec::with_capacity(r.goals.len());
    for (k, mut bucket) in buckets.into_iter().enumerate() {
        if let Some(c) = r.challenges.get(k)
            && !bucket.is_empty()
        {
            bucket[0].group = Some(GoalGroup {
                number: format!("{challenge_word}{}", k + 1),
                title: c.title.clone(),
                anchor: anchor(challenge_ids, &c.id.v),
            });
            if let Some(last) = bucket.last_mut() {
                last.group_end = true;
            }
        }
        out.extend(bucket);
    }
    (out, true)
}

/// 「この報告のまとめ」: each goal (in the page's order) with its grade, the grade of the
/// report it is compared with and the change, and its first indicator's figures.
fn summary_rows(goals: &[GoalView], compare: &CompareView) -> Vec<SummaryRow> {
    let by_anchor: std::collections::HashMap<&str, &crate::render::compare::GoalCompareRow> =
        compare
            .goals
            .iter()
            .map(|c| (c.anchor.as_str(), c))
            .collect();
    goals
        .iter()
        .map(|g| {
            let c = by_anchor.get(g.anchor.as_str());
            SummaryRow {
                number: g.number.clone(),
                title: g.title.clone(),
                anchor: g.anchor.clone(),
                grade: g.grade.clone(),
                before: c.and_then(|c| c.before.clone()),
                new: c.is_some_and(|c| c.new),
                change: c.map(|c| c.word.clone()).unwrap_or_default(),
                arrow: c.map(|c| c.arrow.clone()).unwrap_or_default(),
                indicator: g.indicators.first().map(|i| SummaryIndicator {
                    name: if i.unit.is_empty() {
                        i.name.clone()
                    } else {
                        [&i.name, "（", &i.unit, "）"].concat()
                    },
                    actual: if !i.actual.is_empty() {
                        [if i.approximate { "約" } else { "" }, &i.actual].concat()
                    } else if !i.actual_text.is_empty() {
                        i.actual_text.clone()
                    } else {
                        "未測定".into()
                    },
                    target: if i.target.is_empty() {
                        i.target_text.clone()
                    } else {
                        i.target.clone()
                    },
                    rate: i.rate.clone(),
                }),
            }
        })
        .collect()
}

/// The labels of the `extra` columns of a table's rows, in the order they first appear.
fn extra_labels<'a>(rows: impl Iterator<Item = &'a crate::model::Extra>) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for e in rows {
        for (label, _) in e {
            if !labels.contains(label) {
                labels.push(label.clone());
            }
        }
    }
    labels
}

/// A row's cells under `labels` (empty where the row has no such column).
fn extra_cells(
    labels: &[String],
    e: &crate::model::Extra,
    html: &dyn Fn(&At<String>) -> String,
) -> Vec<ExtraView> {
    labels
        .iter()
        .map(|l| ExtraView {
            label: l.clone(),
            html: e
                .iter()
                .find(|(k, _)| k == l)
                .map(|(_, t)| html(t))
                .unwrap_or_default(),
        })
        .collect()
}

fn staff_view(r: &Report) -> StaffView {
    let mut columns: Vec<String> = Vec::new();
    for row in &r.staff {
        for (k, _) in &row.counts {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let mut sums = vec![0i64; columns.len()];
    let mut grand = 0i64;
    let rows = r
        .staff
        .iter()
        .map(|row| {
            let mut cells = vec![String::new(); columns.len()];
            let mut sum = 0;
            for (k, v) in &row.counts {
                let i = columns.iter().position(|c| c == k).unwrap_or(0);
                cells[i] = metrics::format_int(*v);
                sums[i] += v;
                sum += v;
            }
            grand += sum;
            let total = row.total.unwrap_or(sum);
            StaffRowView {
                unit: row.unit.v.clone(),
                cells,
                total: metrics::format_int(total),
                total_differs: row.total.is_some_and(|t| t != sum),
                sum: metrics::format_int(sum),
            }
        })
        .collect();
    StaffView {
        columns,
        rows,
        sums: sums.iter().map(|&s| metrics::format_int(s)).collect(),
        total: metrics::format_int(grand),
        stated: r
            .staff_totals
            .iter()
            .map(|(k, v)| (k.clone(), format!("{}人", metrics::format_int(*v))))
            .collect(),
    }
}

fn num_unit(x: Option<f64>) -> String {
    x.map(metrics::format_number).unwrap_or_default()
}

fn strs(v: &[At<String>]) -> Vec<String> {
    v.iter().map(|s| s.v.clone()).collect()
}

/// The title of report `ri` of department `di`: as written, else its year, the
/// department's name that year and its kind (令和5年度 企画部の運営方針).
pub(crate) fn report_title(cx: &Ctx, di: usize, ri: usize) -> String {
    let dept = &cx.site.departments[di];
    let r = &dept.reports[ri];
    let kind = r.kind.as_deref().unwrap_or("運営方針");
    // The kind's default is the one `report_view` shows.
    r.title
        .clone()
        .unwrap_or_else(|| [&cx.fy(r.year), " ", dept.name_in(r.year), "の", kind].concat())
}

/// What an indicator's actual over its target is called in a report: 達成率, or 目標比
/// in an ungraded one (`graded = false`), which has no 達成率.
pub(crate) fn rate_word(graded: bool) -> &'static str {
    if graded { "達成率" } else { "目標比" }
}
