//! Fixes (docs/fixing.md): each fix byte-exact on its fixture, in CRLF and with
//! a BOM, idempotent, across fragments, in json and SARIF, from stdin.

use serde_json::Value;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::Scratch as Dir;

/// Each fixture: (directory, needs --unsafe-fixes).
const FIXTURES: &[(&str, bool)] = &[
    ("unknown-key", false),
    ("unused-suppression", false),
    ("enum-value", true),
    ("unknown-reference", true),
];

fn fixture(name: &str, which: &str) -> Vec<u8> {
    std::fs::read(Path::new("tests/fixes").join(name).join(which)).expect("fixture")
}

fn crlf(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8(bytes.to_vec())
        .expect("utf-8")
        .replace('\n', "\r\n")
        .into_bytes()
}

fn bom(bytes: &[u8]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend_from_slice(bytes);
    out
}

#[test]
fn each_fix_is_byte_exact_in_lf_crlf_and_with_a_bom() {
    for &(name, guessed) in FIXTURES {
        let (before, after) = (fixture(name, "before.yaml"), fixture(name, "after.yaml"));
        for (variant, transform) in [
            ("lf", (|b: &[u8]| b.to_vec()) as fn(&[u8]) -> Vec<u8>),
            ("crlf", crlf),
            ("bom", bom),
        ] {
            let dir = Dir::new(&format!("fix-{name}-{variant}"));
            dir.write("roles.yaml", transform(&before));
            let mut args = vec!["check", "--fix", "roles.yaml"];
            if guessed {
                // Not applied without --unsafe-fixes.
                let out = dir.run(&args);
                assert_eq!(
                    dir.read("roles.yaml"),
                    transform(&before),
                    "{name} {variant}: {out:?}"
                );
                args.insert(2, "--unsafe-fixes");
            }
            let out = dir.run(&args);
            assert_eq!(
                String::from_utf8_lossy(&dir.read("roles.yaml")),
                String::from_utf8_lossy(&transform(&after)),
                "{name} {variant}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                String::from_utf8_lossy(&out.stderr).contains("fixed "),
                "{name}"
            );
            // Idempotent: a second run changes nothing.
            let again = dir.run(&args);
            assert_eq!(
                dir.read("roles.yaml"),
                transform(&after),
                "{name} {variant} twice"
            );
            assert!(
                String::from_utf8_lossy(&again.stderr).contains("fixed 0 findings in 0 files"),
                "{name} {variant}: {}",
                String::from_utf8_lossy(&again.stderr)
            );
        }
    }
}

#[test]
fn diff_writes_nothing_and_exits_1() {
    let dir = Dir::new("diff");
    let before = fixture("unknown-key", "before.yaml");
    dir.write("roles.yaml", &before);
    let out = dir.run(&["check", "--diff", "roles.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("--- a/roles.yaml\n+++ b/roles.yaml\n@@ "),
        "{text}"
    );
    assert!(
        text.contains("-    \"succes_metrics\":\n+    \"success_metrics\":\n"),
        "{text}"
    );
    assert_eq!(dir.read("roles.yaml"), before);
    // Nothing to fix: no diff, exit 0.
    dir.write("roles.yaml", fixture("unknown-key", "after.yaml"));
    let out = dir.run(&["check", "--diff", "roles.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn a_fix_in_a_fragment_is_written_there() {
    let dir = Dir::new("fragment");
    dir.write(
        "roles.yaml",
        b"version: 1\norg: {name: A, headcount: 5}\ninclude: [teams/*.yaml]\nroles:\n  - {id: ceo, title: CEO, holder: a, responsibilities: [x], success_metrics: [x]}\n",
    );
    dir.write(
        "teams/eng.yaml",
        b"version: 1\nroles:\n  # keep this comment\n  - {id: em, title: EM, holder: b, reports_to: ceo, sucess_metrics: [m]}\n",
    );
    let out = dir.run(&["check", "--fix", "roles.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        dir.read("teams/eng.yaml"),
        b"version: 1\nroles:\n  # keep this comment\n  - {id: em, title: EM, holder: b, reports_to: ceo, success_metrics: [m]}\n"
    );
}

#[test]
fn overlapping_fixes_take_two_rounds() {
    let dir = Dir::new("overlap");
    // Two unknown names in one comment: both fixes edit the same list.
    dir.write(
        "roles.yaml",
        b"version: 1\norg: {name: A, headcount: 5}\nroles:\n  - id: ceo  # rolelint: ignore[nope-one, nope-two, vacant-role] reason\n    title: CEO\n    responsibilities: [x]\n    success_metrics: [x]\n",
    );
    let out = dir.run(&["check", "--fix", "roles.yaml"]);
    assert_eq!(
        String::from_utf8_lossy(&dir.read("roles.yaml")),
        "version: 1\norg: {name: A, headcount: 5}\nroles:\n  - id: ceo  # rolelint: ignore[vacant-role] reason\n    title: CEO\n    responsibilities: [x]\n    success_metrics: [x]\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_fix_that_would_add_a_finding_is_dropped() {
    let dir = Dir::new("dropped");
    // `ceoo` -> `ceo` would close a reporting cycle (ceo reports to cto).
    let text = b"version: 1\norg: {name: A, headcount: 5}\nroles:\n  - {id: ceo, title: CEO, holder: a, reports_to: cto, responsibilities: [x], success_metrics: [x]}\n  - {id: cto, title: CTO, holder: b, reports_to: ceoo, responsibilities: [x], success_metrics: [x]}\n";
    dir.write("roles.yaml", text);
    let out = dir.run(&["check", "--fix", "--unsafe-fixes", "roles.yaml"]);
    assert_eq!(dir.read("roles.yaml"), text);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("note: fix not applied: replace `ceoo` with `ceo`"),
        "{stderr}"
    );
    assert!(stderr.contains("fixed 0 findings in 0 files"), "{stderr}");
}

#[test]
fn no_rename_onto_a_key_that_is_there() {
    let dir = Dir::new("present");
    // Renaming `titel` to `title` would duplicate the key `title`: the
    // schema fix is only offered when the key meant is absent.
    let text = b"version: 1\norg: {name: A, headcount: 5}\nroles:\n  - id: ceo\n    title: CEO\n    titel: Boss\n    holder: a\n    responsibilities: [x]\n    success_metrics: [x]\n";
    dir.write("roles.yaml", text);
    let out = dir.run(&["check", "--fix", "-f", "json", "roles.yaml"]);
    assert_eq!(dir.read("roles.yaml"), text);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "schema");
    assert!(d["fix"].is_null(), "{d}");
}

#[test]
fn json_and_sarif_carry_the_fixes() {
    let dir = Dir::new("outputs");
    dir.write("roles.yaml", fixture("unknown-reference", "before.yaml"));
    let out = dir.run(&["check", "-f", "json", "roles.yaml"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["rule"] == "unknown-reference")
        .expect("finding");
    assert_eq!(d["fix"]["applicability"], "unsafe");
    assert_eq!(d["fix"]["edits"][0]["content"], "\"ceo\"");
    assert_eq!(d["fix"]["edits"][0]["start"]["line"], 12);
    assert_eq!(d["fix"]["edits"][0]["start"]["column"], 17);
    let out = dir.run(&["check", "-f", "sarif", "roles.yaml"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let result = v["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "unknown-reference")
        .expect("result");
    let replacement = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "\"ceo\"");
    assert_eq!(replacement["deletedRegion"]["startLine"], 12);
    assert_eq!(replacement["deletedRegion"]["charLength"], 6);
    // Human output marks the finding and counts what --fix would do.
    let out = dir.run(&["check", "roles.yaml"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("unsafe fix available with --fix --unsafe-fixes: replace `ceoo` with `ceo`"),
        "{text}"
    );
    assert!(
        text.contains("; 1 fixable with --fix --unsafe-fixes"),
        "{text}"
    );
}

#[test]
fn fix_from_stdin_writes_the_document_to_stdout() {
    let before = fixture("unknown-key", "before.yaml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(["check", "--fix", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&before)
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.stdout, fixture("unknown-key", "after.yaml"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn standard_input_is_fixed_alone() {
    let dir = Dir::new("fix-stdin-mixed");
    dir.write("roles.yaml", fixture("unknown-key", "before.yaml"));
    let out = dir.run(&[
        "check",
        "--fix",
        "--stdin-filename",
        "roles.yaml",
        "-",
        "roles.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("take standard input alone"));
    assert_eq!(
        dir.read("roles.yaml"),
        fixture("unknown-key", "before.yaml")
    );
}
