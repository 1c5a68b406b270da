#!/usr/bin/env bash
# Where rustc spends the time that `#[cors]` adds, query by query: `-Z self-profile` of `cargo
# check` of compile-time.sh's crate with the attribute and of the one without, RUNS compilations
# of each, then per query (typeck, mir_borrowck, eval_static_initializer, the macro's own
# expand_proc_macro, ...) the median self time of each crate and the difference, largest first
# (scripts/query-profile reads the profiles; it is built on first use into target/query-profile).
#
#   scripts/query-profile.sh                 # axum handlers, 3 compilations of each crate
#   FORM=http RUNS=5 TOP=40 scripts/query-profile.sh
#   KEYS=1 scripts/query-profile.sh          # per query and item: typeck(router) is the type
#                                            # check of the crate's router function
#
# compile-time.sh's other settings (HANDLERS, ROUTES, ROUTER_STATE, BODY_STATEMENTS, IMPL,
# COMPILE_TIME_DIR) apply.
# -Z self-profile is unstable; RUSTC_BOOTSTRAP lets a stable rustc write it, for this diagnosis
# only.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${COMPILE_TIME_DIR:-$root/target/compile-time}"
runs="${RUNS:-3}"
events=() keys=()
if [ "${KEYS:-0}" = 1 ]; then
    events=(-Z self-profile-events=default,query-keys)
    keys=(--keys)
fi
unset CARGO_TARGET_DIR RUSTC_WRAPPER
export CARGO_INCREMENTAL=0

cargo build --quiet --release --manifest-path "$root/scripts/query-profile/Cargo.toml" \
    --target-dir "$root/target/query-profile"
# The crates, their dependencies built (one timed run of compile-time.sh, whose figures are not
# this script's).
COMPILE_TIME_DIR="$work" RUNS=1 "$root/scripts/compile-time.sh" >/dev/null

for variant in with without; do
    profiles="$work/profiles/$variant"
    rm -rf "$profiles"
    mkdir -p "$profiles"
    for _ in $(seq "$runs"); do
        touch "$work/$variant/src/lib.rs"
        RUSTC_BOOTSTRAP=1 cargo rustc --quiet --manifest-path "$work/$variant/Cargo.toml" \
            --target-dir "$work/target" --profile check -- -Z self-profile="$profiles" "${events[@]}"
    done
done

echo "form: ${FORM:-axum}, handlers: ${HANDLERS:-200}, compilations of each crate: $runs (self time per query, medians; ms = with #[cors], base ms = without)"
"$root/target/query-profile/release/query-profile" --top "${TOP:-25}" "${keys[@]}" "$work/profiles/with" "$work/profiles/without"
