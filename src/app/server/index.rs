//! What an organisation names and where: every definition of and reference
//! to a role, person or area id, across the files of one unit, plus the
//! `include` entries and the rule names in suppression comments.

use rolelint::format::RoleField;
use rolelint::source::{Source, Span};
use rolelint::yaml::{self, Document, NodeId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Role,
    Person,
    Area,
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Role => "role",
            Kind::Person => "person",
            Kind::Area => "area",
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
    pub holder: Option<String>,
    pub reports_to: Option<String>,
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
    pub includes: Vec<Include>,
    pub rule_names: Vec<RuleName>,
    /// The `org` mapping's span and name, in the root file.
    pub org: Option<(Span, String)>,
    /// The first role, person and area with each id, by position in the
    /// lists above: lookups stay constant-time on 100,000 roles.
    by_id: [std::collections::HashMap<String, usize>; 3],
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
            if let Some(e) = doc.get(item, RoleField::Holder.key())
                && let Some(id) = text(e.value)
            {
                self.symbol(Kind::Person, id.clone(), file, doc.span(e.value), false);
                role.holder = Some(id);
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
