//! The browser suite's test server on its own, to look at by hand:
//!
//! ```text
//! cargo run -p cors-browser-tests
//! curl -i http://127.0.0.1:27302/data -H 'Origin: http://app.test:27301'
//! ```
//!
//! A browser reaches it as `http://app.test:27301/` when it maps `*.test` to 127.0.0.1, as
//! `run.mjs` does with Chromium's `--host-resolver-rules`. `/from-env` takes its origins from
//! `BROWSER_SUITE_ORIGINS`, which defaults to the ones `run.mjs` expects.

use std::process::ExitCode;

use cors_browser_tests::{
    Server, API_PORT, ENV_ORIGINS, ENV_ORIGINS_VARIABLE, OTHER_PAGE_PORT, PAGE_PORT,
};

fn main() -> ExitCode {
    // The origins `run.mjs` expects from the environment, unless told otherwise. Set before the
    // runtime starts any thread, and checked at startup as a real server should.
    if std::env::var_os(ENV_ORIGINS_VARIABLE).is_none() {
        std::env::set_var(ENV_ORIGINS_VARIABLE, ENV_ORIGINS);
    }
    if let Err(error) = cors_runtime::check_origins_from_env() {
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the Tokio runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve())
}

async fn serve() -> ExitCode {
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
