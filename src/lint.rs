//! `hyoka check` lints: warnings (never errors) for what city staff commonly get wrong.

use crate::diag::{Diagnostics, SourceMap};
use crate::model::Site;

/// Adds lint warnings for `site` to `diags`.
pub fn lint(site: &Site, sources: &SourceMap, diags: &mut Diagnostics) {
    let _ = (site, sources, diags);
}
