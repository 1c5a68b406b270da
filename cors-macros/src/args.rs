//! The attribute's tokens as written, with their spans: syntax only, no rules.

use proc_macro2::{Delimiter, Spacing, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitBool, LitInt, LitStr, Token};

/// `#[cors(key = value, ...)]`.
pub(crate) struct RawArgs {
    pub(crate) args: Vec<RawArg>,
}

/// One `key = value`, or a bare `key`.
pub(crate) struct RawArg {
    pub(crate) key: Ident,
    pub(crate) value: Option<RawValue>,
}

/// A value, sorted by shape only.
pub(crate) enum RawValue {
    List(RawList),
    Str(LitStr),
    Int(LitInt),
    Bool(LitBool),
    Ident(Ident),
    /// Anything else, kept for its span.
    Other(TokenStream),
}

/// `[item, item, ...]`.
pub(crate) struct RawList {
    pub(crate) span: Span,
    pub(crate) items: Vec<RawItem>,
}

/// One list item.
pub(crate) enum RawItem {
    Str(LitStr),
    Ident(Ident),
    /// Anything else, kept for its span.
    Other(TokenStream),
}

impl RawArg {
    /// The span from the key to the end of the value, for errors about the whole pair.
    pub(crate) fn tokens(&self) -> TokenStream {
        let mut tokens = self.key.to_token_stream();
        if let Some(value) = &self.value {
            tokens.extend(value.to_token_stream());
        }
        tokens
    }
}

impl ToTokens for RawValue {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            RawValue::List(list) => {
                // Only the span matters: errors about a list point at its brackets.
                let mut group = proc_macro2::Group::new(Delimiter::Bracket, TokenStream::new());
                group.set_span(list.span);
                tokens.extend([TokenTree::Group(group)]);
            }
            RawValue::Str(lit) => lit.to_tokens(tokens),
            RawValue::Int(lit) => lit.to_tokens(tokens),
            RawValue::Bool(lit) => lit.to_tokens(tokens),
            RawValue::Ident(ident) => ident.to_tokens(tokens),
            RawValue::Other(other) => other.to_tokens(tokens),
        }
    }
}

impl ToTokens for RawItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            RawItem::Str(lit) => lit.to_tokens(tokens),
            RawItem::Ident(ident) => ident.to_tokens(tokens),
            RawItem::Other(other) => other.to_tokens(tokens),
        }
    }
}

/// The attribute's arguments: read from its token trees when they have the usual shape (`key =
/// value` pairs whose values are one literal, one identifier or a bracketed list of string
/// literals and identifiers), else parsed by syn, whose errors then say what is wrong. Both
/// readings give the same arguments for the usual shape (a unit test compares them); reading the
/// trees skips syn's token buffers, which the macro, unoptimized in a `cargo check`, builds
/// slowly.
pub(crate) fn parse(attribute: TokenStream) -> syn::Result<RawArgs> {
    match read(&attribute) {
        Some(args) => Ok(args),
        None => syn::parse2::<RawArgs>(attribute),
    }
}

/// [`parse`]'s reading of the usual shape, `None` for anything else.
fn read(attribute: &TokenStream) -> Option<RawArgs> {
    let mut trees = attribute.clone().into_iter();
    let mut args = Vec::new();
    while let Some(key) = trees.next() {
        let TokenTree::Ident(key) = key else {
            return None;
        };
        match trees.next()? {
            TokenTree::Punct(equals)
                if equals.as_char() == '=' && equals.spacing() == Spacing::Alone => {}
            _ => return None,
        }
        let value = match trees.next()? {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
                RawValue::List(RawList {
                    span: group.span(),
                    items: read_items(group.stream())?,
                })
            }
            TokenTree::Literal(token) => match literal(&token) {
                syn::Lit::Str(lit) => RawValue::Str(lit),
                syn::Lit::Int(lit) => RawValue::Int(lit),
                _ => return None,
            },
            TokenTree::Ident(ident) if ident == "true" || ident == "false" => {
                RawValue::Bool(LitBool::new(ident == "true", ident.span()))
            }
            TokenTree::Ident(ident) => RawValue::Ident(ident),
            TokenTree::Punct(_) | TokenTree::Group(_) => return None,
        };
        args.push(RawArg {
            key,
            value: Some(value),
        });
        match trees.next() {
            None => break,
            Some(TokenTree::Punct(comma)) if comma.as_char() == ',' => {}
            Some(_) => return None,
        }
    }
    Some(RawArgs { args })
}

/// A list's items of the usual shape (each one literal string or one identifier), `None` for
/// anything else.
fn read_items(list: TokenStream) -> Option<Vec<RawItem>> {
    let mut trees = list.into_iter();
    let mut items = Vec::new();
    while let Some(item) = trees.next() {
        items.push(match item {
            TokenTree::Literal(token) => match literal(&token) {
                syn::Lit::Str(lit) => RawItem::Str(lit),
                _ => return None,
            },
            TokenTree::Ident(ident) => RawItem::Ident(ident),
            TokenTree::Punct(_) | TokenTree::Group(_) => return None,
        });
        match trees.next() {
            None => break,
            Some(TokenTree::Punct(comma)) if comma.as_char() == ',' => {}
            Some(_) => return None,
        }
    }
    Some(items)
}

impl Parse for RawArgs {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut args = Vec::new();
        while !input.is_empty() {
            let key: Ident = input.call(syn::ext::IdentExt::parse_any).map_err(|error| {
                syn::Error::new(
                    error.span(),
                    "expected a `key = value` argument, such as `origins = [\"https://app.example.com\"]`",
                )
            })?;
            let value = if input.peek(Token![=]) {
                input.parse::<Token![=]>()?;
                Some(parse_value(input, &key)?)
            } else {
                None
            };
            args.push(RawArg { key, value });
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>().map_err(|error| {
                syn::Error::new(error.span(), "expected `,` between cors arguments")
            })?;
        }
        Ok(RawArgs { args })
    }
}

/// The tokens up to the next top-level `,`, as trees: a value is most often one literal or one
/// bracketed list, looked at without building a token stream, which in a proc macro is a call
/// into the compiler per token.
fn tokens_until_comma(input: ParseStream<'_>) -> syn::Result<Vec<TokenTree>> {
    let mut tokens = Vec::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        tokens.push(input.parse::<TokenTree>()?);
    }
    Ok(tokens)
}

/// A literal token as syn's literal, as `syn::parse2::<syn::Lit>` would read it alone.
fn literal(literal: &proc_macro2::Literal) -> syn::Lit {
    syn::Lit::new(literal.clone())
}

fn parse_value(input: ParseStream<'_>, key: &Ident) -> syn::Result<RawValue> {
    let tokens = tokens_until_comma(input)?;
    let (first, second) = (tokens.first(), tokens.get(1));
    let Some(first) = first else {
        return Err(syn::Error::new(
            key.span(),
            format!("`{key}` needs a value after `=`"),
        ));
    };
    if let Some(second) = second {
        // `origins = [...] methods = [...]`: a list or a literal ends a value, so what follows
        // is the next argument, missing its comma.
        let ends_value = matches!(&first, TokenTree::Literal(_))
            || matches!(&first, TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket);
        if ends_value {
            return Err(syn::Error::new(
                second.span(),
                "expected `,` between cors arguments",
            ));
        }
        return Ok(RawValue::Other(tokens.into_iter().collect()));
    }
    Ok(match first {
        TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
            let items = syn::parse::Parser::parse2(parse_items, group.stream())?;
            RawValue::List(RawList {
                span: group.span(),
                items,
            })
        }
        TokenTree::Literal(token) => match literal(token) {
            syn::Lit::Str(lit) => RawValue::Str(lit),
            syn::Lit::Int(lit) => RawValue::Int(lit),
            other => RawValue::Other(other.into_token_stream()),
        },
        TokenTree::Ident(ident) if ident == "true" || ident == "false" => {
            RawValue::Bool(LitBool::new(ident == "true", ident.span()))
        }
        TokenTree::Ident(ident) => RawValue::Ident(ident.clone()),
        other => RawValue::Other(other.to_token_stream()),
    })
}

fn parse_items(input: ParseStream<'_>) -> syn::Result<Vec<RawItem>> {
    let mut items = Vec::new();
    while !input.is_empty() {
        let tokens = tokens_until_comma(input)?;
        let item = match tokens.as_slice() {
            [TokenTree::Literal(token)] => match literal(token) {
                syn::Lit::Str(lit) => RawItem::Str(lit),
                other => RawItem::Other(other.into_token_stream()),
            },
            [TokenTree::Ident(ident)] => RawItem::Ident(ident.clone()),
            _ => RawItem::Other(tokens.into_iter().collect()),
        };
        items.push(item);
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::{quote, ToTokens};

    use super::{RawArgs, RawItem, RawValue};

    /// What a reading keeps, as text: each key, its value's kind and tokens, and a list's items.
    fn described(args: &RawArgs) -> Vec<String> {
        let text = |tokens: &dyn ToTokens| tokens.to_token_stream().to_string();
        args.args
            .iter()
            .map(|arg| {
                let value = match &arg.value {
                    None => "none".to_string(),
                    Some(RawValue::List(list)) => {
                        let items: Vec<String> = list
                            .items
                            .iter()
                            .map(|item| match item {
                                RawItem::Str(lit) => format!("str {}", lit.value()),
                                RawItem::Ident(ident) => format!("ident {ident}"),
                                RawItem::Other(other) => format!("other {other}"),
                            })
                            .collect();
                        format!("list [{}]", items.join("; "))
                    }
                    Some(RawValue::Str(lit)) => format!("str {}", lit.value()),
                    Some(RawValue::Int(lit)) => format!("int {}", text(lit)),
                    Some(RawValue::Bool(lit)) => format!("bool {}", lit.value),
                    Some(RawValue::Ident(ident)) => format!("ident {ident}"),
                    Some(RawValue::Other(other)) => format!("other {other}"),
                };
                format!("{} = {value}", arg.key)
            })
            .collect()
    }

    fn syn_reads(attribute: &TokenStream) -> Vec<String> {
        described(&syn::parse2::<RawArgs>(attribute.clone()).expect("syn parses it"))
    }

    #[test]
    fn the_usual_arguments_are_read_as_syn_reads_them() {
        for attribute in [
            quote! {},
            quote! { origins = ["https://app.example.com"], methods = [GET] },
            quote! {
                origins = ["https://app.example.com", "https://admin.example.com", "http://localhost:3001"],
                methods = [GET, POST], headers = ["content-type", "x-api-key"],
                expose_headers = ["x-request-id"], credentials = true, max_age = 600,
            },
            quote! { origins = ["*"], methods = [], credentials = false, form = axum, module = false },
            quote! { origins_env = "CORS_ORIGINS", methods = [GET, "M-SEARCH", PURGE,], max_age = 0x10 },
            quote! { r#type = 1, origin_fn = allowed, policy = API },
        ] {
            let read = super::read(&attribute).expect("the usual shape");
            assert_eq!(described(&read), syn_reads(&attribute), "{attribute}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_syn() {
        for attribute in [
            quote! { credentials },
            quote! { credentials, methods = [GET] },
            quote! { max_age = -1 },
            quote! { max_age = 1.5 },
            quote! { origin_fn = crate::allowed },
            quote! { headers = [b"x"] },
            quote! { headers = ["a" "b"] },
            quote! { headers = [,] },
            quote! { methods = (GET) },
            quote! { methods == [GET] },
            quote! { origins = ["a"] methods = [GET] },
            quote! { "origins" = ["a"] },
        ] {
            assert!(super::read(&attribute).is_none(), "{attribute}");
        }
    }
}
