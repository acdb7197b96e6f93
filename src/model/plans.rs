//! Plan codes: normalised ids for URLs, the plan tree, resolving references, and parsing
//! the references reports write (`"4-1-2 多様な市民活動の支援"`, `"kihon:51"`).

use crate::model::fold::{circled_value, fold};
use crate::model::{Plan, PlanItem, PlanRef};
use std::collections::HashMap;

/// The normalised id of a code for URLs and open data: folded, circled numbers as digits,
/// brackets dropped, anything else outside `[A-Za-z0-9._-]` dropped. `5-2-①` → `5-2-1`,
/// `（１）` → `1`.
pub fn normalise_id(code: &str) -> String {
    let mut out = String::new();
    for c in fold(code).chars() {
        if let Some(n) = circled_value(c) {
            out.push_str(&n.to_string());
        } else if c.is_alphanumeric() || c == '-' || c == '.' || c == '_' {
            // Letters of any script stay: 「1-2-人材」 is a readable URL segment.
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        }
    }
    // A code must never become a path segment such as `.` or `..`.
    out.trim_matches(|c| c == '-' || c == '.').to_string()
}

/// Whether a code means "none" in the sources (`0`, `0-0-0`).
pub fn is_none_code(code: &str) -> bool {
    let f = fold(code);
    !f.is_empty() && f.chars().all(|c| c == '0' || c == '-') && f.contains('0')
}

/// A reference split into its parts.
#[derive(Debug, PartialEq, Eq)]
pub struct RefParts<'a> {
    /// Explicit plan slug (`kihon` in `kihon:51`).
    pub plan: Option<String>,
    /// The code as written.
    pub code: &'a str,
    /// The title written after the code.
    pub title: Option<&'a str>,
}

/// Splits `"kihon:51 タイトル"` into slug, code and title. The code ends at the first space
/// (half- or full-width).
pub fn split_ref(raw: &str) -> RefParts<'_> {
    let s = raw.trim_matches(|c: char| c.is_whitespace());
    let (head, title) = match s.find(|c: char| c.is_whitespace()) {
        Some(i) => {
            let t = s[i..].trim_matches(|c: char| c.is_whitespace());
            (&s[..i], if t.is_empty() { None } else { Some(t) })
        }
        None => (s, None),
    };
    // A slug is ASCII; allow a full-width colon too.
    for sep in [":", "："] {
        if let Some(i) = head.find(sep) {
            let slug = &head[..i];
            if !slug.is_empty()
                && fold(slug)
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return RefParts {
                    plan: Some(fold(slug).to_ascii_lowercase()),
                    code: &head[i + sep.len()..],
                    title,
                };
            }
        }
    }
    RefParts {
        plan: None,
        code: head,
        title,
    }
}

/// The parent code derived from a code by its separator: `4-1-2` → `4-1`.
pub fn derived_parent(code: &str, separator: &str) -> Option<String> {
    if separator.is_empty() {
        return None;
    }
    let f = fold(code);
    let sep = fold(separator);
    f.rfind(&sep)
        .map(|i| f[..i].to_string())
        .filter(|p| !p.is_empty())
}

/// A plan's items arranged as a tree, with ancestors implied by codes but absent from the
/// file added as code-only nodes.
#[derive(Debug, Clone)]
pub struct PlanTree {
    /// Every node: the file's items first (in file order), then implied ancestors.
    pub nodes: Vec<TreeNode>,
    /// Roots in order.
    pub roots: Vec<usize>,
    /// Node index by folded code.
    pub by_code: HashMap<String, usize>,
}

/// One node of a plan tree.
#[derive(Debug, Clone)]
pub struct TreeNode {
    /// Code as written (or as implied).
    pub code: String,
    /// Normalised id.
    pub id: String,
    /// Title (empty for implied ancestors).
    pub title: String,
    /// Index of the item in `Plan::items`, none for implied ancestors.
    pub item: Option<usize>,
    /// Parent node.
    pub parent: Option<usize>,
    /// Child nodes in order.
    pub children: Vec<usize>,
    /// Depth from the root (0 = top level).
    pub depth: usize,
}

impl PlanTree {
    /// Builds the tree. Explicit parents that do not exist and cycles are left to
    /// validation, which reports them; here they make the node a root.
    pub fn build(plan: &Plan) -> PlanTree {
        let mut nodes: Vec<TreeNode> = Vec::with_capacity(plan.items.len());
        let mut by_code: HashMap<String, usize> = HashMap::with_capacity(plan.items.len());
        for (i, item) in plan.items.iter().enumerate() {
            let key = fold(&item.code.v);
            if by_code.contains_key(&key) {
                continue; // duplicate: reported by validation
            }
            by_code.insert(key, nodes.len());
            nodes.push(TreeNode {
                code: item.code.v.clone(),
                id: item.id.clone(),
                title: item.title.clone(),
                item: Some(i),
                parent: None,
                children: Vec::new(),
                depth: 0,
            });
        }
        // Resolve parents, adding implied ancestors.
        let mut i = 0;
        while i < nodes.len() {
            let parent_code = match nodes[i].item {
                Some(ix) => parent_code_of(&plan.items[ix], &plan.separator),
                None => derived_parent(&nodes[i].code, &plan.separator),
            };
            if let Some(pc) = parent_code {
                let key = fold(&pc);
                let explicit = nodes[i]
                    .item
                    .is_some_and(|ix| plan.items[ix].parent.is_some());
                let p = match by_code.get(&key) {
                    Some(&p) => Some(p),
                    None if !explicit => {
                        by_code.insert(key, nodes.len());
                        nodes.push(TreeNode {
                            id: normalise_id(&pc),
                            code: pc,
                            title: String::new(),
                            item: None,
                            parent: None,
                            children: Vec::new(),
                            depth: 0,
                        });
                        Some(nodes.len() - 1)
                    }
                    None => None,
                };
                if p != Some(i) {
                    nodes[i].parent = p;
                }
            }
            i += 1;
        }
        // Break cycles: a node whose ancestor chain returns to itself becomes a root.
        for start in 0..nodes.len() {
            let mut seen = 0;
            let mut cur = nodes[start].parent;
            while let Some(c) = cur {
                if c == start || seen > nodes.len() {
                    nodes[start].parent = None;
                    break;
                }
                seen += 1;
                cur = nodes[c].parent;
            }
        }
        let mut roots = Vec::new();
        // Order siblings as the file does: a node ranks where the first item of its subtree
        // stands in the file (implied ancestors take their first child's place).
        let mut rank: Vec<usize> = nodes.iter().map(|n| n.item.unwrap_or(usize::MAX)).collect();
        for n in 0..nodes.len() {
            if let Some(r) = nodes[n].item {
                let mut cur = nodes[n].parent;
                let mut steps = 0;
                while let Some(p) = cur {
                    if rank[p] > r {
                        rank[p] = r;
                    }
                    steps += 1;
                    if steps > nodes.len() {
                        break;
                    }
                    cur = nodes[p].parent;
                }
            }
        }
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        order.sort_by_cached_key(|&a| (rank[a], natural_key(&nodes[a].code)));
        for &n in &order {
            match nodes[n].parent {
                Some(p) => nodes[p].children.push(n),
                None => roots.push(n),
            }
        }
        // Depths, top-down.
        let mut stack: Vec<(usize, usize)> = roots.iter().map(|&r| (r, 0)).collect();
        while let Some((n, d)) = stack.pop() {
            nodes[n].depth = d;
            for &c in &nodes[n].children {
                stack.push((c, d + 1));
            }
        }
        PlanTree {
            nodes,
            roots,
            by_code,
        }
    }

    /// The node for a code as written anywhere (folded before lookup).
    pub fn find(&self, code: &str) -> Option<usize> {
        // fold changes only non-ASCII characters: an ASCII code (most are) is looked up as
        // it is, without building its folded copy.
        if code.is_ascii() {
            return self.by_code.get(code).copied();
        }
        self.by_code.get(&fold(code)).copied()
    }

    /// Ancestors of a node, root first.
    pub fn ancestors(&self, n: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.nodes[n].parent;
        while let Some(p) = cur {
            out.push(p);
            cur = self.nodes[p].parent;
        }
        out.reverse();
        out
    }

    /// Nodes in depth-first order (the order a tree is printed).
    pub fn preorder(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.nodes[n].children.iter().rev());
        }
        out
    }
}

/// Parent code of an item: explicit `parent`, else derived from the separator.
pub fn parent_code_of(item: &PlanItem, separator: &str) -> Option<String> {
    match &item.parent {
        Some(p) => Some(p.v.clone()),
        None => derived_parent(&item.code.v, separator),
    }
}

/// Sort key that orders `4-10` after `4-9`.
pub fn natural_key(code: &str) -> Vec<(u64, String)> {
    let f = normalise_id(code);
    f.split(['-', '.'])
        .map(|seg| match seg.parse::<u64>() {
            Ok(n) => (n, String::new()),
            Err(_) => (u64::MAX, seg.to_string()),
        })
        .collect()
}

/// The plan node a reference names: its plan (or the primary plan for a bare code) and
/// the node of that code. `None` for "no item" codes and unknown plans or codes.
pub fn resolve(
    r: &PlanRef,
    primary: Option<&str>,
    by_slug: &HashMap<String, usize>,
    trees: &[PlanTree],
) -> Option<(usize, usize)> {
    if r.none {
        return None;
    }
    let slug = if r.plan.is_empty() {
        primary?
    } else {
        r.plan.as_str()
    };
    let p = *by_slug.get(slug)?;
    let n = trees[p].find(&r.code)?;
    Some((p, n))
}

/// The site's plans as trees, with their index by slug: what resolving a reference needs.
pub struct PlanTrees {
    /// One tree per plan, in the order of `Site::plans`.
    pub trees: Vec<PlanTree>,
    /// Plan index by slug.
    pub by_slug: HashMap<String, usize>,
}

impl PlanTrees {
    /// Builds the tree of every plan.
    pub fn build(plans: &[Plan]) -> PlanTrees {
        PlanTrees {
            trees: plans.iter().map(PlanTree::build).collect(),
            by_slug: plans
                .iter()
                .enumerate()
                .map(|(i, p)| (p.slug.clone(), i))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Loc;
    use crate::model::At;

    #[test]
    fn folding_matches_full_width_and_hyphens() {
        assert_eq!(fold("４－１－２"), "4-1-2");
        assert_eq!(fold("4‐1−2"), "4-1-2");
        assert_eq!(fold("4ー1–2"), "4-1-2");
        assert_eq!(fold("5-2-①"), "5-2-①");
        assert_eq!(fold("ＤＸ"), "DX");
        assert_eq!(fold("北部ゾーン"), "北部ゾーン");
        assert_eq!(fold("４ー１"), "4-1");
    }

    #[test]
    fn normalised_ids() {
        assert_eq!(normalise_id("5-2-①"), "5-2-1");
        assert_eq!(normalise_id("５－２－⑫"), "5-2-12");
        assert_eq!(normalise_id("（１）"), "1");
        assert_eq!(normalise_id("4-1-1-2"), "4-1-1-2");
        assert_eq!(normalise_id("1-2-人材"), "1-2-人材");
        assert_eq!(normalise_id("北部ゾーン"), "北部ゾーン");
        assert_eq!(normalise_id("（1）/x"), "1x");
        assert_eq!(normalise_id(".."), "");
        assert_eq!(normalise_id("1.2.3"), "1.2.3");
    }

    #[test]
    fn none_codes() {
        assert!(is_none_code("0-0-0"));
        assert!(is_none_code("0"));
        assert!(is_none_code("０"));
        assert!(!is_none_code("10"));
        assert!(!is_none_code("0-1"));
    }

    #[test]
    fn splitting_references() {
        assert_eq!(
            split_ref("4-1-2 多様な市民活動の支援"),
            RefParts {
                plan: None,
                code: "4-1-2",
                title: Some("多様な市民活動の支援")
            }
        );
        assert_eq!(
            split_ref("kihon:51"),
            RefParts {
                plan: Some("kihon".into()),
                code: "51",
                title: None
            }
        );
        assert_eq!(split_ref("４－１－２\u{3000}支援").code, "４－１－２");
        assert_eq!(split_ref("４－１－２\u{3000}支援").title, Some("支援"));
    }

    #[test]
    fn tree_with_implied_ancestors() {
        let item = |c: &str| PlanItem {
            code: At::new(c.into(), Loc::default()),
            id: normalise_id(c),
            title: format!("t{c}"),
            body: None,
            parent: None,
            continues: None,
        };
        let plan = Plan {
            slug: "sogo".into(),
            name: "n".into(),
            short: None,
            period: None,
            levels: vec![],
            separator: "-".into(),
            body: None,
            revision_notes: vec![],
            items: vec![item("4-1-2"), item("4-1-1-2"), item("4"), item("4-10")],
            loc: Loc::default(),
        };
        let t = PlanTree::build(&plan);
        let n412 = t.find("４－１－２").unwrap();
        let anc: Vec<&str> = t
            .ancestors(n412)
            .iter()
            .map(|&a| t.nodes[a].code.as_str())
            .collect();
        assert_eq!(anc, ["4", "4-1"]);
        assert!(t.nodes[t.find("4-1").unwrap()].item.is_none());
        assert_eq!(t.roots.len(), 1);
        let pre: Vec<&str> = t
            .preorder()
            .iter()
            .map(|&n| t.nodes[n].code.as_str())
            .collect();
        assert_eq!(pre, ["4", "4-1", "4-1-2", "4-1-1", "4-1-1-2", "4-10"]);
    }
}
