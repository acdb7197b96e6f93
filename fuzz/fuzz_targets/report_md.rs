//! A report's Markdown with TOML front matter (`content/departments/kikaku/2021.md` of
//! the baseline site): splitting, front matter validation, rendering when valid.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = hyoka::source::decode(data) else {
        return;
    };
    common::build_with("content/departments/kikaku/2021.md", &text);
});
