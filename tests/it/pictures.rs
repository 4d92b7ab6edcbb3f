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
fn backstage_export_has_the_hierarchy_and_users() {
    let (code, out, _) = rolelint(&["export", "backstage", "examples/roles.yaml"]);
    assert_eq!(code, Some(0));
    // The organisation, and a team per role with reports.
    assert_eq!(out.matches("kind: Group").count(), 5, "{out}");
    assert_eq!(out.matches("kind: User").count(), 10);
    assert!(
        out.contains("rolelint.io/accountable-for: \"delivery,people-management,recruitment\""),
        "{out}"
    );
    assert!(out.contains("children: [\"team-ceo\"]"), "{out}");
    assert!(
        out.contains("name: \"team-cto\"\n  title: \"Chief Technology Officer (Devraj Patel)\""),
        "{out}"
    );
    assert!(
        out.contains("  type: team\n  parent: \"team-ceo\"\n"),
        "{out}"
    );
    // The CEO leads the CEO's team; nobody is left in the bare organisation.
    assert!(out.contains("memberOf: [\"team-ceo\"]"), "{out}");
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

#[test]
fn pictures_find_their_file_like_check() {
    let dir = std::env::temp_dir().join(format!("rolelint-pic-find-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("dir");
    std::fs::create_dir_all(dir.join("org")).expect("dir");
    std::fs::copy("examples/roles.yaml", dir.join("org/roles.yaml")).expect("copy");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("runs")
    };
    for args in [&["graph"][..], &["matrix"], &["export", "backstage"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty());
    }
    std::fs::copy("examples/broken.yaml", dir.join("roles.yaml")).expect("copy");
    let out = run(&["graph"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 roles files found"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn pictures_honour_the_configuration_of_the_repository() {
    let repo = crate::common::Scratch::new("pictures-config");
    repo.write(
        "org/roles.yaml",
        "version: 1\norg: {name: Acme, headcount: 5}\nroles:\n  - id: ceo\n    title: Chief Executive Officer\n    responsibilities: [Runs the company]\n    success_metrics: [Revenue]\n",
    );
    let graph = |repo: &crate::common::Scratch, dir: &str, file: &str| {
        String::from_utf8_lossy(&repo.run_in(dir, &["graph", "--findings", file], &[]).stdout)
            .into_owned()
    };
    assert!(graph(&repo, ".", "org/roles.yaml").contains("1 warning"));
    // A rule turned off in .rolelint.yaml does not colour the chart, from
    // the root or from a subdirectory.
    repo.write(".rolelint.yaml", "rules:\n  vacant-role: off\n");
    for (dir, file) in [(".", "org/roles.yaml"), ("org", "roles.yaml")] {
        let out = graph(&repo, dir, file);
        assert!(out.contains("vacant\"]:::vacant\n"), "{dir}: {out}");
        assert!(!out.contains("1 warning"), "{dir}: {out}");
    }
    let out = repo.run(&["matrix", "org/roles.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
