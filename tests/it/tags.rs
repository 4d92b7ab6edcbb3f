//! Explicit tags by their meaning, and numbers JSON cannot hold refused
//! at their node in every field.

use crate::common::{VALID, check, findings};

fn with(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "{from}");
    VALID.replacen(from, to, 1)
}

/// The messages of every finding.
fn messages(text: &str) -> Vec<String> {
    check("roles.yaml", text)
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect()
}

#[test]
fn core_tags_decide_what_a_scalar_is() {
    // A number tagged as a string is a string: headcount refuses it.
    let m = messages(&with("headcount: 8", "headcount: !!str 8"));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("expected an integer"), "{m:?}");
    // A string tagged as such is accepted where a string is expected.
    assert!(
        messages(&with(
            "title: Chief Technology Officer",
            "title: !!str true"
        ))
        .is_empty()
    );
    assert!(messages(&with("title: Chief Technology Officer", "title: ! 12")).is_empty());
    // `!!str ~` is the text "~", not a vacancy.
    let m = messages(&with("holder: ada", "holder: !!str ~"));
    assert!(m.iter().all(|m| !m.starts_with("vacant-role")), "{m:?}");
    assert!(m.iter().any(|m| m.contains("\"~\"")), "{m:?}");
    // `!!int "5"` is the integer 5: a string field refuses it.
    let m = messages(&with(
        "title: Chief Technology Officer",
        "title: !!int \"5\"",
    ));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("expected a string"), "{m:?}");
    // ... and an integer field takes it.
    assert!(messages(&with("headcount: 8", "headcount: !!int \"8\"")).is_empty());
    assert!(
        messages(&with(
            "headcount: 8",
            "headcount: !<tag:yaml.org,2002:int> 8"
        ))
        .is_empty()
    );
    // A verbatim `str` tag is the `!!str` tag.
    assert!(messages(&with("holder: ada", "holder: !<tag:yaml.org,2002:str> ada")).is_empty());
}

#[test]
fn a_tag_that_does_not_fit_is_refused_at_its_node() {
    for (from, to, message, at) in [
        (
            "headcount: 8",
            "headcount: !!int eight",
            "`!!int` says this is an integer",
            "schema@4:14",
        ),
        ("holder: ada", "holder: !!bool \"true\"", "", ""),
        (
            "holder: ada",
            "holder: !!binary aGVsbG8=",
            "tag `!!binary` is not allowed",
            "schema@8:13",
        ),
        (
            "holder: ada",
            "holder: !!foo ada",
            "tag `!!foo` is not allowed",
            "schema@8:13",
        ),
        (
            "holder: ada",
            "holder: !vault ada",
            "tag `!vault` is not allowed",
            "schema@8:13",
        ),
        (
            "holder: ada",
            "holder: !!seq ada",
            "`!!seq` says this is a list",
            "schema@8:13",
        ),
        (
            "decision_rights: [build-vs-buy]",
            "decision_rights: !!map [build-vs-buy]",
            "`!!map` does not fit a list",
            "schema@16:22",
        ),
        ("responsibilities:", "responsibilities: !!seq", "", ""),
    ] {
        let text = with(from, to);
        let m = messages(&text);
        if message.is_empty() {
            // `!!bool "true"` is `true`: the holder refuses a boolean;
            // `!!seq` on a list is the list.
            assert!(m.len() <= 1, "{to}: {m:?}");
            continue;
        }
        assert!(m.iter().any(|x| x.contains(message)), "{to}: {m:?}");
        assert!(
            findings("roles.yaml", &text).contains(&at.to_owned()),
            "{to}: {:?}",
            findings("roles.yaml", &text)
        );
    }
}

#[test]
fn numbers_json_cannot_hold_are_refused_in_every_field() {
    for (from, to, at) in [
        (
            "title: Chief Technology Officer",
            "title: .inf",
            "schema@7:12",
        ),
        ("name: Acme", "name: 1e400", "schema@3:9"),
        ("name: Acme", "name: .nan", "schema@3:9"),
        ("id: cto", "id: 99999999999999999999", "schema@6:9"),
        ("headcount: 8", "headcount: -.inf", "schema@4:14"),
    ] {
        let text = with(from, to);
        let found = findings("roles.yaml", &text);
        assert!(found.contains(&at.to_owned()), "{to}: {found:?}");
        let m = messages(&text);
        // Once, at the node, whatever the field expects.
        assert_eq!(
            m.iter().filter(|m| m.contains("finite numbers")).count(),
            1,
            "{to}: {m:?}"
        );
    }
    let text = with(
        "    decision_rights: [build-vs-buy]",
        "    decision_rights: [build-vs-buy]\n    time_allocation: {delivery: 1e400}",
    );
    assert!(
        messages(&text)
            .iter()
            .any(|m| m.contains("`1e400` is too large"))
    );
}

#[test]
fn a_scalar_span_starts_after_its_anchor_and_tag() {
    let text = with("holder: ada", "holder: &h !!str ada");
    let checked = check("roles.yaml", &text);
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    let at = text.find("ada").expect("ada");
    let doc = rolelint::yaml::load(&checked.sources[0], rolelint::diagnostic::FileId(0)).doc;
    let (_, node) = doc.pointer("/roles/0/holder").expect("holder");
    assert_eq!(doc.span(node).start, at);
    assert_eq!(&text[doc.span(node).start..doc.span(node).end], "ada");
}
