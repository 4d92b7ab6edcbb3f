//! What a new user trips on: help that leads to the right fix, outputs that
//! read well raw.

use serde_json::Value;
use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn rolelint(args: &[&str], stdin: &str, envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rolelint"));
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    child.wait_with_output().expect("wait")
}

fn json_of(text: &str) -> Value {
    let out = rolelint(&["check", "-f", "json", "-"], text, &[]);
    serde_json::from_slice(&out.stdout).expect("json")
}

const HEAD: &str = "version: 1\norg: {name: Acme, headcount: 5}\nroles:\n";

#[test]
fn explain_knows_every_code_and_suggests_by_prefix() {
    for code in [
        "syntax",
        "schema",
        "config",
        "unused-suppression",
        "vacant-role",
    ] {
        let out = rolelint(&["explain", code], "", &[]);
        assert_eq!(out.status.code(), Some(0), "{code}");
    }
    let out = rolelint(&["explain", "split-delivery"], "", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("did you mean `split-delivery-and-vision`?"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unknown_manager_may_be_a_role_not_written_yet() {
    let v = json_of(&format!(
        "{HEAD}  - {{id: ceo, title: CEO, holder: a, success_metrics: [x]}}\n  - {{id: x, title: X, holder: b, reports_to: cpo, success_metrics: [x]}}\n  - {{id: y, title: Y, holder: c, reports_to: zz, success_metrics: [x]}}\n"
    ));
    let helps: Vec<&str> = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["rule"] == "unknown-reference")
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert_eq!(
        helps,
        vec![
            "replace `cpo` with `ceo`, or add a role `cpo`",
            // `zz` is too far from any id to be a typo of one.
            "point `reports_to` at an existing role id, or remove it to make this a root role",
        ]
    );
}

#[test]
fn an_unknown_area_names_the_nearest_known_ones() {
    let v = json_of(&format!(
        "{HEAD}  - {{id: ceo, title: CEO, holder: a, accountable_for: [infrastructure], success_metrics: [x]}}\n"
    ));
    let help = v["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["rule"] == "unknown-reference")
        .and_then(|d| d["help"].as_str())
        .expect("help");
    assert!(help.starts_with("use a known area (`"), "{help}");
    assert!(
        help.contains("declare `infrastructure` under `areas`"),
        "{help}"
    );
}

#[test]
fn an_integral_float_is_an_integer() {
    let v = json_of(
        "version: 1\norg: {name: Acme, headcount: 5.0}\nroles:\n  - {id: ceo, title: Founder, holder: a, responsibilities: [x], success_metrics: [x]}\n",
    );
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(0), "{v}");
}

#[test]
fn the_human_header_counts_characters() {
    let text = format!(
        "{HEAD}  - {{id: ceo, title: \"Geschäftsführer 😀\", holder: a, reports_to: cpo, success_metrics: [x]}}\n"
    );
    let out = rolelint(&["check", "--color", "never", "-"], &text, &[]);
    let human = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().nth(3).expect("line");
    let column = line[..line.find("cpo").expect("cpo")].chars().count() + 1;
    assert!(
        human.contains(&format!("[<stdin>:4:{column}]")),
        "{column}: {human}"
    );
    assert!(
        human.starts_with("error[unknown-reference]: role `cpo` does not exist"),
        "{human}"
    );
    // The concise format agrees.
    let out = rolelint(&["check", "-f", "concise", "-"], &text, &[]);
    let concise = String::from_utf8_lossy(&out.stdout);
    assert!(
        concise.starts_with(&format!(
            "<stdin>:4:{column}: error[unknown-reference] role `cpo` does not exist"
        )),
        "{concise}"
    );
}

#[test]
fn colour_follows_the_environment() {
    let broken = std::fs::read_to_string("examples/broken.yaml").expect("example");
    let coloured = |envs: &[(&str, &str)]| {
        let out = rolelint(&["check", "-"], &broken, envs);
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}')
    };
    assert!(!coloured(&[]), "a pipe is not a terminal");
    assert!(coloured(&[("FORCE_COLOR", "1")]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    assert!(!coloured(&[("FORCE_COLOR", "0")]));
    let out = rolelint(
        &["check", "--color", "always", "-"],
        &broken,
        &[("TERM", "dumb")],
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}'),
        "--color wins"
    );
}

#[test]
fn show_config_says_where_each_setting_comes_from() {
    let dir = std::env::temp_dir().join(format!("rolelint-showcfg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("dir");
    std::fs::write(
        dir.join(".rolelint.yaml"),
        "rules:\n  vacant-role: off\n  span-of-control: {max-reports: 5}\noverrides:\n  - files: [\"legacy/**\"]\n    rules: {span-of-control: info}\n",
    )
    .expect("write");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = run(&[
        "check",
        "--show-config",
        "legacy/roles.yaml",
        "--rule",
        "single-root=info",
    ]);
    let line = |rule: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{rule} ")))
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("vacant-role"), "vacant-role off from .rolelint.yaml");
    assert_eq!(
        line("span-of-control"),
        "span-of-control info from .rolelint.yaml, override #1 (legacy/**)"
    );
    assert_eq!(line("single-root"), "single-root info from --rule");
    assert!(
        text.contains("max-reports: 5  from .rolelint.yaml"),
        "{text}"
    );
    // `rules` shows the levels in effect beside the defaults.
    let rules = run(&["rules"]);
    let vacant = rules
        .lines()
        .find(|l| l.starts_with("vacant-role "))
        .expect("row");
    assert_eq!(
        vacant.split_whitespace().take(3).collect::<Vec<_>>(),
        vec!["vacant-role", "warning", "off"]
    );
    std::fs::remove_dir_all(&dir).ok();
}
