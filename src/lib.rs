//! hyoka: a static site generator for Japanese city governments' department performance
//! reports (部局運営方針, 目標宣言と達成状況報告, 部局プロフィール).
//!
//! Data flows one way: [`load`] reads files, [`validate`] builds the [`model`], [`index`]
//! computes what pages share, [`render`] draws pages and [`output`] writes them atomically.

pub mod build;
pub mod charts;
pub mod cli;
pub mod diag;
pub mod escape;
pub mod fiscal;
pub mod gitdates;
pub mod history;
pub mod incremental;
pub mod index;
pub mod init;
pub mod linkcheck;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod metrics;
pub mod model;
pub mod newreport;
pub mod opendata;
pub mod output;
pub mod plans;
pub mod render;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod timings;
pub mod validate;
