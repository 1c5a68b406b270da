//! A policy's lists, kept in the policy itself when short, so that a policy allocates nothing.

/// Up to `N` items kept in place; more in one heap block, made once, on the policy's first use.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "a few per policy, in its static: the point is to keep the items in place"
)]
pub(crate) enum InPlace<T, const N: usize> {
    Few { len: usize, items: [T; N] },
    Heap(Box<[T]>),
}

impl<T: Clone, const N: usize> InPlace<T, N> {
    /// The `count` items of `items`; `filler` fills the unused places.
    pub(crate) fn collect(count: usize, items: impl Iterator<Item = T>, filler: T) -> Self {
        if count > N {
            // Exactly its length: one heap block, never regrown.
            let mut heap = Vec::with_capacity(count);
            heap.extend(items);
            return InPlace::Heap(heap.into_boxed_slice());
        }
        let mut few: [T; N] = core::array::from_fn(|_| filler.clone());
        for (slot, item) in few.iter_mut().zip(items) {
            *slot = item;
        }
        InPlace::Few {
            len: count,
            items: few,
        }
    }
}

impl<T, const N: usize> InPlace<T, N> {
    /// The items, in order.
    #[inline]
    pub(crate) fn as_slice(&self) -> &[T] {
        match self {
            InPlace::Few { len, items } => items.get(..*len).unwrap_or_default(),
            InPlace::Heap(items) => items,
        }
    }
}

/// The values of `text`'s lines tagged `tag`, in order: `"m GET"` is `GET` for `m`. A tag is one
/// character followed by a space; flags without a value (`"c"`) are not values.
pub(crate) fn tagged(text: &'static str, tag: u8) -> impl Iterator<Item = &'static str> + Clone {
    text.split('\n')
        .filter_map(move |line| match line.as_bytes() {
            [first, b' ', ..] if *first == tag => line.get(2..),
            _ => None,
        })
}

/// The names of `tag` in `text`: up to 16 in place.
pub(crate) fn names(text: &'static str, tag: u8) -> InPlace<&'static str, 16> {
    let names = tagged(text, tag);
    InPlace::collect(names.clone().count(), names, "")
}

#[cfg(test)]
mod tests {
    use super::{names, tagged, InPlace};

    #[test]
    fn a_tag_yields_its_values_in_order() {
        let text = "n handler\no https://a.example\no https://b.example\nm GET\nc\nm POST";
        assert!(tagged(text, b'o').eq(["https://a.example", "https://b.example"]));
        // Lines of other tags in between are skipped, and so are flags without a value.
        assert!(tagged(text, b'm').eq(["GET", "POST"]));
        assert_eq!(tagged(text, b'c').count(), 0);
        assert_eq!(tagged(text, b'h').count(), 0);
    }

    #[test]
    fn a_tag_is_one_character_then_a_space() {
        let text = "mm GET\nm\nm PUT\nx m DELETE";
        assert!(tagged(text, b'm').eq(["PUT"]));
    }

    #[test]
    fn sixteen_names_stay_in_place_and_more_go_to_the_heap() {
        let list = names("m GET\nm POST", b'm');
        assert!(matches!(list, InPlace::Few { len: 2, .. }));
        assert_eq!(list.as_slice(), ["GET", "POST"]);
        let many: String = (0..17).map(|index| format!("h x-{index}\n")).collect();
        let many: &'static str = Box::leak(many.into_boxed_str());
        let list = names(many, b'h');
        assert!(matches!(list, InPlace::Heap(_)));
        assert_eq!(list.as_slice().len(), 17);
        assert_eq!(list.as_slice().last(), Some(&"x-16"));
    }
}
