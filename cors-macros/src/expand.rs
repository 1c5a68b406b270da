//! `Config` + the user's function -> tokens. Reports no configuration error: `valid` did.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, LitByteStr, ReturnType};

use crate::valid::{Config, Form, Module, OriginSources, Origins, Wildcard};

/// Up to this many exact origins, the runtime compares them in turn, as fast at this size as a
/// compiled matcher and cheaper to compile; beyond, the macro compiles a matcher whose time does
/// not grow with the list.
const FEW_ORIGINS: usize = 4;

/// Where the user's function is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A free function: the generated items go beside it.
    Free,
    /// An associated function in an impl block marked `#[cors]`: the handler stays in the
    /// impl, the items an impl cannot hold (the companion module) go after the impl.
    Associated,
    /// An associated function in an impl block without `#[cors]`: everything generated is an
    /// associated item (`Self::NAME_cors`, `Self::NAME_preflight`), since nothing can be
    /// written beside the impl.
    PlainImpl,
}

/// How the generated handler reaches its policy.
pub(crate) enum Access {
    /// Through the companion module: `&module::CORS`, and `module::__CorsPolicy` in the
    /// extractors' types.
    Module(Ident),
    /// Through an associated constant, `Self::NAME_cors`; the extractors capture the origin
    /// and the handler checks it. The preflight handler is `Self::NAME_preflight`.
    Const { policy: Ident, preflight: Ident },
}

impl Access {
    fn policy(&self) -> TokenStream {
        match self {
            Access::Module(module) => quote!(&#module::CORS),
            Access::Const { policy, .. } => quote!(Self::#policy),
        }
    }

    /// The paths the generated handler's rustdoc names.
    fn doc_paths(&self) -> (String, String) {
        match self {
            Access::Module(module) => (format!("{module}::CORS"), format!("{module}::preflight")),
            Access::Const { policy, preflight } => {
                (format!("Self::{policy}"), format!("Self::{preflight}"))
            }
        }
    }
}

/// What `#[cors]` writes for one function.
pub(crate) struct Expansion {
    /// The generated handler (and, for [`Place::Associated`], the user's function beside it):
    /// where the user's function was.
    pub(crate) handler: TokenStream,
    /// The companion module and the other module-level items.
    pub(crate) beside: TokenStream,
}

/// `head` is the function's attributes and signature as written (the tokens before its body),
/// when the macro has them: what is generated from them as written is copied from them.
pub(crate) fn expand(
    config: &Config,
    function: &ItemFn,
    head: Option<&[TokenTree]>,
    form: Form,
    place: Place,
) -> Expansion {
    if place == Place::PlainImpl {
        return Expansion {
            handler: expand_in_plain_impl(config, function, form),
            beside: TokenStream::new(),
        };
    }
    let name = &function.sig.ident;
    let module = match &config.module {
        None => name.clone(),
        Some(Module::Named(module)) => module.clone(),
        Some(Module::Hidden) => format_ident!("__cors_{}", name),
    };
    let access = Access::Module(module.clone());
    // A free axum handler is routed by `cors_route!`: the module's rustdoc is the handler's.
    // Not with `module = false`: without a module to name, the handler stays a function that
    // axum routes as it is (`get(handler)`), its preflight left to the user.
    // Nor for a synchronous function, which is not an axum handler: the generated one answers
    // its output at once.
    let routed = form == Form::Axum
        && place == Place::Free
        && function.sig.asyncness.is_some()
        && !matches!(config.module, Some(Module::Hidden));
    let module_doc = routed.then(|| {
        let written = function
            .attrs
            .iter()
            .filter(|attribute| attribute.path().is_ident("doc"));
        let generated = signature_doc(config, function, head, &access, form);
        quote!(#(#written)* #generated)
    });
    let companion = companion_module(config, function, &module, form, module_doc);
    let (handler, beside_handler) = if routed {
        (routed_function(function, head), None)
    } else {
        let inner = inner_function(function, head, place);
        let handler = match form {
            Form::Axum => axum_handler(config, function, &access, &inner),
            Form::Http => http_handler(config, function, &access, &inner),
            Form::Actix => actix_handler(config, function, &access, &inner),
        };
        (handler, inner.beside().cloned())
    };
    let predicate = predicate_item(config, name);
    let warnings = warnings(config);
    Expansion {
        handler: quote! {
            #handler
            #beside_handler
        },
        beside: quote! {
            #companion
            #predicate
            #warnings
        },
    }
}

/// [`Place::PlainImpl`]: the handler, the user's function beside it, and as associated
/// constants the policy (`NAME_cors`, its statics inside the constant's initializer) and the
/// preflight handler (`NAME_preflight`). `valid` refused the actix-web form and `module` here.
fn expand_in_plain_impl(config: &Config, function: &ItemFn, form: Form) -> TokenStream {
    let name = &function.sig.ident;
    let vis = &function.vis;
    let cors = format_ident!("{}_cors", name);
    let preflight = format_ident!("{}_preflight", name);
    let access = Access::Const {
        policy: cors.clone(),
        preflight: preflight.clone(),
    };
    let inner = inner_function(function, None, Place::PlainImpl);
    let handler = match form {
        Form::Http => http_handler(config, function, &access, &inner),
        Form::Axum | Form::Actix => axum_handler(config, function, &access, &inner),
    };
    let beside_handler = inner.beside();
    let policy = policy(config, name, Place::PlainImpl);
    let env = env_origins(config);
    let warnings = warnings(config);
    let cors_doc = format!(
        "The CORS policy of `{name}`, checked at compile time: {}.",
        summary(config)
    );
    let preflight_doc = format!(
        "Answers the CORS preflight (`OPTIONS`) for `{name}`: route it with `.options(Self::{preflight})` on the same path as the handler. Any other `OPTIONS` request gets `405 Method Not Allowed`."
    );
    quote! {
        #handler
        #beside_handler

        #[doc = #cors_doc]
        #[allow(non_upper_case_globals)]
        #vis const #cors: &'static ::cors_runtime::Policy = {
            #warnings
            #env
            static CORS: ::cors_runtime::Policy = #policy;
            &CORS
        };

        ::cors_runtime::__cors_if_axum! {
            #[doc = #preflight_doc]
            #[allow(non_upper_case_globals)]
            #vis const #preflight: ::cors_runtime::__private::PreflightHandler =
                ::cors_runtime::__private::PreflightHandler(Self::#cors);
        }
    }
}

/// The name under which `#[cors]` keeps the user's function of an axum handler, which
/// `cors_route!` routes.
pub(crate) fn routed_name(name: &Ident) -> Ident {
    Ident::new(&format!("__cors_handler_{name}"), name.span())
}

/// A free axum handler: the user's function as written, under the name `cors_route!` routes it
/// by, and the handler's own name, as a value, a function of the runtime that is not a handler.
/// axum's `get(handler)` would route the function without CORS headers; with the name taken it
/// does not compile, and the error names `use_cors_route`. No code is generated around the
/// function: the runtime's `CorsHandler` adds the headers where `cors_route!` routes it, which
/// costs the compiler one generic call per route instead of a function per handler.
fn routed_function(function: &ItemFn, head: Option<&[TokenTree]>) -> TokenStream {
    let name = &function.sig.ident;
    let vis = &function.vis;
    let check = return_type_check(function);
    let kept = match head {
        Some(head) => {
            let mut kept = copy_written(head, None, &["doc"], true, &routed_name(name));
            if let Some(check) = check {
                quote!(where #check).to_tokens(&mut kept);
            }
            function.block.to_tokens(&mut kept);
            kept
        }
        None => {
            let mut kept = function.clone();
            kept.sig.ident = routed_name(name);
            kept.attrs
                .retain(|attribute| !attribute.path().is_ident("doc"));
            if let Some(check) = check.and_then(|check| syn::parse2(check).ok()) {
                kept.sig.generics.make_where_clause().predicates.push(check);
            }
            kept.into_token_stream()
        }
    };
    let cfg = function
        .attrs
        .iter()
        .filter(|attribute| attribute.path().is_ident("cfg"));
    quote! {
        #[doc(hidden)]
        #kept

        #(#cfg)*
        #[doc(hidden)]
        #[allow(unused_imports)]
        #vis use ::cors_runtime::__private::use_cors_route as #name;
    }
}

/// The function written as `head` and `body`, named `name`, without its attributes named in
/// `dropped` and, unless `keep_visibility`, without its visibility: the tokens as written,
/// copied, which an unoptimized macro does several times faster than syn prints its tree back.
fn copy_written(
    head: &[TokenTree],
    body: Option<&syn::Block>,
    dropped: &[&str],
    keep_visibility: bool,
    name: &Ident,
) -> TokenStream {
    let mut kept = Vec::with_capacity(head.len());
    let mut trees = head.iter().peekable();
    let mut after_fn = false;
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Punct(pound) if pound.as_char() == '#' && !after_fn => {
                if let Some(TokenTree::Group(attribute)) = trees.next() {
                    if !attribute_name(attribute).is_some_and(|name| dropped.contains(&&*name)) {
                        kept.push(tree.clone());
                        kept.push(TokenTree::Group(attribute.clone()));
                    }
                }
            }
            TokenTree::Ident(_) if after_fn => {
                kept.push(TokenTree::Ident(name.clone()));
                kept.extend(trees.by_ref().cloned());
            }
            TokenTree::Ident(ident) if ident == "pub" && !keep_visibility => {
                // `pub(crate)`, `pub(in path)`: a function's visibility.
                if matches!(trees.peek(), Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis)
                {
                    trees.next();
                }
            }
            TokenTree::Ident(ident) => {
                after_fn = ident == "fn";
                kept.push(tree.clone());
            }
            _ => kept.push(tree.clone()),
        }
    }
    let mut kept: TokenStream = kept.into_iter().collect();
    body.to_tokens(&mut kept);
    kept
}

/// The name of an attribute from its bracketed group, when it is one identifier: `doc` for a
/// doc comment, `doc = "..."` or `doc(...)`; nothing for a path such as `serde::rename`.
fn attribute_name(group: &proc_macro2::Group) -> Option<String> {
    let mut inside = group.stream().into_iter();
    let Some(TokenTree::Ident(ident)) = inside.next() else {
        return None;
    };
    match inside.next() {
        Some(TokenTree::Punct(punct)) if punct.as_char() == ':' => None,
        _ => Some(ident.to_string()),
    }
}

/// The signature as written in `head` (without the attributes before it): the visibility to the
/// end of the return type or `where` clause.
fn written_signature(head: &[TokenTree]) -> &[TokenTree] {
    &head[crate::head::attributes_end(head)..]
}

/// Whether a type's tokens can be named outside its function: no `impl Trait`, no `Self`, no
/// lifetime but `'static`.
fn nameable<'t>(tokens: impl IntoIterator<Item = &'t TokenTree>) -> bool {
    let mut after_quote = false;
    tokens.into_iter().all(|tree| {
        let ok = match tree {
            TokenTree::Ident(ident) => {
                ident != "impl" && ident != "Self" && (!after_quote || ident == "static")
            }
            TokenTree::Group(group) => nameable(&group.stream().into_iter().collect::<Vec<_>>()),
            TokenTree::Punct(_) | TokenTree::Literal(_) => true,
        };
        after_quote = matches!(tree, TokenTree::Punct(punct) if punct.as_char() == '\'');
        ok
    })
}

/// That an axum handler's output is a response, checked where the function is written (it is
/// otherwise checked only where `cors_route!` routes it, and reported on the handler's name): a
/// bound of the function's own `where` clause, `IsResponse<Output>: Sized`, which the compiler
/// proves with the signature's other checks, reported on the return type. A bound on the type
/// itself (`Output: IntoResponse`) would check the same, but rustc closes its error with a hint at
/// the unstable trivial-bounds feature; through `IsResponse`, the error names the bound. Not for
/// an `impl Trait`, a generic function or a type that borrows from the arguments, which a bound
/// cannot name: the route checks those.
fn return_type_check(function: &ItemFn) -> Option<TokenStream> {
    let ReturnType::Type(_, ty) = &function.sig.output else {
        return None;
    };
    if !function.sig.generics.params.is_empty() {
        return None;
    }
    // As written when `head::read` kept the type's tokens (`Type::Verbatim`), printed from
    // syn's tree otherwise.
    let tokens = ty.to_token_stream();
    if !nameable(&tokens.clone().into_iter().collect::<Vec<_>>()) {
        return None;
    }
    Some(
        quote_spanned!(ty.span()=> ::cors_runtime::__private::IsResponse<#tokens>: ::core::marker::Sized),
    )
}

fn companion_module(
    config: &Config,
    function: &ItemFn,
    module: &Ident,
    form: Form,
    module_doc: Option<TokenStream>,
) -> TokenStream {
    let vis = &function.vis;
    let name = &function.sig.ident;
    let hidden = matches!(config.module, Some(Module::Hidden)).then(|| quote!(#[doc(hidden)]));
    let policy = policy(config, name, Place::Free);
    let methods = method_list(config);
    // The methods `cors_route!` may route the handler with: those its policy allows, and
    // `HEAD` with `GET` (axum's `get` answers it).
    let allows = |routed: &str| {
        methods
            .iter()
            .any(|method| method == routed || method == "*")
    };
    // `MethodSet`'s arguments, in its order: the method's type, or `No`.
    let allowed = [
        ("GET", "Get"),
        ("HEAD", "Head"),
        ("POST", "Post"),
        ("PUT", "Put"),
        ("PATCH", "Patch"),
        ("DELETE", "Delete"),
    ]
    .map(|(routed, marker)| {
        let flag = allows(routed) || (routed == "HEAD" && allows("GET"));
        (routed, flag.then_some(marker))
    });
    // The policy's methods as `MethodSet::WRITTEN` reads them from the set: its methods in
    // order, `HEAD` only without `GET`. Written out in the module only when they differ (`*`,
    // other methods, another order, `HEAD` with `GET`).
    let derived = allowed
        .iter()
        .filter(|(routed, marker)| marker.is_some() && (*routed != "HEAD" || !allows("GET")))
        .map(|(routed, _)| *routed);
    let explicit =
        (!derived.eq(methods.iter().map(String::as_str))).then(|| quote!(, &[#(#methods),*]));
    let allowed = allowed.map(|(_, marker)| Ident::new(marker.unwrap_or("No"), Span::call_site()));
    // How `cors_route!` routes the handler: the runtime's function for its number of
    // arguments.
    let route = match function.sig.inputs.len() {
        count @ 0..=16 => format_ident!("route_{}", count),
        _ => format_ident!("route_any"),
    };
    let env = env_origins(config);
    // A plain `http` handler answers its preflights itself: its module's `preflight` exists only
    // with axum, as a convenience, and is documented there.
    let routed = module_doc.is_some();
    let module_doc = module_doc.unwrap_or_else(|| {
        let text = match form {
            Form::Http | Form::Axum => {
                format!("The CORS policy that the `cors` attribute generated for `{name}`.")
            }
            Form::Actix => format!(
                "The CORS policy and preflight handler that the `cors` attribute generated for `{name}`."
            ),
        };
        quote!(#[doc = #text])
    });
    // A routed handler's module already describes the policy, in the handler's rustdoc.
    let cors_doc = if routed {
        format!("The CORS policy of `{name}`, checked at compile time: see the module.")
    } else {
        format!(
            "The CORS policy of `{name}`, checked at compile time: {}.",
            summary(config)
        )
    };
    let framework_items = match form {
        Form::Actix => actix_companion_items(name, module),
        // The method list is for `cors_route!` and `preflight!`, which build axum routes; the
        // marker type names the policy in the axum extractors' types. Without axum, neither is
        // written, and the compiler has two items less to check per handler. A `macro_rules!` of
        // the runtime writes them: the compiler expands it faster than this macro, unoptimized
        // in a `cargo check`, builds the same tokens.
        Form::Axum | Form::Http => quote! {
            ::cors_runtime::__cors_axum_items! { [#(#allowed),*] #route #explicit }
        },
    };
    quote! {
        #module_doc
        #hidden
        #vis mod #module {
            #[doc = #cors_doc]
            pub static CORS: ::cors_runtime::Policy = #policy;

            #env

            #framework_items
        }
    }
}

/// The companion module's items for `form = actix`: the policy source of the generated
/// extractors and the actix-web preflight handler, compiled only with the `actix` feature (the
/// handler itself reports a missing feature).
fn actix_companion_items(name: &Ident, module: &Ident) -> TokenStream {
    let actix = quote!(::cors_runtime::__private::actix);
    let preflight_doc = format!(
        "Answers the CORS preflight (`OPTIONS`) for `{name}`: route it with `web::route().method(Method::OPTIONS).to({module}::preflight)` on the same path as the handler. Any other request gets `405 Method Not Allowed`."
    );
    quote! {
        ::cors_runtime::__cors_if_actix! {
            #[doc(hidden)]
            pub struct __CorsPolicy;

            impl #actix::PolicySource for __CorsPolicy {
                #[inline]
                fn policy() -> &'static ::cors_runtime::Policy {
                    &CORS
                }
            }

            #[doc = #preflight_doc]
            pub async fn preflight(request: #actix::HttpRequest) -> #actix::HttpResponse {
                #actix::preflight(&CORS, &request)
            }
        }
    }
}

/// The statics of `origins_env`: the variable's origins, and their entry in the registry that
/// `cors_runtime::check_origins_from_env` reads.
fn env_origins(config: &Config) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    let Origins::Listed(OriginSources {
        env: Some(variable),
        ..
    }) = &config.origins
    else {
        return TokenStream::new();
    };
    let credentials = config.credentials;
    let allow_insecure_http = config.allow_insecure_http;
    quote! {
        #[doc(hidden)]
        pub static __CORS_ENV: #private::EnvOrigins =
            #private::EnvOrigins::new(#variable, #credentials, #allow_insecure_http);

        #[#private::linkme::distributed_slice(#private::POLICIES_WITH_ENV_ORIGINS)]
        #[linkme(crate = #private::linkme)]
        static __CORS_REGISTERED: &'static ::cors_runtime::Policy = &CORS;
    }
}

/// The name of the function pointer that holds `origin_fn`, beside the handler, where the
/// user's path means what it meant in the attribute.
fn predicate_shim(name: &Ident) -> Ident {
    format_ident!("__cors_origin_fn_{}", name)
}

/// `const __cors_origin_fn_handler: fn(&str) -> bool = path;`, spanned on the path so that a
/// function of the wrong type is reported there.
fn predicate_item(config: &Config, name: &Ident) -> TokenStream {
    let Origins::Listed(OriginSources {
        predicate: Some(path),
        ..
    }) = &config.origins
    else {
        return TokenStream::new();
    };
    let shim = predicate_shim(name);
    let ty = quote_spanned!(path.span()=> fn(&str) -> bool);
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #shim: #ty = #path;
    }
}

/// Each warning of `valid` as a used `#[deprecated]` item spanned on its token: the one
/// warning a macro can emit on stable Rust. `#[allow(deprecated)]` silences it.
fn warnings(config: &Config) -> TokenStream {
    config
        .warnings
        .iter()
        .map(|(span, message)| {
            quote_spanned! {*span=>
                const _: () = {
                    #[deprecated(note = #message)]
                    #[allow(non_upper_case_globals)]
                    const cors_warning: () = ();
                    cors_warning
                };
            }
        })
        .collect()
}

fn method_list(config: &Config) -> Vec<String> {
    match &config.methods {
        Wildcard::Any => vec!["*".to_string()],
        Wildcard::List(methods) => methods.clone(),
    }
}

fn summary(config: &Config) -> String {
    let list = |items: &[String]| {
        items
            .iter()
            .map(|item| format!("`{item}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let origins = match &config.origins {
        Origins::Any => "any origin".to_string(),
        Origins::Listed(sources) => {
            let mut parts = Vec::new();
            if !sources.written.is_empty() {
                parts.push(format!("origins {}", list(&sources.written)));
            }
            if let Some(variable) = &sources.env {
                parts.push(format!(
                    "origins from the environment variable `{variable}`"
                ));
            }
            if let Some(predicate) = &sources.predicate {
                let path = predicate.to_token_stream().to_string().replace(' ', "");
                parts.push(format!("origins accepted by `{path}`"));
            }
            parts.join(", ")
        }
    };
    let mut parts = vec![origins, format!("methods {}", list(&method_list(config)))];
    if let Some(headers) = wildcard_text(&config.headers) {
        parts.push(format!("request headers `{headers}`"));
    }
    if let Some(exposed) = wildcard_text(&config.expose_headers) {
        parts.push(format!("exposed headers `{exposed}`"));
    }
    if config.credentials {
        parts.push("credentials".to_string());
    }
    if let Some(max_age) = config.max_age {
        parts.push(format!("max age {max_age} s"));
    }
    parts.join("; ")
}

/// The header value a list becomes: `*`, the names joined by `, `, or nothing when empty.
fn wildcard_text(list: &Wildcard<Vec<String>>) -> Option<String> {
    match list {
        Wildcard::Any => Some("*".to_string()),
        Wildcard::List(items) if items.is_empty() => None,
        Wildcard::List(items) => Some(items.join(", ")),
    }
}

/// The `Allow` value of a 405 on the handler's path.
fn allow_text(config: &Config) -> String {
    let mut methods = match &config.methods {
        Wildcard::Any => ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
            .map(String::from)
            .to_vec(),
        Wildcard::List(methods) => {
            let mut out = Vec::new();
            for method in methods {
                out.push(method.clone());
                if method == "GET" && !methods.iter().any(|m| m == "HEAD") {
                    out.push("HEAD".to_string());
                }
            }
            out
        }
    };
    methods.push("OPTIONS".to_string());
    methods.join(", ")
}

/// The policy as the runtime's `Policy::__encoded`: the validated configuration as one string,
/// one line per item (`cors-runtime/src/policy.rs`, `PolicyParts::decode`, documents the tags),
/// and `__encoded_with` for what a string cannot carry (the origin matcher of a long list, the
/// environment's origins, `origin_fn`). One literal per handler, instead of a tree of constants,
/// costs the compiler almost nothing to check.
fn policy(config: &Config, handler: &Ident, place: Place) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    let mut text = format!("n {handler}");
    let mut line = |tag: char, value: &str| {
        text.push('\n');
        text.push(tag);
        if !value.is_empty() {
            text.push(' ');
            text.push_str(value);
        }
    };
    let mut extras = Vec::new();
    match &config.origins {
        Origins::Any => line('*', ""),
        Origins::Listed(sources) => {
            for written in &sources.written {
                line('o', written);
            }
            for exact in &sources.exact {
                line('e', exact);
            }
            for (prefix, suffix) in &sources.patterns {
                line('w', &format!("{prefix} {suffix}"));
            }
            if sources.exact.len() > FEW_ORIGINS {
                let matcher = origin_matcher(&sources.exact);
                extras.push(quote! {
                    matcher: ::core::option::Option::Some({
                        fn __cors_match_origin(origin: &[u8]) -> ::core::option::Option<usize> {
                            #matcher
                        }
                        __cors_match_origin
                    }),
                });
            }
            if sources.env.is_some() {
                extras.push(quote!(env: ::core::option::Option::Some(&__CORS_ENV),));
            }
            match &sources.predicate {
                // In an impl, the policy is a static inside an associated constant, where the
                // user's path means what it meant in the attribute; the coercion is spanned on
                // it, so that a function of the wrong type is reported there.
                Some(path) if place == Place::PlainImpl => {
                    let ty = quote_spanned!(path.span()=> fn(&str) -> bool);
                    extras.push(quote! {
                        predicate: ::core::option::Option::Some({ const PREDICATE: #ty = #path; PREDICATE }),
                    });
                }
                Some(_) => {
                    let shim = predicate_shim(handler);
                    extras.push(quote!(predicate: ::core::option::Option::Some(super::#shim),));
                }
                None => {}
            }
        }
    }
    match &config.methods {
        Wildcard::Any => line('M', ""),
        Wildcard::List(methods) => {
            for method in methods {
                line('m', method);
            }
        }
    }
    match &config.headers {
        Wildcard::Any => line('H', ""),
        Wildcard::List(headers) => {
            for header in headers {
                line('h', header);
            }
        }
    }
    if config.credentials {
        line('c', "");
    }
    if config.private_network {
        line('p', "");
    }
    if config.preflight_status_ok {
        line('s', "");
    }
    line('A', &method_list(config).join(", "));
    if let Some(allow_headers) = wildcard_text(&config.headers) {
        line('a', &allow_headers);
    }
    if let Some(expose_headers) = wildcard_text(&config.expose_headers) {
        line('x', &expose_headers);
    }
    if let Some(max_age) = config.max_age {
        line('g', &max_age.to_string());
    }
    line('L', &allow_text(config));
    if extras.is_empty() {
        quote!(::cors_runtime::Policy::__encoded(#text))
    } else {
        quote! {
            ::cors_runtime::Policy::__encoded_with(#text, #private::PolicyExtras {
                #(#extras)*
                ..#private::PolicyExtras::NONE
            })
        }
    }
}

/// The origin check as code: a `match` on the length, then on the byte that best tells the
/// remaining candidates apart, and so on until one candidate is left, which is compared whole.
/// Its cost depends on how alike the origins are, not on how many there are: a thousand origins
/// cost a few byte comparisons more than one.
fn origin_matcher(origins: &[String]) -> TokenStream {
    let mut lengths: Vec<usize> = origins.iter().map(String::len).collect();
    lengths.sort_unstable();
    lengths.dedup();
    let arms = lengths.iter().map(|&length| {
        let candidates: Vec<(usize, &[u8])> = origins
            .iter()
            .enumerate()
            .filter(|(_, origin)| origin.len() == length)
            .map(|(index, origin)| (index, origin.as_bytes()))
            .collect();
        let tree = decision_tree(&candidates);
        quote! {
            #length => {
                let ::core::result::Result::Ok(bytes) = <&[u8; #length]>::try_from(origin) else {
                    return ::core::option::Option::None;
                };
                #tree
            }
        }
    });
    quote! {
        match origin.len() {
            #(#arms)*
            _ => ::core::option::Option::None,
        }
    }
}

/// Candidates all have the same length and are distinct, so some byte position splits them.
fn decision_tree(candidates: &[(usize, &[u8])]) -> TokenStream {
    if let [(index, bytes)] = candidates {
        let literal = LitByteStr::new(bytes, Span::call_site());
        return quote! {
            if bytes == #literal {
                ::core::option::Option::Some(#index)
            } else {
                ::core::option::Option::None
            }
        };
    }
    let length = candidates.first().map_or(0, |(_, bytes)| bytes.len());
    // The position with the most distinct values, then the smallest largest group.
    let best = (0..length)
        .map(|position| {
            let mut groups: Vec<(u8, usize)> = Vec::new();
            for (_, bytes) in candidates {
                match groups
                    .iter_mut()
                    .find(|(value, _)| *value == bytes[position])
                {
                    Some((_, size)) => *size += 1,
                    None => groups.push((bytes[position], 1)),
                }
            }
            let largest = groups.iter().map(|(_, size)| *size).max().unwrap_or(0);
            (groups.len(), usize::MAX - largest, usize::MAX - position)
        })
        .max()
        .map_or(0, |(_, _, position)| usize::MAX - position);
    let mut values: Vec<u8> = candidates.iter().map(|(_, bytes)| bytes[best]).collect();
    values.sort_unstable();
    values.dedup();
    let arms = values.iter().map(|&value| {
        let group: Vec<(usize, &[u8])> = candidates
            .iter()
            .filter(|(_, bytes)| bytes[best] == value)
            .copied()
            .collect();
        let subtree = decision_tree(&group);
        let value = proc_macro2::Literal::u8_suffixed(value);
        quote!(#value => { #subtree })
    });
    quote! {
        match bytes[#best] {
            #(#arms)*
            _ => ::core::option::Option::None,
        }
    }
}

/// Attributes that describe the generated function go on it; the rest (`#[axum::debug_handler]`,
/// `#[tracing::instrument]`, lint levels) stay on the user's function inside it.
fn is_outer_attribute(attribute: &syn::Attribute) -> bool {
    OUTER_ATTRIBUTES
        .iter()
        .any(|outer| attribute.path().is_ident(outer))
}

/// The names of the attributes [`is_outer_attribute`] finds.
const OUTER_ATTRIBUTES: &[&str] = &["doc", "cfg", "deprecated"];

/// The user's function, renamed and private: nested inside the generated one for a free
/// function; for an associated function, beside it in the impl (a nested function could not
/// use `Self` or the impl's generics), hidden from the docs.
struct Inner<'a> {
    item: TokenStream,
    /// How the generated function calls it.
    call: TokenStream,
    place: Place,
    /// The attributes that describe the generated function.
    outer_attributes: Vec<&'a syn::Attribute>,
    /// The function's attributes and signature as written, when the macro has them.
    head: Option<&'a [TokenTree]>,
}

impl Inner<'_> {
    /// The item inside the generated function's body, if it goes there.
    fn nested(&self) -> Option<&TokenStream> {
        (self.place == Place::Free).then_some(&self.item)
    }

    /// The item beside the generated function, if it goes there.
    fn beside(&self) -> Option<&TokenStream> {
        (self.place != Place::Free).then_some(&self.item)
    }
}

fn inner_function<'a>(
    function: &'a ItemFn,
    head: Option<&'a [TokenTree]>,
    place: Place,
) -> Inner<'a> {
    let outer_attributes = function
        .attrs
        .iter()
        .filter(|attribute| is_outer_attribute(attribute))
        .collect();
    if let (Place::Free, Some(head)) = (place, head) {
        let name = Ident::new("__cors_handler", function.sig.ident.span());
        return Inner {
            item: copy_written(head, Some(&function.block), OUTER_ATTRIBUTES, false, &name),
            call: name.into_token_stream(),
            place,
            outer_attributes,
            head: Some(head),
        };
    }
    let mut inner = function.clone();
    let name = &function.sig.ident;
    inner.sig.ident = match place {
        Place::Free => Ident::new("__cors_handler", name.span()),
        Place::Associated | Place::PlainImpl => format_ident!("__cors_handler_{}", name),
    };
    // An associated handler's function is routed by `cors_route!` from wherever the router is.
    if place != Place::Associated {
        inner.vis = syn::Visibility::Inherited;
    } else {
        inner
            .attrs
            .push(syn::parse_quote!(#[allow(unreachable_pub)]));
    }
    inner
        .attrs
        .retain(|attribute| !is_outer_attribute(attribute));
    let ident = &inner.sig.ident;
    let (item, call) = match place {
        Place::Free => (inner.to_token_stream(), quote!(#ident)),
        Place::Associated | Place::PlainImpl => {
            let cfg = function
                .attrs
                .iter()
                .filter(|attribute| attribute.path().is_ident("cfg"));
            (
                quote! {
                    #(#cfg)*
                    #[doc(hidden)]
                    #inner
                },
                quote!(Self::#ident),
            )
        }
    };
    Inner {
        item,
        call,
        place,
        outer_attributes,
        head,
    }
}

fn signature_doc(
    config: &Config,
    function: &ItemFn,
    head: Option<&[TokenTree]>,
    access: &Access,
    form: Form,
) -> TokenStream {
    let (cors, preflight) = access.doc_paths();
    // A plain `http` handler answers its preflights itself; its `preflight` item exists only
    // with the runtime's `axum` feature, which the macro cannot see.
    let preflights = match (form, access) {
        (Form::Http, _) => "It answers CORS preflights (`OPTIONS`) itself.".to_string(),
        (Form::Axum, Access::Module(_)) if matches!(config.module, Some(Module::Hidden)) => {
            "Route it with axum's own `get(handler)`: with `module = false`, no preflight route is generated.".to_string()
        }
        (Form::Axum, Access::Module(_)) => "Route it with `cors_route!`, which answers its preflights (`OPTIONS`) and methods it does not route (`405`) with the same policy.".to_string(),
        (Form::Axum | Form::Actix, _) => format!("The preflight handler is `{preflight}`."),
    };
    // Shown without its parameters' attributes, or the trailing comma of a parameter list
    // written over several lines; copied only when it has either.
    let has_attributes =
        |input: &FnArg| matches!(input, FnArg::Typed(typed) if !typed.attrs.is_empty());
    let inputs = &function.sig.inputs;
    let text = if inputs.trailing_punct() || inputs.iter().any(has_attributes) {
        let mut signature = function.sig.clone();
        signature.inputs.iter_mut().for_each(|input| {
            if let FnArg::Typed(typed) = input {
                typed.attrs.clear();
            }
        });
        signature.inputs.pop_punct();
        let vis = &function.vis;
        tidy(&quote!(#vis #signature).to_string())
    } else if let Some(head) = head {
        // Printed from the tokens as written, spaced as `tidy` spaces the compiler's text.
        let mut text = String::with_capacity(96);
        print_tokens(written_signature(head), &mut text);
        text
    } else {
        let (vis, signature) = (&function.vis, &function.sig);
        tidy(&quote!(#vis #signature).to_string())
    };
    // One attribute, not one per line: rustdoc joins them by line anyway, and the compiler
    // parses one attribute instead of eight per handler. No `[` in the generated text (the
    // attribute is "the `cors` attribute", not `#[cors]`): rustc resolves the intra-doc links a
    // doc string with a `[` may hold in every `cargo check`, which cost 7 million instructions
    // for 200 handlers (BENCHMARKS-HISTORY.md).
    let summary = summary(config);
    let mut doc = String::with_capacity(160 + summary.len() + preflights.len() + text.len());
    for piece in [
        "\n# CORS\n\nGenerated by the `cors` attribute: every response carries the CORS headers of `",
        &cors,
        "` (",
        &summary,
        "). ",
        &preflights,
        " Written as:\n\n```text\n",
        &text,
        "\n```",
    ] {
        doc.push_str(piece);
    }
    quote!(#[doc = #doc])
}

/// Token text with the spaces `to_string` puts between every token taken out where Rust style
/// has none, for the signature shown in rustdoc: no space around `::` and `<`, after `(`, `&` or
/// `'`, or before `>`, `,`, `(`, `)` or `:`; one space around `->` and after a comma. One pass
/// over the text, which a `cargo check` runs unoptimized for every handler (fourteen `replace`
/// passes were about two fifths of the time spent on the rustdoc's text).
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // `to_string` may break long token streams over lines; the signature is shown on one.
    for word in text.split_whitespace() {
        if !out.is_empty() && spaced(out.as_bytes(), word.as_bytes()) {
            out.push(' ');
        }
        for (index, piece) in word.split("->").enumerate() {
            if index > 0 {
                // `->` is spaced on both sides, once.
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                out.push_str("->");
                if !piece.is_empty() {
                    out.push(' ');
                }
            }
            push_spacing_commas(&mut out, piece);
        }
    }
    out
}

/// Appends `tokens` to `out` as text, spaced as [`tidy`] spaces the compiler's text of them: a
/// run of joined punctuation (`::`, `->`, `>>`) is one word, every other token one word, and a
/// group its delimiters around its tokens. Without the compiler printing the tokens and `tidy`
/// taking the text apart again, for the signature shown in every handler's rustdoc.
fn print_tokens(tokens: &[TokenTree], out: &mut String) {
    let mut word = String::new();
    for (index, tree) in tokens.iter().enumerate() {
        match tree {
            TokenTree::Punct(punct) => {
                word.push(punct.as_char());
                let joined = punct.spacing() == proc_macro2::Spacing::Joint
                    && matches!(tokens.get(index + 1), Some(TokenTree::Punct(_)));
                if !joined {
                    push_word(out, &word);
                    word.clear();
                }
            }
            TokenTree::Ident(ident) => push_word(out, &ident.to_string()),
            TokenTree::Literal(literal) => push_word(out, &literal.to_string()),
            TokenTree::Group(group) => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                let (open, close) = match group.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ("(", ")"),
                    proc_macro2::Delimiter::Bracket => ("[", "]"),
                    proc_macro2::Delimiter::Brace => ("{", "}"),
                    proc_macro2::Delimiter::None => ("", ""),
                };
                push_word(out, open);
                print_tokens(&inner, out);
                push_word(out, close);
            }
        }
    }
}

/// Appends `word`, after a space where [`spaced`] keeps one, and none inside brackets, before
/// `;` (`[u8; 4]`) or after `?` (`?Sized`), which the compiler's text has already joined when
/// `tidy` reads it.
fn push_word(out: &mut String, word: &str) {
    if word.is_empty() {
        return;
    }
    let joined =
        matches!(out.as_bytes(), [.., b'[' | b'?']) || matches!(word.as_bytes(), [b']' | b';', ..]);
    if !out.is_empty() && !joined && spaced(out.as_bytes(), word.as_bytes()) {
        out.push(' ');
    }
    out.push_str(word);
}

/// Whether the space `to_string` put between `before` (what is written so far) and `word` stays.
/// Slice patterns rather than `ends_with` over lists of endings: a `cargo check` runs this
/// unoptimized for every word of every handler's signature.
fn spaced(before: &[u8], word: &[u8]) -> bool {
    if matches!(before, [.., b'-', b'>']) || matches!(word, [b'-', b'>', ..]) {
        return true;
    }
    // `(A, B), (C, D)`, but `(u32,)`.
    if matches!(before, [.., b',']) && matches!(word, [b'(', ..]) {
        return true;
    }
    // No space after `::`, `<`, `(`, `&` or `'`, nor before `::`, `<`, `>`, `,`, `(`, `)` or
    // `:`.
    let joins_before = matches!(before, [.., b':', b':'] | [.., b'<' | b'(' | b'&' | b'\'']);
    let joins_after = matches!(word, [b':' | b'<' | b'>' | b',' | b'(' | b')', ..]);
    !(joins_before || joins_after)
}

/// Appends `piece`, a space after each comma that a parenthesis follows (`(A, B), (C, D)`).
fn push_spacing_commas(out: &mut String, piece: &str) {
    for (index, part) in piece.split(",(").enumerate() {
        if index > 0 {
            out.push_str(", (");
        }
        out.push_str(part);
    }
}

/// The generated handler's parameters: the user's extractors in the glue's wrappers, the first
/// one also reading the request (`context`), or the glue's `OriginOnly` for a handler without
/// arguments; and the statements that unwrap them, answering the first rejection with CORS
/// headers. With `first_rejects`, the first wrapper (axum's `FirstArg` of a module policy)
/// answers its own rejection, so only the later arguments are unwrapped here; the others never
/// reject and hold the rejection for the handler to answer.
struct Wrapped {
    parameters: Vec<TokenStream>,
    unpack: TokenStream,
    arguments: Vec<Ident>,
}

/// `reject` is the function that turns `(&CORS, context, rejection)` into the generated
/// handler's return value.
fn wrapped_arguments(
    function: &ItemFn,
    access: &Access,
    glue: &TokenStream,
    context: &Ident,
    into_context: &str,
    reject: &TokenStream,
    first_rejects: bool,
) -> Wrapped {
    let types: Vec<&syn::Type> = function
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => Some(&*typed.ty),
            FnArg::Receiver(_) => None,
        })
        .collect();
    let arguments: Vec<Ident> = (0..types.len())
        .map(|index| format_ident!("__cors_arg{}", index))
        .collect();
    let policy = access.policy();
    let Some(first_type) = types.first() else {
        let into_context = Ident::new(into_context, Span::call_site());
        let (parameter, unpack) = match access {
            Access::Module(module) => (
                quote!(#context: #glue::OriginOnly<#module::__CorsPolicy>),
                quote!(let #context = #glue::OriginOnly::#into_context(#context);),
            ),
            Access::Const { .. } => (
                quote!(#context: #glue::RawOrigin),
                quote!(let #context = #glue::RawOrigin::allowed(#context, #policy);),
            ),
        };
        return Wrapped {
            parameters: vec![parameter],
            unpack,
            arguments,
        };
    };
    let first = &arguments[0];
    let (first_parameter, unpack_first) = match access {
        Access::Module(module) => (
            quote_spanned! {first_type.span()=>
                #first: #glue::FirstArg<#first_type, #module::__CorsPolicy>
            },
            quote!(let (#context, #first) = #glue::FirstArg::into_parts(#first);),
        ),
        Access::Const { .. } => (
            quote_spanned!(first_type.span()=> #first: #glue::RawFirstArg<#first_type>),
            quote! {
                let (#context, #first) = #glue::RawFirstArg::into_parts(#first);
                let #context = #glue::RawOrigin::allowed(#context, #policy);
            },
        ),
    };
    // The axum glue's `FirstArg` of a module policy answers its own rejection; every other
    // argument is checked here.
    let checked = match access {
        Access::Module(_) if first_rejects => 1,
        _ => 0,
    };
    let mut parameters = vec![first_parameter];
    parameters.extend(
        arguments
            .iter()
            .zip(&types)
            .skip(1)
            .map(|(argument, ty)| quote_spanned!(ty.span()=> #argument: #glue::Arg<#ty>)),
    );
    let checks = arguments.iter().skip(checked).map(|argument| {
        quote! {
            let #argument = match #glue::Arg::into_result(#argument) {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(rejection) => {
                    return #reject(#policy, #context, rejection);
                }
            };
        }
    });
    let unpack = quote! {
        #unpack_first
        #(#checks)*
    };
    Wrapped {
        parameters,
        unpack,
        arguments,
    }
}

fn axum_handler(
    config: &Config,
    function: &ItemFn,
    access: &Access,
    inner: &Inner<'_>,
) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    let signature = &function.sig;
    let name = &signature.ident;
    let vis = &function.vis;
    let generics = &signature.generics;
    let where_clause = &generics.where_clause;
    let outer_attributes = &inner.outer_attributes;
    let call = &inner.call;
    let doc = signature_doc(config, function, inner.head, access, Form::Axum);
    let inner = inner.nested();
    let policy = access.policy();

    // The function that needs the user's output to be a response is named on the return
    // type's token, so that a wrong return type is reported there.
    let return_span = match &signature.output {
        ReturnType::Default => signature.ident.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    // Not an `async fn` around the user's: a plain function that unpacks the extractors and
    // returns the user's future in `CorsResponse` (or, around a synchronous function, the
    // finished response), so that the compiler builds one state machine per handler, not two.
    let (output, reject) = match signature.asyncness {
        Some(_) => (
            // On the return type's token: a future whose output is not a response is reported
            // there, not on the attribute.
            quote_spanned!(return_span=> impl ::core::future::Future<Output = #private::Response>),
            quote!(#private::CorsResponse::rejected),
        ),
        None => (
            quote!(::core::future::Ready<#private::Response>),
            quote!(#private::finish_ready),
        ),
    };
    let origin = Ident::new("__cors_origin", Span::call_site());
    let Wrapped {
        parameters,
        unpack,
        arguments,
    } = wrapped_arguments(
        function,
        access,
        &private,
        &origin,
        "into_origin",
        &reject,
        true,
    );
    // rustc reports an unmet bound on the argument that has to meet it: the user's future (or
    // output) is passed as a variable whose name carries the return type's span.
    let output_variable = Ident::new("__cors_output", return_span);
    let respond = match signature.asyncness {
        Some(_) => quote! {
            let #output_variable = #call(#(#arguments),*);
            #private::CorsResponse::respond(#output_variable, #policy, #origin)
        },
        None => quote! {
            let #output_variable = #call(#(#arguments),*);
            #private::finish_ready(#policy, #origin, #output_variable)
        },
    };
    quote! {
        #(#outer_attributes)*
        #doc
        #vis fn #name #generics (#(#parameters),*) -> #output #where_clause {
            #inner
            #unpack
            #respond
        }
    }
}

fn http_handler(
    config: &Config,
    function: &ItemFn,
    access: &Access,
    inner: &Inner<'_>,
) -> TokenStream {
    let private = quote!(::cors_runtime::__private);
    let signature = &function.sig;
    let name = &signature.ident;
    let vis = &function.vis;
    let generics = &signature.generics;
    let where_clause = &generics.where_clause;
    let asyncness = &signature.asyncness;
    let output = &signature.output;
    let outer_attributes = &inner.outer_attributes;
    let call = &inner.call;
    let doc = signature_doc(config, function, inner.head, access, Form::Http);
    let inner = inner.nested();
    let policy = access.policy();
    let request_type = signature.inputs.iter().find_map(|input| match input {
        FnArg::Typed(typed) => Some(&typed.ty),
        FnArg::Receiver(_) => None,
    });
    let return_type = match output {
        ReturnType::Default => quote_spanned!(signature.ident.span()=> ()),
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    if asyncness.is_some() {
        // Not an `async fn` around the user's: the request would be moved through two state
        // machines. A plain function returning the user's future wrapped in `WithCors`, which
        // adds the headers when it completes (or holds the preflight answer), costs nothing
        // beyond the origin it carries. Callers see the same `impl Future`, `Send` when the
        // user's future is.
        // On the return type's token: rustc checks there that `WithCors` of the user's future
        // is a future of the return type, which needs `HttpResponse` of it, and reports a return
        // type the form cannot answer with there.
        let future_type = quote_spanned!(return_type.span()=>
            impl ::core::future::Future<Output = #return_type>
        );
        return quote! {
            #(#outer_attributes)*
            #doc
            #vis fn #name #generics (__cors_request: #request_type) -> #future_type #where_clause
            {
                #inner
                #private::serve_future(#policy, __cors_request, #call)
            }
        };
    }
    // The trait is named on the return type's token, where a return type the form cannot
    // answer with is reported.
    let response_trait = quote_spanned!(return_type.span()=> #private::HttpResponse);
    quote! {
        #(#outer_attributes)*
        #doc
        #vis fn #name #generics (__cors_request: #request_type) #output #where_clause {
            #inner
            <#return_type as #response_trait>::serve(#policy, __cors_request, #call)
        }
    }
}

/// The actix-web form: the same shape as [`axum_handler`], with actix-web's extractor wrappers.
/// The generated function is wrapped in `__cors_if_actix!`, which without the runtime's `actix`
/// feature turns it into an error naming the feature and the function as written.
fn actix_handler(
    config: &Config,
    function: &ItemFn,
    access: &Access,
    inner: &Inner<'_>,
) -> TokenStream {
    let actix = quote!(::cors_runtime::__private::actix);
    let signature = &function.sig;
    let name = &signature.ident;
    let vis = &function.vis;
    let generics = &signature.generics;
    let where_clause = &generics.where_clause;
    let outer_attributes = &inner.outer_attributes;
    let call = &inner.call;
    let doc = signature_doc(config, function, inner.head, access, Form::Actix);
    let inner = inner.nested();
    let policy = access.policy();
    let call_await = signature.asyncness.map(|_| quote!(.await));

    let request = Ident::new("__cors_request", Span::call_site());
    let Wrapped {
        parameters,
        unpack,
        arguments,
    } = wrapped_arguments(
        function,
        access,
        &actix,
        &request,
        "into_request",
        &quote!(#actix::finish),
        false,
    );
    quote! {
        ::cors_runtime::__cors_if_actix! {
            @handler {
                #(#outer_attributes)*
                #doc
                #vis async fn #name #generics (#(#parameters),*) -> #actix::HttpResponse #where_clause {
                    #inner
                    #unpack
                    #actix::finish(#policy, __cors_request, #call(#(#arguments),*) #call_await)
                }
            } {
                #function
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::{format_ident, quote};

    use super::{copy_written, signature_doc, Access};
    use crate::errors::Errors;
    use crate::valid::{validate, Form};

    /// The rustdoc `#[cors]` writes on `function`, under a one-origin policy.
    fn doc_of(function: proc_macro2::TokenStream) -> String {
        let arguments = syn::parse2(quote!(origins = ["https://a.example"], methods = [GET]))
            .expect("valid arguments");
        let config = validate(arguments, &mut Errors::default()).expect("a valid policy");
        let function: syn::ItemFn = syn::parse2(function).expect("a function");
        let access = Access::Module(format_ident!("handler"));
        signature_doc(&config, &function, None, &access, Form::Http).to_string()
    }

    /// The fourteen `replace` passes `tidy` replaced, which it must agree with.
    fn tidy_by_replacing(text: &str) -> String {
        let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for (from, to) in [
            (" :: ", "::"),
            (":: ", "::"),
            (" ::", "::"),
            (" < ", "<"),
            ("< ", "<"),
            (" <", "<"),
            (" >", ">"),
            (" ,", ","),
            (" (", "("),
            ("( ", "("),
            (" )", ")"),
            (" :", ":"),
            ("& ", "&"),
            ("' ", "'"),
        ] {
            out = out.replace(from, to);
        }
        out.replace("->", " -> ")
            .replace(",(", ", (")
            .replace("  ", " ")
    }

    #[test]
    fn tidy_agrees_with_the_replace_passes() {
        let signatures = [
            quote!(pub async fn handler(request: Request<()>, id: Path<(u32,)>) -> Result<(StatusCode, String), (StatusCode, &'static str)>),
            quote!(pub(crate) fn h<'a, B: http_body::Body + Send + 'static>(r: &'a mut ::http::Request<B>) -> impl ::core::future::Future<Output = Vec<(u8, u8)>> + 'a where B::Data: Send),
            quote!(async fn f(State(db): State<Db>, Json(NewUser { name, .. }): Json<NewUser>, _: HeaderMap) -> (StatusCode, [(&'static str, &'static str); 1], Json<User>)),
            quote!(fn g(&self, mut x: Box<dyn Fn(u8) -> u8 + Send>, y: fn() -> (), z: [u8; 4]) -> Result<(), ()>),
            quote!(async unsafe extern "C" fn k<const N: usize>(a: <T as Trait>::Assoc, b: T::Out<'_>) -> Option<&'static str>),
        ];
        for signature in signatures {
            let text = signature.to_string();
            assert_eq!(super::tidy(&text), tidy_by_replacing(&text), "{text}");
        }
        // Text as rustc's printer and proc-macro2's may break and space it.
        for text in [
            "fn a(x : & 'a str ,y : Vec < u8 >)->Vec<u8>",
            "fn b ( ) -> ( A , B ) , ( C , D )",
            "fn c(x: T,(a, b): (u8, u8))\n    -> Option < Box < dyn Fn ( ) -> u8 > >",
            "fn d(x: a::b:: c, y: :: d)",
            "fn e(x: &mut[u8], y: &&u8)",
            "fn f(x:A,(y):B)->R",
        ] {
            assert_eq!(super::tidy(text), tidy_by_replacing(text), "{text}");
        }
    }

    /// A function's head (its tokens before the body) and the function as syn reads it.
    fn head_and_function(
        function: proc_macro2::TokenStream,
    ) -> (Vec<proc_macro2::TokenTree>, syn::ItemFn) {
        let mut head: Vec<proc_macro2::TokenTree> = function.clone().into_iter().collect();
        head.pop();
        (head, syn::parse2(function).expect("a function"))
    }

    #[test]
    fn the_signature_shown_from_the_written_tokens_is_syns() {
        let arguments = syn::parse2(quote!(origins = ["https://a.example"], methods = [GET]))
            .expect("valid arguments");
        let config = validate(arguments, &mut Errors::default()).expect("a valid policy");
        let access = Access::Module(format_ident!("handler"));
        for function in [
            quote!(
                pub async fn handler(
                    request: Request<()>,
                    id: Path<(u32,)>,
                ) -> Result<(StatusCode, String), (StatusCode, &'static str)> {
                }
            ),
            quote!(
                #[doc = " Lists users."]
                #[allow(unused)]
                pub(crate) async fn list(State(db): State<Db>) -> impl IntoResponse {
                    todo!()
                }
            ),
            quote!(
                async fn f<'a, B: Body + Send + 'a>(r: &'a mut Request<B>) -> Json<Vec<(u8, u8)>>
                where
                    B::Data: Send,
                {
                }
            ),
            quote!(
                pub(in crate::api) fn g() {}
            ),
        ] {
            let (head, parsed) = head_and_function(function);
            let written = signature_doc(&config, &parsed, Some(&head), &access, Form::Axum);
            let printed = signature_doc(&config, &parsed, None, &access, Form::Axum);
            assert_eq!(written.to_string(), printed.to_string());
        }
    }

    #[test]
    fn tokens_are_printed_as_tidy_spaces_them() {
        for (tokens, text) in [
            (
                quote! { pub(crate) async fn f<'a, B: Body + ?Sized>(x: &'a [u8; 4], Json(New { name, .. }): Json<New>) -> Result<(), (StatusCode, &'static str)> where B::Data: Send + 'static },
                "pub(crate) async fn f<'a, B: Body + ?Sized>(x: &'a [u8; 4], Json(New { name, .. }): Json<New>) -> Result<(), (StatusCode, &'static str)> where B::Data: Send + 'static",
            ),
            (
                quote! { fn g(a: T::Out, b: Vec<Vec<u8>>, c: impl Fn(u8) -> u8 + Send) -> Box<dyn Fn() -> (A, B)> },
                "fn g(a: T::Out, b: Vec<Vec<u8>>, c: impl Fn(u8) -> u8 + Send) -> Box<dyn Fn() -> (A, B)>",
            ),
        ] {
            let tokens: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
            let mut printed = String::new();
            super::print_tokens(&tokens, &mut printed);
            assert_eq!(printed, text);
        }
    }

    #[test]
    fn the_written_function_is_copied_renamed_without_the_dropped_attributes() {
        let (head, parsed) = head_and_function(quote! {
            #[doc = " Lists users."]
            #[cfg(feature = "api")]
            #[serde::doc]
            #[allow(unused)]
            pub(crate) async fn list(State(db): State<Db>) -> Json<Vec<User>> { todo!() }
        });
        let renamed = format_ident!("__cors_handler_list");
        let routed = copy_written(&head, Some(&parsed.block), &["doc"], true, &renamed);
        assert_eq!(
            routed.to_string(),
            quote! {
                #[cfg(feature = "api")]
                #[serde::doc]
                #[allow(unused)]
                pub(crate) async fn __cors_handler_list(State(db): State<Db>) -> Json<Vec<User>> { todo!() }
            }
            .to_string()
        );
        let inner = format_ident!("__cors_handler");
        let nested = copy_written(
            &head,
            Some(&parsed.block),
            super::OUTER_ATTRIBUTES,
            false,
            &inner,
        );
        assert_eq!(
            nested.to_string(),
            quote! {
                #[serde::doc]
                #[allow(unused)]
                async fn __cors_handler(State(db): State<Db>) -> Json<Vec<User>> { todo!() }
            }
            .to_string()
        );
    }

    #[test]
    fn the_signature_shown_is_tidy_and_has_no_parameter_attributes() {
        let shown = "pub async fn handler(request: Request<()>, id: Path<(u32,)>) -> \
            Result<(StatusCode, String), (StatusCode, &'static str)>";
        let plain = doc_of(quote! {
            pub async fn handler(request: Request<()>, id: Path<(u32,)>) -> Result<(StatusCode, String), (StatusCode, &'static str)> {}
        });
        assert!(plain.contains(shown), "{plain}");
        let with_attributes = doc_of(quote! {
            pub async fn handler(
                #[allow(unused)] request: Request<()>,
                #[cfg_attr(test, allow(unused))] id: Path<(u32,)>,
            ) -> Result<(StatusCode, String), (StatusCode, &'static str)> {}
        });
        assert!(with_attributes.contains(shown), "{with_attributes}");
        assert!(!with_attributes.contains("allow"), "{with_attributes}");
    }
}
