#!/usr/bin/env bash
# A/B of two builds with the interleaved timer (benches/examples/interleaved.rs): builds it at
# revision A (a git worktree under target/ab) and from the working tree (B), runs the two
# binaries in alternation, and prints each contender's fastest round on each side. Taking turns
# spreads load from other processes over both sides; on a shared 2-core machine differences
# under about 5 ns are noise.
#
#   scripts/ab.sh HEAD~1            # every case, 3 turns each
#   scripts/ab.sh 5fa4941 d_ 5      # groups starting with d_, 5 turns each
#
# The timer of the working tree is used on both sides, so revision A needs only the benchmark
# library it calls (cors_benches::visit_all and the contenders).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
revision="${1:?usage: scripts/ab.sh REVISION [GROUP_PREFIX] [TURNS]}"
prefix="${2:-}"
turns="${3:-3}"
work="$root/target/ab"
worktree="$work/a"
export CARGO_TARGET_DIR="$work/target"

# shellcheck source=scripts/lib/worktree.sh
source "$root/scripts/lib/worktree.sh"
checkout_revision "$root" "$revision" "$worktree"
cp "$root/benches/examples/interleaved.rs" "$worktree/benches/examples/interleaved.rs"
if ! grep -q 'name = "interleaved"' "$worktree/benches/Cargo.toml"; then
    printf '\n[[example]]\nname = "interleaved"\npath = "examples/interleaved.rs"\n' >>"$worktree/benches/Cargo.toml"
fi

build() {
    cargo build --quiet --release --manifest-path "$1/Cargo.toml" -p cors-benches --example interleaved
    cp "$CARGO_TARGET_DIR/release/examples/interleaved" "$2"
}
build "$worktree" "$work/interleaved-a"
build "$root" "$work/interleaved-b"

for ((turn = 1; turn <= turns; turn++)); do
    "$work/interleaved-a" "$prefix" | sed 's/^/A /'
    "$work/interleaved-b" "$prefix" | sed 's/^/B /'
done | python3 -c '
import re, sys
fastest = {}
order = []
for line in sys.stdin:
    side, rest = line.split(" ", 1)
    case = rest[:34].strip()
    if case not in order:
        order.append(case)
    for name, value in re.findall(r"(?<![/\w])(base|ours|api|tower) +([\d.]+)", rest):
        key = (case, side, name)
        fastest[key] = min(fastest.get(key, float("inf")), float(value))
print("fastest round over all turns, ns per request; A = '"$revision"', B = working tree")
for case in order:
    for side in "AB":
        base, ours, api, tower = (fastest[(case, side, name)] for name in ("base", "ours", "api", "tower"))
        print(f"{side} {case:34} base {base:6.1f} ours {ours:6.1f} api {api:6.1f} tower {tower:7.1f}  tower/ours {tower / ours:.2f}  tower/api {tower / api:.2f}")
'
