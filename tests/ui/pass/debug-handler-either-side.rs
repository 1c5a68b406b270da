// `#[axum::debug_handler]` works under `#[cors]`, on the function that `cors_route!` routes.
// Above `#[cors]` it checks the handler's name as a function axum routes as it is, which only
// the `module = false` form is (the companion module's form is routed by `cors_route!`).
use axum::extract::State;
use axum::{routing::get, Router};
use cors_runtime::{cors, cors_route};

#[derive(Clone)]
struct AppState(&'static str);

#[cors(origins = ["https://app.example.com"], methods = [GET])]
#[axum::debug_handler]
async fn inside(State(state): State<AppState>) -> String {
    state.0.to_string()
}

#[axum::debug_handler]
#[cors(origins = ["https://app.example.com"], methods = [GET], module = false)]
async fn outside(State(state): State<AppState>) -> String {
    state.0.to_string()
}

fn main() {
    let _app: Router = Router::new()
        .route("/inside", cors_route!(get(inside)))
        .route("/outside", get(outside))
        .with_state(AppState("state"));
}
