//! Compile-fail and pass cases of `#[cors]`, `preflight!` and `cors_route!`: one mistake per file
//! under `ui/<category>/`, with the exact diagnostics in the `.stderr` beside it. Regenerate with
//! `TRYBUILD=overwrite cargo test -p cors-tests --test ui` and read the diff: the caret must sit
//! under the token the user has to change.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    for category in [
        "keys",
        "values",
        "origins",
        "methods",
        "headers",
        "expose-headers",
        "items",
        "route",
        "sources",
        "shared",
        "warnings",
    ] {
        t.compile_fail(format!("ui/{category}/*.rs"));
    }
    t.compile_fail("ui/many-mistakes.rs");
    t.pass("ui/pass/*.rs");
}
