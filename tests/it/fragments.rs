//! `include`: fragments join the organisation; ids are global; findings
//! point into the file that holds the node; bad includes are refused.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

struct Repo(PathBuf);

impl Repo {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("rolelint-frag-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".git")).expect("dir");
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    }

    /// `(rule, file, line)` of every finding, and the exit code.
    fn check(&self, args: &[&str]) -> (Option<i32>, Vec<(String, String, u64)>, Value) {
        let mut all = vec!["check", "-f", "json"];
        all.extend_from_slice(args);
        let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(&all)
            .current_dir(&self.0)
            .output()
            .expect("runs");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        let found = v["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap_or_default().to_owned(),
                    d["file"].as_str().unwrap_or_default().to_owned(),
                    d["span"]["start"]["line"].as_u64().unwrap_or_default(),
                )
            })
            .collect();
        (out.status.code(), found, v)
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const ROOT: &str = "version: 1
org: {name: Bigco, headcount: 300}
include: [teams/*.yaml]
people:
  - {id: lee, name: Lee, background: business}
roles:
  - id: ceo
    title: Chief Executive Officer
    holder: lee
    responsibilities: [Runs the company]
    accountable_for: [product-strategy, security]
    success_metrics: [Revenue]
    decision_rights: [budget]
";

const ENG: &str = "version: 1
people:
  - {id: ren, name: Ren, background: engineering}
roles:
  - id: vp-eng
    title: VP of Engineering
    holder: ren
    reports_to: ceo
    responsibilities: [Runs engineering]
    accountable_for: [delivery, people-management]
    success_metrics: [Roadmap delivered]
";

#[test]
fn fragments_complete_the_organisation() {
    let repo = Repo::new("clean");
    repo.write("roles.yaml", ROOT);
    repo.write("teams/eng.yaml", ENG);
    // Without the fragment, core areas are missing; with it, all is clean.
    let (status, found, v) = repo.check(&["roles.yaml"]);
    assert_eq!(status, Some(0), "{found:?}");
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(v["summary"]["files"], 2);
}

#[test]
fn ids_are_global_and_findings_point_into_fragments() {
    let repo = Repo::new("global");
    repo.write("roles.yaml", ROOT);
    repo.write("teams/eng.yaml", &ENG.replace("holder: ren", "holder: rne"));
    repo.write("teams/dup.yaml", "version: 1\nroles:\n  - {id: ceo, title: Other, holder: lee, reports_to: vp-eng, success_metrics: [x]}\n");
    let (status, found, v) = repo.check(&["roles.yaml"]);
    assert_eq!(status, Some(1));
    assert!(
        found.contains(&(
            "unknown-reference".to_owned(),
            "teams/eng.yaml".to_owned(),
            7
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&("duplicate-id".to_owned(), "teams/dup.yaml".to_owned(), 3)),
        "{found:?}"
    );
    let dup = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["rule"] == "duplicate-id")
        .expect("dup");
    assert_eq!(dup["labels"][0]["file"], "roles.yaml");
    assert_eq!(dup["labels"][0]["span"]["start"]["line"], 7);
}

#[test]
fn bad_includes_are_refused_with_locations() {
    let repo = Repo::new("bad");
    let root = ROOT.replace(
        "include: [teams/*.yaml]",
        "include:\n  - teams/*.yaml\n  - missing.yaml\n  - ../../../../../etc/passwd\n  - /etc/passwd\n  - \"*.yaml\"",
    );
    repo.write("roles.yaml", &root);
    repo.write("teams/eng.yaml", ENG);
    repo.write(
        "teams/org.yaml",
        "version: 1\norg: {name: X, headcount: 3}\nroles: []\n",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", repo.0.join("teams/outside.yaml"))
        .expect("symlink");
    let (status, found, v) = repo.check(&["roles.yaml"]);
    assert_eq!(status, Some(1));
    let messages: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    let has = |needle: &str| messages.iter().any(|m| m.contains(needle));
    assert!(
        has("include `missing.yaml` matches no file"),
        "{messages:?}"
    );
    assert!(
        has("`../../../../../etc/passwd` is refused: it resolves outside the repository"),
        "{messages:?}"
    );
    assert!(
        has("`/etc/passwd` is refused: absolute paths are not allowed"),
        "{messages:?}"
    );
    assert!(has("matches the root file itself"), "{messages:?}");
    #[cfg(unix)]
    assert!(
        has("`teams/outside.yaml` is refused: it resolves outside the repository"),
        "{messages:?}"
    );
    assert!(
        found.contains(&("schema".to_owned(), "teams/org.yaml".to_owned(), 2)),
        "{found:?}"
    );
    assert!(has("a fragment cannot have `org`"), "{messages:?}");
}

#[test]
fn fragments_are_reported_once_and_orphans_are_flagged() {
    let repo = Repo::new("orphans");
    repo.write(
        "org/roles.yaml",
        &ROOT.replace("teams/*.yaml", "team/roles.yaml"),
    );
    repo.write(
        "org/team/roles.yaml",
        &ENG.replace("holder: ren", "holder: rne"),
    );
    repo.write(
        "other/roles.yaml",
        "version: 1\nroles:\n  - {id: x, title: X, holder: a, success_metrics: [m]}\n",
    );
    // A directory walk finds all three roles.yaml files; the included one is
    // reported through its root only, the orphan is flagged.
    let (status, found, _) = repo.check(&["."]);
    assert_eq!(status, Some(1));
    assert_eq!(
        found.iter().filter(|f| f.0 == "unknown-reference").count(),
        1,
        "{found:?}"
    );
    assert!(
        found.contains(&("schema".to_owned(), "other/roles.yaml".to_owned(), 1)),
        "{found:?}"
    );
}

#[test]
fn one_file_under_many_spellings_is_loaded_once() {
    let repo = Repo::new("spellings");
    let spellings = (1..=100)
        .map(|n| format!("\"{}teams/eng.yaml\"", "./".repeat(n)))
        .collect::<Vec<_>>()
        .join(", ");
    repo.write(
        "roles.yaml",
        &ROOT.replace(
            "include: [teams/*.yaml]",
            &format!("include: [{spellings}, teams/../teams/eng.yaml, teams/*.yaml, link.yaml, ./roles.yaml]"),
        ),
    );
    repo.write("teams/eng.yaml", ENG);
    #[cfg(unix)]
    std::os::unix::fs::symlink("teams/eng.yaml", repo.0.join("link.yaml")).expect("symlink");
    let (status, found, v) = repo.check(&["roles.yaml"]);
    // The root and one fragment; `./roles.yaml` is the root itself.
    assert_eq!(v["summary"]["files"], 2, "{v}");
    assert_eq!(status, Some(1), "{found:?}");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("matches the root file itself")),
        "{v}"
    );
}

#[test]
fn include_globs_never_walk_git() {
    let repo = Repo::new("gitwalk");
    repo.write(
        "roles.yaml",
        &ROOT.replace("include: [teams/*.yaml]", "include: [\"**/*.yaml\"]"),
    );
    repo.write("teams/eng.yaml", ENG);
    repo.write(".git/objects/x.yaml", "not: [a fragment");
    let (status, found, v) = repo.check(&["roles.yaml"]);
    assert_eq!(status, Some(1), "{found:?}");
    // Only the root-itself finding: nothing from .git was read.
    assert_eq!(v["summary"]["files"], 2, "{v}");
    assert!(found.iter().all(|f| !f.1.contains(".git")), "{found:?}");
}
