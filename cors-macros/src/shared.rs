//! Shared policies: `cors_policy!(API: origins = [...], credentials = true)` defines a policy once,
//! and `#[cors(policy = API, methods = [POST])]` uses it with per-handler additions.
//!
//! The attribute cannot read another macro's input, so the policy travels as tokens:
//! `cors_policy!` defines a `macro_rules!` that holds its arguments, `#[cors(policy = API, ..)]`
//! expands to a call of it with the handler, and that call re-applies `#[cors]` with the policy's
//! arguments under the hidden key `__shared`. The merged arguments then go through the one
//! validator, so a conflict that only the merge creates (credentials from the policy, `"*"` from
//! the handler) is an error like any other, on the policy's token and the handler's. Tokens keep
//! their spans through the `macro_rules!`, so errors point into the `cors_policy!` call.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

use crate::args::{RawArg, RawArgs, RawItem, RawList, RawValue};
use crate::errors::Errors;
use crate::valid;

/// The hidden key that carries a shared policy's arguments into `#[cors]`.
const SHARED: &str = "__shared";

/// `cors_policy!(NAME: key = value, ...)`.
pub(crate) struct PolicyDefinition {
    name: Ident,
    arguments: TokenStream,
}

impl Parse for PolicyDefinition {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let name: Ident = input.parse().map_err(|error| {
            syn::Error::new(
                error.span(),
                "expected the policy's name: `cors_policy!(API: origins = [\"https://app.example.com\"], credentials = true)`",
            )
        })?;
        input.parse::<Token![:]>().map_err(|error| {
            syn::Error::new(
                error.span(),
                format!(
                    "expected `:` after the policy's name: `cors_policy!({name}: origins = [...])`"
                ),
            )
        })?;
        Ok(PolicyDefinition {
            name,
            arguments: input.parse()?,
        })
    }
}

/// The top-level comma-separated segments of an attribute's tokens.
fn segments(tokens: TokenStream) -> Vec<TokenStream> {
    let mut out = vec![TokenStream::new()];
    for tree in tokens {
        match &tree {
            TokenTree::Punct(punct) if punct.as_char() == ',' => out.push(TokenStream::new()),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.extend([tree]);
                }
            }
        }
    }
    out.retain(|segment| !segment.is_empty());
    out
}

/// The key of a `key = value` segment and the value's tokens.
fn key_and_value(segment: &TokenStream) -> Option<(Ident, TokenStream)> {
    let mut trees = segment.clone().into_iter();
    let Some(TokenTree::Ident(key)) = trees.next() else {
        return None;
    };
    match trees.next() {
        Some(TokenTree::Punct(punct)) if punct.as_char() == '=' => Some((key, trees.collect())),
        _ => None,
    }
}

/// What `#[cors]` does with its arguments before anything else.
pub(crate) enum Route {
    /// No shared policy: validate these arguments.
    Plain(TokenStream),
    /// `policy = PATH`: hand the handler to the policy's macro.
    UsePolicy(TokenStream),
    /// The policy's macro called back with its arguments: merge, then validate.
    Merged(RawArgs),
}

/// Whether the attribute's arguments name a shared policy (`policy = NAME`).
pub(crate) fn uses_policy(attribute: &TokenStream) -> bool {
    segments(attribute.clone())
        .iter()
        .any(|segment| key_and_value(segment).is_some_and(|(key, _)| key == "policy"))
}

/// Whether the attribute has a `policy = ` or `__shared = ` argument, read off its top-level
/// tokens. Most attributes have neither, and this tells so without splitting them into
/// arguments, which costs a call into the compiler per argument.
fn names_shared_policy(attribute: &TokenStream) -> bool {
    let trees: Vec<TokenTree> = attribute.clone().into_iter().collect();
    trees.windows(2).any(|pair| match pair {
        [TokenTree::Ident(key), TokenTree::Punct(equals)] if equals.as_char() == '=' => {
            // One copy of the key's text for both comparisons (`Ident == &str` makes one each).
            let key = key.to_string();
            key == "policy" || key == SHARED
        }
        _ => false,
    })
}

/// Sorts the attribute's arguments into a [`Route`].
pub(crate) fn route(attribute: TokenStream, item: &TokenStream, errors: &mut Errors) -> Route {
    if !names_shared_policy(&attribute) {
        return Route::Plain(attribute);
    }
    let segments = segments(attribute.clone());
    let mut policy: Option<(Ident, TokenStream)> = None;
    let mut shared: Option<(Ident, TokenStream)> = None;
    let mut rest = Vec::new();
    for segment in segments {
        match key_and_value(&segment) {
            Some((key, value)) if key == "policy" => {
                if policy.is_some() {
                    errors.error(
                        &key,
                        "duplicate cors argument `policy`; a handler uses one shared policy",
                    );
                } else {
                    policy = Some((key, value));
                }
            }
            Some((key, value)) if key == SHARED => shared = Some((key, value)),
            _ => rest.push(segment),
        }
    }
    if let Some((key, path)) = policy {
        if path.is_empty() {
            errors.error(
                &key,
                "`policy` needs the name of a `cors_policy!`: `policy = API`",
            );
            return Route::Plain(attribute);
        }
        return Route::UsePolicy(quote! {
            #path! { @cors [#(#rest),*] #item }
        });
    }
    let Some((key, value)) = shared else {
        return Route::Plain(attribute);
    };
    match merge(&key, value, &rest, errors) {
        Some(arguments) => Route::Merged(arguments),
        None => Route::Plain(quote!(#(#rest),*)),
    }
}

/// `__shared = NAME [policy arguments]` merged with the handler's arguments: list keys given
/// by both are joined, any other key given by both is an error on the handler's.
fn merge(
    key: &Ident,
    value: TokenStream,
    rest: &[TokenStream],
    errors: &mut Errors,
) -> Option<RawArgs> {
    let mut trees = value.into_iter();
    let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(group)), None) =
        (trees.next(), trees.next(), trees.next())
    else {
        errors.error(
            key,
            "`__shared` is written by `cors_policy!`; use `policy = NAME`",
        );
        return None;
    };
    if group.delimiter() != Delimiter::Bracket {
        errors.error(
            key,
            "`__shared` is written by `cors_policy!`; use `policy = NAME`",
        );
        return None;
    }
    let shared = match crate::args::parse(group.stream()) {
        Ok(shared) => shared,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    let own = match crate::args::parse(quote!(#(#rest),*)) {
        Ok(own) => own,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    let mut merged = shared.args;
    for arg in own.args {
        let Some(earlier) = merged.iter_mut().find(|earlier| earlier.key == arg.key) else {
            merged.push(arg);
            continue;
        };
        match (&mut earlier.value, arg.value) {
            (Some(RawValue::List(list)), Some(RawValue::List(addition))) => {
                list.items.extend(addition.items);
            }
            _ => errors.error(
                &arg.key,
                format!(
                    "`{}` is already set by the shared policy `{name}`; remove it here, or change it in `cors_policy!({name}: ...)`",
                    arg.key
                ),
            ),
        }
    }
    Some(RawArgs { args: merged })
}

/// `cors_policy!`: checks the policy's own arguments where they are written, then defines the
/// macro that carries them.
pub(crate) fn expand_definition(definition: PolicyDefinition) -> TokenStream {
    let PolicyDefinition { name, arguments } = definition;
    let mut errors = Errors::default();
    check_definition(&arguments, &mut errors);
    let errors = match errors.finish() {
        Ok(()) => TokenStream::new(),
        Err(error) => error.to_compile_error(),
    };
    let hidden = format_ident!("__cors_policy_{}", name);
    let shared = Ident::new(SHARED, Span::call_site());
    let doc = format!(
        "The shared CORS policy `{name}`: use it with `#[cors(policy = {name}, methods = [...])]`."
    );
    quote! {
        #errors

        #[doc(hidden)]
        #[allow(unused_macros)]
        macro_rules! #hidden {
            (@cors [$($handler:tt)*] $($item:tt)*) => {
                #[::cors_runtime::cors(#shared = #name [#arguments], $($handler)*)]
                $($item)*
            };
        }

        #[doc = #doc]
        #[allow(unused_imports)]
        pub(crate) use #hidden as #name;
    }
}

/// A shared policy's arguments are checked on their own, where they are written: with a
/// stand-in for a missing `origins` or `methods` (each handler may add those), so that only the
/// policy's real mistakes are reported. Keys that belong to one handler are refused.
fn check_definition(arguments: &TokenStream, errors: &mut Errors) {
    let mut parsed = match crate::args::parse(arguments.clone()) {
        Ok(parsed) => parsed,
        Err(error) => {
            errors.push(error);
            return;
        }
    };
    for arg in &parsed.args {
        if arg.key == "module" || arg.key == "policy" {
            errors.error(
                &arg.key,
                format!("`{}` belongs to one handler, not to a shared policy; write it in the handler's `#[cors(...)]`", arg.key),
            );
        }
    }
    let has = |args: &[RawArg], key: &str| args.iter().any(|arg| arg.key == key);
    let sources = ["origins", "origins_env", "origin_fn"];
    if !sources.iter().any(|key| has(&parsed.args, key)) {
        let origin = LitStr::new("https://example.com", Span::call_site());
        parsed.args.push(stand_in("origins", RawItem::Str(origin)));
    }
    if !has(&parsed.args, "methods") {
        parsed.args.push(stand_in(
            "methods",
            RawItem::Ident(Ident::new("GET", Span::call_site())),
        ));
    }
    parsed
        .args
        .retain(|arg| arg.key != "module" && arg.key != "policy");
    // Warnings wait for the handlers, where the whole policy is known.
    let _ = valid::validate(parsed, errors);
}

fn stand_in(key: &str, item: RawItem) -> RawArg {
    RawArg {
        key: Ident::new(key, Span::call_site()),
        value: Some(RawValue::List(RawList {
            span: Span::call_site(),
            items: vec![item],
        })),
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::names_shared_policy;

    #[test]
    fn only_a_policy_or_shared_argument_names_a_shared_policy() {
        assert!(names_shared_policy(&quote!(policy = API)));
        assert!(names_shared_policy(&quote!(
            policy = crate::API,
            methods = [GET]
        )));
        assert!(names_shared_policy(
            &quote!(methods = [GET], __shared = API { origins = ["https://a.example"] })
        ));
        assert!(!names_shared_policy(&quote!(
            origins = ["https://a.example"],
            methods = [GET]
        )));
        // `policy` inside a value, or without `=`, is left to the argument parser's errors.
        assert!(!names_shared_policy(&quote!(
            origins = [policy],
            methods = [GET]
        )));
        assert!(!names_shared_policy(&quote!(policy, methods = [GET])));
    }
}
