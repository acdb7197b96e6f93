//! Analysis: what pages share, computed once from the validated model.
//!
//! [`metrics`] holds the achievement rules, [`plans`] the plan trees and cross-references,
//! [`history`] follows a goal across years and [`index`] gathers all of it for rendering.

pub mod history;
pub mod index;
pub mod metrics;
pub mod plans;
