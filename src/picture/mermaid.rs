//! The reporting lines as a Mermaid flowchart.

use super::{label, missing_managers};
use crate::chart::{Chart, Findings};
use std::collections::HashMap;
use std::fmt::Write as _;

/// A Mermaid flowchart of the selected roles.
#[must_use]
pub fn mermaid(chart: &Chart, selected: &[usize], findings: Option<&Findings>) -> String {
    let mut out = String::from("flowchart TD\n");
    let node: HashMap<&str, usize> = selected
        .iter()
        .map(|&i| (chart.roles[i].id.as_str(), i))
        .collect();
    for &i in selected {
        let role = &chart.roles[i];
        let counts = findings.and_then(|f| f.get(&role.id).copied());
        let (text, extra) = label(role, counts);
        let mut body = format!(
            "{}<br/>{}",
            crate::escape::mermaid(&role.id),
            crate::escape::mermaid(&text)
        );
        if !extra.is_empty() {
            let _ = write!(body, "<br/>{}", crate::escape::mermaid(&extra));
        }
        let _ = write!(out, "  n{i}[\"{body}\"]");
        let class = match counts {
            Some((e, _)) if e > 0 => Some("error"),
            Some((_, w)) if w > 0 => Some("warning"),
            _ => None,
        };
        match (role.is_vacant(), class) {
            (true, Some(c)) => {
                let _ = write!(out, ":::vacant_{c}");
            }
            (true, None) => out.push_str(":::vacant"),
            (false, Some(c)) => {
                let _ = write!(out, ":::{c}");
            }
            (false, None) => {}
        }
        out.push('\n');
    }
    for &i in selected {
        if let Some(&m) = chart.roles[i]
            .reports_to
            .as_deref()
            .and_then(|m| node.get(m))
        {
            let _ = writeln!(out, "  n{m} --> n{i}");
        }
    }
    for (t, i) in super::teams::dotted_lines(chart, selected) {
        let _ = writeln!(out, "  n{t} -. dotted line .-> n{i}");
    }
    let clusters = super::teams::clusters(chart, selected);
    for k in 0..clusters.len() {
        if !clusters[k].nested {
            cluster(&mut out, &clusters, k, 1);
        }
    }
    for (k, m, i, new) in missing_managers(chart, selected) {
        if new {
            let _ = writeln!(
                out,
                "  x{k}[\"{}<br/>missing: no role has this id\"]:::missing",
                crate::escape::mermaid(m)
            );
        }
        let _ = writeln!(out, "  x{k} -.-> n{i}");
    }
    out.push_str("  classDef vacant stroke-dasharray: 5 5\n");
    out.push_str("  classDef missing fill:#eeeeee,stroke:#757575,stroke-dasharray: 3 3\n");
    out.push_str("  classDef error fill:#ffe5e5,stroke:#c62828,stroke-width:2px\n");
    out.push_str("  classDef warning fill:#fff6d6,stroke:#b7791f,stroke-width:2px\n");
    out.push_str("  classDef vacant_error fill:#ffe5e5,stroke:#c62828,stroke-width:2px,stroke-dasharray: 5 5\n");
    out.push_str("  classDef vacant_warning fill:#fff6d6,stroke:#b7791f,stroke-width:2px,stroke-dasharray: 5 5\n");
    out
}

/// A team as a subgraph: its lead's node, or a box for a team drawn
/// without one, then the teams inside it.
fn cluster(out: &mut String, clusters: &[super::teams::Cluster], k: usize, depth: usize) {
    let c = &clusters[k];
    let pad = "  ".repeat(depth);
    let _ = writeln!(
        out,
        "{pad}subgraph team{k}[\"{}\"]",
        crate::escape::mermaid(&c.title)
    );
    match c.lead {
        Some(i) => {
            let _ = writeln!(out, "{pad}  n{i}");
        }
        None if c.children.is_empty() => {
            let _ = writeln!(out, "{pad}  t{k}[\"no lead\"]:::vacant");
        }
        None => {}
    }
    for &child in &c.children {
        cluster(out, clusters, child, depth + 1);
    }
    let _ = writeln!(out, "{pad}end");
}
