// Subdomain patterns, origins from the environment, a predicate, and the small switches.
use axum::Router;
use cors_runtime::{cors, cors_route};

fn is_tenant(origin: &str) -> bool {
    origin.ends_with(".tenants.example.com")
}

mod tenants {
    pub(crate) fn known(origin: &str) -> bool {
        origin == "https://acme.example.org"
    }
}

#[cors(
    origins = ["https://*.example.com", "https://*.staging.example.com:8443", "http://*.localhost:3000"],
    methods = [GET],
    credentials = true,
)]
async fn patterns() {}

#[cors(origins_env = "CORS_ORIGINS", methods = [GET], credentials = true, allow_insecure_http = true)]
async fn from_env() {}

#[cors(origins = ["https://admin.example.com"], origin_fn = is_tenant, methods = [GET])]
async fn predicate() {}

#[cors(origin_fn = tenants::known, methods = [GET])]
async fn predicate_path() {}

#[cors(origins = ["https://app.example.com"], methods = [PUT], preflight_status = 200, private_network = true)]
async fn switches() {}

fn main() {
    let _app: Router = Router::new()
        .route("/a", cors_route!(get(patterns)))
        .route("/b", cors_route!(get(from_env)))
        .route("/c", cors_route!(get(predicate)))
        .route("/d", cors_route!(get(predicate_path)))
        .route("/e", cors_runtime::cors_route!(put(switches)));
    let _ = cors_runtime::check_origins_from_env();
}
