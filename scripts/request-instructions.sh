#!/usr/bin/env bash
# Instructions per request of each contender (baseline, ours, ours through the policy API,
# tower-http), counted by valgrind rather than timed: the interleaved timer's loop
# (benches/examples/interleaved.rs with ONLY=...) run under callgrind for 1 and for 2 rounds,
# and the difference divided by the requests of one round, so that start-up and the answer
# checks fall out. Counts do not move with the machine's load, where tower-http's time here
# moves by a fifth from run to run; they weigh a cache miss like any instruction, so criterion's
# times (`cargo bench -p cors-benches`) remain the figures the issue's targets are about.
#
#   scripts/request-instructions.sh            # cases a to d and f
#   scripts/request-instructions.sh e_pattern  # groups starting with e_pattern
#
# Needs valgrind (`apt-get install valgrind`); about 10 s per case and contender.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 2; }
cargo build --quiet --release --manifest-path "$root/Cargo.toml" -p cors-benches --example interleaved
binary="$root/target/release/examples/interleaved"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# The interleaved timer's ONLY mode runs 4 rounds per ROUNDS of this many requests.
requests_per_round=$((4 * 20000))

count() { # contender prefix rounds
    ROUNDS="$3" ONLY="$1" valgrind --tool=callgrind --callgrind-out-file="$out/cg" \
        "$binary" "$2" >/dev/null 2>"$out/log"
    callgrind_annotate "$out/cg" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
}

if [ $# -gt 0 ]; then
    prefixes=("$@")
else
    prefixes=(a_ b_ c_ d_ f_)
fi
printf '%-6s %9s %9s %9s %9s %11s %10s\n' case baseline ours api tower tower/ours tower/api
for prefix in "${prefixes[@]}"; do
    declare -A per_request=()
    for contender in baseline ours api tower; do
        one="$(count "$contender" "$prefix" 1)"
        two="$(count "$contender" "$prefix" 2)"
        per_request[$contender]=$(((two - one) / requests_per_round))
    done
    printf '%-6s %9d %9d %9d %9d %11s %10s\n' "$prefix" "${per_request[baseline]}" \
        "${per_request[ours]}" "${per_request[api]}" "${per_request[tower]}" \
        "$(awk -v t="${per_request[tower]}" -v o="${per_request[ours]}" 'BEGIN { printf "%.2f", t / o }')" \
        "$(awk -v t="${per_request[tower]}" -v o="${per_request[api]}" 'BEGIN { printf "%.2f", t / o }')"
done
