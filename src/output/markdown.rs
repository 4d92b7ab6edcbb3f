//! `markdown`: a report for `$GITHUB_STEP_SUMMARY` and pull-request comments.
//! Every piece of input text is escaped, so no HTML or Markdown from the
//! YAML reaches the page.

use super::{Report, summary_line};
use crate::diagnostic::Severity;

/// Escape text for a Markdown table cell: HTML-significant characters as
/// entities, Markdown punctuation with backslashes, line breaks as spaces.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '$' | ':' | '@' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if super::sanitize::is_unsafe(c) => {
                out.push_str(&format!("\\\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

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

/// Escape text for raw HTML (inside `<summary>`, where Markdown escapes
/// would show literally).
fn html(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            c if super::sanitize::is_unsafe(c) || c == '\n' => format!("\\u{{{:x}}}", u32::from(c)),
            c => c.to_string(),
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
            crate::chart::mermaid(chart, &selected, Some(&findings))
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
