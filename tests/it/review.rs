//! `rolelint diff` and `check --new-from-rev` (docs/review.md) on scripted
//! repositories: a base commit, then the working tree.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

use crate::common::GitRepo as Repo;

const BASE: &str = "version: 1
org: {name: Acme, headcount: 40}
include: [teams/*.yaml]
people:
  - {id: ana, name: Ana Ruiz}
  - {id: bo, name: Bo Lin, email: bo@example.com}
  - {id: cy, name: Cy Park}
  - {id: dee, name: Dee Moss}
areas:
  - {id: data, description: Data platform}
roles:
  - id: ceo
    title: Chief Executive Officer
    holder: ana
    responsibilities: [Runs the company]
    accountable_for: [product-strategy, security]
    success_metrics: [Revenue]
    decision_rights: [budget]
  - id: cto
    title: CTO
    holder: bo
    reports_to: ceo
    responsibilities: [Technology]
    accountable_for: [delivery, external-vision]
    success_metrics: [Uptime]
    time_allocation: {people: 50, strategy: 50}
  - id: head-data
    title: Head of Data
    holder: dee
    reports_to: cto
    accountable_for: [data]
    success_metrics: [Dashboards used]
  - id: designer
    title: Designer
    holder: cy
    reports_to: ceo
    success_metrics: [Designs shipped]
";

const TEAM: &str = "version: 1
roles:
  - {id: em, title: Engineering Manager, reports_to: cto, success_metrics: [Releases]}
";

/// One working tree with every kind of change in the spec's table.
fn every_kind_of_change() -> Repo {
    let repo = Repo::new("kinds");
    repo.write("roles.yaml", BASE);
    repo.write("teams/eng.yaml", TEAM);
    repo.commit();
    let head = BASE
        .replace("name: Acme, headcount: 40", "name: Acme Inc, headcount: 55")
        .replace("{id: bo, name: Bo Lin, email: bo@example.com}", "{id: bo, name: Bo Lin, email: bo@acme.example}")
        .replace("  - {id: dee, name: Dee Moss}\n", "  - {id: eve, name: Eve Stone}\n")
        .replace("areas:\n  - {id: data, description: Data platform}\n", "areas:\n  - {id: ml, description: Machine learning}\n")
        // Holder swap between two roles.
        .replace("    title: CTO\n    holder: bo", "    title: Chief Technology Officer\n    holder: cy")
        .replace("    title: Designer\n    holder: cy", "    title: Designer\n    holder: bo")
        .replace("accountable_for: [delivery, external-vision]", "accountable_for: [external-vision, ml]")
        .replace("success_metrics: [Uptime]", "success_metrics: [Uptime, Architecture reviews held]")
        .replace("responsibilities: [Technology]", "responsibilities: [Technology strategy]")
        .replace("decision_rights: [budget]", "decision_rights: [budget, hiring]")
        .replace("time_allocation: {people: 50, strategy: 50}", "time_allocation: {people: 30, strategy: 70}")
        // A role id renamed: a removal and an addition.
        .replace("  - id: head-data\n    title: Head of Data\n    holder: dee\n    reports_to: cto\n    accountable_for: [data]\n    success_metrics: [Dashboards used]\n", "  - id: vp-eng\n    title: VP of Engineering\n    holder: eve\n    reports_to: ceo\n    responsibilities: [Delivery]\n    accountable_for: [delivery]\n    success_metrics: [Roadmap delivered]\n")
        .replace("    title: Designer\n    holder: bo\n    reports_to: ceo", "    title: Designer\n    holder: bo\n    reports_to: vp-eng");
    repo.write("roles.yaml", &head);
    // The team's role moves to another fragment and to the new VP.
    repo.remove("teams/eng.yaml");
    repo.write(
        "teams/delivery.yaml",
        "version: 1\nroles:\n  - {id: em, title: Engineering Manager, reports_to: vp-eng, success_metrics: [Releases]}\n",
    );
    repo
}

fn kinds(v: &Value) -> Vec<String> {
    v["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["kind"].as_str().expect("kind").to_owned())
        .collect()
}

#[test]
fn every_kind_of_change_is_named_by_id() {
    let repo = every_kind_of_change();
    let v = repo.diff_json();
    let kinds = kinds(&v);
    for kind in [
        "org-renamed",
        "headcount-changed",
        "person-added",
        "person-removed",
        "person-changed",
        "role-added",
        "role-removed",
        "title-changed",
        "holder-changed",
        "reports-to-changed",
        "accountability-changed",
        "metrics-changed",
        "responsibilities-changed",
        "decision-rights-changed",
        "time-allocation-changed",
        "area-added",
        "area-removed",
        "span-changed",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "{kind} missing: {kinds:?}");
    }
    let changes = v["changes"].as_array().expect("changes");
    let has = |want: Value| changes.contains(&want);
    // The holder swap: two holder changes.
    assert!(has(
        serde_json::json!({"kind": "holder-changed", "role": "cto", "before": "bo", "after": "cy"})
    ));
    assert!(has(
        serde_json::json!({"kind": "holder-changed", "role": "designer", "before": "cy", "after": "bo"})
    ));
    // The rename: a removal and an addition.
    assert!(has(
        serde_json::json!({"kind": "role-removed", "role": "head-data", "title": "Head of Data"})
    ));
    assert!(has(
        serde_json::json!({"kind": "role-added", "role": "vp-eng", "title": "VP of Engineering"})
    ));
    // The role that moved between fragments is no removal or addition.
    assert!(
        !changes
            .iter()
            .any(|c| c["role"] == "em" && c["kind"] != "reports-to-changed"),
        "{changes:?}"
    );
    assert!(has(
        serde_json::json!({"kind": "reports-to-changed", "role": "em", "before": "cto", "after": "vp-eng"})
    ));
    assert!(has(
        serde_json::json!({"kind": "accountability-changed", "area": "delivery", "before": ["cto"], "after": ["vp-eng"]})
    ));
    assert_eq!(v["base"]["rev"], "HEAD");
    assert_eq!(v["base"]["commit"].as_str().map(str::len), Some(40));
    assert_eq!(v["stats"]["before"]["roles"], 5);
    assert_eq!(v["stats"]["after"]["roles"], 5);
}

/// The three formats, with the commit hash made stable.
#[test]
fn the_three_formats() {
    let repo = every_kind_of_change();
    let render = |format: &str| {
        let out = repo.run(&["diff", "-f", format]);
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let v = repo.diff_json();
        let commit = v["base"]["commit"].as_str().expect("commit").to_owned();
        text.replace(&commit, "COMMIT")
            .replace(&commit[..12], "COMMIT")
    };
    insta::assert_snapshot!("diff_human", render("human"));
    insta::assert_snapshot!("diff_markdown", render("markdown"));
    insta::assert_snapshot!("diff_json", render("json"));
}

#[test]
fn new_from_rev_matches_by_identity_not_by_line() {
    let repo = Repo::new("newfrom");
    let broken = BASE.replace("holder: dee", "holder: dea").replace(
        "reports_to: ceo\n    success_metrics: [Designs shipped]",
        "reports_to: cpo\n    success_metrics: [Designs shipped]",
    );
    repo.write("roles.yaml", &broken);
    repo.write("teams/eng.yaml", TEAM);
    repo.commit();
    // Edits above every finding: comments and blank lines, a new person.
    let edited = format!(
        "# reviewed in Q3\n\n{}",
        broken.replace("people:\n", "people:\n  - {id: fay, name: Fay}\n\n")
    );
    repo.write("roles.yaml", &edited);
    let out = repo.run(&["check", "--new-from-rev", "HEAD", "-f", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(0), "{v}");
    // Without the flag, the old findings are all there.
    let out = repo.run(&["check", "-f", "json"]);
    assert_eq!(out.status.code(), Some(1));
    // A new problem is the only one reported, in every format.
    let newer = edited.replace("    holder: bo\n", "    holder: bob\n");
    assert_ne!(newer, edited);
    repo.write("roles.yaml", &newer);
    for format in ["json", "sarif", "github", "concise"] {
        let out = repo.run(&["check", "--new-from-rev", "HEAD", "-f", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("person `bob`"), "{format}: {text}");
        assert!(!text.contains("`dea`"), "{format}: {text}");
    }
}

#[test]
fn bad_revisions_and_places_are_exit_2_with_nothing_written() {
    let repo = Repo::new("bad");
    repo.write("roles.yaml", BASE);
    repo.commit();
    for args in [
        &["diff", "--base", "no-such-rev", "-o", "out.md"][..],
        &[
            "check",
            "--new-from-rev",
            "no-such-rev",
            "-f",
            "sarif=out.sarif",
        ],
    ] {
        let out = repo.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("unknown revision `no-such-rev`"));
    }
    assert!(!repo.0.join("out.md").exists() && !repo.0.join("out.sarif").exists());
    let outside =
        std::env::temp_dir().join(format!("rolelint-review-nogit-{}", std::process::id()));
    std::fs::create_dir_all(&outside).expect("dir");
    std::fs::copy(repo.0.join("roles.yaml"), outside.join("roles.yaml")).expect("copy");
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(["diff"])
        .current_dir(&outside)
        .env("GIT_CEILING_DIRECTORIES", std::env::temp_dir())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not in a git repository"));
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(["diff"])
        .current_dir(&repo.0)
        .env("PATH", "/nonexistent")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("git is not installed or not on PATH"));
    std::fs::remove_dir_all(&outside).ok();
}

#[test]
fn a_base_that_does_not_parse_is_unknown_not_empty() {
    let repo = Repo::new("unparsed");
    repo.write("roles.yaml", "version: 1\norg: [unclosed\n");
    repo.commit();
    repo.write(
        "roles.yaml",
        BASE.replace("include: [teams/*.yaml]\n", "").as_str(),
    );
    let v = repo.diff_json();
    assert_eq!(v["changes"].as_array().map(Vec::len), Some(0), "{v}");
    assert_eq!(v["organisations"][0]["known_at_base"], false);
    let out = repo.run(&["diff"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("is unknown"));
    let out = repo.run(&["check", "--new-from-rev", "HEAD"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("or does not parse at HEAD"));
    // A file that did not exist at the base: everything is added.
    repo.write(
        "new/roles.yaml",
        BASE.replace("include: [teams/*.yaml]\n", "").as_str(),
    );
    let out = repo.run(&["diff", "-f", "json", "new/roles.yaml"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        kinds(&v).iter().filter(|k| *k == "role-added").count(),
        4,
        "{v}"
    );
    assert!(Path::new(&repo.0).exists());
}
