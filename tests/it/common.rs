//! Helpers shared by the integration tests.

use rolelint::output::{self, Report};
use rolelint::{Checked, Settings};

/// Check a text as a file named `name`.
pub fn check(name: &str, text: &str) -> Checked {
    rolelint::check_bytes(name, text.as_bytes(), &Settings::default())
}

/// The `human` output (no colour) of checking a text.
pub fn human(name: &str, text: &str) -> String {
    let report = Report {
        units: vec![check(name, text)],
        ..Report::default()
    };
    output::human::render(&report, false, true)
}

/// `rule@line:column` for every diagnostic, in output order.
pub fn findings(name: &str, text: &str) -> Vec<String> {
    let checked = check(name, text);
    let source = &checked.sources[0];
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let p = source.position(d.primary.span.start);
            format!("{}@{}:{}", d.rule, p.line, p.column)
        })
        .collect()
}

/// A small valid organisation to mutate in tests.
pub const VALID: &str = "\
version: 1
org:
  name: Acme
  headcount: 8
roles:
  - id: cto
    title: Chief Technology Officer
    holder: ada
    responsibilities:
      - Leads engineering
    accountable_for:
      - delivery
      - external-vision
    success_metrics:
      - Releases shipped per month
    decision_rights: [build-vs-buy]
";
