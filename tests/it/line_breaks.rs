//! Line breaks as YAML 1.2 and the Language Server Protocol count them
//! (LF, CRLF, a lone CR), a byte order mark in the editor, and a tab
//! reported where it is.

use crate::common::{Scratch, VALID, findings};
use crate::lsp_client::{Client, uri};
use serde_json::json;

/// The valid organisation with a vacant role, suppressed or not.
fn vacant(with_suppression: bool) -> String {
    let text = VALID.replace("holder: ada", "holder:");
    if with_suppression {
        text.replace(
            "- id: cto",
            "- id: cto  # rolelint: ignore[vacant-role] hiring approved",
        )
    } else {
        text
    }
}

#[test]
fn a_lone_cr_ends_a_line_in_the_cli() {
    let lf = vacant(false);
    let cr = lf.replace('\n', "\r");
    let crlf = lf.replace('\n', "\r\n");
    let expected = findings("roles.yaml", &lf);
    assert_eq!(expected, vec!["vacant-role@6:9".to_owned()], "{expected:?}");
    assert_eq!(findings("roles.yaml", &cr), expected);
    assert_eq!(findings("roles.yaml", &crlf), expected);
    // A suppression applies to its own line in a CR-only file too.
    assert_eq!(findings("roles.yaml", &vacant(true)), Vec::<String>::new());
    let suppressed = vacant(true).replace('\n', "\r");
    assert_eq!(findings("roles.yaml", &suppressed), Vec::<String>::new());
}

#[test]
fn a_tab_is_reported_on_its_own_line_with_the_fix() {
    let mut text = String::new();
    for i in 0..119 {
        text.push_str(&format!("# line {}\n", i + 1));
    }
    text.push_str("version: 1\n\torg: x\n");
    let checked = crate::common::check("roles.yaml", &text);
    let d = &checked.diagnostics[0];
    let p = checked.sources[0].position(d.primary.span.start);
    assert_eq!((p.line, p.column), (121, 1), "{}", d.message);
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("indent with spaces"))
    );
    // A tab inside an indented line, after spaces.
    let text = VALID.replace("    title:", "  \t  title:");
    let found = findings("roles.yaml", &text);
    assert_eq!(found, vec!["syntax@7:3".to_owned()], "{found:?}");
}

#[test]
fn the_server_counts_a_lone_cr_and_a_bom_in_the_clients_units() {
    let s = Scratch::new("lsp-breaks");
    let lf = vacant(false);
    for (name, text, encodings, line, character) in [
        ("cr.yaml", lf.replace('\n', "\r"), json!(["utf-16"]), 5, 8),
        (
            "crlf.yaml",
            lf.replace('\n', "\r\n"),
            json!(["utf-16"]),
            5,
            8,
        ),
        // A byte order mark: one UTF-16 unit, three UTF-8 bytes, on line 0.
        (
            "bom16.yaml",
            format!("\u{feff}{lf}"),
            json!(["utf-16"]),
            0,
            1,
        ),
        ("bom8.yaml", format!("\u{feff}{lf}"), json!(["utf-8"]), 0, 3),
    ] {
        let text = if name.starts_with("bom") {
            // A finding on line 0: an unknown top-level key.
            text.replacen("version: 1", "versoin: 1", 1)
        } else {
            text
        };
        let path = s.0.join(name.trim_end_matches(".yaml")).join("roles.yaml");
        std::fs::create_dir_all(path.parent().expect("dir")).expect("dir");
        std::fs::write(&path, &text).expect("write");
        let mut client = Client::start(
            &s.0,
            json!({ "general": { "positionEncodings": encodings } }),
        );
        let u = uri(&path);
        client.open(&u, &text);
        let published = client.diagnostics(&u, 1);
        let first = published
            .iter()
            .min_by_key(|d| {
                (
                    d["range"]["start"]["line"].as_u64(),
                    d["range"]["start"]["character"].as_u64(),
                )
            })
            .unwrap_or_else(|| panic!("{name}: {published:?}"));
        assert_eq!(
            (
                &first["range"]["start"]["line"],
                &first["range"]["start"]["character"]
            ),
            (&json!(line), &json!(character)),
            "{name}: {first}"
        );
        client.stop();
    }
}
