//! Analysis: what pages share, computed once from the validated model.
//!
//! [`metrics`] holds the achievement rules, [`history`] follows a goal across years, and
//! [`index`] gathers what pages look up: reports by year, the cross-references between
//! goals and plan items, tallies. [`amounts`] words sums of money for sentences.

pub mod amounts;
pub mod history;
pub mod index;
pub mod metrics;
