//! Pictures and exports: graph (Mermaid, DOT), matrix, Backstage.

use std::process::Command;

fn rolelint(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn mermaid_graph_of_the_example() {
    let (code, out, _) = rolelint(&["graph", "examples/roles.yaml"]);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!(out);
}

#[test]
fn dot_graph_with_findings_marks_vacant_roles_and_counts() {
    let (code, out, _) = rolelint(&[
        "graph",
        "examples/broken.yaml",
        "--format",
        "dot",
        "--findings",
    ]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("digraph organisation {"));
    assert!(
        out.contains("head-security\\nHead of Security: vacant"),
        "{out}"
    );
    assert!(out.contains("rounded,filled,dashed"), "{out}");
    assert!(out.contains("3 errors, 1 warning"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn subtree_by_root_and_depth() {
    let (_, out, _) = rolelint(&[
        "graph",
        "examples/roles.yaml",
        "--root",
        "vp-eng",
        "--depth",
        "1",
    ]);
    let nodes = out.lines().filter(|l| l.contains("[\"")).count();
    assert_eq!(nodes, 4, "{out}");
    assert!(!out.contains("[\"ceo<br/>"));
    let (code, _, err) = rolelint(&["graph", "examples/roles.yaml", "--root", "vp-egn"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("did you mean `vp-eng`?"), "{err}");
}

#[test]
fn hostile_labels_cannot_break_the_diagram() {
    let (_, out, _) = rolelint(&["graph", "tests/hostile/html-injection.yaml"]);
    assert!(!out.contains("<script"), "{out}");
    let (_, out, _) = rolelint(&[
        "graph",
        "tests/hostile/workflow-command-injection.yaml",
        "-f",
        "dot",
    ]);
    for line in out.lines().filter(|l| l.contains("label=")) {
        let unescaped_quotes = line.replace("\\\"", "").matches('"').count();
        assert_eq!(unescaped_quotes % 2, 0, "{line}");
    }
}

#[test]
fn matrix_flags_missing_and_shared_owners() {
    let (code, out, _) = rolelint(&["matrix", "examples/broken.yaml"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("| architecture | A | A | | |"), "{out}");
    assert!(out.contains("⚠️ 2 accountable roles"));
    assert!(out.contains("| recruitment |") && out.contains("⚠️ no accountable role"));
    insta::assert_snapshot!(out);
}

#[test]
fn backstage_export_has_a_group_and_users() {
    let (code, out, _) = rolelint(&["export", "backstage", "examples/roles.yaml"]);
    assert_eq!(code, Some(0));
    assert_eq!(out.matches("kind: Group").count(), 1);
    assert_eq!(out.matches("kind: User").count(), 10);
    assert!(
        out.contains("rolelint.io/accountable-for: \"delivery,people-management,recruitment\""),
        "{out}"
    );
    assert!(out.contains("memberOf: [\"northwind-labs\"]"));
}

#[test]
fn unreadable_or_broken_input_is_exit_2() {
    let (code, _, err) = rolelint(&["graph", "does/not/exist.yaml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no such file"), "{err}");
    let (code, _, err) = rolelint(&["matrix", "tests/hostile/deep-flow.yaml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no organisation to draw"), "{err}");
}

#[test]
fn completions_and_man_page() {
    let (code, out, _) = rolelint(&["completions", "bash"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("rolelint"));
    let (code, out, _) = rolelint(&["man"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains(".TH rolelint"),
        "{}",
        &out[..200.min(out.len())]
    );
}
