//! Schema validation: `jsonschema` errors -> `schema` diagnostics placed on
//! the exact YAML key or value.

pub mod fast;
pub mod messages;
pub mod version;

use crate::diagnostic::{Diagnostic, FileId, Loc, SCHEMA};
use crate::source::{Source, Span};
use crate::yaml::{Document, NodeId, Value};
use jsonschema::Validator;
use messages::{Mapper, Vocabulary};
use std::sync::OnceLock;

/// The JSON Schema `check` uses, as committed in `schema/roles.schema.json`.
pub const SCHEMA_JSON: &str = include_str!("../../schema/roles.schema.json");

/// Which schema a file is validated against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A file with `org`: the organisation, possibly with `include`.
    Root,
    /// A file a root includes: `version` and any of `people`, `areas`,
    /// `roles`, `teams`; no `org`, no `include`.
    Fragment,
}

impl Kind {
    /// A file with an `org` key, or without `version`, is a root (and gets
    /// the root schema's messages); one with `version` and one of the
    /// [`LISTS`] but no `org` is a fragment.
    #[must_use]
    pub fn detect(doc: &Document) -> Self {
        let Some(root) = doc.root() else {
            return Kind::Root;
        };
        let has = |key: &str| doc.get(root, key).is_some();
        if has("version") && !has("org") && LISTS.iter().any(|l| has(l)) {
            Kind::Fragment
        } else {
            Kind::Root
        }
    }
}

/// Lists whose items are validated and converted one at a time, so that
/// the JSON of a large organisation never exists all at once.
pub const LISTS: [&str; 4] = ["people", "areas", "roles", "teams"];

/// The bundled schema, parsed once (for editors: key descriptions, enums).
pub fn json() -> &'static serde_json::Value {
    static PARSED: OnceLock<serde_json::Value> = OnceLock::new();
    PARSED.get_or_init(bundled)
}

fn bundled() -> serde_json::Value {
    serde_json::from_str(SCHEMA_JSON).expect("the bundled schema is valid JSON")
}

/// The top-level validator: the schema without the item schemas of
/// [`LISTS`] (items are checked by [`item_validator`]).
fn validator(kind: Kind) -> &'static Validator {
    static ROOT: OnceLock<Validator> = OnceLock::new();
    static FRAGMENT: OnceLock<Validator> = OnceLock::new();
    let cell = match kind {
        Kind::Root => &ROOT,
        Kind::Fragment => &FRAGMENT,
    };
    cell.get_or_init(|| {
        let mut schema = bundled();
        if kind == Kind::Fragment {
            // The same definitions; only the top level differs.
            schema["required"] = serde_json::json!(["version"]);
            if let Some(props) = schema["properties"].as_object_mut() {
                props.remove("org");
                props.remove("include");
            }
            schema["properties"]["roles"]
                .as_object_mut()
                .map(|r| r.remove("minItems"));
        }
        for list in LISTS {
            schema["properties"][list]
                .as_object_mut()
                .map(|l| l.remove("items"));
        }
        jsonschema::draft202012::new(&schema).expect("the bundled schema compiles")
    })
}

/// The validator of one item of a list: `person`, `area`, `role` or `team`.
fn item_validator(list: &str) -> &'static Validator {
    static VALIDATORS: OnceLock<[Validator; 4]> = OnceLock::new();
    let all = VALIDATORS.get_or_init(|| {
        let schema = bundled();
        ["person", "area", "role", "team"].map(|def| {
            let item = serde_json::json!({
                "$schema": schema["$schema"],
                "$defs": schema["$defs"],
                "$ref": format!("#/$defs/{def}"),
            });
            jsonschema::draft202012::new(&item).expect("the bundled schema compiles")
        })
    });
    match list {
        "people" => &all[0],
        "areas" => &all[1],
        "teams" => &all[3],
        _ => &all[2],
    }
}

/// The schema node for a path of keys in the bundled schema (lists and
/// list indices are transparent; `$ref` and `anyOf` lead to the object).
#[must_use]
pub fn node_at(path: &[&str]) -> Option<&'static serde_json::Value> {
    use serde_json::Value;
    let schema = json();
    let resolve = |mut node: &'static Value| -> &'static Value {
        for _ in 0..8 {
            if let Some(r) = node.get("$ref").and_then(Value::as_str) {
                let name = r.trim_start_matches("#/$defs/");
                node = &schema["$defs"][name];
            } else if let Some(items) = node.get("items") {
                node = items;
            } else if let Some(any) = node.get("anyOf").and_then(Value::as_array) {
                let deref = |n: &'static Value| match n.get("$ref").and_then(Value::as_str) {
                    Some(r) => &schema["$defs"][r.trim_start_matches("#/$defs/")],
                    None => n,
                };
                node = any
                    .iter()
                    .map(deref)
                    .find(|n| n.get("properties").is_some())
                    .unwrap_or(node);
                if node.get("properties").is_some() {
                    break;
                }
            } else {
                break;
            }
        }
        node
    };
    let mut node = schema;
    for key in path.iter().filter(|k| k.parse::<usize>().is_err()) {
        node = resolve(node.get("properties")?.get(*key)?);
    }
    Some(resolve(node))
}

/// Known keys of the object at an instance path, for "did you mean", in
/// the format's order (a test ties each list to the schema).
fn known_keys(path: &[&str]) -> Vec<&'static str> {
    use crate::format::{
        AreaField, FileField, HoldingField, MetricField, OrgField, PersonField, RoleField,
        TeamField,
    };
    fn keys<F: Copy>(all: &[F], key: fn(F) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|f| key(*f)).collect()
    }
    match path {
        [] => keys(FileField::ALL, FileField::key),
        ["org"] => keys(OrgField::ALL, OrgField::key),
        ["people", _] => keys(PersonField::ALL, PersonField::key),
        ["areas", _] => keys(AreaField::ALL, AreaField::key),
        ["roles", _] => keys(RoleField::ALL, RoleField::key),
        ["roles", _, "success_metrics", _] => keys(MetricField::ALL, MetricField::key),
        ["roles", _, "holder"] | ["roles", _, "holders" | "former_holders", _] => {
            keys(HoldingField::ALL, HoldingField::key)
        }
        ["teams", _] => keys(TeamField::ALL, TeamField::key),
        _ => Vec::new(),
    }
}

/// What the object at an instance path is, for messages.
fn object_name(doc: &Document, path: &[&str], pointer: &str) -> String {
    let id_of = |p: &str| {
        doc.pointer(&format!("{p}/id"))
            .and_then(|(_, v)| doc.as_str(v).map(str::to_owned))
    };
    match path {
        [] => "the top level".to_owned(),
        ["org"] => "`org`".to_owned(),
        ["people", i] => {
            id_of(pointer).map_or_else(|| format!("person #{i}"), |id| format!("person `{id}`"))
        }
        ["areas", i] => {
            id_of(pointer).map_or_else(|| format!("area #{i}"), |id| format!("area `{id}`"))
        }
        ["roles", i] => {
            id_of(pointer).map_or_else(|| format!("role #{i}"), |id| format!("role `{id}`"))
        }
        ["teams", i] => {
            id_of(pointer).map_or_else(|| format!("team #{i}"), |id| format!("team `{id}`"))
        }
        _ => format!("`{pointer}`"),
    }
}

/// The roles file's words for its parts.
struct Roles(Kind);

impl Vocabulary for Roles {
    fn code(&self) -> &'static str {
        SCHEMA
    }

    fn known_keys(&self, path: &[&str]) -> Vec<&'static str> {
        known_keys(path)
    }

    fn object_name(&self, doc: &Document, path: &[&str], pointer: &str) -> String {
        object_name(doc, path, pointer)
    }

    fn unknown_key(&self, path: &[&str], key: &str) -> Option<(String, String)> {
        (self.0 == Kind::Fragment && path.is_empty() && (key == "org" || key == "include")).then(|| {
            (
                format!("a fragment cannot have `{key}`: only the root file describes the organisation and includes fragments"),
                format!("move `{key}` to the root file"),
            )
        })
    }

    fn top_level(&self, found: &str) -> String {
        format!("the top level must be a mapping with `version`, `org` and `roles`, found {found}")
    }
}

/// A list item as [`validate`] hands it over.
// Moved once into the callback and never stored: boxing the model value
// would only add an allocation per item.
#[allow(clippy::large_enum_variant)]
pub enum ItemValue {
    /// Read straight into the model: it matches the schema.
    Typed(fast::Item),
    /// Its JSON, validated (the findings, if any, are in the result).
    Json(serde_json::Value),
}

/// Validate a loaded document against the schema. Returns the findings and
/// the JSON of the top level, with the [`LISTS`] emptied: their items are
/// validated one by one and handed to `on_item` (list, index, item)
/// instead; the items that certainly match are read without JSON.
pub fn validate(
    doc: &Document,
    source: &Source,
    file: FileId,
    kind: Kind,
    mut on_item: impl FnMut(&str, usize, ItemValue),
) -> (Vec<Diagnostic>, Option<serde_json::Value>) {
    let Some(root) = doc.root() else {
        let d = Diagnostic::new(
            SCHEMA,
            "the file is empty: a roles file is a mapping with `version`, `org` and `roles`",
            Loc::new(file, Span::point(0)),
        )
        .help("start from `rolelint init`, or add `version: 1`, an `org` and at least one role");
        return (vec![d], None);
    };
    let vocabulary = Roles(kind);
    let mut mapper = Mapper {
        doc,
        source,
        file,
        vocabulary: &vocabulary,
        prefix: String::new(),
        out: Vec::new(),
    };
    let resolved = doc.resolve(root);
    let Value::Map(entries) = doc.value(resolved) else {
        let json = doc.to_json(source, root);
        for error in validator(kind).iter_errors(&json) {
            mapper.map(&error);
        }
        return (mapper.out, Some(json));
    };
    // The top level with each list replaced by as many nulls as it has
    // items: the list's own keywords (type, minItems) still apply.
    let mut top = serde_json::Map::with_capacity(entries.len());
    let mut lists: Vec<(&str, &[NodeId])> = Vec::new();
    for entry in entries {
        let Some(key) = doc.key_text(source, entry.key) else {
            continue;
        };
        let list = LISTS.iter().copied().find(|l| *l == key);
        match (list, doc.value(doc.resolve(entry.value))) {
            (Some(list), Value::Seq(items)) => {
                lists.push((list, items));
                top.insert(
                    key.to_owned(),
                    serde_json::Value::Array(vec![serde_json::Value::Null; items.len()]),
                );
            }
            _ => {
                top.insert(key.to_owned(), doc.to_json(source, entry.value));
            }
        }
    }
    let mut top = serde_json::Value::Object(top);
    if !fast::top_is_valid(&top, kind) {
        for error in validator(kind).iter_errors(&top) {
            mapper.map(&error);
        }
    }
    for (list, items) in lists {
        top[list] = serde_json::Value::Array(Vec::new());
        for (i, &item) in items.iter().enumerate() {
            if let Some(typed) = fast::read(doc, source, list, item) {
                on_item(list, i, ItemValue::Typed(typed));
                continue;
            }
            let json = doc.to_json(source, item);
            mapper.prefix = format!("/{list}/{i}");
            // Compiled on first use: a valid file never needs it.
            for error in item_validator(list).iter_errors(&json) {
                mapper.map(&error);
            }
            on_item(list, i, ItemValue::Json(json));
        }
    }
    (mapper.out, Some(top))
}

#[cfg(test)]
mod field_tests {
    use crate::format::{
        AreaField, FileField, HoldingField, MetricField, OrgField, PersonField, RoleField,
        TeamField,
    };

    /// The keys of the object at a path of the bundled schema.
    fn schema_keys(path: &[&str]) -> Vec<String> {
        let mut keys: Vec<String> = super::node_at(path)
            .and_then(|n| n["properties"].as_object())
            .unwrap_or_else(|| panic!("{path:?} has properties"))
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn sorted(keys: impl Iterator<Item = &'static str>) -> Vec<String> {
        let mut keys: Vec<String> = keys.map(str::to_owned).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_field_enums_are_the_schemas_keys() {
        let cases: [(&[&str], Vec<String>); 8] = [
            (&[], sorted(FileField::ALL.iter().map(|f| f.key()))),
            (&["org"], sorted(OrgField::ALL.iter().map(|f| f.key()))),
            (
                &["people"],
                sorted(PersonField::ALL.iter().map(|f| f.key())),
            ),
            (&["areas"], sorted(AreaField::ALL.iter().map(|f| f.key()))),
            (&["roles"], sorted(RoleField::ALL.iter().map(|f| f.key()))),
            (&["teams"], sorted(TeamField::ALL.iter().map(|f| f.key()))),
            (
                &["roles", "holders"],
                sorted(HoldingField::ALL.iter().map(|f| f.key())),
            ),
            (
                &["roles", "success_metrics"],
                sorted(MetricField::ALL.iter().map(|f| f.key())),
            ),
        ];
        for (path, enum_keys) in cases {
            assert_eq!(enum_keys, schema_keys(path), "{path:?}");
        }
    }

    #[test]
    fn known_keys_are_found_through_list_indices() {
        assert_eq!(
            super::known_keys(&["roles", "3"]),
            super::known_keys(&["roles", "0"])
        );
        assert!(super::known_keys(&["roles", "0", "success_metrics", "1"]).contains(&"target"));
        assert_eq!(
            super::node_at(&["roles", "2", "holder"]),
            super::node_at(&["roles", "holder"])
        );
    }
}
