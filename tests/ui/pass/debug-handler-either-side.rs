// `#[axum::debug_handler]` works on either side of `#[cors]`.
use axum::extract::State;
use axum::{routing::get, Router};
use cors_runtime::cors;

#[derive(Clone)]
struct AppState(&'static str);

#[cors(origins = ["https://app.example.com"], methods = [GET])]
#[axum::debug_handler]
async fn inside(State(state): State<AppState>) -> String {
    state.0.to_string()
}

#[axum::debug_handler]
#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn outside(State(state): State<AppState>) -> String {
    state.0.to_string()
}

fn main() {
    let _app: Router = Router::new()
        .route("/inside", get(inside))
        .route("/outside", get(outside))
        .with_state(AppState("state"));
}
