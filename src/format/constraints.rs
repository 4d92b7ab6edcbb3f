//! The format's value constraints, each written once: the JSON Schema it
//! generates and the check the fast path runs. A test proves each check
//! agrees with its pattern on generated strings.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;

/// The pattern of an identifier (people, areas, roles).
pub const SLUG_PATTERN: &str = "^[a-z0-9][a-z0-9._-]*$";
/// The pattern of a GitHub handle.
pub const GITHUB_PATTERN: &str = "^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$";
/// The pattern of an e-mail address.
pub const EMAIL_PATTERN: &str = "^[^@\\s]+@[^@\\s]+$";
/// The bounds of `org.headcount`.
pub const HEADCOUNT: std::ops::RangeInclusive<u64> = 1..=10_000_000;
/// The format versions this build reads.
pub const VERSIONS: &[u64] = &[1];
/// The professional backgrounds a person may have.
pub const BACKGROUNDS: [&str; 7] = [
    "engineering",
    "product",
    "design",
    "data",
    "business",
    "operations",
    "other",
];

/// Whether `s` matches [`SLUG_PATTERN`].
#[must_use]
pub fn is_slug(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// Whether `s` matches [`GITHUB_PATTERN`].
#[must_use]
pub fn is_github(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

/// Whether `s` matches [`EMAIL_PATTERN`], for ASCII only: `None` for
/// other text (whose whitespace classes the fast path leaves to the
/// validator).
#[must_use]
pub fn is_email(s: &str) -> Option<bool> {
    if !s.is_ascii() {
        return None;
    }
    let Some((user, host)) = s.split_once('@') else {
        return Some(false);
    };
    Some(
        !user.is_empty()
            && !host.is_empty()
            && !host.contains('@')
            && !s.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0b),
    )
}

/// Whether `n` is a percentage (0 to 100, fractions allowed).
#[must_use]
pub fn is_percent(n: f64) -> bool {
    (0.0..=100.0).contains(&n)
}

/// Declares a schema-only type: its name, whether it is inlined, and its
/// schema.
macro_rules! constraint {
    ($(#[$doc:meta])* $name:ident, $def:literal, inline = $inline:literal, $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($def)
            }

            fn inline_schema() -> bool {
                $inline
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

constraint!(
    /// An identifier.
    Slug,
    "slug",
    inline = false,
    json_schema!({
        "description": "An identifier: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.",
        "type": "string",
        "pattern": SLUG_PATTERN,
    })
);

constraint!(
    /// Text that is not empty.
    NonEmpty,
    "non_empty",
    inline = true,
    json_schema!({ "type": "string", "minLength": 1 })
);

constraint!(
    /// A GitHub handle.
    Github,
    "github",
    inline = true,
    json_schema!({ "type": "string", "pattern": GITHUB_PATTERN })
);

constraint!(
    /// An e-mail address.
    Email,
    "email",
    inline = true,
    json_schema!({ "type": "string", "pattern": EMAIL_PATTERN })
);

constraint!(
    /// A professional background.
    Background,
    "background",
    inline = true,
    json_schema!({ "enum": BACKGROUNDS })
);

constraint!(
    /// The organisation's headcount.
    Headcount,
    "headcount",
    inline = true,
    json_schema!({
        "type": "integer",
        "minimum": HEADCOUNT.start(),
        "maximum": HEADCOUNT.end(),
    })
);

constraint!(
    /// A share of time, in percent.
    Percent,
    "percent",
    inline = true,
    json_schema!({
        "description": "Percent of time on this activity.",
        "type": "number",
        "minimum": 0,
        "maximum": 100,
    })
);

constraint!(
    /// The format version.
    Version,
    "version",
    inline = true,
    if VERSIONS.len() == 1 {
        json_schema!({ "const": VERSIONS[0] })
    } else {
        json_schema!({ "enum": VERSIONS })
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn matches(pattern: &str, s: &str) -> bool {
        let schema = serde_json::json!({ "type": "string", "pattern": pattern });
        jsonschema::draft202012::new(&schema)
            .expect("pattern compiles")
            .is_valid(&serde_json::json!(s))
    }

    /// Characters around the edges of every pattern: the classes each one
    /// allows, the ones it refuses, whitespace (ASCII and not) and `@`.
    const ALPHABET: &str = "aZz09.-_@ \t\u{b}\u{a0}é/A";

    fn text() -> impl Strategy<Value = String> {
        let chars: Vec<char> = ALPHABET.chars().collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..7)
            .prop_map(|c| c.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn each_check_agrees_with_its_pattern(s in text()) {
            prop_assert_eq!(is_slug(&s), matches(SLUG_PATTERN, &s), "slug {:?}", s);
            prop_assert_eq!(is_github(&s), matches(GITHUB_PATTERN, &s), "github {:?}", s);
            if let Some(ok) = is_email(&s) {
                prop_assert_eq!(ok, matches(EMAIL_PATTERN, &s), "email {:?}", s);
            }
        }
    }
}
