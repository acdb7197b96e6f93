//! The built-in theme is drawn by its templates compiled to Rust (`build.rs`,
//! `src/render/html.rs`) unless a theme overrides them, when tera draws them. Both must
//! give the same bytes: every file of the sample site, of every example site and of the
//! all-fields fixture is rendered both ways and compared, so the compiler keeps tera's
//! rules (escaping, truthiness, loops, macros). The test names the first differing page.

use crate::common::{Fixture, assert_compiled_theme_is_tera};
use std::path::Path;

#[test]
fn compiled_theme_draws_what_tera_draws() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_compiled_theme_is_tera(root);
    for name in [
        "isehara",
        "kashiwa",
        "kashiwara",
        "minamiashigara",
        "toyonaka",
    ] {
        assert_compiled_theme_is_tera(&root.join("examples").join(name));
    }
}

/// The minimal site of the tests sets every report field (`kikaku/2021.toml`) and a
/// report with no grade at all, which the example sites may not.
#[test]
fn compiled_theme_draws_what_tera_draws_on_every_field() {
    let fx = Fixture::minimal();
    assert_compiled_theme_is_tera(&fx.site);
}
