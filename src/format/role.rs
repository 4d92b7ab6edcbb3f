//! A role: the format's keys (`RoleRepr`, which the schema describes) and
//! the model rules read (`Role`).

use super::{Holder, Metric, Origin, constraints, generate};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A leadership role.
#[derive(Deserialize, JsonSchema)]
#[schemars(rename = "role", transform = generate::closed)]
struct RoleRepr {
    /// Unique id of the role.
    #[schemars(with = "constraints::Slug")]
    id: String,
    /// The role's title, e.g. Chief Technology Officer.
    #[schemars(with = "constraints::NonEmpty")]
    title: String,
    /// Id of the person who holds the role, or (version 2) a holding with details. Absent or null: the role is vacant. A role has `holder` or `holders`, never both.
    #[serde(default)]
    holder: Option<Holder>,
    /// Version 2. The people who hold the role together (co-chairs, a job share), each a person id or a holding with details. A title many people hold independently is a team's membership instead.
    #[serde(default)]
    #[schemars(with = "Vec<Holder>")]
    holders: Option<Vec<Holder>>,
    /// Version 2. Who held the role before (emeritus leads, predecessors): history, filling nothing.
    #[serde(default)]
    #[schemars(with = "Vec<Holder>")]
    former_holders: Option<Vec<Holder>>,
    /// Id of the role this role reports to. Without it the role is a root of the reporting tree.
    #[serde(default)]
    #[schemars(with = "constraints::Slug")]
    reports_to: Option<String>,
    /// Version 2. Ids of roles this role has a dotted line to: secondary reporting, advice, sponsorship. Not a reporting line.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::Slug>", extend("uniqueItems" = true))]
    dotted_line_to: Option<Vec<String>>,
    /// Version 2. A link (URL, or a path relative to this file) to the role's written remit; counts as documented expectations.
    #[serde(default)]
    #[schemars(with = "constraints::NonEmpty")]
    charter: Option<String>,
    /// One-paragraph summary of the role.
    #[serde(default)]
    #[schemars(with = "String")]
    summary: Option<String>,
    /// The expectations of the role, one per item.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::NonEmpty>")]
    responsibilities: Option<Vec<String>>,
    /// Areas (built-in or declared) this role is accountable for. An area should have exactly one accountable role.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::Slug>", extend("uniqueItems" = true))]
    accountable_for: Vec<String>,
    /// How the role's success is measured. Every role needs at least one.
    #[serde(default)]
    #[schemars(with = "Vec<Metric>")]
    success_metrics: Option<Vec<Metric>>,
    /// What this role may decide alone, e.g. build-vs-buy.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::NonEmpty>")]
    decision_rights: Option<Vec<String>>,
    /// Share of time per activity, in percent; the values sum to 100. The key `people` means time spent on people (hiring, 1:1s, mentoring).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, constraints::Percent>")]
    time_allocation: Option<BTreeMap<String, serde_json::Value>>,
}

/// A leadership role, as rules read it: the keys of version 1 in place,
/// the version 2 keys of a role in one box (most roles have none, and a
/// role of 100,000 costs its size 100,000 times).
#[derive(Clone, Debug, Deserialize)]
#[serde(from = "RoleRepr")]
pub struct Role {
    pub id: String,
    pub title: String,
    pub holder: Option<Holder>,
    pub reports_to: Option<String>,
    pub summary: Option<String>,
    pub responsibilities: Option<Vec<String>>,
    pub accountable_for: Vec<String>,
    pub success_metrics: Option<Vec<Metric>>,
    pub decision_rights: Option<Vec<String>>,
    pub time_allocation: Option<BTreeMap<String, serde_json::Value>>,
    /// `holders`, `former_holders`, `dotted_line_to`, `charter`.
    pub more: Option<Box<RoleMore>>,
    pub origin: Origin,
}

/// The version 2 keys of a role.
#[derive(Clone, Debug, Default)]
pub struct RoleMore {
    pub holders: Option<Vec<Holder>>,
    pub former_holders: Option<Vec<Holder>>,
    pub dotted_line_to: Option<Vec<String>>,
    pub charter: Option<String>,
}

impl RoleMore {
    /// Whether any key is written.
    fn is_some(&self) -> bool {
        self.holders.is_some()
            || self.former_holders.is_some()
            || self.dotted_line_to.is_some()
            || self.charter.is_some()
    }
}

/// The schema of a role is the schema of the keys the format writes.
impl JsonSchema for Role {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        RoleRepr::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        RoleRepr::json_schema(generator)
    }
}

impl From<RoleRepr> for Role {
    fn from(r: RoleRepr) -> Self {
        let more = RoleMore {
            holders: r.holders,
            former_holders: r.former_holders,
            dotted_line_to: r.dotted_line_to,
            charter: r.charter,
        };
        Role {
            id: r.id,
            title: r.title,
            holder: r.holder,
            reports_to: r.reports_to,
            summary: r.summary,
            responsibilities: r.responsibilities,
            accountable_for: r.accountable_for,
            success_metrics: r.success_metrics,
            decision_rights: r.decision_rights,
            time_allocation: r.time_allocation,
            more: more.is_some().then(|| Box::new(more)),
            origin: Origin::default(),
        }
    }
}

super::fields! {
    /// A key of a role.
    RoleField {
        Id => "id",
        Title => "title",
        Holder => "holder",
        Holders => "holders",
        FormerHolders => "former_holders",
        ReportsTo => "reports_to",
        DottedLineTo => "dotted_line_to",
        Charter => "charter",
        Summary => "summary",
        Responsibilities => "responsibilities",
        AccountableFor => "accountable_for",
        SuccessMetrics => "success_metrics",
        DecisionRights => "decision_rights",
        TimeAllocation => "time_allocation",
    }
}

impl Role {
    /// A role with an id and a title, and nothing else.
    #[must_use]
    pub fn new(id: String, title: String) -> Self {
        Role {
            id,
            title,
            holder: None,
            reports_to: None,
            summary: None,
            responsibilities: None,
            accountable_for: Vec::new(),
            success_metrics: None,
            decision_rights: None,
            time_allocation: None,
            more: None,
            origin: Origin::default(),
        }
    }

    /// Its version 2 keys, when it has any.
    #[must_use]
    pub fn more(&self) -> Option<&RoleMore> {
        self.more.as_deref()
    }

    /// Its version 2 keys, made on first use.
    pub fn more_mut(&mut self) -> &mut RoleMore {
        self.more.get_or_insert_with(Box::default)
    }

    /// Its co-holders (`holders`), when written.
    #[must_use]
    pub fn holders_list(&self) -> Option<&Vec<Holder>> {
        self.more().and_then(|m| m.holders.as_ref())
    }

    /// Its `charter`, when written.
    #[must_use]
    pub fn charter(&self) -> Option<&str> {
        self.more().and_then(|m| m.charter.as_deref())
    }

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

    /// Its current and planned holdings (`holder`, or each of `holders`);
    /// dates are not looked at.
    pub fn holders(&self) -> impl Iterator<Item = &Holder> {
        self.holder
            .iter()
            .chain(self.holders_list().into_iter().flatten())
    }

    /// Its former holders.
    pub fn former(&self) -> impl Iterator<Item = &Holder> {
        self.more()
            .and_then(|m| m.former_holders.as_ref())
            .into_iter()
            .flatten()
    }

    /// The holdings that fill the role on day `today`, without locations.
    pub fn filled_by(&self, today: Option<i64>) -> impl Iterator<Item = &Holder> {
        self.holders().filter(move |h| h.fills_on(today))
    }

    /// [`Role::holders`] with the JSON pointer of each, for locations.
    pub fn holdings(&self) -> impl Iterator<Item = (&Holder, String)> {
        let single = self
            .holder
            .iter()
            .map(|h| (h, self.field_pointer(RoleField::Holder, "")));
        let several = self
            .holders_list()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, h)| (h, self.field_pointer(RoleField::Holders, &i.to_string())));
        single.chain(several)
    }

    /// Its former holders, with the JSON pointer of each.
    pub fn former_holdings(&self) -> impl Iterator<Item = (&Holder, String)> {
        self.more()
            .and_then(|m| m.former_holders.as_ref())
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, h)| {
                (
                    h,
                    self.field_pointer(RoleField::FormerHolders, &i.to_string()),
                )
            })
    }

    /// The holdings that fill the role on day `today`.
    pub fn fillers(&self, today: Option<i64>) -> impl Iterator<Item = (&Holder, String)> {
        self.holdings().filter(move |(h, _)| h.fills_on(today))
    }

    /// Ids of the roles it has a dotted line to.
    pub fn dotted_lines(&self) -> impl Iterator<Item = &str> {
        self.more()
            .and_then(|m| m.dotted_line_to.as_ref())
            .into_iter()
            .flatten()
            .map(String::as_str)
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
