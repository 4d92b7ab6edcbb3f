//! `diff -f markdown`: a pull-request comment or job summary. A headline,
//! a table per section, the findings new and fixed, and a Mermaid chart of
//! the part of the organisation that changed. Under 1 MiB whatever the size
//! of the change.

use super::{Change, Organisation, Review, Section, Style, describe, headline};
use crate::escape::{markdown, markdown_code, mermaid};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Most roles drawn in the chart of what changed.
const CHART_MAX_ROLES: usize = 100;

/// The report is posted as a pull-request comment, which GitHub caps at
/// 65,536 characters: bytes bound characters, so this many bytes always fit,
/// with room for the action's own header.
const MAX_BYTES: usize = 60_000;

/// The roles a change touches, its managers and reports: the part of the
/// organisation to draw.
fn changed_part(org: &Organisation) -> BTreeSet<String> {
    let (Some(before), Some(after)) = (&org.before_chart, &org.after_chart) else {
        return BTreeSet::new();
    };
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for change in org.changes.iter().flatten() {
        match change {
            Change::RoleAdded { role, .. }
            | Change::RoleRemoved { role, .. }
            | Change::TitleChanged { role, .. }
            | Change::HolderChanged { role, .. }
            | Change::ReportsToChanged { role, .. }
            | Change::SpanChanged { role, .. }
            | Change::CoHolderAdded { role, .. }
            | Change::CoHolderRemoved { role, .. }
            | Change::InterimSet { role, .. }
            | Change::InterimCleared { role, .. } => {
                touched.insert(role.clone());
            }
            Change::DottedLineAdded { role, to } | Change::DottedLineRemoved { role, to } => {
                touched.insert(role.clone());
                touched.insert(to.clone());
            }
            Change::TeamLeadChanged { before, after, .. } => {
                touched.extend(before.iter().chain(after).cloned());
            }
            Change::AccountabilityChanged { before, after, .. } => {
                touched.extend(before.iter().chain(after).cloned());
            }
            _ => {}
        }
    }
    let mut part = touched.clone();
    for chart in [before, after] {
        for r in &chart.roles {
            if touched.contains(&r.id) {
                part.extend(r.reports_to.iter().cloned());
            }
            if r.reports_to.as_ref().is_some_and(|m| touched.contains(m)) {
                part.insert(r.id.clone());
            }
        }
    }
    part
}

fn chart(org: &Organisation) -> Option<String> {
    let (Some(before), Some(after)) = (&org.before_chart, &org.after_chart) else {
        return None;
    };
    let part = changed_part(org);
    if part.is_empty() {
        return None;
    }
    let added: BTreeSet<&str> = org
        .changes
        .iter()
        .flatten()
        .filter_map(|c| match c {
            Change::RoleAdded { role, .. } => Some(role.as_str()),
            _ => None,
        })
        .collect();
    let moved: BTreeSet<&str> = org
        .changes
        .iter()
        .flatten()
        .filter_map(|c| match c {
            Change::ReportsToChanged { role, .. } => Some(role.as_str()),
            _ => None,
        })
        .collect();
    let mut out = String::from("```mermaid\nflowchart TD\n");
    let mut node = std::collections::HashMap::new();
    let mut drawn = 0;
    let after_ids: BTreeSet<&str> = after.roles.iter().map(|r| r.id.as_str()).collect();
    let roles = after.roles.iter().map(|r| (r, false)).chain(
        before
            .roles
            .iter()
            .filter(|r| !after_ids.contains(r.id.as_str()))
            .map(|r| (r, true)),
    );
    for (role, removed) in roles {
        if !part.contains(&role.id) || drawn >= CHART_MAX_ROLES {
            continue;
        }
        let n = node.len();
        node.insert(role.id.as_str(), (n, removed));
        // Vacant roles are dashed, as in `rolelint graph`.
        let vacant = role.is_vacant();
        let class = match (removed, added.contains(role.id.as_str()), vacant) {
            (true, _, _) => ":::removed",
            (false, true, true) => ":::added_vacant",
            (false, true, false) => ":::added",
            (false, false, true) => ":::vacant",
            (false, false, false) => "",
        };
        let _ = writeln!(
            out,
            "  n{n}[\"{}<br/>{}: {}\"]{class}",
            mermaid(&role.id),
            mermaid(&role.title),
            mermaid(&role.holder_shown())
        );
        drawn += 1;
    }
    for (role, removed) in after
        .roles
        .iter()
        .map(|r| (r, false))
        .chain(before.roles.iter().map(|r| (r, true)))
    {
        let Some(&(i, node_removed)) = node.get(role.id.as_str()) else {
            continue;
        };
        if removed != node_removed {
            continue;
        }
        if let Some(&(m, _)) = role.reports_to.as_deref().and_then(|m| node.get(m)) {
            let arrow = if removed {
                "-.->"
            } else if moved.contains(role.id.as_str()) || added.contains(role.id.as_str()) {
                "==>"
            } else {
                "-->"
            };
            let _ = writeln!(out, "  n{m} {arrow} n{i}");
        }
    }
    let mut dotted = false;
    for role in &after.roles {
        let Some(&(i, false)) = node.get(role.id.as_str()) else {
            continue;
        };
        for target in role.dotted_lines() {
            if let Some(&(t, false)) = node.get(target) {
                let _ = writeln!(out, "  n{t} -. dotted line .-> n{i}");
                dotted = true;
            }
        }
    }
    out.push_str("  classDef added fill:#e6ffed,stroke:#2da44e,stroke-width:2px\n");
    out.push_str("  classDef added_vacant fill:#e6ffed,stroke:#2da44e,stroke-width:2px,stroke-dasharray: 3 3\n");
    out.push_str("  classDef vacant stroke-dasharray: 3 3\n");
    out.push_str("  classDef removed fill:#ffebe9,stroke:#cf222e,stroke-dasharray: 5 5\n");
    out.push_str("```\n\nGreen: added role. Dashed red: removed role. Dashed: vacant. Thick arrow: a new or moved reporting line.");
    if dotted {
        out.push_str(" Labelled dotted arrow: a dotted line.");
    }
    if part.len() > drawn {
        let _ = write!(
            out,
            " {} more changed roles are not drawn.",
            part.len() - drawn
        );
    }
    out.push('\n');
    Some(out)
}

/// Render the review for a pull-request comment or job summary.
#[must_use]
pub fn render(review: &Review) -> String {
    let code = |s: &str| markdown_code(s);
    let text = |s: &str| markdown(s);
    let style = Style {
        code: &code,
        text: &text,
    };
    let short: String = review.commit.chars().take(12).collect();
    let mut out = format!(
        "## rolelint: what this change does to the organisation\n\n{}\n\nCompared with {} ({short}). {} new finding{}, {} fixed, {} unchanged.\n",
        headline(review, &style),
        markdown_code(&review.rev),
        review.new.counts().errors + review.new.counts().warnings + review.new.counts().infos,
        if review.new.entries().len() == 1 {
            ""
        } else {
            "s"
        },
        review.fixed.entries().len(),
        review.unchanged
    );
    let mut cut = 0usize;
    for org in &review.organisations {
        let _ = writeln!(out, "\n### {}", markdown_code(&org.file));
        let Some(changes) = &org.changes else {
            let _ = writeln!(
                out,
                "The organisation at {} is unknown: the file does not parse there, so no change can be listed.",
                markdown_code(&review.rev)
            );
            continue;
        };
        if changes.is_empty() {
            out.push_str("No changes.\n");
        }
        let mut described: Vec<(Section, String)> =
            changes.iter().map(|c| describe(c, &style)).collect();
        described.sort_by_key(|(s, _)| *s);
        let mut section = None;
        for (s, line) in described {
            if out.len() > MAX_BYTES / 2 {
                cut += 1;
                continue;
            }
            if section != Some(s) {
                let _ = write!(out, "\n| {} |\n|---|\n", s.title());
                section = Some(s);
            }
            let _ = writeln!(out, "| {line} |");
        }
        if let Some(chart) = chart(org)
            && out.len() + chart.len() < MAX_BYTES / 2
        {
            out.push_str("\n<details open><summary>What changed, drawn</summary>\n\n");
            out.push_str(&chart);
            out.push_str("\n</details>\n");
        }
    }
    if cut > 0 {
        let _ = writeln!(
            out,
            "\n{cut} more changes are not listed: the report stays below GitHub's 65,536-character comment limit. `rolelint diff -f json` lists them all."
        );
    }
    for (title, report) in [
        ("New findings", &review.new),
        ("Fixed findings", &review.fixed),
        ("Suppressed by the change (not fixed)", &review.suppressed),
    ] {
        let entries = report.entries();
        if entries.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "\n#### {title}\n\n| location | rule | message |\n|---|---|---|\n"
        );
        let mut left = 0;
        for e in &entries {
            let d = e.diagnostic;
            let (start, _) = e.range(d.primary);
            let row = format!(
                "| {}:{}:{} | {} | {} |\n",
                markdown(e.file()),
                start.line,
                start.column,
                markdown_code(d.rule),
                crate::output::markdown::message_cell(&d.message)
            );
            if out.len() + row.len() > MAX_BYTES - 400 {
                left += 1;
                continue;
            }
            out.push_str(&row);
        }
        if left > 0 {
            let _ = writeln!(
                out,
                "\n{left} more not shown (the report stays below GitHub's 65,536-character comment limit); `rolelint diff -f json` lists them all."
            );
        }
    }
    out
}
