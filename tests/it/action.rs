//! The GitHub Action's shell logic (`action/run.sh`), run locally with fake
//! `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY` files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    status: Option<i32>,
    stdout: String,
    outputs: HashMap<String, String>,
    summary: String,
    dir: PathBuf,
}

/// Parse `$GITHUB_OUTPUT`: `name=value` lines and `name<<DELIM` blocks.
fn parse_outputs(text: &str) -> HashMap<String, String> {
    let mut outputs = HashMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delimiter)) = line.split_once("<<") {
            let mut value = Vec::new();
            for l in lines.by_ref() {
                if l == delimiter {
                    break;
                }
                value.push(l);
            }
            assert!(
                outputs.insert(name.to_owned(), value.join("\n")).is_none(),
                "{name} written twice"
            );
        } else if let Some((name, value)) = line.split_once('=') {
            assert!(
                outputs.insert(name.to_owned(), value.to_owned()).is_none(),
                "{name} written twice"
            );
        }
    }
    outputs
}

fn run_action(name: &str, inputs: &[(&str, &str)]) -> Run {
    let dir = std::env::temp_dir().join(format!("rolelint-action-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let output_file = dir.join("output");
    let summary_file = dir.join("summary");
    std::fs::write(&output_file, "").expect("output file");
    std::fs::write(&summary_file, "").expect("summary file");
    let mut command = Command::new("bash");
    command
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ROLELINT", env!("CARGO_BIN_EXE_rolelint"))
        .env("GITHUB_WORKSPACE", env!("CARGO_MANIFEST_DIR"))
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_STEP_SUMMARY", &summary_file);
    for (key, value) in inputs {
        command.env(key, value);
    }
    let out = command.output().expect("bash runs");
    Run {
        status: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        outputs: parse_outputs(&std::fs::read_to_string(&output_file).expect("outputs")),
        summary: std::fs::read_to_string(&summary_file).expect("summary"),
        dir,
    }
}

#[test]
fn broken_file_annotates_summarises_and_writes_sarif() {
    let sarif_dir =
        std::env::temp_dir().join(format!("rolelint-action-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&sarif_dir).expect("dir");
    let sarif = sarif_dir.join("out.sarif");
    let run = run_action(
        "broken",
        &[
            ("INPUT_PATHS", "examples/broken.yaml\n"),
            ("INPUT_SARIF_FILE", sarif.to_str().expect("utf-8")),
        ],
    );
    assert_eq!(run.status, Some(1));
    assert_eq!(run.outputs["findings"], "19");
    assert_eq!(run.outputs["sarif-file"], sarif.to_str().expect("utf-8"));
    // Annotations: one workflow command per finding.
    assert_eq!(
        run.stdout.lines().filter(|l| l.starts_with("::")).count(),
        19
    );
    // The summary holds every finding, beyond GitHub's ten annotations per kind.
    assert!(run.summary.contains("rolelint found problems"));
    assert_eq!(
        run.summary
            .lines()
            .filter(|l| l.starts_with("| examples/broken"))
            .count(),
        19
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif")).expect("json");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(19)
    );
    std::fs::remove_dir_all(&sarif_dir).ok();
    std::fs::remove_dir_all(&run.dir).ok();
}

#[test]
fn clean_file_passes_without_sarif_or_summary() {
    let run = run_action(
        "clean",
        &[
            ("INPUT_PATHS", "examples/roles.yaml"),
            ("INPUT_SUMMARY", "false"),
        ],
    );
    assert_eq!(run.status, Some(0));
    assert_eq!(run.outputs["findings"], "0");
    assert_eq!(run.outputs["sarif-file"], "");
    assert!(run.summary.is_empty());
    std::fs::remove_dir_all(&run.dir).ok();
}

#[test]
fn fail_on_and_working_directory_inputs() {
    let run = run_action(
        "fail-on",
        &[
            ("INPUT_WORKING_DIRECTORY", "examples"),
            ("INPUT_PATHS", "broken.yaml"),
            ("INPUT_FAIL_ON", "never"),
            ("INPUT_SARIF_FILE", "wd.sarif"),
        ],
    );
    assert_eq!(run.status, Some(0));
    assert_eq!(run.outputs["findings"], "19");
    // Named from the repository root, wherever the action ran.
    assert!(
        run.summary.contains("| examples/broken.yaml:"),
        "{}",
        run.summary
    );
    let annotations: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(annotations.len(), 19);
    assert!(
        annotations
            .iter()
            .all(|l| l.contains(" file=examples/broken.yaml,")),
        "{annotations:?}"
    );
    // The SARIF output is absolute, taken from the repository root (not
    // from working-directory), and points at the file written.
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/wd.sarif")
            .exists()
    );
    let sarif = Path::new(env!("CARGO_MANIFEST_DIR")).join("wd.sarif");
    assert_eq!(run.outputs["sarif-file"], sarif.to_str().expect("utf-8"));
    let text = std::fs::read_to_string(&sarif).expect("sarif written there");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "examples/broken.yaml"
    );
    std::fs::remove_file(&sarif).ok();
    std::fs::remove_dir_all(&run.dir).ok();
}

#[test]
fn args_and_baseline_inputs() {
    let baseline =
        std::env::temp_dir().join(format!("rolelint-action-bl-{}.json", std::process::id()));
    let made = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args([
            "check",
            "--write-baseline",
            baseline.to_str().expect("utf-8"),
            "examples/broken.yaml",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    assert_eq!(made.status.code(), Some(0));
    let run = run_action(
        "baseline",
        &[
            ("INPUT_PATHS", "examples/broken.yaml"),
            ("INPUT_BASELINE", baseline.to_str().expect("utf-8")),
        ],
    );
    assert_eq!(
        (run.status, run.outputs["findings"].as_str()),
        (Some(0), "0")
    );
    // Extra flags are split on whitespace and never reach a shell.
    let run = run_action(
        "args",
        &[
            ("INPUT_PATHS", "examples/broken.yaml"),
            (
                "INPUT_ARGS",
                "--rule vacant-role=off  --fail-on never $(touch /tmp/rolelint-args-pwned)",
            ),
        ],
    );
    assert!(!Path::new("/tmp/rolelint-args-pwned").exists());
    assert_eq!(run.status, Some(2), "{}", run.stdout);
    let run = run_action(
        "args-ok",
        &[
            ("INPUT_PATHS", "examples/broken.yaml"),
            ("INPUT_ARGS", "--rule vacant-role=off\n--fail-on never"),
        ],
    );
    assert_eq!(run.status, Some(0));
    assert!(!run.stdout.contains("vacant-role"), "{}", run.stdout);
    std::fs::remove_file(&baseline).ok();
}

#[test]
fn the_cache_key_covers_every_file_the_binary_includes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = std::fs::read_to_string(root.join("action/cache-key.sh")).expect("script");
    let line = script
        .lines()
        .find(|l| l.starts_with("inputs=("))
        .expect("inputs line");
    let inputs: Vec<&str> = line
        .trim_start_matches("inputs=(")
        .trim_end_matches(')')
        .split_whitespace()
        .collect();
    let mut stack = vec![root.join("src")];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for piece in text.split("include_").skip(1) {
                let Some(rest) = piece
                    .strip_prefix("str!(\"")
                    .or_else(|| piece.strip_prefix("bytes!(\""))
                else {
                    continue;
                };
                let included = rest.split('"').next().expect("path");
                let resolved = std::fs::canonicalize(path.parent().expect("dir").join(included))
                    .expect("included file exists");
                let relative = resolved.strip_prefix(root).expect("inside the crate");
                assert!(
                    inputs.iter().any(|i| relative.starts_with(i)),
                    "{} includes {} which the cache key does not hash",
                    path.display(),
                    relative.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "{checked}");
}

#[test]
fn inputs_cannot_inject_outputs_or_commands() {
    let work = std::env::temp_dir().join(format!("rolelint-action-work-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("dir");
    let run = run_action(
        "inject",
        &[
            ("INPUT_WORKING_DIRECTORY", work.to_str().expect("utf-8")),
            ("INPUT_PATHS", "roles.yaml $(touch /tmp/rolelint-pwned) *"),
            ("INPUT_SARIF_FILE", "x\nfindings=999\n::error::pwned"),
        ],
    );
    // The odd paths are reported as missing (exit 2), never run or expanded.
    assert_eq!(run.status, Some(2));
    assert!(!Path::new("/tmp/rolelint-pwned").exists());
    assert_eq!(run.outputs["findings"], "0");
    // The value stays inside its delimited block (made absolute, from the
    // repository root).
    assert_eq!(
        run.outputs["sarif-file"],
        format!(
            "{}/x\nfindings=999\n::error::pwned",
            env!("CARGO_MANIFEST_DIR")
        )
    );
    // The errors annotated come from rolelint, one line each: no input
    // starts a workflow command of its own.
    assert!(
        !run.stdout.lines().any(|l| l.starts_with("::error::pwned")),
        "{}",
        run.stdout
    );
    std::fs::remove_file(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("x\nfindings=999\n::error::pwned"),
    )
    .ok();
    std::fs::remove_dir_all(&run.dir).ok();
    std::fs::remove_dir_all(&work).ok();
}

#[test]
fn base_and_only_new_review_a_change() {
    let repo = std::env::temp_dir().join(format!("rolelint-action-review-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(&repo).expect("dir");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(&repo)
            .status()
            .expect("git");
        assert!(status.success(), "{args:?}");
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "t@example.com"]);
    git(&["config", "user.name", "T"]);
    git(&["config", "commit.gpgsign", "false"]);
    let broken =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken.yaml"))
            .expect("example");
    std::fs::write(repo.join("roles.yaml"), &broken).expect("write");
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "base"]);
    // The change: a comment on top and one new problem.
    let changed = format!(
        "# edited\n{}",
        broken.replace("holder: gajus", "holder: gaju")
    );
    std::fs::write(repo.join("roles.yaml"), changed).expect("write");
    let repo_text = repo.to_str().expect("utf-8");
    let run = run_action(
        "review",
        &[
            ("INPUT_WORKING_DIRECTORY", repo_text),
            ("INPUT_BASE", "HEAD"),
            ("INPUT_ONLY_NEW", "true"),
        ],
    );
    assert_eq!(run.status, Some(1), "{}", run.stdout);
    assert!(
        run.summary
            .contains("## rolelint: what this change does to the organisation"),
        "{}",
        run.summary
    );
    assert!(
        run.summary
            .contains("`cto` now held by `gaju` (was `gajus`)"),
        "{}",
        run.summary
    );
    let annotations: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("::")).collect();
    assert!(!annotations.is_empty());
    assert!(
        annotations.iter().all(|l| l.contains("gaju")),
        "{annotations:?}"
    );
    // A base that is not a revision is refused before anything runs.
    let run = run_action(
        "review-bad",
        &[
            ("INPUT_WORKING_DIRECTORY", repo_text),
            ("INPUT_BASE", "--upload-pack=touch /tmp/x"),
        ],
    );
    assert_eq!(run.status, Some(2));
    std::fs::remove_dir_all(&repo).ok();
}

/// One place for the version: Cargo.toml. The Action's default release
/// (once it is released), the Python package (which reads it from
/// Cargo.toml) and the changelog follow.
#[test]
fn the_version_has_one_place() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let version = env!("CARGO_PKG_VERSION");
    let action = std::fs::read_to_string(root.join("action.yml")).expect("action.yml");
    let default = action
        .split("  version:\n")
        .nth(1)
        .and_then(|rest| {
            rest.lines()
                .find(|l| l.trim_start().starts_with("default:"))
        })
        .expect("version input with a default");
    // Until the version is released (a `## [X.Y.Z]` entry in the
    // changelog), the default builds from source: a default that names an
    // unpublished release would fail as pasted.
    let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).expect("changelog");
    let released = changelog.contains(&format!("## [{version}]"));
    if released {
        assert_eq!(default.trim(), format!("default: \"{version}\""));
    } else {
        assert_eq!(default.trim(), "default: source");
    }
    let package = std::fs::read_to_string(root.join("python/pyproject.toml")).expect("pyproject");
    assert!(
        package.contains("dynamic = [\"version\"]")
            && package.contains("manifest-path = \"../Cargo.toml\""),
        "the package must take its version from Cargo.toml"
    );
    assert!(
        !package.lines().any(|l| l.starts_with("version")),
        "no second version in python/pyproject.toml"
    );
    // The pre-commit shim pins the wheel of the same version.
    let shim = std::fs::read_to_string(root.join("pyproject.toml")).expect("shim");
    assert!(
        shim.contains(&format!("version = \"{version}\"")),
        "shim version"
    );
    assert!(
        shim.contains(&format!("dependencies = [\"rolelint=={version}\"]")),
        "shim pin"
    );
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).expect("hooks");
    for id in ["id: rolelint\n", "id: rolelint-src\n"] {
        assert!(hooks.contains(id), "{id}");
    }
    assert!(
        hooks.matches("--force-exclude").count() == 2,
        "both hooks pass --force-exclude"
    );
    let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).expect("changelog");
    assert!(
        changelog.contains("## [Unreleased]") || changelog.contains(&format!("## [{version}]")),
        "CHANGELOG.md has no entry for {version}"
    );
    let release =
        std::fs::read_to_string(root.join(".github/workflows/release.yml")).expect("release");
    assert!(release.contains("The tag is the version in Cargo.toml"));
}

#[test]
fn a_run_that_cannot_check_says_why_in_an_annotation() {
    let run = run_action("cannot-check", &[("INPUT_PATHS", "no/such/roles.yaml")]);
    assert_eq!(run.status, Some(2));
    let errors: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert!(
        errors
            .iter()
            .any(|l| l.contains("title=rolelint could not run::")
                && l.contains("no/such/roles.yaml")),
        "{}",
        run.stdout
    );
    std::fs::remove_dir_all(&run.dir).ok();
}
