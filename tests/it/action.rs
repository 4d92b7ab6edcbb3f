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
        ],
    );
    assert_eq!(run.status, Some(0));
    assert_eq!(run.outputs["findings"], "19");
    assert!(run.summary.contains("| broken"));
    std::fs::remove_dir_all(&run.dir).ok();
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
    assert_eq!(run.outputs["sarif-file"], "x\nfindings=999\n::error::pwned");
    std::fs::remove_dir_all(&run.dir).ok();
    std::fs::remove_dir_all(&work).ok();
}
