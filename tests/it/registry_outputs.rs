//! The outputs that list every rule (`rolelint rules`, `rolelint schema
//! config`) checked against the registry, so adding a rule changes no test
//! file but the rule's own.

use rolelint::rules::registry::{RULES, checks};
use serde_json::Value;
use std::process::Command;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("rolelint runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn rules_lists_every_check_once_in_order_with_its_level_and_summary() {
    let out = run(&["rules"]);
    let lines: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), checks().len(), "{out}");
    // Columns line up: every level starts where the first line's does.
    let column = lines[0][checks()[0].name.len()..]
        .find(|c: char| c != ' ')
        .map(|i| i + checks()[0].name.len())
        .expect("a level column");
    for (line, check) in lines.iter().zip(checks()) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words.first(), Some(&check.name), "{line}");
        assert_eq!(words.get(1).copied(), Some(check.level.as_str()), "{line}");
        assert!(line.ends_with(check.summary), "{line}");
        assert!(line[column..].starts_with(check.level.as_str()), "{line}");
    }
}

#[test]
fn the_configuration_schema_has_every_rule_with_its_options() {
    let printed: Value = serde_json::from_str(&run(&["schema", "config"])).expect("json");
    assert_eq!(&printed, rolelint::config::schema::json_schema());
    let rules = printed["$defs"]["rules"]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("rules: {printed}"));
    assert_eq!(rules.len(), RULES.len());
    for rule in RULES {
        let entry = &rules[rule.name()];
        assert!(
            entry["description"]
                .as_str()
                .is_some_and(|d| d.starts_with(rule.summary())),
            "{}: {entry}",
            rule.name()
        );
        let options = &entry["anyOf"][1]["properties"];
        for option in rule.options() {
            assert!(
                options.get(option.name).is_some(),
                "{}: {}",
                rule.name(),
                option.name
            );
        }
        assert!(options.get("level").is_some(), "{}: {entry}", rule.name());
    }
}

#[test]
fn explain_describes_built_in_areas_too() {
    for (area, covers) in rolelint::format::BUILTIN_AREAS
        .iter()
        .zip(rolelint::format::BUILTIN_AREA_DESCRIPTIONS)
    {
        let out = run(&["explain", area]);
        assert!(out.starts_with(&format!("# {area}\n")), "{out}");
        assert!(out.contains(covers), "{out}");
    }
}

/// Editors show a key's description: every key of `.rolelint.yaml` has one.
#[test]
fn every_configuration_key_has_a_description() {
    let schema = rolelint::config::schema::json_schema();
    let top = schema["properties"].as_object().expect("properties");
    let item = schema["properties"]["overrides"]["items"]["properties"]
        .as_object()
        .expect("override properties");
    for (key, value) in top.iter().chain(item) {
        assert!(
            value["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{key}: {value}"
        );
    }
}
