//! `diff` for a terminal: the changes by section, the findings new and
//! fixed, the figures before and after.

use super::{Review, Section, Style, describe, headline};
use crate::escape::terminal;

fn figures(review: &Review) -> String {
    let mut out = String::new();
    for org in &review.organisations {
        if let (Some(b), Some(a)) = (&org.before, &org.after) {
            let row = |name: &str, b: usize, a: usize| {
                if a == b {
                    format!("  {name:22} {a}\n")
                } else {
                    format!("  {name:22} {b} → {a}\n")
                }
            };
            out.push_str(&row("roles", b.roles, a.roles));
            out.push_str(&row("vacant roles", b.vacant_roles, a.vacant_roles));
            out.push_str(&row("people", b.people, a.people));
            out.push_str(&row("largest span", b.largest_span, a.largest_span));
            out.push_str(&row("depth", b.depth, a.depth));
            out.push_str(&row(
                "areas without owner",
                b.areas_without_owner,
                a.areas_without_owner,
            ));
        }
    }
    out
}

/// Render the review for a terminal (no colour).
#[must_use]
pub fn render(review: &Review) -> String {
    let code = |s: &str| format!("`{}`", terminal(s));
    let text = |s: &str| terminal(s);
    let style = Style {
        code: &code,
        text: &text,
    };
    let short: String = review.commit.chars().take(12).collect();
    let mut out = format!(
        "rolelint diff against {} ({short}): {}\n",
        terminal(&review.rev),
        headline(review, &style)
    );
    for org in &review.organisations {
        out.push_str(&format!("\n{}\n", terminal(&org.file)));
        let Some(changes) = &org.changes else {
            out.push_str(&format!(
                "  the organisation at {} is unknown: the file does not parse there, so no change can be listed\n",
                terminal(&review.rev)
            ));
            continue;
        };
        if org.created {
            out.push_str(&format!(
                "  new at {}: every role is added\n",
                terminal(&review.rev)
            ));
        }
        let mut described: Vec<(Section, String)> =
            changes.iter().map(|c| describe(c, &style)).collect();
        described.sort_by_key(|(s, _)| *s);
        let mut section = None;
        for (s, line) in described {
            if section != Some(s) {
                out.push_str(&format!("  {}:\n", s.title()));
                section = Some(s);
            }
            out.push_str(&format!("    {line}\n"));
        }
        if changes.is_empty() {
            out.push_str("  no changes\n");
        }
    }
    let list = |title: &str, report: &crate::output::Report, out: &mut String| {
        let entries = report.entries();
        out.push_str(&format!("\n{title}: {}\n", entries.len()));
        for e in entries {
            let d = e.diagnostic;
            let (start, _) = e.range(d.primary);
            out.push_str(&format!(
                "  {}:{}:{}: {}[{}] {}\n",
                terminal(e.file()),
                start.line,
                start.column,
                d.severity,
                d.rule,
                terminal(&d.message)
            ));
        }
    };
    list("new findings", &review.new, &mut out);
    list("fixed findings", &review.fixed, &mut out);
    if !review.suppressed.units.is_empty() {
        list(
            "suppressed by the change (not fixed)",
            &review.suppressed,
            &mut out,
        );
    }
    out.push_str(&format!("unchanged findings: {}\n", review.unchanged));
    let figures = figures(review);
    if !figures.is_empty() {
        out.push_str("\nbefore → after:\n");
        out.push_str(&figures);
    }
    out
}
