//! Every rule of the attribute, one `check_*` each: turns [`RawArgs`] into a [`Config`] that can
//! only hold legal values. Never stops at the first mistake.

use std::collections::HashSet;

use proc_macro2::Span;
use quote::ToTokens;
use syn::Ident;

use crate::args::{RawArg, RawArgs, RawItem, RawValue};
use crate::errors::Errors;
use cors_rules::{check_entry_text, OriginEntry};

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
    /// The `module` key as written, for errors about it.
    pub(crate) module_key: Option<Ident>,
    pub(crate) form: Option<Form>,
    pub(crate) allow_insecure_http: bool,
    /// `preflight_status = 200`: answer accepted preflights with 200 instead of 204.
    pub(crate) preflight_status_ok: bool,
    pub(crate) private_network: bool,
    /// Entries that are legal but change nothing, with why, spanned on the entry: `expand` can
    /// turn each into a warning (a used `#[deprecated]` item is the one warning a macro can
    /// emit on stable Rust).
    pub(crate) warnings: Vec<(Span, String)>,
}

pub(crate) enum Origins {
    Any,
    Listed(OriginSources),
}

/// Where a policy's origins come from, tried in this order at run time.
pub(crate) struct OriginSources {
    /// Every entry of `origins` as written, for `Policy::origins`.
    pub(crate) written: Vec<String>,
    pub(crate) exact: Vec<String>,
    /// `(prefix, suffix)` of each `scheme://*.base[:port]`.
    pub(crate) patterns: Vec<(String, String)>,
    /// `origins_env = "VARIABLE"`.
    pub(crate) env: Option<String>,
    /// `origin_fn = path::to::function`.
    pub(crate) predicate: Option<syn::Path>,
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
    /// Only when written: an actix-web handler looks like an axum one.
    Actix,
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
    "allow_insecure_http",
    "origins_env",
    "origin_fn",
    "preflight_status",
    "private_network",
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
    ("allow_http", "allow_insecure_http"),
    ("insecure_http", "allow_insecure_http"),
    ("allow_insecure_origins", "allow_insecure_http"),
    ("origins_from_env", "origins_env"),
    ("env_origins", "origins_env"),
    ("origin_env", "origins_env"),
    ("allow_origin_fn", "origin_fn"),
    ("origin_predicate", "origin_fn"),
    ("allow_origin_predicate", "origin_fn"),
    ("options_status", "preflight_status"),
    ("options_success_status", "preflight_status"),
    ("allow_private_network", "private_network"),
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

/// The response headers scripts can always read (Fetch Standard, "CORS-safelisted response-header
/// name"): exposing them changes nothing.
const SAFELISTED_RESPONSE_HEADERS: &[&str] = &[
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// The methods browsers upper-case (Fetch Standard, "normalize a method"), plus PATCH.
const STANDARD_METHODS: &[&str] = &["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"];

/// The longest `max_age` any browser honours (Firefox; Chromium caps at 7200, WebKit at 600).
const MAX_AGE_CAP: u64 = 86_400;

pub(crate) fn validate(args: RawArgs, errors: &mut Errors) -> Option<Config> {
    // Each key's text, read once: comparing an `Ident` with a string asks the compiler for the
    // ident's text every time, and the lookups below make dozens of comparisons per handler.
    let mut seen: Vec<(String, &RawArg)> = Vec::new();
    let mut unknown_keys = false;
    for arg in &args.args {
        let key = arg.key.to_string();
        if !KEYS.contains(&key.as_str()) {
            check_unknown_key(arg, errors);
            unknown_keys = true;
            continue;
        }
        if seen.iter().any(|(earlier, _)| *earlier == key) {
            check_duplicate_key(arg, errors);
            continue;
        }
        seen.push((key, arg));
    }
    let find = |name: &str| {
        seen.iter()
            .find(|(key, _)| key == name)
            .map(|&(_, arg)| arg)
    };
    let mut warnings = Vec::new();

    let credentials = find("credentials").map(|arg| check_credentials(arg, errors));
    let allow_insecure_http =
        find("allow_insecure_http").map(|arg| check_allow_insecure_http(arg, errors));
    let context = Context {
        credentials: find("credentials").filter(|_| credentials == Some(Some(true))),
        // An opt-in with a wrong value counts as given: its own error is the one to fix.
        allow_insecure_http: find("allow_insecure_http")
            .filter(|_| matches!(allow_insecure_http, Some(Some(true) | None))),
        reads_env: find("origins_env").is_some(),
    };

    // A missing key is not reported beside an unknown one: the unknown key is most likely the
    // missing one misspelled (`origin`), and its error lists the keys.
    let env = find("origins_env").map(|arg| check_origins_env(arg, errors));
    let predicate = find("origin_fn").map(|arg| check_origin_fn(arg, errors));
    let origins = match find("origins") {
        Some(arg) => check_origins(arg, &context, errors, &mut warnings),
        None if unknown_keys => None,
        // Origins from the environment or a predicate alone are a policy too.
        None if env.is_some() || predicate.is_some() => Some(Origins::Listed(OriginSources {
            written: Vec::new(),
            exact: Vec::new(),
            patterns: Vec::new(),
            env: None,
            predicate: None,
        })),
        None => {
            errors.error_at(
                Span::call_site(),
                "missing `origins`; add the origins allowed to read the responses, such as `origins = [\"https://app.example.com\"]` (or `origins_env = \"CORS_ORIGINS\"` to read them at startup)",
            );
            None
        }
    };
    let origins = match origins {
        Some(Origins::Listed(mut sources)) => {
            sources.env = env.clone().flatten();
            sources.predicate = predicate.clone().flatten();
            (env.as_ref().is_none_or(Option::is_some)
                && predicate.as_ref().is_none_or(Option::is_some))
            .then_some(Origins::Listed(sources))
        }
        Some(Origins::Any) => check_wildcard_alone(
            find("origins"),
            &[find("origins_env"), find("origin_fn")],
            errors,
        )
        .then_some(Origins::Any),
        None => None,
    };
    let private_network =
        find("private_network").map(|arg| check_bool(arg, "private_network = true", errors));
    let private_network = match private_network {
        Some(Some(true)) if matches!(origins, Some(Origins::Any)) => {
            check_private_network_with_wildcard(find("origins"), find("private_network"), errors);
            None
        }
        Some(value) => value,
        None => Some(false),
    };
    let preflight_status_ok = match find("preflight_status") {
        Some(arg) => check_preflight_status(arg, errors),
        None => Some(false),
    };
    let methods = match find("methods") {
        Some(arg) => check_methods(arg, &context, errors),
        None if unknown_keys => None,
        None => {
            errors.error_at(
                Span::call_site(),
                "missing `methods`; add the methods this handler is routed with, such as `methods = [GET]`",
            );
            None
        }
    };
    let headers = match find("headers") {
        Some(arg) => check_headers(arg, &context, errors),
        None => Some(Wildcard::List(Vec::new())),
    };
    let expose_headers = match find("expose_headers") {
        Some(arg) => check_expose_headers(arg, &context, errors, &mut warnings),
        None => Some(Wildcard::List(Vec::new())),
    };
    let max_age = match find("max_age") {
        Some(arg) => check_max_age(arg, errors),
        None => Some(None),
    };
    let module_key = find("module").map(|arg| arg.key.clone());
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
        credentials: credentials.unwrap_or(Some(false))?,
        max_age: max_age?,
        module: module?,
        module_key,
        form: form?,
        allow_insecure_http: matches!(allow_insecure_http, Some(Some(true))),
        preflight_status_ok: preflight_status_ok?,
        private_network: private_network?,
        warnings,
    })
}

/// The keys that other rules depend on, read first.
struct Context<'a> {
    /// `credentials = true`, for the errors about what it cannot go with.
    credentials: Option<&'a RawArg>,
    /// `allow_insecure_http = true`.
    allow_insecure_http: Option<&'a RawArg>,
    /// `origins_env` is given.
    reads_env: bool,
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
            format!(
                "unknown cors argument `{key}`; did you mean `{ours}`? the arguments are {valid}"
            ),
        ),
        None => errors.error(
            &arg.key,
            format!("unknown cors argument `{key}`; the arguments are {valid}"),
        ),
    }
}

// Each key appears once; the second one is the mistake.
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

// `credentials` is `true` or `false`.
fn check_credentials(arg: &RawArg, errors: &mut Errors) -> Option<bool> {
    check_bool(arg, "credentials = true", errors)
}

// `allow_insecure_http` is `true` or `false`.
fn check_allow_insecure_http(arg: &RawArg, errors: &mut Errors) -> Option<bool> {
    check_bool(arg, "allow_insecure_http = true", errors)
}

fn check_bool(arg: &RawArg, example: &str, errors: &mut Errors) -> Option<bool> {
    let key = &arg.key;
    match value_of(arg, example, errors)? {
        RawValue::Bool(lit) => Some(lit.value),
        RawValue::Str(lit) if matches!(lit.value().as_str(), "true" | "false") => {
            errors.error(
                lit,
                format!(
                    "`{key}` is a bool, not a string: write `{key} = {}`",
                    lit.value()
                ),
            );
            None
        }
        other => {
            errors.error(other, format!("`{key}` is `true` or `false`"));
            None
        }
    }
}

/// One entry of a list, as written.
struct Entry {
    text: String,
    span: Span,
}

/// How a list key reads its items.
struct ListSpec {
    /// The items' name in messages: "origins", "methods", "header names".
    items: &'static str,
    /// What `"*"` stands for: "every origin".
    every: &'static str,
    example: &'static str,
    /// Whether bare names are items too, as `GET` is for methods.
    bare_names: bool,
    /// The error for an empty list, where an empty list is an error.
    empty: Option<&'static str>,
}

/// A list's entries with `"*"` taken apart.
struct ListRead {
    /// `"*"`, when it is the only entry.
    star: Option<Span>,
    entries: Vec<Entry>,
    /// No item was wrong.
    ok: bool,
}

/// The entries of a list key. Items of the wrong kind and a `"*"` beside other entries are
/// errors; the other entries are still returned, so that their own mistakes are reported too.
fn read_list(arg: &RawArg, spec: &ListSpec, errors: &mut Errors) -> Option<ListRead> {
    let key = &arg.key;
    let list = match value_of(arg, spec.example, errors)? {
        RawValue::List(list) => list,
        RawValue::Str(lit) => {
            let written = lit.to_token_stream();
            errors.error(
                lit,
                format!("`{key}` takes a list: write `{key} = [{written}]`"),
            );
            return None;
        }
        RawValue::Ident(ident) if spec.bare_names => {
            errors.error(
                ident,
                format!("`{key}` takes a list: write `{key} = [{ident}]`"),
            );
            return None;
        }
        other => {
            errors.error(
                other,
                format!("`{key}` takes a list, as in `{}`", spec.example),
            );
            return None;
        }
    };
    if list.items.is_empty() {
        return match spec.empty {
            Some(message) => {
                errors.error_at(list.span, message);
                None
            }
            None => Some(ListRead {
                star: None,
                entries: Vec::new(),
                ok: true,
            }),
        };
    }
    let mut ok = true;
    let mut entries = Vec::new();
    for item in &list.items {
        match item {
            RawItem::Str(lit) => entries.push(Entry {
                text: lit.value(),
                span: lit.span(),
            }),
            RawItem::Ident(ident) if spec.bare_names => entries.push(Entry {
                text: ident.to_string(),
                span: ident.span(),
            }),
            RawItem::Ident(ident) => {
                ok = false;
                let message = if *key == "origins" {
                    format!("origins are string literals, such as `\"https://app.example.com\"`; the attribute checks them at compile time, so it cannot read a constant such as `{ident}`")
                } else {
                    let name = ident.to_string().replace('_', "-");
                    format!("{} are string literals: write `\"{name}\"`", spec.items)
                };
                errors.error(ident, message);
            }
            RawItem::Other(tokens) => {
                ok = false;
                let written: String = tokens.to_string().split_whitespace().collect();
                let message = if written == "*" {
                    format!("write `\"*\"` for {}, as a string", spec.every)
                } else if *key != "origins"
                    && !written.is_empty()
                    && written.bytes().all(is_token_byte)
                {
                    format!("`{written}` is not a Rust identifier, so write it as a string: `\"{written}\"`")
                } else {
                    format!("expected {}, as in `{}`", spec.items, spec.example)
                };
                errors.error(tokens, message);
            }
        }
    }
    entries.retain(|entry| {
        if entry.text.trim().is_empty() {
            errors.error_at(
                entry.span,
                format!("an empty string is none of the {}; remove it", spec.items),
            );
            ok = false;
        }
        !entry.text.trim().is_empty()
    });
    let star_count = entries.iter().filter(|entry| entry.text == "*").count();
    if star_count > 0 && entries.len() > 1 {
        for star in entries.iter().filter(|entry| entry.text == "*") {
            errors.error_at(
                star.span,
                format!("`\"*\"` in `{key}` means {} and cannot stand beside other entries; write `{key} = [\"*\"]` alone, or remove it", spec.every),
            );
        }
        ok = false;
    }
    let star = (star_count == 1 && entries.len() == 1).then(|| entries[0].span);
    entries.retain(|entry| entry.text != "*");
    Some(ListRead { star, entries, ok })
}

// With credentials, `*` is no wildcard: browsers refuse `Access-Control-Allow-Origin: *` on a
// credentialed request, and read `*` in `-Allow-Methods`, `-Allow-Headers` and `-Expose-Headers`
// as a literal name (Fetch Standard, "CORS check" and the headers' definitions). Both tokens
// are spanned: either can be the one to change.
fn check_star_with_credentials(
    star: Span,
    key: &str,
    context: &Context<'_>,
    errors: &mut Errors,
) -> bool {
    let Some(credentials) = context.credentials else {
        return true;
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
    errors.error_at(
        star,
        format!("`\"*\"` in `{key}` cannot be combined with `credentials = true`: {what}; {fix}"),
    );
    errors.error(
        credentials.tokens(),
        format!("`credentials = true` cannot be combined with `\"*\"` in `{key}`; {fix}, or remove `credentials`"),
    );
    false
}

const ORIGINS: ListSpec = ListSpec {
    items: "origins",
    every: "every origin",
    example: "origins = [\"https://app.example.com\"]",
    bare_names: false,
    empty: Some("`origins` is empty, so no page could read the responses; list them: `origins = [\"https://app.example.com\"]`"),
};

// `origins` is `["*"]` (not with credentials) or a non-empty list of distinct entries, each an
// origin byte for byte as a browser sends it or a pattern `scheme://*.registrable-domain[:port]`,
// never `"null"`, and with credentials never plain `http` beyond this machine unless
// `allow_insecure_http = true`. The rules live in `cors_rules`, which also checks the origins a
// policy reads from the environment at startup.
fn check_origins(
    arg: &RawArg,
    context: &Context<'_>,
    errors: &mut Errors,
    warnings: &mut Vec<(Span, String)>,
) -> Option<Origins> {
    let read = read_list(arg, &ORIGINS, errors)?;
    let mut ok = read.ok;
    if let Some(star) = read.star {
        ok &= check_star_with_credentials(star, "origins", context, errors);
        check_insecure_http_is_used(&[], context, warnings);
        return ok.then_some(Origins::Any);
    }
    let mut seen = HashSet::new();
    let mut origins = Vec::new();
    for entry in read.entries {
        let parsed = match check_entry_text(&entry.text) {
            Ok(parsed) => parsed,
            Err(problem) => {
                errors.error_at(entry.span, cors_rules::message(&entry.text, &problem));
                ok = false;
                continue;
            }
        };
        if !seen.insert(entry.text.clone()) {
            errors.error_at(
                entry.span,
                format!("duplicate origin `{}`; remove one of them", entry.text),
            );
            ok = false;
            continue;
        }
        origins.push((entry, parsed));
    }
    ok &= check_plain_http_with_credentials(&origins, context, errors);
    check_insecure_http_is_used(&origins, context, warnings);
    let mut sources = OriginSources {
        written: Vec::new(),
        exact: Vec::new(),
        patterns: Vec::new(),
        env: None,
        predicate: None,
    };
    for (entry, parsed) in origins {
        sources.written.push(entry.text);
        match parsed {
            OriginEntry::Exact(origin) => sources.exact.push(origin),
            OriginEntry::Pattern { prefix, suffix } => sources.patterns.push((prefix, suffix)),
        }
    }
    ok.then_some(Origins::Listed(sources))
}

// With credentials, a plain-`http` origin other than this machine's is an error on the origin
// and on `credentials = true`: anyone on the network path (public Wi-Fi, a hostile ISP) can
// answer for `http://app.example.com`, run script as that origin and read the user's
// credentialed responses. `allow_insecure_http = true` accepts the risk.
fn check_plain_http_with_credentials(
    origins: &[(Entry, OriginEntry)],
    context: &Context<'_>,
    errors: &mut Errors,
) -> bool {
    let (Some(credentials), None) = (context.credentials, context.allow_insecure_http) else {
        return true;
    };
    let forgeable: Vec<&Entry> = origins
        .iter()
        .filter(|(_, parsed)| parsed.is_forgeable_plain_http())
        .map(|(entry, _)| entry)
        .collect();
    let Some(first) = forgeable.first() else {
        return true;
    };
    for entry in &forgeable {
        errors.error_at(entry.span, cors_rules::insecure_http_message(&entry.text));
    }
    let more = match forgeable.len() {
        1 => String::new(),
        count => format!(" and {} more", count - 1),
    };
    errors.error(
        credentials.tokens(),
        format!("`credentials = true` cannot be combined with the plain-http origin `{}`{more}: a network attacker can forge it and read the user's data; use https origins, remove `credentials`, or add `allow_insecure_http = true` to accept the risk", first.text),
    );
    false
}

// `allow_insecure_http = true` without credentials or without a plain-http origin beyond this
// machine changes nothing: a warning, so that a leftover opt-in does not hide a later one.
// Origins from the environment may need it, so with `origins_env` it is never pointless.
fn check_insecure_http_is_used(
    origins: &[(Entry, OriginEntry)],
    context: &Context<'_>,
    warnings: &mut Vec<(Span, String)>,
) {
    let Some(opt_in) = context.allow_insecure_http else {
        return;
    };
    let used = context.credentials.is_some()
        && (context.reads_env
            || origins
                .iter()
                .any(|(_, parsed)| parsed.is_forgeable_plain_http()));
    if !used {
        warnings.push((
            opt_in.key.span(),
            "`allow_insecure_http = true` has no effect: it only permits plain-http origins (other than localhost) together with `credentials = true`; remove it".to_string(),
        ));
    }
}

// `origins_env` names an environment variable: letters, digits and `_`, not starting with a
// digit, so that it can be set from any shell.
fn check_origins_env(arg: &RawArg, errors: &mut Errors) -> Option<String> {
    let example = "origins_env = \"CORS_ORIGINS\"";
    match value_of(arg, example, errors)? {
        RawValue::Str(lit) => {
            let name = lit.value();
            let valid = name
                .bytes()
                .next()
                .is_some_and(|first| !first.is_ascii_digit())
                && name
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
            if valid {
                Some(name)
            } else {
                errors.error(lit, format!("`{name}` is not an environment variable name: use letters, digits and `_`, as in `{example}`"));
                None
            }
        }
        RawValue::Ident(ident) => {
            errors.error(ident, format!("`origins_env` takes the variable's name as a string: write `origins_env = \"{ident}\"`"));
            None
        }
        other => {
            errors.error(
                other,
                format!("`origins_env` takes the variable's name as a string, as in `{example}`"),
            );
            None
        }
    }
}

// `origin_fn` is the path of a function `fn(&str) -> bool`.
fn check_origin_fn(arg: &RawArg, errors: &mut Errors) -> Option<syn::Path> {
    let example = "origin_fn = tenants::is_allowed_origin";
    let tokens = match value_of(arg, example, errors)? {
        RawValue::Ident(ident) => ident.to_token_stream(),
        RawValue::Other(tokens) => tokens.clone(),
        other => {
            errors.error(other, format!("`origin_fn` takes the path of a function `fn(&str) -> bool`, as in `{example}`"));
            return None;
        }
    };
    match syn::parse2::<syn::Path>(tokens.clone()) {
        Ok(path) => Some(path),
        Err(_) => {
            errors.error(tokens, format!("`origin_fn` takes the path of a function `fn(&str) -> bool`, as in `{example}`; for a closure, name a function that calls it"));
            None
        }
    }
}

// `origins = ["*"]` already admits every origin: another source beside it is a mistake, and a
// predicate's answer must never turn into a reflected wildcard.
fn check_wildcard_alone(
    origins: Option<&RawArg>,
    others: &[Option<&RawArg>],
    errors: &mut Errors,
) -> bool {
    let mut alone = true;
    for other in others.iter().flatten() {
        alone = false;
        errors.error(
            other.tokens(),
            format!("`{}` cannot be combined with `origins = [\"*\"]`, which already admits every origin; list exact origins or patterns in `origins` instead of `\"*\"`", other.key),
        );
    }
    if let (false, Some(origins)) = (alone, origins) {
        errors.error(origins.tokens(), "`origins = [\"*\"]` cannot be combined with other origin sources; list exact origins or patterns instead");
    }
    alone
}

// Private Network Access lets a public page reach this machine's network; with `*` any site on
// the internet could. An opt-in for listed origins only.
fn check_private_network_with_wildcard(
    origins: Option<&RawArg>,
    private_network: Option<&RawArg>,
    errors: &mut Errors,
) {
    if let Some(private_network) = private_network {
        errors.error(private_network.tokens(), "`private_network = true` cannot be combined with `origins = [\"*\"]`: every site on the internet could then reach this private-network service; list the origins that may");
    }
    if let Some(origins) = origins {
        errors.error(origins.tokens(), "`origins = [\"*\"]` cannot be combined with `private_network = true`; list the origins that may reach this private-network service");
    }
}

// `preflight_status` is 204 (the default) or 200, for old clients that reject a 204.
fn check_preflight_status(arg: &RawArg, errors: &mut Errors) -> Option<bool> {
    match value_of(arg, "preflight_status = 200", errors)? {
        RawValue::Int(lit) => match lit.base10_parse::<u16>() {
            Ok(200) => Some(true),
            Ok(204) => Some(false),
            _ => {
                errors.error(lit, "`preflight_status` is 204 (the default) or 200, for clients that reject a preflight answered with 204; browsers accept any 2xx");
                None
            }
        },
        other => {
            errors.error(
                other,
                "`preflight_status` is 204 (the default) or 200, as in `preflight_status = 200`",
            );
            None
        }
    }
}

const METHODS: ListSpec = ListSpec {
    items: "method names",
    every: "every method",
    example: "methods = [GET, POST]",
    bare_names: true,
    empty: Some(
        "`methods` is empty; list the methods this handler is routed with: `methods = [GET, POST]`",
    ),
};

// `methods` is `["*"]` (not with credentials) or a non-empty list of distinct method tokens that
// browsers can send in a preflight, written as browsers send them.
fn check_methods(
    arg: &RawArg,
    context: &Context<'_>,
    errors: &mut Errors,
) -> Option<Wildcard<Vec<String>>> {
    let read = read_list(arg, &METHODS, errors)?;
    let mut ok = read.ok;
    if let Some(star) = read.star {
        ok &= check_star_with_credentials(star, "methods", context, errors);
        return ok.then_some(Wildcard::Any);
    }
    let mut methods: Vec<String> = Vec::new();
    for entry in read.entries {
        if let Err(message) = check_method_text(&entry.text) {
            errors.error_at(entry.span, message);
            ok = false;
            continue;
        }
        if methods.contains(&entry.text) {
            errors.error_at(
                entry.span,
                format!("duplicate method `{}`; remove one of them", entry.text),
            );
            ok = false;
            continue;
        }
        methods.push(entry.text);
    }
    ok.then_some(Wildcard::List(methods))
}

fn check_method_text(text: &str) -> Result<(), String> {
    if let Some(entries) = several_in_one(text) {
        let entries = entries.join(", ");
        return Err(format!(
            "`{text}` is several methods in one entry; list each as its own entry: `{entries}`"
        ));
    }
    if text.is_empty() || !text.bytes().all(is_token_byte) {
        return Err(format!(
            "`{text}` is not a method name: methods are HTTP tokens, such as `GET` or `\"M-SEARCH\"`, without spaces or separators"
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

/// `"GET, POST"` or `"x-a x-b"`: tokens separated by commas or spaces.
fn several_in_one(text: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = text
        .split([',', ' '])
        .filter(|part| !part.is_empty())
        .collect();
    let several = parts.len() > 1 && parts.iter().all(|part| part.bytes().all(is_token_byte));
    several.then_some(parts)
}

/// HTTP's `tchar` (RFC 9110, section 5.6.2).
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

const HEADERS: ListSpec = ListSpec {
    items: "header names",
    every: "every header",
    example: "headers = [\"content-type\", \"x-api-key\"]",
    bare_names: false,
    empty: None,
};

// `headers` is `["*"]` (not with credentials) or distinct header names a script can set.
fn check_headers(
    arg: &RawArg,
    context: &Context<'_>,
    errors: &mut Errors,
) -> Option<Wildcard<Vec<String>>> {
    let read = read_list(arg, &HEADERS, errors)?;
    let mut ok = read.ok;
    if let Some(star) = read.star {
        ok &= check_star_with_credentials(star, "headers", context, errors);
        return ok.then_some(Wildcard::Any);
    }
    let mut names: Vec<String> = Vec::new();
    for entry in read.entries {
        let lower = entry.text.to_ascii_lowercase();
        let problem = header_name_problem(&entry.text).or_else(|| {
            if FORBIDDEN_REQUEST_HEADERS.contains(&lower.as_str())
                || lower.starts_with("proxy-")
                || lower.starts_with("sec-")
            {
                let cookies = if lower.starts_with("cookie") {
                    " (cookies go along when the page asks for credentials and the policy has `credentials = true`)"
                } else {
                    ""
                };
                Some(format!("scripts can never set `{lower}`: the browser sets it itself or refuses it (a forbidden request header in the Fetch Standard); remove it{cookies}"))
            } else if RESPONSE_ONLY_CORS_HEADERS.contains(&lower.as_str()) {
                Some(format!("`{lower}` is a response header: the server sends it, a request never does; remove it from `headers`"))
            } else {
                None
            }
        });
        if let Some(message) = problem {
            errors.error_at(entry.span, message);
            ok = false;
            continue;
        }
        if names.contains(&lower) {
            errors.error_at(entry.span, format!("duplicate header `{lower}` (names match case-insensitively); remove one of them"));
            ok = false;
            continue;
        }
        names.push(lower);
    }
    ok.then_some(Wildcard::List(names))
}

fn header_name_problem(text: &str) -> Option<String> {
    if !text.is_empty() && text.bytes().all(is_token_byte) {
        return None;
    }
    if let Some(entries) = several_in_one(text) {
        let entries = entries
            .iter()
            .map(|name| format!("\"{name}\""))
            .collect::<Vec<_>>()
            .join(", ");
        return Some(format!(
            "`{text}` is several header names in one entry; list each as its own entry: {entries}"
        ));
    }
    Some(match text.split_once(':') {
        Some((name, _)) if !name.trim().is_empty() && name.trim().bytes().all(is_token_byte) => {
            format!("`{text}` is not a header name: list the name alone, without a value: \"{}\"", name.trim())
        }
        _ => format!("`{text}` is not a header name: names are HTTP tokens such as \"x-api-key\", without `:` or spaces"),
    })
}

const EXPOSE_HEADERS: ListSpec = ListSpec {
    items: "header names",
    every: "every header",
    example: "expose_headers = [\"x-request-id\"]",
    bare_names: false,
    empty: None,
};

// `expose_headers` is `["*"]` (not with credentials) or distinct response header names that
// browsers can expose (never `set-cookie`); the ones always exposed are warned about.
fn check_expose_headers(
    arg: &RawArg,
    context: &Context<'_>,
    errors: &mut Errors,
    warnings: &mut Vec<(Span, String)>,
) -> Option<Wildcard<Vec<String>>> {
    let read = read_list(arg, &EXPOSE_HEADERS, errors)?;
    let mut ok = read.ok;
    if let Some(star) = read.star {
        ok &= check_star_with_credentials(star, "expose_headers", context, errors);
        return ok.then_some(Wildcard::Any);
    }
    let mut names: Vec<String> = Vec::new();
    for entry in read.entries {
        let lower = entry.text.to_ascii_lowercase();
        let problem = header_name_problem(&entry.text).or_else(|| {
            matches!(lower.as_str(), "set-cookie" | "set-cookie2").then(|| {
                format!("browsers never expose `{lower}` to scripts, whatever the server says (a forbidden response header name in the Fetch Standard); remove it")
            })
        });
        if let Some(message) = problem {
            errors.error_at(entry.span, message);
            ok = false;
            continue;
        }
        if names.contains(&lower) {
            errors.error_at(entry.span, format!("duplicate header `{lower}` (names match case-insensitively); remove one of them"));
            ok = false;
            continue;
        }
        if SAFELISTED_RESPONSE_HEADERS.contains(&lower.as_str()) {
            warnings.push((
                entry.span,
                format!("`{lower}` is always readable by scripts (a CORS-safelisted response header), so listing it in `expose_headers` changes nothing; remove it"),
            ));
        }
        names.push(lower);
    }
    ok.then_some(Wildcard::List(names))
}

// `max_age` is a whole number of seconds no browser caps below it: 0 to 86400.
fn check_max_age(arg: &RawArg, errors: &mut Errors) -> Option<Option<u32>> {
    let message = "`max_age` is a whole number of seconds from 0 to 86400, such as `max_age = 600`";
    match value_of(arg, "max_age = 600", errors)? {
        RawValue::Int(lit) => match lit.base10_parse::<u32>() {
            Ok(seconds) if u64::from(seconds) <= MAX_AGE_CAP => Some(Some(seconds)),
            Ok(_) | Err(_)
                if lit
                    .base10_digits()
                    .bytes()
                    .all(|byte| byte.is_ascii_digit()) =>
            {
                let seconds = lit.base10_digits();
                errors.error(lit, format!("`max_age = {seconds}` is longer than any browser caches a preflight (Chromium caps at 7200 s, Firefox at 86400 s, WebKit at 600 s); use at most 86400, or 7200 to match Chromium"));
                None
            }
            _ => {
                errors.error(lit, message);
                None
            }
        },
        RawValue::Str(lit) if lit.value().parse::<u32>().is_ok() => {
            errors.error(
                lit,
                format!(
                    "`max_age` is a number, not a string: write `max_age = {}`",
                    lit.value()
                ),
            );
            None
        }
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
        RawValue::Str(lit) if syn::parse_str::<Ident>(&lit.value()).is_ok() => {
            errors.error(
                lit,
                format!(
                    "`module` is a name, not a string: write `module = {}`",
                    lit.value()
                ),
            );
            None
        }
        other => {
            errors.error(other, "`module` is a module name (`module = list_users_cors`) or `false` to hide the module");
            None
        }
    }
}

// `form` is `axum`, `actix` or `http`.
fn check_form(arg: &RawArg, errors: &mut Errors) -> Option<Form> {
    match value_of(arg, "form = axum", errors)? {
        RawValue::Ident(ident) if ident == "axum" => Some(Form::Axum),
        RawValue::Ident(ident) if ident == "http" => Some(Form::Http),
        RawValue::Ident(ident) if ident == "actix" => Some(Form::Actix),
        other => {
            errors.error(other, "`form` is `axum` (an axum handler with extractors), `actix` (an actix-web handler with extractors) or `http` (a function of `http::Request<B>` returning `http::Response<B2>`)");
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
        // actix-web implements `Handler` for functions of at most 16 arguments.
        Form::Actix if signature.inputs.len() > 16 => errors.error(
            signature.inputs.iter().nth(16),
            "actix-web handlers take at most 16 arguments; group extractors into a struct that implements `FromRequest`",
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
            syn::FnArg::Typed(typed) => names_generic(&typed.ty, "Request", None),
            syn::FnArg::Receiver(_) => false,
        });
    let returns_response = || match &signature.output {
        syn::ReturnType::Default => false,
        syn::ReturnType::Type(_, ty) => {
            names_generic(ty, "Response", None) || names_generic(ty, "Result", Some("Response"))
        }
    };
    if takes_request && returns_response() {
        Form::Http
    } else {
        Form::Axum
    }
}

/// Whether `ty` is a path whose last segment is `name` with angle-bracketed arguments, and with
/// `first`, whether its first argument is a type of that shape named `first`. A type the
/// signature kept as written (`head::read`) is read from its tokens, or parsed when they are
/// not a plain path.
fn names_generic(ty: &syn::Type, name: &str, first: Option<&str>) -> bool {
    let parsed;
    let ty = match ty {
        syn::Type::Verbatim(tokens) => {
            let trees: Vec<proc_macro2::TokenTree> = tokens.clone().into_iter().collect();
            if let Some(answer) = crate::head::names_generic(&trees, name, first) {
                return answer;
            }
            match syn::parse2::<syn::Type>(tokens.clone()) {
                Ok(tree) => {
                    parsed = tree;
                    &parsed
                }
                Err(_) => return false,
            }
        }
        _ => ty,
    };
    last_segment_with_arguments(ty, name).is_some_and(|arguments| match first {
        None => true,
        Some(inner) => arguments.args.first().is_some_and(|argument| {
            matches!(argument, syn::GenericArgument::Type(argument)
                if last_segment_with_arguments(argument, inner).is_some())
        }),
    })
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

#[cfg(test)]
mod tests {
    use quote::quote;

    /// The form's types read from their tokens and from syn's tree give the same answers, and
    /// the plain paths are answered from the tokens.
    #[test]
    fn generic_types_read_from_tokens_as_syn_reads_them() {
        let cases = [
            (quote! { Request<()> }, "Request", None, true),
            (quote! { http::Request<B> }, "Request", None, true),
            (quote! { ::http::Request<Incoming> }, "Request", None, true),
            (quote! { Request::<B> }, "Request", None, true),
            (quote! { Request }, "Request", None, true),
            (quote! { &Request<B> }, "Request", None, false),
            (quote! { Vec<Request<B>> }, "Request", None, true),
            (
                quote! { Response<Box<dyn Fn(u8) -> u8>> },
                "Response",
                None,
                true,
            ),
            (
                quote! { Result<Response<String>, Infallible> },
                "Result",
                Some("Response"),
                true,
            ),
            (
                quote! { Result<http::Response<Vec<u8>>, E> },
                "Result",
                Some("Response"),
                true,
            ),
            (
                quote! { Result<String, Response<X>> },
                "Result",
                Some("Response"),
                true,
            ),
            (
                quote! { Result<Json<u8>> },
                "Result",
                Some("Response"),
                true,
            ),
            (quote! { a::B<C>::Request<D> }, "Request", None, false),
            (quote! { <T as X>::Request<B> }, "Request", None, false),
        ];
        for (tokens, name, first, plain) in cases {
            let trees: Vec<proc_macro2::TokenTree> = tokens.clone().into_iter().collect();
            let by_tokens = crate::head::names_generic(&trees, name, first);
            let tree: syn::Type = syn::parse2(tokens.clone()).expect("a type");
            let by_syn = super::names_generic(&tree, name, first);
            assert_eq!(by_tokens.is_some(), plain, "{tokens}");
            if let Some(answer) = by_tokens {
                assert_eq!(answer, by_syn, "{tokens}");
            }
            let verbatim = syn::Type::Verbatim(tokens.clone());
            assert_eq!(
                super::names_generic(&verbatim, name, first),
                by_syn,
                "{tokens}"
            );
        }
    }
}
