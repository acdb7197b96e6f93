//! Rendering: the built-in theme's tera templates (embedded in the binary, overridable by
//! `themes/<name>/templates/`), view-models built per page, and every page rendered in
//! parallel. Templates a theme leaves alone are drawn by their compiled form (`build.rs`
//! turns them into Rust, `html.rs`); overridden ones by tera.
//!
//! `pages/` holds one file per kind of page, [`views`] the view types several pages
//! share, [`urls`] the site's URL scheme, `renderer.rs` the jobs that draw them all.

pub mod charts;
pub mod compare;
pub mod escape;
pub mod figures;
mod html;
pub mod markdown;
pub mod meta;
pub(crate) mod pages;
mod renderer;
pub mod theme;
pub mod urls;
pub mod views;

pub use renderer::{Affected, render_affected_to, render_site, render_site_to};
