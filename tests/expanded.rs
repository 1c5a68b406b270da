//! `examples/expanded/<name>-expanded.rs` shows what `#[cors]` (and `cors_route!`,
//! `preflight!`, `cors_policy!`) write for each example; this test keeps those files current.
//!
//! Why it is built this way: the only faithful expansion is the compiler's,
//! `rustc -Zunpretty=expanded`, which stable rustc accepts only under `RUSTC_BOOTSTRAP=1`. That
//! variable also changes what proc-macro2's build script decides (it turns on
//! `proc_macro_span`), so an expansion run in the workspace's own `target/` would rebuild every
//! proc macro, and everything built with them, on the next ordinary build. The expansion
//! therefore runs in a target directory of its own, `target/expand`, where the first run is a
//! `cargo check` of the examples' dependencies (about 30 s of CPU; a minute of wall time on a
//! busy two-core machine) and every later run costs well under a second per example. That first
//! build is too much for every `cargo test`, so the test works at two levels:
//!
//! - Always, at no build cost: every example that uses the macros has its expansion, no
//!   expansion is left without its example, each starts with the generated-file header, and the
//!   header's digest of the example's items that use the macros (attribute, doc comments,
//!   signature, body) matches the example as it is now. Changing a handler or its attribute
//!   without regenerating fails here.
//! - With `CORS_EXPANDED=check`: every example is expanded afresh and compared byte for byte.
//!   This also catches a change to the macros themselves, which the digest cannot see; run it in
//!   CI where the extra `cargo check` is affordable (a nightly job, or before a release).
//!   `CORS_EXPANDED=overwrite` writes the fresh expansions instead: `scripts/expand.sh`.
//!
//! The printing belongs to rustc (`-Zunpretty`) and rustfmt, so a new toolchain can change the
//! files without any change here; regenerate and read the diff. Expansions are made on Linux:
//! `linkme`'s expansion (for `origins_env`) names a platform's link section.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What the generated code and the macros' own calls contain, and user code does not: generated
/// paths are absolute (`::cors_runtime::...`) and generated helpers start with `__cors_`.
const EXPANSION_MARKERS: [&str; 3] = ["::cors_runtime::", "__cors_", "cors_warning"];

/// How an example's source uses the macros.
const SOURCE_MARKERS: [&str; 5] = [
    "#[cors(",
    "cors_runtime::cors(",
    "cors_route!",
    "preflight!",
    "cors_policy!",
];

const DIGEST_PREFIX: &str = "// Source digest (FNV-1a 64 of the items above): ";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace root")
        .to_path_buf()
}

/// One `[[example]]` of `examples/Cargo.toml`.
#[derive(Debug)]
struct Example {
    name: String,
    path: String,
    required_features: Vec<String>,
}

impl Example {
    fn source(&self, root: &Path) -> String {
        let path = root.join("examples").join(&self.path);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        text.replace("\r\n", "\n")
    }

    fn expanded_file(&self, root: &Path) -> PathBuf {
        root.join("examples")
            .join("expanded")
            .join(format!("{}-expanded.rs", self.name))
    }
}

/// The `[[example]]` tables of `examples/Cargo.toml`: `name`, `path` and `required-features`,
/// each on one line, as Cargo writes them.
fn examples(root: &Path) -> Vec<Example> {
    let manifest = std::fs::read_to_string(root.join("examples/Cargo.toml"))
        .expect("examples/Cargo.toml is readable");
    let mut examples: Vec<Example> = Vec::new();
    let mut in_example = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_example = line == "[[example]]";
            if in_example {
                examples.push(Example {
                    name: String::new(),
                    path: String::new(),
                    required_features: Vec::new(),
                });
            }
            continue;
        }
        let (Some(example), Some((key, value))) = (examples.last_mut(), line.split_once('='))
        else {
            continue;
        };
        if !in_example {
            continue;
        }
        let strings = || {
            value
                .split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        match key.trim() {
            "name" => example.name = strings().concat(),
            "path" => example.path = strings().concat(),
            "required-features" => example.required_features = strings(),
            _ => {}
        }
    }
    for example in &mut examples {
        if example.path.is_empty() {
            example.path = format!("{}.rs", example.name);
        }
    }
    examples
}

/// The examples whose source uses the macros, with that source.
fn examples_using_macros(root: &Path) -> Vec<(Example, String)> {
    examples(root)
        .into_iter()
        .map(|example| {
            let source = example.source(root);
            (example, source)
        })
        .filter(|(_, source)| SOURCE_MARKERS.iter().any(|marker| source.contains(marker)))
        .collect()
}

/// The top-level items of Rust source, each with the comments and attributes before it, found by
/// tracking brackets outside comments, strings and character literals. An item ends at a `;` or
/// at the `}` that closes it (with the `;` after it, if any).
fn top_level_items(source: &str) -> Vec<&str> {
    let bytes = source.as_bytes();
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if start.is_none() && !byte.is_ascii_whitespace() {
            start = Some(index);
        }
        let next = bytes.get(index + 1).copied();
        let end_of_item = match byte {
            b'/' if next == Some(b'/') => {
                index = source[index..]
                    .find('\n')
                    .map_or(bytes.len(), |offset| index + offset);
                continue;
            }
            b'/' if next == Some(b'*') => {
                index = skip_block_comment(bytes, index);
                continue;
            }
            b'"' => {
                index = skip_string(bytes, index + 1);
                continue;
            }
            b'r' | b'b' | b'c' if starts_literal(bytes, index) => {
                index = skip_prefixed_literal(bytes, index);
                continue;
            }
            b'\'' => {
                index = skip_char_literal(source, index);
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                false
            }
            b')' | b']' => {
                depth = depth.saturating_sub(1);
                false
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                depth == 0 && !next_significant_is(bytes, index + 1, b';')
            }
            b';' => depth == 0,
            _ => false,
        };
        index += 1;
        if end_of_item {
            if let Some(begin) = start.take() {
                items.push(&source[begin..index]);
            }
        }
    }
    items
}

fn skip_block_comment(bytes: &[u8], mut index: usize) -> usize {
    let mut nesting = 0usize;
    while index < bytes.len() {
        match (bytes[index], bytes.get(index + 1)) {
            (b'/', Some(b'*')) => {
                nesting += 1;
                index += 2;
            }
            (b'*', Some(b'/')) => {
                nesting -= 1;
                index += 2;
                if nesting == 0 {
                    return index;
                }
            }
            _ => index += 1,
        }
    }
    index
}

/// From just after an opening `"` to just after the closing one.
fn skip_string(bytes: &[u8], mut index: usize) -> usize {
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'"' => return index + 1,
            _ => index += 1,
        }
    }
    index
}

/// Whether an `r`, `b` or `c` starts a literal (`r"`, `r#"`, `b"`, `b'`, `br"`, `c"`, `cr#"`)
/// rather than an identifier or a raw identifier (`r#type`).
fn starts_literal(bytes: &[u8], index: usize) -> bool {
    let after_identifier = index > 0 && is_identifier_byte(bytes[index - 1]);
    if after_identifier {
        return false;
    }
    let mut cursor = index;
    if matches!(bytes[cursor], b'b' | b'c') {
        cursor += 1;
        if matches!(bytes.get(cursor), Some(b'"')) {
            return true;
        }
        if bytes[index] == b'b' && matches!(bytes.get(cursor), Some(b'\'')) {
            return true;
        }
    }
    if bytes.get(cursor) != Some(&b'r') {
        return false;
    }
    cursor += 1;
    while bytes.get(cursor) == Some(&b'#') {
        cursor += 1;
    }
    bytes.get(cursor) == Some(&b'"')
}

fn skip_prefixed_literal(bytes: &[u8], mut index: usize) -> usize {
    if matches!(bytes[index], b'b' | b'c') {
        index += 1;
        match bytes.get(index) {
            Some(b'"') => return skip_string(bytes, index + 1),
            Some(b'\'') => return skip_quoted_char(bytes, index),
            _ => {}
        }
    }
    // A raw string: `r`, some `#`, `"`, then up to `"` followed by as many `#`.
    index += 1;
    let mut hashes = 0;
    while bytes.get(index) == Some(&b'#') {
        hashes += 1;
        index += 1;
    }
    index += 1;
    while index < bytes.len() {
        if bytes[index] == b'"'
            && bytes
                .get(index + 1..index + 1 + hashes)
                .is_some_and(|run| run.iter().all(|byte| *byte == b'#'))
        {
            return index + 1 + hashes;
        }
        index += 1;
    }
    index
}

/// A `'` starts a character literal (`'x'`, `'\''`, `'ü'`) or a lifetime or label (`'a`,
/// `'static`), which is skipped as an ordinary token.
fn skip_char_literal(source: &str, index: usize) -> usize {
    let bytes = source.as_bytes();
    if bytes.get(index + 1) == Some(&b'\\') {
        return skip_quoted_char(bytes, index);
    }
    let character_length = source[index + 1..].chars().next().map_or(0, char::len_utf8);
    if bytes.get(index + 1 + character_length) == Some(&b'\'') {
        index + 2 + character_length
    } else {
        index + 1
    }
}

/// From an opening `'` of a literal with an escape (`'\''`, `'\u{7f}'`) to after its closing `'`.
fn skip_quoted_char(bytes: &[u8], mut index: usize) -> usize {
    index += 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'\'' => return index + 1,
            _ => index += 1,
        }
    }
    index
}

fn is_identifier_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn next_significant_is(bytes: &[u8], index: usize, wanted: u8) -> bool {
    bytes[index..]
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| *byte == wanted)
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a64(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The digest of the example's items that use the macros: what its expansion shows.
fn source_digest(source: &str) -> String {
    let items: Vec<&str> = top_level_items(source)
        .into_iter()
        .filter(|item| SOURCE_MARKERS.iter().any(|marker| item.contains(marker)))
        .collect();
    format!("{:016x}", fnv1a64(&items.join("\n")))
}

fn header(example: &Example, digest: &str) -> String {
    let name = &example.name;
    let path = &example.path;
    let features = if example.required_features.is_empty() {
        String::new()
    } else {
        format!(" --features {}", example.required_features.join(","))
    };
    format!(
        "// @generated by scripts/expand.sh from examples/{path}: do not edit.
//
// What the `#[cors]` attribute (and `cors_route!`, `preflight!`, `cors_policy!`) write for the
// items of examples/{path} that use them: the compiler's own expansion,
//
//     RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/expand cargo rustc -p cors-examples \\
//         --example {name}{features} --profile check -- -Zunpretty=expanded
//
// trimmed to those items and formatted with rustfmt. Macros inside the handlers' bodies
// (`format!`, `println!`) appear expanded too. This file is for reading: it is not compiled and
// belongs to no crate. tests/expanded.rs checks that it is current; scripts/expand.sh
// regenerates it.
//
{DIGEST_PREFIX}{digest}

"
    )
}

/// The compiler's expansion of an example, trimmed to the items the macros wrote, formatted.
fn fresh_expansion(root: &Path, example: &Example, source: &str) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", root.join("target/expand"))
        .args(["rustc", "--quiet", "-p", "cors-examples", "--example"])
        .arg(&example.name)
        .args(["--profile", "check"]);
    if !example.required_features.is_empty() {
        command.args(["--features", &example.required_features.join(",")]);
    }
    let output = command
        .args(["--", "-Zunpretty=expanded"])
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "expanding example `{}` failed:\n{}",
            example.name,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let expanded = String::from_utf8(output.stdout)
        .map_err(|_| format!("the expansion of `{}` is not UTF-8", example.name))?;
    let items: Vec<&str> = top_level_items(&expanded)
        .into_iter()
        .filter(|item| EXPANSION_MARKERS.iter().any(|marker| item.contains(marker)))
        .collect();
    if items.is_empty() {
        return Err(format!(
            "the expansion of `{}` has no item written by the macros",
            example.name
        ));
    }
    let mut formatted = Vec::new();
    for item in items {
        formatted.push(format_item(&without_misplaced_comments(item))?);
    }
    Ok(format!(
        "{}{}\n",
        header(example, &source_digest(source)),
        formatted.join("\n\n")
    ))
}

/// rustc's printer writes the example's comments where their position in the file falls among
/// the tokens it prints, and the items that a `macro_rules!` of the runtime writes (a companion
/// module's axum items) carry positions in the runtime's source: a comment of the example's
/// handler can land among them. The macros write no comments, so a companion module's comment
/// lines are dropped.
fn without_misplaced_comments(item: &str) -> String {
    if !item.contains("that the `cors` attribute generated for") {
        return item.to_string();
    }
    item.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// rustfmt at its default width; wider when it gives up on an item at that width (it then
/// leaves the item as rustc printed it, with lines far past the width). A long string that
/// cannot be broken, such as a `cors_route!` assertion's message, is what makes it give up.
fn format_item(item: &str) -> Result<String, String> {
    const DEFAULT_WIDTH: usize = 100;
    let default = rustfmt(item, DEFAULT_WIDTH)?;
    if !overflows(&default, DEFAULT_WIDTH) {
        return Ok(default.trim_end().to_string());
    }
    for width in (DEFAULT_WIDTH + 20..=400).step_by(20) {
        let wider = rustfmt(item, width)?;
        if !overflows(&wider, width) {
            return Ok(wider.trim_end().to_string());
        }
    }
    Ok(default.trim_end().to_string())
}

/// Whether a line other than a lone string literal or doc attribute, which nothing can
/// shorten, is longer than `width`.
fn overflows(code: &str, width: usize) -> bool {
    code.lines().any(|line| {
        let trimmed = line.trim_start();
        line.chars().count() > width && !trimmed.starts_with('"') && !trimmed.starts_with("#[doc")
    })
}

fn rustfmt(code: &str, width: usize) -> Result<String, String> {
    use std::io::Write as _;

    let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".to_string());
    let mut child = Command::new(rustfmt)
        .args(["--edition", "2021", "--emit", "stdout", "--config"])
        .arg(format!("max_width={width}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run rustfmt: {error}"))?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(code.as_bytes())
        .map_err(|error| format!("cannot write to rustfmt: {error}"))?;
    let output = child
        .wait_with_output()
        .map_err(|error| format!("rustfmt failed: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "rustfmt failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| "rustfmt wrote non-UTF-8".to_string())
}

/// The first line where two texts differ, for a failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    for number in 1.. {
        match (expected_lines.next(), actual_lines.next()) {
            (Some(a), Some(b)) if a == b => {}
            (None, None) => break,
            (committed, fresh) => {
                return format!(
                    "line {number}:\n    committed: {}\n    fresh:     {}",
                    committed.unwrap_or("(end of file)"),
                    fresh.unwrap_or("(end of file)")
                )
            }
        }
    }
    "they differ only in line endings or a final newline".to_string()
}

const REGENERATE: &str = "regenerate with scripts/expand.sh and read the diff";

#[test]
fn every_expansion_is_present_and_matches_its_example() {
    let root = workspace_root();
    let examples = examples_using_macros(&root);
    assert!(
        examples
            .iter()
            .any(|(example, _)| example.name == "quickstart")
            && examples
                .iter()
                .any(|(example, _)| example.name == "hyper_server"),
        "examples/Cargo.toml should list quickstart and hyper_server: {examples:?}"
    );
    let mut problems = String::new();
    for (example, source) in &examples {
        let file = example.expanded_file(&root);
        let Ok(committed) = std::fs::read_to_string(&file) else {
            let _ = writeln!(problems, "- {} is missing", file.display());
            continue;
        };
        let committed = committed.replace("\r\n", "\n");
        let digest = source_digest(source);
        if !committed.starts_with(&header(example, &digest)) {
            let recorded = committed
                .lines()
                .find_map(|line| line.strip_prefix(DIGEST_PREFIX))
                .unwrap_or("(none)");
            let _ = writeln!(
                problems,
                "- {} was generated from another version of examples/{} (digest {recorded}, now {digest}), or its header was edited",
                file.display(),
                example.path
            );
        }
    }
    let names: Vec<String> = examples
        .iter()
        .map(|(example, _)| format!("{}-expanded.rs", example.name))
        .collect();
    if let Ok(entries) = std::fs::read_dir(root.join("examples/expanded")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !names.contains(&name) {
                let _ = writeln!(
                    problems,
                    "- examples/expanded/{name} belongs to no example that uses the macros; delete it"
                );
            }
        }
    }
    assert!(problems.is_empty(), "{problems}{REGENERATE}");
}

#[test]
fn expansions_match_the_compiler_when_asked() {
    let mode = std::env::var("CORS_EXPANDED").unwrap_or_default();
    let overwrite = match mode.as_str() {
        "check" => false,
        "overwrite" => true,
        "" => {
            eprintln!(
                "skipped: set CORS_EXPANDED=check to compare examples/expanded/ with a fresh expansion (a `cargo check` of the examples in target/expand), or CORS_EXPANDED=overwrite to regenerate"
            );
            return;
        }
        other => panic!("CORS_EXPANDED is `check` or `overwrite`, not `{other}`"),
    };
    let root = workspace_root();
    let examples = examples_using_macros(&root);
    let directory = root.join("examples/expanded");
    let mut problems = String::new();
    for (example, source) in &examples {
        let fresh = match fresh_expansion(&root, example, source) {
            Ok(fresh) => fresh,
            Err(error) => {
                let _ = writeln!(problems, "- {error}");
                continue;
            }
        };
        let file = example.expanded_file(&root);
        if overwrite {
            std::fs::create_dir_all(&directory).expect("examples/expanded can be created");
            std::fs::write(&file, &fresh)
                .unwrap_or_else(|error| panic!("cannot write {}: {error}", file.display()));
            eprintln!("wrote {}", file.display());
            continue;
        }
        match std::fs::read_to_string(&file) {
            Ok(committed) if committed == fresh => {}
            Ok(committed) => {
                let _ = writeln!(
                    problems,
                    "- {} differs from the compiler's expansion, {}",
                    file.display(),
                    first_difference(&committed, &fresh)
                );
            }
            Err(_) => {
                let _ = writeln!(problems, "- {} is missing", file.display());
            }
        }
    }
    if overwrite {
        let names: Vec<String> = examples
            .iter()
            .map(|(example, _)| format!("{}-expanded.rs", example.name))
            .collect();
        for entry in std::fs::read_dir(&directory)
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !names.contains(&name) {
                std::fs::remove_file(entry.path()).expect("a stale expansion can be removed");
                eprintln!("removed {}", entry.path().display());
            }
        }
    }
    assert!(problems.is_empty(), "{problems}{REGENERATE}");
}

#[test]
fn items_are_split_where_rust_would_split_them() {
    let source = r##"//! Crate docs.
use a::{b, c};

/// A `{` in a doc comment, a '}' in a char literal.
#[cors(origins = ["https://a.example"], methods = [GET])]
async fn handler() -> &'static str {
    let _ = ('{', '\'', b'}', r#"}"#, "\"}");
    "ok"
}

struct Unit;
const LIST: &[&str] = &["a;b"];
/* a block comment with } */
fn last() {}
"##;
    let items = top_level_items(source);
    assert_eq!(items.len(), 5, "{items:#?}");
    assert!(items[0].starts_with("//! Crate docs.") && items[0].ends_with("use a::{b, c};"));
    assert!(items[1].starts_with("/// A `{`") && items[1].ends_with("\"ok\"\n}"));
    assert_eq!(items[2], "struct Unit;");
    assert_eq!(items[3], "const LIST: &[&str] = &[\"a;b\"];");
    assert_eq!(items[4], "/* a block comment with } */\nfn last() {}");
    assert_eq!(fnv1a64(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
}

#[test]
fn only_companion_modules_lose_their_comment_lines() {
    let module = "#[doc = \"The CORS policy that the `cors` attribute generated for `h`.\"]\nmod h {\n    // misplaced\n    pub static CORS: P = P;\n}";
    assert_eq!(
        without_misplaced_comments(module),
        "#[doc = \"The CORS policy that the `cors` attribute generated for `h`.\"]\nmod h {\n    pub static CORS: P = P;\n}"
    );
    let handler = "fn h() {\n    // the user's own\n    x()\n}";
    assert_eq!(without_misplaced_comments(handler), handler);
}
