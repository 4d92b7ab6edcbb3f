//! `github`: workflow commands that GitHub Actions turns into annotations.

use super::sanitize::escape;
use super::{Entry, Report};
use crate::diagnostic::Severity;

/// Escape a command's message (data).
#[must_use]
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: data escaping plus `:` and `,`.
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(entry: &Entry<'_>) -> String {
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
        escape_property(&escape(entry.file())),
        start.line,
        end.line,
        start.column,
        end.column,
        escape_property(&format!("rolelint ({})", d.rule)),
        escape_data(&message)
    )
}

/// One workflow command per finding.
#[must_use]
pub fn render(report: &Report) -> String {
    report.entries().iter().map(command).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50%\r\n::x"), "50%25%0D%0A::x");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
