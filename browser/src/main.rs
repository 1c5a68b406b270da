//! The browser suite's test server on its own, to look at by hand:
//!
//! ```text
//! cargo run -p cors-browser-tests
//! curl -i http://127.0.0.1:27302/data -H 'Origin: http://app.test:27301'
//! ```
//!
//! A browser reaches it as `http://app.test:27301/` when it maps `*.test` to 127.0.0.1, as
//! `run.mjs` does with Chromium's `--host-resolver-rules`.

use std::process::ExitCode;

use cors_browser_tests::{Server, API_PORT, OTHER_PAGE_PORT, PAGE_PORT};

#[tokio::main]
async fn main() -> ExitCode {
    let server = match Server::bind() {
        Ok(server) => server,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "pages on http://app.test:{PAGE_PORT} and :{OTHER_PAGE_PORT}, API on http://api.test:{API_PORT} (all 127.0.0.1)"
    );
    match server.run(std::future::pending()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("server failed: {error}");
            ExitCode::FAILURE
        }
    }
}
