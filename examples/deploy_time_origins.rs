//! Origins known only at deploy time: staging and production front ends differ, and nobody wants
//! a rebuild per environment. The policy reads `FRONTEND_ORIGINS` once; `main` checks it first,
//! so a bad entry stops the program at startup with the variable and the entry named.
//!
//! ```text
//! FRONTEND_ORIGINS="https://app.example.com,https://*.preview.example.com" \
//!     cargo run -p cors-examples --example deploy_time_origins
//! FRONTEND_ORIGINS="https://app.example.com/,null" \
//!     cargo run -p cors-examples --example deploy_time_origins   # exits 1, saying why
//! ```

use axum::Router;
use cors_runtime::cors;

#[cors(
    origins = ["http://localhost:5173"],
    origins_env = "FRONTEND_ORIGINS",
    methods = [GET],
    credentials = true,
)]
async fn dashboard() -> &'static str {
    "dashboard"
}

#[tokio::main]
async fn main() {
    match cors_runtime::check_origins_from_env() {
        Ok(policies) => {
            println!("CORS origins from the environment: {policies} checked, all valid")
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    }
    let port = std::env::var("PORT").unwrap_or_else(|_| "3002".to_string());
    let app = Router::new().route("/dashboard", cors_runtime::cors_route!(get(dashboard)));
    let listener = match tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {error}");
            std::process::exit(1);
        }
    };
    println!("listening on http://127.0.0.1:{port}/dashboard");
    if let Err(error) = axum::serve(listener, app).await {
        eprintln!("server error: {error}");
    }
}
