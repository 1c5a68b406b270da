//! Behind a real shared cache: nginx's `proxy_cache`, keyed by URL only, caching every 200.
//!
//! An axum app with `#[cors]` handlers (the quickstart's policies) runs on 127.0.0.1 with nginx
//! in front of it (`cache/nginx.conf`, written to a temporary directory with the ports filled
//! in). A response cached for one origin must never be served with the wrong
//! `Access-Control-Allow-Origin` to another origin or to a request without `Origin`: that is
//! what `Vary: Origin` is for (Fetch Standard, "CORS protocol and HTTP caches"). Two controls
//! prove the test can see a failure: a repeated request is a cache HIT (the cache really
//! caches), and a hand-written handler that reflects allowed origins without `Vary` IS served
//! with the wrong origin.
//!
//! Needs nginx 1.7.7 or later (`apt-get install -y nginx`; Debian bookworm has 1.22.1). Without
//! it the test is skipped, unless `CI` is set, where it fails: a CI that silently skipped the
//! cache would prove nothing.

use std::io::Write;
use std::net::{SocketAddr, TcpListener as StdTcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use cors_runtime::cors;
use cors_tests::{raw_exchange, WireResponse};

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const LOCALHOST: &str = "http://localhost:5173";
const EVIL: &str = "https://evil.example";

const INSTALL_HINT: &str =
    "install it with `apt-get install -y nginx` (Debian's package; `.ci/run` should install it)";

/// nginx caches responses that carry `Vary` per variant from this version on; before, it
/// ignored `Vary` and the test would prove nothing.
const FIRST_VERSION_HONOURING_VARY: (u32, u32, u32) = (1, 7, 7);

const CONFIG_TEMPLATE: &str = include_str!("../cache/nginx.conf");

// --- The app: the quickstart's policies, and one deliberately broken handler. -----------------

/// Two front ends may list users (as in the quickstart).
#[cors(
    origins = ["https://app.example.com", "https://admin.example.com", "http://localhost:5173"],
    methods = [GET],
    expose_headers = ["x-request-id"],
)]
async fn list_users() -> impl IntoResponse {
    ([("x-request-id", "list-1")], "[]")
}

/// One user, credentialed (as in the quickstart).
#[cors(
    origins = ["https://app.example.com", "https://admin.example.com", "http://localhost:5173"],
    methods = [GET, DELETE],
    credentials = true,
)]
async fn user() -> &'static str {
    "{\"id\":7}"
}

/// Subdomains, answered with the request's own origin.
#[cors(origins = ["https://*.example.com"], methods = [GET])]
async fn tenants() -> &'static str {
    "tenants"
}

/// Public: `*` for everyone, which a cache may share freely.
#[cors(origins = ["*"], methods = [GET])]
async fn status() -> &'static str {
    "ok"
}

/// The control: what a hand-written CORS handler often does, reflecting an allowed origin
/// without `Vary: Origin`. Behind a shared cache it leaks one origin's answer to the others.
async fn reflect_without_vary(headers: HeaderMap) -> impl IntoResponse {
    let mut response = "reflected".into_response();
    if let Some(origin) = headers.get("origin") {
        if [APP.as_bytes(), ADMIN.as_bytes()].contains(&origin.as_bytes()) {
            response
                .headers_mut()
                .insert("access-control-allow-origin", origin.clone());
        }
    }
    response
}

fn app() -> Router {
    Router::new()
        .route("/users", cors_runtime::cors_route!(get(list_users)))
        .route(
            "/users/7",
            cors_runtime::cors_route!(get(user), delete(user)),
        )
        .route("/tenants", cors_runtime::cors_route!(get(tenants)))
        .route("/status", cors_runtime::cors_route!(get(status)))
        .route("/reflect", get(reflect_without_vary))
}

// --- nginx as a child process. ----------------------------------------------------------------

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|value| !value.is_empty())
}

/// The nginx binary, from `PATH` or Debian's `/usr/sbin`.
fn find_nginx() -> Option<PathBuf> {
    let candidates = [PathBuf::from("nginx"), PathBuf::from("/usr/sbin/nginx")];
    candidates.into_iter().find(|candidate| {
        Command::new(candidate)
            .arg("-v")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// `nginx -v` prints `nginx version: nginx/1.22.1` on stderr.
fn nginx_version(nginx: &Path) -> (u32, u32, u32) {
    let output = Command::new(nginx)
        .arg("-v")
        .output()
        .expect("nginx -v runs");
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    let version = text
        .split("nginx/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("unexpected `nginx -v` output: {text}"));
    let mut parts = version.split('.').map(|part| {
        part.parse::<u32>()
            .unwrap_or_else(|_| panic!("unexpected nginx version `{version}`"))
    });
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let path =
            std::env::temp_dir().join(format!("cors-shared-cache-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).expect("a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a leftover directory in /tmp must not fail the test.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// nginx running in the foreground as this test's child, killed when dropped.
struct Nginx {
    child: Child,
    address: SocketAddr,
    dir: TempDir,
}

impl Nginx {
    fn start(nginx: &Path, upstream: SocketAddr) -> Nginx {
        let dir = TempDir::new();
        // A free port: bind, read it, release it for nginx. Loopback only.
        let port = StdTcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free loopback port")
            .port();
        let config = CONFIG_TEMPLATE
            .replace("@DIR@", &dir.0.display().to_string())
            .replace("@LISTEN@", &port.to_string())
            .replace("@UPSTREAM@", &upstream.port().to_string());
        let config_path = dir.0.join("nginx.conf");
        std::fs::File::create(&config_path)
            .and_then(|mut file| file.write_all(config.as_bytes()))
            .expect("the nginx config is written");
        let child = Command::new(nginx)
            .arg("-p")
            .arg(&dir.0)
            .arg("-c")
            .arg(&config_path)
            .arg("-e")
            .arg(dir.0.join("error.log"))
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("nginx does not start: {error}"));
        let mut nginx = Nginx {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], port)),
            dir,
        };
        nginx.wait_until_listening();
        nginx
    }

    /// Polls the port: at most 100 tries, 50 ms apart.
    fn wait_until_listening(&mut self) {
        for _ in 0..100 {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("nginx exited with {status}:\n{}", self.error_log());
            }
            if std::net::TcpStream::connect_timeout(&self.address, Duration::from_millis(200))
                .is_ok()
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("nginx is not listening after 5 s:\n{}", self.error_log());
    }

    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.0.join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // One process (`master_process off`): killing it stops nginx entirely.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// --- Requests through the cache. --------------------------------------------------------------

async fn get_through(cache: SocketAddr, path: &str, origin: Option<&str>) -> WireResponse {
    let origin_line = origin.map_or(String::new(), |origin| format!("Origin: {origin}\r\n"));
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: api.example.com\r\n{origin_line}Connection: close\r\n\r\n"
    );
    raw_exchange(cache, request.as_bytes()).await
}

fn header(response: &WireResponse, name: &str) -> Option<String> {
    let values = response.values(name);
    assert!(values.len() <= 1, "`{name}` is repeated: {values:?}");
    values.into_iter().next()
}

fn cache_status(response: &WireResponse) -> String {
    header(response, "x-cache-status").unwrap_or_default()
}

/// What a correct answer carries for `origin` on a resource whose policy allows `allowed`.
fn expected_allow_origin(allowed: &[&str], origin: Option<&str>) -> Option<String> {
    if allowed == ["*"] {
        return Some("*".to_string());
    }
    origin
        .filter(|origin| {
            allowed.contains(origin)
                || allowed.iter().any(|allowed| {
                    allowed.strip_prefix("https://*").is_some_and(|suffix| {
                        origin.strip_prefix("https://").is_some_and(|host| {
                            host.strip_suffix(suffix).is_some_and(|label| {
                                !label.is_empty()
                                    && label.bytes().all(|byte| {
                                        byte.is_ascii_lowercase() || byte.is_ascii_digit()
                                    })
                            })
                        })
                    })
                })
        })
        .map(str::to_string)
}

/// The skip-or-fail decision: `Some(nginx)` to run the test.
fn nginx_or_skip() -> Option<PathBuf> {
    match find_nginx() {
        Some(nginx) => {
            let version = nginx_version(&nginx);
            assert!(
                version >= FIRST_VERSION_HONOURING_VARY,
                "nginx {version:?} predates `Vary` support in proxy_cache (1.7.7); {INSTALL_HINT}"
            );
            Some(nginx)
        }
        None if in_ci() => panic!("nginx is not installed and CI is set; {INSTALL_HINT}"),
        None => {
            // Straight to stderr, past the harness's capture, so the skip shows in the output.
            let _ = writeln!(
                std::io::stderr().lock(),
                "skipped: nginx is not installed; {INSTALL_HINT}"
            );
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_cache_never_serves_one_origins_answer_to_another() {
    let Some(nginx) = nginx_or_skip() else { return };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let upstream = listener.local_addr().expect("a bound address");
    let server = tokio::spawn(async move { axum::serve(listener, app()).await });
    let cache = Nginx::start(&nginx, upstream);

    let origins: [Option<&str>; 8] = [
        Some(APP),
        Some(ADMIN),
        None,
        Some(EVIL),
        Some(LOCALHOST),
        Some("https://shop.example.com"),
        Some("null"),
        Some("https://app.example.com.evil.net"),
    ];
    let resources: [(&str, &[&str]); 4] = [
        ("/users", &[APP, ADMIN, LOCALHOST]),
        ("/users/7", &[APP, ADMIN, LOCALHOST]),
        ("/tenants", &["https://*.example.com"]),
        ("/status", &["*"]),
    ];
    let mut hits = 0;
    let mut log = Vec::new();
    // Three rounds over every origin in turn: the first fills the cache, the others are served
    // from it, each time right after a request from another origin.
    for round in 0..3 {
        for (path, allowed) in resources {
            for origin in origins {
                let response = get_through(cache.address, path, origin).await;
                let status = cache_status(&response);
                log.push(format!("round {round} {path} {origin:?}: {status}"));
                assert_eq!(response.status, 200, "{path} from {origin:?}");
                assert_eq!(
                    header(&response, "access-control-allow-origin"),
                    expected_allow_origin(allowed, origin),
                    "{path} from {origin:?} (cache {status}) got the wrong origin; so far:\n{}",
                    log.join("\n")
                );
                let credentials = header(&response, "access-control-allow-credentials");
                if path == "/users/7" && expected_allow_origin(allowed, origin).is_some() {
                    assert_eq!(credentials.as_deref(), Some("true"));
                } else {
                    assert_eq!(credentials, None, "{path} from {origin:?}");
                }
                if allowed != ["*"] {
                    assert!(
                        response
                            .values("vary")
                            .iter()
                            .any(|vary| vary.to_ascii_lowercase().contains("origin")),
                        "{path}: no Vary: Origin"
                    );
                }
                if round > 0 {
                    // The control that the cache is really caching: every variant was stored
                    // in round 0 and is served from the cache afterwards.
                    assert_eq!(
                        status,
                        "HIT",
                        "{path} from {origin:?} was not cached: {}",
                        log.join("\n")
                    );
                    hits += 1;
                }
            }
        }
    }
    assert_eq!(hits, 2 * resources.len() * origins.len());

    // Preflights go through the cache too (nginx does not cache OPTIONS) and stay exact.
    for origin in [APP, EVIL] {
        let request = format!(
            "OPTIONS /users HTTP/1.1\r\nHost: api.example.com\r\nOrigin: {origin}\r\n\
             Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n"
        );
        let response = raw_exchange(cache.address, request.as_bytes()).await;
        let expected = (origin == APP).then(|| APP.to_string());
        assert_eq!(header(&response, "access-control-allow-origin"), expected);
        assert_eq!(response.status, if origin == APP { 204 } else { 403 });
    }

    // The control that the test can fail: without `Vary`, the cache serves the first origin's
    // answer to everyone.
    let first = get_through(cache.address, "/reflect", Some(APP)).await;
    assert_eq!(cache_status(&first), "MISS");
    assert_eq!(
        header(&first, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    for origin in [Some(ADMIN), Some(EVIL), None] {
        let response = get_through(cache.address, "/reflect", origin).await;
        assert_eq!(cache_status(&response), "HIT");
        assert_eq!(
            header(&response, "access-control-allow-origin").as_deref(),
            Some(APP),
            "the Vary-less control was expected to be served {APP}'s answer to {origin:?}; \
             if it was not, the cache is not caching and the test above proves nothing"
        );
    }

    drop(cache);
    server.abort();
}
