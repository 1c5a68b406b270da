//! `cors_route!` with one handler: the method it is routed with, checked against its policy's
//! methods by a trait bound instead of a `const` assertion, so that each route costs the
//! compiler a trait lookup rather than a constant to type-check and evaluate. A handler's
//! companion module implements the trait of each method its policy allows (and `AllowsHead`
//! with `GET`, which axum's `get` answers) on its marker type.
//!
//! The six traits and functions are written out rather than by a `macro_rules!`: the compiler
//! quotes the bound's source in the error, and a macro's would show its whole invocation there.

use axum::routing::MethodFilter;

/// Implemented by the marker type of a policy that allows `GET`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `get`, but its `#[cors]` policy does not allow `GET`",
    label = "not in the handler's `methods`",
    note = "add `GET` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsGet {}

/// `GET`'s filter, when the policy that `Policy` names allows it.
pub const fn allows_get<Policy: AllowsGet>() -> MethodFilter {
    MethodFilter::GET
}

/// Implemented by the marker type of a policy that allows `HEAD` (or `GET`).
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `head`, but its `#[cors]` policy allows neither `HEAD` nor `GET`",
    label = "not in the handler's `methods`",
    note = "add `HEAD` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsHead {}

/// `HEAD`'s filter, when the policy that `Policy` names allows it.
pub const fn allows_head<Policy: AllowsHead>() -> MethodFilter {
    MethodFilter::HEAD
}

/// Implemented by the marker type of a policy that allows `POST`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `post`, but its `#[cors]` policy does not allow `POST`",
    label = "not in the handler's `methods`",
    note = "add `POST` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsPost {}

/// `POST`'s filter, when the policy that `Policy` names allows it.
pub const fn allows_post<Policy: AllowsPost>() -> MethodFilter {
    MethodFilter::POST
}

/// Implemented by the marker type of a policy that allows `PUT`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `put`, but its `#[cors]` policy does not allow `PUT`",
    label = "not in the handler's `methods`",
    note = "add `PUT` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsPut {}

/// `PUT`'s filter, when the policy that `Policy` names allows it.
pub const fn allows_put<Policy: AllowsPut>() -> MethodFilter {
    MethodFilter::PUT
}

/// Implemented by the marker type of a policy that allows `PATCH`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `patch`, but its `#[cors]` policy does not allow `PATCH`",
    label = "not in the handler's `methods`",
    note = "add `PATCH` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsPatch {}

/// `PATCH`'s filter, when the policy that `Policy` names allows it.
pub const fn allows_patch<Policy: AllowsPatch>() -> MethodFilter {
    MethodFilter::PATCH
}

/// Implemented by the marker type of a policy that allows `DELETE`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `delete`, but its `#[cors]` policy does not allow `DELETE`",
    label = "not in the handler's `methods`",
    note = "add `DELETE` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsDelete {}

/// `DELETE`'s filter, when the policy that `Policy` names allows it.
pub const fn allows_delete<Policy: AllowsDelete>() -> MethodFilter {
    MethodFilter::DELETE
}
