//! Every kind of schema error lands on the right line, with a snapshot of
//! the rendered diagnostic.

use crate::common::{VALID, findings, human};

fn with(replace: &str, by: &str) -> String {
    assert!(VALID.contains(replace), "{replace}");
    VALID.replacen(replace, by, 1)
}

#[test]
fn valid_base_is_clean() {
    assert_eq!(findings("roles.yaml", VALID), Vec::<String>::new());
}

#[test]
fn unknown_key_points_at_the_key() {
    let text = with("    success_metrics:", "    succes_metrics:");
    let found = findings("roles.yaml", &text);
    assert!(found.contains(&"schema@14:5".to_owned()), "{found:?}");
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn unknown_top_level_key_and_extension_key() {
    let text = format!("{VALID}x-owner: platform team\nowner: platform team\n");
    assert_eq!(findings("roles.yaml", &text), vec!["schema@18:1"]);
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn missing_property_points_at_the_parent() {
    let text = with("    title: Chief Technology Officer\n", "");
    assert_eq!(findings("roles.yaml", &text), vec!["schema@6:5"]);
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn missing_top_level_roles() {
    let text = "version: 1\norg:\n  name: Acme\n  headcount: 3\n";
    assert_eq!(findings("roles.yaml", text), vec!["schema@1:1"]);
    insta::assert_snapshot!(human("roles.yaml", text));
}

#[test]
fn wrong_type_points_at_the_value() {
    let text = with("headcount: 8", "headcount: eight");
    assert_eq!(findings("roles.yaml", &text), vec!["schema@4:14"]);
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn bad_pattern_points_at_the_value() {
    let text = with("- id: cto", "- id: Chief Tech");
    assert_eq!(findings("roles.yaml", &text), vec!["schema@6:9"]);
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn enum_suggests_the_closest_choice() {
    let text = format!("{VALID}people:\n  - id: ada\n    name: Ada\n    background: engineerng\n");
    assert_eq!(findings("roles.yaml", &text), vec!["schema@20:17"]);
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn unknown_version() {
    let text = with("version: 1", "version: 3");
    assert_eq!(findings("roles.yaml", &text), vec!["schema@1:10"]);
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn out_of_range_numbers() {
    for (value, column) in [
        ("0", 14),
        ("-3", 14),
        ("4.5", 14),
        ("1e400", 14),
        (".inf", 14),
        (".nan", 14),
        ("123456789012345678901234567890", 14),
    ] {
        let text = with("headcount: 8", &format!("headcount: {value}"));
        assert_eq!(
            findings("roles.yaml", &text),
            vec![format!("schema@4:{column}")],
            "{value}"
        );
    }
    let text = with("headcount: 8", "headcount: 1e400");
    insta::assert_snapshot!(human("roles.yaml", &text));
    // YAML 1.2: 0x10 is the integer 16.
    let text = with("headcount: 8", "headcount: 0x10");
    let found = findings("roles.yaml", &text);
    assert!(found.iter().all(|f| !f.starts_with("schema")), "{found:?}");
    // 16 people is above the threshold of split-delivery-and-vision.
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("split-delivery-and-vision")),
        "{found:?}"
    );
}

#[test]
fn empty_string_and_empty_roles() {
    let text = with("name: Acme", "name: \"\"");
    assert_eq!(findings("roles.yaml", &text), vec!["schema@3:9"]);
    insta::assert_snapshot!("empty_string", human("roles.yaml", &text));
    let text = "version: 1\norg:\n  name: Acme\n  headcount: 3\nroles: []\n";
    assert_eq!(findings("roles.yaml", text), vec!["schema@5:1"]);
    insta::assert_snapshot!("empty_roles", human("roles.yaml", text));
}

#[test]
fn repeated_area() {
    let text = with(
        "      - external-vision\n",
        "      - external-vision\n      - delivery\n",
    );
    let found = findings("roles.yaml", &text);
    assert!(found.contains(&"schema@12:7".to_owned()), "{found:?}");
}

#[test]
fn any_of_reports_the_best_branch() {
    let text = with(
        "      - Releases shipped per month",
        "      - name: Releases\n        traget: 4",
    );
    assert_eq!(findings("roles.yaml", &text), vec!["schema@16:9"]);
    insta::assert_snapshot!(human("roles.yaml", &text));
}

#[test]
fn custom_tag_is_a_schema_error() {
    let text = with("name: Acme", "name: !secret Acme");
    assert_eq!(findings("roles.yaml", &text), vec!["schema@3:9"]);
}

#[test]
fn top_level_must_be_a_mapping() {
    assert_eq!(findings("roles.yaml", "- a\n- b\n"), vec!["schema@1:1"]);
    assert_eq!(findings("roles.yaml", "just text\n"), vec!["schema@1:1"]);
    assert_eq!(findings("roles.yaml", ""), vec!["schema@1:1"]);
    assert_eq!(
        findings("roles.yaml", "# only a comment\n"),
        vec!["schema@1:1"]
    );
    insta::assert_snapshot!(human("roles.yaml", "- a\n- b\n"));
}

#[test]
fn a_value_written_the_wrong_way_gets_the_hint_that_fixes_it() {
    let text = "version: 1
org: {name: A, headcount: \"70\"}
people:
  - {id: dan, name: Dan Okafor}
roles:
  - id: cto
    title: CTO
    holder: Dan Okafor
    responsibilities: [x]
    allocation: 50
    success_metrics: [{name: NPS, target: 1}]
";
    let helps: Vec<String> = crate::common::check("roles.yaml", text)
        .diagnostics
        .iter()
        .filter_map(|d| d.help.clone())
        .collect();
    for wanted in [
        "drop the quotes: `70`",
        "did you mean `dan` (Dan Okafor)?",
        "did you mean `time_allocation`?",
        "quote it to make it text: `\"1\"`",
    ] {
        assert!(
            helps.iter().any(|h| h.contains(wanted)),
            "{wanted}: {helps:?}"
        );
    }
}

/// Two unknown keys that both mean `roles` get no safe rename: applying
/// both would make a duplicate key (found by the mutation tests).
#[test]
fn two_keys_meant_as_one_get_no_safe_rename() {
    let text = "version: 1\norg: {name: Acme, headcount: 8}\nooles:\n  - {id: cto, title: CTO}\ntoles:\n  - {id: vp, title: VP}\n";
    let checked = crate::common::check("roles.yaml", text);
    let unknown: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("unknown key"))
        .collect();
    assert_eq!(unknown.len(), 2, "{:?}", checked.diagnostics);
    for d in unknown {
        assert!(d.fix.is_none(), "{d:?}");
        assert!(
            d.help.as_deref().is_some_and(|h| h.contains("`roles`")),
            "{d:?}"
        );
    }
}

/// A bad item of a list is named by its number and its list, not by a
/// JSON pointer.
#[test]
fn a_bad_list_item_is_named_by_its_list() {
    let text = "version: 2\norg: {name: Acme, headcount: 8}\nroles:\n  - {id: cto, title: CTO, holders: [ada, Zoë], responsibilities: [Leads], success_metrics: [Uptime]}\n";
    let checked = crate::common::check("roles.yaml", text);
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.message == "the string \"Zoë\" is not a valid value for item 2 of `holders`"),
        "{:?}",
        checked.diagnostics
    );
}
