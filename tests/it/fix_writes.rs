//! Where `--fix` may write: only the file it read, inside the repository.
//! A name is for people and is never turned back into a path; a fragment
//! several roots share is not fixed from one of them; a fragment named on
//! its own is fixed through its root; read-only files and hard links are
//! refused with a message.

use crate::common::Scratch;

/// A root file with one safe fix (a misspelt key).
const TYPO: &str = "version: 1
org: {name: Acme, headcount: 5}
roles:
  - id: ceo
    title: Chief Executive Officer
    holder: ana
    responsibilities: [Runs the company]
    succes_metrics: [Revenue]
";

fn fixed(text: &[u8]) -> bool {
    let text = String::from_utf8_lossy(text);
    text.contains("    success_metrics: [Revenue]") && !text.contains("succes_metrics")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file below `dir`, relative, sorted.
fn tree(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(
                    p.strip_prefix(dir)
                        .expect("below")
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn a_name_with_backslashes_never_becomes_a_path_outside_the_repository() {
    let home = Scratch::new("fixw-bashrc");
    home.write(".bashrc", "SENTINEL\n");
    home.write("work/repo/.git/HEAD", "");
    home.write(
        "work/repo/.rolelint.yaml",
        "files: [\"*bashrc\", \"**/roles.yaml\"]\n",
    );
    home.write("work/repo/..\\..\\.bashrc", TYPO);
    home.write("work/repo/..\\escaped/roles.yaml", TYPO);
    let before = tree(&home.0);
    let out = home.run_in("work/repo", &["check", "--fix", "."], &[]);
    assert_eq!(home.read(".bashrc"), b"SENTINEL\n", "{}", stderr(&out));
    assert!(
        fixed(&home.read("work/repo/..\\..\\.bashrc")),
        "{}",
        stderr(&out)
    );
    assert!(fixed(&home.read("work/repo/..\\escaped/roles.yaml")));
    // Nothing created: not beside the repository, not anywhere.
    assert_eq!(tree(&home.0), before, "{}", stderr(&out));
    assert!(stderr(&out).contains("in 2 files"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_folder_with_a_non_utf8_name_is_fixed_in_place() {
    use std::os::unix::ffi::OsStrExt as _;
    let repo = Scratch::new("fixw-xff");
    let dir = repo.0.join(std::ffi::OsStr::from_bytes(b"team\\\xff"));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("roles.yaml"), TYPO).expect("write");
    let before = tree(&repo.0);
    let out = repo.run(&["check", "--fix", "."]);
    assert!(
        fixed(&std::fs::read(dir.join("roles.yaml")).expect("read")),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        tree(&repo.0),
        before,
        "no new file or folder: {}",
        stderr(&out)
    );
    // The diff names the file as people read it; nothing is written.
    std::fs::write(dir.join("roles.yaml"), TYPO).expect("write");
    let out = repo.run(&["check", "--diff", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("+++ b/team/\u{fffd}/roles.yaml"));
    assert_eq!(
        std::fs::read(dir.join("roles.yaml")).expect("read"),
        TYPO.as_bytes()
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_with_a_message() {
    use std::os::unix::fs::PermissionsExt as _;
    let repo = Scratch::new("fixw-ro");
    repo.write("roles.yaml", TYPO);
    let path = repo.0.join("roles.yaml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = repo.run(&["check", "--fix", "roles.yaml"]);
    assert_eq!(repo.read("roles.yaml"), TYPO.as_bytes());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("roles.yaml not fixed: it is read-only"),
        "{}",
        stderr(&out)
    );
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o444);
}

#[cfg(unix)]
#[test]
fn a_hard_link_is_not_split() {
    use std::os::unix::fs::MetadataExt as _;
    let repo = Scratch::new("fixw-link");
    repo.write("roles.yaml", TYPO);
    std::fs::hard_link(repo.0.join("roles.yaml"), repo.0.join("copy.txt")).expect("link");
    let out = repo.run(&["check", "--fix", "roles.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("hard links"), "{}", stderr(&out));
    assert_eq!(repo.read("roles.yaml"), TYPO.as_bytes());
    let meta = std::fs::metadata(repo.0.join("roles.yaml")).expect("meta");
    assert_eq!(meta.nlink(), 2);
    // --diff still shows what the fix would be.
    let out = repo.run(&["check", "--diff", "roles.yaml"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("+    success_metrics"));
}

/// Root A: no `cto`.
fn root_a() -> String {
    ROOT_B
        .replace("name: B", "name: A")
        .split("  - id: cto")
        .next()
        .unwrap_or_default()
        .to_owned()
}

const ROOT_B: &str = "version: 1
org: {name: B, headcount: 5}
include: [../shared/eng.yaml]
roles:
  - id: ceo
    title: Chief Executive Officer
    holder: ana
    responsibilities: [Runs the company]
    success_metrics: [Revenue]
  - id: cto
    title: Chief Technology Officer
    holder: bo
    reports_to: ceo
    responsibilities: [Runs technology]
    success_metrics: [Uptime]
";

/// Needed by A (which has no `cto`), unused in B.
const SHARED: &str = "version: 1
roles:
  - id: eng-lead
    title: Engineering Lead
    holder: cy
    reports_to: cto  # rolelint: ignore[unknown-reference] the CTO is hired next quarter
    responsibilities: [Runs the team]
    success_metrics: [Delivery]
";

fn rules(repo: &Scratch, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "-f", "concise"];
    all.extend_from_slice(args);
    let out = repo.run(&all);
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn a_fragment_two_roots_include_is_not_fixed_from_one_of_them() {
    let repo = Scratch::new("fixw-shared");
    repo.write("a/roles.yaml", root_a());
    repo.write("b/roles.yaml", ROOT_B);
    repo.write("shared/eng.yaml", SHARED);
    let before = rules(&repo, &["."]);
    for args in [
        &["check", "--fix", "."][..],
        &["check", "--fix", "b/roles.yaml"],
        &["check", "--fix", "shared/eng.yaml"],
    ] {
        let out = repo.run(args);
        assert_eq!(repo.read("shared/eng.yaml"), SHARED.as_bytes(), "{args:?}");
        // Named alone, the fragment is checked through the first root
        // that includes it (here A, where the suppression is used).
        assert!(
            args[2] == "shared/eng.yaml"
                || stderr(&out).contains("more than one root file includes it"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            !stderr(&out).contains("fixed 1 finding"),
            "{}",
            stderr(&out)
        );
        assert_eq!(rules(&repo, &["."]), before);
    }
}

const ROOT: &str = "version: 1
org: {name: Acme, headcount: 5}
include: [teams/eng.yaml]
roles:
  - id: ceo
    title: Chief Executive Officer
    holder: ana
    responsibilities: [Runs the company]
    succes_metrics: [Revenue]
";

const FRAGMENT: &str = "version: 1
roles:
  - id: cto
    title: Chief Technology Officer
    holder: bo
    reports_to: ceo
    responsibilities: [Runs technology]
    succes_metrics: [Uptime]
";

#[test]
fn a_fragment_named_on_its_own_is_fixed_through_its_root() {
    let repo = Scratch::new("fixw-alone");
    repo.write("roles.yaml", ROOT);
    repo.write("teams/eng.yaml", FRAGMENT);
    let out = repo.run(&["check", "teams/eng.yaml"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 fixable"),
        "{out:?}"
    );
    let out = repo.run(&["check", "--diff", "teams/eng.yaml"]);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(diff.contains("+++ b/teams/eng.yaml"), "{diff}");
    assert!(
        !diff.contains("roles.yaml\n"),
        "the root is not named: {diff}"
    );
    let out = repo.run(&["check", "--fix", "teams/eng.yaml"]);
    assert!(
        fixed(&repo.read("teams/eng.yaml")) || {
            let t = String::from_utf8_lossy(&repo.read("teams/eng.yaml")).into_owned();
            t.contains("success_metrics: [Uptime]")
        },
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("would be added"), "{}", stderr(&out));
    // The root was not named: its own fixable finding stays.
    assert_eq!(repo.read("roles.yaml"), ROOT.as_bytes());
    assert!(
        stderr(&out).contains("fixed 1 finding in 1 file (0 remaining)"),
        "{}",
        stderr(&out)
    );
}

/// Fixes that must be refused (each would make two roles report to each
/// other) among sound ones that move the text after them.
fn traps(n: usize) -> String {
    let mut text = String::from(
        "version: 1\norg: {name: Acme, headcount: 40}\nroles:\n  - id: ceo\n    title: Chief Executive Officer\n    holder: ana\n    responsibilities: [Runs the company]\n    success_metrics: [Revenue]\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "  - id: typo-{i}\n    title: Typo {i}\n    holder: ana\n    reports_to: ceo\n    responsibilities: [x]\n    succes_metrics: [x]\n  - id: trap-a{i}\n    title: Trap A {i}\n    holder: ana\n    reports_to: trap-b{i}\n    responsibilities: [x]\n    success_metrics: [x]\n  - id: trap-b{i}\n    title: Trap B {i}\n    holder: ana\n    reports_to: trap-aa{i}\n    responsibilities: [x]\n    success_metrics: [x]\n"
        ));
    }
    text
}

#[test]
fn refused_fixes_are_refused_once_and_the_sound_ones_all_applied() {
    let repo = Scratch::new("fixw-traps");
    repo.write("roles.yaml", traps(20));
    let out = repo.run(&["check", "--fix", "--unsafe-fixes", "roles.yaml"]);
    let err = stderr(&out);
    assert_eq!(err.matches("fix not applied").count(), 20, "{err}");
    assert!(err.contains("fixed 20 findings in 1 file"), "{err}");
    assert!(!err.contains("not tried"), "{err}");
    let text = String::from_utf8(repo.read("roles.yaml")).expect("utf-8");
    assert!(!text.contains("succes_metrics"));
    assert_eq!(text.matches("reports_to: trap-aa").count(), 20);
}

#[cfg(unix)]
#[test]
fn a_file_that_may_not_be_written_is_reported_as_it_is_on_disk() {
    let home = Scratch::new("fixw-outside");
    home.write("secret.yaml", TYPO);
    home.write("repo/.git/HEAD", "");
    std::fs::create_dir_all(home.0.join("repo/evil")).expect("dir");
    std::os::unix::fs::symlink("../../secret.yaml", home.0.join("repo/evil/roles.yaml"))
        .expect("link");
    // Named on the command line, read through the link: never written.
    let out = home.run_in(
        "repo",
        &["check", "--fix", "-f", "concise", "evil/roles.yaml"],
        &[],
    );
    assert_eq!(home.read("secret.yaml"), TYPO.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("not fixed: it resolves outside the repository"),
        "{err}"
    );
    assert!(err.contains("fixed 0 findings in 0 files"), "{err}");
    // The finding is still reported: nothing was fixed.
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("succes_metrics"),
        "{out:?}"
    );
}

#[test]
fn a_configuration_fix_that_is_offered_is_applied() {
    let repo = Scratch::new("fixw-config");
    repo.write("roles.yaml", TYPO);
    repo.write(
        ".rolelint.yaml",
        "fail_on: warning  # CI fails on warnings\n",
    );
    let out = repo.run(&["check", "roles.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("fix available with --fix: rename `fail_on` to `fail-on`"));
    let out = repo.run(&["check", "--fix", "roles.yaml"]);
    assert!(
        stderr(&out).contains("fixed 1 finding in .rolelint.yaml"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        repo.read(".rolelint.yaml"),
        b"fail-on: warning  # CI fails on warnings\n"
    );
    assert!(fixed(&repo.read("roles.yaml")));
    // --diff writes nothing.
    repo.write(".rolelint.yaml", "fail_on: warning\n");
    repo.run(&["check", "--diff", "roles.yaml"]);
    assert_eq!(repo.read(".rolelint.yaml"), b"fail_on: warning\n");
}
