//! Hover, go to definition, find references and rename: over every file
//! of the organisation the document belongs to.

use super::index::{Index, Kind, Symbol};
use super::publish::{Edits, Positions, uri_of};
use super::workspace::{Unit, key};
use super::{Answer, Server, invalid, text};
use lsp_server::ErrorCode;
use rolelint::source::Span;
use serde_json::{Value, json};
use std::path::PathBuf;

/// Most names a hover lists before "and N more".
const HOVER_LIST: usize = 20;

/// A position in a document of a checked organisation.
pub struct At<'a> {
    pub unit: &'a Unit,
    pub file: usize,
    pub offset: usize,
    pub path: PathBuf,
}

/// The document and offset a request is about; `None` when rolelint does
/// not check that document.
pub fn locate<'a>(
    server: &'a Server,
    params: &Value,
) -> Result<Option<At<'a>>, (ErrorCode, String)> {
    let uri: lsp_types::Uri = params
        .pointer("/textDocument/uri")
        .cloned()
        .and_then(|u| serde_json::from_value(u).ok())
        .ok_or_else(|| invalid("missing textDocument.uri"))?;
    let position: lsp_types::Position = params
        .get("position")
        .cloned()
        .and_then(|p| serde_json::from_value(p).ok())
        .unwrap_or_default();
    let Some(path) = text::uri_to_path(&uri).map(|p| key(&p)) else {
        return Ok(None);
    };
    let Some((unit, file)) = server.workspace.unit_of(&path) else {
        return Ok(None);
    };
    let offset = Positions::new(server, &unit.checked.sources[file], &path).offset(position);
    Ok(Some(At {
        unit,
        file,
        offset,
        path,
    }))
}

/// Before edits are built: if a file of the request's organisation that
/// is not open changed on disk since it was checked, check it again, so
/// no edit lands at a stale position.
pub fn refresh(server: &mut Server, params: &Value) {
    let Some(path) = params
        .pointer("/textDocument/uri")
        .cloned()
        .and_then(|u| serde_json::from_value::<lsp_types::Uri>(u).ok())
        .and_then(|u| text::uri_to_path(&u))
        .map(|p| key(&p))
    else {
        return;
    };
    let Some(root) = server.workspace.owner_of(&path) else {
        return;
    };
    let stale = server
        .workspace
        .units
        .get(&root)
        .is_some_and(|unit| server.workspace.is_stale(unit));
    if stale {
        server.dirty.insert(root);
        server.flush();
    }
}

/// A location in the unit, as the protocol writes it.
pub fn location(server: &Server, unit: &Unit, file: usize, span: Span) -> Option<Value> {
    let path = unit.paths.get(file)?;
    let range = Positions::new(server, &unit.checked.sources[file], path).range(span);
    Some(json!({ "uri": uri_of(server, path)?, "range": range }))
}

fn capped(names: impl Iterator<Item = String>) -> String {
    let all: Vec<String> = names.collect();
    let mut text = all
        .iter()
        .take(HOVER_LIST)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if all.len() > HOVER_LIST {
        text.push_str(&format!(" and {} more", all.len() - HOVER_LIST));
    }
    if text.is_empty() {
        "none".to_owned()
    } else {
        text
    }
}

fn role_label(index: &Index, id: &str) -> String {
    match index.role(id).and_then(|r| r.title.as_deref()) {
        Some(title) => format!("`{id}` ({title})"),
        None => format!("`{id}`"),
    }
}

fn team_label(index: &Index, id: &str) -> String {
    match index.team(id).and_then(|t| t.name.as_deref()) {
        Some(name) => format!("`{id}` ({name})"),
        None => format!("`{id}`"),
    }
}

fn hover_text(index: &Index, symbol: &Symbol) -> String {
    let id = symbol.id.as_str();
    match symbol.kind {
        Kind::Role => {
            let Some(role) = index.role(id) else {
                return format!("**{id}**: no role has this id");
            };
            let holders: Vec<String> = role
                .holders
                .iter()
                .map(|(h, interim)| {
                    let who = match index.person(h).and_then(|p| p.text.as_deref()) {
                        Some(name) => format!("{name} (`{h}`)"),
                        None => format!("`{h}`"),
                    };
                    if *interim {
                        format!("{who}, interim")
                    } else {
                        who
                    }
                })
                .collect();
            let holder = if holders.is_empty() {
                "vacant".to_owned()
            } else {
                holders.join("; ")
            };
            let manager = role.reports_to.as_deref().map_or_else(
                || "nobody (a top role)".to_owned(),
                |m| role_label(index, m),
            );
            let reports = index
                .roles
                .iter()
                .filter(|r| r.reports_to.as_deref() == Some(id))
                .map(|r| role_label(index, &r.id));
            let areas = role.areas.iter().map(|a| format!("`{a}`"));
            let mut text = format!(
                "**{id}**: {}\n\n- {}: {holder}\n- reports to: {manager}\n- direct reports: {}\n- accountable for: {}",
                role.title.as_deref().unwrap_or("(no title)"),
                if role.holders.len() > 1 {
                    "holders"
                } else {
                    "holder"
                },
                capped(reports),
                capped(areas),
            );
            if !role.dotted_lines.is_empty() {
                let to = role.dotted_lines.iter().map(|t| role_label(index, t));
                text.push_str(&format!("\n- dotted line to: {}", capped(to)));
            }
            let led: Vec<&str> = index
                .teams
                .iter()
                .filter(|t| t.lead.as_deref() == Some(id))
                .map(|t| t.id.as_str())
                .collect();
            if !led.is_empty() {
                let teams = led.iter().map(|t| team_label(index, t));
                text.push_str(&format!("\n- leads: {}", capped(teams)));
            }
            text
        }
        Kind::Person => {
            let name = index
                .person(id)
                .and_then(|p| p.text.clone())
                .unwrap_or_else(|| "not in `people`".to_owned());
            let held = index
                .roles
                .iter()
                .filter(|r| r.holders.iter().any(|(h, _)| h == id))
                .map(|r| role_label(index, &r.id));
            let teams: Vec<&str> = index
                .teams
                .iter()
                .filter(|t| t.members.iter().any(|m| m == id))
                .map(|t| t.id.as_str())
                .collect();
            let mut text = format!("**{id}**: {name}\n\n- holds: {}", capped(held));
            if !teams.is_empty() {
                let teams = teams.iter().map(|t| team_label(index, t));
                text.push_str(&format!("\n- member of: {}", capped(teams)));
            }
            text
        }
        Kind::Team => {
            let Some(team) = index.team(id) else {
                return format!("**{id}**: no team has this id");
            };
            let lead = team.lead.as_deref().map_or_else(
                || "no lead (a collective body)".to_owned(),
                |l| role_label(index, l),
            );
            let parent = team
                .parent
                .as_deref()
                .map_or_else(|| "none".to_owned(), |p| team_label(index, p));
            let inside = index
                .teams
                .iter()
                .filter(|t| t.parent.as_deref() == Some(id))
                .map(|t| team_label(index, &t.id));
            let size = match team.size {
                Some(size) => format!("{size} (`size`), {} listed", team.members.len()),
                None => format!("{} listed", team.members.len()),
            };
            format!(
                "**{id}**: {}\n\n- led by: {lead}\n- part of: {parent}\n- teams inside: {}\n- members: {size}",
                team.name.as_deref().unwrap_or("(no name)"),
                capped(inside),
            )
        }
        Kind::Area => {
            let what = match index.area(id) {
                Some(area) => area.text.clone().unwrap_or_default(),
                None => match rolelint::format::builtin_area(id) {
                    Some(covers) => format!("built-in area: {covers}"),
                    None => "no area has this id".to_owned(),
                },
            };
            let owners = index
                .roles
                .iter()
                .filter(|r| r.areas.iter().any(|a| a == id))
                .map(|r| role_label(index, &r.id));
            format!("**{id}**: {what}\n\n- accountable: {}", capped(owners))
        }
    }
}

pub fn hover(server: &mut Server, params: &Value) -> Answer {
    let Some(at) = locate(server, params)? else {
        return Ok(Value::Null);
    };
    let index = at.unit.index();
    let (span, markdown) = if let Some(symbol) = index.symbol_at(at.file, at.offset) {
        (symbol.span, hover_text(index, symbol))
    } else if let Some(rule) = index.rule_at(at.file, at.offset) {
        let (span, name) = (rule.span, rule.name.clone());
        let text = if let Some(check) = rolelint::rules::registry::find(&name) {
            format!(
                "**{}** ({})\n\n{}",
                check.name,
                check.level.as_str(),
                check.summary
            )
        } else {
            let config = server.workspace.cached_config(&at.path);
            match config.as_ref().and_then(|c| c.config.custom.find(&name)) {
                Some(custom) => format!(
                    "**{}** ({}, custom rule of `.rolelint.yaml`)\n\n{}",
                    custom.name,
                    custom.level.as_str(),
                    custom.summary
                ),
                None => format!("**{name}**: no rule has this name"),
            }
        };
        (span, text)
    } else {
        return Ok(Value::Null);
    };
    let range = Positions::new(server, &at.unit.checked.sources[at.file], &at.path).range(span);
    Ok(json!({
        "contents": { "kind": "markdown", "value": markdown },
        "range": range,
    }))
}

/// The files of the unit an `include` entry matched, as the check
/// resolved it (one include resolver: the check's).
fn included_files(unit: &Unit, entry: usize) -> Vec<usize> {
    unit.checked
        .included_by
        .iter()
        .enumerate()
        .filter(|(_, by)| **by == Some(entry))
        .map(|(i, _)| i)
        .collect()
}

pub fn definition(server: &mut Server, params: &Value) -> Answer {
    let Some(at) = locate(server, params)? else {
        return Ok(Value::Null);
    };
    let index = at.unit.index();
    let mut found: Vec<Value> = Vec::new();
    if let Some(symbol) = index.symbol_at(at.file, at.offset) {
        found.extend(
            index
                .occurrences(symbol.kind, &symbol.id)
                .into_iter()
                .filter(|s| s.definition)
                .filter_map(|s| location(server, at.unit, s.file, s.span)),
        );
    } else if let Some(include) = index.include_at(at.file, at.offset) {
        for file in included_files(at.unit, include.entry) {
            found.extend(location(server, at.unit, file, Span::point(0)));
        }
    } else if let Some(rule) = index.rule_at(at.file, at.offset)
        && let Some(uri) = server.rule_pages.get(rule.name.as_str())
    {
        found.push(json!({ "uri": uri, "range": lsp_types::Range::default() }));
    }
    Ok(Value::Array(found))
}

pub fn references(server: &mut Server, params: &Value) -> Answer {
    let Some(at) = locate(server, params)? else {
        return Ok(Value::Null);
    };
    let declaration = params
        .pointer("/context/includeDeclaration")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let index = at.unit.index();
    let Some(symbol) = index.symbol_at(at.file, at.offset) else {
        return Ok(Value::Null);
    };
    let found: Vec<Value> = index
        .occurrences(symbol.kind, &symbol.id)
        .into_iter()
        .filter(|s| declaration || !s.definition)
        .filter_map(|s| location(server, at.unit, s.file, s.span))
        .collect();
    Ok(Value::Array(found))
}

/// The symbol a rename would change, or why it cannot be renamed.
fn renameable<'a>(index: &'a Index, at: &At<'_>) -> Result<&'a Symbol, (ErrorCode, String)> {
    let symbol = index
        .symbol_at(at.file, at.offset)
        .ok_or_else(|| invalid("no role, person, area or team id here to rename"))?;
    if symbol.kind == Kind::Area && rolelint::format::BUILTIN_AREAS.contains(&symbol.id.as_str()) {
        return Err(invalid(format!(
            "`{}` is a built-in area: its id cannot be renamed",
            symbol.id
        )));
    }
    Ok(symbol)
}

pub fn prepare_rename(server: &mut Server, params: &Value) -> Answer {
    let Some(at) = locate(server, params)? else {
        return Ok(Value::Null);
    };
    let index = at.unit.index();
    let symbol = renameable(index, &at)?;
    let range =
        Positions::new(server, &at.unit.checked.sources[at.file], &at.path).range(symbol.span);
    Ok(json!({ "range": range, "placeholder": symbol.id }))
}

pub fn rename(server: &mut Server, params: &Value) -> Answer {
    refresh(server, params);
    let Some(at) = locate(server, params)? else {
        return Ok(Value::Null);
    };
    let new_name = params
        .get("newName")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("missing newName"))?
        .trim();
    let index = at.unit.index();
    let symbol = renameable(index, &at)?;
    let noun = symbol.kind.noun();
    if !rolelint::format::constraints::is_slug(new_name) {
        return Err(invalid(format!(
            "`{new_name}` is not a valid {noun} id: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit"
        )));
    }
    if new_name == symbol.id {
        return Ok(json!({ "changes": {} }));
    }
    if index.is_defined(symbol.kind, new_name) {
        let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return Err(invalid(format!(
            "{article} {noun} `{new_name}` already exists"
        )));
    }
    let mut edits = Edits::new(server, at.unit);
    let mut texts: Vec<String> = at
        .unit
        .checked
        .sources
        .iter()
        .map(|s| s.text().to_owned())
        .collect();
    let mut by_file: Vec<Vec<rolelint::diagnostic::Edit>> = vec![Vec::new(); texts.len()];
    for s in index.occurrences(symbol.kind, &symbol.id) {
        let source = &at.unit.checked.sources[s.file];
        // An alias reads its anchor's node, which is renamed once there.
        if source.slice(s.span).starts_with('*') {
            continue;
        }
        let edit = rolelint::fix::replace_scalar(
            source,
            rolelint::diagnostic::FileId(u32::try_from(s.file).unwrap_or(u32::MAX)),
            s.span,
            new_name,
        );
        if by_file[s.file].iter().any(|e| e.span == edit.span) {
            continue;
        }
        edits.add(s.file, s.span, &edit.content);
        by_file[s.file].push(edit);
    }
    // Tried first: a rename that would leave a file unparsable is refused.
    for (text, file_edits) in texts.iter_mut().zip(&by_file) {
        if !file_edits.is_empty() {
            *text = rolelint::fix::apply(text, &file_edits.iter().collect::<Vec<_>>());
        }
    }
    let tried = server.workspace.trial(at.unit, &texts);
    if tried
        .diagnostics
        .iter()
        .any(|d| d.rule == rolelint::diagnostic::SYNTAX)
    {
        return Err(invalid(format!(
            "renaming `{}` to `{new_name}` would leave a file that does not parse",
            symbol.id
        )));
    }
    Ok(json!({ "changes": edits.into_changes() }))
}
