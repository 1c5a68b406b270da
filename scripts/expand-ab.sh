#!/usr/bin/env bash
# A/B of the macro's own time: rustc's expand_crate (where `#[cors]` runs) for compile-time.sh's
# crate of 200 handlers, the macro of revision A (a git worktree at target/expand-ab/revision)
# against the working tree's (B), one compilation of each in turn, N of each. Taking turns per
# compilation spreads load from other processes over both sides, which matters on a shared
# machine where `cargo check` of the same crate moves by a tenth from one minute to the next.
#
#   scripts/expand-ab.sh HEAD~3             # plain-http handlers (FORM=http), 15 of each
#   scripts/expand-ab.sh 0d4470e axum 21    # axum handlers, 21 of each
#
# Prints each side's median and fastest expand_crate, in seconds (-Z time-passes, through
# RUSTC_BOOTSTRAP, for this diagnosis only).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
revision="${1:?usage: scripts/expand-ab.sh REVISION [http|axum] [COMPILATIONS]}"
form="${2:-http}"
count="${3:-15}"
work="$root/target/expand-ab"
worktree="$work/revision"

# shellcheck source=scripts/lib/worktree.sh
source "$root/scripts/lib/worktree.sh"
checkout_revision "$root" "$revision" "$worktree"

# The same crates on both sides (the working tree's generator), each side's runtime and macro:
# compile-time.sh points its crate at the repository it runs from, so side A's is repointed.
for side in a b; do
    COMPILE_TIME_DIR="$work/$side" FORM="$form" RUNS=1 "$root/scripts/compile-time.sh" >/dev/null
done
sed -i "s|path = \"$root/|path = \"$worktree/|" "$work/a/with/Cargo.toml"
cargo check --quiet --manifest-path "$work/a/with/Cargo.toml" --target-dir "$work/a/target"

expand_time() {
    touch "$work/$1/with/src/lib.rs"
    RUSTC_BOOTSTRAP=1 CARGO_INCREMENTAL=0 cargo rustc --quiet \
        --manifest-path "$work/$1/with/Cargo.toml" --target-dir "$work/$1/target" \
        --profile check -- -Z time-passes 2>&1 |
        awk '$NF == "expand_crate" { sub(/;$/, "", $2); print $2 }'
}

echo "expand_crate of $form handlers, $count compilations per side, taking turns; A = $revision, B = working tree"
for _ in $(seq "$count"); do
    echo "A $(expand_time a)"
    echo "B $(expand_time b)"
done | sort -k1,1 -k2,2n | awk '
    { times[$1] = times[$1] " " $2; n[$1]++ }
    END {
        for (side in times) {
            split(times[side], t, " ")
            printf "%s median %s s, fastest %s s\n", side, t[int((n[side] + 1) / 2)], t[1]
        }
    }' | sort
