//! docs/naming.md: one identity per file, whatever the user typed and wherever
//! rolelint was started; every row of the naming table, from the root, from
//! a subdirectory and with absolute paths.

use crate::common::Scratch;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A scratch repository: `.git`, `org/roles.yaml` with findings.
struct Repo(Scratch);

const BROKEN: &str = "version: 1
org: {name: Acme, headcount: 40}
roles:
  - id: ceo
    title: Chief Executive Officer
    holder: ana
    success_metrics: [Revenue]
  - id: cto
    title: CTO
    holder: bo
    reports_to: cpo
    success_metrics: [Uptime]
";

impl Repo {
    fn new(name: &str) -> Self {
        let repo = Self(Scratch::new(&format!("paths-{name}")));
        repo.0.write("org/roles.yaml", BROKEN);
        repo
    }

    fn write(&self, name: &str, text: &str) {
        self.0.write(name, text);
    }

    fn run_in(&self, dir: &str, args: &[&str], envs: &[(&str, &str)]) -> Output {
        self.0.run_in(dir, args, envs)
    }

    fn json_in(&self, dir: &str, args: &[&str]) -> Value {
        let mut all = vec!["check", "-f", "json"];
        all.extend_from_slice(args);
        let out = self.run_in(dir, &all, &[]);
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{args:?} in {dir}: {e}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
    }

    fn abs(&self, name: &str) -> String {
        self.0.0.join(name).to_str().expect("utf-8").to_owned()
    }

    fn path(&self) -> &Path {
        &self.0.0
    }
}

fn files(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["file"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn every_spelling_has_one_identity() {
    let repo = Repo::new("identity");
    #[cfg(unix)]
    std::os::unix::fs::symlink("org/roles.yaml", repo.path().join("link.yaml")).expect("symlink");
    let absolute = repo.abs("org/roles.yaml");
    let spellings: Vec<(&str, Vec<&str>)> = vec![
        (".", vec!["org/roles.yaml"]),
        (".", vec!["./org/roles.yaml"]),
        (".", vec!["org/../org/roles.yaml"]),
        (".", vec![absolute.as_str()]),
        ("org", vec!["roles.yaml"]),
        ("org", vec!["../org/roles.yaml"]),
        ("org", vec![absolute.as_str()]),
        ("org", vec![]),
        (".", vec!["org"]),
        #[cfg(unix)]
        (".", vec!["link.yaml"]),
    ];
    for (dir, args) in spellings {
        let v = repo.json_in(dir, &args);
        let names = files(&v);
        assert!(!names.is_empty(), "{dir} {args:?}");
        assert!(
            names.iter().all(|n| n == "org/roles.yaml"),
            "{dir} {args:?}: {names:?}"
        );
    }
    // Two spellings of one file on one command line: checked once.
    let v = repo.json_in(".", &["org/roles.yaml", "./org/roles.yaml", &absolute]);
    assert_eq!(v["summary"]["files"], 1, "{v}");
}

#[test]
fn a_baseline_matches_whatever_the_spelling() {
    let repo = Repo::new("baseline");
    let out = repo.run_in(
        ".",
        &["check", "--write-baseline", "bl.json", "org/roles.yaml"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let baseline = repo.abs("bl.json");
    let absolute = repo.abs("org/roles.yaml");
    for (dir, path) in [("org", "roles.yaml"), (".", absolute.as_str()), ("org", "")] {
        let mut args = vec!["check", "--baseline", baseline.as_str()];
        if !path.is_empty() {
            args.push(path);
        }
        let out = repo.run_in(dir, &args, &[]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{dir} {path}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn sarif_names_files_from_the_root() {
    let repo = Repo::new("sarif");
    for (dir, path) in [(".", "org/roles.yaml"), ("org", "roles.yaml"), ("org", "")] {
        let mut args = vec!["check", "-f", "sarif"];
        if !path.is_empty() {
            args.push(path);
        }
        let out = repo.run_in(dir, &args, &[]);
        let v: Value = serde_json::from_slice(&out.stdout).expect("sarif");
        let run = &v["runs"][0];
        let location = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(location["uri"], "org/roles.yaml", "{dir} {path}");
        assert_eq!(location["uriBaseId"], "%SRCROOT%");
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            format!("file://{}/", repo.path().display())
        );
    }
}

#[test]
fn a_file_outside_the_root_is_absolute_everywhere() {
    let repo = Repo::new("inside");
    let outside = Repo::new("outside");
    std::fs::remove_dir_all(outside.path().join(".git")).expect("not a repository");
    let path = outside.abs("org/roles.yaml");
    let v = repo.json_in(".", &[&path]);
    assert!(files(&v).iter().all(|f| *f == path), "{v}");
    let out = repo.run_in(".", &["check", "-f", "sarif", &path], &[]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("sarif");
    let location =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], format!("file://{path}"));
    assert!(location.get("uriBaseId").is_none(), "{location}");
    let out = repo.run_in(".", &["check", &path], &[]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("[{path}:11:17]")),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn human_names_are_relative_to_the_current_directory() {
    let repo = Repo::new("human");
    let out = repo.run_in(".", &["check", "org/roles.yaml"], &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("[org/roles.yaml:11:17]"));
    let out = repo.run_in("org", &["check"], &[]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[roles.yaml:11:17]"), "{text}");
    // From elsewhere in the repository, the root-relative name.
    std::fs::create_dir_all(repo.path().join("docs")).expect("dir");
    let out = repo.run_in("docs", &["check", "../org/roles.yaml"], &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("[org/roles.yaml:11:17]"));
}

#[test]
fn github_names_are_relative_to_the_workspace() {
    let repo = Repo::new("github");
    // The configuration in org/ makes org the root; GitHub still needs the
    // path from the workspace.
    repo.write(".rolelint.yaml", "fail-on: error\n");
    std::fs::rename(
        repo.path().join(".rolelint.yaml"),
        repo.path().join("org/.rolelint.yaml"),
    )
    .expect("move");
    let ws = repo.path().to_str().expect("utf-8").to_owned();
    let out = repo.run_in(
        "org",
        &["check", "-f", "github", "-f", "json=r.json"],
        &[("GITHUB_WORKSPACE", &ws)],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().count() >= 1, "{text}");
    assert!(
        text.lines().all(|l| l.contains(" file=org/roles.yaml,")),
        "{text}"
    );
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("org/r.json")).expect("json"),
    )
    .expect("json");
    assert!(files(&json).iter().all(|f| f == "roles.yaml"), "{json}");
}

#[test]
fn stdin_is_named_by_stdin_filename_from_the_current_directory() {
    let repo = Repo::new("stdin");
    let run = |dir: &str, args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(args)
            .current_dir(repo.path().join(dir))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), BROKEN.as_bytes())
            .expect("write");
        let out = child.wait_with_output().expect("wait");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        files(&v)
    };
    let stdin = ["check", "-f", "json", "-"];
    assert!(run(".", &stdin).iter().all(|f| f == "<stdin>"));
    let named = ["check", "-f", "json", "--stdin-filename", "roles.yaml", "-"];
    assert!(run("org", &named).iter().all(|f| f == "org/roles.yaml"));
}

#[test]
fn nothing_to_check_is_never_green() {
    let repo = Repo::new("green");
    std::fs::create_dir_all(repo.path().join("empty")).expect("dir");
    let out = repo.run_in(".", &["check", "empty"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no roles files under empty (looked for **/roles.yaml, **/roles.yml; set `files` in .rolelint.yaml)"),
        "{stderr}"
    );
    let out = repo.run_in("empty", &["check"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no roles files under ."));
    // A typo beside a clean file: exit 2, and the summary does not say
    // "no problems".
    repo.write("ok/roles.yaml", &BROKEN.replace("cpo", "ceo"));
    let out = repo.run_in(".", &["check", "ok/roles.yaml", "ok/rolse.yaml"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("no problems"), "{stdout}");
    assert!(stdout.contains("1 path could not be checked"), "{stdout}");
}

#[test]
fn explicit_files_are_checked_unless_force_exclude() {
    let repo = Repo::new("exclude");
    repo.write(".rolelint.yaml", "exclude: [\"org/**\"]\n");
    let out = repo.run_in(".", &["check", "org/roles.yaml"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let out = repo.run_in(".", &["check", "--force-exclude", "org/roles.yaml"], &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 given file is excluded"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_fragment_alone_is_checked_through_its_root() {
    let repo = Repo::new("fragment");
    repo.write(
        "org/roles.yaml",
        &BROKEN
            .replace("reports_to: cpo", "reports_to: ceo")
            .replace("roles:\n", "include: [teams/*.yaml]\nroles:\n"),
    );
    repo.write(
        "org/teams/eng.yaml",
        "version: 1\nroles:\n  - {id: eng, title: Engineer, holder: cy, reports_to: cpo, success_metrics: [x]}\n",
    );
    // What pre-commit does: pass only the changed fragment.
    let v = repo.json_in(".", &["--force-exclude", "org/teams/eng.yaml"]);
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                d["file"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![(
            "unknown-reference".to_owned(),
            "org/teams/eng.yaml".to_owned()
        )],
        "{v}"
    );
    // A fragment no root includes is still flagged.
    repo.write("lost/roles.yaml", "version: 1\nroles: []\n");
    let v = repo.json_in(".", &["lost/roles.yaml"]);
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no root file")),
        "{v}"
    );
}

#[test]
fn after_a_syntax_error_stale_entries_are_not_mentioned() {
    let repo = Repo::new("stale");
    let out = repo.run_in(".", &["check", "--write-baseline", "bl.json"], &[]);
    assert_eq!(out.status.code(), Some(0));
    repo.write("org/roles.yaml", "version: 1\norg: [unclosed\n");
    let out = repo.run_in(".", &["check", "--baseline", "bl.json"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("rewrite the baseline"), "{stderr}");
}

#[test]
fn output_files_get_their_directories() {
    let repo = Repo::new("outdir");
    let out = repo.run_in(
        ".",
        &["check", "-f", "sarif=reports/ci/rolelint.sarif"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(Path::new(&repo.abs("reports/ci/rolelint.sarif")).is_file());
}

#[test]
fn files_in_the_configuration_replace_the_default_discovery() {
    let repo = Repo::new("files");
    repo.write("legacy/roles.yaml", BROKEN);
    repo.write("org/team.yaml", BROKEN);
    let files = |repo: &Repo| -> Vec<String> {
        let out = repo.run_in(".", &["check", "-f", "json", "."], &[]);
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        let mut files: Vec<String> = v["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .map(|d| d["file"].as_str().unwrap_or_default().to_owned())
            .collect();
        files.dedup();
        files
    };
    assert_eq!(files(&repo), ["legacy/roles.yaml", "org/roles.yaml"]);
    repo.write(".rolelint.yaml", "files: [\"org/*.yaml\"]\n");
    assert_eq!(files(&repo), ["org/roles.yaml", "org/team.yaml"]);
}

#[test]
fn files_that_look_like_roles_files_but_are_not_matched_are_named() {
    let repo = Repo::new("lookalikes");
    for name in ["Roles.yaml", "team-roles.yml", "legacy/org.yml"] {
        repo.write(name, BROKEN);
    }
    repo.write("ci.yaml", "jobs:\n  test: {}\n");
    repo.write(
        "org/roles.yaml",
        &BROKEN.replacen("roles:\n", "include: [../teams/eng.yaml]\nroles:\n", 1),
    );
    repo.write("teams/eng.yaml", "version: 1\nroles:\n  - id: eng\n    title: Eng\n    holder: x\n    success_metrics: [y]\n");
    let out = repo.run_in(".", &["check", "-f", "concise", "."], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("note: skipped 3 files that look like roles files but `files` does not match (Roles.yaml, …)"),
        "{err}"
    );
    // Once `files` names them, nothing is skipped.
    repo.write(
        ".rolelint.yaml",
        "files: [\"**/*roles.y*ml\", \"**/Roles.yaml\", \"legacy/*.yml\"]\n",
    );
    let out = repo.run_in(".", &["check", "-f", "concise", "."], &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("skipped"), "{err}");
}

#[test]
fn the_configuration_names_a_baseline_relative_to_itself() {
    let repo = Repo::new("config-baseline");
    let out = repo.run_in(
        ".",
        &[
            "check",
            "--write-baseline",
            "ci/accepted.json",
            "org/roles.yaml",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    repo.write(".rolelint.yaml", "baseline: ci/accepted.json\n");
    // From the root and from a subdirectory: the accepted findings are not reported.
    for dir in [".", "org"] {
        let file = if dir == "." {
            "org/roles.yaml"
        } else {
            "roles.yaml"
        };
        let out = repo.run_in(dir, &["check", "-f", "concise", file], &[]);
        assert_eq!(out.status.code(), Some(0), "{dir}: {out:?}");
    }
    // A new finding still fails.
    repo.write(
        "org/roles.yaml",
        &BROKEN.replace("holder: bo", "holder: bo\n    x-y: 1\n    bogus: 1"),
    );
    let out = repo.run_in(".", &["check", "-f", "concise", "org/roles.yaml"], &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}

#[test]
fn two_repositories_in_one_run_each_get_their_own_configuration() {
    let a = Repo::new("two-a");
    let b = Repo::new("two-b");
    b.write(".rolelint.yaml", "rules:\n  unknown-reference: off\n");
    let (pa, pb) = (a.abs("org/roles.yaml"), b.abs("org/roles.yaml"));
    let v = a.json_in(".", &[&pa, &pb]);
    let rules_in = |file: &str| -> Vec<String> {
        v["diagnostics"]
            .as_array()
            .expect("list")
            .iter()
            .filter(|d| d["file"].as_str().is_some_and(|f| f.ends_with(file)))
            .map(|d| d["rule"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let a_name = "org/roles.yaml";
    assert!(
        rules_in(a_name).iter().any(|r| r == "unknown-reference"),
        "{v}"
    );
    let b_rules: Vec<String> = rules_in(&pb);
    assert!(!b_rules.is_empty(), "{v}");
    assert!(b_rules.iter().all(|r| r != "unknown-reference"), "{v}");
}
