# Sourced by scripts/compile-time.sh and scripts/static-cost.sh, which generate crates to check.

# Writes DIR/Cargo.toml of a crate named NAME with the DEPENDENCIES lines, its own workspace
# (not a member of the repository's), and the repository ROOT's Cargo.lock, so that the
# dependencies are the versions the repository builds with.
write_crate_manifest() {
    local root="$1" dir="$2" name="$3" dependencies="$4"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<MANIFEST
[package]
name = "$name"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$dependencies

# Not a member of the repository's workspace.
[workspace]
MANIFEST
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
}
