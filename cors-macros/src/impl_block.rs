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

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
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

pub(crate) fn expand(attribute: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let mut block: syn::ItemImpl = syn::parse2(item)?;
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
            shared::Route::Plain(arguments) => syn::parse2::<args::RawArgs>(arguments),
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
        } = expand::expand(&config, &function, form, Place::Associated);
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
