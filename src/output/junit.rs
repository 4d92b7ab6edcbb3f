//! `junit`: `JUnit` XML, one test case per file and rule.

use super::{Report, summary_line};
use crate::escape::xml as escape;
use crate::rules::registry::{CheckInfo, file_checks};
use std::collections::BTreeMap;

/// Render one `<testsuite>` per file with one `<testcase>` per rule.
#[must_use]
pub fn render(report: &Report) -> String {
    let checks: Vec<&CheckInfo> = file_checks().collect();
    let entries = report.entries();
    // file -> rule -> rendered findings
    let mut by_file: BTreeMap<&str, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
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
        by_file
            .entry(entry.file())
            .or_default()
            .entry(d.rule)
            .or_default()
            .push(line);
    }
    let total_failures: usize = by_file.values().map(BTreeMap::len).sum();
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
            failures.len()
        ));
        for check in &checks {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(file),
                check.name
            ));
            match failures.get(check.name) {
                None => out.push_str("/>\n"),
                Some(lines) => {
                    out.push_str(">\n");
                    out.push_str(&format!(
                        "      <failure message=\"{} finding(s)\" type=\"{}\">{}</failure>\n",
                        lines.len(),
                        check.name,
                        escape(&lines.join("\n"))
                    ));
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
