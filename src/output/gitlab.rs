//! `gitlab`: GitLab Code Quality JSON.

use super::{Report, fingerprinted};
use crate::diagnostic::Severity;
use serde_json::{Value, json};

/// Render a Code Quality report: one issue per finding, with a fingerprint
/// that survives edits elsewhere in the file.
#[must_use]
pub fn render(report: &Report) -> String {
    let issues: Vec<Value> = fingerprinted(report)
        .iter()
        .map(|(entry, print)| {
            let d = entry.diagnostic;
            let (start, end) = entry.range(d.primary);
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            let description = d.message_line();
            json!({
                "description": description,
                "check_name": d.rule,
                "fingerprint": print,
                "severity": severity,
                "location": {
                    "path": entry.file(),
                    "positions": {
                        "begin": {"line": start.line, "column": start.column},
                        "end": {"line": end.line, "column": end.column},
                    }
                }
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}
