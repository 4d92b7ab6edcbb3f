//! What an organisation names and where: every definition of and reference
//! to a role, person, area or team id, across the files of one unit, plus
//! the `include` entries and the rule names in suppression comments.

use rolelint::format::{HoldingField, RoleField, TeamField};
use rolelint::source::{Source, Span};
use rolelint::yaml::{self, Document, NodeId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Role,
    Person,
    Area,
    Team,
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::Person => "person",
            Kind::Area => "area",
            Kind::Team => "team",
        }
    }
}

/// One place an id is written.
#[derive(Clone, Debug)]
pub struct Symbol {
    pub kind: Kind,
    pub id: String,
    pub file: usize,
    /// The scalar as written (quotes included).
    pub span: Span,
    /// The `id` of a list item, rather than a use of it.
    pub definition: bool,
}

/// A role as the files write it, for hover and the outline.
#[derive(Clone, Debug, Default)]
pub struct RoleInfo {
    pub id: String,
    pub title: Option<String>,
    /// Each holder (`holder`, or every item of `holders`), and whether
    /// the holding is interim.
    pub holders: Vec<(String, bool)>,
    pub reports_to: Option<String>,
    pub dotted_lines: Vec<String>,
    pub areas: Vec<String>,
    pub file: usize,
    /// The whole list item.
    pub span: Span,
    pub id_span: Span,
}

/// A person or an area: its id, what it is called, where.
#[derive(Clone, Debug, Default)]
pub struct Named {
    pub id: String,
    /// A person's name; an area's description.
    pub text: Option<String>,
    pub file: usize,
    pub span: Span,
    pub id_span: Span,
}

/// A team as the files write it, for hover and the outline.
#[derive(Clone, Debug, Default)]
pub struct TeamInfo {
    pub id: String,
    pub name: Option<String>,
    pub lead: Option<String>,
    pub parent: Option<String>,
    pub members: Vec<String>,
    pub size: Option<u64>,
    pub file: usize,
    /// The whole list item.
    pub span: Span,
    pub id_span: Span,
}

/// An `include` entry.
#[derive(Clone, Debug)]
pub struct Include {
    pub file: usize,
    pub span: Span,
    /// Its index in the `include` list.
    pub entry: usize,
}

/// A rule named in a `# rolelint: ignore[...]` comment.
#[derive(Clone, Debug)]
pub struct RuleName {
    pub file: usize,
    pub span: Span,
    pub name: String,
}

#[derive(Default)]
pub struct Index {
    pub symbols: Vec<Symbol>,
    pub roles: Vec<RoleInfo>,
    pub people: Vec<Named>,
    pub areas: Vec<Named>,
    pub teams: Vec<TeamInfo>,
    pub includes: Vec<Include>,
    pub rule_names: Vec<RuleName>,
    /// The `org` mapping's span and name, in the root file.
    pub org: Option<(Span, String)>,
    /// The first role, person, area and team with each id, by position in
    /// the lists above: lookups stay constant-time on 100,000 roles.
    by_id: [std::collections::HashMap<String, usize>; 4],
}

impl Index {
    /// Read every file of a unit (`sources[0]` is the root) from the trees
    /// of the check; a file without one is parsed here.
    pub fn build(sources: &[Source], trees: &[Document]) -> Self {
        let mut index = Index::default();
        for (file, source) in sources.iter().enumerate() {
            let parsed;
            let doc = if let Some(doc) = trees.get(file) {
                doc
            } else {
                parsed = yaml::load(source, rolelint::diagnostic::FileId(file as u32)).doc;
                &parsed
            };
            index.read_file(file, source, doc);
        }
        let ids = |ids: Vec<&String>| {
            let mut map = std::collections::HashMap::with_capacity(ids.len());
            for (i, id) in ids.into_iter().enumerate() {
                map.entry(id.clone()).or_insert(i);
            }
            map
        };
        index.by_id = [
            ids(index.roles.iter().map(|r| &r.id).collect()),
            ids(index.people.iter().map(|p| &p.id).collect()),
            ids(index.areas.iter().map(|a| &a.id).collect()),
            ids(index.teams.iter().map(|t| &t.id).collect()),
        ];
        index
    }

    fn read_file(&mut self, file: usize, source: &Source, doc: &Document) {
        for (span, name) in rolelint::suppress::named_rules(source, doc) {
            self.rule_names.push(RuleName { file, span, name });
        }
        let Some(root) = doc.root() else { return };
        let root = doc.resolve(root);
        let text = |id: NodeId| doc.as_str(id).map(str::to_owned);
        if let Some(org) = doc.get(root, "org") {
            let name = doc
                .get(doc.resolve(org.value), "name")
                .and_then(|e| text(e.value))
                .unwrap_or_default();
            let span = Span::new(doc.span(org.key).start, doc.span(org.value).end);
            self.org = Some((span, name));
        }
        if let Some(entry) = doc.get(root, "include") {
            for (index, &item) in doc.items(doc.resolve(entry.value)).iter().enumerate() {
                if text(item).is_some() {
                    let span = doc.span(item);
                    self.includes.push(Include {
                        file,
                        span,
                        entry: index,
                    });
                }
            }
        }
        for (list, kind) in [("people", Kind::Person), ("areas", Kind::Area)] {
            let Some(entry) = doc.get(root, list) else {
                continue;
            };
            for &item in doc.items(doc.resolve(entry.value)) {
                let item = doc.resolve(item);
                let Some(id_entry) = doc.get(item, "id") else {
                    continue;
                };
                let Some(id) = text(id_entry.value) else {
                    continue;
                };
                let id_span = doc.span(id_entry.value);
                let field = if kind == Kind::Person {
                    "name"
                } else {
                    "description"
                };
                let named = Named {
                    id: id.clone(),
                    text: doc.get(item, field).and_then(|e| text(e.value)),
                    file,
                    span: doc.span(item),
                    id_span,
                };
                self.symbol(kind, id, file, id_span, true);
                if kind == Kind::Person {
                    self.people.push(named);
                } else {
                    self.areas.push(named);
                }
            }
        }
        let Some(entry) = doc.get(root, "roles") else {
            return;
        };
        for &item in doc.items(doc.resolve(entry.value)) {
            let item = doc.resolve(item);
            let mut role = RoleInfo {
                file,
                span: doc.span(item),
                ..RoleInfo::default()
            };
            if let Some(e) = doc.get(item, RoleField::Id.key())
                && let Some(id) = text(e.value)
            {
                role.id_span = doc.span(e.value);
                self.symbol(Kind::Role, id.clone(), file, role.id_span, true);
                role.id = id;
            }
            role.title = doc
                .get(item, RoleField::Title.key())
                .and_then(|e| text(e.value));
            for field in [
                RoleField::Holder,
                RoleField::Holders,
                RoleField::FormerHolders,
            ] {
                let Some(e) = doc.get(item, field.key()) else {
                    continue;
                };
                let value = doc.resolve(e.value);
                let holdings: Vec<NodeId> = match field {
                    RoleField::Holder => vec![value],
                    _ => doc.items(value).to_vec(),
                };
                for holding in holdings {
                    let holding = doc.resolve(holding);
                    // A person id, or a holding with `person:`.
                    let (node, interim) = match doc.get(holding, HoldingField::Person.key()) {
                        Some(p) => (
                            p.value,
                            doc.get(holding, HoldingField::Interim.key())
                                .is_some_and(|i| {
                                    matches!(
                                        doc.value(doc.resolve(i.value)),
                                        yaml::Value::Bool(true)
                                    )
                                }),
                        ),
                        None => (holding, false),
                    };
                    if let Some(id) = text(node) {
                        self.symbol(Kind::Person, id.clone(), file, doc.span(node), false);
                        if field != RoleField::FormerHolders {
                            role.holders.push((id, interim));
                        }
                    }
                }
            }
            if let Some(e) = doc.get(item, RoleField::DottedLineTo.key()) {
                for &target in doc.items(doc.resolve(e.value)) {
                    if let Some(id) = text(target) {
                        self.symbol(Kind::Role, id.clone(), file, doc.span(target), false);
                        role.dotted_lines.push(id);
                    }
                }
            }
            if let Some(e) = doc.get(item, RoleField::ReportsTo.key())
                && let Some(id) = text(e.value)
            {
                self.symbol(Kind::Role, id.clone(), file, doc.span(e.value), false);
                role.reports_to = Some(id);
            }
            if let Some(e) = doc.get(item, RoleField::AccountableFor.key()) {
                for &area in doc.items(doc.resolve(e.value)) {
                    if let Some(id) = text(area) {
                        self.symbol(Kind::Area, id.clone(), file, doc.span(area), false);
                        role.areas.push(id);
                    }
                }
            }
            self.roles.push(role);
        }
        self.read_teams(file, doc, root);
    }

    fn read_teams(&mut self, file: usize, doc: &Document, root: NodeId) {
        let text = |id: NodeId| doc.as_str(id).map(str::to_owned);
        let Some(entry) = doc.get(root, "teams") else {
            return;
        };
        for &item in doc.items(doc.resolve(entry.value)) {
            let item = doc.resolve(item);
            let mut team = TeamInfo {
                file,
                span: doc.span(item),
                ..TeamInfo::default()
            };
            let one = |field: TeamField| doc.get(item, field.key()).map(|e| e.value);
            if let Some(v) = one(TeamField::Id)
                && let Some(id) = text(v)
            {
                team.id_span = doc.span(v);
                self.symbol(Kind::Team, id.clone(), file, team.id_span, true);
                team.id = id;
            }
            team.name = one(TeamField::Name).and_then(text);
            if let Some(v) = one(TeamField::Lead)
                && let Some(id) = text(v)
            {
                self.symbol(Kind::Role, id.clone(), file, doc.span(v), false);
                team.lead = Some(id);
            }
            if let Some(v) = one(TeamField::Parent)
                && let Some(id) = text(v)
            {
                self.symbol(Kind::Team, id.clone(), file, doc.span(v), false);
                team.parent = Some(id);
            }
            if let Some(v) = one(TeamField::Size)
                && let yaml::Value::Int(n) = doc.value(doc.resolve(v))
            {
                team.size = u64::try_from(n).ok();
            }
            for (field, kind) in [
                (TeamField::Members, Kind::Person),
                (TeamField::FormerMembers, Kind::Person),
                (TeamField::AccountableFor, Kind::Area),
            ] {
                let Some(v) = one(field) else { continue };
                for &i in doc.items(doc.resolve(v)) {
                    if let Some(id) = text(i) {
                        self.symbol(kind, id.clone(), file, doc.span(i), false);
                        if field == TeamField::Members {
                            team.members.push(id);
                        }
                    }
                }
            }
            self.teams.push(team);
        }
    }

    fn symbol(&mut self, kind: Kind, id: String, file: usize, span: Span, definition: bool) {
        self.symbols.push(Symbol {
            kind,
            id,
            file,
            span,
            definition,
        });
    }

    /// The id written at byte `offset` of `file` (ends inclusive, so a
    /// cursor just after a word still finds it).
    pub fn symbol_at(&self, file: usize, offset: usize) -> Option<&Symbol> {
        self.symbols
            .iter()
            .find(|s| s.file == file && s.span.start <= offset && offset <= s.span.end)
    }

    /// Every place `(kind, id)` is written: definitions first.
    pub fn occurrences(&self, kind: Kind, id: &str) -> Vec<&Symbol> {
        let mut found: Vec<&Symbol> = self
            .symbols
            .iter()
            .filter(|s| s.kind == kind && s.id == id)
            .collect();
        found.sort_by_key(|s| !s.definition);
        found
    }

    pub fn role(&self, id: &str) -> Option<&RoleInfo> {
        self.by_id[0].get(id).map(|&i| &self.roles[i])
    }

    pub fn person(&self, id: &str) -> Option<&Named> {
        self.by_id[1].get(id).map(|&i| &self.people[i])
    }

    pub fn area(&self, id: &str) -> Option<&Named> {
        self.by_id[2].get(id).map(|&i| &self.areas[i])
    }

    pub fn team(&self, id: &str) -> Option<&TeamInfo> {
        self.by_id[3].get(id).map(|&i| &self.teams[i])
    }

    pub fn include_at(&self, file: usize, offset: usize) -> Option<&Include> {
        self.includes
            .iter()
            .find(|i| i.file == file && i.span.start <= offset && offset <= i.span.end)
    }

    pub fn rule_at(&self, file: usize, offset: usize) -> Option<&RuleName> {
        self.rule_names
            .iter()
            .find(|r| r.file == file && r.span.start <= offset && offset <= r.span.end)
    }

    /// Whether an id of this kind is defined (built-in areas included).
    pub fn is_defined(&self, kind: Kind, id: &str) -> bool {
        (kind == Kind::Area && rolelint::format::BUILTIN_AREAS.contains(&id))
            || self
                .symbols
                .iter()
                .any(|s| s.definition && s.kind == kind && s.id == id)
    }
}
