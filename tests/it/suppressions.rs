//! Inline suppressions: scoping, reasons, unknown rules, unused ones.

use crate::common::{check, findings, human};

const VACANT: &str = "version: 1
org: {name: Acme, headcount: 8}
roles:
  - id: cto
    title: Chief Technology Officer
    holder: ada
    responsibilities: [Leads engineering]
    success_metrics: [Releases shipped per month]
  - id: vp-eng
    title: VP of Engineering
    reports_to: cto
    responsibilities: [Runs delivery]
    success_metrics: [Roadmap delivered on time]
";

fn with(replace: &str, by: &str) -> String {
    assert!(VACANT.contains(replace), "{replace}");
    VACANT.replacen(replace, by, 1)
}

#[test]
fn unsuppressed_baseline() {
    assert_eq!(findings("roles.yaml", VACANT), vec!["vacant-role@9:9"]);
}

#[test]
fn own_line_comment_applies_to_the_next_node() {
    let text = with(
        "  - id: vp-eng\n",
        "  # rolelint: ignore[vacant-role] hiring approved for Q3\n\n  - id: vp-eng\n",
    );
    assert_eq!(findings("roles.yaml", &text), Vec::<String>::new());
    assert_eq!(check("roles.yaml", &text).suppressed, 1);
}

#[test]
fn trailing_comment_applies_to_the_node_on_its_line() {
    let text = with(
        "  - id: vp-eng\n",
        "  - id: vp-eng  # rolelint: ignore[vacant-role] interim cover by the CTO\n",
    );
    assert_eq!(findings("roles.yaml", &text), Vec::<String>::new());
}

#[test]
fn comment_on_an_outer_node_covers_nested_nodes() {
    let text = with(
        "roles:\n",
        "# rolelint: ignore[vacant-role] reorganisation in progress\nroles:\n",
    );
    assert_eq!(findings("roles.yaml", &text), Vec::<String>::new());
}

#[test]
fn comment_on_an_inner_node_does_not_cover_its_parent() {
    // vacant-role points at the role's id; a comment on `reports_to` covers
    // only that entry, so it suppresses nothing.
    let text = with(
        "    reports_to: cto\n",
        "    reports_to: cto  # rolelint: ignore[vacant-role] not here\n",
    );
    assert_eq!(
        findings("roles.yaml", &text),
        vec!["vacant-role@9:9", "unused-suppression@11:22"]
    );
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn missing_reason_does_not_suppress() {
    let text = with(
        "  - id: vp-eng\n",
        "  # rolelint: ignore[vacant-role]\n  - id: vp-eng\n",
    );
    assert_eq!(
        findings("roles.yaml", &text),
        vec!["unused-suppression@9:3", "vacant-role@10:9"]
    );
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn unused_suppression_is_reported() {
    let text = with(
        "  - id: cto\n",
        "  # rolelint: ignore[vacant-role] was vacant last year\n  - id: cto\n",
    );
    assert_eq!(
        findings("roles.yaml", &text),
        vec!["unused-suppression@4:3", "vacant-role@10:9"]
    );
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn unknown_rule_gets_a_suggestion() {
    let text = with(
        "  - id: vp-eng\n",
        "  # rolelint: ignore[vacant-rol, vacant-role] hiring approved\n  - id: vp-eng\n",
    );
    assert_eq!(
        findings("roles.yaml", &text),
        vec!["unused-suppression@9:3"]
    );
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn schema_cannot_be_suppressed() {
    let text = with(
        "    reports_to: cto\n",
        "    reports_to: cto\n    owner: ops  # rolelint: ignore[schema] legacy key\n",
    );
    assert_eq!(
        findings("roles.yaml", &text),
        vec!["vacant-role@9:9", "schema@12:5", "unused-suppression@12:17"]
    );
}

#[test]
fn hash_inside_a_string_is_not_a_comment() {
    let text = with(
        "    title: VP of Engineering\n",
        "    title: \"VP # rolelint: ignore[vacant-role] x\"\n",
    );
    assert_eq!(findings("roles.yaml", &text), vec!["vacant-role@9:9"]);
}

#[test]
fn unused_suppression_can_be_turned_off() {
    let text = with(
        "  - id: cto\n",
        "  # rolelint: ignore[vacant-role] was vacant last year\n  - id: cto\n",
    );
    let mut settings = rolelint::Settings::default();
    settings.set_level("unused-suppression", rolelint::diagnostic::Level::Off);
    let checked = rolelint::check_bytes("roles.yaml", text.as_bytes(), &settings);
    let rules: Vec<&str> = checked.diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, vec!["vacant-role"]);
}

#[test]
fn a_suppression_of_a_rule_that_is_off_is_not_unused() {
    let text = with(
        "  - id: vp-eng\n",
        "  - id: vp-eng  # rolelint: ignore[vacant-role, single-root] hiring approved for Q3\n",
    );
    let repo = crate::common::Scratch::new("suppress-off");
    repo.write("roles.yaml", &text);
    // On: `single-root` suppressed nothing (one root), `vacant-role` was used.
    let out = repo.run(&["check", "-f", "concise", "roles.yaml"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("suppression of `single-root` suppressed nothing"),
        "{stdout}"
    );
    // Off on the command line or in the configuration: the suppression of
    // the rule that is off is not unused, and --fix keeps it and its reason.
    for (args, config) in [
        (&["--rule", "vacant-role=off"][..], None),
        (&[][..], Some("rules:\n  vacant-role: off\n")),
    ] {
        if let Some(config) = config {
            repo.write(".rolelint.yaml", config);
        }
        let mut all = vec!["check", "-f", "concise", "--fail-on", "warning"];
        all.extend_from_slice(args);
        all.push("roles.yaml");
        let out = repo.run(&all);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("`vacant-role`"), "{args:?}: {stdout}");
        let mut fix = vec!["check", "--fix"];
        fix.extend_from_slice(args);
        fix.push("roles.yaml");
        repo.run(&fix);
        let after = String::from_utf8(repo.read("roles.yaml")).expect("utf-8");
        assert!(
            after.contains("ignore[vacant-role] hiring approved for Q3"),
            "{args:?}: {after}"
        );
        repo.write("roles.yaml", &text);
    }
}

#[test]
fn the_editors_placeholder_is_no_reason() {
    let text = with(
        "  - id: vp-eng\n",
        &format!(
            "  - id: vp-eng  # rolelint: ignore[vacant-role] {}\n",
            rolelint::suppress::PLACEHOLDER_REASON
        ),
    );
    let found = findings("roles.yaml", &text);
    assert!(found.contains(&"vacant-role@9:9".to_owned()), "{found:?}");
    let checked = check("roles.yaml", &text);
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.message.contains("still has the placeholder")),
        "{:?}",
        checked.diagnostics
    );
}

#[test]
fn a_misspelt_rule_is_renamed_and_a_written_reason_never_deleted() {
    let repo = crate::common::Scratch::new("suppress-misspelt");
    let misspelt = with(
        "  - id: vp-eng\n",
        "  - id: vp-eng  # rolelint: ignore[vacnt-role] hiring approved for Q3\n",
    );
    repo.write("roles.yaml", &misspelt);
    let out = repo.run(&["check", "-f", "concise", "roles.yaml"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("did you mean `vacant-role`?"));
    repo.run(&["check", "--fix", "roles.yaml"]);
    let fixed = String::from_utf8(repo.read("roles.yaml")).expect("utf-8");
    assert!(
        fixed.contains("# rolelint: ignore[vacant-role] hiring approved for Q3"),
        "{fixed}"
    );
    assert_eq!(findings("roles.yaml", &fixed), Vec::<String>::new());
    // Words left out: still the one rule meant.
    let words = with(
        "    title: VP of Engineering\n",
        "    title: VP of Engineering  # rolelint: ignore[split-delivery-vision] the founders share it\n",
    );
    let checked = check("roles.yaml", &words);
    assert!(
        checked.diagnostics.iter().any(|d| d
            .message
            .contains("did you mean `split-delivery-and-vision`?")),
        "{:?}",
        checked.diagnostics
    );
    // Nothing close: the comment and its reason stay; no fix deletes them.
    let unknown = with(
        "  - id: vp-eng\n",
        "  - id: vp-eng  # rolelint: ignore[zzz-qqq] kept for the audit\n",
    );
    repo.write("roles.yaml", &unknown);
    repo.run(&["check", "--fix", "roles.yaml"]);
    let after = String::from_utf8(repo.read("roles.yaml")).expect("utf-8");
    assert!(
        after.contains("ignore[zzz-qqq] kept for the audit"),
        "{after}"
    );
}
