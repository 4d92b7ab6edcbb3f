//! `markdown`: a report for `$GITHUB_STEP_SUMMARY` and pull-request comments.
//! Every piece of input text is escaped, so no HTML or Markdown from the
//! YAML reaches the page.

use super::{Report, summary_line};
use crate::diagnostic::Severity;
use crate::escape::{html, markdown as escape, markdown_code};

/// Largest report: GitHub drops a job summary over 1 MiB, so the table
/// stops short of it and says how many findings it left out (they stay in
/// the annotations and SARIF).
pub const MAX_BYTES: usize = 1_000_000;

/// A message whose `code` spans (ours: ids and keys) stay code spans, with
/// everything inside and outside escaped. Unbalanced backticks (one came
/// from the input) fall back to escaping the whole message.
pub fn message_cell(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escape(message);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                markdown_code(part)
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
    for (shown, entry) in entries.iter().enumerate() {
        let d = entry.diagnostic;
        let (start, _) = entry.range(d.primary);
        let mut message = message_cell(&d.message);
        if let Some(help) = &d.help {
            message.push_str("<br>help: ");
            message.push_str(&message_cell(help));
        }
        let row = format!(
            "| {}:{}:{} | {} | {} | {} |\n",
            escape(entry.file()),
            start.line,
            start.column,
            markdown_code(d.rule),
            icon(d.severity),
            message
        );
        if out.len() + row.len() > MAX_BYTES - 200 {
            let left = entries.len() - shown;
            out.push_str(&format!(
                "\n{left} more finding{} not shown: the report stops below GitHub's 1 MiB limit for job summaries. Every finding is in the annotations and the SARIF and JSON outputs.\n",
                if left == 1 { " is" } else { "s are" }
            ));
            break;
        }
        out.push_str(&row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_html_or_markdown_survives() {
        let e = escape("<script>alert(1)</script> | **x** [a](b) `c` ![i](u) &#64;");
        assert!(!e.contains('<') && !e.contains('>'));
        assert!(!e.contains(" | "));
        assert!(e.contains("\\*\\*x\\*\\*"));
        assert!(e.contains("\\[a\\]\\(b)"));
        assert!(e.starts_with("&lt;script&gt;") && !e.contains("&#64;"));
        assert_eq!(
            message_cell("role `a|b` is `x`"),
            "role <code>a\\|b</code> is `x`"
        );
        assert!(!message_cell("odd ` <i>").contains("<i>"));
    }

    #[test]
    fn plain_text_reads_as_written() {
        let text = "vp-eng (VP) in roles.yaml:37:23, e.g. \"R&D\" and snake_case";
        assert_eq!(escape(text), text);
    }

    #[test]
    fn mentions_and_references_do_not_resolve() {
        let e = escape("ask @octocat about #123 or \\@hubot");
        assert!(
            e.contains("@&#8203;octocat") && e.contains("#&#8203;123"),
            "{e}"
        );
        assert!(!e.contains("@octocat") && !e.contains("#123"), "{e}");
        assert!(!message_cell("`@octocat` and @octocat").contains(" @octocat"));
    }

    #[test]
    fn the_report_stays_below_the_summary_limit() {
        use crate::check_bytes;
        let mut text = String::from(
            "version: 1\norg: {name: X, headcount: 9000}\nroles:\n  - {id: ceo, title: CEO, holder: c, success_metrics: [x]}\n",
        );
        for i in 0..6000 {
            text.push_str(&format!("  - {{id: r{i}, title: Engineer, holder: p{i}, reports_to: missing-manager-{i}, success_metrics: [x]}}\n"));
        }
        let checked = check_bytes("roles.yaml", text.as_bytes(), &crate::Settings::default());
        let total = checked.diagnostics.len();
        let report = Report {
            units: vec![checked],
            ..Report::default()
        };
        let md = render(&report);
        assert!(md.len() < 1024 * 1024, "{}", md.len());
        assert!(md.contains("more findings are not shown"), "{total}");
    }
}
