//! `junit`: `JUnit` XML, one test case per file and rule.

use super::{Report, summary_line};
use crate::escape::xml as escape;
use crate::rules::registry::{CheckInfo, file_checks};
use std::collections::BTreeMap;

/// For each file, for each rule: the findings that fail the run and those
/// below `--fail-on`.
type Cases<'a> = BTreeMap<&'a str, BTreeMap<&'a str, (Vec<String>, Vec<String>)>>;

/// Render one `<testsuite>` per file with one `<testcase>` per rule.
#[must_use]
pub fn render(report: &Report) -> String {
    // Every rule a finding can carry: the built-in checks, the custom
    // rules, and any other rule a finding names.
    let mut checks: Vec<&str> = file_checks().map(|c: &CheckInfo| c.name).collect();
    checks.extend(report.custom_rules.names());
    for d in report.units.iter().flat_map(|u| &u.diagnostics) {
        if !checks.contains(&d.rule) {
            checks.push(d.rule);
        }
    }
    let entries = report.entries();
    // file -> rule -> rendered findings (failing the run, and below it)
    let mut by_file: Cases<'_> = BTreeMap::new();
    for unit in &report.units {
        for source in &unit.sources {
            by_file.entry(source.name()).or_default();
        }
    }
    for entry in &entries {
        let d = entry.diagnostic;
        let (start, _) = entry.range(d.primary);
        let line = format!(
            "{}:{}:{}: {}: {}",
            entry.file(),
            start.line,
            start.column,
            d.severity,
            d.message_line()
        );
        let (failing, passing) = &mut *by_file
            .entry(entry.file())
            .or_default()
            .entry(d.rule)
            .or_default();
        // Below --fail-on a finding does not fail the run: the test case
        // passes and shows it in its output.
        if report.fails(d) { failing } else { passing }.push(line);
    }
    let failed = |cases: &BTreeMap<&str, (Vec<String>, Vec<String>)>| {
        cases
            .values()
            .filter(|(failing, _)| !failing.is_empty())
            .count()
    };
    let total_failures: usize = by_file.values().map(failed).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"rolelint\" tests=\"{}\" failures=\"{total_failures}\">\n",
        by_file.len() * checks.len()
    ));
    for (file, failures) in &by_file {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            escape(file),
            checks.len(),
            failed(failures)
        ));
        for check in &checks {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(file),
                check
            ));
            match failures.get(check) {
                None => out.push_str("/>\n"),
                Some((failing, passing)) => {
                    out.push_str(">\n");
                    if !failing.is_empty() {
                        out.push_str(&format!(
                            "      <failure message=\"{} finding(s)\" type=\"{}\">{}</failure>\n",
                            failing.len(),
                            check,
                            escape(&failing.join("\n"))
                        ));
                    }
                    if !passing.is_empty() {
                        out.push_str(&format!(
                            "      <system-out>{}</system-out>\n",
                            escape(&passing.join("\n"))
                        ));
                    }
                    out.push_str("    </testcase>\n");
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str(&format!(
        "</testsuites>\n<!-- {} -->\n",
        escape(&summary_line(report)).replace("--", "- -")
    ));
    out
}
