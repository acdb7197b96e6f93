//! What `hyoka serve` tells browsers and the terminal about a build: the version served,
//! the errors of a failed build (the blocking overlay) and the warnings of a good one (the
//! banner).

use crate::diag::{Diagnostic, Place, Severity, SourceMap};
use serde::Serialize;

/// What browsers are told: the version being served and the current build error.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct Status {
    /// Whether a good build is being served.
    pub(crate) ready: bool,
    /// The version being served.
    pub(crate) version: String,
    /// Why the latest build failed, while it does.
    pub(crate) error: Option<BuildFailure>,
    /// The warnings of the build being served (shown as a small banner, not blocking).
    pub(crate) warnings: Option<BuildFailure>,
    /// The server is stopping: live-reload streams end.
    #[serde(skip)]
    pub(crate) closing: bool,
}

/// A failed build, for the terminal and the browser overlay.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct BuildFailure {
    /// 「エラーが 2 件」.
    pub(crate) summary: String,
    /// Every error as the terminal shows it.
    pub(crate) text: String,
    /// The errors one by one.
    pub(crate) items: Vec<ErrorItem>,
}

/// One error of a failed build.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ErrorItem {
    /// Site-relative file (or folder), if the error points at one.
    pub(crate) file: Option<String>,
    /// 1-based line.
    pub(crate) line: Option<usize>,
    /// 1-based column.
    pub(crate) column: Option<usize>,
    /// `file:line:column`.
    pub(crate) location: String,
    /// What is wrong.
    pub(crate) message: String,
    /// What to do.
    pub(crate) hint: Option<String>,
}

impl BuildFailure {
    /// The warnings among `diags`, if any, as the browser banner shows them.
    pub(crate) fn warnings(
        diags: &crate::diag::Diagnostics,
        sources: &SourceMap,
    ) -> Option<BuildFailure> {
        let w: Vec<&Diagnostic> = diags
            .items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        (!w.is_empty()).then(|| {
            let mut r = BuildFailure::new(&w, sources);
            r.summary = format!("警告が {} 件", w.len());
            r
        })
    }

    pub(crate) fn new(diags: &[&Diagnostic], sources: &SourceMap) -> BuildFailure {
        let text: String = diags.iter().map(|d| d.render(sources)).collect();
        let items = diags
            .iter()
            .map(|d| {
                let (file, line, column) = match &d.place {
                    Place::Span(loc) => {
                        let f = sources.file_of(*loc);
                        let (l, c) = f.line_col(loc.start as usize);
                        (Some(f.display.clone()), Some(l), Some(c))
                    }
                    Place::Path(p) => (Some(p.clone()), None, None),
                    Place::PathLine(p, l) => (Some(p.clone()), Some(*l), Some(1)),
                    Place::None => (None, None, None),
                };
                ErrorItem {
                    file,
                    line,
                    column,
                    location: d.location(sources),
                    message: d.message.clone(),
                    hint: d.hint.clone(),
                }
            })
            .collect();
        BuildFailure {
            summary: format!("エラーが {} 件", diags.len()),
            text,
            items,
        }
    }
}
