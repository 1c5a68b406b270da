//! Security regressions: one test per known CORS misconfiguration class or advisory, each naming
//! its source, through a real axum `Router`.
//!
//! The classes are those of PortSwigger's "Exploiting CORS misconfigurations for Bitcoins and
//! bounties" (James Kettle, 2016) and its Web Security Academy page "CORS" and the advisories
//! listed in `shared/CORS-FACTS.md`. What can be ruled out at compile time (`"null"`, `"*"` with
//! credentials, plain `http` with credentials, upper case, paths) is covered by the UI tests in
//! `tests/ui/origins/`; here every class is checked at run time against the requests an attacker
//! can actually send.

use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use cors_runtime::{cors, cors_route, MAX_REQUESTED_HEADERS, MAX_REQUEST_HEADERS_BYTES};
use cors_tests::{cors_header_names, request, request_with_body, send, value, values};
use http::Response;
use serde::Deserialize;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";

#[derive(Deserialize)]
struct Transfer {
    amount: u64,
}

/// A credentialed read: the data every attack below wants.
#[cors(
    origins = ["https://app.example.com", "https://admin.example.com"],
    methods = [GET],
    headers = ["x-api-key"],
    credentials = true,
)]
async fn read_account() -> &'static str {
    "balance: 100"
}

/// A credentialed write with a body extractor, so that rejections can be checked too.
#[cors(
    origins = ["https://app.example.com"],
    methods = [POST],
    headers = ["content-type", "x-api-key"],
    credentials = true,
)]
async fn transfer(Json(body): Json<Transfer>) -> Result<String, (StatusCode, &'static str)> {
    if body.amount == 0 {
        return Err((StatusCode::UNPROCESSABLE_ENTITY, "nothing to transfer"));
    }
    Ok(format!("sent {}", body.amount))
}

/// A subdomain pattern: the form in which unescaped-dot and unanchored-regex bugs live.
#[cors(
    origins = ["https://*.example.com"],
    methods = [GET, POST],
    headers = ["content-type"],
    credentials = true,
)]
async fn tenants() -> &'static str {
    "tenants"
}

/// The naive suffix check a user might write; the runtime must only ever show it origins
/// serialized as browsers do, so that special characters and paths cannot reach it.
fn naive_tenant_check(origin: &str) -> bool {
    origin.starts_with("https://") && origin.ends_with(".tenants.example.org")
}

#[cors(origin_fn = naive_tenant_check, methods = [GET], credentials = true)]
async fn tenant_predicate() -> &'static str {
    "tenant"
}

/// Public data: any origin, never with credentials.
#[cors(origins = ["*"], methods = [GET, POST], headers = ["content-type"])]
async fn public() -> &'static str {
    "public"
}

/// A policy that opted in to Private Network Access.
#[cors(origins = ["https://app.example.com"], methods = [GET], private_network = true)]
async fn intranet() -> &'static str {
    "intranet"
}

/// Exact origins sharing prefixes, suffixes and lengths, for the radix-tree and decision-tree
/// class (jub0bs/fcors GHSA-v84h-653v-4pq9).
#[cors(
    origins = [
        "https://foo.com",
        "https://bar.com",
        "https://foo.bar.com",
        "https://bar.foo.com",
        "https://foo.com:8080",
        "https://foobar.org",
    ],
    methods = [GET],
    credentials = true,
)]
async fn many_origins() -> &'static str {
    "many"
}

/// A credentialed write and a public `["*"]` write on one `cors_route!` path.
#[cors(origins = ["https://app.example.com"], methods = [POST], credentials = true)]
async fn mixed_write() -> &'static str {
    "written"
}

#[cors(origins = ["*"], methods = [PUT])]
async fn mixed_public_put() -> &'static str {
    "put"
}

fn router() -> Router {
    Router::new()
        .route("/account", cors_route!(get(read_account), post(transfer)))
        .route("/tenants", cors_route!(get(tenants)))
        .route("/tenant", cors_route!(get(tenant_predicate)))
        .route("/public", cors_route!(get(public)))
        .route("/intranet", cors_route!(get(intranet)))
        .route("/many", cors_route!(get(many_origins)))
        .route(
            "/api/private",
            get(cors_runtime::cors_handler!(read_account)),
        )
        .route("/api/public", get(cors_runtime::cors_handler!(public)))
        .route(
            "/mixed",
            cors_route!(post(mixed_write), put(mixed_public_put)),
        )
}

/// The origin-dependent endpoints and the method their preflights ask for.
const ORIGIN_DEPENDENT: [&str; 4] = ["/account", "/tenants", "/tenant", "/many"];

async fn actual(path: &str, origin: &str) -> Response<axum::body::Body> {
    send(&router(), request("GET", path, &[("origin", origin)])).await
}

async fn preflight(
    path: &str,
    origin: &str,
    method: &str,
    extra: &[(&str, &str)],
) -> Response<axum::body::Body> {
    let mut headers = vec![
        ("origin", origin),
        ("access-control-request-method", method),
    ];
    headers.extend_from_slice(extra);
    send(&router(), request("OPTIONS", path, &headers)).await
}

fn varies_on_origin<B>(response: &Response<B>) -> bool {
    values(response, "vary")
        .iter()
        .flat_map(|value| value.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("origin"))
}

/// An actual request from `origin` to `path` gets no CORS header at all, and `Vary: Origin`.
async fn assert_actual_refused(path: &str, origin: &str) {
    let response = actual(path, origin).await;
    assert!(
        cors_header_names(&response).is_empty(),
        "GET {path} from `{origin}` got CORS headers: {:?}",
        response.headers()
    );
    assert!(
        varies_on_origin(&response),
        "GET {path} from `{origin}`: no `Vary: Origin`"
    );
}

/// A preflight from `origin` to `path` is a 403 without any `Access-Control-*` header.
async fn assert_preflight_refused(path: &str, origin: &str) {
    let response = preflight(path, origin, "GET", &[]).await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "preflight to {path} from `{origin}`"
    );
    assert!(
        cors_header_names(&response).is_empty(),
        "preflight to {path} from `{origin}` got CORS headers: {:?}",
        response.headers()
    );
}

async fn assert_refused(path: &str, origin: &str) {
    assert_actual_refused(path, origin).await;
    assert_preflight_refused(path, origin).await;
}

/// PortSwigger, "Server-generated ACAO header from client-specified Origin header": a policy
/// that echoes whatever `Origin` it is sent lets every site read credentialed responses. No
/// unlisted origin is ever echoed, by an actual request or a preflight.
#[tokio::test]
async fn an_unlisted_origin_is_never_reflected() {
    let attackers = [
        "https://evil.example",
        "https://attacker.net",
        "http://localhost",
        "http://127.0.0.1:8000",
        "https://example.com",
        "https://example.org",
        "https://tenants.example.org",
        "file://",
        "chrome-extension://abcdefghijklmnop",
        "https://xn--pple-43d.com",
    ];
    for path in ORIGIN_DEPENDENT {
        for origin in attackers {
            assert_refused(path, origin).await;
        }
    }
    // The pattern and the predicate legitimately admit their subdomains, and answer with the
    // request's own origin, never with anything else.
    for (path, origin) in [
        ("/tenants", "https://evil.example.com"),
        ("/tenant", "https://acme.tenants.example.org"),
    ] {
        let response = actual(path, origin).await;
        assert_eq!(
            value(&response, "access-control-allow-origin").as_deref(),
            Some(origin)
        );
    }
}

/// PortSwigger, "Whitelisted null origin value": sandboxed iframes, `data:` and `file:` pages
/// and redirected requests all send `Origin: null`, so trusting it trusts everyone. Writing
/// `"null"` is a compile error (tests/ui/origins/null.rs); here no policy admits it, and the
/// `*` policy answers it with `*`, never with `null` and never with credentials.
#[tokio::test]
async fn the_null_origin_is_never_trusted() {
    for path in ORIGIN_DEPENDENT {
        for origin in ["null", "Null", "NULL", " null", "null "] {
            assert_refused(path, origin).await;
        }
    }
    let response = actual("/public", "null").await;
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(value(&response, "access-control-allow-credentials"), None);
}

/// PortSwigger, "Errors parsing Origin headers": prefix, suffix and substring checks admit
/// `https://app.example.com.evil.net` (an attacker's subdomain) and `https://evilapp.example.com`
/// (a different host sharing the suffix). Also two origins in one request, which browsers never
/// send: refused rather than guessed at.
#[tokio::test]
async fn prefix_suffix_and_substring_look_alikes_are_refused() {
    for origin in [
        "https://app.example.com.evil.net",
        "https://app.example.com-evil.net",
        "https://app.example.comevil.net",
        "https://evilapp.example.com",
        "https://pp.example.com",
        "https://aapp.example.com",
        "https://app.example.co",
        "https://app.example.comm",
        "https://app.example",
        "https://app.example.com.",
        "https://app.example.com@evil.net",
        "https://evil.net@app.example.com",
        "https://evil.net/https://app.example.com",
        "https://evil.net?https://app.example.com",
        "https://evil.net#https://app.example.com",
        "https://app.example.com/.evil.net",
        "https://app.example.com:443",
        "https://app.example.com:8443",
        "https://app.example.com https://evil.net",
        "https://evil.net https://app.example.com",
        "https://app.example.com,https://evil.net",
        "https://evil.net, https://app.example.com",
    ] {
        assert_refused("/account", origin).await;
    }
    for origin in [
        "https://example.com.evil.net",
        "https://a.example.com.evil.net",
        "https://a.example.com-evil.net",
        "https://evilexample.com",
        "https://a.evilexample.com",
        "https://example.com",
        "https://.example.com",
        "https://a..example.com",
        "https://a.example.co",
        "https://a.example.com.",
        "https://evil.net/a.example.com",
        "https://evil.net/.example.com",
        "https://evil.net?.example.com",
        "https://evil.net#.example.com",
        "https://evil.net\\.example.com",
        "https://evil.net@a.example.com",
        "https://a.example.com/",
        "https://a.example.com:443",
        "https://a.example.com, https://evil.net",
    ] {
        assert_refused("/tenants", origin).await;
    }

    // Two `Origin` lines, the trusted one second or first.
    for pair in [
        [APP, "https://evil.net"],
        ["https://evil.net", APP],
        [APP, APP],
    ] {
        let mut request = request("GET", "/account", &[("origin", pair[0])]);
        request
            .headers_mut()
            .append("origin", pair[1].parse().expect("valid"));
        let response = send(&router(), request).await;
        assert!(
            cors_header_names(&response).is_empty(),
            "{pair:?}: {:?}",
            response.headers()
        );
    }
}

/// jub0bs/fcors GHSA-v84h-653v-4pq9: allowing `https://foo.com` and `https://bar.com` also
/// admitted `https://barfoo.com`, because the origins shared a tree. Here the exact list is
/// compiled to a decision tree (length, then distinguishing bytes, then one comparison); every
/// concatenation, crossing and byte-wise mix of the allowed origins is refused.
#[tokio::test]
async fn combinations_of_allowed_origins_are_refused() {
    let allowed = [
        "https://foo.com",
        "https://bar.com",
        "https://foo.bar.com",
        "https://bar.foo.com",
        "https://foo.com:8080",
        "https://foobar.org",
    ];
    for origin in allowed {
        let response = actual("/many", origin).await;
        assert_eq!(
            value(&response, "access-control-allow-origin").as_deref(),
            Some(origin)
        );
    }
    let mut candidates: Vec<String> = [
        "https://barfoo.com",
        "https://foobar.com",
        "https://foo.foo.com",
        "https://bar.bar.com",
        "http://foo.com:8080",
        "https://foo.com:8081",
        "https://foo.com:80",
        "http://foo.com",
        "https://bar.com:8080",
        "https://foobar.com:8080",
        "https://bar.org",
        "https://foo.org",
        "https://barfoo.org",
        "https://foobar.orgfoo.com",
        "https://foo.bar.foo.com",
        "https://foo.combar.com",
    ]
    .iter()
    .map(|origin| origin.to_string())
    .collect();
    // Mixes of two same-length allowed origins, byte by byte: a tree that decides on a few
    // distinguishing bytes and skips the final comparison would admit some of these.
    for (first, second) in [
        ("https://foo.com", "https://bar.com"),
        ("https://foo.bar.com", "https://bar.foo.com"),
    ] {
        let (first, second) = (first.as_bytes(), second.as_bytes());
        let differing: Vec<usize> = (0..first.len())
            .filter(|&index| first[index] != second[index])
            .collect();
        assert!(differing.len() <= 12, "keep the mix count bounded");
        for mask in 1..(1u32 << differing.len()) - 1 {
            let mut mixed = first.to_vec();
            for (bit, &index) in differing.iter().enumerate() {
                if mask & (1 << bit) != 0 {
                    mixed[index] = second[index];
                }
            }
            candidates.push(String::from_utf8(mixed).expect("ASCII"));
        }
    }
    for origin in &candidates {
        if allowed.contains(&origin.as_str()) {
            continue;
        }
        assert_refused("/many", origin).await;
    }
}

/// Starlette #801 (`allow_origin_regex` applied with `re.match`, so unanchored at the end) and
/// PortSwigger's unescaped-dot class: `app.example.com` as a regex admits `appXexample.com`.
/// Every dot of a trusted origin, and of a subdomain pattern, replaced by another host character
/// is refused, as are anchoring mistakes at either end.
#[tokio::test]
async fn unescaped_dots_and_unanchored_patterns_are_refused() {
    for (path, trusted) in [
        ("/account", APP),
        ("/account", ADMIN),
        ("/tenants", "https://a.b.example.com"),
        ("/tenant", "https://acme.tenants.example.org"),
    ] {
        let host_start = "https://".len();
        for (index, byte) in trusted.bytes().enumerate().skip(host_start) {
            if byte != b'.' {
                continue;
            }
            for replacement in ["X", "x", "0", "-", "_", "~"] {
                let origin = format!(
                    "{}{replacement}{}",
                    &trusted[..index],
                    &trusted[index + 1..]
                );
                // The labels a pattern's `*` stands for may legitimately hold `x`, `0` or `-`.
                let still_a_subdomain = path == "/tenants"
                    && index < trusted.find(".example.com").unwrap_or(0)
                    && ["x", "0", "-"].contains(&replacement);
                if !still_a_subdomain {
                    assert_refused(path, &origin).await;
                }
            }
        }
        for origin in [
            format!("{trusted}X"),
            format!("{trusted}.evil.net"),
            format!("{trusted}/"),
            format!("X{trusted}"),
            format!("x{trusted}"),
            format!("evil{trusted}"),
            trusted.replacen("https://", "https://evil.net/", 1),
            trusted.replacen("https://", "https:/", 1),
            trusted.replacen("https://", "https:", 1),
            trusted.replacen("https://", "", 1),
            trusted.replacen("https://", "httpsX//", 1),
        ] {
            assert_refused(path, &origin).await;
        }
    }
}

/// PortSwigger ("Exploiting CORS misconfigurations", the special-characters follow-up) and
/// Corben Leo's "Advanced CORS Exploitation Techniques": Safari put `` ` ``, `}`, `_` and other
/// characters in hosts, so a check that stops at `app.example.com` admitted
/// ``app.example.com`.evil.net``, a host the attacker owns. Neither exact origins, nor patterns,
/// nor a naive predicate let them through.
#[tokio::test]
async fn special_characters_in_hosts_are_refused() {
    let specials = [
        "`", "_", "}", "{", "%60", "%7d", "%2e", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";",
        "=", "~", "|", "\"", "^", "\\", " ", "\t", "@", "%",
    ];
    for special in specials {
        for origin in [
            format!("https://app.example.com{special}.evil.net"),
            format!("https://app.example.com{special}"),
            format!("https://app{special}.example.com"),
            format!("https://{special}app.example.com"),
        ] {
            assert_refused("/account", &origin).await;
        }
        for origin in [
            format!("https://a{special}.example.com"),
            format!("https://evil.net{special}.example.com"),
            format!("https://a.example.com{special}.evil.net"),
            format!("https://a.example.com{special}"),
        ] {
            assert_refused("/tenants", &origin).await;
        }
        for origin in [
            format!("https://evil.net{special}.tenants.example.org"),
            format!("https://acme{special}.tenants.example.org"),
        ] {
            assert_refused("/tenant", &origin).await;
        }
    }
}

/// PortSwigger, "Breaking TLS with poorly configured CORS": a network attacker can serve any
/// `http://` origin, so trusting `http://app.example.com` next to `https://app.example.com`
/// hands the credentialed data to whoever controls the coffee-shop Wi-Fi. Writing it with
/// credentials is a compile error (tests/ui/origins/plain-http-with-credentials.rs); at run time
/// the downgrade of a trusted `https://` origin, and other schemes, are refused.
#[tokio::test]
async fn http_downgrade_of_a_trusted_https_origin_is_refused() {
    for origin in [
        "http://app.example.com",
        "http://admin.example.com",
        "http://app.example.com:443",
        "http://app.example.com:80",
        "ws://app.example.com",
        "wss://app.example.com",
        "ftp://app.example.com",
        "HTTP://app.example.com",
        "https-://app.example.com",
    ] {
        assert_refused("/account", origin).await;
    }
    for origin in [
        "http://a.example.com",
        "http://app.example.com",
        "wss://a.example.com",
    ] {
        assert_refused("/tenants", origin).await;
    }
    assert_refused("/tenant", "http://acme.tenants.example.org").await;
}

/// PortSwigger and the Fetch Standard ("CORS protocol and credentials"): `*` must never come
/// with credentials. That it cannot be written is covered by trybuild
/// (tests/ui/origins/star-with-credentials.rs, tests/ui/headers/star-with-credentials.rs,
/// tests/ui/expose-headers/star-with-credentials.rs); here a `["*"]` policy never sends
/// `Access-Control-Allow-Credentials`, on any response, and answers `*` rather than reflecting.
#[tokio::test]
async fn a_wildcard_policy_never_sends_credentials() {
    for origin in [
        Some(APP),
        Some("https://evil.example"),
        Some("null"),
        Some("http://localhost"),
        None,
    ] {
        let headers: Vec<(&str, &str)> = origin.iter().map(|origin| ("origin", *origin)).collect();
        let response = send(&router(), request("GET", "/public", &headers)).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            value(&response, "access-control-allow-origin").as_deref(),
            Some("*"),
            "{origin:?}"
        );
        assert_eq!(value(&response, "access-control-allow-credentials"), None);

        let Some(origin) = origin else { continue };
        for method in ["GET", "POST", "PUT"] {
            let response = preflight("/public", origin, method, &[]).await;
            assert_eq!(
                value(&response, "access-control-allow-credentials"),
                None,
                "preflight {method} from {origin}"
            );
            if response.status().is_success() {
                assert_eq!(
                    value(&response, "access-control-allow-origin").as_deref(),
                    Some("*")
                );
            }
        }
    }
}

/// The Fetch Standard, "CORS protocol and HTTP caches", and PortSwigger's cache-poisoning note:
/// when `Access-Control-Allow-Origin` depends on `Origin`, every response of the resource must
/// carry `Vary: Origin` (allowed, refused, without `Origin`, rejections, errors, 405s and
/// preflights), or a shared cache serves one origin's answer to another.
#[tokio::test]
async fn every_origin_dependent_response_varies_on_origin() {
    let app = router();
    let origins: [Option<&str>; 3] = [Some(APP), Some("https://evil.example"), None];
    let mut checked = 0;
    for origin in origins {
        let mut headers: Vec<(&str, &str)> =
            origin.iter().map(|origin| ("origin", *origin)).collect();
        let mut cases = Vec::new();
        for path in ORIGIN_DEPENDENT {
            cases.push((format!("GET {path}"), request("GET", path, &headers)));
            cases.push((format!("HEAD {path}"), request("HEAD", path, &headers)));
            cases.push((
                format!("OPTIONS {path} (not a preflight)"),
                request("OPTIONS", path, &headers),
            ));
        }
        cases.push((
            "PUT /account (405)".to_string(),
            request("PUT", "/account", &headers),
        ));
        cases.push((
            "DELETE /account (405)".to_string(),
            request("DELETE", "/account", &headers),
        ));
        cases.push((
            "POST /account without content-type (415)".to_string(),
            request_with_body("POST", "/account", &headers, "{}".into()),
        ));
        headers.push(("content-type", "application/json"));
        cases.push((
            "POST /account with a bad body (400)".to_string(),
            request_with_body("POST", "/account", &headers, "{\"amount\":".into()),
        ));
        cases.push((
            "POST /account handler error (422)".to_string(),
            request_with_body("POST", "/account", &headers, "{\"amount\":0}".into()),
        ));
        cases.push((
            "POST /account success".to_string(),
            request_with_body("POST", "/account", &headers, "{\"amount\":5}".into()),
        ));
        for (case, request) in cases {
            let response = send(&app, request).await;
            assert!(
                varies_on_origin(&response),
                "{case} from {origin:?} ({}): no `Vary: Origin` in {:?}",
                response.status(),
                response.headers()
            );
            checked += 1;
        }
        let Some(origin) = origin else { continue };
        for path in ORIGIN_DEPENDENT {
            for method in ["GET", "POST", "PUT", "patch"] {
                let response = preflight(path, origin, method, &[]).await;
                assert!(
                    varies_on_origin(&response),
                    "preflight {method} {path} from {origin} ({}): no `Vary: Origin`",
                    response.status()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50);
}

/// rs/cors GHSA-mh55-gqvf-xfwm (2024): an `Access-Control-Request-Headers` of thousands of
/// commas cost 127 ms and 121 MB per request. Such a list is refused, whether in one line or in
/// thousands of repeated lines, and the limit sits where the crate documents it.
#[tokio::test]
async fn thousands_of_commas_in_request_headers_are_refused() {
    let ten_thousand_names = vec!["content-type"; 10_000].join(",");
    let hostile_values = [
        ",".repeat(10_000),
        ", ".repeat(10_000),
        " ,\t".repeat(5_000),
        ten_thousand_names,
        "x-api-key,".repeat(2_000),
    ];
    for path in ["/account", "/tenants"] {
        let method = if path == "/account" { "POST" } else { "GET" };
        for hostile in &hostile_values {
            let response = preflight(
                path,
                APP,
                method,
                &[("access-control-request-headers", hostile)],
            )
            .await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
            assert!(cors_header_names(&response).is_empty());
            assert!(varies_on_origin(&response));
        }
        for line in ["content-type", ","] {
            let mut request = request(
                "OPTIONS",
                path,
                &[("origin", APP), ("access-control-request-method", method)],
            );
            for _ in 0..10_000 {
                request.headers_mut().append(
                    "access-control-request-headers",
                    line.parse().expect("valid"),
                );
            }
            let response = send(&router(), request).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "10,000 lines of `{line}` to {path}"
            );
            assert!(cors_header_names(&response).is_empty());
        }
    }

    // The documented limit: `MAX_REQUESTED_HEADERS` entries pass, one more does not.
    let at_limit = vec!["content-type"; MAX_REQUESTED_HEADERS].join(",");
    let response = preflight(
        "/account",
        APP,
        "POST",
        &[("access-control-request-headers", &at_limit)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let over_limit = vec!["content-type"; MAX_REQUESTED_HEADERS + 1].join(",");
    let response = preflight(
        "/account",
        APP,
        "POST",
        &[("access-control-request-headers", &over_limit)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&response).is_empty());
}

/// hono GHSA-8j4g-w8fx-2239: parsing `Access-Control-Request-Headers` took quadratic time in its
/// length. Work here is bounded by `MAX_REQUEST_HEADERS_BYTES`: a value past it is refused
/// whatever it holds (long white-space runs, one huge name, many small lines), and white space
/// below it is parsed leniently, as proxies may add it.
#[tokio::test]
async fn request_headers_parsing_is_bounded_in_bytes() {
    let over = MAX_REQUEST_HEADERS_BYTES + 1;
    let hostile = [
        format!("content-type{}", " ".repeat(over)),
        format!("{}content-type", "\t".repeat(over)),
        format!("content-type{}x-api-key", " ".repeat(over)),
        "a".repeat(over),
        format!("x-api-key,{}", "x".repeat(over)),
        format!("{}content-type", " , ".repeat(over / 3 + 1)),
    ];
    for value in &hostile {
        let response = preflight(
            "/account",
            APP,
            "POST",
            &[("access-control-request-headers", value)],
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{} bytes",
            value.len()
        );
        assert!(cors_header_names(&response).is_empty());
    }

    // Many lines, each small, together past the byte limit.
    let line = "content-type, x-api-key";
    let mut request = request(
        "OPTIONS",
        "/account",
        &[("origin", APP), ("access-control-request-method", "POST")],
    );
    for _ in 0..=MAX_REQUEST_HEADERS_BYTES / line.len() {
        request.headers_mut().append(
            "access-control-request-headers",
            line.parse().expect("valid"),
        );
    }
    let response = send(&router(), request).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&response).is_empty());

    // Below the limit, white space is only white space.
    let padded = format!(
        "{}Content-Type{}",
        " ".repeat(MAX_REQUEST_HEADERS_BYTES / 2 - 20),
        "\t".repeat(MAX_REQUEST_HEADERS_BYTES / 2 - 20)
    );
    let response = preflight(
        "/account",
        APP,
        "POST",
        &[("access-control-request-headers", &padded)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

/// Flask-CORS CVE-2024-6221 (GHSA-hxwh-jpp2-84pm): `Access-Control-Allow-Private-Network: true`
/// was sent by default, letting public sites reach services on the private network. It is never
/// sent unless the policy opted in, and then only on a preflight that asks for it exactly.
#[tokio::test]
async fn the_private_network_header_is_never_sent_by_default() {
    const ASK: (&str, &str) = ("access-control-request-private-network", "true");
    for (path, method) in [
        ("/account", "GET"),
        ("/account", "POST"),
        ("/tenants", "GET"),
        ("/many", "GET"),
        ("/public", "GET"),
    ] {
        let origin = if path == "/many" {
            "https://foo.com"
        } else {
            APP
        };
        let response = preflight(path, origin, method, &[ASK]).await;
        assert!(
            response.status().is_success(),
            "{path} {method}: {}",
            response.status()
        );
        assert_eq!(
            value(&response, "access-control-allow-private-network"),
            None,
            "{path} answered Private Network Access without opting in"
        );
    }

    // The opted-in policy: only a preflight that asks, from an allowed origin, with `true`.
    let asked = preflight("/intranet", APP, "GET", &[ASK]).await;
    assert_eq!(asked.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&asked, "access-control-allow-private-network").as_deref(),
        Some("true")
    );
    let not_asked = preflight("/intranet", APP, "GET", &[]).await;
    assert_eq!(
        value(&not_asked, "access-control-allow-private-network"),
        None
    );
    for wrong in ["TRUE", "false", "1", "true "] {
        let response = preflight(
            "/intranet",
            APP,
            "GET",
            &[("access-control-request-private-network", wrong)],
        )
        .await;
        assert_eq!(
            value(&response, "access-control-allow-private-network"),
            None,
            "`{wrong}`"
        );
    }
    let refused = preflight("/intranet", "https://evil.example", "GET", &[ASK]).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&refused).is_empty());
    let actual = send(
        &router(),
        request("GET", "/intranet", &[("origin", APP), ASK]),
    )
    .await;
    assert_eq!(
        value(&actual, "access-control-allow-private-network"),
        None,
        "Private Network Access is a preflight answer only"
    );
}

/// Flask-CORS CVE-2024-6866 (GHSA-43qf-4rqw-9q2g): matching was case-insensitive where it must
/// not be. Browsers serialize scheme and host in lower case and never send a path, so a
/// variant in case, or with a path, query, fragment or trailing `/`, is not the trusted origin.
#[tokio::test]
async fn case_and_path_variants_of_an_allowed_origin_are_refused() {
    for origin in [
        "HTTPS://APP.EXAMPLE.COM",
        "Https://app.example.com",
        "https://App.example.com",
        "https://app.Example.com",
        "https://app.example.COM",
        "https://app.example.com/",
        "https://app.example.com/path",
        "https://app.example.com/+",
        "https://app.example.com/%2e%2e/",
        "https://app.example.com%2f",
        "https://app.example.com?",
        "https://app.example.com?x=1",
        "https://app.example.com#",
        "https://app.example.com#x",
        "https://app.example.com+",
        "https://app.example.com%20",
    ] {
        assert_refused("/account", origin).await;
    }
    for origin in [
        "https://A.example.com",
        "https://a.EXAMPLE.com",
        "HTTPS://a.example.com",
        "https://a.example.com/x",
        "https://a.example.com?x",
    ] {
        assert_refused("/tenants", origin).await;
    }
    for origin in [
        "https://ACME.tenants.example.org",
        "https://acme.tenants.example.org/",
        "https://acme.tenants.example.org/x",
    ] {
        assert_refused("/tenant", origin).await;
    }
}

/// Flask-CORS CVE-2024-6866 (case-insensitive request paths), CVE-2024-6844
/// (GHSA-8vgw-p6qm-5gr7: `+` in a path decoded as a space) and CVE-2024-6839
/// (GHSA-7rxf-gvfg-47g4: the longest path regex won over the most specific): a request reached
/// a resource under another resource's, more permissive, policy. Here a policy belongs to its
/// handler, so a path variant of `/api/private` never gets `/api/public`'s `*`.
#[tokio::test]
async fn path_variants_never_pick_up_another_resources_policy() {
    let evil = "https://evil.example";
    let response = actual("/api/public", evil).await;
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    for path in [
        "/api/private",
        "/api/Private",
        "/API/private",
        "/api/PRIVATE",
        "/api/private+",
        "/api/private%20",
        "/api/private/",
        "/api/private/..",
        "/api/public/../private",
        "/api/private?x=/api/public",
    ] {
        let response = actual(path, evil).await;
        assert!(
            cors_header_names(&response).is_empty(),
            "{path} ({}): {:?}",
            response.status(),
            response.headers()
        );
        let response = actual(path, APP).await;
        let allow_origin = value(&response, "access-control-allow-origin");
        assert!(
            allow_origin.is_none() || allow_origin.as_deref() == Some(APP),
            "{path}: {allow_origin:?}"
        );
    }
}

/// Missing `Vary` on a mixed path. Source: the Fetch Standard, "CORS protocol and HTTP caches"
/// (the missing-`Vary` class above).
///
/// On a `cors_route!` path that mixes an origin-dependent policy with a `["*"]` one, the 405 of
/// an unrouted method (here `GET /mixed`) answers `https://app.example.com` with its origin and
/// credentials, and every other origin with `*`. The answer depends on `Origin`, so every
/// variant needs `Vary`: a 405 is heuristically cacheable (RFC 9111, section 4.2.2), and a
/// shared cache that stored the Origin-less `*` answer would serve it to the app's credentialed
/// request, where `*` fails. (Found by this suite; fixed in `PolicySet::apply`.)
#[tokio::test]
async fn a_mixed_path_405_varies_on_origin() {
    let app = router();
    let mut missing = Vec::new();
    for origin in [Some(APP), Some("https://evil.example"), None] {
        let headers: Vec<(&str, &str)> = origin.iter().map(|origin| ("origin", *origin)).collect();
        for method in ["GET", "DELETE"] {
            let response = send(&app, request(method, "/mixed", &headers)).await;
            assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
            if !varies_on_origin(&response) {
                missing.push(format!(
                    "{method} /mixed from {origin:?}: ACAO {:?}, Vary {:?}",
                    value(&response, "access-control-allow-origin"),
                    values(&response, "vary")
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "405s of a path with an origin-dependent policy lack `Vary: Origin`:\n{}",
        missing.join("\n")
    );
}
