//! What a custom rule's expressions can read: each subject kind's fields,
//! with their types and descriptions. The one table the type checker, the
//! values and `rolelint explain custom-rules` read.

/// The kinds of subject a custom rule checks (`for:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Role,
    Person,
    Team,
    Area,
    Org,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Role, Kind::Person, Kind::Team, Kind::Area, Kind::Org];

    /// The value of `for:` that checks this kind.
    #[must_use]
    pub const fn plural(self) -> &'static str {
        match self {
            Kind::Role => "roles",
            Kind::Person => "people",
            Kind::Team => "teams",
            Kind::Area => "areas",
            Kind::Org => "org",
        }
    }

    /// The variable the subject is bound to.
    #[must_use]
    pub const fn variable(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::Person => "person",
            Kind::Team => "team",
            Kind::Area => "area",
            Kind::Org => "org",
        }
    }

    #[must_use]
    pub fn from_plural(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.plural() == name)
    }

    /// The fields of a subject of this kind.
    #[must_use]
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Role => ROLE,
            Kind::Person => PERSON,
            Kind::Team => TEAM,
            Kind::Area => AREA,
            Kind::Org => ORG,
        }
    }

    #[must_use]
    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }
}

/// A field's type, as the type checker sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Bool,
    Int,
    String,
    /// A list of ids (strings).
    Ids,
    /// A map from string keys to values of any type (`x`, `time_allocation`).
    Map,
    /// A list of success metrics, each a map of `name`, and `target` and
    /// `source` when set.
    Metrics,
    /// A list of subjects of a kind (`org.roles`).
    Subjects(Kind),
    /// Subjects of a kind by id (`org.roles_by_id`).
    ById(Kind),
}

impl FieldType {
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            FieldType::Bool => "bool",
            FieldType::Int => "int",
            FieldType::String => "string",
            FieldType::Ids => "list of ids",
            FieldType::Map => "map",
            FieldType::Metrics => "list of metrics",
            FieldType::Subjects(Kind::Role) => "list of roles",
            FieldType::Subjects(Kind::Person) => "list of people",
            FieldType::Subjects(Kind::Team) => "list of teams",
            FieldType::Subjects(Kind::Area) => "list of areas",
            FieldType::Subjects(Kind::Org) | FieldType::ById(Kind::Org) => "org",
            FieldType::ById(Kind::Role) => "map of roles by id",
            FieldType::ById(Kind::Person) => "map of people by id",
            FieldType::ById(Kind::Team) => "map of teams by id",
            FieldType::ById(Kind::Area) => "map of areas by id",
        }
    }
}

/// One field of a subject.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    /// Absent when not set: test with `has(role.holder)` before reading.
    pub optional: bool,
    /// Computed by rolelint, not written in the file.
    pub fact: bool,
    pub description: &'static str,
}

const fn field(name: &'static str, ty: FieldType, description: &'static str) -> Field {
    Field {
        name,
        ty,
        optional: false,
        fact: false,
        description,
    }
}

const fn optional(name: &'static str, ty: FieldType, description: &'static str) -> Field {
    Field {
        name,
        ty,
        optional: true,
        fact: false,
        description,
    }
}

const fn fact(name: &'static str, ty: FieldType, description: &'static str) -> Field {
    Field {
        name,
        ty,
        optional: false,
        fact: true,
        description,
    }
}

const fn optional_fact(name: &'static str, ty: FieldType, description: &'static str) -> Field {
    Field {
        name,
        ty,
        optional: true,
        fact: true,
        description,
    }
}

use FieldType::{Bool, ById, Ids, Int, Map, Metrics, String as Str, Subjects};

const EXTENSIONS: &str = "the item's `x-` keys, without the prefix (`x-level` is `x.level`)";

static ROLE: &[Field] = &[
    field("id", Str, "the role's id"),
    field("title", Str, "the role's title"),
    optional("summary", Str, "the one-line summary"),
    optional(
        "holder",
        Str,
        "the person filling the role today (the first, when several do)",
    ),
    field(
        "holders",
        Ids,
        "everyone filling the role today: `holder`, or the current `holders`",
    ),
    field(
        "former_holders",
        Ids,
        "the people recorded in `former_holders`",
    ),
    field("interim", Bool, "whether someone fills the role as interim"),
    optional("reports_to", Str, "the role it reports to, as written"),
    field("dotted_line_to", Ids, "the roles it has a dotted line to"),
    field("accountable_for", Ids, "the areas it is accountable for"),
    field("responsibilities", Ids, "its responsibilities, as written"),
    field("decision_rights", Ids, "its decision rights, as written"),
    field(
        "success_metrics",
        Metrics,
        "its success metrics: each has `name`, and `target` and `source` when written",
    ),
    field(
        "time_allocation",
        Map,
        "time per activity, as written (`time_allocation.delivery`)",
    ),
    optional("charter", Str, "the role's charter"),
    field("x", Map, EXTENSIONS),
    fact("reports", Ids, "the roles reporting to it directly"),
    fact(
        "span",
        Int,
        "its direct reports plus the individual contributors of the teams it leads",
    ),
    fact(
        "reach",
        Int,
        "how many roles report to it directly or indirectly (a reporting cycle is not counted)",
    ),
    optional_fact(
        "manager",
        Str,
        "the role it reports to, when that role exists",
    ),
    fact(
        "depth",
        Int,
        "levels below the top: 0 for a role that reports to no one, -1 in or below a reporting cycle",
    ),
    fact(
        "is_leadership",
        Bool,
        "whether it has direct reports, a leadership title, or leads a team with people",
    ),
    fact("teams", Ids, "the teams it leads"),
    fact("dotted_reports", Ids, "the roles with a dotted line to it"),
];

static PERSON: &[Field] = &[
    field("id", Str, "the person's id"),
    field("name", Str, "the person's name"),
    optional("background", Str, "their background"),
    optional("github", Str, "their GitHub login"),
    optional("email", Str, "their email address"),
    field("x", Map, EXTENSIONS),
    fact("roles", Ids, "the roles they fill today"),
    fact("teams", Ids, "the teams they are a member of"),
];

static TEAM: &[Field] = &[
    field("id", Str, "the team's id"),
    field("name", Str, "the team's name"),
    optional("lead", Str, "the role that leads it"),
    optional("parent", Str, "the team it belongs to"),
    field("members", Ids, "the members, as listed"),
    field(
        "former_members",
        Ids,
        "the people recorded as former members",
    ),
    field(
        "size",
        Int,
        "how many people it has: `size` when written, else its listed members",
    ),
    field(
        "members_report_to_lead",
        Bool,
        "whether its members report to the lead (false in a community unless written)",
    ),
    field("accountable_for", Ids, "the areas it is accountable for"),
    field("decision_rights", Ids, "its decision rights, as written"),
    optional("description", Str, "its description"),
    optional("charter", Str, "its charter"),
    field("x", Map, EXTENSIONS),
    fact(
        "people",
        Ids,
        "its listed members and the people filling its lead role, each once",
    ),
    fact("children", Ids, "the teams whose parent it is"),
];

static AREA: &[Field] = &[
    field("id", Str, "the area's id"),
    field("description", Str, "its description"),
    field("x", Map, EXTENSIONS),
    fact("owners", Ids, "the roles accountable for it"),
    fact("teams", Ids, "the teams accountable for it"),
];

static ORG: &[Field] = &[
    optional("name", Str, "the organisation's name"),
    field("headcount", Int, "`org.headcount` (0 when not written)"),
    field(
        "kind",
        Str,
        "`company` or `community` (`company` when not written)",
    ),
    optional("description", Str, "its description"),
    field("version", Int, "the format version of the root file"),
    field("roles", Subjects(Kind::Role), "every role, in file order"),
    field(
        "people",
        Subjects(Kind::Person),
        "every person, in file order",
    ),
    field("teams", Subjects(Kind::Team), "every team, in file order"),
    field(
        "areas",
        Subjects(Kind::Area),
        "every declared area, in file order",
    ),
    field(
        "roles_by_id",
        ById(Kind::Role),
        "every role by id: `org.roles_by_id[role.reports_to]`, in constant time",
    ),
    field("people_by_id", ById(Kind::Person), "every person by id"),
    field("teams_by_id", ById(Kind::Team), "every team by id"),
    field("areas_by_id", ById(Kind::Area), "every declared area by id"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_unique_per_kind() {
        for kind in Kind::ALL {
            let mut names: Vec<&str> = kind.fields().iter().map(|f| f.name).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{kind:?}");
        }
    }
}
