//! The pages: one file per kind of page, each with its view-model (what its template
//! sees) and the function that builds it. What all pages share is here: a [`Page`], its
//! [`Head`] and the [`Body`] of each kind, whose list is [`registry.rs`](registry.rs).

pub(crate) mod booklet;
pub(crate) mod data;
pub(crate) mod department;
pub(crate) mod departments;
pub(crate) mod index;
pub(crate) mod plain;
pub(crate) mod plan;
pub(crate) mod plan_item;
pub(crate) mod plans;
pub(crate) mod report;
pub(crate) mod report_view;
pub(crate) mod year;

use crate::render::urls::PageRef;
use crate::render::views::Link;
use serde::Serialize;
use tera::Context;

/// One page: which page it is, where it goes and what it shows.
pub(crate) struct Page<'a> {
    pub(crate) at: PageRef<'a>,
    /// `at`'s path.
    pub(crate) path: String,
    pub(crate) head: Option<Head>,
    pub(crate) body: Body,
}

impl<'a> Page<'a> {
    pub(crate) fn new(at: PageRef<'a>, head: Option<Head>, body: Body) -> Page<'a> {
        Page {
            path: at.path(),
            at,
            head,
            body,
        }
    }
}

/// What every page built on `base.html` sets.
#[derive(Serialize)]
pub(crate) struct Head {
    pub(crate) title: String,
    pub(crate) breadcrumbs: Vec<Link>,
    pub(crate) section: &'static str,
}

/// The data of a page that has none of its own (its template reads only the globals).
#[derive(Serialize)]
pub(crate) struct NoData {}

/// Makes, from the list of page kinds (`registry.rs`), the [`Body`] enum, the template
/// of each kind and the built-in templates' sources.
macro_rules! page_kinds {
    ($($kind:ident($template:literal, $ty:ty),)*) => {
        /// The data of each kind of page. Serialised (field names are the template
        /// variables) when tera draws the page, read directly when the compiled theme
        /// (`html.rs`) does.
        pub(crate) enum Body {
            $(#[allow(missing_docs)] $kind(Box<$ty>),)*
        }

        impl Body {
            /// The template that draws the page.
            pub(crate) fn template(&self) -> &'static str {
                match self {
                    $(Body::$kind(_) => $template,)*
                }
            }

            /// The page's data as a tera context.
            pub(crate) fn context(&self) -> tera::Result<Context> {
                match self {
                    $(Body::$kind(d) => Context::from_serialize(d),)*
                }
            }
        }

        /// The built-in page templates: (name, source).
        pub(crate) const TEMPLATES: &[(&str, &str)] = &[
            $((
                $template,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/hyoka/templates/", $template)),
            ),)*
        ];
    };
}

include!("registry.rs");

impl Page<'_> {
    /// The tera context of the page.
    pub(crate) fn context(
        &self,
        root: &str,
        info: &crate::render::renderer::SiteInfo,
        meta: &crate::render::meta::PageMeta,
    ) -> tera::Result<Context> {
        let mut c = self.body.context()?;
        if let Some(h) = &self.head {
            c.insert("title", &h.title);
            c.insert("breadcrumbs", &h.breadcrumbs);
            c.insert("section", h.section);
        }
        c.insert("root", root);
        c.insert("site", info);
        c.insert("page_path", &self.path);
        c.insert("meta", meta);
        Ok(c)
    }
}

/// Breadcrumbs: トップ, then `items` (label, root-relative URL; the last one unlinked).
pub(crate) fn crumbs(items: &[(&str, &str)]) -> Vec<Link> {
    let mut v = vec![Link {
        label: "トップ".into(),
        url: PageRef::Index.path(),
    }];
    v.extend(items.iter().map(|(l, u)| Link {
        label: l.to_string(),
        url: u.to_string(),
    }));
    v
}

/// The [`Head`] of a page built on `base.html`.
pub(crate) fn head(title: &str, breadcrumbs: Vec<Link>, section: &'static str) -> Option<Head> {
    Some(Head {
        title: title.to_string(),
        breadcrumbs,
        section,
    })
}
