//! Validation errors mapped onto the YAML: each `jsonschema` error becomes
//! a diagnostic on the exact key or value, with a message in plain words
//! and a "did you mean". Shared by roles files and `.rolelint.yaml`; a
//! [`Vocabulary`] supplies what differs (the code, key names, object names).

use crate::diagnostic::{Applicability, Diagnostic, FileId, Fix, Loc};
use crate::source::{Source, Span};
use crate::suggest::{code_list, did_you_mean, help_or};
use crate::yaml::{Document, NodeId, Value};
use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use std::collections::HashMap;

/// What a kind of document calls its parts.
pub trait Vocabulary {
    /// The code of the findings (`schema`, `config`).
    fn code(&self) -> &'static str;
    /// Known keys of the object at an instance path, for "did you mean".
    fn known_keys(&self, path: &[&str]) -> Vec<&'static str>;
    /// What the object at an instance path is, for messages.
    fn object_name(&self, doc: &Document, path: &[&str], pointer: &str) -> String;
    /// A message and help of its own for an unknown key, when the generic
    /// one would not say the right thing.
    fn unknown_key(&self, _path: &[&str], _key: &str) -> Option<(String, String)> {
        None
    }
    /// The message when the top level is not a mapping.
    fn top_level(&self, found: &str) -> String;
}

fn describe_value(doc: &Document, source: &Source, node: Option<NodeId>) -> String {
    let Some(node) = node else {
        return "nothing".to_owned();
    };
    match doc.value(doc.resolve(node)) {
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

pub struct Mapper<'a> {
    pub doc: &'a Document,
    pub source: &'a Source,
    pub file: FileId,
    pub vocabulary: &'a dyn Vocabulary,
    /// JSON pointer of the value being validated (errors are relative to it).
    pub prefix: String,
    pub out: Vec<Diagnostic>,
}

impl Mapper<'_> {
    fn push(&mut self, span: Span, message: String, help: Option<String>) {
        let mut d = Diagnostic::new(self.vocabulary.code(), message, Loc::new(self.file, span));
        d.help = help;
        self.out.push(d);
    }

    /// A hint for a value of the wrong type that is the right one written
    /// differently: a number in quotes, a number or boolean not in quotes.
    fn type_hint(&self, node: NodeId, expected: &str) -> Option<String> {
        let written = self.source.slice(self.doc.span(node));
        let unquoted = written.trim_matches(['"', '\'']);
        let quoted = written.starts_with(['"', '\'']);
        let number = unquoted.parse::<f64>().is_ok_and(f64::is_finite);
        if quoted && number && (expected.contains("integer") || expected.contains("number")) {
            return Some(format!("drop the quotes: `{unquoted}`"));
        }
        let scalar = matches!(
            self.doc.value(self.doc.resolve(node)),
            Value::Int(_) | Value::Float(_) | Value::Bool(_)
        );
        (!quoted && scalar && expected.contains("string"))
            .then(|| format!("quote it to make it text: `\"{written}\"`"))
    }

    /// The person of this document whose name is the text of `node`.
    fn person_named(&self, node: NodeId) -> Option<(String, String)> {
        let text = self.doc.as_str(node)?.trim();
        let root = self.doc.root()?;
        let people = self.doc.get(self.doc.resolve(root), "people")?;
        self.doc.items(people.value).iter().find_map(|&p| {
            let p = self.doc.resolve(p);
            let name = self
                .doc
                .get(p, "name")
                .and_then(|e| self.doc.as_str(e.value))?;
            let id = self
                .doc
                .get(p, "id")
                .and_then(|e| self.doc.as_str(e.value))?;
            name.trim()
                .eq_ignore_ascii_case(text)
                .then(|| (id.to_owned(), name.to_owned()))
        })
    }

    pub fn map(&mut self, error: &ValidationError<'_>) {
        let relative = error.instance_path().as_str().to_owned();
        let pointer = format!("{}{relative}", self.prefix);
        let segments: Vec<String> = pointer
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let path: Vec<&str> = segments.iter().map(String::as_str).collect();
        let node = self.doc.pointer(&pointer).map(|(_, n)| n);
        // A number JSON cannot hold is refused where it is read, once.
        if node.is_some_and(|n| matches!(self.doc.value(self.doc.resolve(n)), Value::BadNumber(_)))
        {
            return;
        }
        let value_span = self.doc.pointer_span(&pointer);
        let where_ = match segments.as_slice() {
            [] => String::new(),
            // An item of a list: its number and the list's key.
            [.., list, item] if item.parse::<usize>().is_ok() && list.parse::<usize>().is_err() => {
                let n = item.parse::<usize>().unwrap_or(0) + 1;
                format!(" for item {n} of `{list}`")
            }
            [.., last] if last.parse::<usize>().is_ok() => format!(" at `{pointer}`"),
            [.., last] => format!(" for `{last}`"),
        };
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known = self.vocabulary.known_keys(&path);
                let owner = self.vocabulary.object_name(self.doc, &path, &pointer);
                // One pass over the mapping for all its unknown keys, not a
                // scan per key.
                let keys: HashMap<&str, Span> = node
                    .map(|n| {
                        self.doc
                            .entries(n)
                            .iter()
                            .filter_map(|e| Some((self.doc.as_str(e.key)?, self.doc.span(e.key))))
                            .collect()
                    })
                    .unwrap_or_default();
                // Each unknown key's closest known key: two keys renamed to
                // the same one would be a duplicate key.
                let suggested: Vec<Option<&str>> = unexpected
                    .iter()
                    .map(|key| did_you_mean(key, known.iter().copied()))
                    .collect();
                for (key, &suggestion) in unexpected.iter().zip(&suggested) {
                    let span = keys.get(key.as_str()).copied().unwrap_or(value_span);
                    if let Some((message, help)) = self.vocabulary.unknown_key(&path, key) {
                        self.push(span, message, Some(help));
                        continue;
                    }
                    // A rename is safe when the key meant is not there yet,
                    // and no other unknown key here is meant as it.
                    let alone = |s: &str| suggested.iter().filter(|o| **o == Some(s)).count() == 1;
                    let fix = suggestion
                        .filter(|s| !keys.contains_key(s) && alone(s))
                        .map(|s| Fix {
                            applicability: Applicability::Safe,
                            message: format!("rename `{key}` to `{s}`"),
                            edits: vec![crate::fix::replace_scalar(
                                self.source,
                                self.file,
                                span,
                                s,
                            )],
                        });
                    let help = help_or(suggestion, || {
                        if known.is_empty() {
                            "remove the key, or prefix it with `x-` to keep it as an extension"
                                .to_owned()
                        } else {
                            format!(
                                "known keys are {}; prefix custom keys with `x-`",
                                code_list(known.iter().copied())
                            )
                        }
                    });
                    self.push(span, format!("unknown key `{key}` in {owner}"), Some(help));
                    if let (Some(fix), Some(d)) = (fix, self.out.last_mut()) {
                        d.fix = Some(fix);
                    }
                }
            }
            ValidationErrorKind::Required { property } => {
                let property = property.as_str().unwrap_or_default();
                let span = node
                    .and_then(|n| self.doc.entries(n).first().map(|e| self.doc.span(e.key)))
                    .unwrap_or(value_span);
                let owner = self.vocabulary.object_name(self.doc, &path, &pointer);
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
                    self.push(value_span, self.vocabulary.top_level(&found), None);
                } else {
                    let help = node.and_then(|n| self.type_hint(n, &expected));
                    self.push(
                        value_span,
                        format!("expected {expected}{where_}, found {found}"),
                        help,
                    );
                }
            }
            ValidationErrorKind::Pattern { pattern } => {
                let found = describe_value(self.doc, self.source, node);
                let person = (path.last() == Some(&"holder"))
                    .then(|| node.and_then(|n| self.person_named(n)))
                    .flatten();
                let help = if let Some((id, name)) = person {
                    format!(
                        "did you mean `{id}` ({name})? `holder` takes a person's id, not their name"
                    )
                } else if pattern.contains("a-z0-9") {
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
                let written: Vec<String> = options
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                let choices: Vec<&str> = written.iter().map(String::as_str).collect();
                let suggestion = node
                    .and_then(|n| self.doc.as_str(n))
                    .and_then(|s| did_you_mean(s, choices.iter().copied()));
                let help = help_or(suggestion, || {
                    format!("use one of {}", code_list(choices.iter().copied()))
                });
                self.push(
                    value_span,
                    format!("{found} is not allowed{where_}"),
                    Some(help),
                );
                // A guessed value: it may not be what the author meant.
                if let (Some(s), Some(d)) = (suggestion, self.out.last_mut()) {
                    d.fix = Some(Fix {
                        applicability: Applicability::Unsafe,
                        message: format!("replace the value with `{s}`"),
                        edits: vec![crate::fix::replace_scalar(
                            self.source,
                            self.file,
                            value_span,
                            s,
                        )],
                    });
                }
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
                        self.map(e);
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

/// The branch of an `anyOf`/`oneOf` most likely meant: one that accepts
/// the value's kind (its errors are not a type, enum or constant mismatch
/// of the value itself), then the fewest errors.
fn best_branch<'e>(
    context: &'e [Vec<ValidationError<'static>>],
    pointer: &str,
) -> Option<&'e [ValidationError<'static>]> {
    context
        .iter()
        .filter(|b| !b.is_empty())
        .min_by_key(|branch| {
            let mismatch = branch.iter().any(|e| {
                matches!(
                    e.kind(),
                    ValidationErrorKind::Type { .. }
                        | ValidationErrorKind::Enum { .. }
                        | ValidationErrorKind::Constant { .. }
                ) && e.instance_path().as_str() == pointer
            });
            (mismatch, branch.len())
        })
        .map(Vec::as_slice)
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}
