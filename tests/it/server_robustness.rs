//! `rolelint server` against what an editor or an attacker may send:
//! unknown requests, panics, shutdown and exit, hostile documents, and
//! outlines too large to send whole.

use crate::common::Scratch;
use crate::lsp_client::{Client, uri};
use crate::server::{ROOT, codes, organisation};
use serde_json::{Value, json};

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
