//! `rolelint server` over stdio: every feature of `language-server.md`,
//! driven with JSON-RPC frames as an editor sends them.

use crate::common::Scratch;
use crate::lsp_client::{Client, position_of, uri};
use serde_json::{Value, json};

const ROOT: &str = "\
version: 1
org:
  name: Acme
  headcount: 8
people:
  - id: ada
    name: Ada Lovelace
  - id: bob
    name: Bob Example
include:
  - teams/*.yaml
roles:
  - id: cto
    title: Chief Technology Officer
    holder: ada
    responsibilities: [Leads engineering]
    accountable_for: [delivery, external-vision]
    success_metrics: [Releases shipped per month]
    decision_rights: [build-vs-buy]
";

const TEAM: &str = "\
version: 1
roles:
  - id: head-platform
    title: Head of Platform
    holder: bob
    reports_to: cto
    responsibilities: [Runs the platform]
    accountable_for: [reliability]
    success_metrics: [Uptime]
";

fn organisation(name: &str) -> Scratch {
    let s = Scratch::new(name);
    s.write("roles.yaml", ROOT);
    s.write("teams/platform.yaml", TEAM);
    s
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}@{}:{}",
                d["code"].as_str().unwrap_or("?"),
                d["range"]["start"]["line"],
                d["range"]["start"]["character"]
            )
        })
        .collect()
}

/// `rule@line:column` (0-based, like the protocol) of `check -f json`.
fn check_codes(s: &Scratch, file: &str) -> Vec<String> {
    let out = s.run(&["check", "-f", "json", file]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut found: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            format!(
                "{}@{}:{}",
                d["rule"].as_str().unwrap_or("?"),
                d["span"]["start"]["line"].as_u64().unwrap_or(0) - 1,
                d["span"]["start"]["column"].as_u64().unwrap_or(0) - 1
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn diagnostics_are_the_findings_of_check_and_follow_the_buffer() {
    let s = organisation("lsp-diag");
    let broken = ROOT.replace("holder: ada", "holder: adaa");
    s.write("roles.yaml", &broken);
    let mut client = Client::start(&s.0, json!({}));
    let root = uri(&s.0.join("roles.yaml"));
    client.open(&root, &broken);
    let published = client.diagnostics(&root, 1);
    let mut got = codes(&published);
    got.sort();
    assert_eq!(got, check_codes(&s, "roles.yaml"));
    assert!(
        got.iter().any(|c| c.starts_with("unknown-reference@14:")),
        "{got:?}"
    );
    let d = published
        .iter()
        .find(|d| d["code"] == "unknown-reference")
        .expect("finding");
    assert_eq!(d["source"], "rolelint");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `ada`"),
        "{d}"
    );
    let page = d["codeDescription"]["href"].as_str().expect("rule page");
    assert!(page.ends_with("/rules/unknown-reference.md"), "{page}");
    let page_path = page.strip_prefix("file://").expect("file uri");
    let text = std::fs::read_to_string(page_path).expect("page written");
    assert!(text.starts_with("# unknown-reference"), "{text}");

    // The buffer, not the disk: fix it without saving.
    client.change(&root, 2, ROOT);
    assert_eq!(codes(&client.diagnostics(&root, 2)), Vec::<String>::new());
    // Break it again with an incremental change.
    let at = position_of(ROOT, "holder: ada", 10);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": root, "version": 3 }, "contentChanges": [
            { "range": { "start": at, "end": at }, "text": "x" } ] }),
    );
    let again = codes(&client.diagnostics(&root, 3));
    assert!(
        again.iter().any(|c| c.starts_with("unknown-reference@14:")),
        "{again:?}"
    );
    // Closed: cleared.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": root } }),
    );
    let cleared = client
        .wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == root);
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    let (status, _) = client.stop();
    assert_eq!(status, Some(0));
}

#[test]
fn positions_are_utf16_unless_the_client_offers_utf8() {
    let s = Scratch::new("lsp-utf");
    let text = ROOT
        .replace("include:\n  - teams/*.yaml\n", "")
        .replace(
            "roles:\n",
            "roles:\n  - {title: \"Geschäftsführer 😀\", id: ceo, reports_to: nobody, holder: ada, success_metrics: [x], responsibilities: [x], decision_rights: [x]}\n",
        );
    s.write("roles.yaml", &text);
    let root = uri(&s.0.join("roles.yaml"));
    let line = text
        .lines()
        .position(|l| l.contains("Geschäftsführer"))
        .unwrap();
    let column_bytes = text.lines().nth(line).unwrap().find("nobody").unwrap();
    let column_utf16 = text.lines().nth(line).unwrap()[..column_bytes]
        .encode_utf16()
        .count();
    assert_ne!(column_bytes, column_utf16);
    for (capabilities, expected) in [
        (json!({}), column_utf16),
        (
            json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
            column_bytes,
        ),
    ] {
        let mut client = Client::start(&s.0, capabilities);
        client.open(&root, &text);
        let published = client.diagnostics(&root, 1);
        let d = published
            .iter()
            .find(|d| d["code"] == "unknown-reference" && d["range"]["start"]["line"] == line)
            .unwrap_or_else(|| panic!("{published:?}"));
        assert_eq!(d["range"]["start"]["character"], expected, "{d}");
        // Hover at the same place finds the role it names.
        let hover = client.hover_text(&root, json!({ "line": line, "character": expected + 1 }));
        assert!(hover.contains("nobody"), "{hover}");
        client.stop();
    }
}

#[test]
fn a_fragment_is_checked_through_its_root_with_open_buffers() {
    let s = organisation("lsp-frag");
    let mut client = Client::start(&s.0, json!({}));
    let team = uri(&s.0.join("teams/platform.yaml"));
    let root = uri(&s.0.join("roles.yaml"));
    // An unsaved edit of the fragment: a manager that does not exist.
    let edited = TEAM.replace("reports_to: cto", "reports_to: ceo");
    client.open(&team, &edited);
    let got = codes(&client.diagnostics(&team, 1));
    assert_eq!(got, vec!["unknown-reference@5:16".to_owned()], "{got:?}");
    // The root, opened, reads the fragment's buffer too: the same finding,
    // in the fragment, and none in the root.
    client.open(&root, ROOT);
    assert_eq!(codes(&client.diagnostics(&root, 1)), Vec::<String>::new());
    assert_eq!(
        codes(&client.diagnostics(&team, 1)),
        vec!["unknown-reference@5:16".to_owned()]
    );
    // Fix it in the root's buffer instead: add the role `ceo`.
    let with_ceo = ROOT.replace(
        "roles:\n",
        "roles:\n  - id: ceo\n    title: CEO\n    holder: bob\n    responsibilities: [x]\n    accountable_for: [product-strategy]\n    success_metrics: [x]\n    decision_rights: [x]\n",
    );
    client.change(&root, 2, &with_ceo);
    assert_eq!(codes(&client.diagnostics(&team, 1)), Vec::<String>::new());
    // The root stops including it: the fragment is on its own now.
    client.change(
        &root,
        3,
        &with_ceo.replace("include:\n  - teams/*.yaml\n", ""),
    );
    let alone = client.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == team
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| !d.is_empty())
    });
    let message = alone["params"]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("no root file below the repository includes it"),
        "{alone}"
    );
    client.stop();
}

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

fn labels(response: &Value) -> Vec<String> {
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
    // Applied, the finding is gone and no other appears.
    let mut lines: Vec<&str> = vacant.split_inclusive('\n').collect();
    lines.insert(line, inserted);
    client.change(&root, 3, &lines.concat());
    assert_eq!(codes(&client.diagnostics(&root, 3)), Vec::<String>::new());
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

#[test]
fn configuration_is_used_and_reread_when_it_changes() {
    let s = organisation("lsp-config");
    let vacant = ROOT.replace("    holder: ada\n", "");
    let mut client = Client::start(&s.0, json!({}));
    let root = uri(&s.0.join("roles.yaml"));
    client.open(&root, &vacant);
    assert!(
        codes(&client.diagnostics(&root, 1))
            .iter()
            .any(|c| c.starts_with("vacant-role"))
    );
    s.write(".rolelint.yaml", "rules:\n  vacant-role: off\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&s.0.join(".rolelint.yaml")), "type": 1 }] }),
    );
    assert_eq!(codes(&client.diagnostics(&root, 1)), Vec::<String>::new());
    // An invalid configuration: said once, shown on its file, defaults used.
    s.write(".rolelint.yaml", "rules:\n  vacant-rol: off\n");
    let config = uri(&s.0.join(".rolelint.yaml"));
    client.open(&config, "rules:\n  vacant-rol: off\n");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": config } }),
    );
    let on_config = client.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == config
            && m["params"]["diagnostics"] != json!([])
    });
    assert_eq!(
        on_config["params"]["diagnostics"][0]["code"], "config",
        "{on_config}"
    );
    let message = client.wait(|m| m["method"] == "window/showMessage");
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains("invalid configuration"),
        "{message}"
    );
    assert!(
        codes(&client.diagnostics(&root, 1))
            .iter()
            .any(|c| c.starts_with("vacant-role"))
    );
    client.stop();
}

#[test]
fn unknown_requests_panics_and_shutdown_are_answered() {
    let s = organisation("lsp-robust");
    let mut client = Client::start(&s.0, json!({}));
    let unknown = client.request("textDocument/semanticTokens/full", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let panicked = client.request("rolelint/testPanic", json!({}));
    assert_eq!(panicked["error"]["code"], -32603, "{panicked}");
    // Still serving.
    let root = uri(&s.0.join("roles.yaml"));
    client.open(&root, ROOT);
    assert_eq!(codes(&client.diagnostics(&root, 1)), Vec::<String>::new());
    // Malformed parameters: an error, not a crash.
    let bad = client.request("textDocument/hover", json!({ "textDocument": 5 }));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let shutdown = client.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    let after = client.request("textDocument/hover", json!({}));
    assert_eq!(after["error"]["code"], -32600, "{after}");
    client.notify("exit", Value::Null);
    let (status, stderr) = client.finish();
    assert_eq!(status, Some(0));
    assert!(
        stderr.contains("internal error while answering rolelint/testPanic"),
        "{stderr}"
    );

    // `exit` without `shutdown`, and input that just ends: status 1.
    let mut client = Client::start(&s.0, json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.finish().0, Some(1));
    let client = Client::start(&s.0, json!({}));
    assert_eq!(client.finish().0, Some(1));
}

#[test]
fn hostile_documents_never_crash_the_server() {
    let s = Scratch::new("lsp-hostile");
    let mut client = Client::start(&s.0, json!({}));
    let root = uri(&s.0.join("roles.yaml"));
    let deep = format!("roles:\n{}x", "- ".repeat(100_000));
    let wide = format!(
        "org: {{name: \"{}\", headcount: 1}}\nroles: []\n",
        "é".repeat(200_000)
    );
    let laughs = "roles: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
    let texts = [
        "roles: [".to_owned(),
        "\u{feff}org: {name: x, headcount: 1}\r\nroles:\r\n  - id: é\r\n".to_owned(),
        "roles:\n\0\0\0".to_owned(),
        deep,
        wide,
        laughs.to_owned(),
        String::new(),
    ];
    client.open(&root, "roles: []\n");
    client.diagnostics(&root, 1);
    for (i, text) in texts.iter().enumerate() {
        let version = i64::try_from(i).unwrap() + 2;
        client.change(&root, version, text);
        let published = client.diagnostics(&root, version);
        // Every request still answers on whatever the buffer holds.
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/documentSymbol",
            "textDocument/references",
        ] {
            let r = client.request(method, json!({ "textDocument": { "uri": root },
                "position": { "line": 1, "character": 3 }, "context": { "includeDeclaration": true } }));
            assert!(r.get("error").is_none(), "{method} on text {i}: {r}");
        }
        let r = client.request("textDocument/codeAction", json!({ "textDocument": { "uri": root },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } },
            "context": { "diagnostics": published } }));
        assert!(r.get("error").is_none(), "code actions on text {i}: {r}");
    }
    // Positions past the end, and a change range past the end.
    client.notify("textDocument/didChange", json!({ "textDocument": { "uri": root, "version": 50 },
        "contentChanges": [{ "range": { "start": { "line": 900, "character": 9 }, "end": { "line": 999, "character": 0 } }, "text": "x" }] }));
    client.diagnostics(&root, 50);
    let (status, stderr) = client.stop();
    assert_eq!(status, Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_huge_outline_is_capped() {
    let s = Scratch::new("lsp-outline-cap");
    let mut text = String::from("version: 1\norg: {name: Big, headcount: 9000}\nroles:\n");
    for i in 0..5_010 {
        text.push_str(&format!("  - {{id: r{i}, title: Role {i}}}\n"));
    }
    s.write("roles.yaml", &text);
    let mut client = Client::start(&s.0, json!({}));
    let root = uri(&s.0.join("roles.yaml"));
    client.open(&root, &text);
    client.diagnostics(&root, 1);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": root } }),
    );
    let roles = symbols["result"][1]["children"].as_array().expect("roles");
    assert_eq!(roles.len(), 5_001);
    assert_eq!(roles[5_000]["name"], "… and 10 more");
    client.stop();
}
