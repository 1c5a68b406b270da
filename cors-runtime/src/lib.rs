#![doc = include_str!("../docs/guide.md")]
#![forbid(unsafe_code)]

// The `#[cors]` expansions in unit tests (actix's) name `::cors_runtime`, as in any other crate.
#[cfg(all(test, feature = "actix"))]
extern crate self as cors_runtime;

#[cfg(feature = "actix")]
mod actix;
#[cfg(feature = "axum")]
mod axum;
mod env;
mod explain;
mod http_handler;
mod in_place;
mod origin;
mod policy;
mod policy_set;
mod preflight;
mod request_headers;
mod request_method;
#[cfg(feature = "axum")]
mod routed;
mod vary;

pub mod diagnostics {
    #![doc = include_str!("../docs/diagnostics.md")]
}

/// `#[cors(...)]` on a handler: see the [crate docs](crate) for every key. Handlers written as
/// associated functions take it too, with or without a bare `#[cors]` on their impl block (see
/// "Handlers in an impl block" in the crate docs).
///
/// ```
/// use axum::Router;
/// use cors_runtime::{cors, cors_route};
///
/// #[cors(origins = ["https://app.example.com"], methods = [GET], credentials = true)]
/// async fn profile() -> &'static str {
///     "{}"
/// }
///
/// let app: Router = Router::new().route("/profile", cors_route!(get(profile)));
/// assert!(profile::CORS.credentials());
/// ```
#[doc(inline)]
pub use cors_macros::cors;
/// `cors_handler!(handler)`: a `#[cors]` axum handler whose every answer (an extractor's
/// rejection included) carries its policy's actual-request CORS headers, for a route that
/// [`cors_route!`] cannot build, such as a fallback for every method of a `methods = ["*"]`
/// policy. It answers no preflight: route [`preflight!`] (or the policy's own) on `OPTIONS`.
/// An associated handler names its companion module: `cors_handler!(Api::list_users, module =
/// list_users)`.
///
/// ```
/// use axum::{routing::get, Router};
/// use cors_runtime::{cors, cors_handler, preflight};
///
/// #[cors(origins = ["https://app.example.com"], methods = ["*"])]
/// async fn anything() -> &'static str {
///     "ok"
/// }
///
/// let app: Router = Router::new().route(
///     "/anything",
///     get(cors_handler!(anything))
///         .options(preflight!(anything))
///         .fallback(cors_handler!(anything)),
/// );
/// ```
#[doc(inline)]
pub use cors_macros::cors_handler;
/// `cors_policy!(NAME: key = value, ...)` defines a shared policy that handlers use with
/// `#[cors(policy = NAME, ...)]`.
///
/// ```
/// use cors_runtime::{cors, cors_policy};
///
/// cors_policy!(API: origins = ["https://app.example.com"], credentials = true);
///
/// #[cors(policy = API, methods = [DELETE])]
/// async fn delete_account() {}
///
/// assert_eq!(delete_account::CORS.methods(), ["DELETE"]);
/// ```
#[doc(inline)]
pub use cors_macros::cors_policy;
/// `cors_route!(get(a), post(b))`: the axum `MethodRouter` of one or several `#[cors]` handlers
/// on one path, with their preflight and a 405 that carries CORS headers. A compile error when a
/// handler is routed with a method its policy does not allow, or two policies share a method.
///
/// This is how a `#[cors]` axum handler is routed: its name is not an axum handler, so that
/// axum's own `get(handler)`, which would answer without CORS headers and leave its preflight to
/// a 405, does not compile (the error names `use_cors_route`). [`cors_handler!`] gives the
/// handler with its headers, for a route built by hand.
///
/// ```
/// use axum::Router;
/// use cors_runtime::{cors, cors_route};
///
/// #[cors(origins = ["https://app.example.com"], methods = [GET])]
/// async fn status() -> &'static str {
///     "ok"
/// }
///
/// // `GET` (and `HEAD`) reach `status`, `OPTIONS` its preflight, any other method a 405.
/// let app: Router = Router::new().route("/status", cors_route!(get(status)));
/// ```
///
/// Several handlers on one path, each routed with methods its own policy allows:
///
/// ```
/// use axum::Router;
/// use cors_runtime::{cors, cors_route};
///
/// #[cors(origins = ["*"], methods = [GET])]
/// async fn list_posts() {}
///
/// #[cors(origins = ["https://app.example.com"], methods = [POST], credentials = true)]
/// async fn create_post() {}
///
/// let app: Router = Router::new().route("/posts", cors_route!(get(list_posts), post(create_post)));
/// ```
///
/// An associated handler (in an impl block marked `#[cors]`) names its companion module, which
/// is not under its path: `get(Api::list_users, module = list_users)`.
///
/// ```
/// use axum::Router;
/// use cors_runtime::{cors, cors_route};
///
/// struct Api;
///
/// #[cors]
/// impl Api {
///     #[cors(origins = ["https://app.example.com"], methods = [GET])]
///     async fn list_users() -> &'static str {
///         "[]"
///     }
/// }
///
/// let app: Router = Router::new().route("/users", cors_route!(get(Api::list_users, module = list_users)));
/// ```
#[doc(inline)]
pub use cors_macros::cors_route;
/// `preflight!(a, b)`: one `OPTIONS` handler for several `#[cors]` handlers on one path, which
/// answers with the policy of the handler that allows the requested method. [`cors_route!`]
/// routes it for its handlers; this is the same handler alone, for a route built by hand with
/// [`cors_handler!`].
///
/// ```
/// use axum::{routing::get, Router};
/// use cors_runtime::{cors, cors_handler, preflight};
///
/// #[cors(origins = ["*"], methods = [GET])]
/// async fn read_post() {}
///
/// #[cors(origins = ["https://app.example.com"], methods = [PUT, DELETE])]
/// async fn edit_post() {}
///
/// let app: Router = Router::new().route(
///     "/posts/{id}",
///     get(cors_handler!(read_post))
///         .put(cors_handler!(edit_post))
///         .delete(cors_handler!(edit_post))
///         .options(preflight!(read_post, edit_post)),
/// );
/// ```
#[doc(inline)]
pub use cors_macros::preflight;
pub use env::{check_origins_from_env, EnvOriginsError};
pub use policy::Policy;
pub use preflight::{is_preflight, PreflightOutcome, RefusalReason};
pub use request_headers::{MAX_REQUESTED_HEADERS, MAX_REQUEST_HEADERS_BYTES};

/// What generated code uses. Not a public API: anything here may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::env::{EnvOrigins, POLICIES_WITH_ENV_ORIGINS};
    pub use crate::http_handler::{serve_future, HttpResponse, WithCors};
    pub use crate::policy::PolicyExtras;
    pub use crate::policy_set::{
        allow_value, allow_value_len, methods_allow, methods_overlap, policy_methods, utf8,
        PolicySet,
    };
    pub use http;
    pub use linkme;

    #[cfg(feature = "axum")]
    pub use crate::axum::{
        finish, finish_ready, preflight, route_any, set_method_not_allowed, set_preflight,
        with_cors, Arg, CorsHandler, CorsResponse, FirstArg, OriginOnly, PolicySource,
        PreflightHandler, RawFirstArg, RawOrigin,
    };
    #[cfg(feature = "axum")]
    pub use crate::routed::{
        allows_delete, allows_get, allows_head, allows_patch, allows_post, allows_put, route_0,
        route_1, route_10, route_11, route_12, route_13, route_14, route_15, route_16, route_2,
        route_3, route_4, route_5, route_6, route_7, route_8, route_9, use_cors_route,
        AllowsDelete, AllowsGet, AllowsHead, AllowsPatch, AllowsPost, AllowsPut, Delete, Get, Head,
        IsResponse, MethodSet, No, Patch, Post, Put, RouteThisHandlerWithCorsRoute,
    };
    #[cfg(feature = "axum")]
    pub use ::axum;
    #[cfg(feature = "axum")]
    pub use ::axum::routing::MethodRouter;
    #[cfg(feature = "axum")]
    pub use axum_core::{self, extract::Request, response::Response};

    /// The actix-web glue of `form = actix`.
    #[cfg(feature = "actix")]
    pub mod actix {
        pub use crate::actix::{
            finish, preflight, ActualRequest, Arg, ArgFuture, FirstArg, FirstArgFuture, OriginOnly,
            PolicySource,
        };
        pub use actix_web::{HttpRequest, HttpResponse};
    }

    /// Expands to its input when the `actix` feature is on. Without it, a handler (marked
    /// `@handler { generated } { written }`) becomes a compile error that names the feature,
    /// followed by the function as written, and anything else expands to nothing.
    #[cfg(feature = "actix")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cors_if_actix {
        (@handler { $($generated:tt)* } { $($written:tt)* }) => { $($generated)* };
        ($($tokens:tt)*) => { $($tokens)* };
    }

    /// Expands to its input when the `actix` feature is on. Without it, a handler (marked
    /// `@handler { generated } { written }`) becomes a compile error that names the feature,
    /// followed by the function as written, and anything else expands to nothing.
    #[cfg(not(feature = "actix"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cors_if_actix {
        (@handler { $($generated:tt)* } { $($written:tt)* }) => {
            ::core::compile_error!(
                "`form = actix` needs the `actix` feature of `cors-runtime`: `cors-runtime = { version = \"0.1\", features = [\"actix\"] }`"
            );
            $($written)*
        };
        ($($tokens:tt)*) => {};
    }

    /// Expands to its input when the `axum` feature is on, to nothing otherwise.
    #[cfg(feature = "axum")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cors_if_axum {
        ($($tokens:tt)*) => { $($tokens)* };
    }

    /// The axum items of a handler's companion module: the type that names its policy (in
    /// `CorsHandler` and the generated extractors' types), the set of methods `cors_route!` may
    /// route it with (`MethodSet`: for each of `GET`, `HEAD`, `POST`, `PUT`, `PATCH` and
    /// `DELETE`, its type or `No`), and the routing function for its number of arguments; after
    /// them, the policy's methods (`&["*"]`) when the set does not say them
    /// (`PolicySource::METHODS`). Nothing without the `axum` feature.
    #[cfg(feature = "axum")]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cors_axum_items {
        ([$($allowed:tt),*] $route:ident $(, $methods:expr)?) => {
            #[doc(hidden)]
            pub struct __CorsPolicy;

            impl $crate::__private::PolicySource for __CorsPolicy {
                $(const METHODS: &'static [&'static str] = $methods;)?

                #[inline]
                fn policy() -> &'static $crate::Policy {
                    &CORS
                }
            }

            #[doc(hidden)]
            pub type __CorsMethods = $crate::__private::MethodSet<$($crate::__private::$allowed),*>;

            #[doc(hidden)]
            pub use $crate::__private::$route as __cors_route;
        };
    }

    /// The axum items of a handler's companion module: nothing without the `axum` feature.
    #[cfg(not(feature = "axum"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cors_axum_items {
        ($($tokens:tt)*) => {};
    }

    /// Expands to its input when the `axum` feature is on, to nothing otherwise.
    #[cfg(not(feature = "axum"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cors_if_axum {
        ($($tokens:tt)*) => {};
    }
}
