//! The fast path for list items: a person, area or role read straight from
//! the YAML tree into the model, when it certainly matches the schema. Most
//! items of a real file do; they skip the JSON copy, the JSON Schema
//! validator and serde. Anything this code is not sure of (a wrong type, an
//! unknown key, a non-ASCII e-mail) returns `None` and takes the full path,
//! which also writes the findings. Tests check that every item accepted
//! here is valid for the JSON Schema and becomes the same model value.

use crate::format::constraints::{
    HEADCOUNT, Known, ORG_KINDS, TEAM_SIZE, VERSIONS, is_email, is_github, is_percent, is_slug,
};
use crate::format::{Area, Holder, Metric, Person, Role, Team};
use crate::source::Source;
use crate::yaml::{Document, NodeId, Value};
use std::collections::BTreeMap;

/// An item of one of the lists, as the model holds it.
// One item at a time, moved straight into its list: boxing would cost an
// allocation per item.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Item {
    Person(Person),
    Area(Area),
    Role(Role),
    Team(Team),
}

struct Reader<'a> {
    doc: &'a Document,
    source: &'a Source,
}

impl<'a> Reader<'a> {
    fn str(&self, id: NodeId) -> Option<&'a str> {
        self.doc.as_str(id)
    }

    fn nonempty(&self, id: NodeId) -> Option<String> {
        self.str(id).filter(|s| !s.is_empty()).map(str::to_owned)
    }

    fn slug(&self, id: NodeId) -> Option<String> {
        self.str(id).filter(|s| is_slug(s)).map(str::to_owned)
    }

    /// A list of distinct ids.
    fn unique_slugs(&self, id: NodeId) -> Option<Vec<String>> {
        let ids = self.list(id, |i| self.slug(i))?;
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        ids.iter().all(|a| seen.insert(a.as_str())).then_some(ids)
    }

    /// A list whose every item `read` accepts.
    fn list<T>(&self, id: NodeId, read: impl Fn(NodeId) -> Option<T>) -> Option<Vec<T>> {
        let id = self.doc.resolve(id);
        let Value::Seq(items) = self.doc.value(id) else {
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for &i in items {
            out.push(read(i)?);
        }
        Some(out)
    }

    /// Each entry of a mapping, by key; `x-` keys are skipped. `None` when
    /// it is not a mapping or a key is not a string.
    fn entries(&self, id: NodeId) -> Option<Vec<(&'a str, NodeId)>> {
        let id = self.doc.resolve(id);
        let Value::Map(entries) = self.doc.value(id) else {
            return None;
        };
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            let key = self.str(e.key)?;
            if !key.starts_with("x-") {
                out.push((key, e.value));
            }
        }
        Some(out)
    }

    fn metric(&self, id: NodeId) -> Option<Metric> {
        if let Some(text) = self.str(id) {
            return (!text.is_empty()).then(|| Metric::Text(text.to_owned()));
        }
        let (mut name, mut target, mut source) = (None, None, None);
        for (key, value) in self.entries(id)? {
            match key {
                "name" => name = Some(self.nonempty(value)?),
                "target" => target = Some(self.str(value)?.to_owned()),
                "source" => source = Some(self.str(value)?.to_owned()),
                _ => return None,
            }
        }
        Some(Metric::Detailed {
            name: name?,
            target,
            source,
        })
    }

    /// Percentages: numbers from 0 to 100, under any key.
    fn time_allocation(&self, id: NodeId) -> Option<BTreeMap<String, serde_json::Value>> {
        let id = self.doc.resolve(id);
        let Value::Map(entries) = self.doc.value(id) else {
            return None;
        };
        let mut out = BTreeMap::new();
        for e in entries {
            let key = self.doc.key_text(self.source, e.key)?;
            let in_range = match self.doc.value(self.doc.resolve(e.value)) {
                Value::Int(i) => is_percent(i as f64),
                Value::Float(f) => is_percent(f),
                _ => false,
            };
            if !in_range {
                return None;
            }
            out.insert(key.to_owned(), self.doc.to_json(self.source, e.value));
        }
        Some(out)
    }

    fn person(&self, id: NodeId) -> Option<Person> {
        let (mut pid, mut name, mut background, mut github, mut email) =
            (None, None, None, None, None);
        for (key, value) in self.entries(id)? {
            match key {
                "id" => pid = Some(self.slug(value)?),
                "name" => name = Some(self.nonempty(value)?),
                "background" => {
                    background = Some(Known::find(self.str(value)?)?);
                }
                "github" => github = Some(self.str(value).filter(|g| is_github(g))?.to_owned()),
                "email" => {
                    email = Some(
                        self.str(value)
                            .filter(|e| is_email(e) == Some(true))?
                            .to_owned(),
                    );
                }
                _ => return None,
            }
        }
        Some(Person {
            id: pid?,
            name: name?,
            background,
            github,
            email,
            origin: crate::format::Origin::default(),
        })
    }

    fn area(&self, id: NodeId) -> Option<Area> {
        let (mut aid, mut description) = (None, None);
        for (key, value) in self.entries(id)? {
            match key {
                "id" => aid = Some(self.slug(value)?),
                "description" => description = Some(self.nonempty(value)?),
                _ => return None,
            }
        }
        Some(Area {
            id: aid?,
            description: description?,
            origin: crate::format::Origin::default(),
        })
    }

    fn role(&self, id: NodeId) -> Option<Role> {
        let mut role = Role::new(String::new(), String::new());
        let (mut has_id, mut has_title) = (false, false);
        for (key, value) in self.entries(id)? {
            match key {
                "id" => {
                    role.id = self.slug(value)?;
                    has_id = true;
                }
                "title" => {
                    role.title = self.nonempty(value)?;
                    has_title = true;
                }
                "holder" => {
                    role.holder = match self.doc.value(self.doc.resolve(value)) {
                        Value::Null => None,
                        _ => Some(Holder::Person(self.slug(value)?)),
                    };
                }
                // Holdings with details take the full path.
                "holders" => {
                    role.more_mut().holders =
                        Some(self.list(value, |i| self.slug(i).map(Holder::Person))?);
                }
                "former_holders" => {
                    role.more_mut().former_holders =
                        Some(self.list(value, |i| self.slug(i).map(Holder::Person))?);
                }
                "reports_to" => role.reports_to = Some(self.slug(value)?),
                "dotted_line_to" => {
                    role.more_mut().dotted_line_to = Some(self.unique_slugs(value)?);
                }
                "charter" => role.more_mut().charter = Some(self.nonempty(value)?),
                "summary" => role.summary = Some(self.str(value)?.to_owned()),
                "responsibilities" => {
                    role.responsibilities = Some(self.list(value, |i| self.nonempty(i))?);
                }
                "accountable_for" => role.accountable_for = self.unique_slugs(value)?,
                "success_metrics" => {
                    role.success_metrics = Some(self.list(value, |i| self.metric(i))?);
                }
                "decision_rights" => {
                    role.decision_rights = Some(self.list(value, |i| self.nonempty(i))?);
                }
                "time_allocation" => role.time_allocation = Some(self.time_allocation(value)?),
                _ => return None,
            }
        }
        (has_id && has_title).then_some(role)
    }

    fn team(&self, id: NodeId) -> Option<Team> {
        let mut team = Team::new(String::new(), String::new());
        let (mut has_id, mut has_name) = (false, false);
        for (key, value) in self.entries(id)? {
            match key {
                "id" => {
                    team.id = self.slug(value)?;
                    has_id = true;
                }
                "name" => {
                    team.name = self.nonempty(value)?;
                    has_name = true;
                }
                "lead" => team.lead = Some(self.slug(value)?),
                "parent" => team.parent = Some(self.slug(value)?),
                "members" => team.members = Some(self.unique_slugs(value)?),
                "size" => {
                    team.size = match self.doc.value(self.doc.resolve(value)) {
                        Value::Int(i) => u64::try_from(i).ok().filter(|s| TEAM_SIZE.contains(s)),
                        _ => None,
                    };
                    team.size?;
                }
                "former_members" => {
                    team.more_mut().former_members = Some(self.unique_slugs(value)?);
                }
                "members_report_to_lead" => {
                    let Value::Bool(b) = self.doc.value(self.doc.resolve(value)) else {
                        return None;
                    };
                    team.more_mut().members_report_to_lead = Some(b);
                }
                "accountable_for" => {
                    // An empty list is no box, as when serde reads it.
                    let areas = self.unique_slugs(value)?;
                    if !areas.is_empty() {
                        team.more_mut().accountable_for = areas;
                    }
                }
                "decision_rights" => {
                    team.more_mut().decision_rights = Some(self.list(value, |i| self.nonempty(i))?);
                }
                "description" => team.more_mut().description = Some(self.str(value)?.to_owned()),
                "charter" => team.more_mut().charter = Some(self.nonempty(value)?),
                _ => return None,
            }
        }
        (has_id && has_name).then_some(team)
    }
}

/// Whether the top level (with each list replaced by placeholders, as
/// [`super::validate`] builds it) certainly matches the schema of `kind`.
/// When it does, the JSON Schema validator is not even compiled.
#[must_use]
pub fn top_is_valid(top: &serde_json::Value, kind: super::Kind) -> bool {
    use serde_json::Value as J;
    let Some(map) = top.as_object() else {
        return false;
    };
    let root = kind == super::Kind::Root;
    let required: &[&str] = if root {
        &["version", "org", "roles"]
    } else {
        &["version"]
    };
    if !required.iter().all(|k| map.contains_key(*k)) {
        return false;
    }
    let nonempty = |v: &J| v.as_str().is_some_and(|s| !s.is_empty());
    map.iter().all(|(key, value)| match key.as_str() {
        "version" => value.as_u64().is_some_and(|v| VERSIONS.contains(&v)),
        "people" | "areas" | "teams" => value.is_array(),
        "roles" => value.as_array().is_some_and(|a| !root || !a.is_empty()),
        "include" if root => value.as_array().is_some_and(|a| a.iter().all(nonempty)),
        "org" if root => value.as_object().is_some_and(|org| {
            org.contains_key("name")
                && org.contains_key("headcount")
                && org.iter().all(|(k, v)| match k.as_str() {
                    "name" => nonempty(v),
                    "headcount" => v.as_u64().is_some_and(|h| HEADCOUNT.contains(&h)),
                    "description" => v.is_string(),
                    "kind" => v.as_str().is_some_and(|k| ORG_KINDS.contains(&k)),
                    k => k.starts_with("x-"),
                })
        }),
        k => k.starts_with("x-"),
    })
}

/// The item at `node` of list `list`, when it certainly matches the
/// schema; `None` sends it through JSON and the validator.
#[must_use]
pub fn read(doc: &Document, source: &Source, list: &str, node: NodeId) -> Option<Item> {
    let reader = Reader { doc, source };
    match list {
        "people" => reader.person(node).map(Item::Person),
        "areas" => reader.area(node).map(Item::Area),
        "roles" => reader.role(node).map(Item::Role),
        "teams" => reader.team(node).map(Item::Team),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;

    /// One value for a field, to put in an item of `list`.
    const VALUES: &[&str] = &[
        "cto",
        "ada",
        "Ada Lovelace",
        "\"\"",
        "~",
        "null",
        "1",
        "5.0",
        "-3",
        "101",
        "100",
        "0",
        "2.5",
        ".inf",
        "true",
        "[]",
        "[a, b]",
        "[a, a]",
        "[cto, x1]",
        "[\"\"]",
        "{}",
        "{name: x}",
        "{name: \"\"}",
        "{name: x, target: y, source: z}",
        "{name: x, other: 1}",
        "[x, {name: y}]",
        "[{name: y, x-a: 1}]",
        "{people: 40, build: 60}",
        "{a: 101}",
        "{1: 50}",
        "Bad Slug",
        "a.b_c-d",
        "-x",
        "engineering",
        "marketing",
        "ada-l",
        "ada-",
        "a@b.c",
        "a @b.c",
        "a@b@c",
        "é@x.y",
        "\"a\\u00e9\"",
        "'it''s'",
        "|\n    block\n",
        "&anchor cto",
        "[*x]",
        "x-ok",
        "\"\\t\"",
    ];

    fn item_text(base: &[(&str, &str)], field: &str, value: &str) -> String {
        let mut text = String::from("- ");
        let mut first = true;
        for (k, v) in base.iter().filter(|(k, _)| *k != field) {
            if !first {
                text.push_str("  ");
            }
            text.push_str(&format!("{k}: {v}\n"));
            first = false;
        }
        text.push_str(&format!("  {field}: {value}\n"));
        text
    }

    /// Every item the fast path accepts is valid for the JSON Schema and
    /// reads into the same model value through JSON and serde.
    #[test]
    fn accepted_items_are_valid_and_equal_to_the_slow_path() {
        // (list, its definition in the schema, a valid base item); the
        // fields varied are the schema's own, an extension and an unknown.
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let lists: [Case<'_>; 3] = [
            ("people", "person", &[("id", "ada"), ("name", "Ada")]),
            (
                "areas",
                "area",
                &[("id", "ops"), ("description", "Operations")],
            ),
            ("roles", "role", &[("id", "cto"), ("title", "CTO")]),
        ];
        let schema = super::super::json();
        let mut accepted = 0;
        let mut refused = 0;
        for (list, def, base) in lists {
            let mut fields: Vec<&str> = schema["$defs"][def]["properties"]
                .as_object()
                .expect("properties")
                .keys()
                .map(String::as_str)
                .collect();
            fields.extend(["x-note", "other"]);
            for field in fields {
                for value in VALUES {
                    let text = format!("{list}:\n{}", item_text(base, field, value));
                    let source = Source::new("t.yaml", text.clone());
                    let loaded = crate::yaml::load(&source, FileId(0));
                    if !loaded.syntax.is_empty() {
                        continue;
                    }
                    let doc = &loaded.doc;
                    let Some(root) = doc.root() else { continue };
                    let Some(entry) = doc.get(root, list) else {
                        continue;
                    };
                    let Some(&node) = doc.items(entry.value).first() else {
                        continue;
                    };
                    let json = doc.to_json(&source, node);
                    let valid = super::super::item_validator(list).is_valid(&json);
                    match read(doc, &source, list, node) {
                        Some(item) => {
                            accepted += 1;
                            assert!(valid, "accepted but invalid:\n{text}");
                            let slow = match list {
                                "people" => format!(
                                    "{:?}",
                                    Item::Person(serde_json::from_value(json).unwrap())
                                ),
                                "areas" => format!(
                                    "{:?}",
                                    Item::Area(serde_json::from_value(json).unwrap())
                                ),
                                _ => format!(
                                    "{:?}",
                                    Item::Role(serde_json::from_value(json).unwrap())
                                ),
                            };
                            assert_eq!(format!("{item:?}"), slow, "{text}");
                        }
                        None => refused += 1,
                    }
                }
            }
        }
        // Both paths are exercised.
        assert!(
            accepted > 100 && refused > 100,
            "{accepted} accepted, {refused} refused"
        );
    }

    /// A top level accepted here is valid for the validator of its kind.
    #[test]
    fn accepted_top_levels_are_valid() {
        use serde_json::json;
        let orgs = [
            json!({"name": "A", "headcount": 8}),
            json!({"name": "A", "headcount": 8, "description": "d", "x-a": [1]}),
            json!({"name": "", "headcount": 8}),
            json!({"name": "A", "headcount": 0}),
            json!({"name": "A", "headcount": 10_000_001}),
            json!({"name": "A", "headcount": 5.5}),
            json!({"name": "A"}),
            json!({"name": "A", "headcount": 8, "other": 1}),
            json!("A"),
        ];
        let extras = [
            json!({}),
            json!({"include": ["a.yaml"]}),
            json!({"include": [""]}),
            json!({"people": [null], "areas": []}),
            json!({"x-note": {"a": 1}}),
            json!({"other": 1}),
        ];
        let mut accepted = 0;
        for kind in [super::super::Kind::Root, super::super::Kind::Fragment] {
            let validator = super::super::validator(kind);
            for org in &orgs {
                for version in [json!(1), json!(2), json!("1"), json!(null)] {
                    for roles in [json!([null]), json!([]), json!({}), json!(null)] {
                        for extra in &extras {
                            let mut top = json!({"version": version, "org": org, "roles": roles});
                            for (k, v) in extra.as_object().unwrap() {
                                top[k] = v.clone();
                            }
                            for _ in 0..2 {
                                if top_is_valid(&top, kind) {
                                    accepted += 1;
                                    assert!(validator.is_valid(&top), "{kind:?}: {top}");
                                }
                                top.as_object_mut().unwrap().remove("org");
                            }
                        }
                    }
                }
            }
        }
        assert!(accepted > 10, "{accepted}");
    }
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod generated;
