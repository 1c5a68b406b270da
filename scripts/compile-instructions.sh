#!/usr/bin/env bash
# What `#[cors]` costs at compile time, counted in instructions rather than seconds: the same
# two crates as compile-time.sh (200 handlers with the attribute and without; the same settings:
# FORM, HANDLERS, ROUTES, BODY_STATEMENTS, IMPL, MACRO_OPT, ...), each checked once with rustc
# run under valgrind, which counts the instructions it executes. The count does not move with
# the machine's load, where `cargo check`'s time here moves by up to a third from minute to
# minute, so two versions of the macro can be told apart by a few percent in one run. It counts
# the compiler's work, the macro's own run included; it does not see waits (reading files,
# loading the macro's library) and weighs an instruction that misses the cache like one that
# does not, so the seconds of compile-time.sh remain the figure the issue's target is about.
#
#   scripts/compile-instructions.sh
#   FORM=http scripts/compile-instructions.sh
#   CRATES="with without v1" scripts/compile-instructions.sh   # any crates under
#                                          # target/compile-time (COMPILE_TIME_DIR), last = base
#   CALLGRIND_DIR=/tmp/cg scripts/compile-instructions.sh   # also keep a callgrind profile of
#                                          # each check there (CRATE.PID.out, the largest file of
#                                          # a crate is its check), to read with
#                                          # `callgrind_annotate --inclusive=yes FILE`
#
# Needs valgrind (`apt-get install valgrind`). Each check takes about 30 s under valgrind.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${COMPILE_TIME_DIR:-$root/target/compile-time}"
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 2; }
unset CARGO_TARGET_DIR RUSTC_WRAPPER
export CARGO_INCREMENTAL=0

crates="${CRATES:-}"
if [ -z "$crates" ]; then
    # The crates, their dependencies built (one timed run of compile-time.sh, whose figures are
    # not this script's).
    COMPILE_TIME_DIR="$work" RUNS=1 "$root/scripts/compile-time.sh" >/dev/null
    crates="with without"
fi

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
# cargo runs a workspace wrapper for the crates of the workspace only (each generated crate is
# its own), so valgrind runs rustc on the generated crate and not on its dependencies.
wrapper="$logs/valgrind-rustc"
cat >"$wrapper" <<'WRAPPER'
#!/usr/bin/env bash
if [ -n "${CALLGRIND_DIR:-}" ]; then
    # Counted by callgrind instead (its total within 0.1 % of cachegrind's), with each
    # function's share kept.
    exec valgrind --tool=callgrind --callgrind-out-file="$CALLGRIND_DIR/$CRATE.%p.out" \
        --log-file="$VALGRIND_LOGS/rustc.%p.log" "$@"
fi
exec valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    --log-file="$VALGRIND_LOGS/rustc.%p.log" "$@"
WRAPPER
chmod +x "$wrapper"

if [ -n "${CALLGRIND_DIR:-}" ]; then
    mkdir -p "$CALLGRIND_DIR"
    CALLGRIND_DIR="$(cd "$CALLGRIND_DIR" && pwd)"
    export CALLGRIND_DIR
fi

declare -A counts
for crate in $crates; do
    rm -f "$logs"/rustc.*.log
    touch "$work/$crate/src/lib.rs"
    CRATE="$crate" VALGRIND_LOGS="$logs" RUSTC_WORKSPACE_WRAPPER="$wrapper" cargo check --quiet \
        --manifest-path "$work/$crate/Cargo.toml" --target-dir "$work/target-valgrind"
    # cargo also asks the wrapped rustc for its version; the check is the largest count.
    counts[$crate]=$(cat "$logs"/rustc.*.log | awk '/I *refs/ { gsub(",", "", $NF); if ($NF + 0 > max + 0) max = $NF } END { print max }')
done

base="${crates##* }"
echo "form: ${FORM:-axum}, handlers: ${HANDLERS:-200}, body statements: ${BODY_STATEMENTS:-0}, routes: ${ROUTES:-cors_route} (instructions of rustc checking each crate, under valgrind)"
# What each crate is, read from it (CRATES may name crates generated with other settings).
describe() {
    local dir="$work/$1" handlers optimized=no
    handlers=$(grep -cE 'async fn (__cors_handler_)?handler_[0-9]+' "$dir/src/lib.rs" || true)
    grep -q '^\[profile.dev.build-override\]' "$dir/Cargo.toml" && optimized=yes
    echo "$handlers handlers, macro optimized: $optimized"
}
for crate in $crates; do
    awk -v name="$crate" -v count="${counts[$crate]}" -v base="${counts[$base]}" -v what="$(describe "$crate")" \
        'BEGIN { printf "%-12s %8.1f million instructions, %.3f of %s (%s)\n", name, count / 1e6, count / base, "'"$base"'", what }'
done
