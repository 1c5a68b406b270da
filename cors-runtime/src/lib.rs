//! Compile-time checked CORS for axum and plain [`http`] handlers.
//!
//! Put `#[cors(...)]` on a handler and the attribute generates, at compile time, the handler
//! with CORS headers on every response it makes (extractor rejections and errors included) and
//! the preflight (`OPTIONS`) handler for its path. A configuration that cannot work, or that
//! opens a hole, does not compile; a correct one costs a few comparisons per request.
//!
//! ```
//! use axum::{routing::get, Router};
//! use cors_runtime::cors;
//!
//! #[cors(
//!     origins = ["https://app.example.com", "https://admin.example.com"],
//!     methods = [GET],
//!     expose_headers = ["x-request-id"],
//! )]
//! async fn list_users() -> &'static str {
//!     "[]"
//! }
//!
//! let app: Router = Router::new().route("/users", get(list_users).options(list_users::preflight));
//! ```
//!
//! # The attribute
//!
//! | key | value | default |
//! |---|---|---|
//! | `origins` | exact origins (`"https://app.example.com"`, `"http://localhost:5173"`) and subdomain patterns (`"https://*.example.com"`), or `["*"]` | required, unless `origins_env` or `origin_fn` is given |
//! | `methods` | method names (`GET`, `POST`, `PATCH`, custom tokens such as `PURGE` or `"M-SEARCH"`), or `["*"]` | required |
//! | `headers` | request header names scripts may send, or `["*"]` | none beyond the safelisted ones |
//! | `expose_headers` | response header names scripts may read, or `["*"]` | none beyond the safelisted ones |
//! | `credentials` | `true` / `false` | `false` |
//! | `max_age` | preflight cache lifetime in seconds, `0` to `86400` | not sent (browsers use 5 s) |
//! | `origins_env` | an environment variable with more origins and patterns, comma-separated, read once | none |
//! | `origin_fn` | the path of a `fn(&str) -> bool` that decides the origins the others do not | none |
//! | `allow_insecure_http` | `true` to allow plain-`http` origins beyond `localhost` with `credentials = true` | `false` |
//! | `preflight_status` | `204` or `200`, for clients that reject a 204 | `204` |
//! | `private_network` | `true` to answer Private Network Access preflights | `false` |
//! | `policy` | a shared policy defined with [`cors_policy!`], which the other keys add to | none |
//! | `module` | the companion module's name, or `false` to hide it | the handler's name |
//! | `form` | `axum` or `http`, to override what the signature suggests | detected |
//!
//! # What is generated
//!
//! For `#[cors(...)] async fn list_users(...)`:
//!
//! - `list_users`, a function of the same name and visibility that an axum router takes as
//!   before (`get(list_users)`). Every response it produces carries the CORS headers: the
//!   handler's, an extractor's rejection (a bad JSON body's 400), an `Err`'s.
//! - `mod list_users` with `CORS`, the [`Policy`], and `preflight`, an axum handler for the
//!   `OPTIONS` request on the path. Name it otherwise with `module = other_name` when
//!   `list_users` collides with a module or crate you use, or hide it with `module = false`.
//! - For several handlers on one path, [`preflight!`] builds one preflight handler over their
//!   policies and [`cors_route!`] the whole axum `MethodRouter`.
//!
//! A handler that takes a single `http::Request<B>` and returns `http::Response<B2>` (or a
//! `Result` of one) keeps its signature and answers preflights itself, so hyper's
//! `service_fn(handler)` works as it is.
//!
//! # Protocol
//!
//! Behaviour follows the Fetch Standard's [CORS protocol](https://fetch.spec.whatwg.org/#http-cors-protocol):
//!
//! - A preflight is `OPTIONS` with `Origin` and `Access-Control-Request-Method`. Accepted, it is
//!   answered `204` with the `Access-Control-Allow-*` headers; refused, `403` without them. Both
//!   carry `Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers`.
//! - Actual requests always reach the handler (CORS protects reading, not writing). An allowed
//!   origin gets `Access-Control-Allow-Origin` and the configured headers; every response of a
//!   policy other than `["*"]` carries `Vary: Origin`, appended to the handler's own.
//! - Origins match byte for byte; methods case-sensitively (`patch` is not `PATCH`); header names
//!   case-insensitively, with bounded work on `Access-Control-Request-Headers`.
//! - `headers = ["*"]` never covers `Authorization` in browsers that follow the Fetch Standard:
//!   list `"authorization"` explicitly.
//!
//! # Origins beyond a fixed list
//!
//! - `"https://*.example.com"` matches `https://a.example.com` and `https://a.b.example.com`,
//!   never `https://example.com`, `https://evilexample.com`, another scheme or another port
//!   (`"https://*.example.com:8443"` names one). A pattern over a public suffix (`*.co.uk`,
//!   `*.github.io`) is a compile error.
//! - `origins_env = "CORS_ORIGINS"` adds the origins and patterns of an environment variable,
//!   read once and checked by the same rules as the attribute's. Call
//!   [`check_origins_from_env`] at startup to stop on a bad entry with a message naming the
//!   variable and the entry; until then, a bad variable admits nothing and never panics.
//! - `origin_fn = tenants::is_allowed` asks a function about the origins the others do not admit.
//!   It only ever sees origins serialized as browsers do, and its yes is answered with the
//!   request's own origin, never `*`.
//!
//! # Shared policies
//!
//! Define a policy once with [`cors_policy!`] and use it on many handlers with
//! `#[cors(policy = NAME, ...)]`. List keys the handler gives too (`methods`, `headers`,
//! `expose_headers`, `origins`) are joined; any other key given by both is an error. The merged
//! policy is checked as a whole, so a conflict that only the merge creates (credentials from the
//! policy, `"*"` from the handler) is a compile error on both tokens.
//!
//! ```
//! use axum::{routing::get, Router};
//! use cors_runtime::{cors, cors_policy, cors_route};
//!
//! cors_policy!(API: origins = ["https://app.example.com"], headers = ["content-type"], credentials = true);
//!
//! #[cors(policy = API, methods = [GET], expose_headers = ["x-total-count"])]
//! async fn list_orders() -> &'static str { "[]" }
//!
//! #[cors(policy = API, methods = [POST])]
//! async fn create_order() -> &'static str { "created" }
//!
//! let app: Router = Router::new().route("/orders", cors_route!(get(list_orders), post(create_order)));
//! assert!(create_order::CORS.credentials());
//! ```
//!
//! # Mistakes
//!
//! Every misconfiguration the attribute catches is listed, with a wrong and a fixed example, in
//! [`diagnostics`].

#![forbid(unsafe_code)]

#[cfg(feature = "axum")]
mod axum;
mod env;
mod explain;
mod http_handler;
mod origin;
mod policy;
mod policy_set;
mod preflight;
mod request_headers;
mod request_method;
mod vary;

pub mod diagnostics {
    #![doc = include_str!("../docs/diagnostics.md")]
}

pub use cors_macros::{cors, cors_policy, cors_route, preflight};
pub use env::{check_origins_from_env, EnvOriginsError};
pub use policy::Policy;
pub use preflight::{is_preflight, PreflightOutcome, RefusalReason};
pub use request_headers::{MAX_REQUESTED_HEADERS, MAX_REQUEST_HEADERS_BYTES};

/// What generated code uses. Not a public API: anything here may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::env::{EnvOrigins, POLICIES_WITH_ENV_ORIGINS};
    pub use crate::http_handler::{front, Front, HttpResponse};
    pub use crate::origin::{AllowedOrigins, OriginRules};
    pub use crate::policy::PolicyParts;
    pub use crate::policy_set::{
        allow_value, allow_value_len, methods_allow, methods_overlap, utf8, PolicySet,
    };
    pub use crate::request_headers::AllowedHeaders;
    pub use crate::request_method::AllowedMethods;
    pub use cors_rules::SubdomainPattern;
    pub use http;
    pub use linkme;

    #[cfg(feature = "axum")]
    pub use crate::axum::{
        finish, preflight, set_method_not_allowed, set_preflight, Arg, FirstArg, OriginOnly,
        PolicySource,
    };
    #[cfg(feature = "axum")]
    pub use ::axum;
    #[cfg(feature = "axum")]
    pub use ::axum::routing::MethodRouter;
    #[cfg(feature = "axum")]
    pub use axum_core::{self, extract::Request, response::Response};

    /// Expands to its input when the `axum` feature is on, to nothing otherwise.
    #[cfg(feature = "axum")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cors_if_axum {
        ($($tokens:tt)*) => { $($tokens)* };
    }

    /// Expands to its input when the `axum` feature is on, to nothing otherwise.
    #[cfg(not(feature = "axum"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cors_if_axum {
        ($($tokens:tt)*) => {};
    }
}
