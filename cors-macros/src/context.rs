//! Whether a handler is written in an impl block, a trait or elsewhere.
//!
//! An attribute macro sees only its item, and what it writes must fit where the item is: a
//! companion module can sit beside a free function but not in an impl. Rust gives a macro no
//! way to ask, so this reads the source file the handler's `fn` token comes from and finds the
//! block around it. When the file cannot be read (an IDE's macro server, a path remapped by the
//! build, a function written by another macro), the answer is [`Enclosing::Unknown`] and the
//! handler is treated as a free function, as before this check existed.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use proc_macro2::Span;

/// The block a handler is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Enclosing {
    /// `impl Type { ... }` or `impl Trait for Type { ... }`.
    Impl,
    /// `trait Name { ... }`.
    Trait,
    /// A module, a function body, or not known.
    Unknown,
}

/// Where the `fn` token at `span` is written.
pub(crate) fn enclosing(span: Span) -> Enclosing {
    let Some(file) = span.local_file().and_then(read) else {
        return Enclosing::Unknown;
    };
    let start = span.start();
    let at = match file.offset(start.line, start.column) {
        // The span must point at the `fn` token, or it is not this file's text.
        Some(at) if file.text[at..].starts_with("fn") => at,
        _ => return Enclosing::Unknown,
    };
    innermost(&file.blocks, at)
}

/// The kind of the innermost of `blocks` around the byte offset `at`. Every block around `at`
/// opened at or before the last block to open before `at`, and was still open then: it is that
/// block or one of its parents. So the search is a binary search and a walk up a few parents,
/// not a scan of the file's blocks, which would make a file's handlers cost the square of its
/// size.
fn innermost(blocks: &[Block], at: usize) -> Enclosing {
    let mut candidate = blocks
        .partition_point(|block| block.open < at)
        .checked_sub(1);
    while let Some(index) = candidate {
        let Some(block) = blocks.get(index) else {
            break;
        };
        if at < block.close {
            return block.kind;
        }
        candidate = block.parent;
    }
    Enclosing::Unknown
}

/// A source file as read, with its blocks.
struct SourceFile {
    path: PathBuf,
    /// Its length and modification time when it was read.
    stamp: Option<(u64, SystemTime)>,
    text: String,
    /// The byte offset of each line's start: the handlers of a file are found without
    /// scanning it from the top each time.
    line_starts: Vec<usize>,
    blocks: Vec<Block>,
}

impl SourceFile {
    fn new(path: PathBuf, stamp: Option<(u64, SystemTime)>, text: String) -> SourceFile {
        SourceFile {
            blocks: blocks(&text),
            line_starts: core::iter::once(0)
                .chain(text.match_indices('\n').map(|(index, _)| index + 1))
                .collect(),
            path,
            stamp,
            text,
        }
    }

    /// The byte offset of a 1-based line and a 0-based column counted in characters.
    fn offset(&self, line: usize, column: usize) -> Option<usize> {
        let line_start = *self.line_starts.get(line.saturating_sub(1))?;
        self.text[line_start..]
            .char_indices()
            .nth(column)
            .map(|(index, _)| line_start + index)
    }
}

/// The file at `path`, read once and kept for the other handlers of the file: the compiler runs
/// the macro once per handler, in one process per crate, and reading the file each time cost
/// more than the rest of this check. A file whose length or modification time changed (in a
/// long-lived macro server) is read anew, and so is one whose modification time the platform
/// does not give.
fn read(path: PathBuf) -> Option<Arc<SourceFile>> {
    static FILES: Mutex<Vec<Arc<SourceFile>>> = Mutex::new(Vec::new());
    let metadata = std::fs::metadata(&path).ok()?;
    let stamp = metadata
        .modified()
        .ok()
        .map(|modified| (metadata.len(), modified));
    let mut files = FILES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(file) = files
        .iter()
        .find(|file| file.path == path && stamp.is_some() && file.stamp == stamp)
    {
        return Some(Arc::clone(file));
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let file = Arc::new(SourceFile::new(path, stamp, text));
    files.retain(|known| known.path != file.path);
    files.push(Arc::clone(&file));
    Some(file)
}

/// A `{ ... }` of a file, by byte offsets, and what its header says it is.
#[derive(Debug)]
struct Block {
    open: usize,
    /// `usize::MAX` for a block the file does not close.
    close: usize,
    kind: Enclosing,
    /// The index of the block it is written in, if any.
    parent: Option<usize>,
}

/// Every block of `code`, in the order they open. A block's header is the code (comments and
/// literals blanked) between the end of the previous item or statement and its `{`: `#[attr]
/// impl<T> Api<T>` for `impl<T> Api<T> { ... }`.
fn blocks(code: &str) -> Vec<Block> {
    // Byte by byte: every character that matters is ASCII, and no byte of a longer UTF-8
    // character is, so the indexes below all fall on character boundaries. Plain code is
    // copied into the header a run at a time, when something else comes.
    let bytes = code.as_bytes();
    let mut blocks = Vec::new();
    // Indexes into `blocks` of the unclosed ones.
    let mut open: Vec<usize> = Vec::new();
    let mut current = String::new();
    // Where the plain code not yet copied into `current` starts.
    let mut run = 0;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let next = bytes.get(index + 1).copied();
        let after = match (byte, next) {
            (b'/', Some(b'/')) => {
                current.push_str(code.get(run..index).unwrap_or_default());
                current.push(' ');
                // Up to and with the end of the line.
                find_byte(bytes, index + 2, b'\n').map_or(bytes.len(), |end| end + 1)
            }
            (b'/', Some(b'*')) => {
                current.push_str(code.get(run..index).unwrap_or_default());
                current.push(' ');
                skip_block_comment(bytes, index + 2)
            }
            (b'"', _) => {
                current.push_str(code.get(run..index).unwrap_or_default());
                current.push_str("\"\"");
                skip_string(bytes, index + 1)
            }
            (b'r', Some(b'#' | b'"')) => {
                current.push_str(code.get(run..index).unwrap_or_default());
                if ends_identifier(&current) {
                    // `bar"..."` is not a raw string: `r` is plain code.
                    run = index;
                    index += 1;
                    continue;
                }
                let hashes = bytes
                    .get(index + 1..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&byte| byte == b'#')
                    .count();
                let quote = index + 1 + hashes;
                if bytes.get(quote) == Some(&b'"') {
                    current.push_str("\"\"");
                    skip_raw_string(bytes, quote + 1, hashes)
                } else {
                    // `r#ident`: a raw identifier; its `#` is dropped.
                    current.push('r');
                    quote
                }
            }
            (b'\'', _) => {
                current.push_str(code.get(run..index).unwrap_or_default());
                // A character literal (`'{'`, `'\''`), or a lifetime (`'a`), which has no
                // closing quote after one character.
                let mut lookahead = code.get(index + 1..).unwrap_or_default().char_indices();
                match (lookahead.next(), lookahead.next()) {
                    (Some((_, '\\')), second) => {
                        current.push_str("' '");
                        // After the escaped character, up to and with the closing quote.
                        let from = index + 1 + second.map_or(1, |(at, c)| at + c.len_utf8());
                        find_byte(bytes, from, b'\'').map_or(bytes.len(), |end| end + 1)
                    }
                    (Some(_), Some((at, '\''))) => {
                        current.push_str("' '");
                        index + 1 + at + 1
                    }
                    _ => {
                        current.push('\'');
                        index + 1
                    }
                }
            }
            (b'{', _) => {
                current.push_str(code.get(run..index).unwrap_or_default());
                let parent = open.last().copied();
                open.push(blocks.len());
                blocks.push(Block {
                    open: index,
                    close: usize::MAX,
                    kind: classify(&std::mem::take(&mut current)),
                    parent,
                });
                index + 1
            }
            (b'}', _) => {
                if let Some(block) = open.pop() {
                    if let Some(block) = blocks.get_mut(block) {
                        block.close = index;
                    }
                }
                current.clear();
                index + 1
            }
            (b';', _) => {
                current.clear();
                index + 1
            }
            _ => {
                // Plain code, up to the next byte that may start something else.
                index = bytes
                    .get(index + 1..)
                    .unwrap_or_default()
                    .iter()
                    .position(|byte| {
                        matches!(byte, b'/' | b'"' | b'r' | b'\'' | b'{' | b'}' | b';')
                    })
                    .map_or(bytes.len(), |at| index + 1 + at);
                continue;
            }
        };
        index = after;
        run = after;
    }
    blocks
}

/// The index of the first `byte` at or after `from`.
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&candidate| candidate == byte)
        .map(|at| from + at)
}

fn ends_identifier(code: &str) -> bool {
    code.chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The index after the `*/` that closes a block comment whose text starts at `from`; comments
/// nest.
fn skip_block_comment(bytes: &[u8], from: usize) -> usize {
    let mut depth = 1;
    let mut index = from;
    while let Some(&byte) = bytes.get(index) {
        match (byte, bytes.get(index + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                index += 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                index += 2;
                if depth == 0 {
                    return index;
                }
            }
            _ => index += 1,
        }
    }
    bytes.len()
}

/// The index after the quote that closes a string whose text starts at `from`.
fn skip_string(bytes: &[u8], from: usize) -> usize {
    let mut index = from;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'\\' => index += 2,
            b'"' => return index + 1,
            _ => index += 1,
        }
    }
    bytes.len()
}

/// The index after the quote and `hashes` hashes that close a raw string whose text starts at
/// `from`.
fn skip_raw_string(bytes: &[u8], from: usize, hashes: usize) -> usize {
    let mut index = from;
    while let Some(quote) = find_byte(bytes, index, b'"') {
        let closing = bytes
            .get(quote + 1..)
            .unwrap_or_default()
            .iter()
            .take(hashes)
            .take_while(|&&byte| byte == b'#')
            .count();
        if closing == hashes {
            return quote + 1 + hashes;
        }
        index = quote + 1 + closing;
    }
    bytes.len()
}

/// `impl ...` or `trait ...` after the item's attributes and qualifiers.
fn classify(header: &str) -> Enclosing {
    let mut rest = header.trim_start();
    // Outer attributes: `#[...]`, brackets balanced.
    while let Some(after) = rest.strip_prefix('#') {
        let after = after.trim_start();
        let Some(inside) = after.strip_prefix('[') else {
            return Enclosing::Unknown;
        };
        let mut depth = 1;
        let mut end = None;
        for (index, c) in inside.char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(index);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            return Enclosing::Unknown;
        };
        rest = inside[end + 1..].trim_start();
    }
    let mut words = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty());
    for word in words.by_ref() {
        match word {
            "pub" | "crate" | "super" | "self" | "in" | "unsafe" | "default" | "auto" => continue,
            "impl" => return Enclosing::Impl,
            "trait" => return Enclosing::Trait,
            _ => return Enclosing::Unknown,
        }
    }
    Enclosing::Unknown
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{blocks, innermost, Enclosing, SourceFile};

    #[test]
    fn offsets_count_characters_within_their_line() {
        let text = "fn a() {}\n// é, then\n  fn b() {}\n";
        let file = SourceFile::new(PathBuf::new(), None, text.to_string());
        assert_eq!(file.offset(1, 0), Some(0));
        assert_eq!(file.offset(2, 3), text.find('é'));
        // `é` is two bytes and one character.
        assert_eq!(file.offset(2, 4), text.find(", then"));
        assert_eq!(file.offset(3, 2), text.find("fn b"));
        assert_eq!(file.offset(5, 0), None);
    }

    /// The block around the end of `code`.
    fn around(code: &str) -> Enclosing {
        innermost(&blocks(code), code.len())
    }

    #[test]
    fn finds_the_block_around_the_handler() {
        assert_eq!(around("struct Api;\nimpl Api {\n    "), Enclosing::Impl);
        assert_eq!(
            around("#[derive(Clone)] struct A;\n#[allow(dead_code)]\nimpl<T: Clone> A where T: Copy {\n"),
            Enclosing::Impl
        );
        assert_eq!(around("unsafe impl Send for A {"), Enclosing::Impl);
        assert_eq!(around("pub(crate) trait Handlers {"), Enclosing::Trait);
        assert_eq!(around("mod api {\n"), Enclosing::Unknown);
        assert_eq!(around("use x;\n"), Enclosing::Unknown);
        assert_eq!(around("impl A { fn f() {} }\n"), Enclosing::Unknown);
        assert_eq!(around("fn main() {\n"), Enclosing::Unknown);
        assert_eq!(around("impl A { fn f() {\n"), Enclosing::Unknown);
        // Closed blocks before the handler, nested or not, are passed over to their parents.
        assert_eq!(
            around("impl A { fn f() { if x { y } } fn g() { { } } "),
            Enclosing::Impl
        );
        assert_eq!(
            around("trait T { fn f() { if x { y } } }\nimpl A { fn g() { } }\nfn h() { "),
            Enclosing::Unknown
        );
        assert_eq!(
            around("mod m { impl A { fn f() {} } trait T { "),
            Enclosing::Trait
        );
    }

    #[test]
    fn braces_in_literals_and_comments_do_not_count() {
        let code = r##"impl Api {
    fn a() -> &'static str { "}" }
    fn b() -> char { '}' }
    fn c() -> char { '\'' }
    fn d<'a>(x: &'a str) -> &'a str { x }
    // }
    /* } /* nested } */ } */
    fn e() -> &'static str { r#"}"# }
    fn f() -> &'static [u8] { b"}" }
    #[doc = "{"]
"##;
        assert_eq!(around(code), Enclosing::Impl);
        // Characters of more than one byte, in literals, comments and names.
        let code = r##"impl Été {
    fn a() -> char { 'é' }
    fn b() -> &'static str { "é}\"}" }
    // é }
    fn c() -> &'static str { r#"é"}"# }
    fn r#type() -> u8 { let été = 1; été }
    fn d() -> char { '\u{e9}' }
"##;
        assert_eq!(around(code), Enclosing::Impl);
        assert_eq!(blocks(code).len(), 6);
    }
}
