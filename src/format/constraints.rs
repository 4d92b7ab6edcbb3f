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
/// The bounds of a team's `size`.
pub const TEAM_SIZE: std::ops::RangeInclusive<u64> = 0..=10_000_000;
/// The format versions this build reads.
pub const VERSIONS: &[u64] = &[1, 2];
/// The pattern of a date, `YYYY-MM-DD`.
pub const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// The bounds of a holding's `share`, in percent.
pub const SHARE: std::ops::RangeInclusive<u64> = 1..=100;
/// The kinds of organisation.
pub const ORG_KINDS: [&str; 2] = ["company", "community"];
/// A person's background: one of [`BACKGROUNDS`], held without an
/// allocation per person. A value that is not one of them is the schema's
/// finding and reads as none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known(&'static str);

impl Known {
    /// The background as written.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// The background `written` names, if it is one.
    #[must_use]
    pub fn find(written: &str) -> Option<Self> {
        BACKGROUNDS
            .iter()
            .copied()
            .find(|b| *b == written)
            .map(Known)
    }
}

/// Reads an optional background; one that is not known reads as none.
///
/// # Errors
/// When the value is not a string or null.
pub fn background<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Known>, D::Error> {
    let value: Option<String> = serde::Deserialize::deserialize(deserializer)?;
    Ok(value.as_deref().and_then(Known::find))
}

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

/// The day number (days since 1970-01-01) of a `YYYY-MM-DD` date that
/// exists in the calendar; `None` for any other text.
#[must_use]
pub fn day_number(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        bytes[r].iter().try_fold(0i64, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > days_in_month {
        return None;
    }
    // Days from civil (proleptic Gregorian), after H. Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
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
    /// The number of people in a team.
    TeamSize,
    "team_size",
    inline = true,
    json_schema!({
        "type": "integer",
        "minimum": TEAM_SIZE.start(),
        "maximum": TEAM_SIZE.end(),
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
    /// A calendar date.
    Date,
    "date",
    inline = true,
    json_schema!({ "type": "string", "pattern": DATE_PATTERN })
);

constraint!(
    /// A share of a person's time.
    Share,
    "share",
    inline = true,
    json_schema!({ "type": "integer", "minimum": SHARE.start(), "maximum": SHARE.end() })
);

constraint!(
    /// The kind of organisation.
    OrgKind,
    "org_kind",
    inline = true,
    json_schema!({ "enum": ORG_KINDS })
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

    #[test]
    fn day_numbers_follow_the_calendar() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-12-07"), Some(20_794));
        assert_eq!(day_number("2024-02-29"), Some(19_782));
        assert_eq!(day_number("2023-02-29"), None);
        assert_eq!(day_number("2026-04-31"), None);
        assert_eq!(day_number("2026-13-01"), None);
        assert_eq!(day_number("2026-1-01"), None);
        assert_eq!(day_number("２026-01-01"), None);
        assert!(matches(DATE_PATTERN, "2026-12-31") && !matches(DATE_PATTERN, "2026-12-32"));
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
