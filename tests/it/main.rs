//! hyoka's integration tests, one binary (linking the crate once instead of once per file).
//!
//! Each module builds fixture sites or runs the `hyoka` binary and asserts on what a user
//! sees: parsed HTML, messages, files. Shared fixtures and HTML helpers are in [`common`].

mod any_city;
mod bad_input;
mod booklet;
mod build;
mod catalogue;
mod charts;
mod cli;
mod common;
mod corpus;
mod departments;
mod derived;
mod diff;
mod example_minamiashigara;
mod examples;
mod extra_data;
mod graded;
mod history;
mod layout;
mod mistakes;
mod names;
mod native_render;
mod opendata;
mod plans;
mod previous;
mod prose;
mod publish;
mod safety;
mod scaffold;
mod serve;
mod stress;
mod workbook;
mod xss;
