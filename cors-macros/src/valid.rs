//! Every rule of the attribute, one `check_*` each: turns [`RawArgs`] into a [`Config`] that can
//! only hold legal values. Never stops at the first mistake.

use std::collections::HashSet;

use proc_macro2::Span;
use syn::{Ident, LitStr};

use crate::args::{RawArg, RawArgs, RawItem, RawList, RawValue};
use crate::errors::Errors;
use crate::origin::{check_origin_text, OriginProblem};

/// A policy that passed every rule.
pub(crate) struct Config {
    pub(crate) origins: Origins,
    pub(crate) methods: Wildcard<Vec<String>>,
    pub(crate) headers: Wildcard<Vec<String>>,
    pub(crate) expose_headers: Wildcard<Vec<String>>,
    pub(crate) credentials: bool,
    pub(crate) max_age: Option<u32>,
    /// `None`: named after the handler.
    pub(crate) module: Option<Module>,
    pub(crate) form: Option<Form>,
}

pub(crate) enum Origins {
    Any,
    Exact(Vec<String>),
}

/// A list that may instead be `["*"]`.
pub(crate) enum Wildcard<T> {
    Any,
    List(T),
}

pub(crate) enum Module {
    Named(Ident),
    /// `module = false`: still generated, under a hidden name.
    Hidden,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Axum,
    Http,
}

const KEYS: &[&str] = &[
    "origins",
    "methods",
    "headers",
    "expose_headers",
    "credentials",
    "max_age",
    "module",
    "form",
];

/// Names other CORS libraries use, mapped to ours.
const ALIASES: &[(&str, &str)] = &[
    ("origin", "origins"),
    ("allow_origin", "origins"),
    ("allow_origins", "origins"),
    ("allowed_origins", "origins"),
    ("method", "methods"),
    ("allow_methods", "methods"),
    ("allowed_methods", "methods"),
    ("header", "headers"),
    ("allow_headers", "headers"),
    ("allowed_headers", "headers"),
    ("request_headers", "headers"),
    ("expose", "expose_headers"),
    ("exposed_headers", "expose_headers"),
    ("expose_header", "expose_headers"),
    ("allow_credentials", "credentials"),
    ("supports_credentials", "credentials"),
    ("with_credentials", "credentials"),
    ("max_age_secs", "max_age"),
    ("maxage", "max_age"),
    ("max_age_seconds", "max_age"),
];

/// The Fetch Standard's forbidden request header names: scripts can never set these.
const FORBIDDEN_REQUEST_HEADERS: &[&str] = &[
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// CORS headers that only responses carry.
const RESPONSE_ONLY_CORS_HEADERS: &[&str] = &[
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-allow-private-network",
    "access-control-expose-headers",
    "access-control-max-age",
];

/// The methods browsers upper-case (Fetch Standard, "normalize a method"), plus PATCH.
const STANDARD_METHODS: &[&str] = &["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"];

/// The longest `max_age` any browser honours (Firefox; Chromium caps at 7200, WebKit at 600).
const MAX_AGE_CAP: u64 = 86_400;

pub(crate) fn validate(args: RawArgs, errors: &mut Errors) -> Option<Config> {
    let mut seen: Vec<&RawArg> = Vec::new();
    for arg in &args.args {
        let key = arg.key.to_string();
        if !KEYS.contains(&key.as_str()) {
            check_unknown_key(arg, errors);
            continue;
        }
        if seen.iter().any(|earlier| earlier.key == arg.key) {
            check_duplicate_key(arg, errors);
            continue;
        }
        seen.push(arg);
    }
    let find = |name: &str| seen.iter().copied().find(|arg| arg.key == name);

    let credentials = find("credentials").and_then(|arg| check_credentials(arg, errors));
    let credentials_arg = find("credentials").filter(|_| credentials == Some(true));

    let origins = match find("origins") {
        Some(arg) => check_origins(arg, credentials_arg, errors),
        None => {
            errors.error_at(
                Span::call_site(),
                "missing `origins`; add the origins allowed to read the responses, such as `origins = [\"https://app.example.com\"]`",
            );
            None
        }
    };
    let methods = match find("methods") {
        Some(arg) => check_methods(arg, credentials_arg, errors),
        None => {
            errors.error_at(
                Span::call_site(),
                "missing `methods`; add the methods this handler is routed with, such as `methods = [GET]`",
            );
            None
        }
    };
    let headers = match find("headers") {
        Some(arg) => check_headers(arg, credentials_arg, errors),
        None => Some(Wildcard::List(Vec::new())),
    };
    let expose_headers = match find("expose_headers") {
        Some(arg) => check_expose_headers(arg, credentials_arg, errors),
        None => Some(Wildcard::List(Vec::new())),
    };
    let max_age = match find("max_age") {
        Some(arg) => check_max_age(arg, errors),
        None => Some(None),
    };
    let module = match find("module") {
        Some(arg) => check_module(arg, errors),
        None => Some(None),
    };
    let form = match find("form") {
        Some(arg) => check_form(arg, errors).map(Some),
        None => Some(None),
    };

    Some(Config {
        origins: origins?,
        methods: methods?,
        headers: headers?,
        expose_headers: expose_headers?,
        credentials: credentials.unwrap_or(false),
        max_age: max_age?,
        module: module?,
        form: form?,
    })
}

// Every key is one of `KEYS`; a near miss or another library's name gets a suggestion.
fn check_unknown_key(arg: &RawArg, errors: &mut Errors) {
    let key = arg.key.to_string();
    let suggestion = ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .map(|(_, ours)| *ours)
        .or_else(|| {
            KEYS.iter()
                .map(|candidate| (strsim::damerau_levenshtein(&key, candidate), *candidate))
                .filter(|(distance, _)| *distance <= 2)
                .min()
                .map(|(_, candidate)| candidate)
        });
    let valid = KEYS
        .iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match suggestion {
        Some(ours) => errors.error(
            &arg.key,
            format!("unknown cors argument `{key}`; did you mean `{ours}`?"),
        ),
        None => errors.error(
            &arg.key,
            format!("unknown cors argument `{key}`; the arguments are {valid}"),
        ),
    }
}

// Each key appears once.
fn check_duplicate_key(arg: &RawArg, errors: &mut Errors) {
    errors.error(
        &arg.key,
        format!("duplicate cors argument `{}`; remove one of them", arg.key),
    );
}

fn value_of<'a>(arg: &'a RawArg, example: &str, errors: &mut Errors) -> Option<&'a RawValue> {
    if arg.value.is_none() {
        errors.error(
            &arg.key,
            format!("`{}` needs a value: `{example}`", arg.key),
        );
    }
    arg.value.as_ref()
}

fn list_of<'a>(arg: &'a RawArg, example: &str, errors: &mut Errors) -> Option<&'a RawList> {
    match value_of(arg, example, errors)? {
        RawValue::List(list) => Some(list),
        other => {
            errors.error(other, format!("`{}` takes a list: `{example}`", arg.key));
            None
        }
    }
}

// `credentials` is `true` or `false`.
fn check_credentials(arg: &RawArg, errors: &mut Errors) -> Option<bool> {
    match value_of(arg, "credentials = true", errors)? {
        RawValue::Bool(lit) => Some(lit.value),
        other => {
            errors.error(other, "`credentials` is `true` or `false`");
            None
        }
    }
}

/// The string items of a list; any other item is an error naming the expected form.
fn strings<'a>(
    list: &'a RawList,
    what: &str,
    example: &str,
    errors: &mut Errors,
) -> Vec<&'a LitStr> {
    let mut out = Vec::new();
    for item in &list.items {
        match item {
            RawItem::Str(lit) => out.push(lit),
            RawItem::Ident(ident) => errors.error(
                ident,
                format!("{what} are string literals: write `\"{ident}\"`, as in `{example}`"),
            ),
            RawItem::Other(tokens) => errors.error(
                tokens,
                format!("{what} are string literals, as in `{example}`"),
            ),
        }
    }
    out
}

fn conflict_with_credentials(
    star: &LitStr,
    key: &str,
    credentials: Option<&RawArg>,
    errors: &mut Errors,
) -> bool {
    // With credentials, browsers read `*` as a literal name, not a wildcard (Fetch Standard,
    // CORS check and "Access-Control-Allow-Headers"/"-Methods"/"-Expose-Headers").
    let Some(credentials) = credentials else {
        return false;
    };
    let (what, fix) = match key {
        "origins" => (
            "browsers refuse `Access-Control-Allow-Origin: *` on credentialed requests",
            "list the exact origins",
        ),
        "methods" => (
            "with credentials, browsers read `*` in `Access-Control-Allow-Methods` as a method named `*`",
            "list the methods",
        ),
        "headers" => (
            "with credentials, browsers read `*` in `Access-Control-Allow-Headers` as a header named `*`",
            "list the header names",
        ),
        _ => (
            "with credentials, browsers read `*` in `Access-Control-Expose-Headers` as a header named `*`",
            "list the header names",
        ),
    };
    errors.error(
        star,
        format!("`\"*\"` in `{key}` cannot be combined with `credentials = true`: {what}; {fix}"),
    );
    errors.error(
        credentials.tokens(),
        format!("`credentials = true` cannot be combined with `\"*\"` in `{key}`; {fix}, or remove `credentials`"),
    );
    true
}

/// Finds `"*"` in a list: alone it is a wildcard; beside other entries it is an error.
fn check_star(items: &[&LitStr], key: &str, errors: &mut Errors) -> Option<bool> {
    let stars: Vec<_> = items.iter().filter(|lit| lit.value() == "*").collect();
    if stars.is_empty() {
        return Some(false);
    }
    if items.len() > 1 {
        for star in stars {
            errors.error(
                star,
                format!("`\"*\"` in `{key}` means every value and cannot stand beside other entries; write `{key} = [\"*\"]` alone, or remove it"),
            );
        }
        return None;
    }
    Some(true)
}

// `origins` is `["*"]` or a non-empty list of distinct canonical origins, never `"null"`.
fn check_origins(
    arg: &RawArg,
    credentials: Option<&RawArg>,
    errors: &mut Errors,
) -> Option<Origins> {
    let example = "origins = [\"https://app.example.com\"]";
    let list = list_of(arg, example, errors)?;
    if list.items.is_empty() {
        errors.error_at(
            list.span,
            format!(
                "`origins` is empty, so no page could read the responses; list them: `{example}`"
            ),
        );
        return None;
    }
    let items = strings(list, "origins", example, errors);
    match check_star(&items, "origins", errors)? {
        true => {
            if conflict_with_credentials(items[0], "origins", credentials, errors) {
                return None;
            }
            return Some(Origins::Any);
        }
        false => {}
    }
    let mut seen = HashSet::new();
    let mut origins = Vec::new();
    let mut ok = true;
    for lit in items {
        let text = lit.value();
        if let Err(problem) = check_origin_text(&text) {
            errors.error(lit, origin_message(&text, &problem));
            ok = false;
            continue;
        }
        if !seen.insert(text.clone()) {
            errors.error(
                lit,
                format!("duplicate origin `{text}`; remove one of them"),
            );
            ok = false;
            continue;
        }
        origins.push(text);
    }
    (ok && items_ok(list)).then_some(Origins::Exact(origins))
}

fn items_ok(list: &RawList) -> bool {
    list.items
        .iter()
        .all(|item| matches!(item, RawItem::Str(_)))
}

fn origin_message(text: &str, problem: &OriginProblem) -> String {
    let fix = |origin: &str| format!("; browsers send `Origin: {origin}`: write \"{origin}\"");
    match problem {
        OriginProblem::Null => "`\"null\"` is not a safe origin: sandboxed iframes, `data:` and `file:` pages and redirected requests all send `Origin: null`, so trusting it trusts every site; remove it".to_string(),
        OriginProblem::Pattern => format!("`{text}` looks like a pattern, but origins match exactly; list each origin as browsers send it, such as \"https://app.example.com\""),
        OriginProblem::MissingScheme(fixed) => format!("`{text}` has no scheme{}", fix(fixed)),
        OriginProblem::TrailingSlash(fixed) => format!("an origin has no trailing `/`{}", fix(fixed)),
        OriginProblem::Path(fixed) => format!("an origin has no path, query or fragment{}", fix(fixed)),
        OriginProblem::Userinfo(fixed) => format!("an origin has no user name or password{}", fix(fixed)),
        OriginProblem::EmptyHost => format!("`{text}` has no host; write an origin such as \"https://app.example.com\""),
        OriginProblem::BadPort => format!("`{text}` has a port that is not a number from 1 to 65535"),
        OriginProblem::DefaultPort(fixed) => format!("browsers leave the default port out of `Origin`{}", fix(fixed)),
        OriginProblem::NotLowerCase(fixed) => format!("browsers send scheme and host in lower case and origins match byte for byte{}", fix(fixed)),
        OriginProblem::NonAsciiHost => format!("`{text}` has a non-ASCII host; browsers send internationalized hosts in their punycode form (`xn--...`): write that form"),
        OriginProblem::BadHost(character) => format!("`{text}` has `{character}` in its host, which no browser sends for a real host; write the host as browsers send it"),
        OriginProblem::NotCanonical(fixed) => format!("browsers send this address in its canonical form{}", fix(fixed)),
    }
}

// `methods` is `["*"]` (not with credentials) or a non-empty list of distinct method tokens that
// browsers can send in a preflight, written as browsers send them.
fn check_methods(
    arg: &RawArg,
    credentials: Option<&RawArg>,
    errors: &mut Errors,
) -> Option<Wildcard<Vec<String>>> {
    let example = "methods = [GET, POST]";
    let list = list_of(arg, example, errors)?;
    if list.items.is_empty() {
        errors.error_at(
            list.span,
            format!(
                "`methods` is empty; list the methods this handler is routed with: `{example}`"
            ),
        );
        return None;
    }
    let mut methods = Vec::new();
    let mut ok = true;
    let mut stars = Vec::new();
    for item in &list.items {
        let (text, span_tokens): (String, &dyn quote::ToTokens) = match item {
            RawItem::Ident(ident) => (ident.to_string(), ident),
            RawItem::Str(lit) => (lit.value(), lit),
            RawItem::Other(tokens) => {
                errors.error(tokens, format!("expected a method name, as in `{example}`"));
                ok = false;
                continue;
            }
        };
        if text == "*" {
            if let RawItem::Str(lit) = item {
                stars.push(lit);
            }
            continue;
        }
        if let Err(message) = check_method_text(&text) {
            errors.error(span_tokens, message);
            ok = false;
            continue;
        }
        if methods.contains(&text) {
            errors.error(
                span_tokens,
                format!("duplicate method `{text}`; remove one of them"),
            );
            ok = false;
            continue;
        }
        methods.push(text);
    }
    if let Some(star) = stars.first() {
        if list.items.len() > 1 {
            for star in &stars {
                errors.error(*star, "`\"*\"` in `methods` means every method and cannot stand beside other entries; write `methods = [\"*\"]` alone, or remove it");
            }
            return None;
        }
        if conflict_with_credentials(star, "methods", credentials, errors) {
            return None;
        }
        return Some(Wildcard::Any);
    }
    ok.then_some(Wildcard::List(methods))
}

fn check_method_text(text: &str) -> Result<(), String> {
    if text.is_empty() || !text.bytes().all(is_token_byte) {
        return Err(format!(
            "`{text}` is not a method name: methods are HTTP tokens, such as `GET` or `\"M-SEARCH\"`"
        ));
    }
    let upper = text.to_ascii_uppercase();
    if matches!(upper.as_str(), "CONNECT" | "TRACE" | "TRACK") {
        return Err(format!(
            "browsers never send `{upper}` from scripts (a forbidden method in the Fetch Standard); remove it"
        ));
    }
    if upper == "OPTIONS" {
        return Err(
            "`OPTIONS` is the preflight, which `#[cors]` answers itself; remove it".to_string(),
        );
    }
    if STANDARD_METHODS.contains(&upper.as_str()) && text != upper {
        return Err(format!(
            "methods match case-sensitively and browsers send `{upper}` (they upper-case DELETE, GET, HEAD, OPTIONS, POST and PUT, and send PATCH as the script writes it); write `{upper}`"
        ));
    }
    Ok(())
}

/// HTTP's `tchar` (RFC 9110, section 5.6.2).
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

// `headers` is `["*"]` (not with credentials) or distinct header names a script can set.
fn check_headers(
    arg: &RawArg,
    credentials: Option<&RawArg>,
    errors: &mut Errors,
) -> Option<Wildcard<Vec<String>>> {
    let example = "headers = [\"content-type\", \"x-api-key\"]";
    let list = list_of(arg, example, errors)?;
    let items = strings(list, "header names", example, errors);
    if check_star(&items, "headers", errors)? {
        if conflict_with_credentials(items[0], "headers", credentials, errors) {
            return None;
        }
        return Some(Wildcard::Any);
    }
    let mut names: Vec<String> = Vec::new();
    let mut ok = items_ok(list);
    for lit in items {
        let text = lit.value();
        let lower = text.to_ascii_lowercase();
        let problem = header_name_problem(&text).or_else(|| {
            if FORBIDDEN_REQUEST_HEADERS.contains(&lower.as_str())
                || lower.starts_with("proxy-")
                || lower.starts_with("sec-")
            {
                Some(format!("scripts can never set `{lower}` (a forbidden request header in the Fetch Standard: the browser sets it itself or refuses it); remove it"))
            } else if RESPONSE_ONLY_CORS_HEADERS.contains(&lower.as_str()) {
                Some(format!("`{lower}` is a response header: the server sends it, a request never does; remove it from `headers`"))
            } else {
                None
            }
        });
        if let Some(message) = problem {
            errors.error(lit, message);
            ok = false;
            continue;
        }
        if names.contains(&lower) {
            errors.error(lit, format!("duplicate header `{lower}` (names match case-insensitively); remove one of them"));
            ok = false;
            continue;
        }
        names.push(lower);
    }
    ok.then_some(Wildcard::List(names))
}

fn header_name_problem(text: &str) -> Option<String> {
    (text.is_empty() || !text.bytes().all(is_token_byte)).then(|| {
        format!("`{text}` is not a header name: names are HTTP tokens such as \"x-api-key\", without `:` or spaces")
    })
}

// `expose_headers` is `["*"]` (not with credentials) or distinct response header names that
// browsers can expose (never `set-cookie`).
fn check_expose_headers(
    arg: &RawArg,
    credentials: Option<&RawArg>,
    errors: &mut Errors,
) -> Option<Wildcard<Vec<String>>> {
    let example = "expose_headers = [\"x-request-id\"]";
    let list = list_of(arg, example, errors)?;
    let items = strings(list, "header names", example, errors);
    if check_star(&items, "expose_headers", errors)? {
        if conflict_with_credentials(items[0], "expose_headers", credentials, errors) {
            return None;
        }
        return Some(Wildcard::Any);
    }
    let mut names: Vec<String> = Vec::new();
    let mut ok = items_ok(list);
    for lit in items {
        let text = lit.value();
        let lower = text.to_ascii_lowercase();
        let problem = header_name_problem(&text).or_else(|| {
            matches!(lower.as_str(), "set-cookie" | "set-cookie2").then(|| {
                format!("browsers never expose `{lower}` to scripts, whatever the server says (Fetch Standard, forbidden response header); remove it")
            })
        });
        if let Some(message) = problem {
            errors.error(lit, message);
            ok = false;
            continue;
        }
        if names.contains(&lower) {
            errors.error(lit, format!("duplicate header `{lower}` (names match case-insensitively); remove one of them"));
            ok = false;
            continue;
        }
        names.push(lower);
    }
    ok.then_some(Wildcard::List(names))
}

// `max_age` is a whole number of seconds no browser caps below it: 0 to 86400.
fn check_max_age(arg: &RawArg, errors: &mut Errors) -> Option<Option<u32>> {
    let message = "`max_age` is a whole number of seconds from 0 to 86400, such as `max_age = 600`";
    match value_of(arg, "max_age = 600", errors)? {
        RawValue::Int(lit) => match lit.base10_parse::<u64>() {
            Ok(seconds) if seconds <= MAX_AGE_CAP => Some(Some(seconds as u32)),
            Ok(seconds) => {
                errors.error(lit, format!("`max_age = {seconds}` is longer than any browser caches a preflight (Chromium caps at 7200 s, Firefox at 86400 s, WebKit at 600 s); use at most 86400, or 7200 to match Chromium"));
                None
            }
            Err(_) => {
                errors.error(lit, message);
                None
            }
        },
        other => {
            errors.error(other, message);
            None
        }
    }
}

// `module` names the companion module, or `false` hides it.
fn check_module(arg: &RawArg, errors: &mut Errors) -> Option<Option<Module>> {
    match value_of(arg, "module = list_users_cors", errors)? {
        RawValue::Ident(ident) => Some(Some(Module::Named(ident.clone()))),
        RawValue::Bool(lit) if !lit.value => Some(Some(Module::Hidden)),
        RawValue::Bool(_) => Some(None),
        other => {
            errors.error(other, "`module` is a module name (`module = list_users_cors`) or `false` to hide the module");
            None
        }
    }
}

// `form` is `axum` or `http`.
fn check_form(arg: &RawArg, errors: &mut Errors) -> Option<Form> {
    match value_of(arg, "form = axum", errors)? {
        RawValue::Ident(ident) if ident == "axum" => Some(Form::Axum),
        RawValue::Ident(ident) if ident == "http" => Some(Form::Http),
        other => {
            errors.error(other, "`form` is `axum` (an axum handler with extractors) or `http` (a function of `http::Request<B>` returning `http::Response<B2>`)");
            None
        }
    }
}

// The attribute goes on a function that can be a handler: no `self`, no `const fn`, and for the
// plain `http` form exactly one argument; the form is the explicit one or detected.
pub(crate) fn check_handler(
    function: &syn::ItemFn,
    explicit_form: Option<Form>,
    errors: &mut Errors,
) -> Form {
    let signature = &function.sig;
    for input in &signature.inputs {
        if let syn::FnArg::Receiver(receiver) = input {
            errors.error(
                receiver,
                "`#[cors]` handlers take no `self`; write a free function or an associated function without a receiver",
            );
        }
    }
    if let Some(constness) = &signature.constness {
        errors.error(
            constness,
            "`#[cors]` handlers cannot be `const fn`; remove `const`",
        );
    }
    if let Some(variadic) = &signature.variadic {
        errors.error(variadic, "`#[cors]` handlers cannot be variadic");
    }
    let form = explicit_form.unwrap_or_else(|| detect_form(signature));
    match form {
        Form::Http if signature.inputs.len() != 1 => errors.error(
            &signature.inputs,
            "a plain `http` `#[cors]` handler takes exactly one `http::Request<B>`; for an axum handler with extractors, write `form = axum`",
        ),
        // axum implements `Handler` for functions of at most 16 arguments.
        Form::Axum if signature.inputs.len() > 16 => errors.error(
            signature.inputs.iter().nth(16),
            "axum handlers take at most 16 arguments; group extractors into a struct that derives `FromRequestParts`",
        ),
        _ => {}
    }
    form
}

/// `fn(Request<B>) -> Response<B2>` (or a `Result` of it) is the plain `http` form; anything
/// else is an axum handler. axum's own `Request` alias has no generic argument, so an axum
/// handler taking the whole request stays an axum handler.
fn detect_form(signature: &syn::Signature) -> Form {
    let takes_request = signature.inputs.len() == 1
        && signature.inputs.iter().all(|input| match input {
            syn::FnArg::Typed(typed) => last_segment_with_arguments(&typed.ty, "Request").is_some(),
            syn::FnArg::Receiver(_) => false,
        });
    let returns_response = match &signature.output {
        syn::ReturnType::Default => false,
        syn::ReturnType::Type(_, ty) => {
            last_segment_with_arguments(ty, "Response").is_some()
                || last_segment_with_arguments(ty, "Result").is_some_and(|arguments| {
                    arguments.args.first().is_some_and(|first| {
                        matches!(first, syn::GenericArgument::Type(inner)
                            if last_segment_with_arguments(inner, "Response").is_some())
                    })
                })
        }
    };
    if takes_request && returns_response {
        Form::Http
    } else {
        Form::Axum
    }
}

fn last_segment_with_arguments<'t>(
    ty: &'t syn::Type,
    name: &str,
) -> Option<&'t syn::AngleBracketedGenericArguments> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if segment.ident != name {
        return None;
    }
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(arguments) => Some(arguments),
        _ => None,
    }
}
