//! `github`: workflow commands that GitHub Actions turns into annotations.

use super::{Finding, Report};
use crate::diagnostic::Severity;
use crate::escape::{terminal as escape, workflow_property as escape_property};

fn command(entry: &Finding<'_>, paths: &super::Paths) -> String {
    let d = entry.diagnostic;
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let (start, end) = entry.range(d.primary);
    // Control characters from the input (an ESC that would colour the log)
    // are shown escaped; the one line break is ours.
    let mut message = escape(&d.message);
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&escape(help));
    }
    format!(
        "::{kind} file={},line={},endLine={},col={},endColumn={},title={}::{}\n",
        escape_property(&escape(&paths.for_github(entry.file()))),
        start.line,
        end.line,
        start.column,
        end.column,
        escape_property(&format!("rolelint ({})", d.rule)),
        crate::escape::workflow_data(&message)
    )
}

/// One workflow command per finding.
#[must_use]
pub fn render(report: &Report) -> String {
    report
        .entries()
        .iter()
        .map(|e| command(e, &report.paths))
        .collect()
}
