//! Docs that cannot drift: every rule has a page with the required
//! headings, its Example triggers it, its Use instead triggers nothing, and
//! it has pass/fail fixtures with a snapshot of the rendered finding.

use crate::common::{check, human};
use rolelint::rules::registry::RULES;
use std::collections::BTreeSet;
use std::path::Path;

const HEADINGS: &[&str] = &[
    "## What it checks",
    "## Why",
    "## Example",
    "## Use instead",
    "## Options",
];

/// Rules whose reasoning is structural rather than drawn from an article.
const STRUCTURAL: &[&str] = &[
    "duplicate-id",
    "unknown-reference",
    "reporting-cycle",
    "single-root",
    "unused-suppression",
    "redundant-dotted-line",
    "unassigned-person",
    "headcount-consistent",
];

const ARTICLES: &[&str] = &[
    "Setting Clear Expectations of the Leadership Roles",
    "What is a CTO Position? Roles and Responsibilities of a Technical Director",
    "VP Engineering vs. CTO Role",
    "What Really Defines a CTO? Strategic Leadership vs. Technical Mastery",
    "CTO vs Head of Engineering",
];

/// The text of a `## heading` section.
fn section<'a>(page: &'a str, heading: &str) -> &'a str {
    let start = page.find(heading).map_or(page.len(), |i| i + heading.len());
    let rest = &page[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    &rest[..end]
}

/// The first fenced YAML block of a section.
fn yaml_block(section: &str) -> Option<&str> {
    let start = section.find("```yaml\n")? + "```yaml\n".len();
    let end = section[start..].find("```")?;
    Some(&section[start..start + end])
}

fn rules_fired(text: &str) -> BTreeSet<&'static str> {
    check("example.yaml", text)
        .diagnostics
        .iter()
        .map(|d| d.rule)
        .collect()
}

#[test]
fn every_page_has_a_rule_and_every_rule_a_page() {
    let pages: BTreeSet<String> = std::fs::read_dir("rules")
        .expect("rules/ exists")
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".md")
                .map(str::to_owned)
        })
        .collect();
    let rules: BTreeSet<String> = RULES.iter().map(|r| r.name().to_owned()).collect();
    assert_eq!(pages, rules, "rules/ pages and registered rules differ");
}

#[test]
fn pages_have_headings_and_cite_articles() {
    for rule in RULES {
        let page = rule.doc();
        assert!(
            page.starts_with(&format!("# {}\n", rule.name())),
            "{}: title",
            rule.name()
        );
        let mut last = 0;
        for heading in HEADINGS {
            let at = page
                .find(&format!("\n{heading}\n"))
                .unwrap_or_else(|| panic!("{}: missing {heading}", rule.name()));
            assert!(at > last, "{}: {heading} out of order", rule.name());
            last = at;
        }
        if !STRUCTURAL.contains(&rule.name()) {
            let why = section(page, "## Why");
            assert!(
                ARTICLES.iter().any(|a| why.contains(a)),
                "{}: Why cites no article by title",
                rule.name()
            );
        }
        for option in rule.options() {
            let options = section(page, "## Options");
            assert!(
                options.contains(&format!("`{}`", option.name)),
                "{}: option {} undocumented",
                rule.name(),
                option.name
            );
            assert!(
                options.contains(&format!("`{}`", option.default)),
                "{}: default of {} undocumented",
                rule.name(),
                option.name
            );
        }
    }
}

#[test]
fn example_triggers_the_rule_and_use_instead_is_clean() {
    let mut problems = Vec::new();
    for rule in RULES {
        let page = rule.doc();
        let example = yaml_block(section(page, "## Example"))
            .unwrap_or_else(|| panic!("{}: no Example YAML", rule.name()));
        let fired = rules_fired(example);
        if !fired.contains(rule.name()) {
            problems.push(format!(
                "{}: Example does not trigger it (fired: {fired:?})",
                rule.name()
            ));
        }
        let instead = yaml_block(section(page, "## Use instead"))
            .unwrap_or_else(|| panic!("{}: no Use instead YAML", rule.name()));
        let fired = rules_fired(instead);
        if !fired.is_empty() {
            problems.push(format!("{}: Use instead triggers {fired:?}", rule.name()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fixtures_pass_and_fail() {
    for rule in RULES {
        let dir = Path::new("tests/fixtures").join(rule.name());
        let pass = std::fs::read_to_string(dir.join("pass.yaml"))
            .unwrap_or_else(|_| panic!("{}: no pass.yaml", rule.name()));
        let fail = std::fs::read_to_string(dir.join("fail.yaml"))
            .unwrap_or_else(|_| panic!("{}: no fail.yaml", rule.name()));
        assert!(
            rules_fired(&pass).is_empty(),
            "{}: pass.yaml fires {:?}",
            rule.name(),
            rules_fired(&pass)
        );
        let fired = rules_fired(&fail);
        assert_eq!(
            fired,
            BTreeSet::from([rule.name()]),
            "{}: fail.yaml must fire only this rule",
            rule.name()
        );
        let name = format!("tests/fixtures/{}/fail.yaml", rule.name());
        insta::assert_snapshot!(rule.name(), human(&name, &fail));
    }
}

#[test]
fn messages_follow_the_convention() {
    for rule in RULES {
        let fail = std::fs::read_to_string(
            Path::new("tests/fixtures")
                .join(rule.name())
                .join("fail.yaml"),
        )
        .unwrap_or_default();
        for d in check("fail.yaml", &fail).diagnostics {
            let first = d.message.chars().next().unwrap_or('a');
            assert!(
                !first.is_uppercase(),
                "{}: message starts upper-case: {}",
                d.rule,
                d.message
            );
            assert!(
                !d.message.ends_with('.'),
                "{}: message ends with a period: {}",
                d.rule,
                d.message
            );
            assert!(d.help.is_some(), "{}: no help", d.rule);
            assert!(
                !d.ids.is_empty(),
                "{}: names no ids (baselines key on them)",
                d.rule
            );
        }
    }
}

/// A page has a "Fix" section exactly when its rule's findings (from its
/// failing fixture) carry a fix.
#[test]
fn fix_sections_match_the_fixes() {
    for rule in RULES {
        let name = rule.name();
        let page = rule.doc();
        let fail = std::fs::read_to_string(format!("tests/fixtures/{name}/fail.yaml"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let checked = check(&format!("tests/fixtures/{name}/fail.yaml"), &fail);
        let has_fix = checked
            .diagnostics
            .iter()
            .any(|d| d.rule == name && d.fix.is_some());
        assert_eq!(
            page.contains("\n## Fix\n"),
            has_fix,
            "{name}: the page's Fix section and the rule's fixes disagree"
        );
    }
}

/// A page says when its rule is off in a community, and when it checks
/// only version 2 files, as the rule declares.
#[test]
fn pages_state_kind_and_version() {
    for rule in RULES {
        let page = rule.doc();
        let head = &page[..page.find("\n## What it checks").unwrap_or(page.len())];
        assert_eq!(
            head.contains("Companies only: off in a `kind: community` organisation"),
            !rule.applies_to_community(),
            "{}: the page and the rule disagree on communities",
            rule.name()
        );
        assert_eq!(
            head.contains("Format version 2 files only"),
            rule.since_version() == 2,
            "{}: the page and the rule disagree on the version",
            rule.name()
        );
    }
}
