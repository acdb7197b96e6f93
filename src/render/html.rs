//! The built-in theme compiled to Rust: `build.rs` turns each page template of
//! `themes/hyoka/templates/` (with `base.html` and the macros of `macros.html`) into a function that
//! appends the bytes tera would produce from the same data, without building a JSON
//! context or interpreting the template per page. The templates stay the only source:
//! edit them, and the next build compiles them again.
//!
//! This module holds what the generated code stands on: the page being written ([`W`]),
//! the globals every page has ([`G`]), and tera's rules as traits: `{{ }}` escapes
//! `& < > " ' /` ([`Render`]), `{% if %}` is tera's truthiness ([`Truthy`]: an empty
//! string, list or `None` is false), `{% for %}` walks a list ([`Items`]).
//!
//! A page whose template (or `base.html`, `macros.html`) a theme overrides is drawn by
//! tera instead ([`super::theme::native_templates`]); `tests/native_render.rs` renders the
//! example sites both ways and requires identical bytes.

use super::meta::PageMeta;
use super::pages::{Body, Page};
use super::renderer::SiteInfo;
use super::views::*;

include!(concat!(env!("OUT_DIR"), "/theme.rs"));

/// The page being written.
pub(super) struct W {
    o: String,
}

impl W {
    /// Template text.
    fn s(&mut self, t: &str) {
        self.o.push_str(t);
    }
    /// `{{ value }}`: escaped.
    fn e(&mut self, t: &str) {
        crate::render::escape::push(&mut self.o, t, crate::render::escape::tera);
    }
}

/// What every page's template sees besides its own data.
pub(super) struct G<'a> {
    root: &'a str,
    site: &'a SiteInfo,
    meta: &'a PageMeta,
    title: &'a str,
    breadcrumbs: &'a [Link],
    section: &'a str,
    /// Named by no built-in template today; there for templates that will.
    #[allow(dead_code)]
    page_path: &'a str,
}

/// Draws `page` as its built-in template would.
pub(super) fn render(page: &Page, root: &str, info: &SiteInfo, meta: &PageMeta) -> String {
    let (title, breadcrumbs, section) = match &page.head {
        Some(h) => (h.title.as_str(), h.breadcrumbs.as_slice(), h.section),
        None => ("", &[][..], ""),
    };
    let g = G {
        root,
        site: info,
        meta,
        title,
        breadcrumbs,
        section,
        page_path: &page.path,
    };
    let mut w = W {
        o: String::with_capacity(match page.body {
            Body::Report(_) => 96 * 1024,
            _ => 16 * 1024,
        }),
    };
    draw(&mut w, &g, &page.body);
    w.o
}

/// `{{ x }}` and `{{ x | safe }}`.
trait Render {
    /// Escaped.
    fn put(&self, w: &mut W);
    /// As it is (`| safe`).
    fn put_safe(&self, w: &mut W) {
        self.put(w)
    }
}

impl Render for str {
    fn put(&self, w: &mut W) {
        w.e(self)
    }
    fn put_safe(&self, w: &mut W) {
        w.s(self)
    }
}

impl Render for String {
    fn put(&self, w: &mut W) {
        w.e(self)
    }
    fn put_safe(&self, w: &mut W) {
        w.s(self)
    }
}

impl<T: Render + ?Sized> Render for &T {
    fn put(&self, w: &mut W) {
        (**self).put(w)
    }
    fn put_safe(&self, w: &mut W) {
        (**self).put_safe(w)
    }
}

impl<T: Render + ?Sized> Render for Box<T> {
    fn put(&self, w: &mut W) {
        (**self).put(w)
    }
    fn put_safe(&self, w: &mut W) {
        (**self).put_safe(w)
    }
}

/// `null` renders as nothing.
impl<T: Render> Render for Option<T> {
    fn put(&self, w: &mut W) {
        if let Some(x) = self {
            x.put(w)
        }
    }
    fn put_safe(&self, w: &mut W) {
        if let Some(x) = self {
            x.put_safe(w)
        }
    }
}

macro_rules! render_display {
    ($($t:ty),*) => {$(
        impl Render for $t {
            fn put(&self, w: &mut W) {
                use std::fmt::Write as _;
                let _ = write!(w.o, "{self}");
            }
        }
    )*};
}
render_display!(usize, u32, u64, i32, i64, f64, bool);

/// tera's truthiness.
trait Truthy {
    fn truthy(&self) -> bool;
}

impl Truthy for str {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl Truthy for String {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl Truthy for bool {
    fn truthy(&self) -> bool {
        *self
    }
}

macro_rules! truthy_number {
    ($($t:ty),*) => {$(
        impl Truthy for $t {
            fn truthy(&self) -> bool {
                *self as f64 != 0.0
            }
        }
    )*};
}
truthy_number!(usize, u32, u64, i32, i64, f64);

impl<T: Truthy + ?Sized> Truthy for &T {
    fn truthy(&self) -> bool {
        (**self).truthy()
    }
}

impl<T: Truthy + ?Sized> Truthy for Box<T> {
    fn truthy(&self) -> bool {
        (**self).truthy()
    }
}

impl<T: Truthy> Truthy for Option<T> {
    fn truthy(&self) -> bool {
        self.as_ref().is_some_and(Truthy::truthy)
    }
}

impl<T> Truthy for Vec<T> {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl<T> Truthy for [T] {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl<A, B> Truthy for (A, B) {
    fn truthy(&self) -> bool {
        true
    }
}

/// tera's truthiness of any value: [`Truthy`] where the type has it, and true for the
/// rest (structs serialise to non-empty objects, which tera counts as true). Method
/// resolution picks [`TruthyBy`] when `T: Truthy` (it matches `&&Tr<T>` as it is) and
/// [`TruthyAny`] otherwise.
struct Tr<'a, T: ?Sized>(&'a T);

trait TruthyBy {
    fn truthy(self) -> bool;
}

impl<T: Truthy + ?Sized> TruthyBy for &&Tr<'_, T> {
    fn truthy(self) -> bool {
        self.0.truthy()
    }
}

trait TruthyAny {
    fn truthy(self) -> bool;
}

impl<T: ?Sized> TruthyAny for &Tr<'_, T> {
    fn truthy(self) -> bool {
        true
    }
}

/// A list walked by `{% for %}`.
trait Items {
    type Item;
    fn items(&self) -> &[Self::Item];
}

impl<T> Items for Vec<T> {
    type Item = T;
    fn items(&self) -> &[T] {
        self
    }
}

impl<T> Items for [T] {
    type Item = T;
    fn items(&self) -> &[T] {
        self
    }
}

impl<T, const N: usize> Items for [T; N] {
    type Item = T;
    fn items(&self) -> &[T] {
        self
    }
}

/// A missing list (`None` on the way) walks nothing.
impl<T: Items> Items for Option<T> {
    type Item = T::Item;
    fn items(&self) -> &[T::Item] {
        match self {
            Some(x) => x.items(),
            None => &[],
        }
    }
}

impl<T: Items + ?Sized> Items for &T {
    type Item = T::Item;
    fn items(&self) -> &[T::Item] {
        (**self).items()
    }
}

/// `| join(sep=…)`.
trait Join {
    fn join(&self, sep: &str) -> String;
}

impl<S: AsRef<str>> Join for [S] {
    fn join(&self, sep: &str) -> String {
        let mut out = String::new();
        for (k, s) in self.iter().enumerate() {
            if k > 0 {
                out.push_str(sep);
            }
            out.push_str(s.as_ref());
        }
        out
    }
}

impl<S: AsRef<str>> Join for Vec<S> {
    fn join(&self, sep: &str) -> String {
        Join::join(self.as_slice(), sep)
    }
}

impl<T: Join + ?Sized> Join for &T {
    fn join(&self, sep: &str) -> String {
        (**self).join(sep)
    }
}

impl<T: Join> Join for Option<T> {
    fn join(&self, sep: &str) -> String {
        self.as_ref().map(|x| x.join(sep)).unwrap_or_default()
    }
}

/// `is number`.
trait IsNumber {
    fn is_number(&self) -> bool;
}

macro_rules! is_number {
    ($($t:ty: $v:expr),* $(,)?) => {$(
        impl IsNumber for $t {
            fn is_number(&self) -> bool {
                $v
            }
        }
    )*};
}
is_number!(usize: true, u32: true, i32: true, i64: true, f64: true, String: false, str: false, bool: false);

impl<T: IsNumber + ?Sized> IsNumber for &T {
    fn is_number(&self) -> bool {
        (**self).is_number()
    }
}

impl<T: IsNumber> IsNumber for Option<T> {
    fn is_number(&self) -> bool {
        self.as_ref().is_some_and(IsNumber::is_number)
    }
}

/// A value in `~` concatenation.
trait ToText {
    fn text(&self) -> String;
}

impl ToText for str {
    fn text(&self) -> String {
        self.to_string()
    }
}

impl ToText for String {
    fn text(&self) -> String {
        self.clone()
    }
}

impl<T: ToText + ?Sized> ToText for &T {
    fn text(&self) -> String {
        (**self).text()
    }
}

impl<T: ToText> ToText for Option<T> {
    fn text(&self) -> String {
        self.as_ref().map(ToText::text).unwrap_or_default()
    }
}

macro_rules! to_text_display {
    ($($t:ty),*) => {$(
        impl ToText for $t {
            fn text(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
to_text_display!(usize, u32, i32, i64, f64);

/// A value as tera compares it (`==`, `>` …): JSON's string, number, boolean or null.
#[derive(Clone, Copy)]
enum V<'a> {
    Str(&'a str),
    Num(f64),
    Bool(bool),
    Null,
}

trait AsV {
    fn v(&self) -> V<'_>;
}

impl AsV for str {
    fn v(&self) -> V<'_> {
        V::Str(self)
    }
}

impl AsV for String {
    fn v(&self) -> V<'_> {
        V::Str(self)
    }
}

impl AsV for bool {
    fn v(&self) -> V<'_> {
        V::Bool(*self)
    }
}

macro_rules! as_v_number {
    ($($t:ty),*) => {$(
        impl AsV for $t {
            fn v(&self) -> V<'_> {
                V::Num(*self as f64)
            }
        }
    )*};
}
as_v_number!(usize, u32, u64, i32, i64, f64);

impl<T: AsV + ?Sized> AsV for &T {
    fn v(&self) -> V<'_> {
        (**self).v()
    }
}

impl<T: AsV> AsV for Option<T> {
    fn v(&self) -> V<'_> {
        self.as_ref().map_or(V::Null, AsV::v)
    }
}

/// tera's comparisons: equal values of one kind; order between numbers (and strings).
/// Each is there for templates that use it.
#[allow(dead_code)]
mod tv {
    use super::V;

    pub(super) fn eq(a: V, b: V) -> bool {
        match (a, b) {
            (V::Str(x), V::Str(y)) => x == y,
            (V::Num(x), V::Num(y)) => x == y,
            (V::Bool(x), V::Bool(y)) => x == y,
            (V::Null, V::Null) => true,
            _ => false,
        }
    }

    pub(super) fn ne(a: V, b: V) -> bool {
        !eq(a, b)
    }

    fn order(a: V, b: V) -> Option<std::cmp::Ordering> {
        match (a, b) {
            (V::Num(x), V::Num(y)) => x.partial_cmp(&y),
            (V::Str(x), V::Str(y)) => Some(x.cmp(y)),
            _ => None,
        }
    }

    pub(super) fn gt(a: V, b: V) -> bool {
        order(a, b).is_some_and(|o| o.is_gt())
    }

    pub(super) fn ge(a: V, b: V) -> bool {
        order(a, b).is_some_and(|o| o.is_ge())
    }

    pub(super) fn lt(a: V, b: V) -> bool {
        order(a, b).is_some_and(|o| o.is_lt())
    }

    pub(super) fn le(a: V, b: V) -> bool {
        order(a, b).is_some_and(|o| o.is_le())
    }
}

/// `{% if x %}` binds `x` for its branch: an optional value unwrapped, any other as it is.
/// Method resolution picks [`ViaOption`] for an `Option` (it matches `&&Wrap<Option<T>>`
/// without auto-dereferencing) and [`ViaValue`] for everything else.
struct Wrap<'a, T: ?Sized>(&'a T);

trait ViaOption<'a, T> {
    fn opt(self) -> Option<&'a T>;
}

impl<'a, T> ViaOption<'a, T> for &&Wrap<'a, Option<T>> {
    fn opt(self) -> Option<&'a T> {
        self.0.as_ref()
    }
}

trait ViaValue<'a, T: ?Sized> {
    fn opt(self) -> Option<&'a T>;
}

impl<'a, T: ?Sized> ViaValue<'a, T> for &Wrap<'a, T> {
    fn opt(self) -> Option<&'a T> {
        Some(self.0)
    }
}
