#!/usr/bin/env bash
# What `#[cors]` costs at compile time (issue 5): generates a crate with 200 annotated axum
# handlers (or plain `http` ones, FORM=http) and the same crate without the attribute, builds
# their dependencies once, then times `cargo check` of each crate alone (its lib.rs touched before every run, incremental compilation
# off, so the whole crate is checked as in a clean build or CI) and reports the medians
# and their ratio. Target: ratio <= 1.5.
#
#   scripts/compile-time.sh                 # 200 handlers, 11 runs each, taken in turns (a run
#                                           # of 5 moves by more than a tenth on a shared machine)
#   HANDLERS=400 RUNS=9 scripts/compile-time.sh
#   BREAKDOWN=1 scripts/compile-time.sh     # and where rustc spends the time (-Z time-passes)
#   FORM=http scripts/compile-time.sh       # plain `http` handlers, no framework (cors-runtime
#                                           # without its default axum feature)
#   MACRO_OPT=1 scripts/compile-time.sh     # both crates with [profile.dev.build-override]
#                                           # opt-level = 3: the macro itself optimized
#   IMPL=1 scripts/compile-time.sh          # the axum handlers as associated functions of one
#                                           # impl block (`#[cors]` on it)
#   ROUTES=options scripts/compile-time.sh  # each axum handler routed by hand, with
#                                           # `get(cors_handler!(handler))
#                                           # .options(preflight!(handler))`, instead of the
#                                           # README's `cors_route!(get(handler))`
#   ROUTES=both scripts/compile-time.sh     # both, timed in turn with the crate without the
#                                           # attribute (the options form in target/compile-time/
#                                           # with-options)
#   ROUTER_STATE=1 scripts/compile-time.sh  # the axum router as `Router::<()>::new()` in both
#                                           # crates, its state type not left to inference
#   BODY_STATEMENTS=30 scripts/compile-time.sh  # each handler's body starts with 30 more
#                                           # one-line statements, in both crates (longer
#                                           # bodies, as real handlers have)
#
# The crates and their target directory go to target/compile-time (COMPILE_TIME_DIR to move
# them); each crate is its own workspace, so the repository's workspace is not involved.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib/crate.sh
source "$root/scripts/lib/crate.sh"
work="${COMPILE_TIME_DIR:-$root/target/compile-time}"
handlers="${HANDLERS:-200}"
runs="${RUNS:-11}"
form="${FORM:-axum}"
case "$form" in axum | http) ;; *) echo "FORM must be axum or http, not '$form'" >&2; exit 2 ;; esac
routes="${ROUTES:-cors_route}"
case "$routes" in options | cors_route | both) ;; *) echo "ROUTES must be options, cors_route or both, not '$routes'" >&2; exit 2 ;; esac
# How generate_axum routes the handlers of the crate with the attribute.
routes_of_with="$routes"
[ "$routes" = both ] && routes_of_with=cors_route
target_dir="$work/target"
unset CARGO_TARGET_DIR RUSTC_WRAPPER
# Without this, touching lib.rs leaves its content hash unchanged and the incremental cache
# answers every query: the timed check would redo nothing.
export CARGO_INCREMENTAL=0

# attribute I: the attribute of handler I, one of four policies (the same in both forms).
attribute() {
    local i="$1"
    case $((i % 4)) in
    0) echo "#[cors(origins = [\"https://app$i.example.com\"], methods = [GET])]" ;;
    1) echo "#[cors(origins = [\"https://app.example.com\", \"https://admin.example.com\", \"http://localhost:$((3000 + i))\"], methods = [GET, POST], headers = [\"content-type\", \"x-api-key\"], credentials = true, max_age = 600)]" ;;
    2) echo "#[cors(origins = [\"*\"], methods = [GET], expose_headers = [\"x-request-id\"])]" ;;
    3) echo "#[cors(origins = [\"https://app.example.com\", \"https://partner$i.example.org\"], methods = [PUT, DELETE], headers = [\"content-type\"], expose_headers = [\"etag\"], credentials = true)]" ;;
    esac
}

# generate DIR with|without: writes the crate.
generate() {
    local dir="$1" variant="$2" dependencies
    if [ "$form" = axum ]; then
        dependencies="cors-runtime = { path = \"$root/cors-runtime\" }
axum = { version = \"0.8.4\", default-features = false, features = [\"tokio\", \"http1\"] }"
    else
        dependencies="cors-runtime = { path = \"$root/cors-runtime\", default-features = false }
http = \"1\""
    fi
    write_crate_manifest "$root" "$dir" "cors-compile-time-$variant" "$dependencies"
    if [ "${MACRO_OPT:-0}" = 1 ]; then
        printf '\n[profile.dev.build-override]\nopt-level = 3\n' >>"$dir/Cargo.toml"
    fi

    local lib="$dir/src/lib.rs"
    if [ "$form" = http ]; then
        generate_http "$lib" "$variant"
    else
        generate_axum "$lib" "$variant"
    fi
    add_statements "$lib"
}

# add_statements LIB: BODY_STATEMENTS statements at the start of every handler's body (after
# the first `{` of its line, which opens the body in every signature above).
add_statements() {
    local lib="$1" count="${BODY_STATEMENTS:-0}" k statements=""
    ((count > 0)) || return 0
    for ((k = 0; k < count; k++)); do
        statements+="let _v$k = (${k}_u64).wrapping_mul(31) ^ u64::from(\"x$k\".len() as u32); "
    done
    sed -i "/^pub async fn handler_/s/{/{ $statements/" "$lib"
}

# generate_axum LIB with|without: the axum handlers and their router.
generate_axum() {
    local lib="$1" variant="$2" routes="" i
    {
        echo "//! $handlers axum handlers, $variant \`#[cors]\`: generated by scripts/compile-time.sh."
        echo "#![allow(missing_docs, clippy::all)]"
        echo "use axum::extract::Path;"
        echo "use axum::http::{HeaderMap, StatusCode};"
        echo "use axum::Router;"
        if [ "$variant" = with ] && [ "$routes_of_with" = cors_route ]; then
            echo "use cors_runtime::{cors, cors_route};"
        elif [ "$variant" = with ]; then
            echo "use axum::routing::{get, post, put};"
            echo "use cors_runtime::{cors, cors_handler, preflight};"
        else
            echo "use axum::routing::{get, post, put};"
        fi
        # IMPL=1: the handlers are associated functions of one impl block.
        local owner=""
        if [ "${IMPL:-0}" = 1 ]; then
            owner="Api::"
            echo "pub struct Api;"
            [ "$variant" = with ] && echo "#[cors]"
            echo "impl Api {"
        fi
        for ((i = 0; i < handlers; i++)); do
            # Four signatures and four policies, so that the expansion sees some variety.
            local method
            case $((i % 4)) in 0 | 2) method=get ;; 1) method=post ;; 3) method=put ;; esac
            [ "$variant" = with ] && attribute "$i"
            case $((i % 4)) in
            0) echo "pub async fn handler_$i() -> &'static str { \"handler $i\" }" ;;
            1) echo "pub async fn handler_$i(Path(id): Path<u32>) -> String { format!(\"{} {}\", $i, id) }" ;;
            2) echo "pub async fn handler_$i(headers: HeaderMap) -> (StatusCode, String) { (StatusCode::OK, format!(\"{} {}\", $i, headers.len())) }" ;;
            3) echo "pub async fn handler_$i(Path(name): Path<String>, body: String) -> Result<String, StatusCode> { if body.is_empty() { Err(StatusCode::BAD_REQUEST) } else { Ok(format!(\"{} {name}\", $i)) } }" ;;
            esac
            local path="/h$i"
            case $((i % 4)) in 1) path="/h$i/{id}" ;; 3) path="/h$i/{name}" ;; esac
            if [ "$variant" = with ] && [ "$routes_of_with" = cors_route ]; then
                # An associated handler's companion module is not under its path.
                local module=""
                [ "${IMPL:-0}" = 1 ] && module=", module = handler_$i"
                routes+="        .route(\"$path\", cors_route!($method($owner""handler_$i$module)))"$'\n'
            elif [ "$variant" = with ]; then
                local module=""
                [ "${IMPL:-0}" = 1 ] && module=", module = handler_$i"
                routes+="        .route(\"$path\", $method(cors_handler!($owner""handler_$i$module)).options(preflight!(handler_$i)))"$'\n'
            else
                routes+="        .route(\"$path\", $method($owner""handler_$i))"$'\n'
            fi
        done
        [ "${IMPL:-0}" = 1 ] && echo "}"
        echo "pub fn router() -> Router {"
        # ROUTER_STATE=1: the router's state type written out, so that the compiler need not
        # infer it from the function's return type at the end of the body.
        if [ "${ROUTER_STATE:-0}" = 1 ]; then echo "    Router::<()>::new()"; else echo "    Router::new()"; fi
        printf '%s' "$routes"
        echo "}"
    } >"$lib"
}

# generate_http LIB with|without: the handlers in the plain `http` form (what hyper's
# `service_fn` calls), the same four policies, four signatures. There is no router: each handler
# answers its own preflights.
generate_http() {
    local lib="$1" variant="$2" i
    {
        echo "//! $handlers plain \`http\` handlers, $variant \`#[cors]\`: generated by scripts/compile-time.sh."
        echo "#![allow(missing_docs, clippy::all)]"
        echo "use http::{Request, Response, StatusCode};"
        [ "$variant" = with ] && echo "use cors_runtime::cors;"
        for ((i = 0; i < handlers; i++)); do
            [ "$variant" = with ] && attribute "$i"
            case $((i % 4)) in
            0) echo "pub async fn handler_$i(_request: Request<()>) -> Response<String> { Response::new(format!(\"handler $i\")) }" ;;
            1) echo "pub async fn handler_$i(request: Request<String>) -> Response<String> { Response::new(format!(\"$i {}\", request.body())) }" ;;
            2) echo "pub async fn handler_$i(request: Request<()>) -> Result<Response<String>, std::convert::Infallible> { Ok(Response::new(format!(\"$i {}\", request.headers().len()))) }" ;;
            3) echo "pub async fn handler_$i(request: Request<String>) -> Result<Response<String>, StatusCode> { if request.body().is_empty() { Err(StatusCode::BAD_REQUEST) } else { Ok(Response::new(format!(\"$i {}\", request.uri().path()))) } }" ;;
            esac
        done
    } >"$lib"
}

# check DIR: cargo check of the crate alone; prints its wall time and its CPU time (user +
# system, of cargo and rustc) in seconds. The CPU time barely moves when other processes share
# the machine; the wall time is what a developer waits.
check() {
    local dir="$1" TIMEFORMAT="%R %U %S" times
    touch "$dir/src/lib.rs"
    times=$({ time cargo check --quiet --manifest-path "$dir/Cargo.toml" --target-dir "$target_dir"; } 2>&1 >/dev/null | tail -1)
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$times"
}

median() {
    sort -n | awk '{ values[NR] = $1 } END { if (NR % 2) print values[(NR + 1) / 2]; else printf "%.3f\n", (values[NR / 2] + values[NR / 2 + 1]) / 2 }'
}

rm -rf "$work/with" "$work/without" "$work/with-options"
generate "$work/with" with
generate "$work/without" without
if [ "$routes" = both ]; then
    routes_of_with=options generate "$work/with-options" with
    sed -i 's/^name = "cors-compile-time-with"/name = "cors-compile-time-with-options"/' \
        "$work/with-options/Cargo.toml"
fi

echo "warming up: building the dependencies of both crates once" >&2
cargo check --quiet --manifest-path "$work/with/Cargo.toml" --target-dir "$target_dir"
cargo check --quiet --manifest-path "$work/without/Cargo.toml" --target-dir "$target_dir"
if [ "$routes" = both ]; then
    cargo check --quiet --manifest-path "$work/with-options/Cargo.toml" --target-dir "$target_dir"
fi

with_wall=() with_cpu=() without_wall=() without_cpu=() options_wall=() options_cpu=()
for ((run = 1; run <= runs; run++)); do
    # Alternate, so that a burst of load elsewhere falls on both.
    read -r wall cpu <<<"$(check "$work/with")"
    with_wall+=("$wall") with_cpu+=("$cpu")
    read -r wall cpu <<<"$(check "$work/without")"
    without_wall+=("$wall") without_cpu+=("$cpu")
    if [ "$routes" = both ]; then
        read -r wall cpu <<<"$(check "$work/with-options")"
        options_wall+=("$wall") options_cpu+=("$cpu")
        echo "run $run: the options form ${wall} s (cpu ${cpu} s)" >&2
    fi
    echo "run $run: with ${with_wall[-1]} s (cpu ${with_cpu[-1]} s), without ${without_wall[-1]} s (cpu ${without_cpu[-1]} s)" >&2
done

# report LABEL WITH... -- WITHOUT...: medians and their ratio.
report() {
    local label="$1" with without ratio verdict
    shift
    with=$(printf '%s\n' "${@:1:runs}" | median)
    without=$(printf '%s\n' "${@:runs+1}" | median)
    ratio=$(awk -v with="$with" -v without="$without" 'BEGIN { printf "%.2f\n", with / without }')
    verdict=$(awk -v ratio="$ratio" 'BEGIN { print (ratio <= 1.5 ? "met" : "MISSED") }')
    echo "$label: with #[cors] ${with} s, without ${without} s, ratio ${ratio} (target <= 1.5: ${verdict})"
}

echo "form: $form, macro optimized: ${MACRO_OPT:-0}, handlers: $handlers, body statements: ${BODY_STATEMENTS:-0}, router state written: ${ROUTER_STATE:-0}, routes: $routes, runs: $runs (cargo check of the crate alone, dependencies built; medians)"
report "wall time" "${with_wall[@]}" "${without_wall[@]}"
report "cpu time " "${with_cpu[@]}" "${without_cpu[@]}"
if [ "$routes" = both ]; then
    echo "the form by hand, get(cors_handler!(handler)).options(preflight!(handler)), in the same runs:"
    report "wall time" "${options_wall[@]}" "${without_wall[@]}"
    report "cpu time " "${options_cpu[@]}" "${without_cpu[@]}"
fi

if [ "${BREAKDOWN:-0}" = 1 ]; then
    # -Z time-passes is unstable; RUSTC_BOOTSTRAP lets a stable rustc print it, for this
    # diagnosis only. Parent passes include their children (type_check_crate includes
    # coherence_checking, which includes the well-formedness checks of every item). Each pass's
    # median over RUNS compilations; expand_crate is where the macro runs.
    for variant in with without; do
        echo "rustc passes over 20 ms, $variant #[cors] (medians of $runs):"
        for _ in $(seq "$runs"); do
            touch "$work/$variant/src/lib.rs"
            RUSTC_BOOTSTRAP=1 cargo rustc --quiet --manifest-path "$work/$variant/Cargo.toml" \
                --target-dir "$target_dir" --profile check -- -Z time-passes 2>&1 |
                awk '$1 == "time:" && $NF != "macro_expand_crate" { sub(/;$/, "", $2); print NR, $NF, $2 }'
        done | awk '
            { if (!($2 in line)) { line[$2] = $1; names[++count] = $2 } times[$2] = times[$2] " " $3 }
            END {
                for (i = 1; i <= count; i++) {
                    n = split(times[names[i]], t, " ")
                    for (a = 2; a <= n; a++) for (b = a; b > 1 && t[b - 1] + 0 > t[b] + 0; b--) { x = t[b]; t[b] = t[b - 1]; t[b - 1] = x }
                    median = t[int((n + 1) / 2)]
                    if (median + 0 >= 0.02) printf "  %-26s %s s\n", names[i], median
                }
            }'
    done
fi
