//! Schema validation: `jsonschema` errors -> `schema` diagnostics placed on
//! the exact YAML key or value.

use crate::diagnostic::{Diagnostic, FileId, Loc};
use crate::source::{Source, Span};
use crate::suggest::{code_list, did_you_mean};
use crate::yaml::{Document, NodeId, Value};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use std::sync::OnceLock;

/// The JSON Schema `check` uses, as committed in `schema/roles.schema.json`.
pub const SCHEMA_JSON: &str = include_str!("../schema/roles.schema.json");

/// Which schema a file is validated against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A file with `org`: the organisation, possibly with `include`.
    Root,
    /// A file a root includes: `version` and any of `people`, `areas`,
    /// `roles`; no `org`, no `include`.
    Fragment,
}

impl Kind {
    /// A file with an `org` key, or without `version`, is a root (and gets
    /// the root schema's messages); one with `version` and `people`, `areas`
    /// or `roles` but no `org` is a fragment.
    #[must_use]
    pub fn detect(doc: &Document) -> Self {
        let Some(root) = doc.root() else {
            return Kind::Root;
        };
        let has = |key: &str| doc.get(root, key).is_some();
        if has("version") && !has("org") && (has("roles") || has("people") || has("areas")) {
            Kind::Fragment
        } else {
            Kind::Root
        }
    }
}

/// Lists whose items are validated and converted one at a time, so that
/// the JSON of a large organisation never exists all at once.
pub const LISTS: [&str; 3] = ["people", "areas", "roles"];

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

/// The validator of one item of a list: `person`, `area` or `role`.
fn item_validator(list: &str) -> &'static Validator {
    static VALIDATORS: OnceLock<[Validator; 3]> = OnceLock::new();
    let all = VALIDATORS.get_or_init(|| {
        let schema = bundled();
        ["person", "area", "role"].map(|def| {
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
        _ => &all[2],
    }
}

/// Known keys of the object at an instance path, for "did you mean".
fn known_keys(path: &[&str]) -> &'static [&'static str] {
    match path {
        [] => &["version", "org", "people", "areas", "roles", "include"],
        ["org"] => &["name", "headcount", "description"],
        ["people", _] => &["id", "name", "background", "github", "email"],
        ["areas", _] => &["id", "description"],
        ["roles", _] => &[
            "id",
            "title",
            "holder",
            "reports_to",
            "summary",
            "responsibilities",
            "accountable_for",
            "success_metrics",
            "decision_rights",
            "time_allocation",
        ],
        ["roles", _, "success_metrics", _] => &["name", "target", "source"],
        _ => &[],
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
        _ => format!("`{pointer}`"),
    }
}

fn describe_value(doc: &Document, source: &Source, node: Option<NodeId>) -> String {
    let Some(node) = node else {
        return "nothing".to_owned();
    };
    match &doc.node(doc.resolve(node)).value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => format!("the boolean `{}`", source.slice(doc.span(node))),
        Value::Int(_) | Value::Float(_) => format!("the number `{}`", source.slice(doc.span(node))),
        Value::BadNumber(text) => format!("`{text}`, a number out of range"),
        Value::Str(s) => format!("the string {}", quote(s)),
        Value::Seq(_) => "a list".to_owned(),
        Value::Map(_) => "a mapping".to_owned(),
        Value::Alias(_) => "an alias".to_owned(),
    }
}

fn quote(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    if short.len() < s.len() {
        format!("\"{short}...\"")
    } else {
        format!("\"{short}\"")
    }
}

fn type_name(t: &str) -> &str {
    match t {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "null" => "null",
        other => other,
    }
}

struct Mapper<'a> {
    doc: &'a Document,
    source: &'a Source,
    file: FileId,
    /// JSON pointer of the value being validated (errors are relative to it).
    prefix: String,
    out: Vec<Diagnostic>,
}

/// Validate a loaded document against the schema. Returns the findings and
/// the JSON of the top level, with the [`LISTS`] emptied: their items are
/// validated one by one and handed to `on_item` (list, index, JSON) instead.
pub fn validate(
    doc: &Document,
    source: &Source,
    file: FileId,
    kind: Kind,
    mut on_item: impl FnMut(&str, usize, serde_json::Value),
) -> (Vec<Diagnostic>, Option<serde_json::Value>) {
    let Some(root) = doc.root() else {
        let d = Diagnostic::new(
            "schema",
            "the file is empty: a roles file is a mapping with `version`, `org` and `roles`",
            Loc::new(file, Span::point(0)),
        )
        .help("start from `rolelint init`, or add `version: 1`, an `org` and at least one role");
        return (vec![d], None);
    };
    let mut mapper = Mapper {
        doc,
        source,
        file,
        prefix: String::new(),
        out: Vec::new(),
    };
    let resolved = doc.resolve(root);
    let Value::Map(entries) = &doc.node(resolved).value else {
        let json = doc.to_json(source, root);
        for error in validator(kind).iter_errors(&json) {
            mapper.map(&error, kind);
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
        match (list, &doc.node(doc.resolve(entry.value)).value) {
            (Some(list), Value::Seq(items)) => {
                lists.push((list, items.as_slice()));
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
    for error in validator(kind).iter_errors(&top) {
        mapper.map(&error, kind);
    }
    for (list, items) in lists {
        top[list] = serde_json::Value::Array(Vec::new());
        let validator = item_validator(list);
        for (i, &item) in items.iter().enumerate() {
            let json = doc.to_json(source, item);
            mapper.prefix = format!("/{list}/{i}");
            for error in validator.iter_errors(&json) {
                mapper.map(&error, kind);
            }
            on_item(list, i, json);
        }
    }
    (mapper.out, Some(top))
}

impl Mapper<'_> {
    fn push(&mut self, span: Span, message: String, help: Option<String>) {
        let mut d = Diagnostic::new("schema", message, Loc::new(self.file, span));
        d.help = help;
        self.out.push(d);
    }

    fn map(&mut self, error: &ValidationError<'_>, kind: Kind) {
        let relative = error.instance_path().as_str().to_owned();
        let pointer = format!("{}{relative}", self.prefix);
        let segments: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let path: Vec<&str> = segments.iter().map(String::as_str).collect();
        let node = self.doc.pointer(&pointer).map(|(_, n)| n);
        let value_span = self.doc.pointer_span(&pointer);
        let where_ = segments.last().map_or_else(String::new, |last| {
            if last.parse::<usize>().is_ok() {
                format!(" at `{pointer}`")
            } else {
                format!(" for `{last}`")
            }
        });
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known = known_keys(&path);
                let owner = object_name(self.doc, &path, &pointer);
                for key in unexpected {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    let span = self.doc.key_span(&format!("{pointer}/{escaped}"));
                    if kind == Kind::Fragment
                        && path.is_empty()
                        && (key == "org" || key == "include")
                    {
                        self.push(
                            span,
                            format!("a fragment cannot have `{key}`: only the root file describes the organisation and includes fragments"),
                            Some(format!("move `{key}` to the root file")),
                        );
                        continue;
                    }
                    let help = did_you_mean(key, known.iter().copied()).map_or_else(
                        || {
                            if known.is_empty() {
                                "remove the key, or prefix it with `x-` to keep it as an extension"
                                    .to_owned()
                            } else {
                                format!(
                                    "known keys are {}; prefix custom keys with `x-`",
                                    code_list(known.iter().copied())
                                )
                            }
                        },
                        |s| format!("did you mean `{s}`?"),
                    );
                    self.push(span, format!("unknown key `{key}` in {owner}"), Some(help));
                }
            }
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or_default();
                let span = node
                    .and_then(|n| self.doc.entries(n).first().map(|e| self.doc.span(e.key)))
                    .unwrap_or(value_span);
                let owner = object_name(self.doc, &path, &pointer);
                self.push(
                    span,
                    format!("{owner} is missing the required key `{property}`"),
                    Some(format!("add `{property}:` to {owner}")),
                );
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => type_name(t.as_str()).to_owned(),
                    TypeKind::Multiple(_) => "another type".to_owned(),
                };
                let found = describe_value(self.doc, self.source, node);
                if path.is_empty() {
                    self.push(
                        value_span,
                        format!("the top level must be a mapping with `version`, `org` and `roles`, found {found}"),
                        None,
                    );
                } else {
                    self.push(
                        value_span,
                        format!("expected {expected}{where_}, found {found}"),
                        None,
                    );
                }
            }
            ValidationErrorKind::Pattern { pattern } => {
                let found = describe_value(self.doc, self.source, node);
                let help = if pattern.contains("a-z0-9") {
                    "ids use lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit".to_owned()
                } else {
                    format!("the value must match `{pattern}`")
                };
                self.push(
                    value_span,
                    format!("{found} is not a valid value{where_}"),
                    Some(help),
                );
            }
            ValidationErrorKind::Enum { options } => {
                let found = describe_value(self.doc, self.source, node);
                let choices: Vec<&str> = options
                    .as_array()
                    .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
                    .unwrap_or_default();
                let suggestion = node
                    .and_then(|n| self.doc.as_str(n))
                    .and_then(|s| did_you_mean(s, choices.iter().copied()));
                let help = suggestion.map_or_else(
                    || format!("use one of {}", code_list(choices.iter().copied())),
                    |s| format!("did you mean `{s}`?"),
                );
                self.push(
                    value_span,
                    format!("{found} is not allowed{where_}"),
                    Some(help),
                );
            }
            ValidationErrorKind::Constant { expected_value } => {
                let found = describe_value(self.doc, self.source, node);
                self.push(
                    value_span,
                    format!("expected `{expected_value}`{where_}, found {found}"),
                    Some(format!("set it to `{expected_value}`")),
                );
            }
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit } => {
                let found = describe_value(self.doc, self.source, node);
                self.push(
                    value_span,
                    format!("{found} is below the minimum of {limit}{where_}"),
                    None,
                );
            }
            ValidationErrorKind::Maximum { limit }
            | ValidationErrorKind::ExclusiveMaximum { limit } => {
                let found = describe_value(self.doc, self.source, node);
                self.push(
                    value_span,
                    format!("{found} is above the maximum of {limit}{where_}"),
                    None,
                );
            }
            ValidationErrorKind::MinLength { .. } => {
                self.push(
                    value_span,
                    format!("empty string{where_}"),
                    Some("write a value or remove the key".to_owned()),
                );
            }
            ValidationErrorKind::MinItems { limit } => {
                self.push(
                    self.doc.key_span(&pointer),
                    format!(
                        "`{}` needs at least {limit} item(s)",
                        segments.last().map_or("", String::as_str)
                    ),
                    None,
                );
            }
            ValidationErrorKind::UniqueItems => {
                self.push(
                    value_span,
                    format!("repeated items{where_}"),
                    Some("list each item once".to_owned()),
                );
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                if let Some(branch) = best_branch(context, &relative) {
                    for e in branch {
                        self.map(e, kind);
                    }
                } else {
                    let found = describe_value(self.doc, self.source, node);
                    self.push(
                        value_span,
                        format!("{found} is not a valid value{where_}"),
                        None,
                    );
                }
            }
            _ => {
                let message = error.to_string();
                let message = message.split('\n').next().unwrap_or_default().to_owned();
                self.push(value_span, lower_first(&message), None);
            }
        }
    }
}

/// The branch of an `anyOf`/`oneOf` most likely meant: one whose type
/// matched (its errors lie below the instance rather than on it), then the
/// fewest errors.
fn best_branch<'e>(
    context: &'e [Vec<ValidationError<'static>>],
    pointer: &str,
) -> Option<&'e [ValidationError<'static>]> {
    context
        .iter()
        .filter(|b| !b.is_empty())
        .min_by_key(|branch| {
            let type_mismatch = branch.iter().any(|e| {
                matches!(e.kind(), ValidationErrorKind::Type { .. })
                    && e.instance_path().as_str() == pointer
            });
            (type_mismatch, branch.len())
        })
        .map(Vec::as_slice)
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}
