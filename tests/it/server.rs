//! `rolelint server` over stdio: every feature of docs/server.md,
//! driven with JSON-RPC frames as an editor sends them.

use crate::common::Scratch;
use crate::lsp_client::{Client, position_of, uri};
use serde_json::{Value, json};

pub const ROOT: &str = "\
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

pub const TEAM: &str = "\
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

pub fn organisation(name: &str) -> Scratch {
    let s = Scratch::new(name);
    s.write("roles.yaml", ROOT);
    s.write("teams/platform.yaml", TEAM);
    s
}

pub fn codes(diagnostics: &[Value]) -> Vec<String> {
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
pub fn check_codes(s: &Scratch, file: &str) -> Vec<String> {
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
fn custom_rules_are_checked_as_the_configuration_is_edited() {
    let s = organisation("lsp-custom");
    let rules = "custom-rules:\n  short-titles:\n    summary: titles are at most 10 characters\n    for: roles\n    assert: size(role.title) <= 10\n";
    s.write(".rolelint.yaml", rules);
    let mut client = Client::start(&s.0, json!({}));
    let root = uri(&s.0.join("roles.yaml"));
    client.open(&root, ROOT);
    let published = client.diagnostics(&root, 1);
    assert!(
        codes(&published)
            .iter()
            .any(|c| c.starts_with("short-titles")),
        "a custom rule's finding is shown"
    );
    // Typing a misspelt field: the error is on the configuration, at the
    // field, before the file is saved.
    let config = uri(&s.0.join(".rolelint.yaml"));
    client.open(&config, rules);
    let edited = rules.replace("role.title", "role.titel");
    client.change(&config, 2, &edited);
    let errors = client.diagnostics(&config, 2);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "config");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("`role` has no field `titel`"),
        "{errors:?}"
    );
    assert_eq!(
        errors[0]["range"]["start"],
        json!({"line": 4, "character": 22})
    );
    client.change(&config, 3, rules);
    assert_eq!(client.diagnostics(&config, 3), Vec::<Value>::new());
    // A custom finding can be suppressed from the editor, and a
    // suppression naming the rule says what it is.
    let custom: Vec<Value> = published
        .iter()
        .filter(|d| d["code"] == "short-titles")
        .cloned()
        .collect();
    let range = custom[0]["range"].clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": root }, "range": range, "context": { "diagnostics": custom } }),
    );
    assert!(
        actions["result"]
            .as_array()
            .expect("actions")
            .iter()
            .any(|a| a["title"].as_str().unwrap_or("").starts_with("Suppress")),
        "{actions}"
    );
    let suppressed = ROOT.replacen(
        "  - id: ",
        "  # rolelint: ignore[short-titles] the board chose the title\n  - id: ",
        1,
    );
    client.change(&root, 2, &suppressed);
    client.diagnostics(&root, 2);
    let line = suppressed
        .lines()
        .position(|l| l.contains("ignore[short-titles]"))
        .unwrap();
    let column = suppressed
        .lines()
        .nth(line)
        .unwrap()
        .find("short-titles")
        .unwrap();
    let hover = client.hover_text(&root, json!({ "line": line, "character": column + 2 }));
    assert!(
        hover.contains("custom rule") && hover.contains("titles are at most 10 characters"),
        "{hover}"
    );
    client.stop();
}
