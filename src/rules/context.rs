//! The organisation as rules see it: every file's roles, people and areas
//! with indexes, and locations for findings.

use crate::diagnostic::{FileId, Loc};
use crate::format::{
    Area, BUILTIN_AREAS, Holder, Person, Role, RoleField, Team, TeamField, person_pointer,
};
use crate::source::Span;
use crate::yaml::Document;
use foldhash::HashMap;
use foldhash::HashMapExt as _;

/// One file of the organisation as the rules see it.
pub struct FileView<'a> {
    pub doc: &'a Document,
    /// The file's text, for fixes that keep how a value is written.
    pub source: &'a crate::source::Source,
}

/// The whole organisation (root file and fragments) with indexes.
pub struct Context<'a> {
    pub headcount: u64,
    /// The `org` key of the root file.
    pub org_loc: Loc,
    /// `None` when no file declares `people` (holders are free ids).
    pub people: Option<Vec<&'a Person>>,
    pub areas: Vec<&'a Area>,
    pub roles: Vec<&'a Role>,
    /// Teams (version 2), of every file.
    pub teams: Vec<&'a Team>,
    /// The root file's format version.
    pub version: u32,
    /// `org.kind: community`: an organisation of volunteers.
    pub community: bool,
    /// The run's date (days since 1970-01-01); `None`: dates are not
    /// looked at.
    pub today: Option<i64>,
    files: Vec<FileView<'a>>,
    role_index: HashMap<&'a str, usize>,
    pub(super) person_index: HashMap<&'a str, usize>,
    pub(super) area_index: HashMap<&'a str, usize>,
    direct_reports: Adjacency,
    dotted_reports: Adjacency,
    pub(super) team_index: HashMap<&'a str, usize>,
    /// For each role, the teams it leads.
    pub(super) teams_led: Adjacency,
}

impl<'a> Context<'a> {
    #[must_use]
    pub fn new(
        headcount: u64,
        org_loc: Loc,
        people: Option<Vec<&'a Person>>,
        areas: Vec<&'a Area>,
        roles: Vec<&'a Role>,
        teams: Vec<&'a Team>,
        files: Vec<FileView<'a>>,
    ) -> Self {
        let mut role_index = HashMap::with_capacity(roles.len());
        for (i, r) in roles.iter().enumerate() {
            role_index.entry(r.id.as_str()).or_insert(i);
        }
        let mut person_index = HashMap::new();
        for (i, p) in people.iter().flatten().enumerate() {
            person_index.entry(p.id.as_str()).or_insert(i);
        }
        let mut area_index = HashMap::new();
        for (i, a) in areas.iter().enumerate() {
            area_index.entry(a.id.as_str()).or_insert(i);
        }
        let direct_reports = Adjacency::new(
            roles.len(),
            roles.iter().enumerate().filter_map(|(i, r)| {
                let manager = r.reports_to.as_deref().and_then(|m| role_index.get(m))?;
                Some((*manager, i))
            }),
        );
        // A role's dotted lines, each target once and never itself.
        let dotted_reports = Adjacency::new(
            roles.len(),
            roles.iter().enumerate().flat_map(|(i, r)| {
                let mut seen: Vec<usize> = Vec::new();
                r.dotted_lines()
                    .filter_map(|target| role_index.get(target).copied())
                    .filter(move |&t| {
                        t != i && !seen.contains(&t) && {
                            seen.push(t);
                            true
                        }
                    })
                    .map(move |t| (t, i))
                    .collect::<Vec<_>>()
            }),
        );
        let mut team_index = HashMap::with_capacity(teams.len());
        for (i, t) in teams.iter().enumerate() {
            team_index.entry(t.id.as_str()).or_insert(i);
        }
        let teams_led = Adjacency::new(
            roles.len(),
            teams.iter().enumerate().filter_map(|(i, t)| {
                let lead = t.lead.as_deref().and_then(|l| role_index.get(l))?;
                Some((*lead, i))
            }),
        );
        Self {
            headcount,
            org_loc,
            people,
            areas,
            roles,
            teams,
            version: 1,
            community: false,
            today: None,
            files,
            role_index,
            person_index,
            area_index,
            direct_reports,
            dotted_reports,
            team_index,
            teams_led,
        }
    }

    /// The holdings that fill `role` today, with the location of each
    /// person id.
    pub fn fillers(&self, role: &'a Role) -> impl Iterator<Item = (&'a Holder, Loc)> + '_ {
        role.fillers(self.today).map(move |(h, pointer)| {
            let loc = self.value_loc(role.origin.file, &person_pointer(h, &pointer));
            (h, loc)
        })
    }

    /// Where `person` is written among the holders of `role` (the first
    /// time); the role's `id` when they are not among them.
    #[must_use]
    pub fn holding_loc(&self, role: &Role, person: &str) -> Loc {
        role.holdings()
            .find(|(h, _)| h.person() == person)
            .map_or_else(
                || self.role_value(role, RoleField::Id),
                |(h, pointer)| self.value_loc(role.origin.file, &person_pointer(h, &pointer)),
            )
    }

    #[must_use]
    pub fn source(&self, file: FileId) -> &'a crate::source::Source {
        self.files[file.0 as usize].source
    }

    #[must_use]
    pub fn doc(&self, file: FileId) -> &'a Document {
        self.files[file.0 as usize].doc
    }

    /// Location of the value at `pointer` in `file`.
    #[must_use]
    pub fn value_loc(&self, file: FileId, pointer: &str) -> Loc {
        Loc::new(file, self.doc(file).pointer_span(pointer))
    }

    /// Location of the key at `pointer` in `file`.
    #[must_use]
    pub fn key_loc(&self, file: FileId, pointer: &str) -> Loc {
        Loc::new(file, self.doc(file).key_span(pointer))
    }

    #[must_use]
    pub fn role_value(&self, role: &Role, field: RoleField) -> Loc {
        self.value_loc(role.origin.file, &role.field_pointer(field, ""))
    }

    #[must_use]
    pub fn role_key(&self, role: &Role, field: RoleField) -> Loc {
        self.key_loc(role.origin.file, &role.field_pointer(field, ""))
    }

    /// Location of item `index` of a list field of a role.
    #[must_use]
    pub fn role_item(&self, role: &Role, field: RoleField, index: usize) -> Loc {
        self.value_loc(
            role.origin.file,
            &role.field_pointer(field, &index.to_string()),
        )
    }

    /// Location of the value, and of the key, at `below` inside a field
    /// of a role (`time_allocation` / `people`).
    #[must_use]
    pub fn role_entry(&self, role: &Role, field: RoleField, below: &str) -> (Loc, Loc) {
        let pointer = role.field_pointer(field, below);
        (
            self.key_loc(role.origin.file, &pointer),
            self.value_loc(role.origin.file, &pointer),
        )
    }

    #[must_use]
    pub fn team_value(&self, team: &Team, field: TeamField) -> Loc {
        self.value_loc(team.origin.file, &team.field_pointer(field, ""))
    }

    #[must_use]
    pub fn team_key(&self, team: &Team, field: TeamField) -> Loc {
        self.key_loc(team.origin.file, &team.field_pointer(field, ""))
    }

    /// Location of item `index` of a list field of a team.
    #[must_use]
    pub fn team_item(&self, team: &Team, field: TeamField, index: usize) -> Loc {
        self.value_loc(
            team.origin.file,
            &team.field_pointer(field, &index.to_string()),
        )
    }

    /// How many distinct ids the people, the roles and the teams have.
    #[must_use]
    pub fn distinct_ids(&self) -> (usize, usize, usize) {
        (
            self.person_index.len(),
            self.role_index.len(),
            self.team_index.len(),
        )
    }

    #[must_use]
    pub fn role_index(&self, id: &str) -> Option<usize> {
        self.role_index.get(id).copied()
    }

    #[must_use]
    pub fn person(&self, id: &str) -> Option<&'a Person> {
        let people = self.people.as_ref()?;
        self.person_index.get(id).map(|&i| people[i])
    }

    /// Whether `id` names a built-in or declared area.
    #[must_use]
    pub fn area_exists(&self, id: &str) -> bool {
        BUILTIN_AREAS.contains(&id) || self.area_index.contains_key(id)
    }

    /// Every known area id: built-in first, then declared.
    pub fn area_ids(&self) -> impl Iterator<Item = &str> {
        BUILTIN_AREAS
            .iter()
            .copied()
            .chain(self.areas.iter().map(|a| a.id.as_str()))
    }

    /// Indexes of the roles that report to role `index`.
    #[must_use]
    pub fn direct_reports(&self, index: usize) -> &[usize] {
        self.direct_reports.of(index)
    }

    /// The roles with a dotted line to the role at `index`.
    #[must_use]
    pub fn dotted_reports(&self, index: usize) -> &[usize] {
        self.dotted_reports.of(index)
    }

    /// A leadership role has direct reports or a leadership title, or
    /// (version 2) leads a team with a member or a `size`.
    #[must_use]
    pub fn is_leadership(&self, index: usize) -> bool {
        !self.direct_reports.of(index).is_empty()
            || is_leadership_title(&self.roles[index].title)
            || self
                .teams_led(index)
                .any(|team| team.size.is_some() || team.members().next().is_some())
    }

    /// An empty location in the root file (for whole-file findings).
    #[must_use]
    pub fn file_start(&self) -> Loc {
        Loc::new(FileId(0), Span::point(0))
    }
}

/// For each node, the nodes it points to, in one array (no allocation per
/// node: a role of 100,000 has one offset).
#[derive(Default)]
pub struct Adjacency {
    /// `targets[offsets[i]..offsets[i + 1]]`; empty when nothing points.
    offsets: Vec<u32>,
    targets: Vec<usize>,
}

impl Adjacency {
    /// From `(node, target)` pairs, targets in the order given.
    pub(crate) fn new(nodes: usize, pairs: impl Iterator<Item = (usize, usize)>) -> Self {
        let pairs: Vec<(usize, usize)> = pairs.collect();
        if pairs.is_empty() {
            return Self::default();
        }
        let mut offsets = vec![0u32; nodes + 1];
        for &(from, _) in &pairs {
            offsets[from + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let mut next: Vec<u32> = offsets[..nodes].to_vec();
        let mut targets = vec![0usize; pairs.len()];
        for (from, to) in pairs {
            targets[next[from] as usize] = to;
            next[from] += 1;
        }
        Self { offsets, targets }
    }

    /// What node `i` points to.
    pub(crate) fn of(&self, i: usize) -> &[usize] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.targets[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Case-insensitive whole-word match of the leadership title pattern.
#[must_use]
pub fn is_leadership_title(title: &str) -> bool {
    const SINGLE: &[&str] = &[
        "chief", "cto", "ceo", "coo", "cpo", "cio", "ciso", "vp", "director",
    ];
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().any(|w| SINGLE.contains(&w.as_str()))
        || words
            .windows(2)
            .any(|p| (p[0] == "vice" && p[1] == "president") || (p[0] == "head" && p[1] == "of"))
}
