//! The format in types: what a roles file may hold (serde reads it, the
//! JSON Schema is generated from it), with a way back to spans.
//!
//! Every list item remembers where it came from ([`Origin`]: file and index),
//! so a rule can turn any model node into a JSON pointer and the pointer into
//! a span through the file's [`crate::yaml::Document`].

pub mod constraints;
mod generate;
mod role;
mod team;

pub use generate::{SCHEMA_ID, schema, schema_text};
pub use role::{Role, RoleField, RoleMore};
pub use team::{Team, TeamField, TeamMore};

use crate::diagnostic::FileId;
use schemars::JsonSchema;
use serde::Deserialize;

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

/// A roles file: an organisation (a root, with `org`) or a fragment one
/// includes (`version` and lists only).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[schemars(
    title = "rolelint roles.yaml, versions 1 and 2",
    description = "An organisation's leadership roles: who holds them, who reports to whom, which areas each role is accountable for and how each role's success is measured.",
    transform = generate::closed,
    transform = generate::root_needs_roles
)]
pub struct RolesFile {
    /// Format version of this file: 1, or 2 for co-holders, interim and dated holdings, former holders, dotted lines, charters and `org.kind`. Fragments declare the version of their root.
    #[schemars(with = "constraints::Version")]
    pub version: u32,
    /// The organisation this file describes.
    #[schemars(with = "Org")]
    pub org: Option<Org>,
    /// The people who hold roles. When present, every role holder must be one of these ids.
    #[serde(default)]
    #[schemars(with = "Vec<Person>")]
    pub people: Option<Vec<Person>>,
    /// Custom areas of accountability, beyond the built-in ones (AREAS).
    #[serde(default)]
    pub areas: Vec<Area>,
    /// The leadership roles of the organisation. At least one.
    #[serde(default)]
    #[schemars(length(min = 1))]
    pub roles: Vec<Role>,
    /// Version 2. Teams: the people each role leads (individual contributors), and collective bodies with no lead.
    #[serde(default)]
    pub teams: Vec<Team>,
    /// Relative paths or globs of fragment files whose people, areas and roles join this organisation.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::NonEmpty>")]
    pub include: Vec<String>,
}

/// The organisation this file describes.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[schemars(rename = "org", inline, transform = generate::closed)]
pub struct Org {
    /// Name of the organisation.
    #[schemars(with = "constraints::NonEmpty")]
    pub name: String,
    /// Number of people in the organisation this file describes (1 to 10,000,000). Several rules apply only above a headcount threshold.
    #[schemars(with = "constraints::Headcount")]
    pub headcount: u64,
    /// Free-text description of the organisation.
    #[serde(default)]
    #[schemars(with = "String")]
    pub description: Option<String>,
    /// Version 2. `company` (the default) or `community`: an organisation of volunteers (an open-source project, a foundation), for which the rules about metrics, executive areas and time are off.
    #[serde(default)]
    #[schemars(with = "constraints::OrgKind")]
    pub kind: Option<String>,
}

impl Org {
    /// Whether this is an organisation of volunteers (`kind: community`).
    #[must_use]
    pub fn is_community(&self) -> bool {
        self.kind.as_deref() == Some("community")
    }
}

/// A person who may hold roles.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[schemars(rename = "person", transform = generate::closed)]
pub struct Person {
    /// Unique id of the person, used as a role's holder.
    #[schemars(with = "constraints::Slug")]
    pub id: String,
    /// The person's full name.
    #[schemars(with = "constraints::NonEmpty")]
    pub name: String,
    /// The person's professional background.
    #[serde(default, deserialize_with = "constraints::background")]
    #[schemars(with = "constraints::Background")]
    pub background: Option<constraints::Known>,
    /// GitHub handle, without '@'.
    #[serde(default)]
    #[schemars(with = "constraints::Github")]
    pub github: Option<String>,
    /// E-mail address.
    #[serde(default)]
    #[schemars(with = "constraints::Email")]
    pub email: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
}

/// A custom area of accountability.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[schemars(rename = "area", transform = generate::closed)]
pub struct Area {
    /// Unique id of the area; must not reuse a built-in area id.
    #[schemars(with = "constraints::Slug")]
    pub id: String,
    /// What the area covers.
    #[schemars(with = "constraints::NonEmpty")]
    pub description: String,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
}

/// How the role's success is measured: a sentence, or an object with a name, target and source.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "metric")]
pub enum Metric {
    Text(#[schemars(with = "constraints::NonEmpty")] String),
    #[schemars(transform = generate::closed)]
    Detailed {
        /// What is measured.
        #[schemars(with = "constraints::NonEmpty")]
        name: String,
        /// The value that counts as success.
        #[serde(default)]
        #[schemars(with = "String")]
        target: Option<String>,
        /// Where the measurement comes from.
        #[serde(default)]
        #[schemars(with = "String")]
        source: Option<String>,
    },
}

/// The JSON pointer of the person id in a holding at `pointer`.
#[must_use]
pub fn person_pointer(holder: &Holder, pointer: &str) -> String {
    match holder {
        Holder::Person(_) => pointer.to_owned(),
        Holder::Holding(_) => format!("{pointer}/person"),
    }
}

/// Who holds a role: a person id, or a holding with details.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "holding")]
pub enum Holder {
    Person(#[schemars(with = "constraints::Slug")] String),
    // Boxed: most holdings are a person id, and every role holds one.
    Holding(Box<Holding>),
}

/// A holding with details (version 2).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[schemars(rename = "holding_details", transform = generate::closed)]
pub struct Holding {
    /// Id of the person who holds the role.
    #[schemars(with = "constraints::Slug")]
    pub person: String,
    /// Acting or interim: the role is filled, not permanently.
    #[serde(default)]
    #[schemars(with = "bool")]
    pub interim: Option<bool>,
    /// First day of the holding, YYYY-MM-DD. A holding whose `since` is in the future does not fill the role yet.
    #[serde(default)]
    #[schemars(with = "constraints::Date")]
    pub since: Option<String>,
    /// Last day of the holding, YYYY-MM-DD. A holding whose `until` has passed no longer fills the role.
    #[serde(default)]
    #[schemars(with = "constraints::Date")]
    pub until: Option<String>,
    /// Percent of this person's time the role takes (1 to 100).
    #[serde(default)]
    #[schemars(with = "constraints::Share")]
    pub share: Option<u64>,
}

impl Holder {
    /// The person who holds.
    #[must_use]
    pub fn person(&self) -> &str {
        match self {
            Holder::Person(p) => p,
            Holder::Holding(h) => &h.person,
        }
    }

    /// The details, when the holding has them.
    #[must_use]
    pub fn details(&self) -> Option<&Holding> {
        match self {
            Holder::Person(_) => None,
            Holder::Holding(h) => Some(h),
        }
    }

    /// Whether the holding is interim or acting.
    #[must_use]
    pub fn is_interim(&self) -> bool {
        self.details().and_then(|h| h.interim) == Some(true)
    }

    /// Whether it fills its role on day `today` (days since 1970-01-01):
    /// from `since` through `until`, both included. Without a day, every
    /// holding fills its role.
    #[must_use]
    pub fn fills_on(&self, today: Option<i64>) -> bool {
        !self.ended_before(today) && !self.begins_after(today)
    }

    /// Whether its `until` is before day `today`.
    #[must_use]
    pub fn ended_before(&self, today: Option<i64>) -> bool {
        let (Some(h), Some(today)) = (self.details(), today) else {
            return false;
        };
        day(h.until.as_deref()).is_some_and(|u| u < today)
    }

    /// Whether its `since` is after day `today`.
    #[must_use]
    pub fn begins_after(&self, today: Option<i64>) -> bool {
        let (Some(h), Some(today)) = (self.details(), today) else {
            return false;
        };
        day(h.since.as_deref()).is_some_and(|s| today < s)
    }
}

fn day(date: Option<&str>) -> Option<i64> {
    date.and_then(constraints::day_number)
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
        for (index, t) in parsed.teams.iter_mut().enumerate() {
            t.origin = Origin { file, index };
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
pub(crate) use fields;

fields! {
    /// A top-level key of a roles file.
    FileField {
        Version => "version",
        Org => "org",
        People => "people",
        Areas => "areas",
        Roles => "roles",
        Teams => "teams",
        Include => "include",
    }
}

fields! {
    /// A key of a holding with details.
    HoldingField {
        Person => "person",
        Interim => "interim",
        Since => "since",
        Until => "until",
        Share => "share",
    }
}

fields! {
    /// A key of `org`.
    OrgField {
        Name => "name",
        Headcount => "headcount",
        Description => "description",
        Kind => "kind",
    }
}

fields! {
    /// A key of a detailed success metric.
    MetricField {
        Name => "name",
        Target => "target",
        Source => "source",
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
