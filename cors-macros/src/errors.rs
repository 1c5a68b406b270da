//! A small accumulator, so that every mistake in an attribute is reported in one compile.

use std::fmt::Display;

use proc_macro2::Span;
use quote::ToTokens;

#[derive(Default)]
pub(crate) struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    /// An error spanning `tokens` (all of them, for a `key = value` pair).
    pub(crate) fn error(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.errors.push(syn::Error::new_spanned(tokens, message));
    }

    /// An error at one span, for a token that has no syntax tree node of its own.
    pub(crate) fn error_at(&mut self, span: Span, message: impl Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub(crate) fn append(&mut self, other: Errors) {
        self.errors.extend(other.errors);
    }

    pub(crate) fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// All errors as one, or `Ok` when there were none, in the order their tokens appear in
    /// the source: the rules run in their own order, but the first error a user reads should
    /// be the first mistake in the code. (Without span locations, before Rust 1.88, every span
    /// reads as line 0 and the stable sort keeps the rules' order.)
    pub(crate) fn finish(mut self) -> syn::Result<()> {
        self.errors.sort_by_key(|error| {
            let start = error.span().start();
            (start.line, start.column)
        });
        let mut errors = self.errors.into_iter();
        let Some(mut first) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            first.combine(error);
        }
        Err(first)
    }
}
