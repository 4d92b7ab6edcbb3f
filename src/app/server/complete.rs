//! Completion, read from the text around the cursor (the document need
//! not parse while it is being typed): role ids after `reports_to:`,
//! person ids after `holder:` (and in holdings, `holders` and team
//! members), team ids after `parent:`, areas in `accountable_for`, rule names in
//! `# rolelint: ignore[...]`, values of enumerated keys, and the keys of
//! the current mapping with their descriptions from the schema.

use super::index::Index;
use super::navigate::locate;
use super::{Answer, Server};
use serde_json::{Value, json};

/// Completion item kinds (LSP): what each suggestion is.
const KIND_FIELD: u32 = 5;
const KIND_VALUE: u32 = 12;
const KIND_ENUM_MEMBER: u32 = 20;
const KIND_REFERENCE: u32 = 18;

/// Indentation of a line, in bytes of leading spaces.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key a line starts (`key:` or `- key:`), with the column it is at.
fn line_key(line: &str) -> Option<(usize, &str)> {
    let mut column = indent(line);
    let mut rest = &line[column..];
    while let Some(after) = rest.strip_prefix("- ") {
        let skipped = after.len() - after.trim_start().len();
        column += 2 + skipped;
        rest = after.trim_start();
    }
    let colon = rest.find(':')?;
    let key = rest[..colon].trim_matches(['"', '\'']);
    let valid = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b));
    let ends = rest[colon + 1..].is_empty() || rest[colon + 1..].starts_with([' ', '\t']);
    (valid && ends).then_some((column, key))
}

/// The keys enclosing column `column` of line `line` (outermost first),
/// found by indentation above it.
fn enclosing_keys<'a>(lines: &[&'a str], line: usize, mut column: usize) -> Vec<&'a str> {
    let mut path = Vec::new();
    for l in lines[..line].iter().rev() {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        // A `- ` at a smaller column opens an item of the list whose key
        // is further up: the item itself adds no key.
        if indent(l) < column {
            if let Some((key_column, key)) = line_key(l)
                && key_column < column
            {
                path.push(key);
                column = indent(l);
                continue;
            }
            column = indent(l);
            if column == 0 && !t.starts_with('-') {
                break;
            }
        }
    }
    path.reverse();
    path
}

fn item(label: &str, kind: u32, detail: Option<&str>, documentation: Option<&str>) -> Value {
    let mut out = json!({ "label": label, "kind": kind });
    if let Some(detail) = detail {
        out["detail"] = json!(detail);
    }
    if let Some(doc) = documentation {
        out["documentation"] = json!({ "kind": "markdown", "value": doc });
    }
    out
}

fn role_items(index: &Index, except: Option<&str>) -> Vec<Value> {
    index
        .roles
        .iter()
        .filter(|r| !r.id.is_empty() && Some(r.id.as_str()) != except)
        .map(|r| item(&r.id, KIND_REFERENCE, r.title.as_deref(), None))
        .collect()
}

fn person_items(index: &Index) -> Vec<Value> {
    index
        .people
        .iter()
        .map(|p| item(&p.id, KIND_REFERENCE, p.text.as_deref(), None))
        .collect()
}

fn team_items(index: &Index, except: Option<&str>) -> Vec<Value> {
    index
        .teams
        .iter()
        .filter(|t| Some(t.id.as_str()) != except)
        .map(|t| item(&t.id, KIND_REFERENCE, t.name.as_deref(), None))
        .collect()
}

fn area_items(index: &Index) -> Vec<Value> {
    let mut items: Vec<Value> = rolelint::format::BUILTIN_AREAS
        .iter()
        .map(|a| item(a, KIND_ENUM_MEMBER, Some("built-in area"), None))
        .collect();
    items.extend(
        index
            .areas
            .iter()
            .map(|a| item(&a.id, KIND_ENUM_MEMBER, a.text.as_deref(), None)),
    );
    items
}

pub fn completion(server: &mut Server, params: &Value) -> Answer {
    let Some(at) = locate(server, params)? else {
        return Ok(Value::Null);
    };
    let text = at.unit.checked.sources[at.file].text();
    let line_start = text[..at.offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at.offset];
    let lines: Vec<&str> = text[..line_start].lines().collect();
    let index = at.unit.index();

    // A rule name in a suppression comment.
    if let Some(open) = before.rfind("rolelint: ignore[")
        && !before[open..].contains(']')
    {
        let items = rolelint::rules::registry::checks()
            .iter()
            .filter(|c| c.is_configurable())
            .map(|c| item(c.name, KIND_VALUE, Some(c.level.as_str()), Some(c.summary)))
            .collect();
        return Ok(Value::Array(items));
    }
    if before.contains('#') {
        return Ok(Value::Array(Vec::new()));
    }
    // A value after `key:` on this line.
    if let Some((column, key)) = line_key(before) {
        let value = before[column + key.len()..]
            .trim_start_matches(['"', '\'', ':'])
            .trim();
        let typing = value.is_empty() || !value.contains(' ');
        if typing {
            let current_role = at.unit.index().roles.iter().find(|r| {
                r.file == at.file && r.span.start <= at.offset && at.offset <= r.span.end
            });
            let items = match key {
                "reports_to" => role_items(index, current_role.map(|r| r.id.as_str())),
                "dotted_line_to" if before.contains('[') => {
                    role_items(index, current_role.map(|r| r.id.as_str()))
                }
                "lead" => role_items(index, None),
                "parent" => {
                    // Not the team being written: it cannot be its own parent.
                    let current = index.teams.iter().find(|t| {
                        t.file == at.file && t.span.start <= at.offset && at.offset <= t.span.end
                    });
                    team_items(index, current.map(|t| t.id.as_str()))
                }
                "holder" | "person" => person_items(index),
                "holders" | "former_holders" | "members" | "former_members"
                    if before.contains('[') =>
                {
                    person_items(index)
                }
                "accountable_for" if before.contains('[') => area_items(index),
                _ => {
                    let mut path = enclosing_keys(&lines, lines.len(), column);
                    path.push(key);
                    rolelint::schema::node_at(&path)
                        .and_then(|node| node.get("enum"))
                        .and_then(Value::as_array)
                        .map(|values| {
                            values
                                .iter()
                                .filter_map(Value::as_str)
                                .map(|v| item(v, KIND_ENUM_MEMBER, None, None))
                                .collect()
                        })
                        .unwrap_or_default()
                }
            };
            return Ok(Value::Array(items));
        }
        return Ok(Value::Array(Vec::new()));
    }
    let trimmed = before.trim_start();
    // An item of a block list: `- ` under `accountable_for:`.
    if let Some(rest) = trimmed.strip_prefix('-') {
        let word = rest.trim_start();
        if !word.contains([' ', ':']) {
            let column = indent(before) + 1;
            let path = enclosing_keys(&lines, lines.len(), column);
            match path.last() {
                Some(&"accountable_for") => return Ok(Value::Array(area_items(index))),
                Some(&("holders" | "former_holders" | "members" | "former_members")) => {
                    return Ok(Value::Array(person_items(index)));
                }
                Some(&"dotted_line_to") => return Ok(Value::Array(role_items(index, None))),
                _ => {}
            }
        }
    }
    // A key of the current mapping.
    let word_start = before.len() - trimmed.trim_start_matches("- ").trim_start().len();
    let word = &before[word_start..];
    if !word
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"_-".contains(&b))
    {
        return Ok(Value::Array(Vec::new()));
    }
    let path = enclosing_keys(&lines, lines.len(), word_start);
    let Some(properties) = rolelint::schema::node_at(&path)
        .and_then(|n| n.get("properties"))
        .and_then(Value::as_object)
    else {
        return Ok(Value::Array(Vec::new()));
    };
    // Keys already in this mapping (same column, same block).
    let mut present: Vec<&str> = Vec::new();
    let all: Vec<&str> = text.lines().collect();
    let here = lines.len();
    let block_start = line_key(before).map_or(word_start, |(c, _)| c);
    for l in all[..here].iter().rev() {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        match line_key(l) {
            Some((c, k)) if c == block_start => {
                present.push(k);
                if l.trim_start().starts_with("- ") {
                    break;
                }
            }
            _ if indent(l) < block_start => break,
            _ => {}
        }
    }
    for l in all.iter().skip(here + 1) {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        if indent(l) < block_start || l.trim_start().starts_with("- ") && indent(l) <= block_start {
            break;
        }
        if let Some((c, k)) = line_key(l)
            && c == block_start
        {
            present.push(k);
        }
    }
    let items = properties
        .iter()
        .filter(|(k, _)| !present.contains(&k.as_str()))
        .map(|(k, v)| {
            let mut i = item(
                k,
                KIND_FIELD,
                None,
                v.get("description").and_then(Value::as_str),
            );
            i["insertText"] = json!(format!("{k}: "));
            i
        })
        .collect();
    Ok(Value::Array(items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_enclosing_a_column_follow_indentation() {
        let text = "version: 1\nroles:\n  - id: cto\n    success_metrics:\n      - name: x\n";
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(enclosing_keys(&lines, 3, 4), vec!["roles"]);
        assert_eq!(
            enclosing_keys(&lines, 5, 8),
            vec!["roles", "success_metrics"]
        );
        assert_eq!(enclosing_keys(&lines, 2, 0), Vec::<&str>::new());
        let metric = rolelint::schema::node_at(&["roles", "success_metrics"]).unwrap();
        assert!(metric["properties"].get("target").is_some());
        assert!(
            rolelint::schema::node_at(&["roles"]).unwrap()["properties"]
                .get("holder")
                .is_some()
        );
    }
}
