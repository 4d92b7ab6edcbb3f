//! The organisation as CEL values: each role, person, team and area is a
//! value whose fields are read from the model when an expression reads
//! them. Nothing is copied ahead: strings borrow the files' text, and a
//! rule that reads `role.span` costs the span of the roles it checks.

use super::facts::Facts;
use super::fields::Kind;
use crate::format::{Holder, Metric, Org};
use crate::rules::Context;
use crate::source::Source;
use crate::yaml::{Document, NodeId, Value as Yaml};
use cel::ExecutionError;
use cel::common::traits::Indexer;
use cel::common::types::{
    CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, Type,
};
use cel::common::value::{CowVal, Val};
use std::collections::HashMap;
use std::fmt;

static ROLE: Type = Type::new_unspecified_type("rolelint.role");
static PERSON: Type = Type::new_unspecified_type("rolelint.person");
static TEAM: Type = Type::new_unspecified_type("rolelint.team");
static AREA: Type = Type::new_unspecified_type("rolelint.area");
static ORG: Type = Type::new_unspecified_type("rolelint.org");

/// An `x-` key of a subject: its name without the prefix, and its value.
pub(super) type Extension = (Box<str>, NodeId);

/// What every value of one check reads: the organisation and its facts.
pub struct Data<'a> {
    pub ctx: &'a Context<'a>,
    pub org: Option<&'a Org>,
    pub facts: Facts,
    /// Each subject's YAML node, per kind, found once.
    nodes: [std::sync::OnceLock<Vec<Option<NodeId>>>; 4],
    /// Each subject's `x-` keys (name without the prefix, value node), per
    /// kind, found once.
    extensions: [std::sync::OnceLock<Vec<Vec<Extension>>>; 4],
}

impl<'a> Data<'a> {
    #[must_use]
    pub fn new(ctx: &'a Context<'a>, org: Option<&'a Org>) -> Self {
        Self {
            ctx,
            org,
            facts: Facts::default(),
            nodes: Default::default(),
            extensions: Default::default(),
        }
    }

    /// A subject's `x-` keys: (name without the prefix, value node).
    pub(super) fn extension_entries(&self, kind: Kind, index: usize) -> &[Extension] {
        let slot = match kind {
            Kind::Role => 0,
            Kind::Person => 1,
            Kind::Team => 2,
            Kind::Area => 3,
            Kind::Org => return &[],
        };
        let all = self.extensions[slot].get_or_init(|| {
            (0..self.count(kind))
                .map(|i| {
                    let file = self.file_of(kind, i);
                    let doc = self.ctx.doc(file);
                    let source = self.ctx.source(file);
                    self.node(kind, i)
                        .map(|node| {
                            doc.entries(node)
                                .iter()
                                .filter_map(|e| {
                                    let name = doc.key_text(source, e.key)?.strip_prefix("x-")?;
                                    Some((Box::from(name), e.value))
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        });
        all.get(index).map_or(&[], Vec::as_slice)
    }

    /// The YAML node of a subject (not the organisation).
    pub(super) fn node(&self, kind: Kind, index: usize) -> Option<NodeId> {
        let slot = match kind {
            Kind::Role => 0,
            Kind::Person => 1,
            Kind::Team => 2,
            Kind::Area => 3,
            Kind::Org => return None,
        };
        let nodes = self.nodes[slot].get_or_init(|| {
            (0..self.count(kind))
                .map(|i| {
                    let (file, pointer) = self.pointer(kind, i);
                    let doc = self.ctx.doc(file);
                    doc.pointer(&pointer).map(|(_, n)| doc.resolve(n))
                })
                .collect()
        });
        nodes.get(index).copied().flatten()
    }

    /// How many subjects of a kind there are.
    #[must_use]
    pub fn count(&self, kind: Kind) -> usize {
        match kind {
            Kind::Role => self.ctx.roles.len(),
            Kind::Person => self.ctx.people.as_ref().map_or(0, Vec::len),
            Kind::Team => self.ctx.teams.len(),
            Kind::Area => self.ctx.areas.len(),
            Kind::Org => 1,
        }
    }

    /// The subject's id (empty for the organisation).
    #[must_use]
    pub fn id(&self, kind: Kind, index: usize) -> &'a str {
        match kind {
            Kind::Role => &self.ctx.roles[index].id,
            Kind::Person => self.ctx.people.as_ref().map_or("", |p| &p[index].id),
            Kind::Team => &self.ctx.teams[index].id,
            Kind::Area => &self.ctx.areas[index].id,
            Kind::Org => "",
        }
    }

    /// The file a subject is written in.
    #[must_use]
    pub fn file_of(&self, kind: Kind, index: usize) -> crate::diagnostic::FileId {
        match kind {
            Kind::Role => self.ctx.roles[index].origin.file,
            Kind::Person => self
                .ctx
                .people
                .as_ref()
                .map_or_else(Default::default, |p| p[index].origin.file),
            Kind::Team => self.ctx.teams[index].origin.file,
            Kind::Area => self.ctx.areas[index].origin.file,
            Kind::Org => crate::diagnostic::FileId(0),
        }
    }

    /// The file and JSON pointer of a subject.
    #[must_use]
    pub fn pointer(&self, kind: Kind, index: usize) -> (crate::diagnostic::FileId, String) {
        use crate::diagnostic::FileId;
        match kind {
            Kind::Role => {
                let r = self.ctx.roles[index];
                (r.origin.file, r.pointer())
            }
            Kind::Person => {
                let origin = self
                    .ctx
                    .people
                    .as_ref()
                    .map_or_else(Default::default, |p| p[index].origin);
                (origin.file, format!("/people/{}", origin.index))
            }
            Kind::Team => {
                let t = self.ctx.teams[index];
                (t.origin.file, t.pointer())
            }
            Kind::Area => {
                let a = self.ctx.areas[index];
                (a.origin.file, format!("/areas/{}", a.origin.index))
            }
            Kind::Org => (FileId(0), "/org".to_owned()),
        }
    }

    pub(super) fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        match kind {
            Kind::Role => self.ctx.role_index(id),
            Kind::Person => self.ctx.person_position(id),
            Kind::Team => self.ctx.team_position(id),
            Kind::Area => self.ctx.area_position(id),
            Kind::Org => None,
        }
    }
}

/// A YAML node as a CEL value, strings borrowed from the document.
pub(super) fn yaml_value<'a>(
    doc: &'a Document,
    source: &'a Source,
    node: NodeId,
) -> Box<dyn Val + 'a> {
    match doc.value(node) {
        Yaml::Null => Box::new(CelNull),
        Yaml::Bool(b) => Box::new(CelBool::from(b)),
        Yaml::Int(i) => Box::new(CelInt::from(i)),
        Yaml::Float(f) => Box::new(CelDouble::from(f)),
        Yaml::BadNumber(text) | Yaml::Str(text) => Box::new(CelString::from(text)),
        Yaml::Seq(items) => Box::new(CelList::from(
            items
                .iter()
                .map(|&i| yaml_value(doc, source, i))
                .collect::<Vec<_>>(),
        )),
        Yaml::Map(entries) => {
            let mut map = HashMap::with_capacity(entries.len());
            for entry in entries {
                if let Some(key) = doc.key_text(source, entry.key) {
                    map.insert(CelMapKey::from(key), yaml_value(doc, source, entry.value));
                }
            }
            Box::new(CelMap::from(map))
        }
        Yaml::Alias(target) => yaml_value(doc, source, target),
    }
}

pub(super) fn string<'b>(s: &str) -> CowVal<'b, '_> {
    CowVal::owned(CelString::from(s))
}

pub(super) fn int<'b, 'a>(n: impl TryInto<i64>) -> CowVal<'b, 'a> {
    CowVal::owned(CelInt::from(n.try_into().unwrap_or(i64::MAX)))
}

fn boolean<'b, 'a>(b: bool) -> CowVal<'b, 'a> {
    CowVal::owned(CelBool::from(b))
}

fn ids<'b, 'a>(items: impl Iterator<Item = &'a str>) -> CowVal<'b, 'a> {
    CowVal::owned(CelList::from(
        items
            .map(|s| Box::new(CelString::from(s)) as Box<dyn Val + 'a>)
            .collect::<Vec<_>>(),
    ))
}

fn texts<'b>(items: Option<&Vec<String>>) -> CowVal<'b, '_> {
    ids(items.into_iter().flatten().map(String::as_str))
}

pub(super) fn absent<'b, 'a>(field: &str) -> Result<CowVal<'b, 'a>, ExecutionError> {
    Err(ExecutionError::no_such_key(field))
}

pub(super) fn optional<'b, 'a>(
    value: Option<&'a str>,
    field: &str,
) -> Result<CowVal<'b, 'a>, ExecutionError> {
    value.map_or_else(|| absent(field), |s| Ok(string(s)))
}

pub(super) fn field_name(key: &dyn Val) -> Result<&str, ExecutionError> {
    <&str>::try_from(key).map_err(|_| ExecutionError::UnexpectedType {
        got: key.get_type().name().to_owned(),
        want: "string".to_owned(),
    })
}

/// A role, person, team or area.
#[derive(Clone, Copy)]
pub struct Subject<'a> {
    pub data: &'a Data<'a>,
    pub kind: Kind,
    pub index: usize,
}

impl fmt::Debug for Subject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} `{}`",
            self.kind.variable(),
            self.data.id(self.kind, self.index)
        )
    }
}

impl Val for Subject<'_> {
    fn get_type(&self) -> &Type {
        match self.kind {
            Kind::Role => &ROLE,
            Kind::Person => &PERSON,
            Kind::Team => &TEAM,
            Kind::Area => &AREA,
            Kind::Org => &ORG,
        }
    }

    fn cel_type() -> &'static Type
    where
        Self: Sized,
    {
        &ROLE
    }

    fn as_indexer<'b, 'v>(&'b self) -> Option<&'b (dyn Indexer + 'v)>
    where
        Self: 'v,
    {
        Some(self)
    }

    fn equals(&self, other: &dyn Val) -> bool {
        // Subjects borrow the organisation, so they cannot be downcast:
        // two are equal when they have the same kind and id.
        std::ptr::eq(other.get_type(), self.get_type())
            && format!("{other:?}") == format!("{self:?}")
    }

    fn clone_as_boxed<'v>(&self) -> Box<dyn Val + 'v>
    where
        Self: 'v,
    {
        Box::new(*self)
    }
}

impl Indexer for Subject<'_> {
    fn get<'b, 'v>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'v>, ExecutionError>
    where
        Self: 'v,
    {
        let name = field_name(key)?;
        match self.kind {
            Kind::Role => self.role(name),
            Kind::Person => self.person(name),
            Kind::Team => self.team(name),
            Kind::Area => self.area(name),
            Kind::Org => absent(name),
        }
    }

    fn steal<'v>(self: Box<Self>, key: &dyn Val) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        Self: 'v,
    {
        self.get(key).map(CowVal::into_owned)
    }
}

impl<'a> Subject<'a> {
    /// How many items a list field has, without building the list; `None`
    /// for a field that is not one of those lists.
    #[must_use]
    pub fn len(&self, field: &str) -> Option<usize> {
        let data = self.data;
        let ctx = data.ctx;
        let i = self.index;
        match (self.kind, field) {
            (Kind::Role, "holders") => Some(ctx.filling(i).count()),
            (Kind::Role, "reports") => Some(ctx.direct_reports(i).len()),
            (Kind::Role, "dotted_reports") => Some(ctx.dotted_reports(i).len()),
            (Kind::Role, "accountable_for") => Some(ctx.roles[i].accountable_for.len()),
            (Kind::Role, "success_metrics") => {
                Some(ctx.roles[i].success_metrics.as_ref().map_or(0, Vec::len))
            }
            (Kind::Role, "teams") => Some(ctx.teams_led(i).count()),
            (Kind::Person, "roles") => Some(data.facts.person_roles(ctx).of(i).len()),
            (Kind::Person, "teams") => Some(data.facts.person_teams(ctx).of(i).len()),
            (Kind::Team, "members") => Some(ctx.teams[i].members().count()),
            (Kind::Team, "children") => Some(data.facts.team_children(ctx).of(i).len()),
            (Kind::Area, "owners") => Some(data.facts.area_roles(ctx).of(i).len()),
            (Kind::Area, "teams") => Some(data.facts.area_teams(ctx).of(i).len()),
            _ => None,
        }
    }

    /// Write a role's success metrics as key bytes (they are values no
    /// other field has).
    pub fn write_metrics(&self, out: &mut Vec<u8>) -> bool {
        if self.kind != Kind::Role {
            return false;
        }
        let metrics = self.data.ctx.roles[self.index]
            .success_metrics
            .iter()
            .flatten();
        for m in metrics {
            let (name, target, source) = match m {
                Metric::Text(name) => (name.as_str(), None, None),
                Metric::Detailed {
                    name,
                    target,
                    source,
                } => (name.as_str(), target.as_deref(), source.as_deref()),
            };
            for part in [Some(name), target, source] {
                match part {
                    Some(text) => {
                        out.push(b'+');
                        out.extend_from_slice(&text.len().to_le_bytes());
                        out.extend_from_slice(text.as_bytes());
                    }
                    None => out.push(b'-'),
                }
            }
        }
        out.push(b';');
        true
    }

    fn role<'b>(&self, name: &str) -> Result<CowVal<'b, 'a>, ExecutionError> {
        let data = self.data;
        let ctx = data.ctx;
        let i = self.index;
        let role = ctx.roles[i];
        Ok(match name {
            "id" => string(&role.id),
            "title" => string(&role.title),
            "summary" => return optional(role.summary.as_deref(), name),
            "holder" => return optional(ctx.filling(i).next(), name),
            "holders" => ids(ctx.filling(i)),
            "former_holders" => ids(role.former().map(Holder::person)),
            "interim" => boolean(role.filled_by(ctx.today).any(Holder::is_interim)),
            "reports_to" => return optional(role.reports_to.as_deref(), name),
            "dotted_line_to" => ids(role.dotted_lines()),
            "accountable_for" => ids(role.accountable_for.iter().map(String::as_str)),
            "responsibilities" => texts(role.responsibilities.as_ref()),
            "decision_rights" => texts(role.decision_rights.as_ref()),
            "success_metrics" => CowVal::owned(CelList::from(
                role.success_metrics
                    .iter()
                    .flatten()
                    .map(metric)
                    .collect::<Vec<_>>(),
            )),
            "time_allocation" => {
                let (file, pointer) = data.pointer(Kind::Role, i);
                let doc = ctx.doc(file);
                let source = ctx.source(file);
                match doc.pointer(&format!("{pointer}/time_allocation")) {
                    Some((_, node)) => CowVal::Owned(yaml_value(doc, source, node)),
                    None => CowVal::owned(CelMap::from(HashMap::new())),
                }
            }
            "charter" => return optional(role.charter(), name),
            "x" => CowVal::owned(super::parts::Extensions {
                data,
                kind: Kind::Role,
                index: i,
            }),
            "reports" => ids(ctx
                .direct_reports(i)
                .iter()
                .map(|&r| ctx.roles[r].id.as_str())),
            "span" => int(ctx.span(i)),
            "reach" => int(data.facts.reach(ctx)[i]),
            "manager" => {
                let manager = role
                    .reports_to
                    .as_deref()
                    .filter(|m| ctx.role_index(m).is_some());
                return optional(manager, name);
            }
            "depth" => int(data.facts.depth(ctx)[i]),
            "is_leadership" => boolean(data.facts.leadership(ctx)[i]),
            "teams" => ids(ctx.teams_led(i).map(|t| t.id.as_str())),
            "dotted_reports" => ids(ctx
                .dotted_reports(i)
                .iter()
                .map(|&r| ctx.roles[r].id.as_str())),
            _ => return absent(name),
        })
    }

    fn person<'b>(&self, name: &str) -> Result<CowVal<'b, 'a>, ExecutionError> {
        let data = self.data;
        let Some(people) = data.ctx.people.as_ref() else {
            return absent(name);
        };
        let person = people[self.index];
        Ok(match name {
            "id" => string(&person.id),
            "name" => string(&person.name),
            "background" => return optional(person.background.as_ref().map(|b| b.as_str()), name),
            "github" => return optional(person.github.as_deref(), name),
            "email" => return optional(person.email.as_deref(), name),
            "x" => CowVal::owned(super::parts::Extensions {
                data,
                kind: Kind::Person,
                index: self.index,
            }),
            "roles" => ids(data
                .facts
                .person_roles(data.ctx)
                .of(self.index)
                .iter()
                .map(|&r| data.ctx.roles[r].id.as_str())),
            "teams" => ids(data
                .facts
                .person_teams(data.ctx)
                .of(self.index)
                .iter()
                .map(|&t| data.ctx.teams[t].id.as_str())),
            _ => return absent(name),
        })
    }

    fn team<'b>(&self, name: &str) -> Result<CowVal<'b, 'a>, ExecutionError> {
        let data = self.data;
        let ctx = data.ctx;
        let team = ctx.teams[self.index];
        Ok(match name {
            "id" => string(&team.id),
            "name" => string(&team.name),
            "lead" => return optional(team.lead.as_deref(), name),
            "parent" => return optional(team.parent.as_deref(), name),
            "members" => ids(team.members()),
            "former_members" => ids(team.former_members()),
            "size" => int(team.size.unwrap_or(team.members().count() as u64)),
            "members_report_to_lead" => boolean(team.members_report_to_lead(ctx.community)),
            "accountable_for" => ids(team.accountable_for().iter().map(String::as_str)),
            "decision_rights" => texts(team.more.as_ref().and_then(|m| m.decision_rights.as_ref())),
            "description" => {
                return optional(
                    team.more.as_ref().and_then(|m| m.description.as_deref()),
                    name,
                );
            }
            "charter" => {
                return optional(team.more.as_ref().and_then(|m| m.charter.as_deref()), name);
            }
            "x" => CowVal::owned(super::parts::Extensions {
                data,
                kind: Kind::Team,
                index: self.index,
            }),
            "people" => {
                // Each once, in order: linear however large the team.
                let lead = team.lead.as_deref().and_then(|l| ctx.role_index(l));
                let mut seen = foldhash::HashSet::default();
                let people: Vec<&str> = team
                    .members()
                    .chain(lead.into_iter().flat_map(|l| ctx.filling(l)))
                    .filter(|p| seen.insert(*p))
                    .collect();
                ids(people.into_iter())
            }
            "children" => ids(data
                .facts
                .team_children(ctx)
                .of(self.index)
                .iter()
                .map(|&t| ctx.teams[t].id.as_str())),
            _ => return absent(name),
        })
    }

    fn area<'b>(&self, name: &str) -> Result<CowVal<'b, 'a>, ExecutionError> {
        let data = self.data;
        let ctx = data.ctx;
        let area = ctx.areas[self.index];
        Ok(match name {
            "id" => string(&area.id),
            "description" => string(&area.description),
            "x" => CowVal::owned(super::parts::Extensions {
                data,
                kind: Kind::Area,
                index: self.index,
            }),
            "owners" => ids(data
                .facts
                .area_roles(ctx)
                .of(self.index)
                .iter()
                .map(|&r| ctx.roles[r].id.as_str())),
            "teams" => ids(data
                .facts
                .area_teams(ctx)
                .of(self.index)
                .iter()
                .map(|&t| ctx.teams[t].id.as_str())),
            _ => return absent(name),
        })
    }
}

fn metric(m: &Metric) -> Box<dyn Val + '_> {
    Box::new(super::parts::MetricValue(m))
}
