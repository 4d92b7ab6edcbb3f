//! The organisation as a CEL value (`org`): the `org` section, every
//! subject as a list, and every subject by id.

use super::fields::Kind;
use super::value::{Data, Subject, absent, field_name, int, optional, string};
use cel::ExecutionError;
use cel::common::traits::{Container, Indexer, Sizer};
use cel::common::types::{CelInt, CelList, Type};
use cel::common::value::{CowVal, Val};
use std::fmt;

static ORG: Type = Type::new_unspecified_type("rolelint.org");
static BY_ID: Type = Type::new_unspecified_type("rolelint.by_id");

/// Every subject of each kind, as lists built once per check.
pub struct Lists<'a> {
    roles: CelList<'a>,
    people: CelList<'a>,
    teams: CelList<'a>,
    areas: CelList<'a>,
}

impl<'a> Lists<'a> {
    /// The lists `kinds` need (the others stay empty).
    #[must_use]
    pub fn new(data: &'a Data<'a>, kinds: &[Kind]) -> Self {
        let list = |kind: Kind| {
            if !kinds.contains(&kind) {
                return CelList::from(Vec::new());
            }
            CelList::from(
                (0..data.count(kind))
                    .map(|index| Box::new(Subject { data, kind, index }) as Box<dyn Val + 'a>)
                    .collect::<Vec<_>>(),
            )
        };
        Self {
            roles: list(Kind::Role),
            people: list(Kind::Person),
            teams: list(Kind::Team),
            areas: list(Kind::Area),
        }
    }
}

/// The organisation: the `org` section and every subject.
#[derive(Clone, Copy)]
pub struct OrgValue<'a> {
    pub data: &'a Data<'a>,
    pub lists: &'a Lists<'a>,
}

impl fmt::Debug for OrgValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("org")
    }
}

impl Val for OrgValue<'_> {
    fn get_type(&self) -> &Type {
        &ORG
    }

    fn cel_type() -> &'static Type
    where
        Self: Sized,
    {
        &ORG
    }

    fn as_indexer<'b, 'v>(&'b self) -> Option<&'b (dyn Indexer + 'v)>
    where
        Self: 'v,
    {
        Some(self)
    }

    fn equals(&self, other: &dyn Val) -> bool {
        std::ptr::eq(other.get_type(), &raw const ORG)
    }

    fn clone_as_boxed<'v>(&self) -> Box<dyn Val + 'v>
    where
        Self: 'v,
    {
        Box::new(*self)
    }
}

impl Indexer for OrgValue<'_> {
    fn get<'b, 'v>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'v>, ExecutionError>
    where
        Self: 'v,
    {
        let name = field_name(key)?;
        let data = self.data;
        let org = data.org;
        let by_id = |kind| CowVal::owned(ById { data, kind });
        Ok(match name {
            "name" => return optional(org.map(|o| o.name.as_str()), name),
            "headcount" => int(org.map_or(0, |o| o.headcount)),
            "kind" => string(if data.ctx.community {
                "community"
            } else {
                "company"
            }),
            "description" => return optional(org.and_then(|o| o.description.as_deref()), name),
            "version" => int(data.ctx.version),
            "roles" => CowVal::Borrowed(&self.lists.roles),
            "people" => CowVal::Borrowed(&self.lists.people),
            "teams" => CowVal::Borrowed(&self.lists.teams),
            "areas" => CowVal::Borrowed(&self.lists.areas),
            "roles_by_id" => by_id(Kind::Role),
            "people_by_id" => by_id(Kind::Person),
            "teams_by_id" => by_id(Kind::Team),
            "areas_by_id" => by_id(Kind::Area),
            _ => return absent(name),
        })
    }

    fn steal<'v>(self: Box<Self>, key: &dyn Val) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        Self: 'v,
    {
        self.get(key).map(CowVal::into_owned)
    }
}

/// The subjects of one kind by id: `org.roles_by_id["cto"]`.
#[derive(Clone, Copy)]
struct ById<'a> {
    data: &'a Data<'a>,
    kind: Kind,
}

impl fmt::Debug for ById<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_by_id", self.kind.plural())
    }
}

impl Val for ById<'_> {
    fn get_type(&self) -> &Type {
        &BY_ID
    }

    fn cel_type() -> &'static Type
    where
        Self: Sized,
    {
        &BY_ID
    }

    fn as_indexer<'b, 'v>(&'b self) -> Option<&'b (dyn Indexer + 'v)>
    where
        Self: 'v,
    {
        Some(self)
    }

    fn as_container(&self) -> Option<&dyn Container> {
        Some(self)
    }

    fn as_sizer(&self) -> Option<&dyn Sizer> {
        Some(self)
    }

    fn clone_as_boxed<'v>(&self) -> Box<dyn Val + 'v>
    where
        Self: 'v,
    {
        Box::new(*self)
    }
}

impl Indexer for ById<'_> {
    fn get<'b, 'v>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'v>, ExecutionError>
    where
        Self: 'v,
    {
        let id = field_name(key)?;
        match self.data.position(self.kind, id) {
            Some(index) => Ok(CowVal::owned(Subject {
                data: self.data,
                kind: self.kind,
                index,
            })),
            None => absent(id),
        }
    }

    fn steal<'v>(self: Box<Self>, key: &dyn Val) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        Self: 'v,
    {
        self.get(key).map(CowVal::into_owned)
    }
}

impl Container for ById<'_> {
    fn contains(&self, value: &dyn Val) -> Result<bool, ExecutionError> {
        Ok(self.data.position(self.kind, field_name(value)?).is_some())
    }
}

impl Sizer for ById<'_> {
    fn size(&self) -> CelInt {
        CelInt::from(i64::try_from(self.data.count(self.kind)).unwrap_or(i64::MAX))
    }
}
