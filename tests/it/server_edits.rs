//! The language server's edits: quick fixes pass the same soundness check
//! as `--fix`, edits keep anchors and tags, a rename through an alias
//! sends each edit once, and a fragment changed on disk is read again
//! before edits are built on it.

use crate::common::Scratch;
use crate::lsp_client::{Client, position_of, uri};
use serde_json::{Value, json};

/// Apply LSP text edits (ASCII text, so UTF-16 units are bytes).
fn apply(text: &str, edits: &[Value]) -> String {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let offset = |p: &Value| {
        let line = p["line"].as_u64().expect("line") as usize;
        starts[line] + p["character"].as_u64().expect("character") as usize
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().expect("text").to_owned(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for pair in edits.windows(2) {
        assert!(pair[1].1 <= pair[0].0, "overlapping edits: {edits:?}");
    }
    let mut out = text.to_owned();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}

fn actions_on_line(client: &mut Client, uri: &str, line: usize) -> Vec<Value> {
    let answer = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri },
                "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
                "context": { "diagnostics": [] } }),
    );
    answer["result"].as_array().cloned().unwrap_or_default()
}

/// A scratch repository with `roles.yaml` holding `text`, a server, and
/// the file open with its first diagnostics in.
fn open_roles(name: &str, text: &str) -> (Scratch, Client, String) {
    let s = Scratch::new(name);
    s.write("roles.yaml", text);
    let root = uri(&s.0.join("roles.yaml"));
    let mut client = Client::start(&s.0, json!({}));
    client.open(&root, text);
    client.diagnostics(&root, 1);
    (s, client, root)
}

/// Rename what is at `position` of `uri` to `new_name`: the edits of each
/// file, by URI.
fn rename(client: &mut Client, uri: &str, position: &Value, new_name: &str) -> Value {
    let renamed = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri }, "position": position, "newName": new_name }),
    );
    renamed["result"]["changes"].clone()
}

fn edits_of(changes: &Value, uri: &str) -> Vec<Value> {
    changes[uri]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no edits for {uri}: {changes}"))
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle)
}

const ANCHORED: &str = "version: 1
org: {name: Acme, headcount: 8}
roles:
  - id: cto
    title: Chief Technology Officer
    holder: ada
    responsibilities: [Leads engineering]
    success_metrics: [Releases]
  - id: lead
    title: Engineering Lead
    holder: bo
    reports_to: &boss ctoo
    x-escalation: *boss
    responsibilities: [Runs the team]
    success_metrics: [Delivery]
";

#[test]
fn a_quick_fix_keeps_the_anchor_and_tag_it_does_not_replace() {
    let (_s, mut client, root) = open_roles("lsp-anchor", ANCHORED);
    let actions = actions_on_line(&mut client, &root, line_of(ANCHORED, "ctoo"));
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains("`cto`")))
        .unwrap_or_else(|| panic!("{actions:?}"));
    let edits = fix["edit"]["changes"][&root].as_array().expect("edits");
    let fixed = apply(ANCHORED, edits);
    assert!(fixed.contains("reports_to: &boss cto\n"), "{fixed}");
    let checked = rolelint::check_bytes(
        "roles.yaml",
        fixed.as_bytes(),
        &rolelint::Settings::default(),
    );
    assert!(
        checked.diagnostics.iter().all(|d| d.rule != "syntax"),
        "{:?}",
        checked.diagnostics
    );
    client.stop();
}

/// Fixing `ctoo` to `cto` would make `cto` and `vp` report to each other.
const TRAP: &str = "version: 1
org: {name: Acme, headcount: 8}
roles:
  - id: cto
    title: Chief Technology Officer
    holder: ada
    reports_to: vp
    responsibilities: [Leads engineering]
    success_metrics: [Releases]
  - id: vp
    title: VP of Engineering
    holder: bo
    reports_to: ctoo
    responsibilities: [Runs delivery]
    success_metrics: [Delivery]
";

#[test]
fn a_fix_the_cli_would_refuse_is_not_offered() {
    let s = Scratch::new("lsp-trap");
    s.write("roles.yaml", TRAP);
    // The CLI refuses it: it would add a reporting cycle.
    let out = s.run(&["check", "--fix", "--unsafe-fixes", "roles.yaml"]);
    assert_eq!(s.read("roles.yaml"), TRAP.as_bytes(), "{out:?}");
    let root = uri(&s.0.join("roles.yaml"));
    let mut client = Client::start(&s.0, json!({}));
    client.open(&root, TRAP);
    let published = client.diagnostics(&root, 1);
    assert!(
        published.iter().any(|d| d["code"] == "unknown-reference"),
        "{published:?}"
    );
    let actions = actions_on_line(&mut client, &root, line_of(TRAP, "ctoo"));
    assert!(
        actions
            .iter()
            .all(|a| !a["title"].as_str().unwrap_or_default().contains("`cto`")),
        "{actions:?}"
    );
    // Suppressing is still offered.
    assert!(actions.iter().any(|a| {
        a["title"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Suppress")
    }));
    client.stop();
}

const ALIASED: &str = "version: 1
org: {name: Acme, headcount: 8}
areas:
  - id: &area platform-reliability
    description: Keeping the platform up
roles:
  - id: cto
    title: Chief Technology Officer
    holder: ada
    responsibilities: [Leads engineering]
    accountable_for: [delivery, external-vision, *area]
    success_metrics: [Releases]
";

#[test]
fn a_rename_through_an_alias_sends_each_edit_once() {
    let (_s, mut client, root) = open_roles("lsp-alias", ALIASED);
    let changes = rename(
        &mut client,
        &root,
        &position_of(ALIASED, "platform-reliability", 2),
        "platform-uptime",
    );
    let edits = edits_of(&changes, &root);
    assert_eq!(edits.len(), 1, "{edits:?}");
    let renamed = apply(ALIASED, &edits);
    assert!(
        renamed.contains("- id: &area platform-uptime\n"),
        "{renamed}"
    );
    assert!(renamed.contains("*area]"), "{renamed}");
    client.stop();
}

const ROOT: &str = "version: 1
org: {name: Acme, headcount: 8}
include: [team.yaml]
roles:
  - id: cto
    title: Chief Technology Officer
    holder: ada
    responsibilities: [Leads engineering]
    success_metrics: [Releases]
";

const TEAM: &str = "version: 1
roles:
  - id: lead
    title: Engineering Lead
    holder: bo
    reports_to: cto
    responsibilities: [Runs the team]
    success_metrics: [Delivery]
";

#[test]
fn a_fragment_changed_on_disk_is_read_again_before_a_rename() {
    let s = Scratch::new("lsp-stale");
    s.write("roles.yaml", ROOT);
    s.write("team.yaml", TEAM);
    let root = uri(&s.0.join("roles.yaml"));
    let team = uri(&s.0.join("team.yaml"));
    let mut client = Client::start(&s.0, json!({}));
    client.open(&root, ROOT);
    client.diagnostics(&root, 1);
    // Changed on disk, not open, no notification.
    let moved = format!("# the platform team\n# since 2024\n{TEAM}");
    s.write("team.yaml", &moved);
    let changes = rename(
        &mut client,
        &root,
        &position_of(ROOT, "id: cto", 5),
        "chief",
    );
    let edits = edits_of(&changes, &team);
    let result = apply(&moved, &edits);
    assert!(result.contains("    reports_to: chief\n"), "{result}");
    assert!(
        result.starts_with("# the platform team\n# since 2024\nversion: 1\nroles:\n"),
        "{result}"
    );
    client.stop();
}
