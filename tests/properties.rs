//! Properties over arbitrary header bytes, through a real axum `Router`, checked against an
//! oracle written here independently of the runtime.
//!
//! For preflights and actual requests against several policies (an exact list, `["*"]`,
//! subdomain patterns, credentials, a predicate, origins from the environment, `cors_route!`),
//! with header values drawn from every byte a `HeaderValue` may hold (obs-text `0x80..=0xFF`
//! included) and repeated header lines:
//!
//! - nothing panics;
//! - `Access-Control-Allow-Origin` is `*` only for a `["*"]` policy (never with credentials),
//!   otherwise exactly the request's single `Origin`, and only when the oracle allows it;
//! - a refused preflight (non-2xx) has no `Access-Control-Allow-*` header;
//! - every response of an origin-dependent policy has `Vary: Origin`.
//!
//! Case counts are modest so that the file runs in seconds; `PROPTEST_CASES=100000` runs deeper.

use std::cell::RefCell;
use std::sync::Once;

use axum::body::Body;
use axum::routing::get;
use axum::Router;
use cors_runtime::{
    cors, cors_handler, cors_route, preflight, MAX_REQUESTED_HEADERS, MAX_REQUEST_HEADERS_BYTES,
};
use cors_tests::send;
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;

// ---------------------------------------------------------------------------------------------
// The policies under test, and the same policies restated as plain data for the oracle.

#[cors(
    origins = [
        "https://a.example.com",
        "https://b.example.com",
        "https://ab.example.com",
        "https://a.example.co",
        "http://a.example.com",
        "https://a.example.com:8443",
        "http://localhost:5173",
        "http://localhost:5174",
        "http://127.0.0.1:8080",
        "https://xn--bcher-kva.example",
    ],
    methods = [GET, POST],
    headers = ["content-type", "x-api-key"],
    expose_headers = ["x-request-id"],
)]
async fn exact() -> &'static str {
    "exact"
}

#[cors(origins = ["*"], methods = [GET, PUT], headers = ["*"], max_age = 60)]
async fn any_origin() -> &'static str {
    "any"
}

#[cors(
    origins = ["https://*.example.com", "https://*.example.net:8443", "https://app.example.org"],
    methods = [GET, DELETE],
    headers = ["x-api-key"],
)]
async fn patterned() -> &'static str {
    "patterned"
}

#[cors(
    origins = ["https://a.example.com", "https://*.tenants.example.org"],
    methods = [POST, PATCH],
    headers = ["content-type", "authorization"],
    credentials = true,
    max_age = 600,
    private_network = true,
)]
async fn credentialed() -> &'static str {
    "credentialed"
}

/// The careless suffix check a user might write; the runtime shows it only serialized origins.
fn naive_tenant(origin: &str) -> bool {
    origin.starts_with("https://") && origin.ends_with(".tenants.example.org")
}

#[cors(
    origins = ["https://app.example.org"],
    origin_fn = naive_tenant,
    methods = [GET],
    credentials = true,
)]
async fn predicate() -> &'static str {
    "predicate"
}

/// The exact list again, behind `cors_route!`, whose 405 for unrouted methods carries CORS.
#[cors(
    origins = [
        "https://a.example.com",
        "https://b.example.com",
        "https://ab.example.com",
        "https://a.example.co",
        "http://a.example.com",
        "https://a.example.com:8443",
        "http://localhost:5173",
        "http://localhost:5174",
        "http://127.0.0.1:8080",
        "https://xn--bcher-kva.example",
    ],
    methods = [GET],
    headers = ["content-type", "x-api-key"],
)]
async fn routed() -> &'static str {
    "routed"
}

/// Origins read from the environment at first use (set by [`environment`] before any request).
#[cors(origins_env = "CORS_PROPERTIES_ORIGINS", methods = [GET], headers = ["x-api-key"])]
async fn from_environment() -> &'static str {
    "env"
}

const ENVIRONMENT_ORIGINS: &str =
    " https://env.example.com,https://*.env.example.net , http://localhost:3000,https://*.env.example.com:8443";

static ENVIRONMENT: Once = Once::new();

/// Sets the variable `from_environment` reads, before anything in this binary reads it.
fn environment() {
    ENVIRONMENT.call_once(|| std::env::set_var("CORS_PROPERTIES_ORIGINS", ENVIRONMENT_ORIGINS));
}

const EXACT_ORIGINS: &[&str] = &[
    "https://a.example.com",
    "https://b.example.com",
    "https://ab.example.com",
    "https://a.example.co",
    "http://a.example.com",
    "https://a.example.com:8443",
    "http://localhost:5173",
    "http://localhost:5174",
    "http://127.0.0.1:8080",
    "https://xn--bcher-kva.example",
];

enum Origins {
    Any,
    Rules {
        exact: &'static [&'static str],
        patterns: &'static [&'static str],
        predicate: Option<fn(&str) -> bool>,
    },
}

struct Spec {
    path: &'static str,
    origins: Origins,
    methods: &'static [&'static str],
    /// `None` for `headers = ["*"]`.
    headers: Option<&'static [&'static str]>,
    credentials: bool,
    private_network: bool,
}

const SPECS: [Spec; 7] = [
    Spec {
        path: "/exact",
        origins: Origins::Rules {
            exact: EXACT_ORIGINS,
            patterns: &[],
            predicate: None,
        },
        methods: &["GET", "HEAD", "POST"],
        headers: Some(&["content-type", "x-api-key"]),
        credentials: false,
        private_network: false,
    },
    Spec {
        path: "/any",
        origins: Origins::Any,
        methods: &["GET", "HEAD", "PUT"],
        headers: None,
        credentials: false,
        private_network: false,
    },
    Spec {
        path: "/patterned",
        origins: Origins::Rules {
            exact: &["https://app.example.org"],
            patterns: &["https://*.example.com", "https://*.example.net:8443"],
            predicate: None,
        },
        methods: &["GET", "HEAD", "DELETE"],
        headers: Some(&["x-api-key"]),
        credentials: false,
        private_network: false,
    },
    Spec {
        path: "/credentialed",
        origins: Origins::Rules {
            exact: &["https://a.example.com"],
            patterns: &["https://*.tenants.example.org"],
            predicate: None,
        },
        methods: &["POST", "PATCH"],
        headers: Some(&["content-type", "authorization"]),
        credentials: true,
        private_network: true,
    },
    Spec {
        path: "/predicate",
        origins: Origins::Rules {
            exact: &["https://app.example.org"],
            patterns: &[],
            predicate: Some(naive_tenant),
        },
        methods: &["GET", "HEAD"],
        headers: Some(&[]),
        credentials: true,
        private_network: false,
    },
    Spec {
        path: "/routed",
        origins: Origins::Rules {
            exact: EXACT_ORIGINS,
            patterns: &[],
            predicate: None,
        },
        methods: &["GET", "HEAD"],
        headers: Some(&["content-type", "x-api-key"]),
        credentials: false,
        private_network: false,
    },
    Spec {
        path: "/env",
        origins: Origins::Rules {
            exact: &["https://env.example.com", "http://localhost:3000"],
            patterns: &[
                "https://*.env.example.net",
                "https://*.env.example.com:8443",
            ],
            predicate: None,
        },
        methods: &["GET", "HEAD"],
        headers: Some(&["x-api-key"]),
        credentials: false,
        private_network: false,
    },
];

fn router() -> Router {
    Router::new()
        .route(
            "/exact",
            get(cors_handler!(exact))
                .post(cors_handler!(exact))
                .put(cors_handler!(exact))
                .delete(cors_handler!(exact))
                .patch(cors_handler!(exact))
                .options(preflight!(exact)),
        )
        .route(
            "/any",
            get(cors_handler!(any_origin))
                .post(cors_handler!(any_origin))
                .put(cors_handler!(any_origin))
                .delete(cors_handler!(any_origin))
                .patch(cors_handler!(any_origin))
                .options(preflight!(any_origin)),
        )
        .route(
            "/patterned",
            get(cors_handler!(patterned))
                .post(cors_handler!(patterned))
                .put(cors_handler!(patterned))
                .delete(cors_handler!(patterned))
                .patch(cors_handler!(patterned))
                .options(preflight!(patterned)),
        )
        .route(
            "/credentialed",
            get(cors_handler!(credentialed))
                .post(cors_handler!(credentialed))
                .put(cors_handler!(credentialed))
                .delete(cors_handler!(credentialed))
                .patch(cors_handler!(credentialed))
                .options(preflight!(credentialed)),
        )
        .route(
            "/predicate",
            get(cors_handler!(predicate))
                .post(cors_handler!(predicate))
                .put(cors_handler!(predicate))
                .delete(cors_handler!(predicate))
                .patch(cors_handler!(predicate))
                .options(preflight!(predicate)),
        )
        .route("/routed", cors_route!(get(routed)))
        .route(
            "/env",
            get(cors_handler!(from_environment))
                .post(cors_handler!(from_environment))
                .put(cors_handler!(from_environment))
                .delete(cors_handler!(from_environment))
                .patch(cors_handler!(from_environment))
                .options(preflight!(from_environment)),
        )
}

// ---------------------------------------------------------------------------------------------
// The oracle: what a correct policy answers, written from the Fetch Standard and the crate docs
// rather than from the runtime's code.

/// Dot-separated labels of lower-case letters, digits and `-`, none empty: a host as browsers
/// serialize it (IDNs already in punycode).
fn is_serialized_host(host: &str) -> bool {
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        })
}

/// `scheme://*.domain[:port]` against an origin: same scheme, same port (or none), and a host
/// of at least one whole label followed by `.domain`.
fn pattern_allows(pattern: &str, origin: &str) -> bool {
    let (scheme, rest) = pattern.split_once("://*.").expect("a subdomain pattern");
    let (domain, port) = match rest.split_once(':') {
        Some((domain, port)) => (domain, Some(port)),
        None => (rest, None),
    };
    let Some((origin_scheme, origin_rest)) = origin.split_once("://") else {
        return false;
    };
    let (host, origin_port) = match origin_rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (origin_rest, None),
    };
    let subdomain = host
        .strip_suffix(domain)
        .and_then(|host| host.strip_suffix('.'));
    origin_scheme == scheme && origin_port == port && subdomain.is_some_and(is_serialized_host)
}

/// The `Access-Control-Allow-Origin` a correct policy sends, given every `Origin` line.
fn expected_allow_origin(spec: &Spec, origins: &[Vec<u8>]) -> Option<Vec<u8>> {
    let (exact, patterns, predicate) = match &spec.origins {
        Origins::Any => return Some(b"*".to_vec()),
        Origins::Rules {
            exact,
            patterns,
            predicate,
        } => (exact, patterns, predicate),
    };
    let [origin] = origins else { return None };
    let text = std::str::from_utf8(origin).ok()?;
    let allowed = exact.contains(&text)
        || patterns.iter().any(|pattern| pattern_allows(pattern, text))
        || predicate.is_some_and(|predicate| {
            // For a predicate the runtime's promise is "only serialized origins", so check what
            // a browser could have sent: https, a serialized host, no port.
            text.strip_prefix("https://")
                .is_some_and(is_serialized_host)
                && predicate(text)
        });
    allowed.then(|| origin.clone())
}

fn trim_whitespace(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|byte| *byte != b' ' && *byte != b'\t');
    let Some(start) = start else { return &[] };
    let end = bytes
        .iter()
        .rposition(|byte| *byte != b' ' && *byte != b'\t')
        .map_or(start, |end| end + 1);
    &bytes[start..end]
}

/// Whether the requested headers pass: each non-empty entry, trimmed, is a listed name in any
/// case, within the documented bounds on entries and bytes.
fn requested_headers_allowed(spec: &Spec, lines: &[Vec<u8>]) -> bool {
    let Some(allowed) = spec.headers else {
        return true;
    };
    let bytes: usize = lines.iter().map(Vec::len).sum();
    let entries: Vec<&[u8]> = lines
        .iter()
        .flat_map(|line| line.split(|byte| *byte == b','))
        .collect();
    bytes <= MAX_REQUEST_HEADERS_BYTES
        && entries.len() <= MAX_REQUESTED_HEADERS
        && entries.iter().all(|entry| {
            let name = trim_whitespace(entry);
            name.is_empty()
                || allowed
                    .iter()
                    .any(|allowed| allowed.as_bytes().eq_ignore_ascii_case(name))
        })
}

fn is_origin_dependent(spec: &Spec) -> bool {
    !matches!(spec.origins, Origins::Any)
}

// ---------------------------------------------------------------------------------------------
// Generated requests.

/// Every byte a `HeaderValue` accepts: visible ASCII and space, tab, and obs-text.
fn header_byte() -> BoxedStrategy<u8> {
    prop_oneof![
        8 => 0x20u8..=0x7e,
        2 => 0x80u8..=0xff,
        1 => Just(b'\t'),
    ]
    .boxed()
}

fn arbitrary_value(max_len: usize) -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(header_byte(), 0..max_len).boxed()
}

/// Allowed origins of every policy, origins their patterns and predicate admit, and
/// look-alikes: the seeds that mutation starts from.
const ORIGIN_SEEDS: &[&str] = &[
    "https://a.example.com",
    "https://b.example.com",
    "https://ab.example.com",
    "https://a.example.co",
    "http://a.example.com",
    "https://a.example.com:8443",
    "http://localhost:5173",
    "http://localhost:5174",
    "http://127.0.0.1:8080",
    "https://xn--bcher-kva.example",
    "https://app.example.org",
    "https://x.y.example.com",
    "https://eu.example.net:8443",
    "https://acme.tenants.example.org",
    "https://a.example.com.evil.net",
    "https://evila.example.com",
    "https://example.com",
    "https://tenants.example.org",
    "https://env.example.com",
    "https://x.env.example.net",
    "https://x.env.example.com:8443",
    "null",
    "*",
    "",
];

/// One edit of a seed: replace, insert or delete a byte.
fn edit(mut origin: Vec<u8>, edits: Vec<(prop::sample::Index, u8, u8)>) -> Vec<u8> {
    for (index, kind, byte) in edits {
        let position = index.index(origin.len() + 1);
        match kind {
            0 if position < origin.len() => origin[position] = byte,
            1 => origin.insert(position, byte),
            _ if position < origin.len() => {
                origin.remove(position);
            }
            _ => origin.push(byte),
        }
    }
    origin
}

fn label() -> BoxedStrategy<String> {
    prop_oneof![
        8 => "[a-z0-9-]{1,6}",
        2 => "[a-zA-Z0-9_`}%.-]{0,5}",
    ]
    .boxed()
}

fn generated_subdomain() -> BoxedStrategy<Vec<u8>> {
    (
        select(
            &[
                "https://", "https://", "https://", "http://", "wss://", "HTTPS://",
            ][..],
        ),
        proptest::collection::vec(label(), 1..3),
        select(
            &[
                ".example.com",
                ".example.net:8443",
                ".example.net",
                ".tenants.example.org",
                ".env.example.net",
                ".example.org",
                ".example.com:443",
                ".example.com:8443",
                ".example.com.",
                ".example.com/",
            ][..],
        ),
    )
        .prop_map(|(scheme, labels, suffix)| {
            format!("{scheme}{}{suffix}", labels.join(".")).into_bytes()
        })
        .boxed()
}

fn origin_value() -> BoxedStrategy<Vec<u8>> {
    let seed = select(ORIGIN_SEEDS).prop_map(|seed| seed.as_bytes().to_vec());
    prop_oneof![
        3 => seed.clone(),
        3 => (
            seed,
            proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, header_byte()), 1..3),
        )
            .prop_map(|(seed, edits)| edit(seed, edits)),
        3 => generated_subdomain(),
        2 => arbitrary_value(48),
    ]
    .boxed()
}

/// Header lines: usually one, sometimes none, sometimes repeated.
fn lines<S: Strategy<Value = Vec<u8>> + Clone + 'static>(value: S) -> BoxedStrategy<Vec<Vec<u8>>> {
    prop_oneof![
        1 => Just(Vec::new()),
        8 => value.clone().prop_map(|value| vec![value]),
        1 => proptest::collection::vec(value, 2..4),
    ]
    .boxed()
}

fn method_value() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        8 => select(
            &[
                "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "patch", "get", "OPTIONS",
                "CONNECT", "PURGE", " GET", "GET ", "*",
            ][..]
        )
        .prop_map(|method| method.as_bytes().to_vec()),
        1 => arbitrary_value(12),
    ]
    .boxed()
}

fn request_headers_value() -> BoxedStrategy<Vec<u8>> {
    let name = prop_oneof![
        6 => select(
            &[
                "content-type", "x-api-key", "authorization", "Content-Type", "X-API-KEY",
                "x-other", "cookie", "", " ", "content-type ", "\tx-api-key",
            ][..]
        )
        .prop_map(str::to_string),
        1 => arbitrary_value(12).prop_map(|bytes| bytes.into_iter().map(char::from).collect()),
    ];
    prop_oneof![
        6 => (
            proptest::collection::vec(name, 0..6),
            select(&[",", ", ", " ,", ",,", "\t,\t"][..]),
        )
            .prop_map(|(names, separator)| names.join(separator).into_bytes()),
        // Long lists around the documented bounds on entries and bytes.
        2 => (
            select(&[",", "content-type,", "x-api-key, ", " "][..]),
            0usize..(MAX_REQUEST_HEADERS_BYTES / 4),
        )
            .prop_map(|(piece, count)| piece.repeat(count).into_bytes()),
        2 => arbitrary_value(64),
    ]
    .boxed()
}

fn private_network_value() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        4 => select(&["true", "TRUE", "false", "", " true"][..])
            .prop_map(|value| value.as_bytes().to_vec()),
        1 => arbitrary_value(8),
    ]
    .boxed()
}

/// Unrelated headers a request may carry, some of which the runtime reads or writes.
fn other_headers() -> BoxedStrategy<Vec<(&'static str, Vec<u8>)>> {
    proptest::collection::vec(
        (
            select(
                &[
                    "vary",
                    "cookie",
                    "authorization",
                    "x-api-key",
                    "accept",
                    "host",
                    "x-forwarded-host",
                    "access-control-allow-origin",
                ][..],
            ),
            arbitrary_value(24),
        ),
        0..3,
    )
    .boxed()
}

#[derive(Debug, Clone)]
struct Generated {
    policy: usize,
    method: &'static str,
    origins: Vec<Vec<u8>>,
    request_methods: Vec<Vec<u8>>,
    request_headers: Vec<Vec<u8>>,
    private_network: Vec<Vec<u8>>,
    others: Vec<(&'static str, Vec<u8>)>,
}

impl Generated {
    fn request(&self) -> Request<Body> {
        let mut request = Request::builder()
            .method(self.method)
            .uri(SPECS[self.policy].path)
            .body(Body::empty())
            .expect("a valid request line");
        let headers = request.headers_mut();
        let mut add = |name: &'static str, value: &[u8]| {
            let value = HeaderValue::from_bytes(value).expect("generated bytes are header bytes");
            headers.append(HeaderName::from_static(name), value);
        };
        for origin in &self.origins {
            add("origin", origin);
        }
        for method in &self.request_methods {
            add("access-control-request-method", method);
        }
        for value in &self.request_headers {
            add("access-control-request-headers", value);
        }
        for value in &self.private_network {
            add("access-control-request-private-network", value);
        }
        for (name, value) in &self.others {
            add(name, value);
        }
        request
    }

    fn is_preflight(&self) -> bool {
        self.method == "OPTIONS" && !self.origins.is_empty() && !self.request_methods.is_empty()
    }
}

/// Origins the policy admits, for requests that should pass.
fn plausible_origin(spec: &Spec) -> BoxedStrategy<Vec<u8>> {
    let examples: &'static [&'static str] = match spec.path {
        "/any" => &["https://anyone.example", "null"],
        "/patterned" => &[
            "https://app.example.org",
            "https://a.example.com",
            "https://x-1.y.example.com",
            "https://eu.example.net:8443",
        ],
        "/credentialed" => &[
            "https://a.example.com",
            "https://acme.tenants.example.org",
            "https://a.b.tenants.example.org",
        ],
        "/predicate" => &[
            "https://app.example.org",
            "https://acme.tenants.example.org",
            "https://x.y.tenants.example.org",
        ],
        "/env" => &[
            "https://env.example.com",
            "http://localhost:3000",
            "https://a.env.example.net",
            "https://a.b.env.example.com:8443",
        ],
        _ => EXACT_ORIGINS,
    };
    select(examples)
        .prop_map(|origin| origin.as_bytes().to_vec())
        .boxed()
}

/// Requested headers the policy admits, in any case and with optional white space.
fn plausible_request_headers(spec: &Spec) -> BoxedStrategy<Vec<u8>> {
    let names: &'static [&'static str] = match spec.headers {
        None => &["x-anything", "authorization", "content-type"],
        Some([]) => return Just(Vec::new()).boxed(),
        Some(names) => names,
    };
    (
        proptest::collection::vec(select(names), 1..4),
        any::<bool>(),
        select(&[",", ", ", " , "][..]),
    )
        .prop_map(|(names, upper, separator)| {
            let list = names.join(separator);
            let list = if upper {
                list.to_ascii_uppercase()
            } else {
                list
            };
            list.into_bytes()
        })
        .boxed()
}

fn generated(methods: &'static [&'static str]) -> BoxedStrategy<Generated> {
    (0..SPECS.len())
        .prop_flat_map(move |policy| {
            let spec = &SPECS[policy];
            let spec_methods = select(spec.methods).prop_map(|method| method.as_bytes().to_vec());
            (
                Just(policy),
                select(methods),
                lines(prop_oneof![2 => plausible_origin(spec), 3 => origin_value()].boxed()),
                lines(prop_oneof![2 => spec_methods, 1 => method_value()].boxed()),
                prop_oneof![
                    1 => Just(Vec::new()),
                    2 => plausible_request_headers(spec).prop_map(|value| vec![value]),
                    2 => lines(request_headers_value()),
                ],
                prop_oneof![3 => Just(Vec::new()), 1 => lines(private_network_value())],
                other_headers(),
            )
        })
        .prop_map(
            |(
                policy,
                method,
                origins,
                request_methods,
                request_headers,
                private_network,
                others,
            )| {
                Generated {
                    policy,
                    method,
                    origins,
                    request_methods,
                    request_headers,
                    private_network,
                    others,
                }
            },
        )
        .boxed()
}

/// Mostly preflights, some `OPTIONS` requests that are not.
fn preflights() -> BoxedStrategy<Generated> {
    generated(&["OPTIONS"])
}

fn actual_requests() -> BoxedStrategy<Generated> {
    generated(&["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]).boxed()
}

// ---------------------------------------------------------------------------------------------
// Running a request and checking the properties.

thread_local! {
    static RUNTIME: RefCell<Option<tokio::runtime::Runtime>> = const { RefCell::new(None) };
}

static SUBSCRIBER: Once = Once::new();

fn respond(request: Request<Body>) -> Response<Body> {
    environment();
    // With a subscriber at `debug`, every refusal is also explained (the `tracing` feature),
    // so the explanation code sees the same arbitrary bytes. The output goes nowhere.
    SUBSCRIBER.call_once(|| {
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(std::io::sink)
            .try_init();
    });
    RUNTIME.with(|runtime| {
        let mut runtime = runtime.borrow_mut();
        let runtime = runtime.get_or_insert_with(|| {
            tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("a current-thread runtime")
        });
        runtime.block_on(send(&router(), request))
    })
}

fn all(headers: &HeaderMap, name: &str) -> Vec<Vec<u8>> {
    headers
        .get_all(name)
        .iter()
        .map(|value| value.as_bytes().to_vec())
        .collect()
}

fn varies_on_origin(headers: &HeaderMap) -> bool {
    headers.get_all("vary").iter().any(|value| {
        value
            .as_bytes()
            .split(|byte| *byte == b',')
            .any(|token| trim_whitespace(token).eq_ignore_ascii_case(b"origin"))
    })
}

fn show(bytes: &[Vec<u8>]) -> Vec<String> {
    bytes
        .iter()
        .map(|value| String::from_utf8_lossy(value).into_owned())
        .collect()
}

/// The properties every response must have, preflight or not.
fn check_common(
    spec: &Spec,
    generated: &Generated,
    response: &Response<Body>,
) -> Result<(), TestCaseError> {
    let headers = response.headers();
    let allow_origin = all(headers, "access-control-allow-origin");
    prop_assert!(
        allow_origin.len() <= 1,
        "repeated ACAO: {:?}",
        show(&allow_origin)
    );
    if let Some(value) = allow_origin.first() {
        match spec.origins {
            Origins::Any => {
                prop_assert_eq!(value.as_slice(), b"*");
                prop_assert!(!spec.credentials);
            }
            Origins::Rules { .. } => {
                prop_assert_eq!(
                    generated.origins.len(),
                    1,
                    "ACAO {:?} for origins {:?}",
                    String::from_utf8_lossy(value),
                    show(&generated.origins)
                );
                prop_assert_eq!(
                    value,
                    &generated.origins[0],
                    "ACAO is not the request's origin"
                );
                prop_assert!(
                    expected_allow_origin(spec, &generated.origins).is_some(),
                    "{} allowed {:?}, which the oracle refuses",
                    spec.path,
                    String::from_utf8_lossy(value)
                );
            }
        }
    }
    let credentials = all(headers, "access-control-allow-credentials");
    if spec.credentials && !allow_origin.is_empty() {
        prop_assert_eq!(show(&credentials), ["true"]);
    } else {
        prop_assert!(
            credentials.is_empty(),
            "ACAC {:?} without an allowed credentialed origin",
            show(&credentials)
        );
    }
    if is_origin_dependent(spec) {
        prop_assert!(
            varies_on_origin(headers),
            "{} {} ({}): no `Vary: Origin` in {:?}",
            generated.method,
            spec.path,
            response.status(),
            headers
        );
    }
    Ok(())
}

fn check_preflight(generated: &Generated) -> Result<(), TestCaseError> {
    let spec = &SPECS[generated.policy];
    let response = respond(generated.request());
    check_common(spec, generated, &response)?;
    let headers = response.headers();
    if !generated.is_preflight() {
        // An `OPTIONS` that is not a preflight gets a 405, with actual-request headers.
        prop_assert_eq!(response.status(), http::StatusCode::METHOD_NOT_ALLOWED);
        prop_assert!(headers.get("access-control-allow-methods").is_none());
        return Ok(());
    }
    let allow_origin = match generated.origins.as_slice() {
        [_] => expected_allow_origin(spec, &generated.origins),
        _ => None,
    };
    let method_allowed = match generated.request_methods.as_slice() {
        [method] => spec
            .methods
            .iter()
            .any(|allowed| allowed.as_bytes() == method),
        _ => false,
    };
    let accepted = allow_origin.is_some()
        && method_allowed
        && requested_headers_allowed(spec, &generated.request_headers);
    prop_assert_eq!(
        response.status().is_success(),
        accepted,
        "{}: status {} for {:?}",
        spec.path,
        response.status(),
        generated
    );
    if accepted {
        prop_assert_eq!(
            all(headers, "access-control-allow-origin"),
            vec![allow_origin.expect("accepted")]
        );
        prop_assert!(headers.get("access-control-allow-methods").is_some());
        let asked = matches!(generated.private_network.as_slice(), [value] if value == b"true");
        prop_assert_eq!(
            headers.contains_key("access-control-allow-private-network"),
            spec.private_network && asked
        );
    } else {
        let allow_headers: Vec<&str> = headers
            .keys()
            .map(HeaderName::as_str)
            .filter(|name| name.starts_with("access-control-allow-"))
            .collect();
        prop_assert!(
            allow_headers.is_empty(),
            "refused preflight ({}) carries {:?}",
            response.status(),
            allow_headers
        );
    }
    Ok(())
}

fn check_actual(generated: &Generated) -> Result<(), TestCaseError> {
    let spec = &SPECS[generated.policy];
    let response = respond(generated.request());
    check_common(spec, generated, &response)?;
    // Every method here reaches the handler or `cors_route!`'s 405, so the answer is exactly
    // the oracle's, both ways.
    let expected = expected_allow_origin(spec, &generated.origins);
    prop_assert_eq!(
        all(response.headers(), "access-control-allow-origin"),
        expected.into_iter().collect::<Vec<_>>(),
        "{} {} from {:?}",
        generated.method,
        spec.path,
        show(&generated.origins)
    );
    prop_assert!(response
        .headers()
        .get("access-control-allow-methods")
        .is_none());
    prop_assert!(response
        .headers()
        .get("access-control-allow-private-network")
        .is_none());
    Ok(())
}

fn config(default_cases: u32) -> ProptestConfig {
    let config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_some() {
        config
    } else {
        ProptestConfig {
            cases: default_cases,
            ..config
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn preflights_hold_the_properties(generated in preflights()) {
        check_preflight(&generated)?;
    }

    #[test]
    fn actual_requests_hold_the_properties(generated in actual_requests()) {
        check_actual(&generated)?;
    }
}

proptest! {
    #![proptest_config(config(2048))]

    /// The public API without a router: `allowed_origin` and `apply` on arbitrary header maps.
    #[test]
    fn the_public_api_agrees_with_the_oracle(
        policy in 0..SPECS.len(),
        origins in lines(origin_value()),
        vary in proptest::collection::vec(arbitrary_value(24), 0..3),
    ) {
        environment();
        let spec = &SPECS[policy];
        let cors = match policy {
            0 => &exact::CORS,
            1 => &any_origin::CORS,
            2 => &patterned::CORS,
            3 => &credentialed::CORS,
            4 => &predicate::CORS,
            5 => &routed::CORS,
            _ => &from_environment::CORS,
        };
        let mut request = HeaderMap::new();
        for origin in &origins {
            request.append("origin", HeaderValue::from_bytes(origin).expect("header bytes"));
        }
        let allowed = cors.allowed_origin(&request);
        let expected = expected_allow_origin(spec, &origins);
        prop_assert_eq!(allowed.as_ref().map(|value| value.as_bytes().to_vec()), expected);
        prop_assert_eq!(cors.depends_on_origin(), is_origin_dependent(spec));
        prop_assert!(!cors_runtime::is_preflight(&Method::GET, &request));

        let mut response = HeaderMap::new();
        for value in &vary {
            response.append("vary", HeaderValue::from_bytes(value).expect("header bytes"));
        }
        let vary_before = all(&response, "vary");
        cors.apply(allowed, &mut response);
        let vary_after = all(&response, "vary");
        // `Vary` is appended, never overwritten, and holds `Origin` (or `*`) afterwards.
        prop_assert_eq!(&vary_after[..vary_before.len()], &vary_before[..]);
        if is_origin_dependent(spec) {
            let varies_on_everything = vary_after.iter().any(|value| {
                value.split(|byte| *byte == b',').any(|token| trim_whitespace(token) == b"*")
            });
            prop_assert!(varies_on_origin(&response) || varies_on_everything);
        }
    }
}
