#!/usr/bin/env bash
# Regenerates examples/expanded/<name>-expanded.rs: what `#[cors]` (and `cors_route!`,
# `preflight!`, `cors_policy!`) write for every example in examples/Cargo.toml that uses them,
# as the compiler expands it (`rustc -Zunpretty=expanded`), trimmed to those items and formatted
# with rustfmt. Then checks the result the way CI does.
#
#   scripts/expand.sh
#
# The expansion needs RUSTC_BOOTSTRAP=1, which changes how proc-macro2 builds; to keep the
# workspace's target/ untouched it runs in target/expand, whose first run costs a `cargo check`
# of the examples' dependencies (about 30 s of CPU) and later runs well under a second per
# example. The logic lives in tests/expanded.rs, so the script and the test cannot disagree:
# CORS_EXPANDED=overwrite writes the files, CORS_EXPANDED=check compares them.
set -euo pipefail
cd "$(dirname "$0")/.."

CORS_EXPANDED=overwrite cargo test -p cors-tests --test expanded -- \
  --exact expansions_match_the_compiler_when_asked --nocapture
CORS_EXPANDED=check cargo test -p cors-tests --test expanded
git status --short -- examples/expanded
