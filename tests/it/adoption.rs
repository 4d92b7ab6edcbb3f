//! Adopting rolelint on an existing organisation, as a new user would:
//! write a baseline, fix a finding, suppress one with a reason, turn a rule
//! down to `info`, and see exactly that in `human` and `json` output.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Workspace(PathBuf);

impl Workspace {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("rolelint-adopt-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".git")).expect("dir");
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.0.join(name), text).expect("write");
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(args)
            .current_dir(&self.0)
            .env("NO_COLOR", "1")
            .output()
            .expect("rolelint runs")
    }

    fn json(&self, args: &[&str]) -> (Option<i32>, Value, String) {
        let mut all = vec!["check", "-f", "json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let value = serde_json::from_slice(&out.stdout).expect("json output");
        (
            out.status.code(),
            value,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The broken example plus one more vacant role: 20 findings.
fn organisation() -> String {
    let mut text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/broken.yaml"))
            .expect("example");
    text.push_str("\n  - id: head-data\n    title: Head of Data\n    reports_to: ceo\n    responsibilities: [Runs the data team]\n    success_metrics: [Dashboards used weekly]\n");
    text
}

fn count(v: &Value, key: &str) -> u64 {
    v["summary"][key].as_u64().expect("count")
}

fn total(v: &Value) -> u64 {
    count(v, "errors") + count(v, "warnings") + count(v, "infos")
}

#[test]
fn baseline_fix_suppress_and_tune() {
    let ws = Workspace::new("flow");
    ws.write("roles.yaml", &organisation());

    let (status, v, _) = ws.json(&[]);
    assert_eq!((status, total(&v)), (Some(1), 20));

    // 1. Record a baseline: nothing new is reported, everything counts as suppressed.
    // Adopting writes the baseline, says so, prints no findings and passes.
    let out = ws.run(&["check", "--write-baseline", "rolelint-baseline.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "wrote 20 entries to rolelint-baseline.json\n"
    );
    let baseline: Value = serde_json::from_str(
        &std::fs::read_to_string(ws.0.join("rolelint-baseline.json")).expect("baseline"),
    )
    .expect("json");
    assert_eq!(baseline["entries"].as_array().map(Vec::len), Some(20));
    let (status, v, stderr) = ws.json(&["--baseline", "rolelint-baseline.json"]);
    assert_eq!(
        (status, total(&v), count(&v, "suppressed")),
        (Some(0), 0, 20)
    );
    assert!(stderr.is_empty(), "{stderr}");

    // 2. Lines added above every finding do not resurface any of them.
    ws.write(
        "roles.yaml",
        &organisation().replacen(
            "version: 1\n",
            "version: 1\n# Reviewed by the leadership team.\n\n",
            1,
        ),
    );
    let (status, v, _) = ws.json(&["--baseline", "rolelint-baseline.json"]);
    assert_eq!((status, total(&v)), (Some(0), 0));

    // 3. Fix one finding: the baseline says one entry is stale.
    let fixed = organisation().replacen("      strategy: 20\n", "      strategy: 30\n", 1);
    ws.write("roles.yaml", &fixed);
    let (status, v, stderr) = ws.json(&["--baseline", "rolelint-baseline.json"]);
    assert_eq!(
        (status, total(&v), count(&v, "suppressed")),
        (Some(0), 0, 19)
    );
    assert!(
        stderr.contains("1 baseline entry matched no finding"),
        "{stderr}"
    );

    // 4. Without the baseline: 19 findings; suppress the vacancy with a reason.
    let suppressed = fixed.replacen(
        "  - id: head-security\n",
        "  # rolelint: ignore[vacant-role] offer accepted, starts in March\n  - id: head-security\n",
        1,
    );
    ws.write("roles.yaml", &suppressed);
    let (_, v, _) = ws.json(&[]);
    assert_eq!((total(&v), count(&v, "suppressed")), (18, 1));
    let messages: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        !messages
            .iter()
            .any(|m| m.contains("head-security") && m.contains("vacant")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("head-data") && m.contains("vacant")),
        "{messages:?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("time_allocation")),
        "{messages:?}"
    );

    // 5. Turn single-root down to info in the configuration.
    ws.write(".rolelint.yaml", "rules:\n  single-root: info\n");
    let (_, v, _) = ws.json(&[]);
    let single_root: Vec<&Value> = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["rule"] == "single-root")
        .collect();
    assert_eq!(single_root.len(), 1);
    assert_eq!(single_root[0]["severity"], "info");
    assert_eq!(count(&v, "infos"), 1);

    // And the human output says the same in its summary line.
    let out = ws.run(&["check"]);
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(
        human
            .trim_end()
            .contains("7 errors, 10 warnings, 1 info in 1 file (1 suppressed)"),
        "{human}"
    );
}

#[test]
fn config_errors_exit_2_with_location() {
    let ws = Workspace::new("config-error");
    ws.write("roles.yaml", &organisation());
    ws.write(".rolelint.yaml", "rules:\n  vacant-rol: off\n");
    let out = ws.run(&["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(".rolelint.yaml:2:3"), "{stderr}");
    assert!(stderr.contains("did you mean `vacant-role`?"), "{stderr}");
}

#[test]
fn config_overrides_per_path_and_discovery() {
    let ws = Workspace::new("overrides");
    std::fs::create_dir_all(ws.0.join("legacy")).expect("dir");
    std::fs::create_dir_all(ws.0.join("vendor")).expect("dir");
    let no_metric = "version: 1\norg: {name: A, headcount: 3}\nroles:\n  - {id: lead, title: Lead, holder: a}\n";
    ws.write("roles.yaml", no_metric);
    ws.write("legacy/roles.yaml", no_metric);
    ws.write("vendor/roles.yaml", no_metric);
    ws.write(
        ".rolelint.yaml",
        "exclude: [\"vendor/**\"]\noverrides:\n  - files: [\"legacy/**\"]\n    rules: {success-metric-required: warning}\n",
    );
    let (status, v, _) = ws.json(&[]);
    assert_eq!(status, Some(1));
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_owned(),
                d["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("legacy/roles.yaml".to_owned(), "warning".to_owned()),
            ("roles.yaml".to_owned(), "error".to_owned())
        ]
    );
    // --rule beats the configuration for one run.
    let (status, _, _) = ws.json(&["--rule", "success-metric-required=warning"]);
    assert_eq!(status, Some(0));
}

#[test]
fn init_writes_files_that_pass_and_never_overwrites() {
    let ws = Workspace::new("init");
    let out = ws.run(&["init"]);
    assert_eq!(out.status.code(), Some(0));
    // The editor line points at the schema init wrote beside the file.
    let roles = std::fs::read_to_string(ws.0.join("roles.yaml")).expect("roles");
    assert!(roles.starts_with("# yaml-language-server: $schema=roles.schema.json\n"));
    let schema = std::fs::read_to_string(ws.0.join("roles.schema.json")).expect("schema");
    assert_eq!(schema, rolelint::schema::SCHEMA_JSON);
    let out = ws.run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no problems in 1 file"));
    ws.write("roles.yaml", "mine\n");
    let out = ws.run(&["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(ws.0.join("roles.yaml")).expect("kept"),
        "mine\n"
    );
}
