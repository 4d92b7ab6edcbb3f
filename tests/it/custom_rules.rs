//! Custom rules: compiled with errors at their column, run as ordinary
//! findings, bounded in cost, and tested with `test-rules`.

use crate::common::{Scratch, TODAY, settings};
use rolelint::config::Config;
use rolelint::source::Source;

const FIXTURE: &str = "tests/fixtures/custom-rules";

fn config_errors(text: &str) -> Vec<String> {
    let source = Source::new(".rolelint.yaml", text);
    let (config, diagnostics) = Config::parse(&source);
    assert_eq!(config.is_none(), !diagnostics.is_empty());
    diagnostics
        .iter()
        .map(|d| {
            let p = source.position(d.primary.span.start);
            let len = d.primary.span.end - d.primary.span.start;
            format!("{}:{}+{len} {}", p.line, p.column, d.message)
        })
        .collect()
}

fn rule(assert: &str) -> String {
    format!(
        "custom-rules:\n  our-rule:\n    summary: a policy\n    for: roles\n    assert: {assert}\n"
    )
}

#[test]
fn errors_in_expressions_point_at_their_column() {
    assert_eq!(
        config_errors(&rule("role.spam > 3")),
        ["5:18+4 in `assert`: `role` has no field `spam`"]
    );
    assert_eq!(
        config_errors(&rule("role.span > \"4\"")),
        ["5:23+1 in `assert`: an int cannot be compared with a string"]
    );
    assert_eq!(
        config_errors(&rule("rol.span > 4")),
        ["5:13+3 in `assert`: unknown variable `rol`"]
    );
    assert_eq!(
        config_errors(&rule("role.title.matches('^VP')")),
        ["5:24+7 in `assert`: unknown method `matches`"]
    );
    assert_eq!(
        config_errors(&rule("role.span")),
        ["5:13+1 `assert` must be a bool, found an int"]
    );
    let syntax = config_errors(&rule("role.span $ 1"));
    assert!(
        syntax[0].starts_with("5:23+1 syntax error in `assert`"),
        "{syntax:?}"
    );
    // Columns count characters: after two `é`, the `ä` is where it looks.
    let syntax = config_errors(&rule(
        "'role.title == \"Directrice générale\" && role.spän > 1'",
    ));
    assert!(
        syntax[0].starts_with("5:60+2 syntax error in `assert`"),
        "{syntax:?}"
    );
}

#[test]
fn errors_in_a_block_scalar_and_a_message_point_inside_them() {
    let text = "custom-rules:\n  our-rule:\n    summary: a policy\n    for: teams\n    assert: |\n      team.size > 3 &&\n        team.laed != ''\n    message: 'team ${team.nme} is small'\n";
    assert_eq!(
        config_errors(text),
        [
            "7:14+4 in `assert`: `team` has no field `laed`",
            "8:27+3 in `message`: `team` has no field `nme`",
        ]
    );
}

#[test]
fn names_must_be_new_and_well_formed() {
    let text = "custom-rules:\n  vacant-role:\n    summary: x\n    for: roles\n    assert: 'true'\n  Bad_Name:\n    summary: x\n    for: roles\n    assert: 'true'\n  fine:\n    summary: x\n    for: roles\n    assert: 'true'\n    at: reports_t\nrules:\n  fin: error\n";
    let errors = config_errors(text);
    assert_eq!(
        errors,
        [
            "2:3+11 `vacant-role` is a built-in rule; a custom rule needs a name of its own",
            "6:3+8 `Bad_Name` is not a rule name",
            "14:9+9 `at: reports_t` is not a key of roles",
            "16:3+3 unknown rule `fin`",
        ]
    );
}

#[test]
fn the_documented_examples_compile() {
    for (file, heading) in [
        ("docs/rules-of-your-own.md", "## Five rules to copy"),
        ("README.md", "Five rules to copy:"),
    ] {
        let page = std::fs::read_to_string(file).expect("page");
        let start = page.find(heading).expect("section");
        let block = &page[start..];
        let yaml = &block[block.find("```yaml\n").expect("block") + 8..];
        let yaml = &yaml[..yaml.find("```").expect("end")];
        let source = Source::new(".rolelint.yaml", yaml);
        let (config, errors) = Config::parse(&source);
        assert!(errors.is_empty(), "{file}: {errors:?}");
        assert_eq!(config.expect("config").custom.rules.len(), 5, "{file}");
    }
}

#[test]
fn every_field_is_documented() {
    for file in ["docs/rules-of-your-own.md", "README.md"] {
        let page = std::fs::read_to_string(file).expect("page");
        for kind in rolelint::custom::fields::Kind::ALL {
            for field in kind.fields() {
                assert!(
                    page.contains(&format!("`{}`", field.name)),
                    "{}.{} is not in {file}",
                    kind.variable(),
                    field.name
                );
            }
        }
    }
}

fn run_fixture(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .current_dir(FIXTURE)
        .env("NO_COLOR", "1")
        .env("ROLELINT_TODAY", TODAY)
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .expect("runs")
}

#[test]
fn the_five_examples_report_what_the_organisation_gets_wrong() {
    let out = run_fixture(&["check", "roles.yaml", "--format", "concise"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let custom: Vec<&str> = text
        .lines()
        .filter(|l| {
            [
                "director-span",
                "big-team-has-manager",
                "max-three-areas",
                "metric-with-target",
                "two-hats-at-most",
            ]
            .iter()
            .any(|r| l.contains(&format!("[{r}]")))
        })
        .collect();
    insta::assert_snapshot!(custom.join("\n"), @r"
    roles.yaml:9:10: warning[two-hats-at-most] Raj Patel fills 3 roles: em-platform, staff-eng, community-lead
    roles.yaml:22:9: warning[director-span] `head-eng` leads 2 people; a director leads 4 to 8
    roles.yaml:28:22: warning[max-three-areas] `head-eng` is accountable for 4 areas: delivery, architecture, security, hiring
    roles.yaml:30:7: warning[metric-with-target] role `head-eng`: every leadership role has a success metric with a target
    roles.yaml:43:7: warning[metric-with-target] role `staff-eng`: every leadership role has a success metric with a target
    roles.yaml:56:9: warning[big-team-has-manager] team `apps` has 10 people and no engineering manager leading it
    ");
}

#[test]
fn custom_findings_are_in_sarif_with_their_rule_and_levels_apply() {
    let out = run_fixture(&[
        "check",
        "roles.yaml",
        "--format",
        "sarif",
        "--rule",
        "director-span=error",
    ]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let result = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "director-span")
        .expect("a director-span result");
    assert_eq!(result["level"], "error");
    let described = &rules[result["ruleIndex"].as_u64().expect("index") as usize];
    assert_eq!(described["id"], "director-span");
    assert_eq!(
        described["shortDescription"]["text"],
        "a director leads 4 to 8 people"
    );
    let off = run_fixture(&[
        "check",
        "roles.yaml",
        "--format",
        "concise",
        "--rule",
        "director-span=off",
    ]);
    assert!(!String::from_utf8_lossy(&off.stdout).contains("director-span"));
}

const ORG: &str = "version: 1\norg:\n  name: Acme\n  headcount: 3\nroles:\n  - id: cto\n    title: Chief Technology Officer\n    holder: ada\n    accountable_for: [delivery, external-vision]\n    success_metrics: [Uptime]\n  - id: eng\n    title: Engineer\n    reports_to: cto\n    success_metrics: [Tickets]\n";

fn with_rules(config: &str, roles: &str) -> (std::process::Output, Scratch) {
    let dir = Scratch::new(&format!("custom-{}", config.len() + roles.len()));
    dir.write(".rolelint.yaml", config);
    dir.write("roles.yaml", roles);
    let out = dir.run_in(
        ".",
        &["check", "roles.yaml", "--format", "concise"],
        &[("ROLELINT_TODAY", TODAY)],
    );
    (out, dir)
}

#[test]
fn a_failure_on_one_subject_is_one_finding_there_and_the_rest_still_run() {
    let config = "custom-rules:\n  holder-named:\n    summary: the holder is named\n    for: roles\n    assert: role.holder != 'tbd'\n  titled:\n    summary: titles are short\n    for: roles\n    assert: size(role.title) < 100\n";
    let (out, _dir) = with_rules(config, ORG);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("roles.yaml:11:9: warning[holder-named] `assert` of custom rule `holder-named` could not be evaluated on role `eng`: `holder` is not set here"),
        "{text}"
    );
    assert_eq!(text.matches("[holder-named]").count(), 1, "{text}");
    assert!(!text.contains("[titled]"), "{text}");
}

#[test]
fn a_rule_that_could_run_too_long_is_reported_not_run() {
    // Every role against every role against every role: cubic.
    let config = "custom-rules:\n  cubic:\n    summary: x\n    for: roles\n    assert: org.roles.all(a, org.roles.all(b, a.id != b.id || a.title == b.title))\n";
    let mut roles = String::from("version: 1\norg:\n  name: Big\n  headcount: 2000\nroles:\n");
    for i in 0..2000 {
        roles.push_str(&format!(
            "  - {{id: r{i}, title: Role {i}, success_metrics: [m]}}\n"
        ));
    }
    let started = std::time::Instant::now();
    let (out, _dir) = with_rules(config, &roles);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("warning[cubic] custom rule `cubic` was not run: it could take up to"),
        "{text}"
    );
    assert_eq!(text.matches("[cubic]").count(), 1);
    // Not a timing assertion: a run that evaluated it would take hours.
    assert!(started.elapsed().as_secs() < 120);
}

#[test]
fn suppressions_name_custom_rules() {
    let config = "custom-rules:\n  short-titles:\n    summary: titles are at most 10 characters\n    for: roles\n    assert: size(role.title) <= 10\n";
    let roles = ORG.replace(
        "  - id: cto\n",
        "  # rolelint: ignore[short-titles] the board chose this title\n  - id: cto\n",
    );
    let (out, _dir) = with_rules(config, &roles);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("short-titles"), "{text}");
    assert!(!text.contains("unused-suppression"), "{text}");
}

#[test]
fn test_rules_reports_every_mismatch_and_exits_as_documented() {
    let dir = Scratch::new("test-rules");
    dir.write(
        ".rolelint.yaml",
        "custom-rules:\n  short-titles:\n    summary: titles are at most 10 characters\n    for: roles\n    assert: size(role.title) <= 10\n",
    );
    dir.write(
        "rolelint-tests/good.yaml",
        "version: 1\norg: {name: A, headcount: 2}\nroles:\n  # expect: short-titles\n  - id: cto\n    title: Chief Technology Officer\n  - id: eng # expect-none: short-titles\n    title: Engineer\n    reports_to: cto\n",
    );
    let out = dir.run(&["test-rules"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    dir.write(
        "rolelint-tests/bad.yaml",
        "version: 1\norg: {name: A, headcount: 2}\nroles:\n  - id: cto\n    title: Chief Technology Officer\n  # expect: short-titles\n  - id: eng\n    title: Engineer\n",
    );
    let out = dir.run(&["test-rules"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("bad.yaml:7: expected `short-titles` here, but it reported nothing"),
        "{text}"
    );
    assert!(
        text.contains("bad.yaml:4: `short-titles` reported here, not expected"),
        "{text}"
    );
    dir.write(".rolelint.yaml", "custom-rules:\n  short-titles:\n    summary: x\n    for: roles\n    assert: role.titel == ''\n");
    assert_eq!(dir.run(&["test-rules"]).status.code(), Some(2));
}

#[test]
fn library_settings_without_custom_rules_are_unchanged() {
    // The default settings carry no custom rules: checking is as before.
    assert!(settings().custom().is_empty());
}

#[test]
fn hostile_expressions_are_configuration_errors() {
    let cases = [
        (
            "[".repeat(1000) + &"]".repeat(1000) + ".size() > 0",
            "nests too deep to read",
        ),
        (
            "(".repeat(1500) + "true" + &")".repeat(1500),
            "nests too deep to read",
        ),
        (
            "1 + ".repeat(900) + "1 > 0",
            "parts once expanded; the limit is 1000",
        ),
        (
            "true && ".repeat(2000) + "true",
            "bytes long; the limit is 4096",
        ),
        (
            "role.title.matches(\"(a+)+$\")".to_owned(),
            "unknown method `matches`",
        ),
    ];
    for (expression, expected) in cases {
        let text = format!(
            "custom-rules:\n  h:\n    summary: x\n    for: roles\n    assert: '{expression}'\n"
        );
        let errors = config_errors(&text);
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{expected}: {errors:?}"
        );
    }
}

#[test]
fn rules_explain_and_show_config_know_custom_rules() {
    let listed = String::from_utf8_lossy(&run_fixture(&["rules"]).stdout).into_owned();
    let line = listed
        .lines()
        .find(|l| l.starts_with("director-span "))
        .expect("listed");
    assert!(
        line.contains("custom: roles") && line.contains("a director leads 4 to 8 people"),
        "{line}"
    );
    let page =
        String::from_utf8_lossy(&run_fixture(&["explain", "director-span"]).stdout).into_owned();
    assert!(page.starts_with("# director-span\n"), "{page}");
    assert!(
        page.contains("assert: role.span >= 4 && role.span <= 8"),
        "{page}"
    );
    let reference = run_fixture(&["explain", "custom-rules"]);
    assert!(String::from_utf8_lossy(&reference.stdout).contains("| `reach` | int, computed |"));
    let shown = String::from_utf8_lossy(
        &run_fixture(&[
            "check",
            "--show-config",
            "roles.yaml",
            "--rule",
            "two-hats-at-most=error",
        ])
        .stdout,
    )
    .into_owned();
    assert!(shown.contains("two-hats-at-most"), "{shown}");
    assert!(
        shown.lines().any(|l| l.starts_with("two-hats-at-most")
            && l.contains("error")
            && l.contains("--rule")),
        "{shown}"
    );
    let schema: serde_json::Value =
        serde_json::from_slice(&run_fixture(&["schema", "config"]).stdout).expect("json");
    assert_eq!(
        schema["$defs"]["custom-rule"]["required"],
        serde_json::json!(["summary", "for", "assert"])
    );
}

#[test]
fn string_growth_over_a_hostile_file_is_bounded() {
    // One 10 MB title, and a rule that would copy it for every pair of
    // roles: refused before it runs, never gigabytes of strings.
    let config = "custom-rules:\n  grow:\n    summary: x\n    for: roles\n    assert: org.roles.map(r, r.title + role.title).size() > 0\n";
    let mut roles = String::from("version: 1\norg:\n  name: Big\n  headcount: 200\nroles:\n");
    roles.push_str(&format!(
        "  - {{id: r0, title: {}, success_metrics: [m]}}\n",
        "t".repeat(10_000_000)
    ));
    for i in 1..200 {
        roles.push_str(&format!(
            "  - {{id: r{i}, title: Role {i}, success_metrics: [m]}}\n"
        ));
    }
    let (out, _dir) = with_rules(config, &roles);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("custom rule `grow` was not run"),
        "{}",
        &text[..text.len().min(2000)]
    );
}

#[test]
fn custom_findings_are_new_and_fixed_in_review_and_kept_in_baselines() {
    let repo = crate::common::GitRepo::new("custom-review");
    let config = std::fs::read_to_string(format!("{FIXTURE}/.rolelint.yaml")).expect("config");
    let roles = std::fs::read_to_string(format!("{FIXTURE}/roles.yaml")).expect("roles");
    repo.write(".rolelint.yaml", &config);
    repo.write("roles.yaml", &roles);
    repo.commit();
    // The head of engineering gives up two areas; the apps team grows.
    let changed = roles
        .replace(
            "accountable_for: [delivery, architecture, security, hiring]",
            "accountable_for: [delivery, architecture]",
        )
        .replace(
            "    lead: em-platform\n    members: [sofia, tom]\n",
            "    lead: em-platform\n    members: [sofia, tom]\n    x-note: a\n",
        );
    repo.write("roles.yaml", &changed);
    let diff = repo.diff_json();
    let fixed: Vec<&str> = diff["findings"]["fixed"]
        .as_array()
        .expect("fixed")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(fixed.contains(&"max-three-areas"), "{diff}");
    // A baseline keyed by rule and id: the custom findings it holds stay
    // hidden, one it does not hold is reported.
    let write = repo.run(&["check", "--write-baseline", "baseline.json", "roles.yaml"]);
    assert_eq!(
        write.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&write.stderr)
    );
    let baseline = std::fs::read_to_string(repo.0.join("baseline.json")).expect("baseline");
    assert!(baseline.contains("director-span"), "{baseline}");
    repo.write(
        "roles.yaml",
        &changed.replace(
            "title: Staff Engineer",
            "title: Staff Engineer\n    x-level: director",
        ),
    );
    let out = repo.run(&[
        "check",
        "--baseline",
        "baseline.json",
        "roles.yaml",
        "--format",
        "concise",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("[director-span]").count(), 1, "{text}");
    assert!(text.contains("`staff-eng` leads 10 people"), "{text}");
}
