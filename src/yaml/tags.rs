//! Explicit tags by their meaning. The core schema's tags (`!!str`,
//! `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map`, in any
//! spelling: shorthand, verbatim `!<tag:yaml.org,2002:str>`, or a `%TAG`
//! handle) decide what a node is; the non-specific `!` makes a scalar a
//! string; every other tag is refused at the node it is on.

use super::scalar::{Scalar, resolve_scalar};
use saphyr_parser::{ScalarStyle, Tag};

const CORE: &str = "tag:yaml.org,2002:";

/// What a tag asks of its node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Meaning {
    Str,
    Int,
    Float,
    Bool,
    Null,
    Seq,
    Map,
    /// The non-specific `!`: a scalar is a string, a collection as it is.
    NonSpecific,
    /// Any other tag.
    Other,
}

/// The tag as its author would recognise it.
pub(super) fn spell(tag: &Tag) -> String {
    match (tag.handle.as_str(), tag.suffix.as_str()) {
        (CORE, suffix) => format!("!!{suffix}"),
        ("!", suffix) => format!("!{suffix}"),
        ("", "!") => "!".to_owned(),
        (handle, suffix) => format!("!<{handle}{suffix}>"),
    }
}

pub(super) fn meaning(tag: &Tag) -> Meaning {
    if tag.handle.is_empty() && tag.suffix == "!" {
        return Meaning::NonSpecific;
    }
    let full = format!("{}{}", tag.handle, tag.suffix);
    match full.strip_prefix(CORE) {
        Some("str") => Meaning::Str,
        Some("int") => Meaning::Int,
        Some("float") => Meaning::Float,
        Some("bool") => Meaning::Bool,
        Some("null") => Meaning::Null,
        Some("seq") => Meaning::Seq,
        Some("map") => Meaning::Map,
        _ => Meaning::Other,
    }
}

/// A tagged scalar resolved by its tag: the value, or why the tag does
/// not fit (and then the value as if untagged).
pub(super) fn resolve_tagged(
    value: &str,
    style: ScalarStyle,
    tag: &Tag,
) -> (Scalar, Option<String>) {
    let untagged = resolve_scalar(value, style);
    let as_plain = resolve_scalar(value, ScalarStyle::Plain);
    let refuse = |what: &str| {
        (
            untagged,
            Some(format!(
                "`{}` says this is {what}, but `{value}` is not",
                spell(tag)
            )),
        )
    };
    match meaning(tag) {
        Meaning::Str | Meaning::NonSpecific => (Scalar::Str, None),
        Meaning::Int => match as_plain {
            Scalar::Int(_) | Scalar::BadNumber if resolves_int(value) => (as_plain, None),
            _ => refuse("an integer"),
        },
        Meaning::Float => match as_plain {
            Scalar::Float(_) | Scalar::BadNumber => (as_plain, None),
            #[allow(clippy::cast_precision_loss)]
            Scalar::Int(i) => (Scalar::Float(i as f64), None),
            _ => refuse("a number"),
        },
        Meaning::Bool => match as_plain {
            Scalar::Bool(_) => (as_plain, None),
            _ => refuse("`true` or `false`"),
        },
        Meaning::Null => match as_plain {
            Scalar::Null => (as_plain, None),
            _ => refuse("null"),
        },
        Meaning::Seq => refuse("a list"),
        Meaning::Map => refuse("a mapping"),
        Meaning::Other => (
            untagged,
            Some(format!("tag `{}` is not allowed", spell(tag))),
        ),
    }
}

/// Whether a plain scalar that did not resolve to a float is an integer
/// (possibly one too large to hold).
fn resolves_int(value: &str) -> bool {
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    !digits.is_empty()
        && (digits.bytes().all(|b| b.is_ascii_digit())
            || value
                .strip_prefix("0x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || value
                .strip_prefix("0o")
                .is_some_and(|o| !o.is_empty() && o.chars().all(|c| c.is_digit(8))))
}

/// Why a tag does not fit a collection, if it does not.
pub(super) fn refuse_on_collection(tag: &Tag, is_map: bool) -> Option<String> {
    match (meaning(tag), is_map) {
        (Meaning::NonSpecific, _) | (Meaning::Map, true) | (Meaning::Seq, false) => None,
        (Meaning::Other, _) => Some(format!("tag `{}` is not allowed", spell(tag))),
        (_, true) => Some(format!("`{}` does not fit a mapping", spell(tag))),
        (_, false) => Some(format!("`{}` does not fit a list", spell(tag))),
    }
}
