//! Typed view of a validated document (serde), with a way back to spans.
//!
//! Every list item remembers where it came from ([`Origin`]: file and index),
//! so a rule can turn any model node into a JSON pointer and the pointer into
//! a span through the file's [`crate::yaml::Document`].

use crate::diagnostic::FileId;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Built-in areas of accountability, always defined.
pub const BUILTIN_AREAS: &[&str] = &builtin_areas(false);

/// What each built-in area covers (`rolelint explain AREA`, hover), in the
/// order of [`BUILTIN_AREAS`].
pub const BUILTIN_AREA_DESCRIPTIONS: &[&str] = &builtin_areas(true);

/// The one list of built-in areas: ids and what each covers.
const BUILTIN: [(&str, &str); 13] = [
    (
        "delivery",
        "shipping what engineering commits to, on time and at the agreed quality",
    ),
    (
        "external-vision",
        "the technology story told outside the company: customers, investors, the industry",
    ),
    ("product-strategy", "what the product does next, and why"),
    (
        "architecture",
        "the structure of the systems and the large technical decisions",
    ),
    (
        "engineering-budget",
        "what engineering spends: people, tools, infrastructure",
    ),
    (
        "people-management",
        "the engineers' growth, performance reviews and one-to-ones",
    ),
    ("recruitment", "hiring engineers"),
    ("onboarding", "bringing new engineers up to speed"),
    ("mentoring", "coaching engineers, formally or not"),
    (
        "technical-culture",
        "how engineering works: practices, standards, reviews",
    ),
    ("security", "protecting systems and data"),
    (
        "reliability",
        "keeping systems running: incidents, on-call, service levels",
    ),
    (
        "vendor-management",
        "choosing and managing outside suppliers and services",
    ),
];

const fn builtin_areas(descriptions: bool) -> [&'static str; 13] {
    let mut out = [""; 13];
    let mut i = 0;
    while i < BUILTIN.len() {
        out[i] = if descriptions {
            BUILTIN[i].1
        } else {
            BUILTIN[i].0
        };
        i += 1;
    }
    out
}

/// What a built-in area covers; `None` for an id that is not built in.
#[must_use]
pub fn builtin_area(id: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(a, _)| *a == id).map(|(_, d)| *d)
}

/// Where a list item lives: its file and its index in that file's list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: FileId,
    pub index: usize,
}

#[derive(Debug, Deserialize)]
pub struct RolesFile {
    pub version: u32,
    pub org: Option<Org>,
    pub people: Option<Vec<Person>>,
    #[serde(default)]
    pub areas: Vec<Area>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub include: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct Org {
    pub name: String,
    pub headcount: u64,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub background: Option<String>,
    pub github: Option<String>,
    pub email: Option<String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Deserialize)]
pub struct Area {
    pub id: String,
    pub description: String,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Metric {
    Text(String),
    Detailed {
        name: String,
        target: Option<String>,
        source: Option<String>,
    },
}

#[derive(Debug, Deserialize)]
pub struct Role {
    pub id: String,
    pub title: String,
    pub holder: Option<String>,
    pub reports_to: Option<String>,
    pub summary: Option<String>,
    pub responsibilities: Option<Vec<String>>,
    #[serde(default)]
    pub accountable_for: Vec<String>,
    pub success_metrics: Option<Vec<Metric>>,
    pub decision_rights: Option<Vec<String>>,
    pub time_allocation: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(skip)]
    pub origin: Origin,
}

impl RolesFile {
    /// Deserialize a schema-valid JSON value and stamp origins on list items.
    ///
    /// # Errors
    /// When the value does not have the model's shape (the schema should
    /// have reported that first).
    pub fn from_json(value: serde_json::Value, file: FileId) -> Result<Self, serde_json::Error> {
        let mut parsed: RolesFile = serde_json::from_value(value)?;
        for (index, p) in parsed.people.iter_mut().flatten().enumerate() {
            p.origin = Origin { file, index };
        }
        for (index, a) in parsed.areas.iter_mut().enumerate() {
            a.origin = Origin { file, index };
        }
        for (index, r) in parsed.roles.iter_mut().enumerate() {
            r.origin = Origin { file, index };
        }
        Ok(parsed)
    }
}

/// Declares a list item's keys as the format spells them: an enum whose
/// `key` is the key, and `ALL` in the format's order.
macro_rules! fields {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// Every key, in the format's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key as written in a roles file.
            #[must_use]
            pub const fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }
        }
    };
}

fields! {
    /// A key of a role.
    RoleField {
        Id => "id",
        Title => "title",
        Holder => "holder",
        ReportsTo => "reports_to",
        Summary => "summary",
        Responsibilities => "responsibilities",
        AccountableFor => "accountable_for",
        SuccessMetrics => "success_metrics",
        DecisionRights => "decision_rights",
        TimeAllocation => "time_allocation",
    }
}

fields! {
    /// A key of a person.
    PersonField {
        Id => "id",
        Name => "name",
        Background => "background",
        Github => "github",
        Email => "email",
    }
}

fields! {
    /// A key of an area.
    AreaField {
        Id => "id",
        Description => "description",
    }
}

impl Role {
    /// JSON pointer of this role.
    #[must_use]
    pub fn pointer(&self) -> String {
        format!("/roles/{}", self.origin.index)
    }

    /// JSON pointer of one of its fields, and of a path below it (`""`
    /// for the field itself, `"3"` for an item, `"people"` for a key).
    #[must_use]
    pub fn field_pointer(&self, field: RoleField, below: &str) -> String {
        if below.is_empty() {
            format!("/roles/{}/{}", self.origin.index, field.key())
        } else {
            format!("/roles/{}/{}/{below}", self.origin.index, field.key())
        }
    }

    /// Time spent on each activity, extension keys left out.
    pub fn time_shares(&self) -> impl Iterator<Item = (&str, f64)> {
        self.time_allocation
            .iter()
            .flatten()
            .filter(|(k, _)| !k.starts_with("x-"))
            .filter_map(|(k, v)| v.as_f64().map(|f| (k.as_str(), f)))
    }
}

impl Person {
    #[must_use]
    pub fn pointer(&self, field: PersonField) -> String {
        format!("/people/{}/{}", self.origin.index, field.key())
    }
}

impl Area {
    #[must_use]
    pub fn pointer(&self, field: AreaField) -> String {
        format!("/areas/{}/{}", self.origin.index, field.key())
    }
}
