//! Teams (version 2): the people below a role, and collective bodies.

use super::{Origin, constraints, generate};
use schemars::JsonSchema;
use serde::Deserialize;

/// A team: the people a role leads, or a collective body with no lead (version 2).
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[schemars(rename = "team", transform = generate::closed)]
pub struct Team {
    /// Unique id of the team (teams are their own namespace: a team and a role may share an id).
    #[schemars(with = "constraints::Slug")]
    pub id: String,
    /// The team's name.
    #[schemars(with = "constraints::NonEmpty")]
    pub name: String,
    /// Id of the role that leads this team. A team without a lead is a collective body (a council, a moderation team).
    #[serde(default)]
    #[schemars(with = "constraints::Slug")]
    pub lead: Option<String>,
    /// Id of the team this team belongs to.
    #[serde(default)]
    #[schemars(with = "constraints::Slug")]
    pub parent: Option<String>,
    /// Ids of the people in this team (free identifiers when the file has no `people`).
    #[serde(default)]
    #[schemars(with = "Vec<constraints::Slug>", extend("uniqueItems" = true))]
    pub members: Option<Vec<String>>,
    /// People in this team itself, when not every member is listed: not counting sub-teams or the lead's holders.
    #[serde(default)]
    #[schemars(with = "constraints::TeamSize")]
    pub size: Option<u64>,
    /// Ids of people who were in this team (alumni): history, counting for no one's span.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::Slug>", extend("uniqueItems" = true))]
    pub former_members: Option<Vec<String>>,
    /// Whether the members report to the lead, so count in the lead's span of control. Default: true in a company, false in a community.
    #[serde(default)]
    #[schemars(with = "bool")]
    pub members_report_to_lead: Option<bool>,
    /// Areas (built-in or declared) this team is accountable for, as on a role: a collective body can own an area.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::Slug>", extend("uniqueItems" = true))]
    pub accountable_for: Vec<String>,
    /// What this team may decide alone.
    #[serde(default)]
    #[schemars(with = "Vec<constraints::NonEmpty>")]
    pub decision_rights: Option<Vec<String>>,
    /// Free-text description of the team.
    #[serde(default)]
    #[schemars(with = "String")]
    pub description: Option<String>,
    /// A link (URL, or a path relative to this file) to the team's written remit.
    #[serde(default)]
    #[schemars(with = "constraints::NonEmpty")]
    pub charter: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Origin,
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
        self.former_members.iter().flatten().map(String::as_str)
    }

    /// Whether its members count in the lead's span: as written, else
    /// true in a company and false in a community.
    #[must_use]
    pub fn members_report_to_lead(&self, community: bool) -> bool {
        self.members_report_to_lead.unwrap_or(!community)
    }
}
