//! Typed view of a validated document (serde), with a way back to spans.
//!
//! Every list item remembers where it came from ([`Origin`]: file and index),
//! so a rule can turn any model node into a JSON pointer and the pointer into
//! a span through the file's [`crate::yaml::Document`].

use crate::diagnostic::FileId;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Built-in areas of accountability, always defined.
pub const BUILTIN_AREAS: &[&str] = &[
    "delivery",
    "external-vision",
    "product-strategy",
    "architecture",
    "engineering-budget",
    "people-management",
    "recruitment",
    "onboarding",
    "mentoring",
    "technical-culture",
    "security",
    "reliability",
    "vendor-management",
];

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

impl Role {
    /// JSON pointer of this role, or of one of its fields.
    #[must_use]
    pub fn pointer(&self, field: &str) -> String {
        if field.is_empty() {
            format!("/roles/{}", self.origin.index)
        } else {
            format!("/roles/{}/{field}", self.origin.index)
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
    pub fn pointer(&self, field: &str) -> String {
        format!("/people/{}/{field}", self.origin.index)
    }
}

impl Area {
    #[must_use]
    pub fn pointer(&self, field: &str) -> String {
        format!("/areas/{}/{field}", self.origin.index)
    }
}
