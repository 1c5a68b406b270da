//! `preflight!(a, b)` and `cors_route!(get(a), post(b))`: several handlers on one path.
//!
//! The handlers' policies live in their companion modules, which these macros cannot read, so
//! the rules that span handlers (one policy per method, a handler routed only with methods it
//! allows) are compile-time `const` assertions over the methods of the modules' policies, each spanned
//! on the token to change and carrying a message written here.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Ident, Path, Token};

use crate::errors::Errors;

/// `preflight!(a, b, ...)`.
pub(crate) struct PreflightInput {
    handlers: Punctuated<Path, Token![,]>,
}

impl Parse for PreflightInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let handlers = Punctuated::parse_terminated(input)?;
        if handlers.is_empty() {
            return Err(input.error(
                "`preflight!` takes the handlers on one path: `preflight!(list_users, create_user)`",
            ));
        }
        Ok(PreflightInput { handlers })
    }
}

/// One `method(handler)` of `cors_route!`, or `method(Type::handler, module = name)` for an
/// associated handler, whose companion module is not under its path.
struct RouteEntry {
    method: Ident,
    target: Target,
}

/// A handler as `cors_route!` and `cors_handler!` name it: `handler`, or `Type::handler, module =
/// name`.
struct Target {
    handler: Path,
    /// The companion module: as named, or the handler's path without its generic arguments.
    module: Path,
}

impl Target {
    fn new(handler: Path, module: Option<Path>) -> Self {
        let module = module.unwrap_or_else(|| {
            let mut module = handler.clone();
            if let Some(last) = module.segments.last_mut() {
                last.arguments = syn::PathArguments::None;
            }
            module
        });
        Target { handler, module }
    }

    /// The path of the handler's companion module.
    fn module(&self) -> &Path {
        &self.module
    }

    /// The path of the user's function that `#[cors]` kept under the name
    /// `__cors_handler_NAME` (`expand::routed_name`), on the tokens of the handler's name, where
    /// axum's error for a function that is not a handler is reported.
    fn function(&self) -> Path {
        let mut path = self.handler.clone();
        if let Some(last) = path.segments.last_mut() {
            last.ident = crate::expand::routed_name(&last.ident);
        }
        path
    }
}

impl Parse for RouteEntry {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let method: Ident = input.parse()?;
        let content;
        syn::parenthesized!(content in input);
        let target = parse_target(&content, &|call| format!("{method}({call})"))?;
        Ok(RouteEntry { method, target })
    }
}

/// `handler` or `Type::handler, module = name`, to the end of `content`; `usage` writes the
/// macro call around a handler's text, for the messages.
fn parse_target(content: ParseStream<'_>, usage: &dyn Fn(&str) -> String) -> syn::Result<Target> {
    let handler: Path = content.parse()?;
    let mut module = None;
    if content.peek(Token![,]) && !content.peek2(syn::parse::End) {
        content.parse::<Token![,]>()?;
        let key: Ident = content.parse()?;
        if key != "module" {
            return Err(syn::Error::new(
                key.span(),
                format!(
                    "expected `module = ...`, the handler's companion module: `{}`",
                    usage("Api::list_users, module = list_users")
                ),
            ));
        }
        content.parse::<Token![=]>()?;
        module = Some(content.parse()?);
    }
    if content.peek(Token![,]) {
        content.parse::<Token![,]>()?;
    }
    if !content.is_empty() {
        return Err(content.error(format!(
            "expected one handler, as in `{}` or `{}`",
            usage("list_users"),
            usage("Api::list_users, module = list_users")
        )));
    }
    // `Type::handler` (a type's name is capitalized): its companion module follows the
    // impl, so it is not under the handler's path.
    let segments = &handler.segments;
    let owner = segments
        .len()
        .checked_sub(2)
        .map(|index| &segments[index].ident);
    if let (None, Some(owner)) = (&module, owner) {
        if owner
            .to_string()
            .starts_with(|first: char| first.is_ascii_uppercase())
        {
            let name = &segments[segments.len() - 1].ident;
            return Err(syn::Error::new_spanned(
                &handler,
                format!(
                    "`{owner}::{name}` is an associated function, whose companion module follows the impl rather than sitting under its path; name the module: `{}`",
                    usage(&format!("{owner}::{name}, module = {name}"))
                ),
            ));
        }
    }
    Ok(Target::new(handler, module))
}

/// `cors_handler!(handler)` or `cors_handler!(Type::handler, module = name)`.
pub(crate) struct HandlerInput(Target);

impl Parse for HandlerInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        parse_target(input, &|call| format!("cors_handler!({call})")).map(HandlerInput)
    }
}

/// `cors_handler!`: the user's function with its policy's actual-request headers, an axum
/// handler to route by hand.
pub(crate) fn expand_handler(input: HandlerInput) -> TokenStream {
    let (function, module) = (input.0.function(), input.0.module());
    quote!(::cors_runtime::__private::with_cors(#function, #module::__CorsPolicy))
}

/// `cors_route!(get(a), post(b), ...)`.
pub(crate) struct RouteInput {
    entries: Punctuated<RouteEntry, Token![,]>,
}

impl Parse for RouteInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let entries = Punctuated::parse_terminated(input)?;
        if entries.is_empty() {
            return Err(input.error(
                "`cors_route!` takes the routed handlers: `cors_route!(get(list_users), post(create_user))`",
            ));
        }
        Ok(RouteInput { entries })
    }
}

const ROUTABLE: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
    ("head", "HEAD"),
];

fn path_text(path: &Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}

/// Distinct handlers in order of first appearance.
fn distinct<'p>(paths: impl IntoIterator<Item = &'p Path>) -> Vec<&'p Path> {
    let mut out: Vec<&Path> = Vec::new();
    for path in paths {
        if !out.iter().any(|seen| path_text(seen) == path_text(path)) {
            out.push(path);
        }
    }
    out
}

/// The methods a companion module's policy allows: read from its method set
/// (`MethodSet::WRITTEN`), or the associated constant of its marker type where the set does not
/// say them (`PolicySource::METHODS`). Both are generic constants that the compiler evaluates
/// only where `cors_route!` or `preflight!` uses them.
fn methods_of(module: &Path) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    quote! {
        #private::policy_methods(
            <#module::__CorsPolicy as #private::PolicySource>::METHODS,
            <#module::__CorsMethods>::WRITTEN,
        )
    }
}

/// A preflight picks its policy by the method it asks for, so no two handlers may allow one.
fn disjoint_checks(handlers: &[&Path]) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    let mut checks = TokenStream::new();
    for (index, second) in handlers.iter().enumerate() {
        for first in &handlers[..index] {
            let (first_name, second_name) = (path_text(first), path_text(second));
            let (first_methods, second_methods) = (methods_of(first), methods_of(second));
            let named = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].map(|method| {
                let message = format!(
                    "`{first_name}` and `{second_name}` both allow `{method}`: a preflight is answered with the policy of the one handler that allows the method it asks for; remove `{method}` from one of their `methods`"
                );
                quote_spanned! {second.span()=>
                    if #private::methods_allow(#first_methods, #method)
                        && #private::methods_allow(#second_methods, #method)
                    {
                        ::core::panic!(#message)
                    }
                }
            });
            let message = format!(
                "`{first_name}` and `{second_name}` allow a method in common: a preflight is answered with the policy of the one handler that allows the method it asks for; make their `methods` disjoint"
            );
            checks.extend(quote_spanned! {second.span()=>
                const _: () = {
                    #(#named)*
                    if #private::methods_overlap(#first_methods, #second_methods) {
                        ::core::panic!(#message)
                    }
                };
            });
        }
    }
    checks
}

/// The statics of a `PolicySet` named `__CORS_SET`, with `allow` the tokens of its `Allow` value.
fn policy_set(handlers: &[&Path], allow: TokenStream) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    let count = handlers.len();
    quote! {
        static __CORS_POLICIES: [&::cors_runtime::Policy; #count] = [#(&#handlers::CORS),*];
        static __CORS_SET: #private::PolicySet = #private::PolicySet::new(&__CORS_POLICIES, #allow);
    }
}

pub(crate) fn expand_preflight(input: PreflightInput) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    let handlers = distinct(&input.handlers);
    let checks = disjoint_checks(&handlers);
    let methods = handlers.iter().map(|handler| methods_of(handler));
    let set = policy_set(
        &handlers,
        quote!(#private::http::HeaderValue::from_static(#private::utf8(&__CORS_ALLOW))),
    );
    quote! {
        {
            #checks
            const __CORS_METHODS: &[&[&str]] = &[#(#methods),*];
            const __CORS_ALLOW_LEN: usize = #private::allow_value_len(__CORS_METHODS);
            static __CORS_ALLOW: [u8; __CORS_ALLOW_LEN] =
                #private::allow_value::<__CORS_ALLOW_LEN>(__CORS_METHODS);
            #set
            #private::set_preflight(&__CORS_SET)
        }
    }
}

/// `cors_route!` with one handler: a call to the runtime's `route_N` that its companion module
/// names after its number of arguments, which routes it with its own policy's preflight and
/// 405. The method is checked by a bound, that the handler's marker type implements the
/// method's `Allows...` trait (written by its companion module for each method its policy
/// allows): cheaper for the compiler than the `const` assertions of several handlers, and
/// reported on the method with the trait's message.
/// With several methods, one handler's route is the same call with the methods' filters joined
/// (`MethodFilter::or`), each checked by its own bound.
fn route_one(entries: &[&RouteEntry]) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    let target = &entries[0].target;
    let (handler, module) = (target.function(), target.module());
    // The module is named once, in an import on its own tokens, where a wrong path is reported.
    // Each method's check is a call of its own spanned on the method, where an unsatisfied bound
    // is reported; the handler's is reported on the handler.
    let mut filters = entries.iter().map(|entry| {
        let check = Ident::new(&format!("allows_{}", entry.method), Span::call_site());
        quote_spanned! {entry.method.span()=>
            #private::#check::<__cors_module::__CorsMethods>()
        }
    });
    let first = filters.next().unwrap_or_default();
    let method = filters.fold(first, |joined, filter| quote!(#joined.or(#filter)));
    quote! {
        {
            use #module as __cors_module;
            __cors_module::__cors_route(#method, #handler, __cors_module::__CorsPolicy)
        }
    }
}

pub(crate) fn expand_route(input: RouteInput) -> syn::Result<TokenStream> {
    let private = quote!(::cors_runtime::__private);
    let mut errors = Errors::default();
    let mut routed: Vec<&str> = Vec::new();
    let mut checks = TokenStream::new();
    // One handler, on one method or several, is checked by bounds instead (`route_one`): its
    // assertions are not written.
    let several = distinct(input.entries.iter().map(|entry| entry.target.module())).len() > 1
        || distinct(input.entries.iter().map(|entry| &entry.target.handler)).len() > 1;
    for entry in &input.entries {
        let method_name = entry.method.to_string();
        let Some((_, method)) = ROUTABLE.iter().find(|(name, _)| *name == method_name) else {
            let message = match method_name.as_str() {
                "options" => "`cors_route!` generates the `OPTIONS` handler (the preflight); remove `options(...)`".to_string(),
                "trace" | "connect" => format!("browsers never send `{}` from scripts; route it outside `cors_route!`", method_name.to_ascii_uppercase()),
                _ => format!("`{method_name}` is not a method router; use one of `get`, `post`, `put`, `patch`, `delete`, `head`"),
            };
            errors.error(&entry.method, message);
            continue;
        };
        if routed.contains(method) {
            errors.error(
                &entry.method,
                format!("`{method_name}` is routed twice; axum routes one handler per method"),
            );
            continue;
        }
        routed.push(method);
        if !several {
            continue;
        }
        let handler = entry.target.module();
        let handler_name = path_text(&entry.target.handler);
        let message = format!(
            "`{handler_name}` is routed with `{method_name}` but its `#[cors]` policy does not allow `{method}`; add `{method}` to its `methods`, or route it with a method it allows"
        );
        let methods = methods_of(handler);
        let allowed = if *method == "HEAD" {
            quote!(#private::methods_allow(#methods, "HEAD") || #private::methods_allow(#methods, "GET"))
        } else {
            quote!(#private::methods_allow(#methods, #method))
        };
        checks.extend(quote_spanned! {entry.method.span()=>
            const _: () = if !(#allowed) {
                ::core::panic!(#message)
            };
        });
    }
    errors.finish()?;
    if !several && !input.entries.is_empty() {
        return Ok(route_one(&input.entries.iter().collect::<Vec<_>>()));
    }

    let handlers = distinct(input.entries.iter().map(|entry| entry.target.module()));
    checks.extend(disjoint_checks(&handlers));
    let mut allow: Vec<&str> = Vec::new();
    for method in &routed {
        allow.push(method);
        if *method == "GET" && !routed.contains(&"HEAD") {
            allow.push("HEAD");
        }
    }
    allow.push("OPTIONS");
    let allow = allow.join(", ");
    let set = policy_set(
        &handlers,
        quote!(#private::http::HeaderValue::from_static(#allow)),
    );
    // The method router is built in a function generic over the router's state, which the
    // handlers are passed to: the compiler checks its calls once, with the state a parameter,
    // not in the user's router, where the state is often inferred only at the end and every
    // call's requirements wait for it (`ROUTES=cors_route KEYS=1 scripts/query-profile.sh`).
    // Each handler keeps its own `Handler` requirement at the call, spanned on it.
    let numbered = |prefix: &str| -> Vec<Ident> {
        (0..input.entries.len())
            .map(|index| format_ident!("{prefix}{index}"))
            .collect()
    };
    let handler_types = numbered("__CorsH");
    let argument_types = numbered("__CorsT");
    let parameters = numbered("__cors_handler");
    let mut chain = input.entries.iter().zip(&parameters);
    let router = match chain.next() {
        Some((first, parameter)) => {
            let method = &first.method;
            let rest = chain.map(|(entry, parameter)| {
                let method = &entry.method;
                quote!(.#method(#parameter))
            });
            quote!(#private::axum::routing::#method(#parameter) #(#rest)*)
        }
        None => quote!(#private::axum::routing::MethodRouter::new()),
    };
    // Each function with its own policy's actual-request headers.
    // Each passed as a variable named on the handler's tokens, where axum's error for a function
    // that is not a handler is then reported.
    let variables: Vec<Ident> = input
        .entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            Ident::new(
                &format!("__cors_handler{index}"),
                entry.target.handler.span(),
            )
        })
        .collect();
    let bindings = input
        .entries
        .iter()
        .zip(&variables)
        .map(|(entry, variable)| {
            let (function, module) = (entry.target.function(), entry.target.module());
            quote!(let #variable = #private::with_cors(#function, #module::__CorsPolicy);)
        });
    Ok(quote! {
        {
            #checks
            #set
            fn __cors_route<__CorsS, #(#handler_types, #argument_types),*>(
                #(#parameters: #handler_types),*
            ) -> #private::axum::routing::MethodRouter<__CorsS>
            where
                __CorsS: ::core::clone::Clone + ::core::marker::Send + ::core::marker::Sync + 'static,
                #(#handler_types: #private::axum::handler::Handler<#argument_types, __CorsS>,
                  #argument_types: 'static,)*
            {
                #router
                    .options(#private::set_preflight(&__CORS_SET))
                    .fallback(#private::set_method_not_allowed(&__CORS_SET))
            }
            #(#bindings)*
            __cors_route(#(#variables),*)
        }
    })
}
