//! The server that the browser suite (`browser/run.mjs`) drives headless Chromium against.
//!
//! Two kinds of listener, all on 127.0.0.1, with fixed ports because `#[cors]` origins are
//! compile-time literals that include the port. The ports lie below Linux's ephemeral range
//! (32768-60999), so no client socket on the machine can be holding one by chance:
//!
//! - pages, on [`PAGE_PORT`] and [`OTHER_PAGE_PORT`]: a blank document at `/` and a page with a
//!   sandboxed iframe at `/sandboxed`, for any `Host`. Chromium maps every `*.test` host to
//!   127.0.0.1 (`--host-resolver-rules`), so `http://app.test:27301`, `http://evil.test:27301`
//!   and `http://sub.app.test:27301` are distinct origins served by one listener.
//! - the API, on [`API_PORT`] (`http://api.test:27302`): handlers with varied `#[cors]`
//!   policies, plus `/__count` and `/__reset`, which the runner calls with plain Node `http` (not
//!   through the browser) to learn how many preflights and actual requests reached the server.
//!
//! Every API request except the `/__` ones is counted under its path and query, so a case that
//! puts a unique `?case=...` on its URL sees only its own requests.

use std::collections::HashMap;
use std::future::{Future, IntoFuture};
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::{Path, Query, Request, State};
use axum::http::header::ORIGIN;
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use cors_runtime::{cors, cors_handler, cors_policy, cors_route, is_preflight};
use serde::{Deserialize, Serialize};

/// The port of the pages whose origins are allowed or refused (`http://app.test:27301`, ...).
pub const PAGE_PORT: u16 = 27301;
/// The port of the API (`http://api.test:27302`).
pub const API_PORT: u16 = 27302;
/// A second page port, so that `http://app.test:27303` (the allowed host on another port) is an
/// origin too.
pub const OTHER_PAGE_PORT: u16 = 27303;

/// A blank document, so that the browser has a page on whatever origin it was opened with.
const BLANK_PAGE: &str = "<!doctype html>\n<meta charset=\"utf-8\">\n<title>cors browser tests</title>\n<p>A blank page on this origin.</p>\n";

/// A page whose iframe has an opaque origin: `sandbox` without `allow-same-origin` makes its
/// fetches send `Origin: null` (HTML Standard, "sandboxed origin browsing context flag").
const SANDBOXED_PAGE: &str = "<!doctype html>\n<meta charset=\"utf-8\">\n<title>cors browser tests: sandboxed</title>\n<iframe name=\"sandboxed\" sandbox=\"allow-scripts\" srcdoc=\"<!doctype html><title>sandboxed</title><p>opaque origin</p>\"></iframe>\n";

// ---------------------------------------------------------------------------------------------
// The API's handlers. Origins are literals (the attribute checks them at compile time), so the
// ports in them must match the constants above.
// ---------------------------------------------------------------------------------------------

/// Any page may read it, without credentials; `x-public-id` is exposed, `x-secret` is not.
#[cors(origins = ["*"], methods = [GET], expose_headers = ["x-public-id"])]
async fn public() -> impl IntoResponse {
    (
        [("x-public-id", "public-1"), ("x-secret", "hidden")],
        "public",
    )
}

/// Only the app may read it, without credentials; `x-exposed` is exposed, `x-hidden` is not.
#[cors(
    origins = ["http://app.test:27301"],
    methods = [GET],
    expose_headers = ["x-exposed"],
)]
async fn data() -> impl IntoResponse {
    (
        [("x-exposed", "visible"), ("x-hidden", "invisible")],
        "data",
    )
}

/// Only the app may read it, with credentials; `PUT` with a JSON body needs a credentialed
/// preflight. `allow_insecure_http`: the suite runs on loopback without TLS, so its origins are
/// plain http, which the attribute refuses next to `credentials = true` unless told.
#[cors(
    origins = ["http://app.test:27301"],
    methods = [GET, PUT],
    headers = ["content-type"],
    credentials = true,
    allow_insecure_http = true,
)]
async fn account(method: Method) -> String {
    format!("{method} account")
}

/// Three origins of one length that differ in a byte or two, against an origin check compiled to
/// a decision tree (length, then distinguishing bytes, then one comparison): mixtures of them
/// (`apm.test`, `adm.test:27303`) must not pass.
#[cors(
    origins = ["http://app.test:27301", "http://adm.test:27301", "http://app.test:27303"],
    methods = [GET],
)]
async fn multi() -> &'static str {
    "multi"
}

/// The item list: one of two handlers on `/items`.
#[cors(origins = ["http://app.test:27301"], methods = [GET])]
async fn list_items() -> Json<Vec<String>> {
    Json(vec!["widget".to_string()])
}

/// What `POST /items` takes.
#[derive(Deserialize)]
struct NewItem {
    name: String,
}

/// Creates an item from a JSON body; a bad body is axum's `Json` rejection (400, 415 or 422),
/// which the page must still be able to read.
#[cors(
    origins = ["http://app.test:27301"],
    methods = [POST],
    headers = ["content-type", "x-api-key"],
)]
async fn create_item(Json(item): Json<NewItem>) -> (StatusCode, String) {
    (StatusCode::CREATED, item.name)
}

/// One record; a non-numeric id is `Path<u32>`'s 400, which the page must still be able to read.
#[cors(origins = ["http://app.test:27301"], methods = [GET, DELETE])]
async fn record(method: Method, Path(id): Path<u32>) -> String {
    format!("{method} record {id}")
}

/// What `PATCH /records/{id}` takes.
#[derive(Deserialize)]
struct RecordPatch {
    name: String,
}

/// The other handler on `/records/{id}`, under a policy of its own (`preflight!` answers for
/// both). Two extractors: when the path is bad, its 400 is the answer and the body is not read.
#[cors(
    origins = ["http://app.test:27301"],
    methods = [PATCH],
    headers = ["content-type"],
)]
async fn update_record(Path(id): Path<u32>, Json(patch): Json<RecordPatch>) -> String {
    format!("PATCH record {id}: {}", patch.name)
}

/// What `PUT /profile` takes.
#[derive(Deserialize)]
struct Profile {
    name: String,
}

/// Credentialed JSON writes: a rejection must carry `Access-Control-Allow-Credentials` too, or
/// the page cannot read it. `allow_insecure_http`: as for `account`.
#[cors(
    origins = ["http://app.test:27301"],
    methods = [PUT],
    headers = ["content-type"],
    credentials = true,
    allow_insecure_http = true,
)]
async fn update_profile(Json(profile): Json<Profile>) -> String {
    format!("profile {}", profile.name)
}

/// What `GET /search` takes.
#[derive(Deserialize)]
struct Search {
    q: String,
}

/// A `Query` rejection (no `q`: 400) and the handler's own `Err` (`q=missing`: 404) must both
/// stay readable.
#[cors(origins = ["http://app.test:27301"], methods = [GET])]
async fn search(Query(search): Query<Search>) -> Result<String, (StatusCode, &'static str)> {
    if search.q == "missing" {
        return Err((StatusCode::NOT_FOUND, "nothing found"));
    }
    Ok(format!("found {}", search.q))
}

/// `POST /things`: one of two handlers on a path that routes no `GET`.
#[cors(origins = ["http://app.test:27301"], methods = [POST])]
async fn create_thing() -> StatusCode {
    StatusCode::CREATED
}

/// `DELETE /things`.
#[cors(origins = ["http://app.test:27301"], methods = [DELETE])]
async fn delete_thing() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// `PUT` needs a preflight; browsers may cache it for 600 s.
#[cors(origins = ["http://app.test:27301"], methods = [PUT], max_age = 600)]
async fn cached() -> &'static str {
    "cached"
}

/// `PUT` needs a preflight; `max_age = 0` forbids caching it.
#[cors(origins = ["http://app.test:27301"], methods = [PUT], max_age = 0)]
async fn uncached() -> &'static str {
    "uncached"
}

/// `PUT` needs a preflight; without `max_age` browsers cache it for 5 s.
#[cors(origins = ["http://app.test:27301"], methods = [PUT])]
async fn default_age() -> &'static str {
    "default age"
}

/// Any method, any request header, every response header exposed, for the app only.
#[cors(
    origins = ["http://app.test:27301"],
    methods = ["*"],
    headers = ["*"],
    expose_headers = ["*"],
)]
async fn wildcard(method: Method) -> impl IntoResponse {
    ([("x-anything", "readable")], format!("{method} wildcard"))
}

// ---------------------------------------------------------------------------------------------
// Origins beyond a fixed list, shared policies and preflight_status. The handlers whose origins
// are not a fixed list expose `access-control-allow-origin`, so that the page can read which
// origin the server answered with (it must be the page's own, never `*`).
// ---------------------------------------------------------------------------------------------

/// Every subdomain of `app.test` on the page port, at any depth, with credentials; never
/// `app.test` itself, a look-alike, or another port. `allow_insecure_http`: as for `account`.
#[cors(
    origins = ["http://*.app.test:27301"],
    methods = [GET, PUT],
    headers = ["content-type"],
    expose_headers = ["access-control-allow-origin", "x-pattern"],
    credentials = true,
    allow_insecure_http = true,
)]
async fn subdomains(method: Method) -> impl IntoResponse {
    ([("x-pattern", "matched")], format!("{method} subdomains"))
}

/// The variable the `from_env` handler reads its origins from, as named in its attribute.
pub const ENV_ORIGINS_VARIABLE: &str = "BROWSER_SUITE_ORIGINS";

/// What the suite sets [`ENV_ORIGINS_VARIABLE`] to before starting the server: an exact origin
/// (the app on the other page port) and a pattern (subdomains of `adm.test` on the page port).
/// `run.mjs` expects exactly these.
pub const ENV_ORIGINS: &str = "http://app.test:27303, http://*.adm.test:27301";

/// Origins only from the environment, read once, with credentials. `allow_insecure_http`: the
/// variable's plain-http origins are checked by the same rules as the attribute's.
#[cors(
    origins_env = "BROWSER_SUITE_ORIGINS",
    methods = [GET, PUT],
    headers = ["content-type"],
    expose_headers = ["access-control-allow-origin"],
    credentials = true,
    allow_insecure_http = true,
)]
async fn from_env(method: Method) -> String {
    format!("{method} from env")
}

/// The tenants the application knows, as a database cache would hold them:
/// `http://{acme,globex}.tenants.test:27301`.
fn is_tenant(origin: &str) -> bool {
    origin
        .strip_prefix("http://")
        .and_then(|rest| rest.strip_suffix(".tenants.test:27301"))
        .is_some_and(|tenant| ["acme", "globex"].contains(&tenant))
}

/// A listed origin, and the tenants the predicate admits.
#[cors(
    origins = ["http://app.test:27301"],
    origin_fn = is_tenant,
    methods = [GET, PUT],
    expose_headers = ["access-control-allow-origin"],
)]
async fn tenant(method: Method) -> String {
    format!("{method} tenant")
}

/// A careless predicate that says yes to everything it is asked about.
fn any_origin(_origin: &str) -> bool {
    true
}

/// Whatever origin the careless predicate is asked about, with credentials: its yes must be
/// answered with the page's own origin (a credentialed `*` is blocked by browsers), and
/// `Origin: null`, which is no serialized origin, must never be put to it.
#[cors(
    origin_fn = any_origin,
    methods = [GET, PUT],
    expose_headers = ["access-control-allow-origin"],
    credentials = true,
)]
async fn careless(method: Method) -> String {
    format!("{method} careless")
}

cors_policy!(NOTES:
    origins = ["http://app.test:27301", "http://*.app.test:27301"],
    headers = ["content-type"],
    expose_headers = ["x-policy"],
    credentials = true,
    allow_insecure_http = true,
);

/// The headers both `/notes` handlers send: `x-policy` is exposed by the shared policy,
/// `x-handler` only by `list_notes`'s own addition, `x-hidden` by neither.
const NOTE_HEADERS: [(&str, &str); 3] = [
    ("x-policy", "from the policy"),
    ("x-handler", "from the handler"),
    ("x-hidden", "invisible"),
];

/// `GET /notes`: the shared policy plus an exposed header of its own.
#[cors(policy = NOTES, methods = [GET], expose_headers = ["x-handler"])]
async fn list_notes() -> impl IntoResponse {
    (NOTE_HEADERS, "notes")
}

/// What `PUT /notes` takes.
#[derive(Deserialize)]
struct Note {
    text: String,
}

/// `PUT /notes`: the shared policy as it is, with `PUT`.
#[cors(policy = NOTES, methods = [PUT])]
async fn save_note(Json(note): Json<Note>) -> impl IntoResponse {
    (NOTE_HEADERS, format!("saved {}", note.text))
}

/// `PUT` needs a preflight, answered `200 OK` instead of `204 No Content`.
#[cors(origins = ["http://app.test:27301"], methods = [PUT], preflight_status = 200)]
async fn status_200() -> &'static str {
    "status 200"
}

// ---------------------------------------------------------------------------------------------
// Counting what reaches the API.
// ---------------------------------------------------------------------------------------------

/// How many preflights and other requests reached one path and query, the distinct `Origin`
/// values they carried (`"(none)"` for a request without one), so the runner can check that the
/// browser sent the origin the case is about, and the status of each preflight's answer, in
/// order, which the page itself cannot see.
#[derive(Clone, Default, Serialize)]
struct Count {
    preflights: u64,
    requests: u64,
    origins: Vec<String>,
    preflight_statuses: Vec<u16>,
}

/// The counts of every path and query since the last `/__reset`.
#[derive(Clone, Default)]
struct Counts(Arc<Mutex<HashMap<String, Count>>>);

impl Counts {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Count>> {
        // A panic while holding the lock leaves plain integers behind: still usable.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

async fn count_requests(State(counts): State<Counts>, request: Request, next: Next) -> Response {
    let key = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_string(), |p| p.to_string());
    if key.starts_with("/__") {
        return next.run(request).await;
    }
    let preflight = is_preflight(request.method(), request.headers());
    let origin = match request.headers().get(ORIGIN) {
        Some(value) => String::from_utf8_lossy(value.as_bytes()).into_owned(),
        None => "(none)".to_string(),
    };
    {
        let mut counts = counts.lock();
        let count = counts.entry(key.clone()).or_default();
        if preflight {
            count.preflights += 1;
        } else {
            count.requests += 1;
        }
        if !count.origins.contains(&origin) {
            count.origins.push(origin);
        }
    }
    let response = next.run(request).await;
    if preflight {
        let mut counts = counts.lock();
        counts
            .entry(key)
            .or_default()
            .preflight_statuses
            .push(response.status().as_u16());
    }
    response
}

#[derive(Deserialize)]
struct CountQuery {
    key: String,
}

async fn read_count(State(counts): State<Counts>, Query(query): Query<CountQuery>) -> Json<Count> {
    Json(counts.lock().get(&query.key).cloned().unwrap_or_default())
}

async fn reset_counts(State(counts): State<Counts>) -> StatusCode {
    counts.lock().clear();
    StatusCode::NO_CONTENT
}

// ---------------------------------------------------------------------------------------------
// Routers and listeners.
// ---------------------------------------------------------------------------------------------

fn api_router() -> Router {
    let counts = Counts::default();
    Router::new()
        .route("/public", cors_route!(get(public)))
        .route("/data", cors_route!(get(data)))
        .route("/multi", cors_route!(get(multi)))
        .route("/account", cors_route!(get(account), put(account)))
        .route("/items", cors_route!(get(list_items), post(create_item)))
        .route(
            "/records/{id}",
            cors_route!(get(record), delete(record), patch(update_record)),
        )
        .route("/profile", cors_route!(put(update_profile)))
        .route("/search", cors_route!(get(search)))
        .route(
            "/things",
            cors_route!(post(create_thing), delete(delete_thing)),
        )
        .route("/cached", cors_route!(put(cached)))
        .route("/uncached", cors_route!(put(uncached)))
        .route("/default-age", cors_route!(put(default_age)))
        .route(
            "/wildcard",
            cors_route!(get(wildcard)).fallback(cors_handler!(wildcard)),
        )
        .route("/subdomains", cors_route!(get(subdomains), put(subdomains)))
        .route("/from-env", cors_route!(get(from_env), put(from_env)))
        .route("/tenant", cors_route!(get(tenant), put(tenant)))
        .route("/careless", cors_route!(get(careless), put(careless)))
        .route("/notes", cors_route!(get(list_notes), put(save_note)))
        .route("/status-200", cors_route!(put(status_200)))
        .layer(middleware::from_fn_with_state(
            counts.clone(),
            count_requests,
        ))
        .route("/__count", get(read_count))
        .route("/__reset", post(reset_counts))
        .with_state(counts)
}

fn page_router() -> Router {
    Router::new()
        .route("/", get(|| async { Html(BLANK_PAGE) }))
        .route("/sandboxed", get(|| async { Html(SANDBOXED_PAGE) }))
}

fn bind(port: u16) -> io::Result<std::net::TcpListener> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = std::net::TcpListener::bind(address).map_err(|error| {
        io::Error::new(
            error.kind(),
            format!(
                "cannot listen on {address} ({error}); is an earlier test server still running?"
            ),
        )
    })?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// The bound listeners of the test server; [`Server::run`] serves them.
#[derive(Debug)]
pub struct Server {
    api: std::net::TcpListener,
    page: std::net::TcpListener,
    other_page: std::net::TcpListener,
}

impl Server {
    /// Binds 127.0.0.1 on [`API_PORT`], [`PAGE_PORT`] and [`OTHER_PAGE_PORT`]. Binding before
    /// serving lets a caller know the ports are taken before it starts a browser.
    pub fn bind() -> io::Result<Server> {
        Ok(Server {
            api: bind(API_PORT)?,
            page: bind(PAGE_PORT)?,
            other_page: bind(OTHER_PAGE_PORT)?,
        })
    }

    /// Serves the API and the pages until `shutdown` completes (or a listener fails). Must run
    /// inside a Tokio runtime.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> io::Result<()> {
        let api = tokio::net::TcpListener::from_std(self.api)?;
        let page = tokio::net::TcpListener::from_std(self.page)?;
        let other_page = tokio::net::TcpListener::from_std(self.other_page)?;
        tokio::select! {
            result = axum::serve(api, api_router()).into_future() => result,
            result = axum::serve(page, page_router()).into_future() => result,
            result = axum::serve(other_page, page_router()).into_future() => result,
            () = shutdown => Ok(()),
        }
    }
}
