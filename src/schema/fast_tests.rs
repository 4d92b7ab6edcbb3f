//! Generated items covering every field of each list: the fast path
//! accepts an item exactly when the JSON Schema does (and then reads the
//! same model value as JSON and serde), except the documented cases it
//! leaves to the full path: an e-mail that is not ASCII, and a holding
//! with details (version 2).
//! Each key draws mostly from values the schema takes and sometimes from
//! values it refuses, so both paths are exercised (a test counts them).

use super::{Item, read};
use crate::diagnostic::FileId;
use crate::format::{AreaField, PersonField, RoleField, TeamField};
use crate::source::Source;
use proptest::prelude::*;

/// For each key: values the schema takes, and values it refuses.
fn pools(key: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match key {
        "id" | "reports_to" | "lead" | "parent" => (
            &["cto", "ada", "a.b_c-d", "x1"],
            &["Bad Slug", "-x", "\"\"", "1", "[]", "a b", "aB", "a/b"],
        ),
        "holder" => (
            &[
                "cto",
                "ada",
                "a.b_c-d",
                "~",
                "{person: ada, interim: true, since: 2026-01-31}",
            ],
            &[
                "Bad Slug",
                "-x",
                "\"\"",
                "1",
                "[]",
                "{person: ada, share: 0}",
                "{interim: true}",
            ],
        ),
        "holders" | "former_holders" => (
            &[
                "[ada, bob]",
                "[]",
                "[{person: ada, share: 50}]",
                "[ada, {person: bob, until: 2026-12-31}]",
            ],
            &[
                "[Bad Slug]",
                "ada",
                "[{person: ada, other: 1}]",
                "[{share: 5}]",
                "[{person: ada, since: 2026-13-01}]",
            ],
        ),
        "dotted_line_to" => (
            &["[cto]", "[]", "[cto, vp-eng]"],
            &["[cto, cto]", "cto", "[Bad]"],
        ),
        "charter" => (
            &["https://example.org/charter", "docs/cto.md"],
            &["\"\"", "1", "[]"],
        ),
        "name" | "title" | "description" | "summary" => (
            &["Ada Lovelace", "'it''s'", "CTO", "\"a\\u00e9\""],
            &["\"\"", "1", "[]", "{}"],
        ),
        "background" => (&["engineering", "data", "other"], &["marketing", "1"]),
        "github" => (&["ada-l", "ada", "A1"], &["ada-", "-x", "a b"]),
        "email" => (&["a@b.c", "é@x.y"], &["a @b.c", "a@b@c", "ab"]),
        "responsibilities" | "decision_rights" => (
            &["[a, b]", "[]", "[Leads engineering]"],
            &["[\"\"]", "x", "[1]"],
        ),
        "size" => (
            &["0", "12", "10000000"],
            &["-1", "1.5", "x", "10000001", "[]"],
        ),
        "members_report_to_lead" => (&["true", "false"], &["yes", "1", "~"]),
        "accountable_for" | "members" | "former_members" => (
            &["[delivery, security]", "[]", "[cto, x1]"],
            &["[a, a]", "[Bad Slug]", "x"],
        ),
        "success_metrics" => (
            &[
                "[Revenue, {name: NPS, target: '>40'}]",
                "[x, {name: y}]",
                "[{name: y, x-a: 1}]",
                "[{name: x, target: y, source: z}]",
            ],
            &["[{name: \"\"}]", "[{name: x, other: 1}]", "x", "[\"\"]"],
        ),
        "time_allocation" => (
            &[
                "{people: 40, build: 60}",
                "{}",
                "{people: 100}",
                "{x-note: 3, people: 10}",
            ],
            &[
                "{a: 101}",
                "{people: -1}",
                "{people: 50.5}",
                "{1: 50}",
                "[]",
            ],
        ),
        // An extension key takes anything; an unknown key nothing.
        _ => (&["1", "[a]", "{b: c}", "~"], &[]),
    }
}

fn keys(list: &str) -> Vec<&'static str> {
    match list {
        "people" => PersonField::ALL.iter().map(|f| f.key()).collect(),
        "areas" => AreaField::ALL.iter().map(|f| f.key()).collect(),
        "teams" => TeamField::ALL.iter().map(|f| f.key()).collect(),
        _ => RoleField::ALL.iter().map(|f| f.key()).collect(),
    }
}

/// One key of an item: absent, or a value mostly from the valid pool.
fn field(key: &'static str) -> impl Strategy<Value = Option<String>> {
    let (good, bad) = pools(key);
    let present = match key {
        "id" | "name" | "title" | "description" => 0.9,
        "other" => 0.05,
        _ => 0.5,
    };
    let value = if bad.is_empty() {
        proptest::sample::select(good).boxed()
    } else {
        prop_oneof![9 => proptest::sample::select(good), 1 => proptest::sample::select(bad)].boxed()
    };
    proptest::option::weighted(present, value.prop_map(move |v| format!("{key}: {v}")))
}

/// An item of `list`: each of its keys (and an extension and an unknown
/// key) absent or with a value.
fn item(list: &'static str) -> impl Strategy<Value = String> {
    let mut all = keys(list);
    all.extend(["x-note", "other"]);
    let fields: Vec<_> = all.into_iter().map(field).collect();
    fields.prop_map(|fields| {
        let present: Vec<String> = fields.into_iter().flatten().collect();
        if present.is_empty() {
            "- {}\n".to_owned()
        } else {
            format!("- {}\n", present.join("\n  "))
        }
    })
}

/// Whether the full path is the documented choice for this item: an
/// e-mail that is not ASCII, a holding with details.
fn left_to_the_full_path(text: &str) -> bool {
    text.contains("é@") || text.contains("{person:")
}

/// The file `list:` with one item, loaded, and the item's node; `None`
/// when the loader already refuses it.
fn load_item(
    list: &str,
    item_text: &str,
) -> Option<(Source, crate::yaml::Document, crate::yaml::NodeId)> {
    let source = Source::new("t.yaml", format!("{list}:\n{item_text}"));
    let loaded = crate::yaml::load(&source, FileId(0));
    if !loaded.syntax.is_empty() || !loaded.schema.is_empty() {
        return None;
    }
    let doc = loaded.doc;
    let node = doc
        .root()
        .and_then(|r| doc.get(r, list))
        .and_then(|e| doc.items(e.value).first().copied())?;
    Some((source, doc, node))
}

fn check(list: &str, item_text: &str) -> Result<(), TestCaseError> {
    let Some((source, doc, node)) = load_item(list, item_text) else {
        return Ok(());
    };
    let doc = &doc;
    let text = source.text().to_owned();
    let json = doc.to_json(&source, node);
    let valid = super::super::item_validator(list).is_valid(&json);
    match read(doc, &source, list, node) {
        Some(fast) => {
            prop_assert!(valid, "accepted but invalid:\n{}", text);
            let slow = match list {
                "people" => serde_json::from_value(json).map(Item::Person),
                "areas" => serde_json::from_value(json).map(Item::Area),
                "teams" => serde_json::from_value(json).map(Item::Team),
                _ => serde_json::from_value(json).map(Item::Role),
            };
            let slow = slow.map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
            prop_assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{}", text);
        }
        None => prop_assert!(
            !valid || left_to_the_full_path(&text),
            "valid but refused by the fast path:\n{}",
            text
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn people(text in item("people")) { check("people", &text)?; }

    #[test]
    fn areas(text in item("areas")) { check("areas", &text)?; }

    #[test]
    fn roles(text in item("roles")) { check("roles", &text)?; }

    #[test]
    fn teams(text in item("teams")) { check("teams", &text)?; }
}

/// The generated items exercise both paths: many valid items the fast path
/// accepts, many invalid ones it leaves to the validator.
#[test]
fn the_generated_items_are_both_valid_and_invalid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    for list in ["people", "areas", "roles", "teams"] {
        let strategy = item(list);
        let (mut valid, mut invalid) = (0, 0);
        for _ in 0..2000 {
            let text = strategy.new_tree(&mut runner).expect("tree").current();
            let Some((source, doc, node)) = load_item(list, &text) else {
                continue;
            };
            let doc = &doc;
            if super::super::item_validator(list).is_valid(&doc.to_json(&source, node)) {
                assert!(
                    read(doc, &source, list, node).is_some()
                        || left_to_the_full_path(source.text())
                );
                valid += 1;
            } else {
                invalid += 1;
            }
        }
        assert!(
            valid > 50 && invalid > 50,
            "{list}: {valid} valid, {invalid} invalid"
        );
    }
}
