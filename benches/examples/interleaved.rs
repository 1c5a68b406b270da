//! A quick timer for comparing two builds, outside criterion: every contender of a case is timed
//! in turn, round after round, and each keeps its fastest round. Load from other processes then
//! falls on all four alike, and a change of a few nanoseconds shows in one run of about half a
//! minute. criterion's figures (`cargo bench -p cors-benches`) stay the reference for
//! BENCHMARKS.md; this is for trying a change.
//!
//! ```text
//! cargo run -p cors-benches --release --example interleaved            # every case
//! cargo run -p cors-benches --release --example interleaved -- d_      # groups starting with d_
//! ROUNDS=300 cargo run -p cors-benches --release --example interleaved # more rounds
//! ONLY=ours cargo run -p cors-benches --release --example interleaved -- a_  # one contender in a
//!                                                                       # loop, for `perf record`
//! ```
//!
//! Each line: the case, each contender's fastest round in ns per request (building the request
//! included, as in criterion's), and tower-http's time over ours and over the policy API. Before
//! timing, every contender's answer is checked, as in the criterion benchmark.

use std::hint::black_box;
use std::time::Instant;

use cors_benches::{baseline, visit_all, Body, Case, Contenders, Visitor};
use http::{Request, Response};

/// Requests per round and contender.
const ITERATIONS: u32 = 20_000;

/// Nanoseconds per request of `ITERATIONS` calls of `answer` on fresh requests.
fn round(
    request: &mut impl FnMut() -> Request<()>,
    answer: &mut impl FnMut(Request<()>) -> Response<Body>,
) -> f64 {
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        black_box(answer(black_box(request())));
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(ITERATIONS)
}

struct Interleaved {
    /// Only the groups whose name starts with this.
    prefix: String,
    rounds: u32,
    /// Loop this contender alone instead of comparing.
    only: Option<String>,
}

impl Visitor for Interleaved {
    fn visit<R, O, P, T>(&mut self, case: &Case, mut contenders: Contenders<R, O, P, T>)
    where
        R: FnMut() -> Request<()>,
        O: FnMut(Request<()>) -> Response<Body>,
        P: FnMut(Request<()>) -> Response<Body>,
        T: FnMut(Request<()>) -> Response<Body>,
    {
        if !case.group.starts_with(self.prefix.as_str()) {
            return;
        }
        contenders.check_answers(case);
        let Contenders {
            mut request,
            mut ours,
            mut ours_policy_api,
            mut tower_http,
        } = contenders;
        if let Some(only) = &self.only {
            for _ in 0..self.rounds * 4 {
                match only.as_str() {
                    "baseline" => round(&mut request, &mut baseline),
                    "ours" => round(&mut request, &mut ours),
                    "api" => round(&mut request, &mut ours_policy_api),
                    "tower" => round(&mut request, &mut tower_http),
                    other => panic!("ONLY is baseline, ours, api or tower, not {other}"),
                };
            }
            return;
        }
        let mut fastest = [f64::INFINITY; 4];
        for _ in 0..self.rounds {
            let times = [
                round(&mut request, &mut baseline),
                round(&mut request, &mut ours),
                round(&mut request, &mut ours_policy_api),
                round(&mut request, &mut tower_http),
            ];
            for (best, time) in fastest.iter_mut().zip(times) {
                *best = best.min(time);
            }
        }
        let [base, ours, api, tower] = fastest;
        let origins = case
            .origins
            .map_or(String::new(), |count| format!(" ({count})"));
        println!(
            "{:34} base {base:6.1} ours {ours:6.1} api {api:6.1} tower {tower:7.1}  tower/ours {:.2}  tower/api {:.2}",
            format!("{}{origins}", case.group),
            tower / ours,
            tower / api,
        );
    }
}

fn main() {
    let rounds = std::env::var("ROUNDS").map_or(100, |rounds| {
        rounds
            .parse()
            .unwrap_or_else(|_| panic!("ROUNDS is a number of rounds, not {rounds:?}"))
    });
    visit_all(&mut Interleaved {
        prefix: std::env::args().nth(1).unwrap_or_default(),
        rounds,
        only: std::env::var("ONLY").ok(),
    });
}
