//! The `#[cors]` attribute and its companions `preflight!` and `cors_route!`.
//!
//! Use them through `cors-runtime`, which re-exports them and documents them with examples: the
//! code they generate names `::cors_runtime`.

use proc_macro::TokenStream;

mod args;
mod context;
mod errors;
mod expand;
mod head;
mod impl_block;
mod route;
mod shared;
mod valid;

/// Turns an axum or plain-`http` handler into one whose responses carry the CORS headers of the
/// policy written in the attribute, and generates its preflight handler. See `cors-runtime`.
#[proc_macro_attribute]
pub fn cors(attribute: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match cors_impl(attribute.into(), item.clone()) {
        Ok(tokens) => tokens.into(),
        Err(error) => {
            // Emit the user's function after the errors, so that uses of it still resolve and
            // only the attribute's mistakes are reported.
            let mut tokens = error.to_compile_error();
            tokens.extend(item);
            tokens.into()
        }
    }
}

fn cors_impl(
    attribute: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> syn::Result<proc_macro2::TokenStream> {
    if impl_block::is_impl(&item) {
        return impl_block::expand(attribute, item);
    }
    let mut errors = errors::Errors::default();
    let arguments = match shared::route(attribute, &item, &mut errors) {
        shared::Route::UsePolicy(tokens) => {
            errors.finish()?;
            return Ok(tokens);
        }
        shared::Route::Plain(attribute) => args::parse(attribute),
        shared::Route::Merged(arguments) => Ok(arguments),
    };
    let (function, head) = match Handler::parse(item) {
        Ok(Handler { function, head }) => (Some(function), head),
        Err(error) => {
            errors.push(syn::Error::new(
                error.span(),
                "`#[cors]` goes on a handler function: `async fn list_users(...) -> ... { ... }` (or on an impl block whose associated handlers carry `#[cors(...)]`)",
            ));
            (None, None)
        }
    };
    let checked = check(arguments, function.as_ref(), &mut errors);
    let place = function.as_ref().map_or(expand::Place::Free, |function| {
        place(function, checked.as_ref(), &mut errors)
    });
    errors.finish()?;
    match (checked, function) {
        (Some((config, form)), Some(function)) => {
            let expand::Expansion { handler, beside } =
                expand::expand(&config, &function, head.as_deref(), form, place);
            Ok(quote::quote!(#handler #beside))
        }
        // `check` records an error whenever it returns nothing.
        _ => Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            "invalid `#[cors]` attribute",
        )),
    }
}

/// A function whose body is kept as tokens: the macro reads the attributes and the signature
/// only. The body's group is taken off the item before syn sees it, so that its tokens are never
/// walked: parsing, or even buffering, every token of every handler would cost each build for
/// nothing. The tokens before the body are kept too: what is generated from them as written
/// (the function under its routed name, the signature in its rustdoc) is copied from them, not
/// printed back from syn's tree token by token.
struct Handler {
    function: syn::ItemFn,
    /// The attributes and signature as written, when the function has a body.
    head: Option<Vec<proc_macro2::TokenTree>>,
}

impl Handler {
    fn parse(item: proc_macro2::TokenStream) -> syn::Result<Self> {
        let mut trees: Vec<proc_macro2::TokenTree> = item.into_iter().collect();
        let body = match trees.pop() {
            Some(proc_macro2::TokenTree::Group(group))
                if group.delimiter() == proc_macro2::Delimiter::Brace =>
            {
                group
            }
            // Not a function with a body: syn's own parse says where it goes wrong.
            last => {
                trees.extend(last);
                let function = syn::parse2::<syn::ItemFn>(trees.into_iter().collect())?;
                return Ok(Handler {
                    function,
                    head: None,
                });
            }
        };
        let (attrs, vis, sig) = match head::read(&trees) {
            Some(read) => read,
            None => syn::parse::Parser::parse2(
                |input: syn::parse::ParseStream<'_>| {
                    let attrs = input.call(syn::Attribute::parse_outer)?;
                    let vis: syn::Visibility = input.parse()?;
                    let sig: syn::Signature = input.parse()?;
                    Ok((attrs, vis, sig))
                },
                trees.iter().cloned().collect(),
            )?,
        };
        Ok(Handler {
            function: syn::ItemFn {
                attrs,
                vis,
                sig,
                block: Box::new(syn::Block {
                    brace_token: syn::token::Brace {
                        span: body.delim_span(),
                    },
                    stmts: vec![syn::Stmt::Item(syn::Item::Verbatim(body.stream()))],
                }),
            },
            head: Some(trees),
        })
    }
}

/// Where the handler is written: in an impl block without `#[cors]` (the block's `#[cors]`
/// takes the handler's attribute off before it runs), everything generated must be an
/// associated item; a trait's functions are not handlers.
fn place(
    function: &syn::ItemFn,
    checked: Option<&(valid::Config, valid::Form)>,
    errors: &mut errors::Errors,
) -> expand::Place {
    match context::enclosing(function.sig.fn_token.span) {
        context::Enclosing::Unknown => expand::Place::Free,
        context::Enclosing::Trait => {
            errors.error(
                function.sig.fn_token,
                "`#[cors]` handlers cannot be trait items; write the handler in an impl block or as a free function",
            );
            expand::Place::Free
        }
        context::Enclosing::Impl => {
            if let Some((config, form)) = checked {
                if let Some(key) = &config.module_key {
                    errors.error(
                        key,
                        "`module` names a companion module, which an associated handler has only when its impl block is marked `#[cors]`; mark the impl block, or remove `module`",
                    );
                }
                if *form == valid::Form::Actix {
                    errors.error(
                        function.sig.fn_token,
                        "an associated actix-web handler needs `#[cors]` on its impl block too, which writes its companion module after the impl",
                    );
                }
            }
            expand::Place::PlainImpl
        }
    }
}

/// Every rule on a handler's arguments and signature: the configuration and the handler's
/// form, or nothing with the reasons in `errors`. The arguments are checked even without a
/// function, so that one compile reports every mistake.
fn check(
    arguments: syn::Result<args::RawArgs>,
    function: Option<&syn::ItemFn>,
    errors: &mut errors::Errors,
) -> Option<(valid::Config, valid::Form)> {
    let config = match arguments {
        Ok(arguments) => valid::validate(arguments, errors),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let form = function.map(|function| {
        let explicit = config.as_ref().and_then(|config| config.form);
        valid::check_handler(function, explicit, errors)
    });
    Some((config?, form?))
}

/// Defines a shared CORS policy, used by `#[cors(policy = NAME, ...)]`. See `cors-runtime`.
#[proc_macro]
pub fn cors_policy(input: TokenStream) -> TokenStream {
    match syn::parse::<shared::PolicyDefinition>(input) {
        Ok(definition) => shared::expand_definition(definition).into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// The preflight handler for several `#[cors]` handlers on one path. See `cors-runtime`.
#[proc_macro]
pub fn preflight(input: TokenStream) -> TokenStream {
    match syn::parse::<route::PreflightInput>(input) {
        Ok(input) => route::expand_preflight(input).into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// A `#[cors]` axum handler with its policy's actual-request headers, to route by hand. See
/// `cors-runtime`.
#[proc_macro]
pub fn cors_handler(input: TokenStream) -> TokenStream {
    match syn::parse::<route::HandlerInput>(input) {
        Ok(input) => route::expand_handler(input).into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// The axum `MethodRouter` of several `#[cors]` handlers on one path, with their preflight and a
/// 405 that carries CORS headers. See `cors-runtime`.
#[proc_macro]
pub fn cors_route(input: TokenStream) -> TokenStream {
    match syn::parse::<route::RouteInput>(input) {
        Ok(input) => match route::expand_route(input) {
            Ok(tokens) => tokens.into(),
            Err(error) => error.to_compile_error().into(),
        },
        Err(error) => error.to_compile_error().into(),
    }
}
