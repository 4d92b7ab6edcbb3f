//! Teams (version 2): the people below a role, and collective bodies.

use super::{Origin, constraints, generate};
use schemars::JsonSchema;
use serde::Deserialize;

/// A team: the people a role leads, or a collective body with no lead (version 2).
#[derive(Deserialize, JsonSchema)]
#[schemars(rename = "team", transform = generate::closed)]
struct TeamRepr {
    /// Unique id of the team (teams are their own namespace: a team and a role may share an id).
    #[schemars(with = "constraints::Slug")]
    id: String,
    /// The team's name.
    #[schemars(with = "constraints::NonEmpty")]
    name: String,
    /// Id of the role that leads this team. A team without a lead is a collective body (a council, a moderation team).
    #[serde(default)]
    #[schemars(with = "constraints::Slug")]
    lead: Option<String>,
    /// Id of the team this team belongs to.
    #[serde(default)]
    #[schemars(with = "constraints::Slug")]
    parent: Option<String>,
    /// Ids of the people in this team (free identifiers when the file has no `people`).
    #[serde(default)]
    #[schemars(with = "Vec<constraints::Slug>", extend("uniqueItems" = true))]
    members: Option<Vec<String>>,
    /// People in this team itself, when not every member is listed: not counting sub-teams or the lead's holders.
    #[serde(default)]
    #[schemars(with = "constraints::TeamSize")]
    size: Option<u64>,
    /// Ids of people who were in this team (alumni): history, counting for no one's span.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::Slug>", extend("uniqueItems" = true))]
    former_members: Option<Vec<String>>,
    /// Whether the members report to the lead, so count in the lead's span of control. Default: true in a company, false in a community.
    #[serde(default)]
    #[schemars(with = "bool")]
    members_report_to_lead: Option<bool>,
    /// Areas (built-in or declared) this team is accountable for, as on a role: a collective body can own an area.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::Slug>", extend("uniqueItems" = true))]
    accountable_for: Vec<String>,
    /// What this team may decide alone.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::NonEmpty>")]
    decision_rights: Option<Vec<String>>,
    /// Free-text description of the team.
    #[serde(default)]
    #[schemars(with = "String")]
    description: Option<String>,
    /// A link (URL, or a path relative to this file) to the team's written remit.
    #[serde(default)]
    #[schemars(with = "constraints::NonEmpty")]
    charter: Option<String>,
}

/// A team as rules read it: what most teams write in place, the rest in
/// one box.
#[derive(Clone, Debug, Deserialize)]
#[serde(from = "TeamRepr")]
pub struct Team {
    pub id: String,
    pub name: String,
    pub lead: Option<String>,
    pub parent: Option<String>,
    pub members: Option<Vec<String>>,
    pub size: Option<u64>,
    /// `former_members`, `members_report_to_lead`, `accountable_for`,
    /// `decision_rights`, `description`, `charter`.
    pub more: Option<Box<TeamMore>>,
    pub origin: Origin,
}

/// The keys of a team that few teams write.
#[derive(Clone, Debug, Default)]
pub struct TeamMore {
    pub former_members: Option<Vec<String>>,
    pub members_report_to_lead: Option<bool>,
    pub accountable_for: Vec<String>,
    pub decision_rights: Option<Vec<String>>,
    pub description: Option<String>,
    pub charter: Option<String>,
}

impl TeamMore {
    fn is_some(&self) -> bool {
        self.former_members.is_some()
            || self.members_report_to_lead.is_some()
            || !self.accountable_for.is_empty()
            || self.decision_rights.is_some()
            || self.description.is_some()
            || self.charter.is_some()
    }
}

/// The schema of a team is the schema of the keys the format writes.
impl JsonSchema for Team {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        TeamRepr::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        TeamRepr::json_schema(generator)
    }
}

impl From<TeamRepr> for Team {
    fn from(t: TeamRepr) -> Self {
        let more = TeamMore {
            former_members: t.former_members,
            members_report_to_lead: t.members_report_to_lead,
            accountable_for: t.accountable_for,
            decision_rights: t.decision_rights,
            description: t.description,
            charter: t.charter,
        };
        Team {
            id: t.id,
            name: t.name,
            lead: t.lead,
            parent: t.parent,
            members: t.members,
            size: t.size,
            more: more.is_some().then(|| Box::new(more)),
            origin: Origin::default(),
        }
    }
}

super::fields! {
    /// A key of a team.
    TeamField {
        Id => "id",
        Name => "name",
        Lead => "lead",
        Parent => "parent",
        Members => "members",
        Size => "size",
        FormerMembers => "former_members",
        MembersReportToLead => "members_report_to_lead",
        AccountableFor => "accountable_for",
        DecisionRights => "decision_rights",
        Description => "description",
        Charter => "charter",
    }
}

impl Team {
    /// A team with an id and a name, and nothing else.
    #[must_use]
    pub fn new(id: String, name: String) -> Self {
        Team {
            id,
            name,
            lead: None,
            parent: None,
            members: None,
            size: None,
            more: None,
            origin: Origin::default(),
        }
    }

    /// The keys few teams write, made on first use.
    pub fn more_mut(&mut self) -> &mut TeamMore {
        self.more.get_or_insert_with(Box::default)
    }

    /// The areas it is accountable for.
    #[must_use]
    pub fn accountable_for(&self) -> &[String] {
        self.more
            .as_ref()
            .map_or(&[], |m| m.accountable_for.as_slice())
    }

    /// JSON pointer of this team.
    #[must_use]
    pub fn pointer(&self) -> String {
        format!("/teams/{}", self.origin.index)
    }

    /// JSON pointer of one of its fields, and of a path below it.
    #[must_use]
    pub fn field_pointer(&self, field: TeamField, below: &str) -> String {
        if below.is_empty() {
            format!("/teams/{}/{}", self.origin.index, field.key())
        } else {
            format!("/teams/{}/{}/{below}", self.origin.index, field.key())
        }
    }

    /// Its listed members.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        self.members.iter().flatten().map(String::as_str)
    }

    /// Its former members.
    pub fn former_members(&self) -> impl Iterator<Item = &str> {
        self.more
            .as_ref()
            .and_then(|m| m.former_members.as_ref())
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// Whether its members count in the lead's span: as written, else
    /// true in a company and false in a community.
    #[must_use]
    pub fn members_report_to_lead(&self, community: bool) -> bool {
        self.more
            .as_ref()
            .and_then(|m| m.members_report_to_lead)
            .unwrap_or(!community)
    }
}
