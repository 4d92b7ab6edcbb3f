//! The rule trait, the context rules see, and the one list of all rules.
//!
//! Adding a rule: a new file here, one line in [`RULES`], a page
//! `rules/<name>.md` and two fixtures `tests/fixtures/<name>/{pass,fail}.yaml`.

use crate::diagnostic::{Diagnostic, FileId, Level, Loc};
use crate::model::{Area, BUILTIN_AREAS, Person, Role};
use crate::source::Span;
use crate::yaml::Document;
use foldhash::HashMap;
use foldhash::HashMapExt as _;

mod core_areas_covered;
mod duplicate_id;
mod engineering_manager_background;
mod expectations_documented;
mod figurehead_risk;
mod overloaded_holder;
mod people_focus_split;
mod reporting_cycle;
mod single_accountable_owner;
mod single_root;
mod span_of_control;
mod split_delivery_and_vision;
mod success_metric_required;
mod time_allocation_total;
mod unknown_reference;
mod unused_suppression;
mod vacant_role;

/// Every rule, in the order `rolelint rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &duplicate_id::DuplicateId,
    &unknown_reference::UnknownReference,
    &reporting_cycle::ReportingCycle,
    &split_delivery_and_vision::SplitDeliveryAndVision,
    &success_metric_required::SuccessMetricRequired,
    &single_accountable_owner::SingleAccountableOwner,
    &core_areas_covered::CoreAreasCovered,
    &figurehead_risk::FigureheadRisk,
    &expectations_documented::ExpectationsDocumented,
    &span_of_control::SpanOfControl,
    &people_focus_split::PeopleFocusSplit,
    &engineering_manager_background::EngineeringManagerBackground,
    &vacant_role::VacantRole,
    &overloaded_holder::OverloadedHolder,
    &single_root::SingleRoot,
    &time_allocation_total::TimeAllocationTotal,
    &unused_suppression::UnusedSuppression,
];

/// Rules that always run and cannot be configured or suppressed.
pub const ALWAYS_ON: &[&str] = &["syntax", "schema"];

/// Name, default level, summary and documentation of every check a
/// finding can come from: the always-on ones, then [`RULES`].
#[derive(Clone, Copy, Debug)]
pub struct CheckInfo {
    pub name: &'static str,
    pub level: Level,
    pub summary: &'static str,
    pub doc: &'static str,
}

const SYNTAX_DOC: &str = "# syntax\n\nLevel: **error**, always on.\n\n## What it checks\n\nThe file is one well-formed YAML 1.2 document in UTF-8: no duplicate keys, no second document, nesting of at most 256 levels, aliases that expand to at most 1,000,000 nodes, no NUL bytes.\n";
const SCHEMA_DOC: &str = "# schema\n\nLevel: **error**, always on.\n\n## What it checks\n\nThe document matches `schema/roles.schema.json` (print it with `rolelint schema`): required keys, types, id patterns and allowed values. Unknown keys are reported at the key, with the closest known key; keys starting with `x-` are extensions and always allowed.\n";

/// Every check, always-on ones first.
#[must_use]
pub fn all_checks() -> Vec<CheckInfo> {
    let mut checks = vec![
        CheckInfo {
            name: "syntax",
            level: Level::Error,
            summary: "the file is not one well-formed YAML document in UTF-8",
            doc: SYNTAX_DOC,
        },
        CheckInfo {
            name: "schema",
            level: Level::Error,
            summary: "the document does not match the roles.yaml schema",
            doc: SCHEMA_DOC,
        },
    ];
    checks.extend(RULES.iter().map(|r| CheckInfo {
        name: r.name(),
        level: r.default_level(),
        summary: r.summary(),
        doc: r.doc(),
    }));
    checks
}

/// A lint rule. Rules never print and never fail: they push diagnostics.
pub trait Rule: Sync {
    /// Kebab-case name: the id in output, config, suppressions and `explain`.
    fn name(&self) -> &'static str;
    /// One-line summary for `rolelint rules`.
    fn summary(&self) -> &'static str;
    fn default_level(&self) -> Level;
    /// The documentation page (`rules/<name>.md`).
    fn doc(&self) -> &'static str;
    fn options(&self) -> &'static [RuleOption] {
        &[]
    }
    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>);
}

/// Look a rule up by name.
#[must_use]
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.name() == name)
}

/// The default of an option, which also fixes its type.
#[derive(Clone, Copy, Debug)]
pub enum OptionDefault {
    Int(u64),
    List(&'static [&'static str]),
}

impl std::fmt::Display for OptionDefault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionDefault::Int(n) => write!(f, "{n}"),
            OptionDefault::List(items) => write!(f, "[{}]", items.join(", ")),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct RuleOption {
    pub name: &'static str,
    pub default: OptionDefault,
    pub description: &'static str,
}

/// A rule's option values: configured ones, else the defaults.
#[derive(Debug, Default)]
pub struct Options<'a> {
    pub spec: &'static [RuleOption],
    pub values: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

impl Options<'_> {
    fn configured(&self, name: &str) -> Option<&serde_json::Value> {
        self.values.and_then(|v| v.get(name))
    }

    fn default(&self, name: &str) -> Option<OptionDefault> {
        self.spec.iter().find(|o| o.name == name).map(|o| o.default)
    }

    #[must_use]
    pub fn int(&self, name: &str) -> u64 {
        self.configured(name)
            .and_then(serde_json::Value::as_u64)
            .or_else(|| match self.default(name) {
                Some(OptionDefault::Int(n)) => Some(n),
                _ => None,
            })
            .unwrap_or(0)
    }

    #[must_use]
    pub fn list(&self, name: &str) -> Vec<String> {
        if let Some(items) = self.configured(name).and_then(serde_json::Value::as_array) {
            return items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
        }
        match self.default(name) {
            Some(OptionDefault::List(items)) => items.iter().map(|s| (*s).to_owned()).collect(),
            _ => Vec::new(),
        }
    }
}

/// One file of the organisation as the rules see it.
pub struct FileView<'a> {
    pub doc: &'a Document,
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
    files: Vec<FileView<'a>>,
    role_index: HashMap<&'a str, usize>,
    person_index: HashMap<&'a str, usize>,
    area_index: HashMap<&'a str, usize>,
    direct_reports: Vec<Vec<usize>>,
}

impl<'a> Context<'a> {
    #[must_use]
    pub fn new(
        headcount: u64,
        org_loc: Loc,
        people: Option<Vec<&'a Person>>,
        areas: Vec<&'a Area>,
        roles: Vec<&'a Role>,
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
        let mut direct_reports = vec![Vec::new(); roles.len()];
        for (i, r) in roles.iter().enumerate() {
            if let Some(&manager) = r.reports_to.as_deref().and_then(|m| role_index.get(m)) {
                direct_reports[manager].push(i);
            }
        }
        Self {
            headcount,
            org_loc,
            people,
            areas,
            roles,
            files,
            role_index,
            person_index,
            area_index,
            direct_reports,
        }
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
    pub fn role_value(&self, role: &Role, field: &str) -> Loc {
        self.value_loc(role.origin.file, &role.pointer(field))
    }

    #[must_use]
    pub fn role_key(&self, role: &Role, field: &str) -> Loc {
        self.key_loc(role.origin.file, &role.pointer(field))
    }

    /// Location of item `index` of a list field of a role.
    #[must_use]
    pub fn role_item(&self, role: &Role, field: &str, index: usize) -> Loc {
        self.value_loc(role.origin.file, &role.pointer(&format!("{field}/{index}")))
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
        &self.direct_reports[index]
    }

    /// A leadership role has direct reports or a leadership title.
    #[must_use]
    pub fn is_leadership(&self, index: usize) -> bool {
        !self.direct_reports[index].is_empty() || is_leadership_title(&self.roles[index].title)
    }

    /// An empty location in the root file (for whole-file findings).
    #[must_use]
    pub fn file_start(&self) -> Loc {
        Loc::new(FileId(0), Span::point(0))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leadership_titles() {
        assert!(is_leadership_title("VP of Engineering"));
        assert!(is_leadership_title("Head of Platform"));
        assert!(is_leadership_title("Chief Technology Officer"));
        assert!(is_leadership_title("Vice President, Product"));
        assert!(!is_leadership_title("Staff Engineer"));
        assert!(!is_leadership_title("Directory Maintainer"));
        assert!(!is_leadership_title("Head Chef"));
    }

    #[test]
    fn rule_names_are_unique_kebab_case() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name()).collect();
        for n in &names {
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{n}");
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
