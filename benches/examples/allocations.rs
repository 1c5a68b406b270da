//! Heap allocations per request for every case of the benchmark, counted with dhat's testing
//! mode: the handler alone (baseline), `#[cors]` (ours) and tower-http's `CorsLayer`. Prints a
//! Markdown table, and exits with an error when ours allocates more than the issue allows: nothing
//! beyond the baseline on actual requests, and on preflights nothing beyond the response's own
//! header map (the two blocks the baseline's response allocates too). A second table counts cases
//! a to d through an axum `Router`, where ours must add nothing to actual requests either.
//!
//! ```text
//! cargo run -p cors-benches --release --example allocations
//! ```

use std::process::ExitCode;

use cors_benches::{
    answer, baseline, check_router_answers, router_cases, visit_all, Body, Case, Contenders,
    Routers, Visitor,
};
use http::{Request, Response};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// Requests per measurement; the counts are divided by it.
const REQUESTS: u64 = 100;

/// Heap blocks and bytes one request allocated, on average.
#[derive(Debug, Clone, Copy)]
struct Count {
    blocks: f64,
    bytes: f64,
}

impl Count {
    fn minus(self, other: Count) -> Count {
        Count {
            blocks: self.blocks - other.blocks,
            bytes: self.bytes - other.bytes,
        }
    }
}

/// Counts what `answer` allocates per call: the request built, answered and dropped.
fn count(mut answer: impl FnMut()) -> Count {
    // Once outside the count, for lazily built statics such as case f's header value.
    answer();
    let before = dhat::HeapStats::get();
    for _ in 0..REQUESTS {
        answer();
    }
    let after = dhat::HeapStats::get();
    // Counts stay far below 2^52: the conversions are exact.
    #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let per_request = |total: u64| total as f64 / REQUESTS as f64;
    Count {
        blocks: per_request(after.total_blocks - before.total_blocks),
        bytes: per_request(after.total_bytes - before.total_bytes),
    }
}

/// One line of the table.
#[derive(Debug)]
struct Row {
    case: Case,
    baseline: Count,
    ours: Count,
    ours_policy_api: Count,
    tower_http: Count,
}

#[derive(Debug, Default)]
struct Counter {
    rows: Vec<Row>,
}

impl Visitor for Counter {
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
        let baseline = count(|| drop(baseline(request())));
        let ours = count(|| drop(ours(request())));
        let ours_policy_api = count(|| drop(ours_policy_api(request())));
        let tower_http = count(|| drop(tower_http(request())));
        self.rows.push(Row {
            case: *case,
            baseline,
            ours,
            ours_policy_api,
            tower_http,
        });
    }
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

fn added(count: Count) -> String {
    format!("{} ({} B)", number(count.blocks), number(count.bytes))
}

fn main() -> ExitCode {
    let _profiler = dhat::Profiler::builder().testing().build();
    let mut counter = Counter::default();
    visit_all(&mut counter);

    println!("Heap blocks per request (building the request, answering it, dropping the response); added = minus the baseline, with bytes.\n");
    println!("| case | baseline | ours | ours, policy API | tower-http | added by ours | added by tower-http |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut failures = Vec::new();
    for row in &counter.rows {
        let case = match row.case.origins {
            Some(1) => format!("{}, 1 origin", row.case.title),
            Some(count) => format!("{}, {count} origins", row.case.title),
            None => row.case.title.to_string(),
        };
        let ours_added = row.ours.minus(row.baseline);
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            case,
            number(row.baseline.blocks),
            number(row.ours.blocks),
            number(row.ours_policy_api.blocks),
            number(row.tower_http.blocks),
            added(ours_added),
            added(row.tower_http.minus(row.baseline)),
        );
        // Preflight answers build a fresh response; so does the baseline handler, with the same
        // two blocks of a header map. Either way ours may add nothing.
        let worst = ours_added
            .blocks
            .max(row.ours_policy_api.minus(row.baseline).blocks);
        if worst > 0.0 {
            failures.push(format!("{case}: ours added {} blocks", number(worst)));
        }
    }

    println!("\nThrough an axum `Router` (a preflight's baseline is the router's `405`):\n");
    println!("| case | baseline | ours | tower-http | added by ours | added by tower-http |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut routers = Routers::new();
    for case in router_cases() {
        check_router_answers(&case, &mut routers);
        let baseline = count(|| drop(answer(&mut routers.baseline, (case.request)())));
        let ours = count(|| drop(answer(&mut routers.ours, (case.request)())));
        let tower_http = count(|| drop(answer(&mut routers.tower_http, (case.request)())));
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            case.title,
            number(baseline.blocks),
            number(ours.blocks),
            number(tower_http.blocks),
            added(ours.minus(baseline)),
            added(tower_http.minus(baseline)),
        );
        let preflight = case.baseline == http::StatusCode::METHOD_NOT_ALLOWED;
        if !preflight && ours.minus(baseline).blocks > 0.0 {
            failures.push(format!(
                "{} through a Router: ours added {} blocks",
                case.title,
                number(ours.minus(baseline).blocks)
            ));
        }
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "\nover the issue's allocation targets:\n  {}",
            failures.join("\n  ")
        );
        ExitCode::FAILURE
    }
}
