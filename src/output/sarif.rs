//! `sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

use super::{Finding, Paths, Report, fingerprinted};
use crate::diagnostic::{Level, Loc, Severity};
use crate::rules::registry::{CheckInfo, file_checks};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn default_level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
        Level::Off => "none",
    }
}

fn physical(entry: &Finding<'_>, loc: Loc, paths: &Paths) -> Value {
    let (start, end) = entry.range(loc);
    let (uri, relative) = paths.for_sarif(entry.source(loc).name());
    let artifact = if relative {
        json!({"uri": uri, "uriBaseId": "%SRCROOT%"})
    } else {
        json!({"uri": uri})
    };
    json!({
        "artifactLocation": artifact,
        "region": {
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        }
    })
}

/// `split-delivery-and-vision` -> `SplitDeliveryAndVision` (SARIF wants a
/// readable `name` that differs from the opaque `id`).
fn pascal_case(name: &str) -> String {
    // One-word ids would only differ in case, which SARIF validators reject.
    match name {
        "syntax" => return "YamlSyntax".to_owned(),
        "schema" => return "SchemaConformance".to_owned(),
        _ => {}
    }
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect()
}

/// The first paragraph of a documentation page's "What it checks".
fn full_description(doc: &str) -> String {
    doc.split("## What it checks")
        .nth(1)
        .and_then(|rest| rest.trim_start().split("\n\n").next())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// The package's homepage, when Cargo.toml names one.
pub const INFORMATION_URI: Option<&str> = match option_env!("CARGO_PKG_HOMEPAGE") {
    Some(home) if !home.is_empty() => Some(home),
    _ => None,
};

/// Render one run with every rule in `tool.driver.rules`.
#[must_use]
pub fn render(report: &Report) -> String {
    let checks: Vec<&CheckInfo> = file_checks().collect();
    let mut index: HashMap<&str, usize> = checks
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name, i))
        .collect();
    let mut rules: Vec<Value> = checks
        .iter()
        .map(|c| {
            json!({
                "id": c.name,
                "name": pascal_case(c.name),
                "shortDescription": {"text": c.summary},
                "fullDescription": {"text": full_description(c.doc)},
                "help": {"text": c.doc, "markdown": c.doc},
                "defaultConfiguration": {"level": default_level(c.level)},
                "properties": {"tags": ["organisation-design"]},
            })
        })
        .collect();
    for rule in &report.custom_rules.rules {
        index.insert(rule.name, rules.len());
        let doc = rule.doc();
        rules.push(json!({
            "id": rule.name,
            "name": pascal_case(rule.name),
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.description.as_deref().unwrap_or(&rule.summary)},
            "help": {"text": doc, "markdown": doc},
            "defaultConfiguration": {"level": default_level(rule.level)},
            "properties": {"tags": ["organisation-design", "custom"]},
        }));
    }
    // A finding of a rule not described above (a custom rule of another
    // repository's configuration, in a run over several) still has its
    // own entry.
    for d in report.units.iter().flat_map(|u| &u.diagnostics) {
        if !index.contains_key(d.rule) {
            index.insert(d.rule, rules.len());
            rules.push(json!({
                "id": d.rule,
                "name": pascal_case(d.rule),
                "shortDescription": {"text": format!("custom rule {}", d.rule)},
                "properties": {"tags": ["organisation-design", "custom"]},
            }));
        }
    }
    let mut driver = json!({
        "name": "rolelint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    // Where to read about the tool: the package's homepage, once it has a
    // published one (Cargo.toml `homepage`); never a made-up address.
    if let Some(home) = INFORMATION_URI {
        driver["informationUri"] = json!(home);
    }
    let run = Run {
        tool: json!({ "driver": driver }),
        column_kind: "unicodeCodePoints",
        original_uri_base_ids: report
            .paths
            .root_uri()
            .map(|uri| json!({"%SRCROOT%": {"uri": uri}})),
        results: Results {
            entries: fingerprinted(report),
            index: &index,
            paths: &report.paths,
        },
    };
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [run],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<Value>,
    results: Results<'a>,
}

/// The results, each made as it is written: the JSON of a large report
/// never exists whole in memory.
struct Results<'a> {
    entries: Vec<(Finding<'a>, String)>,
    index: &'a HashMap<&'a str, usize>,
    paths: &'a Paths,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let mut seq = serializer.serialize_seq(Some(self.entries.len()))?;
        for (entry, print) in &self.entries {
            seq.serialize_element(&result(entry, print, self.index, self.paths))?;
        }
        seq.end()
    }
}

/// One SARIF result.
fn result(entry: &Finding<'_>, print: &str, index: &HashMap<&str, usize>, paths: &Paths) -> Value {
    let d = entry.diagnostic;
    let related: Vec<Value> = d
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            json!({
                "id": i + 1,
                "physicalLocation": physical(entry, l.loc, paths),
                "message": {"text": l.message},
            })
        })
        .collect();
    let mut result = json!({
        "ruleId": d.rule,
        "ruleIndex": index.get(d.rule).copied().unwrap_or(0),
        "level": level(d.severity),
        "message": {"text": d.message_lines()},
        "locations": [{"physicalLocation": physical(entry, d.primary, paths)}],
        "partialFingerprints": {"rolelint/v1": print},
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = &d.fix {
        result["fixes"] = json!([sarif_fix(entry, fix, paths)]);
    }
    result
}

/// A SARIF `fix`: one artifact change per file, one replacement per edit.
fn sarif_fix(entry: &Finding<'_>, fix: &crate::diagnostic::Fix, paths: &Paths) -> Value {
    let mut by_file: Vec<(crate::diagnostic::FileId, Vec<Value>)> = Vec::new();
    for edit in &fix.edits {
        let loc = Loc::new(edit.file, edit.span);
        let source = entry.source(loc);
        let (start, end) = entry.range(loc);
        let offset = source.char_offset(edit.span.start);
        let length = source.char_offset(edit.span.end) - offset;
        let replacement = json!({
            "deletedRegion": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
                "charOffset": offset,
                "charLength": length,
            },
            "insertedContent": {"text": edit.content},
        });
        match by_file.iter_mut().find(|(f, _)| *f == edit.file) {
            Some((_, list)) => list.push(replacement),
            None => by_file.push((edit.file, vec![replacement])),
        }
    }
    let changes: Vec<Value> = by_file
        .into_iter()
        .map(|(file, replacements)| {
            let name = entry.sources[file.0 as usize].name();
            let (uri, relative) = paths.for_sarif(name);
            let artifact = if relative {
                json!({"uri": uri, "uriBaseId": "%SRCROOT%"})
            } else {
                json!({"uri": uri})
            };
            json!({"artifactLocation": artifact, "replacements": replacements})
        })
        .collect();
    json!({"description": {"text": fix.message}, "artifactChanges": changes})
}
