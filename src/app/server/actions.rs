//! Code actions for the findings under the cursor: each finding's fix
//! (docs/fixing.md; safe ones preferred), and "suppress with a reason", which
//! inserts `# rolelint: ignore[RULE] reason` above the finding's line with
//! the reason selected when the client takes snippets.

use super::navigate::locate;
use super::publish::{Edits, Positions, to_lsp, uri_of};
use super::{Answer, Server};
use rolelint::diagnostic::{Applicability, Diagnostic};
use rolelint::source::Span;
use serde_json::{Value, json};

const REASON: &str = rolelint::suppress::PLACEHOLDER_REASON;

pub fn code_actions(server: &mut Server, params: &Value) -> Answer {
    if let Some(only) = params.pointer("/context/only").and_then(Value::as_array)
        && !only
            .iter()
            .filter_map(Value::as_str)
            .any(|k| k.is_empty() || k == "quickfix")
    {
        return Ok(Value::Array(Vec::new()));
    }
    super::navigate::refresh(server, params);
    let Some(at) = locate(server, params)? else {
        return Ok(Value::Null);
    };
    let source = &at.unit.checked.sources[at.file];
    let positions = Positions::new(server, source, &at.path);
    let wanted: lsp_types::Range = params
        .get("range")
        .cloned()
        .and_then(|r| serde_json::from_value(r).ok())
        .unwrap_or_default();
    // Findings on the lines of the range: a cursor anywhere on a line
    // offers what is wrong on it.
    let first = source.line_index(positions.offset(wanted.start));
    let last = source.line_index(positions.offset(wanted.end)).max(first);
    let mut actions = Vec::new();
    for (index, d) in at.unit.checked.diagnostics.iter().enumerate() {
        let span = d.primary.span;
        if d.primary.file.0 as usize != at.file
            || source.line_index(span.end) < first
            || source.line_index(span.start) > last
        {
            continue;
        }
        let lsp = to_lsp(
            server,
            d,
            &at.unit.checked.sources,
            &at.unit.paths,
            &positions,
        );
        if let Some(action) = fix_action(server, &at, index, &lsp) {
            actions.push(action);
        }
        if let Some(action) = suppress_action(server, &at, d, &lsp) {
            actions.push(action);
        }
    }
    Ok(Value::Array(actions))
}

fn fix_action(
    server: &Server,
    at: &super::navigate::At<'_>,
    index: usize,
    lsp: &Value,
) -> Option<Value> {
    let fix = at.unit.checked.diagnostics.get(index)?.fix.as_ref()?;
    // The check `--fix` makes: offered only when every file still parses
    // and no finding is added.
    let sound = rolelint::fix_loop::fix_is_sound(&at.unit.checked, index, &mut |texts| {
        server.workspace.trial(at.unit, texts)
    });
    if !sound {
        return None;
    }
    let mut edits = Edits::new(server, at.unit);
    for edit in &fix.edits {
        edits.add(edit.file.0 as usize, edit.span, &edit.content)?;
    }
    let changes = edits.into_changes();
    let safe = fix.applicability == Applicability::Safe;
    let title = if safe {
        fix.message.clone()
    } else {
        format!("{} (unsafe: check the result)", fix.message)
    };
    Some(json!({
        "title": title,
        "kind": "quickfix",
        "diagnostics": [lsp],
        "isPreferred": safe,
        "edit": { "changes": changes },
    }))
}

/// Where a suppression line for a finding at `span` goes: the start of its
/// line, unless that line is inside a multi-line scalar (a comment there
/// would become text).
fn suppression_point(at: &super::navigate::At<'_>, span: Span) -> Option<(usize, String)> {
    let source = &at.unit.checked.sources[at.file];
    let text = source.text();
    let line = source.line_index(span.start);
    let line_span = source.line_span(line);
    let content = &text[line_span.start..line_span.end];
    let indent: String = content
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let doc = at.unit.tree(at.file)?;
    let inside = doc.iter().any(|(span, value)| {
        matches!(
            value,
            rolelint::yaml::Value::Str(_) | rolelint::yaml::Value::Null
        ) && span.start < line_span.start
            && line_span.start < span.end
    });
    (!inside).then_some((line_span.start, indent))
}

fn suppress_action(
    server: &Server,
    at: &super::navigate::At<'_>,
    d: &Diagnostic,
    lsp: &Value,
) -> Option<Value> {
    // A rule the registry does not know is a custom rule: suppressible.
    let configurable = rolelint::rules::registry::find(d.rule)
        .is_none_or(rolelint::rules::registry::CheckInfo::is_configurable);
    if !configurable || d.rule == rolelint::diagnostic::UNUSED_SUPPRESSION {
        return None;
    }
    let (offset, indent) = suppression_point(at, d.primary.span)?;
    let source = &at.unit.checked.sources[at.file];
    let line_break = if source.text().contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let positions = Positions::new(server, source, &at.path);
    let range = positions.range(Span::point(offset));
    let uri = uri_of(server, &at.path)?;
    let head = format!("{indent}# rolelint: ignore[{}] ", d.rule);
    let title = format!("Suppress `{}` here, with a reason", d.rule);
    let edit = if server.snippet_edits {
        let version = server.workspace.open.get(&at.path).map(|o| o.version);
        json!({ "documentChanges": [{
            "textDocument": { "uri": uri, "version": version },
            "edits": [{
                "range": range,
                "snippet": { "kind": "snippet", "value": format!("{}${{1:{REASON}}}{line_break}", head.replace('$', "\\$")) },
            }],
        }]})
    } else {
        json!({ "changes": { uri.as_str(): [{
            "range": range,
            "newText": format!("{head}{REASON}{line_break}"),
        }]}})
    };
    Some(json!({
        "title": title,
        "kind": "quickfix",
        "diagnostics": [lsp],
        "isPreferred": false,
        "edit": edit,
    }))
}
