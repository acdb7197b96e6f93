//! The departments as a tree: a 課 or 室 with `parent` listed under its 部, on every page
//! and in every list that shows departments together.

use crate::model::Site;

/// A department's place in [`Site::department_tree`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreePos {
    /// Index into `site.departments`.
    pub index: usize,
    /// 0 for a department without `parent`, 1 for its 課, 2 for theirs …
    pub depth: usize,
    /// Index of the `parent` department, if any.
    pub parent: Option<usize>,
}

impl Site {
    /// Every department once, each followed by the departments under it (depth first).
    /// Siblings keep the site's order (`order`, then folder name). Validation refuses a
    /// `parent` that is missing or loops; were one to slip through, the department is
    /// listed at the top level rather than lost.
    pub fn department_tree(&self) -> Vec<TreePos> {
        let n = self.departments.len();
        let parent: Vec<Option<usize>> = self
            .departments
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let p = d.parent.as_ref()?;
                self.departments
                    .iter()
                    .position(|o| o.slug == p.v)
                    .filter(|&pi| pi != i)
            })
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        let mut out = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        let roots: Vec<usize> = (0..n).filter(|&i| parent[i].is_none()).collect();
        // Departments a loop cut off from every root come last, at the top level.
        let mut starts = roots;
        loop {
            for &r in &starts {
                let mut stack = vec![(r, 0usize, None)];
                while let Some((i, depth, p)) = stack.pop() {
                    if std::mem::replace(&mut seen[i], true) {
                        continue;
                    }
                    out.push(TreePos {
                        index: i,
                        depth,
                        parent: p,
                    });
                    for &c in children[i].iter().rev() {
                        stack.push((c, depth + 1, Some(i)));
                    }
                }
            }
            match (0..n).find(|&i| !seen[i]) {
                Some(i) => starts = vec![i],
                None => break,
            }
        }
        out
    }

    /// The departments above department `di`, the top one first (its `parent`, that
    /// one's `parent` …).
    pub fn department_ancestors(&self, di: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut at = di;
        while let Some(p) = self.departments[at].parent.as_ref() {
            match self.departments.iter().position(|o| o.slug == p.v) {
                Some(pi) if pi != di && !out.contains(&pi) => {
                    out.push(pi);
                    at = pi;
                }
                _ => break,
            }
        }
        out.reverse();
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Loc;
    use crate::model::*;

    fn dept(slug: &str, parent: Option<&str>) -> Department {
        Department {
            slug: slug.into(),
            name: slug.into(),
            order: 0,
            units: Vec::new(),
            former_names: Vec::new(),
            parent: parent.map(|p| At::new(p.to_string(), Loc::default())),
            contact: None,
            reports: Vec::new(),
            loc: Loc::default(),
        }
    }

    fn site(departments: Vec<Department>) -> Site {
        Site {
            config: SiteConfig {
                title: String::new(),
                city: String::new(),
                description: None,
                base_url: None,
                language: "ja".into(),
                theme: "hyoka".into(),
                year_style: fiscal::YearStyle::Wareki,
                primary_plan: None,
                allow_html: false,
                grades: GradeScales {
                    default: GradeScale::default_scale(),
                    history: Vec::new(),
                },
                city_code: None,
                license: String::new(),
                graded: true,
                derive_grades: true,
                loc: Loc::default(),
            },
            plans: Vec::new(),
            departments,
        }
    }

    #[test]
    fn children_follow_their_parent_in_site_order() {
        // Site order: a, x (under b), b, y (under a), z (under x).
        let s = site(vec![
            dept("a", None),
            dept("x", Some("b")),
            dept("b", None),
            dept("y", Some("a")),
            dept("z", Some("x")),
        ]);
        let got: Vec<(&str, usize)> = s
            .department_tree()
            .iter()
            .map(|t| (s.departments[t.index].slug.as_str(), t.depth))
            .collect();
        assert_eq!(got, [("a", 0), ("y", 1), ("b", 0), ("x", 1), ("z", 2)]);
        assert_eq!(s.department_ancestors(4), [2, 1]);
        assert!(s.department_ancestors(0).is_empty());
    }

    #[test]
    fn a_loop_loses_no_department() {
        let s = site(vec![
            dept("a", Some("b")),
            dept("b", Some("a")),
            dept("c", None),
        ]);
        let mut got: Vec<usize> = s.department_tree().iter().map(|t| t.index).collect();
        got.sort_unstable();
        assert_eq!(got, [0, 1, 2]);
        assert_eq!(s.department_ancestors(0), [1]);
    }
}
