//! hyoka: a static site generator for Japanese city governments' department performance
//! reports (部局運営方針, 目標宣言と達成状況報告, 部局プロフィール).
//!
//! The module tree is the data flow, one stage a module:
//!
//! - [`source`] reads the site's files (the layout of `content/` in one place);
//! - [`validate`] turns them into the [`model`], collecting every problem as a [`diag`];
//! - [`analyze`] computes once what pages share (achievement rates, plan tree, history);
//! - [`render`] draws the pages with the theme, charts and Markdown;
//! - [`publish`] writes what is made from all pages (search index, open data, sitemap);
//! - [`output`] receives the files and swaps them into place atomically.
//!
//! [`pipeline`] runs the stages; [`scaffold`] (`init`, `new report`), [`workbook`]
//! (`export`, `import`: the Excel round trip), [`serve`] and [`cli`] sit on top. Imports point one way (`tests/layout.rs` checks it).

pub mod diag;
pub mod model;
pub mod timings;

pub mod analyze;
pub mod output;
pub mod publish;
pub mod render;
pub mod source;
pub mod validate;

pub mod cli;
pub mod pipeline;
pub mod scaffold;
pub mod serve;
pub mod workbook;
