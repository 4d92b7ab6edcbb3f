//! The CI formats stay well-formed and safe whatever the input holds.

use rolelint::output::{Format, Report};
use rolelint::{Settings, check_bytes};

fn report(name: &str, text: &str) -> Report {
    Report {
        units: vec![check_bytes(name, text.as_bytes(), &Settings::default())],
        ..Report::default()
    }
}

fn render(format: Format, name: &str, text: &str) -> String {
    format.render(&report(name, text), false, true)
}

const BROKEN: &str = include_str!("../../examples/broken.yaml");

/// YAML whose keys and values try to break out of every format.
const HOSTILE: &str = "version: 1
org: {name: \"x\\n::error::pwned\", headcount: 50}
\"<script>alert(1)</script>\": 1
\"a%0A::set-output name=x::y\": 2
\"]]><!-- | **bold** [l](http://e) `\": 3
roles:
  - id: cto
    title: \"CTO\\r\\n::warning::injected \\e[31mred\"
    holder: \"Bad Holder\"
    reports_to: \"x:y,z\"
    success_metrics: []
";

#[test]
fn github_commands_cannot_be_injected() {
    let name = "evil\n::error file=x::injected,%0A:.yaml";
    let out = render(Format::Github, name, HOSTILE);
    let diagnostics = report(name, HOSTILE).units[0].diagnostics.len();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diagnostics, "one line per finding:\n{out}");
    for line in &lines {
        let kind = ["::error ", "::warning ", "::notice "]
            .iter()
            .find(|k| line.starts_with(**k));
        assert!(kind.is_some(), "line does not start a command: {line}");
        // Exactly one `::` after the command name separates properties from data.
        let rest = &line[2..];
        let (props, _data) = rest.split_once("::").expect("properties and data");
        let props = props.split_once(' ').map_or("", |(_, p)| p);
        for prop in props.split(',') {
            let (_key, value) = prop.split_once('=').expect("key=value");
            assert!(
                !value.contains(':') && !value.contains(','),
                "unescaped property value: {value}"
            );
        }
        assert!(!line.contains('\r'));
    }
    assert!(
        out.contains("file=evil\\u{a}%3A%3Aerror file=x%3A%3Ainjected%2C%250A%3A.yaml"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn markdown_leaks_no_html_or_markdown() {
    let out = render(Format::Markdown, "roles.yaml", HOSTILE);
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<!--"), "{out}");
    assert!(!out.contains("**bold**"), "{out}");
    assert!(!out.contains("[l](http"), "{out}");
    // Every table row has exactly the four cells it should.
    for row in out
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(".yaml"))
    {
        let cells = row.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 5, "{row}");
    }
}

#[test]
fn junit_is_well_formed_xml() {
    for (name, text) in [
        ("roles.yaml", HOSTILE),
        ("a&b<c>\".yaml", BROKEN),
        ("ctl\u{1b}[31m.yaml", "\u{7}bell: ["),
    ] {
        let out = render(Format::Junit, name, text);
        let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        let failures = doc
            .descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count();
        assert!(failures > 0);
    }
}

#[test]
fn junit_has_one_testcase_per_file_and_rule() {
    let out = render(Format::Junit, "examples/broken.yaml", BROKEN);
    let doc = roxmltree::Document::parse(&out).expect("xml");
    let cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    assert_eq!(cases, rolelint::rules::registry::file_checks().count());
}

#[test]
fn sarif_and_gitlab_parse_and_fingerprints_survive_edits_above() {
    let shifted = BROKEN.replacen("version: 1\n", "version: 1\n# a comment\n\n# another\n", 1);
    for format in [Format::Sarif, Format::Gitlab] {
        let before: serde_json::Value =
            serde_json::from_str(&render(format, "roles.yaml", BROKEN)).expect("json");
        let after: serde_json::Value =
            serde_json::from_str(&render(format, "roles.yaml", &shifted)).expect("json");
        let prints = |v: &serde_json::Value| -> Vec<String> {
            let items = if format == Format::Sarif {
                v["runs"][0]["results"].clone()
            } else {
                v.clone()
            };
            let mut p: Vec<String> = items
                .as_array()
                .expect("array")
                .iter()
                .map(|r| {
                    let f = if format == Format::Sarif {
                        &r["partialFingerprints"]["rolelint/v1"]
                    } else {
                        &r["fingerprint"]
                    };
                    f.as_str().expect("fingerprint").to_owned()
                })
                .collect();
            p.sort();
            p
        };
        let (b, a) = (prints(&before), prints(&after));
        assert_eq!(b.len(), 19);
        assert_eq!(
            b, a,
            "{format:?} fingerprints changed when lines were added above"
        );
        let mut unique = b.clone();
        unique.dedup();
        assert_eq!(unique.len(), b.len(), "fingerprints are unique");
    }
}

#[test]
fn sarif_rules_and_results_line_up() {
    let v: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, "roles.yaml", BROKEN)).expect("json");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for result in run["results"].as_array().expect("results") {
        let index = usize::try_from(result["ruleIndex"].as_u64().expect("index")).expect("usize");
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .is_some()
        );
    }
    for rule in rules {
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .is_some_and(|h| h.contains("## What it checks"))
        );
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
    }
}

#[test]
fn junit_fails_only_what_fails_the_run() {
    let checked = rolelint::check_bytes(
        "roles.yaml",
        BROKEN.as_bytes(),
        &rolelint::Settings::default(),
    );
    let severities: Vec<_> = checked.diagnostics.iter().map(|d| d.severity).collect();
    assert!(
        severities.contains(&rolelint::diagnostic::Severity::Warning),
        "{severities:?}"
    );
    for (fail_on, warnings_fail) in [
        (rolelint::diagnostic::FailOn::Error, false),
        (rolelint::diagnostic::FailOn::Warning, true),
    ] {
        let report = rolelint::output::Report {
            units: vec![rolelint::check_bytes(
                "roles.yaml",
                BROKEN.as_bytes(),
                &rolelint::Settings::default(),
            )],
            fail_on,
            ..rolelint::output::Report::default()
        };
        let out = Format::Junit.render(&report, false, true);
        let doc = roxmltree::Document::parse(&out).expect("xml");
        let warned = doc
            .descendants()
            .filter(|n| n.has_tag_name("failure") || n.has_tag_name("system-out"))
            .filter(|n| n.text().is_some_and(|t| t.contains(": warning: ")))
            .map(|n| n.tag_name().name().to_owned())
            .collect::<Vec<_>>();
        assert!(!warned.is_empty(), "{out}");
        let expected = if warnings_fail {
            "failure"
        } else {
            "system-out"
        };
        assert!(
            warned.iter().all(|t| t == expected),
            "{fail_on:?}: {warned:?}"
        );
    }
}

#[test]
fn sarif_names_the_tools_homepage_only_when_there_is_one() {
    let out = render(Format::Sarif, "roles.yaml", BROKEN);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let driver = &v["runs"][0]["tool"]["driver"];
    match rolelint::output::sarif::INFORMATION_URI {
        Some(home) => assert_eq!(driver["informationUri"], home),
        None => assert!(driver.get("informationUri").is_none(), "{driver}"),
    }
    assert_eq!(
        env!("CARGO_PKG_HOMEPAGE").is_empty(),
        rolelint::output::sarif::INFORMATION_URI.is_none()
    );
}
