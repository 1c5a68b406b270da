#![doc = include_str!("../docs/guide.md")]
#![forbid(unsafe_code)]

// The `#[cors]` expansions in unit tests name `::cors_runtime`, as in any other crate.
#[cfg(test)]
extern crate self as cors_runtime;

#[cfg(feature = "actix")]
mod actix;
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
    pub use crate::http_handler::{front, Front, HttpResponse, WithCors};
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

    /// Expands to its input when the `axum` feature is on, to nothing otherwise.
    #[cfg(not(feature = "axum"))]
    #[macro_export]
    #[doc(hidden)]
    macro_rules! __cors_if_axum {
        ($($tokens:tt)*) => {};
    }
}
