//! A report's TOML (`content/departments/kikaku/2021.toml` of the baseline site), from
//! bytes: decoding, parsing, validation with every message, and rendering when valid.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = hyoka::source::decode(data) else {
        return;
    };
    // The public single-file check must agree with itself on any text.
    let _ = hyoka::validate::validate_report_text(&text);
    common::build_with("content/departments/kikaku/2021.toml", &text);
});
