//! Reading the organisation a change started from: findings known by ids
//! rather than list positions, files inside submodules, and symbolic
//! links at the base revision.

use crate::common::GitRepo as Repo;

const BASE: &str = "version: 1
org: {name: Acme, headcount: 8}
roles:
  - id: cto
    title: Chief Technology Officer
    holder: ada
    nickname: the boss
    responsibilities: [Leads engineering]
    accountable_for: [delivery, external-vision]
    success_metrics: [Releases]
";

/// A role inserted above the one with the unknown key.
fn with_role_above(text: &str) -> String {
    text.replacen(
        "roles:\n",
        "roles:\n  - id: ceo\n    title: Chief Executive Officer\n    holder: bo\n    responsibilities: [Runs the company]\n    success_metrics: [Revenue]\n",
        1,
    )
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `check --new-from-rev HEAD -f concise PATH`: its standard output and
/// standard error.
fn new_since_head(repo: &Repo, path: &str) -> (String, String) {
    let out = repo.run(&["check", "--new-from-rev", "HEAD", "-f", "concise", path]);
    (
        stdout(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_finding_keeps_its_identity_when_an_item_is_inserted_above() {
    let repo = Repo::new("rev-ids");
    repo.write("roles.yaml", BASE);
    repo.commit();
    repo.write("roles.yaml", &with_role_above(BASE));
    let out = repo.run(&["check", "--new-from-rev", "HEAD", "-f", "concise"]);
    assert!(!stdout(&out).contains("nickname"), "{}", stdout(&out));
    let review = repo.diff_json();
    let text = review.to_string();
    assert!(!text.contains("nickname"), "neither new nor fixed: {text}");
}

#[test]
fn a_roles_file_in_a_submodule_is_read_at_its_recorded_commit() {
    let sub = Repo::new("rev-sub-inner");
    sub.write("roles.yaml", BASE);
    sub.commit();
    let repo = Repo::new("rev-sub-outer");
    repo.write("README", "x\n");
    repo.commit();
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        sub.0.to_str().expect("utf-8"),
        "org",
    ]);
    repo.commit();
    // A change inside the submodule's work tree: one new role.
    repo.write("org/roles.yaml", &with_role_above(BASE));
    let (text, stderr) = new_since_head(&repo, "org/roles.yaml");
    assert!(
        !text.contains("nickname"),
        "old finding counted as new: {text}{stderr}"
    );
    assert!(!stderr.contains("unknown"), "{stderr}");
    // The submodule's own history is not there: unknown, and said so.
    std::fs::remove_dir_all(repo.0.join(".git/modules")).ok();
    std::fs::remove_file(repo.0.join("org/.git")).ok();
    let (_, stderr) = new_since_head(&repo, "org/roles.yaml");
    assert!(stderr.contains("organisation there is unknown"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_at_the_base_is_followed_inside_the_repository() {
    let repo = Repo::new("rev-link");
    repo.write("org/real.yaml", BASE);
    std::os::unix::fs::symlink("org/real.yaml", repo.0.join("roles.yaml")).expect("link");
    repo.commit();
    repo.write("org/real.yaml", &with_role_above(BASE));
    let (text, stderr) = new_since_head(&repo, "roles.yaml");
    assert!(!text.contains("nickname"), "{text}{stderr}");
    assert!(!stderr.contains("unknown"));
    // A link that leaves the repository is not followed.
    std::fs::remove_file(repo.0.join("roles.yaml")).expect("rm");
    std::os::unix::fs::symlink("../../../etc/passwd", repo.0.join("roles.yaml")).expect("link");
    repo.commit();
    std::fs::remove_file(repo.0.join("roles.yaml")).expect("rm");
    repo.write("roles.yaml", BASE);
    let (_, stderr) = new_since_head(&repo, "roles.yaml");
    assert!(stderr.contains("organisation there is unknown"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_backslash_in_a_folder_name_is_not_a_separator_at_the_base() {
    let repo = Repo::new("rev-backslash");
    repo.write("team\\x/roles.yaml", BASE);
    // Another organisation where the name would lead if `\` were a `/`.
    repo.write(
        "team/x/roles.yaml",
        &BASE.replace("    nickname: the boss\n", ""),
    );
    repo.commit();
    repo.write("team\\x/roles.yaml", &with_role_above(BASE));
    let (text, stderr) = new_since_head(&repo, "team\\x/roles.yaml");
    assert!(!text.contains("nickname"), "{text}{stderr}");
}

#[test]
fn diff_fails_on_new_findings_when_asked_and_counts_reports_right() {
    let repo = Repo::new("rev-diff-fail");
    repo.write("roles.yaml", &BASE.replace("    nickname: the boss\n", ""));
    repo.commit();
    // A new manager of one, without a success metric (an error).
    let changed = BASE
        .replace("    nickname: the boss\n", "    reports_to: ceo\n")
        .replacen(
            "roles:\n",
            "roles:\n  - id: ceo\n    title: Chief Executive Officer\n    holder: bo\n    responsibilities: [Runs the company]\n",
            1,
        );
    repo.write("roles.yaml", &changed);
    let plain = repo.run(&["diff"]);
    assert_eq!(plain.status.code(), Some(0), "{plain:?}");
    let strict = repo.run(&["diff", "--fail-on", "error"]);
    assert_eq!(strict.status.code(), Some(1), "{strict:?}");
    assert_eq!(strict.stdout, plain.stdout);
    // -q: nothing printed, the exit code says.
    let quiet = repo.run(&["diff", "-q", "--fail-on", "error"]);
    assert_eq!(
        (quiet.status.code(), quiet.stdout.is_empty()),
        (Some(1), true),
        "{quiet:?}"
    );
    // Only new findings count: at the base the same file passes.
    repo.commit();
    assert_eq!(
        repo.run(&["diff", "--fail-on", "error"]).status.code(),
        Some(0)
    );
    // A manager left with one report: "1 direct report".
    let two = changed.replacen(
        "  - id: cto\n",
        "  - id: vp\n    title: VP of Engineering\n    holder: cy\n    reports_to: ceo\n    responsibilities: [Runs delivery]\n    success_metrics: [Delivery]\n  - id: cto\n",
        1,
    );
    repo.write("roles.yaml", &two);
    repo.commit();
    repo.write("roles.yaml", &changed);
    let text = String::from_utf8_lossy(&repo.run(&["diff"]).stdout).into_owned();
    assert!(text.contains("has 1 direct report (was 2)"), "{text}");
}

#[test]
fn a_finding_the_change_suppresses_is_listed_as_suppressed_not_fixed() {
    let repo = Repo::new("rev-suppressed");
    let vacant = BASE
        .replace("    nickname: the boss\n", "")
        .replace("    holder: ada\n", "");
    repo.write("roles.yaml", &vacant);
    repo.commit();
    repo.write(
        "roles.yaml",
        &vacant.replace(
            "  - id: cto\n",
            "  - id: cto  # rolelint: ignore[vacant-role] hiring approved\n",
        ),
    );
    let review = repo.diff_json();
    let findings = &review["findings"];
    let rules = |key: &str| -> Vec<String> {
        findings[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}: {review}"))
            .iter()
            .map(|d| d["rule"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(rules("fixed"), Vec::<String>::new(), "{review}");
    assert_eq!(
        rules("suppressed"),
        vec!["vacant-role".to_owned()],
        "{review}"
    );
    let human = String::from_utf8_lossy(&repo.run(&["diff"]).stdout).into_owned();
    assert!(
        human.contains("suppressed by the change (not fixed): 1"),
        "{human}"
    );
    let markdown =
        String::from_utf8_lossy(&repo.run(&["diff", "-f", "markdown"]).stdout).into_owned();
    assert!(
        markdown.contains("#### Suppressed by the change (not fixed)"),
        "{markdown}"
    );
}

#[test]
fn a_file_named_from_outside_its_repository_gets_its_configuration_and_history() {
    let repo = Repo::new("rev-outside");
    repo.write("org/roles.yaml", BASE);
    repo.write(".rolelint.yaml", "rules:\n  vacant-role: error\n");
    repo.commit();
    repo.write(
        "org/roles.yaml",
        &with_role_above(&BASE.replace("    holder: ada\n", "")),
    );
    let path = repo.0.join("org/roles.yaml");
    let path = path.to_str().expect("utf-8");
    let elsewhere = std::env::temp_dir();
    let run = |args: &[&str], dir: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .output()
            .expect("runs")
    };
    let inside = run(&["check", "-f", "json", path], &repo.0);
    let outside = run(&["check", "-f", "json", path], &elsewhere);
    assert_eq!(inside.status.code(), outside.status.code());
    assert_eq!(
        inside.stdout,
        outside.stdout,
        "{}",
        String::from_utf8_lossy(&outside.stdout)
    );
    // vacant-role is an error in this repository's configuration.
    assert!(
        String::from_utf8_lossy(&outside.stdout)
            .contains("\"severity\": \"error\",\n      \"message\": \"role `cto`"),
        "{}",
        String::from_utf8_lossy(&outside.stdout)
    );
    let new = run(
        &["check", "--new-from-rev", "HEAD", "-f", "concise", path],
        &elsewhere,
    );
    let err = String::from_utf8_lossy(&new.stderr);
    assert!(!err.contains("not in a git repository"), "{err}");
    assert!(
        !String::from_utf8_lossy(&new.stdout).contains("nickname"),
        "{}",
        String::from_utf8_lossy(&new.stdout)
    );
}
