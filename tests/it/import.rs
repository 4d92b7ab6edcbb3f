//! `rolelint import`: HR exports shaped like real systems', GitHub teams,
//! and bad input of every kind.

use crate::common::{Scratch, TODAY};

const FIXTURES: &str = "tests/fixtures/import";

fn rolelint(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("ROLELINT_TODAY", TODAY)
        .output()
        .expect("runs")
}

/// Import a fixture: its YAML, after checking it has no syntax or schema
/// finding.
fn imported(args: &[&str]) -> (String, String) {
    let out = rolelint(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let yaml = String::from_utf8(out.stdout).expect("utf-8");
    let checked = rolelint::check_bytes("roles.yaml", yaml.as_bytes(), &crate::common::settings());
    let broken: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.rule == "syntax" || d.rule == "schema")
        .map(|d| d.message.as_str())
        .collect();
    assert!(broken.is_empty(), "{broken:?}\n{yaml}");
    (yaml, stderr)
}

#[test]
fn exports_of_four_hr_systems_import() {
    for (file, people, roles, teams) in [
        ("bamboohr.csv", 8, 4, 3),
        ("workday.csv", 6, 3, 2),
        ("google-workspace.csv", 5, 2, 2),
        ("personio.csv", 5, 2, 1),
    ] {
        let path = format!("{FIXTURES}/{file}");
        let (yaml, stderr) = imported(&["import", "csv", &path]);
        assert!(
            stderr.starts_with(&format!(
                "imported {people} people, {roles} roles and {teams} team"
            )),
            "{file}: {stderr}"
        );
        assert!(
            yaml.starts_with(&format!("# Imported by `rolelint import csv` from {path}")),
            "{yaml}"
        );
        // The same input gives the same bytes.
        assert_eq!(imported(&["import", "csv", &path]).0, yaml, "{file}");
    }
}

#[test]
fn the_bamboohr_export_becomes_this_organisation() {
    let (yaml, stderr) = imported(&[
        "import",
        "csv",
        &format!("{FIXTURES}/bamboohr.csv"),
        "--org-name",
        "Harbour Labs",
    ]);
    insta::assert_snapshot!(yaml);
    insta::assert_snapshot!(stderr, @r"
    imported 8 people, 4 roles and 3 teams
    note: column `Division` not used
    note: column `Location` not used
    note: column `Hire Date` not used
    note: 1 acting or interim title became an interim holding
    ");
}

#[test]
fn managers_by_email_and_quoted_fields_with_commas_and_line_breaks() {
    let (yaml, _) = imported(&["import", "csv", &format!("{FIXTURES}/google-workspace.csv")]);
    assert!(yaml.contains("  - id: docs-maintainer\n    title: \"Docs Maintainer\"\n    holder: sam-okafor\n    reports_to: project-lead\n"), "{yaml}");
    let (yaml, _) = imported(&["import", "csv", &format!("{FIXTURES}/personio.csv")]);
    assert!(yaml.contains("name: \"Zoë Lefèvre\""), "{yaml}");
    assert!(
        yaml.contains("  - id: payments\n    name: \"Payments\"\n    lead: head-of-engineering\n"),
        "{yaml}"
    );
    let (yaml, _) = imported(&["import", "csv", &format!("{FIXTURES}/workday.csv")]);
    assert!(yaml.contains("name: \"Nguyen, Anh\""), "{yaml}");
    assert!(
        yaml.contains(
            "title: \"VP Platform\"\n    holders:\n      - {person: priya-nair, interim: true}"
        ),
        "{yaml}"
    );
}

#[test]
fn columns_can_be_named() {
    let dir = Scratch::new("import-columns");
    dir.write(
        "hr.csv",
        "Person,Boss,Role Name\nAda,,CEO\nBob,Ada,Engineer\n",
    );
    let out = dir.run(&["import", "csv", "hr.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("hr.csv:1: no name column"));
    let out = dir.run(&[
        "import",
        "csv",
        "hr.csv",
        "--column",
        "name=Person",
        "--column",
        "manager=Boss",
        "--column",
        "title=Role Name",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("title: \"CEO\"\n    holder: ada\n"));
}

#[test]
fn bad_input_is_an_error_at_its_line_and_nothing_is_written() {
    let dir = Scratch::new("import-bad");
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "unmatched",
            b"Name,Manager\nAda,\nBob,Carol\n",
            "unmatched.csv:3: the manager `Carol` of `Bob` matches no row's id, email or name",
        ),
        (
            "cycle",
            b"Name,Manager\nAda,Bob\nBob,Cy\nCy,Ada\n",
            "managers form a cycle: Ada (line 2) → Bob (line 3) → Cy (line 4) → Ada",
        ),
        (
            "self",
            b"Name,Manager\nAda,Ada\n",
            "self.csv:2: `Ada` is their own manager",
        ),
        (
            "duplicate",
            b"ID,Name,Manager\n7,Ada,\n7,Bob,7\n",
            "duplicate.csv:3: the id `7` is also the id of line 2",
        ),
        (
            "ragged",
            b"Name,Manager\nAda,\nBob,Ada,extra\n",
            "ragged.csv:3: this row has 3 fields; the header has 2",
        ),
        (
            "latin1",
            b"Name,Manager\nAda,\nJos\xe9,Ada\n",
            "latin1.csv:3: the file is not UTF-8",
        ),
        (
            "header-only",
            b"Name,Manager\n",
            "header-only.csv:1: the file has a header and no rows",
        ),
        ("empty", b"", "empty.csv: the file is empty"),
        (
            "no-manager",
            b"Name,Title\nAda,CEO\n",
            "no-manager.csv:1: no manager column",
        ),
        (
            "ambiguous",
            b"Name,Manager\nAda,\nAda,\nBob,Ada\n",
            "ambiguous.csv:4: the manager `Ada` names 2 people",
        ),
    ];
    for (name, bytes, expected) in cases {
        let file = format!("{name}.csv");
        dir.write(&file, bytes);
        let out = dir.run(&["import", "csv", &file, "-o", "out.yaml"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(
            !dir.0.join("out.yaml").exists(),
            "{name}: a partial import was written"
        );
    }
}

#[test]
fn a_file_that_is_too_big_is_refused_before_it_is_read() {
    let dir = Scratch::new("import-big");
    let file = std::fs::File::create(dir.0.join("big.csv")).expect("create");
    file.set_len(1 << 30).expect("a sparse 1 GB file");
    let out = dir.run(&["import", "csv", "big.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("big.csv is larger than 256 MiB"));
}

#[test]
fn output_is_never_overwritten() {
    let dir = Scratch::new("import-output");
    dir.write("hr.csv", "Name,Manager\nAda,\nBob,Ada\n");
    dir.write("roles.yaml", "keep me\n");
    let out = dir.run(&["import", "csv", "hr.csv", "-o", "roles.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("roles.yaml exists; import never overwrites a file")
    );
    assert_eq!(dir.read("roles.yaml"), b"keep me\n");
    let out = dir.run(&["import", "csv", "hr.csv", "-o", "new.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let check = dir.run_in(
        ".",
        &["check", "new.yaml", "--format", "concise"],
        &[("ROLELINT_TODAY", TODAY)],
    );
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        !text.contains("[schema]") && !text.contains("[syntax]"),
        "{text}"
    );
}

#[test]
fn github_teams_become_teams_with_lead_roles() {
    let (yaml, stderr) = imported(&[
        "import",
        "github-teams",
        &format!("{FIXTURES}/github-teams.json"),
    ]);
    assert!(yaml.contains("  - id: docs-lead\n    title: \"Lead, Docs\"\n    holders:\n      - sam-o\n      - aiko\n    reports_to: maintainers-lead\n"), "{yaml}");
    assert!(
        yaml.contains("  - id: release\n    name: \"Release\"\n    parent: maintainers\n"),
        "{yaml}"
    );
    assert!(yaml.contains("    github: \"dev-k\"\n"), "{yaml}");
    assert!(
        stderr.contains("note: 1 team has no maintainer: it has no lead role"),
        "{stderr}"
    );
    let dir = Scratch::new("import-github-bad");
    for (name, text, expected) in [
        (
            "orphan",
            r#"{"teams": [{"slug": "a", "parent": "gone"}]}"#,
            "the parent `gone` of team `a` is not in the snapshot",
        ),
        (
            "twice",
            r#"{"teams": [{"slug": "a"}, {"slug": "a"}]}"#,
            "the team `a` is listed twice",
        ),
        (
            "loop",
            r#"{"teams": [{"slug": "a", "parent": "b"}, {"slug": "b", "parent": "a"}]}"#,
            "form a cycle",
        ),
        (
            "broken",
            "{\n  \"teams\": [\n  oops\n]}",
            "broken.json:3: the snapshot is not JSON",
        ),
        (
            "shape",
            r#"{"team": []}"#,
            "the snapshot has no `teams` list",
        ),
    ] {
        let file = format!("{name}.json");
        dir.write(&file, text);
        let out = dir.run(&["import", "github-teams", &file]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
    }
}

/// `export backstage`, then `import backstage`, then `export backstage`
/// again gives the same catalog: the people, roles, holders, reporting
/// lines and teams came back.
#[test]
fn backstage_export_imports_back_to_the_same_organisation() {
    let dir = Scratch::new("import-roundtrip");
    for file in [
        "examples/roles.yaml",
        "tests/orgs/northwind/roles.yaml",
        "tests/orgs/open-widgets/roles.yaml",
        "tests/orgs/generated/roles.yaml",
    ] {
        let exported = rolelint(&["export", "backstage", file]);
        assert_eq!(exported.status.code(), Some(0), "{file}");
        dir.write("catalog/org.yaml", &exported.stdout);
        let catalog = dir.0.join("catalog");
        let (yaml, _) = imported(&["import", "backstage", catalog.to_str().expect("path")]);
        dir.write("imported.yaml", &yaml);
        let again = rolelint(&[
            "export",
            "backstage",
            dir.0.join("imported.yaml").to_str().expect("path"),
        ]);
        assert_eq!(
            String::from_utf8_lossy(&again.stdout),
            String::from_utf8_lossy(&exported.stdout),
            "{file} did not come back"
        );
    }
}

#[test]
fn a_catalog_of_another_tool_imports_its_groups_and_users() {
    let dir = Scratch::new("import-foreign");
    dir.write(
        "catalog/org.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: acme\nspec:\n  type: organization\n  children: [platform]\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: platform\n  namespace: eng\n  annotations:\n    rolelint.io/lead: user:default/ada\nspec:\n  type: team\n  profile: {displayName: Platform}\n  parent: group:default/acme\n  children: []\n  members: [user:default/bob]\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: sre\n  namespace: eng\nspec:\n  type: team\n  parent: platform\n  children: []\n---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: billing\nspec: {type: service, lifecycle: production, owner: platform}\n",
    );
    dir.write(
        "catalog/users.yaml",
        "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ada\nspec:\n  profile: {displayName: Ada Lovelace, email: ada@acme.test}\n  memberOf: [group:eng/platform]\n---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: bob\nspec:\n  memberOf: [group:eng/sre]\n",
    );
    let catalog = dir.0.join("catalog");
    let (yaml, stderr) = imported(&["import", "backstage", catalog.to_str().expect("path")]);
    assert!(
        yaml.contains("  - id: platform-lead\n    title: \"Lead, Platform\"\n    holder: ada\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains(
            "  - id: sre\n    name: \"sre\"\n    parent: platform\n    members:\n      - bob\n"
        ),
        "{yaml}"
    );
    assert!(yaml.contains("  name: \"acme\"\n"), "{yaml}");
    assert!(
        stderr.contains("note: 1 `Component` entity not used"),
        "{stderr}"
    );
}

#[test]
fn bad_catalogs_are_errors_at_their_file_and_line() {
    let dir = Scratch::new("import-backstage-bad");
    let group = |name: &str, extra: &str| {
        format!(
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {name}\nspec:\n  type: team\n  children: []\n{extra}"
        )
    };
    for (name, text, expected) in [
        (
            "kind",
            format!(
                "{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n",
                group("a", "")
            ),
            "kind.yaml:9: `Pod` is not a kind of Backstage's catalog",
        ),
        (
            "parent",
            group("a", "  parent: gone\n"),
            "parent.yaml:1: the parent `gone` of group `a` is not in the catalog",
        ),
        (
            "twice",
            format!("{}---\n{}", group("a", ""), group("A", "")),
            "twice.yaml:9: Group `A` is also defined at",
        ),
        (
            "syntax",
            "apiVersion: backstage.io/v1alpha1\nkind: [Group\n".to_owned(),
            "syntax.yaml:3: invalid YAML",
        ),
        (
            "shape",
            "just: a mapping\n".to_owned(),
            "shape.yaml:1: not a catalog entity",
        ),
    ] {
        let file = format!("{name}.yaml");
        dir.write(&file, text);
        let out = dir.run(&["import", "backstage", &file, "-o", "out.yaml"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(!dir.0.join("out.yaml").exists());
    }
}
