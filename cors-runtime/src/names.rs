//! Lists read in place from a policy's text: the values of the lines of one tag.

use core::fmt;

/// The lines of one tag in a policy's text: from the first such line to the last. The macro
/// writes each tag's lines together, so nothing else lies between; anything that did would be
/// skipped.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lines {
    block: &'static str,
    tag: u8,
}

impl Lines {
    /// The lines of `tag` in `text`.
    pub(crate) fn of(text: &'static str, tag: u8) -> Lines {
        let mut span: Option<(usize, usize)> = None;
        let mut offset = 0;
        for line in text.split('\n') {
            if value(line, tag).is_some() {
                let start = span.map_or(offset, |(start, _)| start);
                span = Some((start, offset + line.len()));
            }
            offset += line.len() + 1;
        }
        let block = span
            .and_then(|(start, end)| text.get(start..end))
            .unwrap_or("");
        Lines { block, tag }
    }

    /// A one-line list, such as `*` for a policy that allows any origin.
    pub(crate) const fn single(line: &'static str) -> Lines {
        Lines {
            block: line,
            tag: match line.as_bytes().first() {
                Some(tag) => *tag,
                None => 0,
            },
        }
    }

    /// No line.
    pub(crate) const EMPTY: Lines = Lines { block: "", tag: 0 };

    /// The values, in order.
    pub(crate) fn names(self) -> Names {
        Names {
            rest: self.block,
            tag: self.tag,
        }
    }
}

/// How many names a [`NameList`] keeps in place.
const IN_PLACE: usize = 16;

/// The names of one tag as a slice, for the checks a preflight runs on every request: up to
/// 16 kept in place, so that a policy allocates nothing for them; more in one heap block, made
/// on the policy's first use.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "two per policy, in its static: the point is to keep the names in place"
)]
pub(crate) enum NameList {
    InPlace {
        len: usize,
        names: [&'static str; IN_PLACE],
    },
    Heap(Box<[&'static str]>),
}

impl NameList {
    /// The values of `lines`.
    pub(crate) fn of(lines: Lines) -> NameList {
        let count = lines.names().count();
        if count > IN_PLACE {
            // Exactly its length: one heap block, never regrown.
            let mut names = Vec::with_capacity(count);
            names.extend(lines.names());
            return NameList::Heap(names.into_boxed_slice());
        }
        let mut names = [""; IN_PLACE];
        for (slot, name) in names.iter_mut().zip(lines.names()) {
            *slot = name;
        }
        NameList::InPlace { len: count, names }
    }

    /// The names, in order.
    #[inline]
    pub(crate) fn as_slice(&self) -> &[&'static str] {
        match self {
            NameList::InPlace { len, names } => names.get(..*len).unwrap_or_default(),
            NameList::Heap(names) => names,
        }
    }
}

/// `line`'s value when its tag is `tag`: `"m GET"` is `GET` for `m`.
#[inline]
fn value(line: &str, tag: u8) -> Option<&str> {
    match line.as_bytes() {
        [first, b' ', ..] if *first == tag => line.get(2..),
        _ => None,
    }
}

/// The names a [`Policy`](crate::Policy) lists (its origins as written, its methods or its
/// request headers), read in place from the policy's compile-time text: iterating allocates
/// nothing.
///
/// ```
/// use cors_runtime::cors;
///
/// #[cors(origins = ["https://app.example.com", "https://*.example.org"], methods = [GET, POST])]
/// async fn handler() {}
///
/// let origins: Vec<&str> = handler::CORS.origins().collect();
/// assert_eq!(origins, ["https://app.example.com", "https://*.example.org"]);
/// assert_eq!(handler::CORS.methods(), ["GET", "POST"]);
/// assert_eq!(handler::CORS.request_headers().count(), 0);
/// ```
#[derive(Clone)]
pub struct Names {
    rest: &'static str,
    tag: u8,
}

impl Iterator for Names {
    type Item = &'static str;

    #[inline]
    fn next(&mut self) -> Option<&'static str> {
        while !self.rest.is_empty() {
            // Lines are short: a plain scan beats a searcher's setup.
            let end = self
                .rest
                .bytes()
                .position(|byte| byte == b'\n')
                .unwrap_or(self.rest.len());
            let line = self.rest.get(..end).unwrap_or("");
            self.rest = self.rest.get(end + 1..).unwrap_or("");
            if let Some(value) = value(line, self.tag) {
                return Some(value);
            }
        }
        None
    }
}

/// Compares with a list written out: `assert_eq!(handler::CORS.methods(), ["GET"])`.
impl<const N: usize> PartialEq<[&str; N]> for Names {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.clone().eq(other.iter().copied())
    }
}

impl PartialEq<&[&str]> for Names {
    fn eq(&self, other: &&[&str]) -> bool {
        self.clone().eq(other.iter().copied())
    }
}

impl fmt::Debug for Names {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_list().entries(self.clone()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{Lines, Names};

    fn collect(names: Names) -> Vec<&'static str> {
        names.collect()
    }

    #[test]
    fn a_tag_yields_its_values_in_order() {
        let text = "n handler\no https://a.example\no https://b.example\nm GET\nc\nm POST";
        assert_eq!(
            collect(Lines::of(text, b'o').names()),
            ["https://a.example", "https://b.example"]
        );
        // Lines of other tags in between are skipped, and so are flags without a value.
        assert_eq!(collect(Lines::of(text, b'm').names()), ["GET", "POST"]);
        assert_eq!(collect(Lines::of(text, b'c').names()), Vec::<&str>::new());
        assert_eq!(collect(Lines::of(text, b'h').names()), Vec::<&str>::new());
    }

    #[test]
    fn a_tag_is_one_character_then_a_space() {
        let text = "mm GET\nm\nm PUT\nx m DELETE";
        assert_eq!(collect(Lines::of(text, b'm').names()), ["PUT"]);
    }

    #[test]
    fn a_name_list_keeps_sixteen_in_place_and_more_on_the_heap() {
        let text = "m GET\nm POST";
        let list = super::NameList::of(Lines::of(text, b'm'));
        assert!(matches!(list, super::NameList::InPlace { len: 2, .. }));
        assert_eq!(list.as_slice(), ["GET", "POST"]);
        let many: String = (0..17).map(|index| format!("h x-{index}\n")).collect();
        let many: &'static str = Box::leak(many.into_boxed_str());
        let list = super::NameList::of(Lines::of(many, b'h'));
        assert!(matches!(list, super::NameList::Heap(_)));
        assert_eq!(list.as_slice().len(), 17);
        assert_eq!(list.as_slice().last(), Some(&"x-16"));
    }

    #[test]
    fn single_and_empty_lists() {
        assert_eq!(collect(Lines::single("o *").names()), ["*"]);
        assert_eq!(collect(Lines::EMPTY.names()), Vec::<&str>::new());
        assert_eq!(format!("{:?}", Lines::single("m *").names()), "[\"*\"]");
    }
}
