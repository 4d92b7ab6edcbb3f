//! `rolelint server` on a version 2 organisation: teams, co-holders,
//! interim holdings and dotted lines are ids like the others (hover,
//! definition, references, rename, completion, the outline).

use crate::common::Scratch;
use crate::lsp_client::{Client, position_of, uri};
use crate::server_navigation::labels;
use serde_json::json;

const ORG: &str = "version: 2
org: {name: Acme, headcount: 12}
people:
  - {id: ada, name: Ada Lovelace}
  - {id: bo, name: Bo Lin}
  - {id: cy, name: Cy Park}
  - {id: dee, name: Dee Moss}
roles:
  - id: cto
    title: Chief Technology Officer
    holders: [ada, {person: bo, interim: true}]
    responsibilities: [Leads engineering]
    success_metrics: [Uptime]
  - id: em
    title: Engineering Manager
    holder: cy
    reports_to: cto
    dotted_line_to: [cto]
    responsibilities: [Runs the platform team]
    success_metrics: [Releases]
teams:
  - id: engineering
    name: Engineering
    lead: cto
  - id: platform
    name: Platform
    lead: em
    parent: engineering
    members: [dee]
";

fn start(name: &str, text: &str) -> (Scratch, Client, String) {
    let s = Scratch::new(name);
    s.write("roles.yaml", text);
    let mut client = Client::start(&s.0, json!({}));
    let root = uri(&s.0.join("roles.yaml"));
    client.open(&root, text);
    client.diagnostics(&root, 1);
    (s, client, root)
}

#[test]
fn teams_holdings_and_dotted_lines_navigate() {
    let (_s, mut client, root) = start("lsp-v2-nav", ORG);
    let at = |needle: &str, offset: usize| position_of(ORG, needle, offset);
    // Hover on a team: its name, lead, parent, teams inside, members.
    let text = client.hover_text(&root, at("parent: engineering", 9));
    for part in [
        "**engineering**: Engineering",
        "led by: `cto` (Chief Technology Officer)",
        "teams inside: `platform` (Platform)",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    // Hover on a role: co-holders, interim, dotted lines, the teams it leads.
    let text = client.hover_text(&root, at("id: cto", 5));
    for part in [
        "holders: Ada Lovelace (`ada`); Bo Lin (`bo`), interim",
        "leads: `engineering` (Engineering)",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    let text = client.hover_text(&root, at("id: em", 5));
    assert!(text.contains("dotted line to: `cto`"), "{text}");
    // A person: the roles held (a holding with details too) and the teams.
    let text = client.hover_text(&root, at("person: bo", 9));
    assert!(text.contains("holds: `cto`"), "{text}");
    let text = client.hover_text(&root, at("members: [dee]", 11));
    assert!(text.contains("member of: `platform` (Platform)"), "{text}");
    // Definition: a team's lead is a role, its parent a team.
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": root }, "position": at("lead: em", 6) }),
    );
    assert_eq!(def["result"][0]["range"]["start"], at("id: em", 4), "{def}");
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": root }, "position": at("parent: engineering", 9) }),
    );
    assert_eq!(
        def["result"][0]["range"]["start"],
        at("id: engineering", 4),
        "{def}"
    );
    // References of `cto`: its id, `reports_to`, the dotted line, a team's lead.
    let refs = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": root }, "position": at("id: cto", 5),
                "context": { "includeDeclaration": true } }),
    );
    assert_eq!(refs["result"].as_array().map(Vec::len), Some(4), "{refs}");
    client.stop();
}

#[test]
fn a_team_id_is_renamed_everywhere_and_teams_are_their_own_namespace() {
    let (_s, mut client, root) = start("lsp-v2-rename", ORG);
    let at = |needle: &str, offset: usize| position_of(ORG, needle, offset);
    let renamed = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": root }, "position": at("id: engineering", 5), "newName": "eng" }),
    );
    let edits = renamed["result"]["changes"][&root]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edits.len(), 2, "{renamed}");
    // A team may share an id with a role: `cto` is free among teams.
    let renamed = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": root }, "position": at("id: platform", 5), "newName": "cto" }),
    );
    assert!(renamed["result"]["changes"].is_object(), "{renamed}");
    // But not with another team.
    let refused = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": root }, "position": at("id: platform", 5), "newName": "engineering" }),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("a team `engineering` already exists")),
        "{refused}"
    );
    client.stop();
}

#[test]
fn completion_and_outline_know_teams() {
    let typing =
        format!("{ORG}  - id: sre\n    name: SRE\n    lead: \n    parent: \n    members: []\n");
    let (_s, mut client, root) = start("lsp-v2-complete", &typing);
    let complete = |client: &mut Client, needle: &str, offset: usize| {
        labels(&client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": root }, "position": position_of(&typing, needle, offset) }),
        ))
    };
    let roles = complete(&mut client, "lead: \n", 6);
    assert!(roles.contains(&"em".to_owned()), "{roles:?}");
    let teams = complete(&mut client, "parent: \n", 8);
    assert_eq!(teams, ["engineering", "platform"]);
    let people = complete(&mut client, "members: []\n", 10);
    assert!(people.contains(&"dee".to_owned()), "{people:?}");
    // The keys of a team, with their descriptions.
    let keys = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": root }, "position": position_of(&typing, "    name: SRE", 4) }),
    );
    let size = keys["result"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["label"] == "size"))
        .cloned()
        .unwrap_or_default();
    assert!(
        size["documentation"]["value"]
            .as_str()
            .is_some_and(|d| d.contains("not counting sub-teams")),
        "{keys}"
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": root } }),
    );
    let top: Vec<&str> = symbols["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(top, vec!["Acme", "people", "roles", "teams"]);
    client.stop();
}
