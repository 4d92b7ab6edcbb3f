//! Document symbols: the outline of one file. The organisation, its
//! people, its roles nested by reporting line (within the file), its
//! areas.

use super::index::Index;
use super::navigate::locate;
use super::publish::Positions;
use super::{Answer, Server};
use lsp_types::Range;
use rolelint::source::Span;
use serde_json::{Value, json};
use std::collections::HashMap;

const NAMESPACE: u32 = 3;
const CLASS: u32 = 5;
const STRUCT: u32 = 23;
const ARRAY: u32 = 18;
const OBJECT: u32 = 19;
const ENUM_MEMBER: u32 = 22;

/// Deepest reporting line the outline nests; deeper roles are listed at
/// this level (a chain of 100,000 roles must not become 100,000 levels).
const MAX_NESTING: usize = 32;

/// Most people, roles or areas the outline lists, each: an outline of
/// 100,000 roles helps nobody and costs the editor hundreds of MB of JSON.
/// The rest are counted in one last entry.
pub const MAX_LISTED: usize = 5_000;

fn symbol(name: &str, detail: Option<&str>, kind: u32, range: Range, selection: Range) -> Value {
    let mut out = json!({
        "name": if name.is_empty() { "(no id)" } else { name },
        "kind": kind,
        "range": range,
        "selectionRange": selection,
    });
    if let Some(detail) = detail {
        out["detail"] = json!(detail);
    }
    out
}

pub fn symbols(server: &mut Server, params: &Value) -> Answer {
    let Some(at) = locate(server, params)? else {
        return Ok(Value::Null);
    };
    let index = at.unit.index();
    let source = &at.unit.checked.sources[at.file];
    let positions = Positions::new(server, source, &at.path);
    let range = |span: Span| positions.range(span);
    let Some(doc) = at.unit.tree(at.file) else {
        return Ok(Value::Array(Vec::new()));
    };
    let Some(root) = doc.root() else {
        return Ok(Value::Array(Vec::new()));
    };
    let root = doc.resolve(root);
    let entry_span = |key: &str| {
        doc.get(root, key).map(|e| {
            (
                Span::new(doc.span(e.key).start, doc.span(e.value).end),
                doc.span(e.key),
            )
        })
    };
    let mut out = Vec::new();
    if let (0, Some((span, name))) = (at.file, &index.org) {
        let key = entry_span("org").map_or(*span, |(_, k)| k);
        out.push(symbol(
            name,
            Some("org"),
            NAMESPACE,
            range(*span),
            range(key),
        ));
    }
    // One group per list; people and areas are flat, roles nest.
    let named = |list: &[super::index::Named], kind: u32| -> Vec<Value> {
        list.iter()
            .filter(|n| n.file == at.file)
            .take(MAX_LISTED)
            .map(|n| {
                symbol(
                    &n.id,
                    n.text.as_deref(),
                    kind,
                    range(n.span),
                    range(n.id_span),
                )
            })
            .collect()
    };
    for name in ["people", "roles", "areas", "teams"] {
        let Some((span, key)) = entry_span(name) else {
            continue;
        };
        let (mut children, total, kind) = match name {
            "people" => (
                named(&index.people, OBJECT),
                index.people.iter().filter(|n| n.file == at.file).count(),
                OBJECT,
            ),
            "areas" => (
                named(&index.areas, ENUM_MEMBER),
                index.areas.iter().filter(|n| n.file == at.file).count(),
                ENUM_MEMBER,
            ),
            "teams" => (
                index
                    .teams
                    .iter()
                    .filter(|t| t.file == at.file)
                    .take(MAX_LISTED)
                    .map(|t| {
                        symbol(
                            &t.id,
                            t.name.as_deref(),
                            STRUCT,
                            range(t.span),
                            range(t.id_span),
                        )
                    })
                    .collect(),
                index.teams.iter().filter(|t| t.file == at.file).count(),
                STRUCT,
            ),
            _ => (
                role_tree(index, at.file, &range),
                index.roles.iter().filter(|r| r.file == at.file).count(),
                CLASS,
            ),
        };
        if total > MAX_LISTED {
            let more = format!("… and {} more", total - MAX_LISTED);
            children.push(symbol(&more, None, kind, range(span), range(key)));
        }
        let mut group = symbol(name, None, ARRAY, range(span), range(key));
        group["children"] = Value::Array(children);
        out.push(group);
    }
    Ok(Value::Array(out))
}

/// The roles of `file`, each under its manager when the manager is in the
/// same file (and the line has no cycle).
fn role_tree(index: &Index, file: usize, range: &dyn Fn(Span) -> Range) -> Vec<Value> {
    let here: Vec<usize> = (0..index.roles.len())
        .filter(|&i| index.roles[i].file == file)
        .take(MAX_LISTED)
        .collect();
    let by_id: HashMap<&str, usize> = here
        .iter()
        .map(|&i| (index.roles[i].id.as_str(), i))
        .collect();
    let manager =
        |i: usize| -> Option<usize> { by_id.get(index.roles[i].reports_to.as_deref()?).copied() };
    // Roles on a reporting cycle nest under nobody: 1 = on the current
    // walk, 2 = done, 3 = on a cycle.
    let mut state = vec![0_u8; index.roles.len()];
    for &start in &here {
        let mut walked = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 | 3 => break,
                1 => {
                    let from = walked.iter().position(|&w| w == i).unwrap_or(0);
                    for &w in &walked[from..] {
                        state[w] = 3;
                    }
                    break;
                }
                _ => {}
            }
            state[i] = 1;
            walked.push(i);
            at = manager(i);
        }
        for w in walked {
            if state[w] == 1 {
                state[w] = 2;
            }
        }
    }
    let parent = |i: usize| if state[i] == 3 { None } else { manager(i) };
    let mut children: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for &i in &here {
        children.entry(parent(i)).or_default().push(i);
    }
    let mut out = Vec::new();
    build(index, None, 0, &children, range, &mut out);
    out
}

/// The symbols of the roles under `of`, nested to [`MAX_NESTING`].
fn build(
    index: &Index,
    of: Option<usize>,
    depth: usize,
    children: &HashMap<Option<usize>, Vec<usize>>,
    range: &dyn Fn(Span) -> Range,
    out: &mut Vec<Value>,
) {
    for &i in children.get(&of).map_or(&[][..], Vec::as_slice) {
        let role = &index.roles[i];
        let mut node = symbol(
            &role.id,
            role.title.as_deref(),
            CLASS,
            range(role.span),
            range(role.id_span),
        );
        if depth < MAX_NESTING {
            let mut nested = Vec::new();
            build(index, Some(i), depth + 1, children, range, &mut nested);
            if !nested.is_empty() {
                node["children"] = Value::Array(nested);
            }
            out.push(node);
        } else {
            // Deeper lines are listed flat at this level, walked
            // without recursion.
            out.push(node);
            let mut stack: Vec<usize> = children.get(&Some(i)).cloned().unwrap_or_default();
            stack.reverse();
            while let Some(j) = stack.pop() {
                let role = &index.roles[j];
                out.push(symbol(
                    &role.id,
                    role.title.as_deref(),
                    CLASS,
                    range(role.span),
                    range(role.id_span),
                ));
                if let Some(more) = children.get(&Some(j)) {
                    stack.extend(more.iter().rev());
                }
            }
        }
    }
}
