//! Publishing: what is made from the whole site besides its pages — the search index,
//! the open data, the sitemap — and the link check over the finished files.

pub mod csv;
pub mod linkcheck;
pub mod opendata;
pub mod opendata_extra;
pub mod search;
pub mod sitemap;
