//! The cases of the CORS benchmark (issue 5), shared by the criterion benchmark
//! (`benches/cors.rs`) and the allocation table (`examples/allocations.rs`), so that both measure
//! the same requests through the same code.
//!
//! Three contenders answer each request:
//!
//! - **baseline**: the handler alone, without CORS, so that net costs can be read;
//! - **ours**: the same handler under `#[cors(...)]` in its plain-`http` form, called directly
//!   (it answers preflights itself and applies `Policy::allowed_origin` + `Policy::apply` to
//!   actual requests, as a hyper `service_fn` would run it);
//! - **tower-http**: the same handler as a `tower::service_fn` behind tower-http's `CorsLayer`,
//!   configured identically, called through `tower::Service`.
//!
//! Futures are polled once with a no-op waker ([`run_once`]): no async runtime takes part, and
//! none of the handlers ever waits. Each measured request is built, answered and dropped.
//!
//! Cases a to d are also answered through an axum `Router` ([`Routers`], [`router_cases`]):
//! `#[cors]`'s axum handler with its preflight route, against the router without CORS and with
//! tower-http's `CorsLayer` as a router layer.
//!
//! See `BENCHMARKS.md` at the repository root for the figures and the commands.

mod axum_router;
mod cases;
mod drive;
mod ours;
mod requests;
mod tower_http_side;

pub use axum_router::{answer, check_router_answers, router_cases, RouterCase, Routers};
pub use cases::{check, visit_all, Case, Contenders, Expected, Visitor};
pub use drive::{call_service, run_once};
pub use ours::{baseline, Body};
