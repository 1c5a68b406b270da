# Sourced by scripts/ab.sh and scripts/expand-ab.sh, which compare a revision with the working
# tree.

# Checks out REVISION of the repository at ROOT in a fresh git worktree at WORKTREE, removed
# again when the calling script exits.
checkout_revision() {
    local root="$1" revision="$2" worktree="$3"
    git -C "$root" worktree remove --force "$worktree" 2>/dev/null || rm -rf "$worktree"
    mkdir -p "$(dirname "$worktree")"
    git -C "$root" worktree add --quiet --detach "$worktree" "$revision"
    # shellcheck disable=SC2064 # the paths are known now
    trap "git -C '$root' worktree remove --force '$worktree'" EXIT
}
