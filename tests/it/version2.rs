//! Format version 2 on organisations as they really are (tests/orgs: a
//! 70-person company and a volunteer foundation): the findings of each,
//! read as its owner would; the diff between two revisions; the chart.
//! And the promise to version 1 files: they keep their findings, and
//! bumping one to version 2 adds only the new rules' findings.

use crate::common::{GitRepo, TODAY, check, findings, human};
use serde_json::json;
use std::collections::BTreeSet;

const ORGS: &[&str] = &["northwind", "open-widgets"];

/// The rules that check only version 2 files.
fn version_2_rules() -> BTreeSet<&'static str> {
    rolelint::rules::registry::RULES
        .iter()
        .filter(|r| r.since_version() == 2)
        .map(|r| r.name())
        .collect()
}

/// The rules of the findings of a file, in output order.
fn rules_of(path: &str, text: &str) -> Vec<String> {
    findings(path, text)
        .into_iter()
        .map(|f| f.split('@').next().unwrap_or_default().to_owned())
        .collect()
}

/// A repository whose commit holds `org`'s earlier revision and whose
/// working tree holds today's.
fn revisions(name: &str, org: &str) -> GitRepo {
    let repo = GitRepo::new(name);
    repo.write(
        "roles.yaml",
        &read(&format!("tests/orgs/{org}/roles.before.yaml")),
    );
    repo.commit();
    repo.write("roles.yaml", &read(&format!("tests/orgs/{org}/roles.yaml")));
    repo
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn each_organisation_has_exactly_its_real_problems() {
    for org in ORGS {
        let path = format!("tests/orgs/{org}/roles.yaml");
        insta::assert_snapshot!(format!("check_{org}"), human(&path, &read(&path)));
    }
}

#[test]
fn the_company_findings_are_these_and_no_others() {
    let path = "tests/orgs/northwind/roles.yaml";
    let found = rules_of(path, &read(path));
    // The new hire in no team, the sales team under an interim CEO, the
    // payments team of 11, the CEO reporting to herself, the vacant
    // finance lead: nothing about co-holders, shares or the council.
    assert_eq!(
        found,
        [
            "unassigned-person",
            "span-of-control",
            "reports-to-self",
            "span-of-control",
            "vacant-role"
        ]
    );
}

#[test]
fn the_community_gets_no_company_rules() {
    let path = "tests/orgs/open-widgets/roles.yaml";
    let found: BTreeSet<String> = rules_of(path, &read(path)).into_iter().collect();
    assert_eq!(
        found,
        BTreeSet::from(["stale-holding".to_owned(), "vacant-role".to_owned()])
    );
}

/// The diff from each organisation's earlier revision to today's, in the
/// three formats.
#[test]
fn diff_between_two_revisions() {
    for org in ORGS {
        let repo = revisions(&format!("v2-{org}"), org);
        let out = repo.run(&["diff", "-f", "markdown"]);
        assert_eq!(out.status.code(), Some(0));
        let v = repo.diff_json();
        let commit = v["base"]["commit"].as_str().expect("commit").to_owned();
        let text = String::from_utf8(out.stdout)
            .expect("utf-8")
            .replace(&commit, "COMMIT")
            .replace(&commit[..12], "COMMIT");
        insta::assert_snapshot!(format!("diff_{org}"), text);
    }
}

#[test]
fn every_version_2_change_has_a_kind() {
    let company = revisions("v2-kinds", "northwind").diff_json();
    let community = revisions("v2-kinds-community", "open-widgets").diff_json();
    let changes: Vec<&serde_json::Value> = [&company, &community]
        .iter()
        .flat_map(|v| v["changes"].as_array().expect("changes"))
        .collect();
    let has = |want: serde_json::Value| changes.contains(&&want);
    assert!(has(
        json!({"kind": "holder-changed", "role": "head-sales", "before": "leo", "after": "maria"})
    ));
    assert!(has(
        json!({"kind": "interim-set", "role": "head-sales", "person": "maria"})
    ));
    assert!(has(
        json!({"kind": "dotted-line-added", "role": "staff-eng", "to": "cto"})
    ));
    assert!(has(
        json!({"kind": "team-added", "team": "security", "name": "Security"})
    ));
    assert!(has(
        json!({"kind": "team-reparented", "team": "mobile", "before": null, "after": "engineering"})
    ));
    assert!(has(
        json!({"kind": "team-size-changed", "team": "sales", "before": 8, "after": 12})
    ));
    assert!(has(
        json!({"kind": "person-moved", "person": "zoe", "before": ["mobile"], "after": ["payments"]})
    ));
    assert!(has(
        json!({"kind": "person-moved", "person": "aiko", "before": [], "after": ["payments"]})
    ));
    // The holding that ended leaves one holder on each side.
    assert!(has(
        json!({"kind": "holder-changed", "role": "release-lead", "before": null, "after": "emeka"})
    ));
    assert!(has(
        json!({"kind": "co-holder-added", "role": "docs-wg-lead", "person": "helga"})
    ));
    assert!(has(
        json!({"kind": "team-added", "team": "conduct", "name": "Code of Conduct Committee"})
    ));
    assert!(has(
        json!({"kind": "interim-set", "role": "outreach-wg-lead", "person": "ivo"})
    ));
}

#[test]
fn charts_show_co_holders_interim_dotted_lines_and_teams() {
    for org in ORGS {
        let path = format!("tests/orgs/{org}/roles.yaml");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(["graph", &path, "--findings"])
            .env("ROLELINT_TODAY", TODAY)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        let chart = String::from_utf8(out.stdout).expect("utf-8");
        insta::assert_snapshot!(format!("chart_{org}"), chart);
    }
}

/// Every version 1 file of the test suite, bumped to version 2, gives the
/// same findings plus only those of the new rules.
#[test]
fn a_version_1_file_bumped_to_version_2_adds_only_the_new_rules() {
    let new = version_2_rules();
    let mut files: Vec<String> = Vec::new();
    for dir in ["tests/scenarios", "tests/fixtures"] {
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).expect("dir").flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "yaml") {
                    files.push(p.to_string_lossy().into_owned());
                }
            }
        }
    }
    files.push("examples/roles.yaml".to_owned());
    let mut compared = 0;
    for path in files {
        let text = read(&path);
        if !text.starts_with("version: 1\n") {
            continue;
        }
        let bumped = text.replacen("version: 1\n", "version: 2\n", 1);
        let one = findings(&path, &text);
        let two: Vec<String> = findings(&path, &bumped)
            .into_iter()
            .filter(|f| !new.iter().any(|r| f.starts_with(&format!("{r}@"))))
            .collect();
        assert_eq!(one, two, "{path}");
        compared += 1;
    }
    assert!(compared > 20, "only {compared} version 1 files");
}

#[test]
fn a_version_2_key_in_a_version_1_file_is_reported_with_a_fix_and_ignored() {
    let text = "version: 1\norg: {name: Acme, headcount: 5}\nroles:\n  - id: cto\n    title: CTO\n    holders: [ada, bo]\n    responsibilities: [Leads]\n    success_metrics: [Uptime]\nteams:\n  - {id: platform, name: Platform, lead: cto, members: [cy]}\n";
    let checked = check("roles.yaml", text);
    let messages: Vec<(&str, &str)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.message.as_str()))
        .collect();
    assert!(
        messages.contains(&(
            "schema",
            "`holders` needs `version: 2`; this file is version 1, so it is ignored"
        )),
        "{messages:?}"
    );
    assert!(
        messages.contains(&(
            "schema",
            "`teams` needs `version: 2`; this file is version 1, so it is ignored"
        )),
        "{messages:?}"
    );
    // Ignored: the role is vacant, as version 1 reads it.
    assert!(
        messages.iter().any(|(r, _)| *r == "vacant-role"),
        "{messages:?}"
    );
    let fixed = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == "schema")
        .and_then(|d| d.fix.as_ref())
        .expect("a fix");
    assert_eq!(fixed.edits[0].content, "2");
}

#[test]
fn co_chairs_shares_and_dated_holdings() {
    let base = "version: 2\norg: {name: Acme, headcount: 9}\nroles:\n";
    let role = |id: &str, holder: &str| {
        format!(
            "  - id: {id}\n    title: Lead {id}\n    {holder}\n    responsibilities: [Leads]\n    success_metrics: [Uptime]\n"
        )
    };
    let rules = |text: &str| rules_of("roles.yaml", text);
    // Co-chairs fill the role.
    assert!(rules(&format!("{base}{}", role("a", "holders: [ana, bo]"))).is_empty());
    // An ended holding leaves it vacant and is stale.
    assert_eq!(
        rules(&format!(
            "{base}{}",
            role("a", "holder: {person: ana, until: 2026-01-31}")
        )),
        ["vacant-role", "stale-holding"]
    );
    // A holding that starts tomorrow does not fill it yet.
    assert_eq!(
        rules(&format!(
            "{base}{}",
            role("a", "holder: {person: ana, since: 2026-12-08}")
        )),
        ["vacant-role"]
    );
    // Shares over 100% are the overload, whatever the count.
    let two = format!(
        "{base}{}{}",
        role("a", "holder: {person: ana, share: 60}"),
        role("b", "holder: {person: ana, share: 60}\n    reports_to: a")
    );
    // (and, as `b` reports to `a`, she reports to herself).
    assert_eq!(rules(&two), ["overloaded-holder", "reports-to-self"]);
    // A person twice among the holders.
    assert_eq!(
        rules(&format!("{base}{}", role("a", "holders: [ana, ana]"))),
        ["duplicate-id"]
    );
    // since after until.
    let backwards = format!(
        "{base}{}",
        role(
            "a",
            "holder: {person: ana, since: 2026-05-01, until: 2026-04-01}"
        )
    );
    assert!(rules(&backwards).contains(&"schema".to_owned()));
}

#[test]
fn teams_reference_cycle_and_size() {
    let text = "version: 2\norg: {name: Acme, headcount: 9}\nroles:\n  - {id: cto, title: CTO, holder: ada, responsibilities: [Leads], success_metrics: [Uptime]}\nteams:\n  - {id: a, name: A, parent: b, lead: cto, members: [ada, bo, cy], size: 1}\n  - {id: b, name: B, parent: a, lead: nobody}\n  - {id: a, name: Again}\n";
    let found = findings("roles.yaml", text);
    let rules: BTreeSet<&str> = found
        .iter()
        .map(|f| f.split('@').next().unwrap_or_default())
        .collect();
    assert_eq!(
        rules,
        BTreeSet::from([
            "schema",
            "reporting-cycle",
            "unknown-reference",
            "duplicate-id"
        ]),
        "{found:?}"
    );
    let checked = check("roles.yaml", text);
    let size = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == "schema")
        .expect("size");
    assert_eq!(
        size.message,
        "team `a` has `size: 1` but lists 2 members besides its lead"
    );
    let cycle = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == "reporting-cycle")
        .expect("cycle");
    assert_eq!(cycle.message, "team parent cycle: a -> b -> a");
}

/// The generated organisation of 1,000 roles and 2,800 people in 278 teams
/// (`gen_org --roles 1000 --teams --seed 3`): only the findings it was
/// generated with (1% vacant roles, 0.5% without a metric, interim
/// holdings older than 180 days).
#[test]
fn the_generated_organisation_has_only_its_planted_findings() {
    let path = "tests/orgs/generated/roles.yaml";
    let found = findings(path, &read(path));
    let rules: BTreeSet<&str> = found
        .iter()
        .map(|f| f.split('@').next().unwrap_or_default())
        .collect();
    assert_eq!(
        rules,
        BTreeSet::from(["stale-holding", "success-metric-required", "vacant-role"])
    );
    insta::assert_snapshot!("check_generated", found.join("\n"));
}

/// The generated organisation before its last 30 teams and its dotted
/// lines were written.
fn generated_before() -> String {
    let after = read("tests/orgs/generated/roles.yaml");
    let mut before = after.replace("    dotted_line_to: [cto]\n", "");
    let starts: Vec<usize> = before
        .match_indices("\n  - id: t")
        .map(|(i, _)| i)
        .collect();
    before.truncate(starts[starts.len() - 30] + 1);
    before
}

#[test]
fn diff_of_the_generated_organisation() {
    let repo = GitRepo::new("v2-generated");
    repo.write("roles.yaml", &generated_before());
    repo.commit();
    repo.write("roles.yaml", &read("tests/orgs/generated/roles.yaml"));
    let v = repo.diff_json();
    let count = |kind: &str| {
        v["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter(|c| c["kind"] == kind)
            .count()
    };
    assert_eq!(count("team-added"), 30);
    assert!(count("dotted-line-added") > 3);
    assert!(count("person-moved") > 60);
    let out = repo.run(&["diff", "-f", "human"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let commit = v["base"]["commit"].as_str().expect("commit").to_owned();
    insta::assert_snapshot!(
        "diff_generated",
        text.replace(&commit, "COMMIT")
            .replace(&commit[..12], "COMMIT")
    );
}

/// A reorganisation of every team at once stays within GitHub's comment
/// limit, and says what it left out.
#[test]
fn a_huge_diff_fits_a_pull_request_comment() {
    let after = read("tests/orgs/generated/roles.yaml");
    let before = &after[..=after.find("\nteams:\n").expect("teams")];
    let repo = GitRepo::new("v2-huge");
    repo.write("roles.yaml", before);
    repo.commit();
    repo.write("roles.yaml", &after);
    let out = repo.run(&["diff", "-f", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.chars().count() < 65_536,
        "{} characters",
        text.chars().count()
    );
    assert!(
        text.contains("more changes are not listed: the report stays below GitHub's 65,536-character comment limit"),
        "{}",
        &text[text.len() - 500..]
    );
}

/// `export backstage`: a Group per team, nested by `parent`, with its
/// members and its lead's holders; each member's User is `memberOf` it.
#[test]
fn backstage_export_has_a_group_per_team() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(["export", "backstage", "tests/orgs/northwind/roles.yaml"])
        .env("ROLELINT_TODAY", TODAY)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let entity = |name: &str| {
        text.split("---\n")
            .find(|doc| doc.contains(&format!("  name: \"{name}\"\n")))
            .unwrap_or_else(|| panic!("{name} in {text}"))
            .to_owned()
    };
    let platform = entity("group-platform");
    assert!(
        platform.contains("  parent: \"group-engineering\"\n"),
        "{platform}"
    );
    assert!(
        platform.contains("\"kofi\"") && platform.contains("\"omar\""),
        "{platform}"
    );
    let engineering = entity("group-engineering");
    assert!(
        engineering
            .contains("children: [\"group-platform\", \"group-payments\", \"group-mobile\"]"),
        "{engineering}"
    );
    let kofi = entity("kofi");
    assert!(kofi.contains("memberOf: [\"group-platform\"]"), "{kofi}");
    // The council with no lead is a Group of its own under the organisation.
    let council = entity("group-leadership");
    assert!(
        council.contains("  parent: \"northwind-labs\"\n"),
        "{council}"
    );
}

/// `matrix`: teams that own areas are columns; above 12 owners each area
/// lists its owners instead, so no line is thousands of characters wide.
#[test]
fn the_matrix_stays_readable() {
    let run = |path: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(["matrix", path])
            .env("ROLELINT_TODAY", TODAY)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let community = run("tests/orgs/open-widgets/roles.yaml");
    assert!(
        community.contains("team Code of Conduct Committee (conduct)"),
        "{community}"
    );
    let big = run("tests/orgs/generated/roles.yaml");
    let widest = big.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest < 400, "a line of {widest} characters");
    assert!(
        big.starts_with("| area | accountable | status |\n"),
        "{big}"
    );
    assert!(big.contains("More than 12 owners: each area lists its owners."));
}

/// A fragment that holds only teams is a fragment: checked alone, it is
/// checked through its root, and its findings are its own.
#[test]
fn a_fragment_of_teams_alone_is_checked_through_its_root() {
    let s = crate::common::Scratch::new("v2-team-fragment");
    s.write(
        "roles.yaml",
        "version: 2\norg: {name: Acme, headcount: 9}\ninclude: [teams/*.yaml]\nroles:\n  - {id: cto, title: CTO, holder: ada, responsibilities: [Leads], success_metrics: [Uptime]}\n",
    );
    s.write(
        "teams/platform.yaml",
        "version: 2\nteams:\n  - {id: platform, name: Platform, lead: cto, members: [bo]}\n  - {id: data, name: Data, parent: platfrom}\n",
    );
    let out = s.run(&["check", "-f", "concise", "teams/platform.yaml"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(": ")).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].starts_with("teams/platform.yaml:4:")
            && lines[0].contains("team `platfrom` does not exist"),
        "{text}"
    );
}
