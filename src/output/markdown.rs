//! `markdown`: a report for `$GITHUB_STEP_SUMMARY` and pull-request comments.
//! Every piece of input text is escaped, so no HTML or Markdown from the
//! YAML reaches the page.

use super::{Report, summary_line};
use crate::diagnostic::Severity;
use crate::escape::{html, markdown as escape};

/// A message whose `code` spans (ours: ids and keys) become `<code>`, with
/// everything inside and outside escaped. Unbalanced backticks (one came
/// from the input) fall back to escaping the whole message.
fn message_cell(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escape(message);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", escape(part))
            } else {
                escape(part)
            }
        })
        .collect()
}

fn icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "🔴 error",
        Severity::Warning => "🟡 warning",
        Severity::Info => "🔵 info",
    }
}

/// Render the headline, the counts and a table of every finding.
#[must_use]
pub fn render(report: &Report) -> String {
    let counts = report.counts();
    let entries = report.entries();
    let mut out = String::new();
    let status = if counts.errors > 0 {
        "❌ rolelint found problems"
    } else if entries.is_empty() {
        "✅ rolelint passed"
    } else {
        "⚠️ rolelint passed with warnings"
    };
    out.push_str(&format!("## {status}\n\n{}\n\n", summary_line(report)));
    out.push_str(&format!(
        "| errors | warnings | infos | files |\n|---:|---:|---:|---:|\n| {} | {} | {} | {} |\n\n",
        counts.errors,
        counts.warnings,
        counts.infos,
        report.files()
    ));
    for unit in &report.units {
        let (Some(chart), Some(source)) = (&unit.chart, unit.sources.first()) else {
            continue;
        };
        let findings = chart.findings(&unit.diagnostics);
        let (selected, partial) = chart.summary_selection(&findings);
        if selected.is_empty() {
            continue;
        }
        let note = if partial {
            format!(
                " (the {} roles with findings and their managers, of {})",
                selected.len(),
                chart.roles.len()
            )
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<details{}><summary>Organisation chart of {}{note}</summary>\n\n```mermaid\n{}```\n\nDashed: vacant role. Red: errors. Yellow: warnings.\n\n</details>\n\n",
            if counts.errors + counts.warnings > 0 { " open" } else { "" },
            html(source.name()),
            crate::picture::mermaid(chart, &selected, Some(&findings))
        ));
    }
    if entries.is_empty() {
        return out;
    }
    out.push_str("| location | rule | severity | message |\n|---|---|---|---|\n");
    for entry in &entries {
        let d = entry.diagnostic;
        let (start, _) = entry.range(d.primary);
        let mut message = message_cell(&d.message);
        if let Some(help) = &d.help {
            message.push_str("<br>help: ");
            message.push_str(&message_cell(help));
        }
        out.push_str(&format!(
            "| {}\\:{}\\:{} | <code>{}</code> | {} | {} |\n",
            escape(entry.file()),
            start.line,
            start.column,
            escape(d.rule),
            icon(d.severity),
            message
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_html_or_markdown_survives() {
        let e = escape("<script>alert(1)</script> | **x** [a](b) `c` ![i](u)");
        assert!(!e.contains('<') && !e.contains('>'));
        assert!(!e.contains(" | "));
        assert!(e.contains("\\*\\*x\\*\\*"));
        assert!(e.contains("\\[a\\]\\(b\\)"));
        assert_eq!(
            message_cell("role `a<b` is `x`"),
            "role <code>a&lt;b</code> is <code>x</code>"
        );
        assert!(!message_cell("odd ` <i>").contains("<i>"));
    }
}
