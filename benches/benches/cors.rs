//! Issue 5's benchmark: each case answered by the handler alone (baseline), by `#[cors]` (ours:
//! the generated handler, and the same policy through its API) and by tower-http's `CorsLayer`, in
//! one run, on identical requests. A measured iteration builds the request, answers it and drops
//! the response. Cases a to d are then answered again through an axum `Router` (groups
//! `axum_*`): `#[cors]`'s axum handler and its preflight route, against the router without CORS
//! and with tower-http's `CorsLayer` as a router layer.
//!
//! ```text
//! cargo bench -p cors-benches
//! python3 scripts/chart.py        # BENCHMARKS.md's chart, from target/criterion
//! ```

use std::hint::black_box;
use std::time::Duration;

use cors_benches::{
    answer, baseline, check_router_answers, router_cases, visit_all, Body, Case, Contenders,
    Routers, Visitor,
};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use http::{Request, Response};

/// Times every case with criterion.
struct Timer<'c> {
    criterion: &'c mut Criterion,
}

impl Visitor for Timer<'_> {
    fn visit<R, O, P, T>(&mut self, case: &Case, contenders: Contenders<R, O, P, T>)
    where
        R: FnMut() -> Request<()>,
        O: FnMut(Request<()>) -> Response<Body>,
        P: FnMut(Request<()>) -> Response<Body>,
        T: FnMut(Request<()>) -> Response<Body>,
    {
        let mut contenders = contenders;
        contenders.check_answers(case);
        let Contenders {
            mut request,
            mut ours,
            mut ours_policy_api,
            mut tower_http,
        } = contenders;

        let id = |contender: &str| match case.origins {
            Some(count) => BenchmarkId::new(contender, count),
            None => BenchmarkId::from_parameter(contender),
        };
        let mut group = self.criterion.benchmark_group(case.group);
        // Case e's baseline is case a's: the handler does not look at the origin.
        if case.origins.is_none() {
            group.bench_function(id("baseline"), |bencher| {
                bencher.iter(|| baseline(black_box(request())));
            });
        }
        group.bench_function(id("ours"), |bencher| {
            bencher.iter(|| ours(black_box(request())));
        });
        group.bench_function(id("ours-policy-api"), |bencher| {
            bencher.iter(|| ours_policy_api(black_box(request())));
        });
        group.bench_function(id("tower-http"), |bencher| {
            bencher.iter(|| tower_http(black_box(request())));
        });
        group.finish();
    }
}

fn all_cases(criterion: &mut Criterion) {
    visit_all(&mut Timer { criterion });
}

fn router_cases_through_axum(criterion: &mut Criterion) {
    let mut routers = Routers::new();
    for case in router_cases() {
        check_router_answers(&case, &mut routers);
        let mut group = criterion.benchmark_group(case.group);
        for (contender, router) in [
            ("baseline", &mut routers.baseline),
            ("ours", &mut routers.ours),
            ("tower-http", &mut routers.tower_http),
        ] {
            group.bench_function(BenchmarkId::from_parameter(contender), |bencher| {
                bencher.iter(|| answer(router, black_box((case.request)())));
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    // 64 benchmarks of about 4.5 s each: the whole run takes about 5 minutes on 2 cores. Override
    // with `-- --warm-up-time 3 --measurement-time 10` for tighter intervals.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = all_cases, router_cases_through_axum
}
criterion_main!(benches);
