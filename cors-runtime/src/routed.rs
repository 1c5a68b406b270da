//! `cors_route!` with one handler: the method it is routed with, checked against its policy's
//! methods by a trait bound instead of a `const` assertion, so that each route costs the
//! compiler a trait lookup rather than a constant to type-check and evaluate. A handler's
//! companion module names the methods its policy allows as a [`MethodSet`] (`HEAD` with `GET`,
//! which axum's `get` answers), and the runtime implements each method's trait for the sets
//! that have it: six impls here rather than up to six in every companion module. In a crate of
//! 200 one-line handlers, the impls were about 5 % of rustc's instructions
//! (`scripts/compile-variants.py noallows`); the alias and these impls saved 1.6 % of them with
//! `const bool` arguments, and 1.7 % more with a type per method.
//!
//! The routing functions, `route_0` to `route_16`, pin the number of the handler's arguments
//! (see below); the handler's companion module names the one for its own.
//!
//! The six traits and functions are written out rather than by a `macro_rules!`: the compiler
//! quotes the bound's source in the error, and a macro's would show its whole invocation there.

use core::marker::PhantomData;

use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter};

use crate::axum::{route_any, PolicySource};

/// The methods a handler's policy allows, as `cors_route!` checks them: for `GET`, `HEAD`,
/// `POST`, `PUT`, `PATCH` and `DELETE`, in this order, the method's type ([`Get`], ...) when the
/// policy allows it and [`No`] when not, so that an error shows the set as
/// `MethodSet<No, No, Post, No, No, No>`. A companion module names its handler's set
/// (`__CorsMethods`); a policy of any method (`"*"`) has all six. Types rather than `const bool`
/// parameters: a constant argument is a body of its own that the compiler builds and checks
/// (six per handler), a type is a path it resolves.
#[derive(Debug)]
pub struct MethodSet<Get, Head, Post, Put, Patch, Delete>(
    PhantomData<(Get, Head, Post, Put, Patch, Delete)>,
);

/// A method that is not in a [`MethodSet`].
#[derive(Debug)]
pub enum No {}
/// `GET` in a [`MethodSet`].
#[derive(Debug)]
pub enum Get {}
/// `HEAD` in a [`MethodSet`].
#[derive(Debug)]
pub enum Head {}
/// `POST` in a [`MethodSet`].
#[derive(Debug)]
pub enum Post {}
/// `PUT` in a [`MethodSet`].
#[derive(Debug)]
pub enum Put {}
/// `PATCH` in a [`MethodSet`].
#[derive(Debug)]
pub enum Patch {}
/// `DELETE` in a [`MethodSet`].
#[derive(Debug)]
pub enum Delete {}

/// A method's place in a [`MethodSet`]: the method's name, or nothing for [`No`].
pub trait SetMember {
    /// The method's name; `""` for [`No`].
    const NAME: &'static str;
}

/// `impl SetMember` for each member type and its name.
macro_rules! set_members {
    ($($member:ident => $name:literal),* $(,)?) => {
        $(impl SetMember for $member {
            const NAME: &'static str = $name;
        })*
    };
}

set_members! {
    No => "",
    Get => "GET",
    Head => "HEAD",
    Post => "POST",
    Put => "PUT",
    Patch => "PATCH",
    Delete => "DELETE",
}

impl<G, H, P, U, A, D> MethodSet<G, H, P, U, A, D>
where
    G: SetMember,
    H: SetMember,
    P: SetMember,
    U: SetMember,
    A: SetMember,
    D: SetMember,
{
    /// The methods of a policy that lists them in the set's order, and `HEAD` only without
    /// `GET` (the set has `HEAD` with `GET`): the policy's own list, as `cors_route!` and
    /// `preflight!` check it, for the companion modules that do not write one
    /// ([`PolicySource::METHODS`]). `""` stands where the set has [`No`].
    pub const WRITTEN: &'static [&'static str] = &[
        G::NAME,
        if G::NAME.is_empty() { H::NAME } else { "" },
        P::NAME,
        U::NAME,
        A::NAME,
        D::NAME,
    ];
}

#[diagnostic::do_not_recommend]
impl<B, C, D, E, F> AllowsGet for MethodSet<Get, B, C, D, E, F> {}
#[diagnostic::do_not_recommend]
impl<A, C, D, E, F> AllowsHead for MethodSet<A, Head, C, D, E, F> {}
#[diagnostic::do_not_recommend]
impl<A, B, D, E, F> AllowsPost for MethodSet<A, B, Post, D, E, F> {}
#[diagnostic::do_not_recommend]
impl<A, B, C, E, F> AllowsPut for MethodSet<A, B, C, Put, E, F> {}
#[diagnostic::do_not_recommend]
impl<A, B, C, D, F> AllowsPatch for MethodSet<A, B, C, D, Patch, F> {}
#[diagnostic::do_not_recommend]
impl<A, B, C, D, E> AllowsDelete for MethodSet<A, B, C, D, E, Delete> {}

/// Implemented by the [`MethodSet`] of a policy that allows `GET`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `get`, but its `#[cors]` policy does not allow `GET`",
    label = "not in the handler's `methods`",
    note = "add `GET` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsGet {}

/// `GET`'s filter, when the method set `Methods` of a policy has it.
pub const fn allows_get<Methods: AllowsGet>() -> MethodFilter {
    MethodFilter::GET
}

/// Implemented by the [`MethodSet`] of a policy that allows `HEAD` (or `GET`).
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `head`, but its `#[cors]` policy allows neither `HEAD` nor `GET`",
    label = "not in the handler's `methods`",
    note = "add `HEAD` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsHead {}

/// `HEAD`'s filter, when the method set `Methods` of a policy has it.
pub const fn allows_head<Methods: AllowsHead>() -> MethodFilter {
    MethodFilter::HEAD
}

/// Implemented by the [`MethodSet`] of a policy that allows `POST`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `post`, but its `#[cors]` policy does not allow `POST`",
    label = "not in the handler's `methods`",
    note = "add `POST` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsPost {}

/// `POST`'s filter, when the method set `Methods` of a policy has it.
pub const fn allows_post<Methods: AllowsPost>() -> MethodFilter {
    MethodFilter::POST
}

/// Implemented by the [`MethodSet`] of a policy that allows `PUT`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `put`, but its `#[cors]` policy does not allow `PUT`",
    label = "not in the handler's `methods`",
    note = "add `PUT` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsPut {}

/// `PUT`'s filter, when the method set `Methods` of a policy has it.
pub const fn allows_put<Methods: AllowsPut>() -> MethodFilter {
    MethodFilter::PUT
}

/// Implemented by the [`MethodSet`] of a policy that allows `PATCH`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `patch`, but its `#[cors]` policy does not allow `PATCH`",
    label = "not in the handler's `methods`",
    note = "add `PATCH` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsPatch {}

/// `PATCH`'s filter, when the method set `Methods` of a policy has it.
pub const fn allows_patch<Methods: AllowsPatch>() -> MethodFilter {
    MethodFilter::PATCH
}

/// Implemented by the [`MethodSet`] of a policy that allows `DELETE`.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` routes this handler with `delete`, but its `#[cors]` policy does not allow `DELETE`",
    label = "not in the handler's `methods`",
    note = "add `DELETE` to the handler's `methods`, or route it with a method its policy allows"
)]
pub trait AllowsDelete {}

/// `DELETE`'s filter, when the method set `Methods` of a policy has it.
pub const fn allows_delete<Methods: AllowsDelete>() -> MethodFilter {
    MethodFilter::DELETE
}

// The routing functions of `cors_route!` with one handler, one per number of arguments: the
// runtime's `route_any` with the shape of axum's `Handler` arguments written out, `(M, A1, ...,
// AN)`. Left to inference, that shape matches every one of axum's `Handler` implementations
// (one per number of arguments) until the router's state type is known, often only at the end
// of the router: in a router of many routes, the compiler then retries each pending choice at
// every step, and the router's type check grows with the square of its routes
// (`scripts/query-profile.sh`, `typeck(router)`). Written out rather than by a `macro_rules!`,
// whose invocation the compiler would quote in the error of a handler that is not one.

/// [`route_any`] for a handler without arguments.
pub fn route_0<P, H, S>(method: MethodFilter, handler: H, policy: P) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<((),), S>,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 1 argument.
pub fn route_1<P, H, M, A1, S>(method: MethodFilter, handler: H, policy: P) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1), S>,
    (M, A1): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 2 arguments.
pub fn route_2<P, H, M, A1, A2, S>(method: MethodFilter, handler: H, policy: P) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2), S>,
    (M, A1, A2): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 3 arguments.
pub fn route_3<P, H, M, A1, A2, A3, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3), S>,
    (M, A1, A2, A3): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 4 arguments.
pub fn route_4<P, H, M, A1, A2, A3, A4, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4), S>,
    (M, A1, A2, A3, A4): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 5 arguments.
pub fn route_5<P, H, M, A1, A2, A3, A4, A5, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4, A5), S>,
    (M, A1, A2, A3, A4, A5): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 6 arguments.
pub fn route_6<P, H, M, A1, A2, A3, A4, A5, A6, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4, A5, A6), S>,
    (M, A1, A2, A3, A4, A5, A6): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 7 arguments.
pub fn route_7<P, H, M, A1, A2, A3, A4, A5, A6, A7, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4, A5, A6, A7), S>,
    (M, A1, A2, A3, A4, A5, A6, A7): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 8 arguments.
pub fn route_8<P, H, M, A1, A2, A3, A4, A5, A6, A7, A8, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4, A5, A6, A7, A8), S>,
    (M, A1, A2, A3, A4, A5, A6, A7, A8): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 9 arguments.
pub fn route_9<P, H, M, A1, A2, A3, A4, A5, A6, A7, A8, A9, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4, A5, A6, A7, A8, A9), S>,
    (M, A1, A2, A3, A4, A5, A6, A7, A8, A9): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 10 arguments.
pub fn route_10<P, H, M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10), S>,
    (M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 11 arguments.
pub fn route_11<P, H, M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11), S>,
    (M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 12 arguments.
pub fn route_12<P, H, M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12), S>,
    (M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 13 arguments.
pub fn route_13<P, H, M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<(M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13), S>,
    (M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 14 arguments.
pub fn route_14<P, H, M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<
        (
            M,
            A1,
            A2,
            A3,
            A4,
            A5,
            A6,
            A7,
            A8,
            A9,
            A10,
            A11,
            A12,
            A13,
            A14,
        ),
        S,
    >,
    (
        M,
        A1,
        A2,
        A3,
        A4,
        A5,
        A6,
        A7,
        A8,
        A9,
        A10,
        A11,
        A12,
        A13,
        A14,
    ): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 15 arguments.
pub fn route_15<P, H, M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<
        (
            M,
            A1,
            A2,
            A3,
            A4,
            A5,
            A6,
            A7,
            A8,
            A9,
            A10,
            A11,
            A12,
            A13,
            A14,
            A15,
        ),
        S,
    >,
    (
        M,
        A1,
        A2,
        A3,
        A4,
        A5,
        A6,
        A7,
        A8,
        A9,
        A10,
        A11,
        A12,
        A13,
        A14,
        A15,
    ): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// [`route_any`] for a handler of 16 arguments.
pub fn route_16<P, H, M, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14, A15, A16, S>(
    method: MethodFilter,
    handler: H,
    policy: P,
) -> MethodRouter<S>
where
    P: PolicySource,
    H: Handler<
        (
            M,
            A1,
            A2,
            A3,
            A4,
            A5,
            A6,
            A7,
            A8,
            A9,
            A10,
            A11,
            A12,
            A13,
            A14,
            A15,
            A16,
        ),
        S,
    >,
    (
        M,
        A1,
        A2,
        A3,
        A4,
        A5,
        A6,
        A7,
        A8,
        A9,
        A10,
        A11,
        A12,
        A13,
        A14,
        A15,
        A16,
    ): 'static,
    S: Clone + Send + Sync + 'static,
{
    route_any(method, handler, policy)
}

/// What a `#[cors]` axum handler's name is as a value: a function that is not an axum handler,
/// so that routing the name with axum's own `get(handler)`, which would answer without CORS
/// headers, does not compile and names the fix. `cors_route!(get(handler))` routes the user's
/// function (renamed `__cors_handler_NAME`) with its policy's headers, preflight and 405.
pub fn use_cors_route(_: RouteThisHandlerWithCorsRoute) {}

/// The parameter of [`use_cors_route`]: not an extractor.
#[derive(Debug)]
pub struct RouteThisHandlerWithCorsRoute(());

/// A type that exists only for a response type: `#[cors]` checks where an axum handler is
/// written that its output is a response with a bound in the function's `where` clause,
/// `IsResponse<Output>: Sized`, which holds only when `Output` is one.
pub struct IsResponse<T: axum::response::IntoResponse>(core::marker::PhantomData<T>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_method_set_says_the_methods_in_its_order_and_head_only_without_get() {
        assert_eq!(
            MethodSet::<Get, Head, No, No, No, Delete>::WRITTEN,
            &["GET", "", "", "", "", "DELETE"]
        );
        assert_eq!(
            MethodSet::<No, Head, Post, Put, Patch, No>::WRITTEN,
            &["", "HEAD", "POST", "PUT", "PATCH", ""]
        );
    }
}
