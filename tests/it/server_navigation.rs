//! `rolelint server`: navigation, rename, completion, the outline and
//! code actions, over stdio as an editor drives them.

use crate::common::Scratch;
use crate::lsp_client::{Client, position_of, uri};
use crate::server::{ROOT, TEAM, codes, organisation};
use serde_json::{Value, json};

#[test]
fn navigation_crosses_fragments() {
    let s = organisation("lsp-nav");
    let mut client = Client::start(&s.0, json!({}));
    let team = uri(&s.0.join("teams/platform.yaml"));
    let root = uri(&s.0.join("roles.yaml"));
    client.open(&team, TEAM);
    client.diagnostics(&team, 1);
    let at = |text: &str, needle: &str, offset: usize| position_of(text, needle, offset);
    // Definition: `reports_to: cto` in the fragment -> the role in the root.
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": team }, "position": at(TEAM, "reports_to: cto", 13) }),
    );
    assert_eq!(def["result"][0]["uri"], root, "{def}");
    assert_eq!(def["result"][0]["range"]["start"], at(ROOT, "id: cto", 4));
    // A holder -> the person.
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": team }, "position": at(TEAM, "holder: bob", 9) }),
    );
    assert_eq!(
        def["result"][0]["range"]["start"],
        at(ROOT, "id: bob", 4),
        "{def}"
    );
    // An include entry -> the fragment.
    client.open(&root, ROOT);
    client.diagnostics(&root, 1);
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": root }, "position": at(ROOT, "teams/*.yaml", 3) }),
    );
    assert_eq!(def["result"][0]["uri"], team, "{def}");
    // Spelt with `./`: the same file, as the check resolved it.
    let dotted = ROOT.replace("  - teams/*.yaml", "  - ./teams/*.yaml");
    client.change(&root, 2, &dotted);
    client.diagnostics(&root, 2);
    let def = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": root }, "position": at(&dotted, "./teams/*.yaml", 5) }),
    );
    assert_eq!(def["result"][0]["uri"], team, "{def}");
    client.change(&root, 3, ROOT);
    client.diagnostics(&root, 3);
    // References of `cto`, from its definition, with and without it.
    let refs = |client: &mut Client, declaration: bool| {
        client.request(
            "textDocument/references",
            json!({ "textDocument": { "uri": root }, "position": at(ROOT, "id: cto", 5),
                    "context": { "includeDeclaration": declaration } }),
        )["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["uri"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(refs(&mut client, true), vec![root.clone(), team.clone()]);
    assert_eq!(refs(&mut client, false), vec![team.clone()]);
    // Hover: a role's title, holder, manager, reports and areas.
    let text = client.hover_text(&root, at(ROOT, "id: cto", 5));
    for part in [
        "Chief Technology Officer",
        "Ada Lovelace (`ada`)",
        "nobody (a top role)",
        "`head-platform` (Head of Platform)",
        "`delivery`, `external-vision`",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    // A person: the roles held; an area: who is accountable.
    let hover = client.hover_text(&root, at(ROOT, "id: bob", 5));
    assert!(hover.contains("`head-platform`"), "{hover}");
    let hover = client.hover_text(&root, at(ROOT, "delivery", 2));
    assert!(hover.contains("accountable: `cto`"), "{hover}");
    client.stop();
}

#[test]
fn rename_changes_every_file_and_refuses_taken_or_invalid_names() {
    let s = organisation("lsp-rename");
    let mut client = Client::start(&s.0, json!({}));
    let team = uri(&s.0.join("teams/platform.yaml"));
    let root = uri(&s.0.join("roles.yaml"));
    let quoted = ROOT.replace("id: cto", "id: \"cto\"");
    client.open(&root, &quoted);
    client.diagnostics(&root, 1);
    let position = position_of(&quoted, "\"cto\"", 2);
    let prepared = client.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": root }, "position": position }),
    );
    assert_eq!(prepared["result"]["placeholder"], "cto", "{prepared}");
    let renamed = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": root }, "position": position, "newName": "chief-tech" }),
    );
    let changes = &renamed["result"]["changes"];
    assert_eq!(changes[&root][0]["newText"], "\"chief-tech\"", "{renamed}");
    assert_eq!(changes[&team][0]["newText"], "chief-tech", "{renamed}");
    assert_eq!(
        changes[&team][0]["range"]["start"],
        position_of(TEAM, "reports_to: cto", 12)
    );
    for (name, why) in [
        ("head-platform", "already exists"),
        ("Not An Id", "not a valid role id"),
    ] {
        let refused = client.request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": root }, "position": position, "newName": name }),
        );
        assert!(
            refused["error"]["message"].as_str().unwrap().contains(why),
            "{refused}"
        );
    }
    // A built-in area cannot be renamed.
    let refused = client.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": root }, "position": position_of(&quoted, "delivery", 1) }),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("built-in"),
        "{refused}"
    );
    client.stop();
}

pub fn labels(response: &Value) -> Vec<String> {
    response["result"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["label"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn completion_offers_ids_areas_rules_and_keys() {
    let s = organisation("lsp-complete");
    let mut client = Client::start(&s.0, json!({}));
    let team = uri(&s.0.join("teams/platform.yaml"));
    let typing = format!(
        "{TEAM}  - id: sre\n    reports_to: \n    holder: \n    accountable_for:\n      - \n    # rolelint: ignore[\n    \n"
    );
    client.open(&team, &typing);
    client.diagnostics(&team, 1);
    let complete = |client: &mut Client, needle: &str, offset: usize| {
        client.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": team }, "position": position_of(&typing, needle, offset) }),
        )
    };
    let roles = labels(&complete(&mut client, "reports_to: \n", 12));
    assert!(
        roles.contains(&"cto".to_owned()) && roles.contains(&"head-platform".to_owned()),
        "{roles:?}"
    );
    assert!(
        !roles.contains(&"sre".to_owned()),
        "a role does not report to itself: {roles:?}"
    );
    assert_eq!(
        labels(&complete(&mut client, "holder: \n", 8)),
        vec!["ada", "bob"]
    );
    let areas = labels(&complete(&mut client, "      - \n", 8));
    assert!(
        areas.contains(&"delivery".to_owned()) && areas.contains(&"security".to_owned()),
        "{areas:?}"
    );
    let rule_names = labels(&complete(&mut client, "ignore[", 7));
    assert!(
        rule_names.contains(&"vacant-role".to_owned()),
        "{rule_names:?}"
    );
    assert!(!rule_names.contains(&"syntax".to_owned()), "{rule_names:?}");
    // Keys of the role being written, with descriptions, none it has.
    let keys = complete(&mut client, "    \n", 4);
    let names = labels(&keys);
    assert!(names.contains(&"success_metrics".to_owned()), "{names:?}");
    for present in ["id", "reports_to", "holder", "accountable_for"] {
        assert!(
            !names.contains(&present.to_owned()),
            "{present} in {names:?}"
        );
    }
    let doc = keys["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "success_metrics")
        .unwrap();
    assert!(
        doc["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("measured"),
        "{doc}"
    );
    client.stop();
}

#[test]
fn code_actions_fix_and_suppress() {
    let s = organisation("lsp-actions");
    let mut client = Client::start(&s.0, json!({}));
    let root = uri(&s.0.join("roles.yaml"));
    let typo = ROOT.replace("success_metrics:", "succes_metrics:");
    client.open(&root, &typo);
    let published = client.diagnostics(&root, 1);
    let line = typo
        .lines()
        .position(|l| l.contains("succes_metrics"))
        .unwrap();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": root },
                "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
                "context": { "diagnostics": published } }),
    );
    let list = actions["result"].as_array().expect("actions");
    let fix = list
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("success_metrics"))
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let edit = &fix["edit"]["changes"][&root][0];
    assert_eq!(edit["newText"], "success_metrics");
    // The always-on schema check cannot be suppressed: no such action.
    assert!(
        !list
            .iter()
            .any(|a| a["title"].as_str().unwrap().starts_with("Suppress")),
        "{actions}"
    );

    // A rule finding: suppress with a reason, as plain text and as a snippet.
    let vacant = ROOT.replace("    holder: ada\n", "");
    client.change(&root, 2, &vacant);
    let published = client.diagnostics(&root, 2);
    let d = published
        .iter()
        .find(|d| d["code"] == "vacant-role")
        .expect("vacant-role");
    let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
    let request = json!({ "textDocument": { "uri": root },
        "range": d["range"], "context": { "diagnostics": [d] } });
    let actions = client.request("textDocument/codeAction", request.clone());
    let suppress = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Suppress `vacant-role` here, with a reason")
        .unwrap_or_else(|| panic!("{actions}"));
    let edit = &suppress["edit"]["changes"][&root][0];
    assert_eq!(
        edit["range"]["start"],
        json!({ "line": line, "character": 0 })
    );
    let inserted = edit["newText"].as_str().unwrap();
    assert!(
        inserted.starts_with("  # rolelint: ignore[vacant-role] "),
        "{inserted}"
    );
    // Applied as it is, the placeholder is no reason: the finding stays,
    // and the suppression says why.
    let mut lines: Vec<&str> = vacant.split_inclusive('\n').collect();
    lines.insert(line, inserted);
    client.change(&root, 3, &lines.concat());
    let published = client.diagnostics(&root, 3);
    assert!(
        codes(&published)
            .iter()
            .any(|c| c.starts_with("vacant-role@")),
        "{published:?}"
    );
    assert!(
        published.iter().any(|d| d["message"]
            .as_str()
            .is_some_and(|m| m.contains("placeholder"))),
        "{published:?}"
    );
    // With the reason written, the finding is gone and no other appears.
    let reasoned = inserted.replace(
        rolelint::suppress::PLACEHOLDER_REASON,
        "hiring approved for Q3",
    );
    lines[line] = &reasoned;
    client.change(&root, 4, &lines.concat());
    assert_eq!(codes(&client.diagnostics(&root, 4)), Vec::<String>::new());
    client.stop();

    let mut snippets = Client::start(
        &s.0,
        json!({ "workspace": { "workspaceEdit": { "snippetEditSupport": true } } }),
    );
    snippets.open(&root, &vacant);
    snippets.diagnostics(&root, 1);
    let actions = snippets.request("textDocument/codeAction", request);
    let suppress = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Suppress"))
        .unwrap_or_else(|| panic!("{actions}"));
    let value = suppress["edit"]["documentChanges"][0]["edits"][0]["snippet"]["value"]
        .as_str()
        .unwrap();
    assert!(value.contains("ignore[vacant-role] ${1:"), "{value}");
    snippets.stop();
}

#[test]
fn the_outline_nests_roles_by_reporting_line() {
    let s = Scratch::new("lsp-outline");
    let text = ROOT.replace("include:\n  - teams/*.yaml\n", "")
        + &TEAM.replace("version: 1\nroles:\n", "")
        + "  - id: loop-a\n    title: A\n    reports_to: loop-b\n  - id: loop-b\n    title: B\n    reports_to: loop-a\n";
    s.write("roles.yaml", &text);
    let mut client = Client::start(&s.0, json!({}));
    let root = uri(&s.0.join("roles.yaml"));
    client.open(&root, &text);
    client.diagnostics(&root, 1);
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
    assert_eq!(top, vec!["Acme", "people", "roles"]);
    let roles = &symbols["result"][2]["children"];
    assert_eq!(roles[0]["name"], "cto");
    assert_eq!(roles[0]["children"][0]["name"], "head-platform");
    // A reporting cycle is listed, not nested forever.
    let names: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["cto", "loop-a", "loop-b"]);
    client.stop();
}
