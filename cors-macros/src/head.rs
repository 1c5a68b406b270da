//! A handler's signature read from its tokens, for the shape most handlers have: `pub async fn
//! name(pattern: Type, ...) -> Type`, without generics, `where`, receivers or parameter
//! attributes. The parameters' patterns and types, and the return type, are kept as tokens
//! (`Pat::Verbatim`, `Type::Verbatim`), which the expansion copies as written; the types the
//! checks look into (the form's, in `valid::detect_form`) are read by `names_generic`, or parsed
//! there when they are not a plain path.
//!
//! syn parses every type of a signature into its tree. Unoptimized, as `cargo check` builds the
//! macro, that was a fifth of the macro's run per handler (`scripts/compile-instructions.sh`).
//! Any other shape is left to syn, whose errors are the ones a mistake gets; the compiler has
//! parsed the item before the macro runs, so what is read here is valid Rust.

use proc_macro2::{Delimiter, Ident, Punct, Spacing, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::{Attribute, FnArg, Pat, PatType, ReturnType, Signature, Type, Visibility};

/// The attributes, visibility and signature written as `head` (a function's tokens before its
/// body), or `None` when they are not in the shape read here.
pub(crate) fn read(head: &[TokenTree]) -> Option<(Vec<Attribute>, Visibility, Signature)> {
    let mut at = attributes_end(head);
    let attrs = if at == 0 {
        Vec::new()
    } else {
        let attributes: TokenStream = head[..at].iter().cloned().collect();
        syn::parse::Parser::parse2(Attribute::parse_outer, attributes).ok()?
    };
    let vis = match (head.get(at), head.get(at + 1)) {
        (Some(TokenTree::Ident(public)), Some(TokenTree::Group(group)))
            if public == "pub" && group.delimiter() == Delimiter::Parenthesis =>
        {
            at += 2;
            syn::parse2(head[at - 2..at].iter().cloned().collect()).ok()?
        }
        (Some(TokenTree::Ident(public)), _) if public == "pub" => {
            at += 1;
            Visibility::Public(syn::token::Pub {
                span: public.span(),
            })
        }
        _ => Visibility::Inherited,
    };
    let asyncness = match head.get(at) {
        Some(TokenTree::Ident(word)) if word == "async" => {
            at += 1;
            Some(syn::token::Async { span: word.span() })
        }
        _ => None,
    };
    let fn_token = match head.get(at) {
        Some(TokenTree::Ident(word)) if word == "fn" => syn::token::Fn { span: word.span() },
        _ => return None,
    };
    let (Some(TokenTree::Ident(ident)), Some(TokenTree::Group(parameters))) =
        (head.get(at + 1), head.get(at + 2))
    else {
        return None;
    };
    if parameters.delimiter() != Delimiter::Parenthesis {
        return None;
    }
    let output = match &head[at + 3..] {
        [] => ReturnType::Default,
        [TokenTree::Punct(minus), TokenTree::Punct(greater), ty @ ..]
            if minus.as_char() == '-' && greater.as_char() == '>' && !ty.is_empty() =>
        {
            if ty
                .iter()
                .any(|tree| matches!(tree, TokenTree::Ident(word) if word == "where"))
            {
                return None;
            }
            ReturnType::Type(
                syn::token::RArrow {
                    spans: [minus.span(), greater.span()],
                },
                Box::new(Type::Verbatim(ty.iter().cloned().collect())),
            )
        }
        _ => return None,
    };
    let signature = Signature {
        constness: None,
        asyncness,
        unsafety: None,
        abi: None,
        fn_token,
        ident: ident.clone(),
        generics: syn::Generics::default(),
        paren_token: syn::token::Paren {
            span: parameters.delim_span(),
        },
        inputs: read_inputs(parameters.stream())?,
        variadic: None,
        output,
    };
    Some((attrs, vis, signature))
}

/// Where the outer attributes at the start of `head` end: after each `#` and its `[...]`.
pub(crate) fn attributes_end(head: &[TokenTree]) -> usize {
    let mut at = 0;
    while let (Some(TokenTree::Punct(pound)), Some(TokenTree::Group(_))) =
        (head.get(at), head.get(at + 1))
    {
        if pound.as_char() != '#' {
            break;
        }
        at += 2;
    }
    at
}

/// `pattern: Type` parameters separated by commas, or `None` for a receiver or a parameter's
/// attribute.
fn read_inputs(parameters: TokenStream) -> Option<Punctuated<FnArg, syn::Token![,]>> {
    let trees: Vec<TokenTree> = parameters.into_iter().collect();
    let mut inputs = Punctuated::new();
    for (parameter, comma) in split_at_commas(&trees)? {
        inputs.push_value(typed(parameter)?);
        if let Some(comma) = comma {
            inputs.push_punct(syn::token::Comma {
                spans: [comma.span()],
            });
        }
    }
    Some(inputs)
}

/// Tokens between commas, with the comma after them if there is one.
type Piece<'t> = (&'t [TokenTree], Option<&'t Punct>);

/// `trees` split at their top-level commas, each piece with the comma after it; a trailing comma
/// ends the last piece. Commas inside `<...>` (`HashMap<K, V>`) do not split, and `->` (`fn(A) ->
/// B`) closes nothing. `None` when a `>` closes no `<`, or a `<` is left open.
fn split_at_commas(trees: &[TokenTree]) -> Option<Vec<Piece<'_>>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut angles = 0_usize;
    let mut after_minus = false;
    for (index, tree) in trees.iter().enumerate() {
        let TokenTree::Punct(punct) = tree else {
            after_minus = false;
            continue;
        };
        match punct.as_char() {
            ',' if angles == 0 => {
                pieces.push((&trees[start..index], Some(punct)));
                start = index + 1;
            }
            '<' => angles += 1,
            '>' if !after_minus => angles = angles.checked_sub(1)?,
            _ => {}
        }
        after_minus = punct.as_char() == '-' && punct.spacing() == Spacing::Joint;
    }
    if angles != 0 {
        return None;
    }
    if start < trees.len() {
        pieces.push((&trees[start..], None));
    }
    Some(pieces)
}

/// Whether the type written as `ty` is a path whose last segment is `name` with angle-bracketed
/// arguments (`http::Request<B>`), and with `first`, whether its first argument is such a path of
/// `first` too (`Result<Response<B>, E>`), as syn's tree of the type says. `None` when `ty` is
/// written in a way this does not read (a qualified path, arguments before the last segment), for
/// syn to answer.
pub(crate) fn names_generic(ty: &[TokenTree], name: &str, first: Option<&str>) -> Option<bool> {
    if !ty.iter().any(|tree| is_punct(tree, '<')) {
        // No angle-bracketed arguments anywhere.
        return Some(false);
    }
    let (last, arguments) = generic_path(ty)?;
    if last != name {
        return Some(false);
    }
    match (first, arguments.first()) {
        (None, _) => Some(true),
        (Some(_), None) => Some(false),
        (Some(inner), Some((argument, _))) => names_generic(argument, inner, None),
    }
}

/// A path with arguments on its last segment only (`a::B<C, D>`, `B::<C>`): the last segment's
/// name and its arguments.
fn generic_path(ty: &[TokenTree]) -> Option<(&Ident, Vec<Piece<'_>>)> {
    let colons = |at: usize| path_separator(ty, at);
    let mut at = if colons(0) { 2 } else { 0 };
    loop {
        let Some(TokenTree::Ident(segment)) = ty.get(at) else {
            return None;
        };
        at += 1;
        if colons(at) {
            at += 2;
            if matches!(ty.get(at), Some(TokenTree::Ident(_))) {
                continue;
            }
        }
        if !ty.get(at).is_some_and(|tree| is_punct(tree, '<')) {
            return None;
        }
        let (closing, arguments) = ty.get(at + 1..)?.split_last()?;
        if !is_punct(closing, '>') {
            return None;
        }
        // The `>` at the end closes this `<` only if the arguments' own close theirs, which
        // `split_at_commas` checks.
        return Some((segment, split_at_commas(arguments)?));
    }
}

fn is_punct(tree: &TokenTree, char: char) -> bool {
    matches!(tree, TokenTree::Punct(punct) if punct.as_char() == char)
}

/// Whether a `::` starts at `at` in `trees`: a joint `:` and another.
fn path_separator(trees: &[TokenTree], at: usize) -> bool {
    matches!(trees.get(at), Some(TokenTree::Punct(colon)) if colon.as_char() == ':' && colon.spacing() == Spacing::Joint)
        && trees.get(at + 1).is_some_and(|tree| is_punct(tree, ':'))
}

/// One parameter, `pattern: Type`: split at its first `:` that is not half of a `::`.
fn typed(parameter: &[TokenTree]) -> Option<FnArg> {
    let colon = (0..parameter.len()).find(|&index| {
        is_punct(&parameter[index], ':')
            && !path_separator(parameter, index)
            && !(index > 0 && path_separator(parameter, index - 1))
    })?;
    let (pattern, ty) = (&parameter[..colon], &parameter[colon + 1..]);
    let receiver_or_attribute = pattern.iter().any(|tree| match tree {
        TokenTree::Ident(word) => word == "self",
        TokenTree::Punct(punct) => punct.as_char() == '#',
        _ => false,
    });
    if pattern.is_empty() || ty.is_empty() || receiver_or_attribute {
        return None;
    }
    Some(FnArg::Typed(PatType {
        attrs: Vec::new(),
        pat: Box::new(Pat::Verbatim(pattern.iter().cloned().collect())),
        colon_token: syn::token::Colon {
            spans: [parameter[colon].span()],
        },
        ty: Box::new(Type::Verbatim(ty.iter().cloned().collect())),
    }))
}

#[cfg(test)]
mod tests {
    use proc_macro2::{TokenStream, TokenTree};
    use quote::{quote, ToTokens};

    fn head(function: TokenStream) -> Vec<TokenTree> {
        let mut trees: Vec<TokenTree> = function.into_iter().collect();
        trees.pop();
        trees
    }

    /// Token text without its spaces: `>>` and `> >` alike.
    fn unspaced(tokens: impl ToTokens) -> String {
        tokens.to_token_stream().to_string().replace(' ', "")
    }

    // The functions are written in braces, `quote! { ... }`: rustfmt leaves them as written
    // (in parentheses, it takes a trailing comma out or puts one in).

    #[test]
    fn the_usual_signatures_are_read_as_syn_reads_them() {
        for function in [
            quote! { pub async fn list() -> &'static str {} },
            quote! { #[doc = " Lists."] pub(crate) async fn list(State(db): State<Db>, Path((a, b)): Path<(u32, String)>) -> Result<Json<Vec<User>>, (StatusCode, &'static str)> {} },
            quote! { async fn f(map: HashMap<String, Vec<u8>>, g: Box<dyn Fn(u8) -> u8 + Send>, _: (), mut n: u8,) {} },
            quote! { fn sync(x: <T as Trait>::Out, Foo::Bar { a, .. }: Foo::Bar) -> impl IntoResponse {} },
            quote! { pub async fn nested(x: Option<Option<u8>>, y: Result<Vec<Vec<u8>>, ()>) -> Json<Vec<Vec<u8>>> {} },
        ] {
            let trees = head(function.clone());
            let (attrs, vis, sig) = super::read(&trees).expect("read");
            let parsed: syn::ItemFn = syn::parse2(function.clone()).expect("a function");
            assert_eq!(sig.inputs.len(), parsed.sig.inputs.len(), "{function}");
            assert_eq!(
                sig.inputs.trailing_punct(),
                parsed.sig.inputs.trailing_punct(),
                "{function}"
            );
            let read = unspaced(quote!(#(#attrs)* #vis #sig));
            let (attrs, vis, sig) = (&parsed.attrs, &parsed.vis, &parsed.sig);
            assert_eq!(read, unspaced(quote!(#(#attrs)* #vis #sig)), "{function}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_syn() {
        for function in [
            quote! { async fn generic<T: Send>(x: T) {} },
            quote! { async fn receiver(&self) {} },
            quote! { async fn receiver_typed(self: Box<Self>) {} },
            quote! { async fn attribute(#[allow(unused)] x: u8) {} },
            quote! { const fn constant() {} },
            quote! { unsafe fn unsafe_one() {} },
            quote! { extern "C" fn abi() {} },
            quote! { async fn bounded() -> u8 where u8: Copy {} },
        ] {
            assert!(super::read(&head(function.clone())).is_none(), "{function}");
        }
    }

    #[test]
    fn parameters_split_at_their_own_commas_only() {
        let trees = head(
            quote! { async fn f(a: HashMap<u8, fn(u8, u16) -> Vec<u8>>, b: Path<(u32, u32)>,) {} },
        );
        let (_, _, sig) = super::read(&trees).expect("read");
        assert_eq!(sig.inputs.len(), 2);
        assert!(sig.inputs.trailing_punct());
        assert_eq!(
            unspaced(&sig.inputs),
            unspaced(quote! { a: HashMap<u8, fn(u8, u16) -> Vec<u8>>, b: Path<(u32, u32)>, })
        );
    }
}
