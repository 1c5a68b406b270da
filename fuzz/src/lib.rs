//! What both fuzz targets share: policies generated with `#[cors]`, the decoding of a fuzz input
//! into request headers, and an oracle for what a correct policy answers, written from the
//! Fetch Standard and the crate docs rather than from the runtime's code.
//!
//! # Input format
//!
//! Text-like, so that seeds and the dictionary are readable (see `fuzz/README.md`):
//!
//! ```text
//! byte 0     which policy (modulo the number of policies)
//! byte 1     which request method (modulo the list below)
//! then       lines separated by `\n`; the first byte of a line names the header, the rest is
//!            its value: `o` Origin, `m` Access-Control-Request-Method, `h`
//!            Access-Control-Request-Headers, `p` Access-Control-Request-Private-Network,
//!            `v` a `Vary` the handler already set (actual-request target), anything else an
//!            unrelated `x-other` header. A header named twice is sent twice.
//! ```
//!
//! With the runtime's `tracing` feature and a `debug` subscriber that writes nowhere, every
//! refusal is also explained, so the explanation code formats the same bytes.
//!
//! Bytes a `HeaderValue` cannot hold (controls other than tab, DEL) are mapped onto printable
//! ones, so every input is a valid request and obs-text (`0x80..=0xFF`) stays as it is.

#![forbid(unsafe_code)]

use cors_runtime::{cors, Policy, MAX_REQUESTED_HEADERS, MAX_REQUEST_HEADERS_BYTES};
use http::{HeaderMap, HeaderName, HeaderValue, Method};

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
async fn exact() {}

#[cors(origins = ["*"], methods = [GET, PUT], headers = ["*"], max_age = 60)]
async fn any_origin() {}

#[cors(
    origins = ["https://*.example.com", "https://*.example.net:8443", "https://app.example.org"],
    methods = [GET, DELETE],
    headers = ["x-api-key"],
)]
async fn patterned() {}

#[cors(
    origins = ["https://a.example.com", "https://*.tenants.example.org"],
    methods = [POST, PATCH],
    headers = ["content-type", "authorization"],
    credentials = true,
    max_age = 600,
    private_network = true,
)]
async fn credentialed() {}

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
async fn predicate() {}

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

/// A policy as the oracle sees it.
pub struct Spec {
    pub policy: &'static Policy,
    /// `None` for `["*"]`.
    exact: Option<&'static [&'static str]>,
    patterns: &'static [&'static str],
    predicate: Option<fn(&str) -> bool>,
    methods: &'static [&'static str],
    /// `None` for `headers = ["*"]`.
    headers: Option<&'static [&'static str]>,
    pub credentials: bool,
    private_network: bool,
}

pub static SPECS: [Spec; 5] = [
    Spec {
        policy: &exact::CORS,
        exact: Some(EXACT_ORIGINS),
        patterns: &[],
        predicate: None,
        methods: &["GET", "HEAD", "POST"],
        headers: Some(&["content-type", "x-api-key"]),
        credentials: false,
        private_network: false,
    },
    Spec {
        policy: &any_origin::CORS,
        exact: None,
        patterns: &[],
        predicate: None,
        methods: &["GET", "HEAD", "PUT"],
        headers: None,
        credentials: false,
        private_network: false,
    },
    Spec {
        policy: &patterned::CORS,
        exact: Some(&["https://app.example.org"]),
        patterns: &["https://*.example.com", "https://*.example.net:8443"],
        predicate: None,
        methods: &["GET", "HEAD", "DELETE"],
        headers: Some(&["x-api-key"]),
        credentials: false,
        private_network: false,
    },
    Spec {
        policy: &credentialed::CORS,
        exact: Some(&["https://a.example.com"]),
        patterns: &["https://*.tenants.example.org"],
        predicate: None,
        methods: &["POST", "PATCH"],
        headers: Some(&["content-type", "authorization"]),
        credentials: true,
        private_network: true,
    },
    Spec {
        policy: &predicate::CORS,
        exact: Some(&["https://app.example.org"]),
        patterns: &[],
        predicate: Some(naive_tenant),
        methods: &["GET", "HEAD"],
        headers: Some(&[]),
        credentials: true,
        private_network: false,
    },
];

const METHODS: [Method; 7] = [
    Method::OPTIONS,
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
];

/// A decoded fuzz input.
pub struct Case {
    pub spec: &'static Spec,
    pub method: Method,
    pub request: HeaderMap,
    /// `Vary` values the handler set before the policy is applied.
    pub handler_vary: Vec<HeaderValue>,
}

const ORIGIN: HeaderName = HeaderName::from_static("origin");
const REQUEST_METHOD: HeaderName = HeaderName::from_static("access-control-request-method");
const REQUEST_HEADERS: HeaderName = HeaderName::from_static("access-control-request-headers");
const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
const OTHER: HeaderName = HeaderName::from_static("x-other");

/// Maps the bytes a header value cannot hold onto printable ones.
fn header_value(bytes: &[u8]) -> HeaderValue {
    let bytes: Vec<u8> = bytes
        .iter()
        .map(|&byte| match byte {
            b'\t' => byte,
            0x00..=0x1f => byte ^ 0x40,
            0x7f => b'?',
            _ => byte,
        })
        .collect();
    HeaderValue::from_bytes(&bytes).expect("only header bytes are left")
}

static SUBSCRIBER: std::sync::Once = std::sync::Once::new();

impl Case {
    pub fn decode(data: &[u8]) -> Option<Case> {
        // A `debug` subscriber writing nowhere: every refusal is explained, formatting the
        // fuzzed bytes, as it would be in a server that logs at `debug`.
        SUBSCRIBER.call_once(|| {
            let _ = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::DEBUG)
                .with_writer(std::io::sink)
                .try_init();
        });
        let (&[policy, method], lines) = data.split_first_chunk::<2>()?;
        let mut case = Case {
            spec: &SPECS[usize::from(policy) % SPECS.len()],
            method: METHODS[usize::from(method) % METHODS.len()].clone(),
            request: HeaderMap::new(),
            handler_vary: Vec::new(),
        };
        for line in lines.split(|byte| *byte == b'\n') {
            let Some((&kind, value)) = line.split_first() else {
                continue;
            };
            let value = header_value(value);
            let name = match kind {
                b'o' => ORIGIN,
                b'm' => REQUEST_METHOD,
                b'h' => REQUEST_HEADERS,
                b'p' => REQUEST_PRIVATE_NETWORK,
                b'v' => {
                    case.handler_vary.push(value);
                    continue;
                }
                _ => OTHER,
            };
            case.request.append(name, value);
        }
        Some(case)
    }
}

// --- The oracle. ------------------------------------------------------------------------------

fn all<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Vec<&'h [u8]> {
    headers
        .get_all(name)
        .iter()
        .map(HeaderValue::as_bytes)
        .collect()
}

fn is_serialized_host(host: &str) -> bool {
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        })
}

fn pattern_allows(pattern: &str, origin: &str) -> bool {
    let Some((scheme, rest)) = pattern.split_once("://*.") else {
        return false;
    };
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

/// The `Access-Control-Allow-Origin` a correct policy sends for these request headers.
pub fn expected_allow_origin(spec: &Spec, request: &HeaderMap) -> Option<Vec<u8>> {
    let Some(exact) = spec.exact else {
        return Some(b"*".to_vec());
    };
    let [origin] = all(request, &ORIGIN)[..] else {
        return None;
    };
    let text = std::str::from_utf8(origin).ok()?;
    let allowed = exact.contains(&text)
        || spec
            .patterns
            .iter()
            .any(|pattern| pattern_allows(pattern, text))
        || spec.predicate.is_some_and(|predicate| {
            text.strip_prefix("https://")
                .is_some_and(is_serialized_host)
                && predicate(text)
        });
    allowed.then(|| origin.to_vec())
}

fn trim_whitespace(bytes: &[u8]) -> &[u8] {
    let Some(start) = bytes.iter().position(|b| *b != b' ' && *b != b'\t') else {
        return &[];
    };
    let end = bytes
        .iter()
        .rposition(|b| *b != b' ' && *b != b'\t')
        .map_or(start, |end| end + 1);
    &bytes[start..end]
}

/// Whether a correct policy accepts this preflight.
pub fn expected_preflight_accepted(spec: &Spec, request: &HeaderMap) -> bool {
    let single_origin = all(request, &ORIGIN).len() == 1;
    let method_allowed = match all(request, &REQUEST_METHOD)[..] {
        [method] => spec
            .methods
            .iter()
            .any(|allowed| allowed.as_bytes() == method),
        _ => false,
    };
    let lines = all(request, &REQUEST_HEADERS);
    let headers_allowed = match spec.headers {
        None => true,
        Some(allowed) => {
            let bytes: usize = lines.iter().map(|line| line.len()).sum();
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
    };
    single_origin
        && expected_allow_origin(spec, request).is_some()
        && method_allowed
        && headers_allowed
}

pub fn varies_on_origin(headers: &HeaderMap) -> bool {
    headers.get_all(http::header::VARY).iter().any(|value| {
        value.as_bytes().split(|byte| *byte == b',').any(|token| {
            let token = trim_whitespace(token);
            token.eq_ignore_ascii_case(b"origin") || token == b"*"
        })
    })
}

/// Checks the `Access-Control-Allow-Origin` and `-Allow-Credentials` of any response.
pub fn check_allow_origin(spec: &Spec, request: &HeaderMap, response: &HeaderMap) {
    let allow_origin = all(response, &http::header::ACCESS_CONTROL_ALLOW_ORIGIN);
    assert!(allow_origin.len() <= 1, "repeated ACAO");
    if let Some(&value) = allow_origin.first() {
        if spec.exact.is_none() {
            assert_eq!(value, b"*");
            assert!(!spec.credentials, "`*` with credentials");
        } else {
            let origins = all(request, &ORIGIN);
            assert_eq!(origins, [value], "ACAO is not the request's single origin");
            assert!(
                expected_allow_origin(spec, request).is_some(),
                "the policy allowed {:?}, which the oracle refuses",
                String::from_utf8_lossy(value)
            );
        }
    }
    let credentials = all(response, &http::header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
    if spec.credentials && !allow_origin.is_empty() {
        assert_eq!(credentials, [b"true"]);
    } else {
        assert!(
            credentials.is_empty(),
            "ACAC without an allowed credentialed origin"
        );
    }
}

/// Whether the request asks for Private Network Access exactly as Chromium does.
pub fn asks_private_network(request: &HeaderMap) -> bool {
    all(request, &REQUEST_PRIVATE_NETWORK) == [b"true"]
}

impl Spec {
    pub fn private_network(&self) -> bool {
        self.private_network
    }

    pub fn depends_on_origin(&self) -> bool {
        self.exact.is_some()
    }
}
