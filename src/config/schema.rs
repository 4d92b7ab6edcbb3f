//! The JSON Schema of `.rolelint.yaml`, generated from the registry of
//! checks (every rule, its options with their types and defaults, the
//! levels), and the words its error messages use.

use crate::diagnostic::{CONFIG, FailOn, Level};
use crate::rules::registry;
use crate::rules::{OptionDefault, Rule};
use crate::schema::messages::Vocabulary;
use crate::suggest::{code_list, did_you_mean, help_or};
use crate::yaml::Document;
use jsonschema::Validator;
use serde_json::{Value, json};
use std::sync::OnceLock;

/// Top-level keys of the configuration.
pub const TOP_KEYS: [&str; 7] = [
    "files",
    "exclude",
    "fail-on",
    "baseline",
    "rules",
    "overrides",
    "custom-rules",
];

/// The keys of one custom rule.
pub const CUSTOM_RULE_KEYS: [&str; 9] = [
    "summary",
    "description",
    "level",
    "for",
    "where",
    "assert",
    "at",
    "message",
    "help",
];

fn option_schema(rule: &dyn Rule) -> serde_json::Map<String, Value> {
    let mut properties = serde_json::Map::new();
    properties.insert(
        "level".to_owned(),
        json!({"$ref": "#/$defs/level", "description": "The rule's level"}),
    );
    for option in rule.options() {
        let schema = match option.default {
            OptionDefault::Int(n) => json!({
                "type": "integer",
                "minimum": 0,
                "default": n,
                "description": option.description,
            }),
            OptionDefault::List(items) => json!({
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "default": items,
                "description": option.description,
            }),
        };
        properties.insert(option.name.to_owned(), schema);
    }
    properties
}

/// The schema, built once from the registry.
#[must_use]
pub fn json_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut rules = serde_json::Map::new();
        for name in registry::configurable_names() {
            let Some(rule) = registry::find_rule(name) else {
                continue;
            };
            rules.insert(
                name.to_owned(),
                json!({
                    "description": format!(
                        "{} (default level: {})",
                        rule.summary(),
                        rule.default_level()
                    ),
                    "anyOf": [
                        {"$ref": "#/$defs/level"},
                        {
                            "type": "object",
                            "additionalProperties": false,
                            "properties": option_schema(rule),
                        }
                    ]
                }),
            );
        }
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "urn:rolelint:schema:config:v1",
            "title": "rolelint configuration (.rolelint.yaml)",
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "files": {
                    "$ref": "#/$defs/globs",
                    "description": "Globs of the files `check` discovers, relative to this file",
                    "default": super::DEFAULT_FILES,
                },
                "exclude": {
                    "$ref": "#/$defs/globs",
                    "description": "Globs of files never discovered (and skipped with --force-exclude)",
                },
                "fail-on": {
                    "enum": FailOn::NAMES,
                    "default": "error",
                    "description": "Lowest severity that makes `check` exit 1",
                },
                "baseline": {
                    "type": "string",
                    "minLength": 1,
                    "description": "A baseline written by `check --write-baseline`, relative to this file: only findings not in it are reported (`--baseline` on the command line wins)",
                },
                "rules": {
                    "$ref": "#/$defs/rules",
                    "description": "Level and options per rule: `off`, `info`, `warning`, `error`, or a mapping with `level` and the rule's options",
                },
                "custom-rules": {
                    "type": "object",
                    "description": "This organisation's own rules, in CEL (`rolelint explain custom-rules`): each name maps to a rule",
                    "additionalProperties": {"$ref": "#/$defs/custom-rule"},
                },
                "overrides": {
                    "type": "array",
                    "description": "Settings for some files; later entries win",
                    "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["files"],
                        "properties": {
                            "files": {
                                "$ref": "#/$defs/globs",
                                "description": "Globs of the files this override applies to, relative to this file",
                            },
                            "rules": {
                                "$ref": "#/$defs/rules",
                                "description": "Levels and options for the files of this override",
                            },
                        }
                    }
                }
            },
            "$defs": {
                "level": {
                    "enum": Level::NAMES.iter().map(|l| json!(l)).chain([json!(false)]).collect::<Vec<_>>(),
                    "description": "error, warning, info, or off (false also turns a rule off)",
                },
                "globs": {
                    "anyOf": [
                        {"type": "string", "minLength": 1},
                        {"type": "array", "items": {"type": "string", "minLength": 1}}
                    ]
                },
                "rules": {
                    "type": "object",
                    "description": "Level and options per rule (`rolelint rules` lists them); a custom rule takes a level",
                    "properties": rules,
                    "additionalProperties": {
                        "anyOf": [
                            {"$ref": "#/$defs/level"},
                            {
                                "type": "object",
                                "additionalProperties": false,
                                "properties": {"level": {"$ref": "#/$defs/level"}},
                            }
                        ]
                    },
                },
                "custom-rule": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["summary", "for", "assert"],
                    "properties": {
                        "summary": {"type": "string", "minLength": 1, "description": "One line: what the rule asks for, shown by `rolelint rules`"},
                        "description": {"type": "string", "description": "Why the policy exists, shown by `rolelint explain NAME`"},
                        "level": {"$ref": "#/$defs/level", "description": "Its default level (warning when not given)"},
                        "for": {"enum": ["roles", "people", "teams", "areas", "org"], "description": "What it checks: each role, person, team or area, or the organisation once"},
                        "where": {"type": "string", "minLength": 1, "description": "A CEL condition: which subjects are checked (all when not given)"},
                        "assert": {"type": "string", "minLength": 1, "description": "A CEL condition that must hold for each subject checked"},
                        "at": {"type": "string", "minLength": 1, "description": "The key of the subject a finding points at (its id when not given or not written)"},
                        "message": {"type": "string", "minLength": 1, "description": "The finding's message; `${expression}` is replaced by its value (the summary when not given)"},
                        "help": {"type": "string", "minLength": 1, "description": "What to do about a finding"},
                    }
                }
            }
        })
    })
}

pub(super) fn validator() -> &'static Validator {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        jsonschema::draft202012::new(json_schema()).expect("the generated schema compiles")
    })
}

/// The path of a `rules` mapping: at the top, or in an override.
fn is_rules(path: &[&str]) -> bool {
    matches!(path, ["rules"] | ["overrides", _, "rules"])
}

/// The rule whose setting is at `path`.
fn rule_at<'p>(path: &[&'p str]) -> Option<&'p str> {
    match path {
        ["rules", rule] | ["overrides", _, "rules", rule] => Some(rule),
        _ => None,
    }
}

/// The configuration's words for its parts.
pub(super) struct ConfigWords;

impl Vocabulary for ConfigWords {
    fn code(&self) -> &'static str {
        CONFIG
    }

    fn known_keys(&self, path: &[&str]) -> Vec<&'static str> {
        if path.is_empty() {
            return TOP_KEYS.to_vec();
        }
        if is_rules(path) {
            return registry::configurable_names().collect();
        }
        if let Some(rule) = rule_at(path).and_then(registry::find_rule) {
            return std::iter::once("level")
                .chain(rule.options().iter().map(|o| o.name))
                .collect();
        }
        match path {
            ["overrides", _] => vec!["files", "rules"],
            ["custom-rules", _] => CUSTOM_RULE_KEYS.to_vec(),
            ["rules" | "overrides", ..] => vec!["level"],
            _ => Vec::new(),
        }
    }

    fn object_name(&self, _doc: &Document, path: &[&str], pointer: &str) -> String {
        match path {
            [] => "the configuration".to_owned(),
            ["overrides", i] => format!("override #{i}"),
            ["custom-rules", name] => format!("custom rule `{name}`"),
            _ if is_rules(path) => "`rules`".to_owned(),
            _ => rule_at(path).map_or_else(|| format!("`{pointer}`"), |r| format!("rule `{r}`")),
        }
    }

    fn unknown_key(&self, path: &[&str], key: &str) -> Option<(String, String)> {
        // Names in a `rules` mapping are checked once the custom rules are
        // known (`names.rs`): the schema lets any name through there.
        let rule = rule_at(path).and_then(registry::find_rule)?;
        let known: Vec<&str> = rule.options().iter().map(|o| o.name).collect();
        let help = if known.is_empty() {
            format!("`{}` has no options; only `level` can be set", rule.name())
        } else {
            help_or(did_you_mean(key, known.iter().copied()), || {
                format!(
                    "options of `{}`: {}",
                    rule.name(),
                    code_list(known.iter().copied())
                )
            })
        };
        Some((
            format!("unknown option `{key}` for rule `{}`", rule.name()),
            help,
        ))
    }

    fn top_level(&self, found: &str) -> String {
        format!(
            "the configuration must be a mapping of {}, found {found}",
            code_list(TOP_KEYS)
        )
    }
}
