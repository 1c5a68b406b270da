//! The features a real deployment asks for, in one server: subdomain patterns, an origin
//! predicate backed by application state, a shared policy with per-handler additions, and the
//! small switches (`preflight_status`, `private_network`). Origins read from the environment
//! are shown in `deploy_time_origins.rs`.
//!
//! ```text
//! cargo run -p cors-examples --example deployment            # listens on 127.0.0.1:3004
//! ```

use std::collections::HashSet;
use std::sync::{OnceLock, RwLock};

use axum::Router;
use cors_runtime::{cors, cors_policy, cors_route};

/// Tenants' front ends, as a cache of the tenants table would hold them.
fn tenant_origins() -> &'static RwLock<HashSet<String>> {
    static TENANTS: OnceLock<RwLock<HashSet<String>>> = OnceLock::new();
    TENANTS.get_or_init(|| {
        RwLock::new(HashSet::from([
            "https://shop.acme.example".to_string(),
            "https://store.globex.example".to_string(),
        ]))
    })
}

/// The predicate sees only origins serialized as browsers do (`scheme://host[:port]`, lower
/// case), never `null` or a path; a poisoned lock refuses rather than panics.
fn is_tenant(origin: &str) -> bool {
    tenant_origins()
        .read()
        .map(|tenants| tenants.contains(origin))
        .unwrap_or(false)
}

// One policy for the whole API: the app, every preview deployment, credentials.
cors_policy!(API:
    origins = ["https://app.example.com", "https://*.preview.example.com"],
    headers = ["content-type", "authorization"],
    credentials = true,
    max_age = 600,
);

#[cors(policy = API, methods = [GET], expose_headers = ["x-total-count"])]
async fn list_orders() -> ([(&'static str, &'static str); 1], &'static str) {
    ([("x-total-count", "0")], "[]")
}

#[cors(policy = API, methods = [POST])]
async fn create_order(body: String) -> String {
    format!("created {body}")
}

/// Tenants' shops read the catalogue; the admin app too.
#[cors(origins = ["https://admin.example.com"], origin_fn = is_tenant, methods = [GET])]
async fn catalogue() -> &'static str {
    "[]"
}

/// A device on the local network, configured from the public app: Private Network Access is an
/// explicit opt-in, and old embedded clients reject 204, hence 200.
#[cors(
    origins = ["https://app.example.com"],
    methods = [PUT],
    headers = ["content-type"],
    private_network = true,
    preflight_status = 200,
)]
async fn configure_device(body: String) -> String {
    format!("configured with {body}")
}

fn app() -> Router {
    Router::new()
        .route("/orders", cors_route!(get(list_orders), post(create_order)))
        .route("/catalogue", cors_route!(get(catalogue)))
        .route("/device", cors_route!(put(configure_device)))
}

#[tokio::main]
async fn main() {
    let port = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PORT").ok())
        .unwrap_or_else(|| "3004".to_string());
    let listener = match tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {error}");
            std::process::exit(1);
        }
    };
    let base = format!("http://127.0.0.1:{port}");
    println!("listening on {base}; try:");
    println!("  curl -i {base}/orders -H 'Origin: https://pr-42.preview.example.com'");
    println!("  curl -i {base}/orders -H 'Origin: https://preview.example.com.evil.net'");
    println!("  curl -i {base}/catalogue -H 'Origin: https://shop.acme.example'");
    println!(
        "  curl -i -X OPTIONS {base}/device -H 'Origin: https://app.example.com' \\\n    -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Private-Network: true'"
    );
    if let Err(error) = axum::serve(listener, app()).await {
        eprintln!("server error: {error}");
    }
}
