//! `#[cors]` on an impl block, for handlers written as associated functions:
//!
//! ```text
//! #[cors]
//! impl Api {
//!     #[cors(origins = ["https://app.example.com"], methods = [GET])]
//!     pub async fn list_users() -> &'static str { "[]" }
//! }
//! ```
//!
//! An attribute on an associated function cannot write the companion module (an impl holds no
//! modules, structs or statics) and cannot tell that it sits in an impl, so the impl block's
//! attribute does the work: each marked function becomes the generated handler, with the
//! user's function beside it in the impl, and its companion module follows the impl.
//!
//! A handler with `policy = NAME` needs the shared policy's tokens, which only its macro has:
//! the block is handed to that macro with the handler marked `#[cors(__pending)]`, and the
//! macro calls `#[cors(__shared = ..)]` back on the block, one shared-policy handler at a time.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::{ImplItem, ImplItemFn, ItemFn};

use crate::errors::Errors;
use crate::expand::{self, Expansion, Place};
use crate::{args, shared};

/// The marker of the handler whose shared policy is being fetched.
const PENDING: &str = "__pending";

/// Whether the item is an impl block: its outer attributes, then `unsafe`, `default` or `impl`.
pub(crate) fn is_impl(item: &TokenStream) -> bool {
    let mut trees = item.clone().into_iter().peekable();
    loop {
        match trees.next() {
            Some(TokenTree::Punct(punct)) if punct.as_char() == '#' => {
                // `#[...]`; an inner `#![...]` cannot come first.
                trees.next();
            }
            Some(TokenTree::Ident(ident)) if ident == "unsafe" || ident == "default" => {}
            Some(TokenTree::Ident(ident)) => return ident == "impl",
            _ => return false,
        }
    }
}

/// Whether an attribute is `#[cors(..)]` (or `#[cors_runtime::cors(..)]`).
fn is_cors(attribute: &syn::Attribute) -> bool {
    attribute
        .path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "cors")
}

/// The `#[cors(..)]` attribute of an associated function, taken off it: its arguments, and
/// the attribute itself for errors.
fn take_cors(method: &mut ImplItemFn) -> Option<(TokenStream, syn::Attribute)> {
    let index = method.attrs.iter().position(is_cors)?;
    let attribute = method.attrs.remove(index);
    let arguments = match &attribute.meta {
        syn::Meta::List(list) => list.tokens.clone(),
        syn::Meta::Path(_) | syn::Meta::NameValue(_) => TokenStream::new(),
    };
    Some((arguments, attribute))
}

/// The argument list of an associated function's `#[cors(..)]`, left on it.
fn cors_arguments(item: &mut ImplItem) -> Option<&mut TokenStream> {
    let ImplItem::Fn(method) = item else {
        return None;
    };
    match &mut method.attrs.iter_mut().find(|attr| is_cors(attr))?.meta {
        syn::Meta::List(list) => Some(&mut list.tokens),
        syn::Meta::Path(_) | syn::Meta::NameValue(_) => None,
    }
}

fn is_pending(arguments: &TokenStream) -> bool {
    arguments.to_string() == PENDING
}

/// The impl block, parsed with every function's body kept as tokens: the bodies are taken out
/// before syn sees the block, so that their tokens are never walked (see `Handler` in `lib.rs`),
/// and put back in the parsed functions. A body is a `{ ... }` of the block's own tokens after an
/// `fn` of the same item and before the next item (a name, `#`, or the end): not a constant's
/// value (`;` follows it) or a const generic argument (`>` or `,` follows it). When the parsed
/// block does not have one function per body taken out, each of them empty, it is parsed whole.
fn parse_with_bodies_as_tokens(item: TokenStream) -> syn::Result<syn::ItemImpl> {
    let mut trees: Vec<TokenTree> = item.clone().into_iter().collect();
    let Some(TokenTree::Group(outer)) = trees.pop() else {
        return syn::parse2(item);
    };
    if outer.delimiter() != Delimiter::Brace {
        return syn::parse2(item);
    }
    let mut bodies: Vec<Group> = Vec::new();
    let mut inner: Vec<TokenTree> = outer.stream().into_iter().collect();
    let mut in_fn = false;
    for index in 0..inner.len() {
        let body = match (&inner[index], inner.get(index + 1)) {
            (TokenTree::Ident(ident), _) if ident == "fn" => {
                in_fn = true;
                None
            }
            (TokenTree::Punct(punct), _) if punct.as_char() == ';' => {
                in_fn = false;
                None
            }
            (TokenTree::Group(group), next)
                if in_fn
                    && group.delimiter() == Delimiter::Brace
                    && match next {
                        None | Some(TokenTree::Ident(_)) => true,
                        Some(TokenTree::Punct(punct)) => punct.as_char() == '#',
                        Some(_) => false,
                    } =>
            {
                Some(group.clone())
            }
            _ => None,
        };
        if let Some(body) = body {
            let mut hollow = Group::new(Delimiter::Brace, TokenStream::new());
            hollow.set_span(body.span());
            inner[index] = TokenTree::Group(hollow);
            bodies.push(body);
            in_fn = false;
        }
    }
    let mut hollow_outer = Group::new(Delimiter::Brace, inner.into_iter().collect());
    hollow_outer.set_span(outer.span());
    trees.push(TokenTree::Group(hollow_outer));
    let Ok(mut block) = syn::parse2::<syn::ItemImpl>(trees.into_iter().collect()) else {
        return syn::parse2(item);
    };
    let mut methods: Vec<&mut ImplItemFn> = block
        .items
        .iter_mut()
        .filter_map(|item| match item {
            ImplItem::Fn(method) => Some(method),
            _ => None,
        })
        .collect();
    if methods.len() != bodies.len() || methods.iter().any(|method| !method.block.stmts.is_empty())
    {
        return syn::parse2(item);
    }
    for (method, body) in methods.iter_mut().zip(bodies) {
        method.block = syn::Block {
            brace_token: syn::token::Brace {
                span: body.delim_span(),
            },
            stmts: vec![syn::Stmt::Item(syn::Item::Verbatim(body.stream()))],
        };
    }
    block.brace_token = syn::token::Brace {
        span: outer.delim_span(),
    };
    Ok(block)
}

pub(crate) fn expand(attribute: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut block = parse_with_bodies_as_tokens(item)?;
    let mut errors = Errors::default();
    if let Some((_, path, _)) = &block.trait_ {
        errors.error(
            path,
            "`#[cors]` handlers go in an inherent impl (`impl Api { ... }`): a trait impl cannot hold the function `#[cors]` adds beside each handler",
        );
        return Ok(without_attributes(block, errors));
    }

    // Arguments on the block come only from a shared policy's macro, for the pending handler.
    let mut arguments_given = !attribute.is_empty();
    if arguments_given {
        let pending = block
            .items
            .iter_mut()
            .filter_map(cors_arguments)
            .find(|arguments| is_pending(arguments));
        if let Some(arguments) = pending {
            *arguments = attribute.clone();
            arguments_given = false;
        }
    }
    if arguments_given {
        errors.error(
            &attribute,
            "`#[cors]` on an impl block takes no arguments; write each policy on its handler: `#[cors(origins = [\"https://app.example.com\"], methods = [GET])] async fn list_users() ...`",
        );
    }

    // The next handler that uses a shared policy: hand the block to the policy's macro.
    let shared_policy = block
        .items
        .iter_mut()
        .filter_map(cors_arguments)
        .find(|arguments| shared::uses_policy(arguments));
    if let Some(arguments) = shared_policy {
        let pending = Ident::new(PENDING, Span::call_site());
        let arguments = std::mem::replace(arguments, quote!(#pending));
        let tokens = block.to_token_stream();
        match shared::route(arguments, &tokens, &mut errors) {
            shared::Route::UsePolicy(call) if errors.is_empty() => return Ok(call),
            _ => return Ok(without_attributes(block, errors)),
        }
    }

    let mut beside = TokenStream::new();
    let mut handlers = 0;
    let mut items = Vec::with_capacity(block.items.len());
    for item in std::mem::take(&mut block.items) {
        let ImplItem::Fn(mut method) = item else {
            items.push(item);
            continue;
        };
        let Some((arguments, attribute)) = take_cors(&mut method) else {
            items.push(ImplItem::Fn(method));
            continue;
        };
        handlers += 1;
        let mut own_errors = Errors::default();
        let arguments = match shared::route(arguments, &TokenStream::new(), &mut own_errors) {
            shared::Route::Plain(arguments) if arguments.is_empty() => {
                own_errors.error(
                    &attribute,
                    "this `#[cors]` has no policy: write it on the handler, `#[cors(origins = [\"https://app.example.com\"], methods = [GET])]`",
                );
                errors.append(own_errors);
                items.push(ImplItem::Fn(method));
                continue;
            }
            shared::Route::Plain(arguments) => args::parse(arguments),
            shared::Route::Merged(arguments) => Ok(arguments),
            // Every shared policy was fetched above.
            shared::Route::UsePolicy(_) => {
                errors.append(own_errors);
                items.push(ImplItem::Fn(method));
                continue;
            }
        };
        let function = ItemFn {
            attrs: method.attrs.clone(),
            vis: method.vis.clone(),
            sig: method.sig.clone(),
            block: Box::new(method.block.clone()),
        };
        let checked = crate::check(arguments, Some(&function), &mut own_errors);
        let (Some((config, form)), true) = (checked, own_errors.is_empty()) else {
            errors.append(own_errors);
            items.push(ImplItem::Fn(method));
            continue;
        };
        let Expansion {
            handler,
            beside: module_items,
        } = expand::expand(&config, &function, None, form, Place::Associated);
        items.push(ImplItem::Verbatim(handler));
        beside.extend(module_items);
    }
    if handlers == 0 {
        errors.error(
            block.impl_token,
            "`#[cors]` on this impl block has no handler to work on: mark its associated handlers with `#[cors(...)]`, or remove the attribute",
        );
    }
    block.items = items;
    // A handler with a mistake stays as written, without its attribute, so that uses of it
    // still resolve and only the mistakes are reported.
    let errors = errors.finish().err().map(syn::Error::into_compile_error);
    Ok(quote! {
        #errors
        #block
        #beside
    })
}

/// The errors, then the block with every `#[cors(..)]` taken off its functions.
fn without_attributes(mut block: syn::ItemImpl, errors: Errors) -> TokenStream {
    for item in &mut block.items {
        if let ImplItem::Fn(method) = item {
            method.attrs.retain(|attribute| !is_cors(attribute));
        }
    }
    let errors = errors.finish().err().map(syn::Error::into_compile_error);
    quote! {
        #errors
        #block
    }
}

#[cfg(test)]
mod tests {
    use quote::{quote, ToTokens};
    use syn::ImplItem;

    use super::parse_with_bodies_as_tokens;

    /// Parses `item` both ways and checks that the two print the same tokens, and returns how
    /// many functions of the block kept their body as tokens.
    fn same_as_syn(item: proc_macro2::TokenStream) -> usize {
        let whole: syn::ItemImpl = syn::parse2(item.clone()).expect("a valid impl block");
        let lazy = parse_with_bodies_as_tokens(item).expect("a valid impl block");
        assert_eq!(
            lazy.to_token_stream().to_string(),
            whole.to_token_stream().to_string()
        );
        lazy.items
            .iter()
            .filter(|item| match item {
                ImplItem::Fn(method) => matches!(
                    method.block.stmts.as_slice(),
                    [syn::Stmt::Item(syn::Item::Verbatim(_))]
                ),
                _ => false,
            })
            .count()
    }

    #[test]
    fn every_function_body_is_kept_as_tokens() {
        let item = quote! {
            #[cors]
            impl<T: Clone> Api<T> where T: Iterator<Item = u8> {
                #[cors(origins = ["https://a.example"], methods = [GET])]
                pub async fn list(State(db): State<Db>) -> impl IntoResponse {
                    let x = { 1 };
                    if x > 0 { "yes" } else { "no" }
                }
                const LIMIT: usize = { 10 };
                const CALLBACK: fn() -> u8 = { helper };
                type Out = Vec<u8>;
                fn array() -> [u8; { 2 + 2 }] { [0; 4] }
                fn generic() -> Matrix<{ ROWS }, 3> where [u8; 2]: Sized, { Matrix::new() }
                pub(crate) const unsafe fn raw(&self) -> *const u8 { self.ptr }
                some_macro! { fn not_a_body() {} }
                #[inline]
                fn last() {}
            }
        };
        assert_eq!(same_as_syn(item), 5);
    }

    #[test]
    fn a_block_that_does_not_fit_the_pattern_is_parsed_whole() {
        // A body followed by a macro call with an absolute path is not taken for one, so the
        // parsed block has a function more than the bodies taken out: it is parsed whole, and
        // printed as written.
        let item = quote! {
            impl Api {
                fn odd() { 1 }
                ::helpers::items!();
                fn even() { 2 }
            }
        };
        assert_eq!(same_as_syn(item), 0);
    }
}
