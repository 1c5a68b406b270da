//! The attribute's tokens as written, with their spans: syntax only, no rules.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
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
