//! The reporting lines as a Graphviz DOT digraph.

use super::{label, missing_managers};
use crate::chart::{Chart, Findings};
use std::collections::HashMap;
use std::fmt::Write as _;

/// A Graphviz DOT digraph of the selected roles.
#[must_use]
pub fn dot(chart: &Chart, selected: &[usize], findings: Option<&Findings>) -> String {
    let mut out = String::from(
        "digraph organisation {\n  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n",
    );
    let node: HashMap<&str, usize> = selected
        .iter()
        .map(|&i| (chart.roles[i].id.as_str(), i))
        .collect();
    for &i in selected {
        let role = &chart.roles[i];
        let counts = findings.and_then(|f| f.get(&role.id).copied());
        let (text, extra) = label(role, counts);
        let mut body = format!(
            "{}\\n{}",
            crate::escape::dot(&role.id),
            crate::escape::dot(&text)
        );
        if !extra.is_empty() {
            let _ = write!(body, "\\n{}", crate::escape::dot(&extra));
        }
        let style = if role.is_vacant() {
            "rounded,filled,dashed"
        } else {
            "rounded,filled"
        };
        let (fill, pen) = match counts {
            Some((e, _)) if e > 0 => ("#ffe5e5", "#c62828"),
            Some((_, w)) if w > 0 => ("#fff6d6", "#b7791f"),
            _ => ("#ffffff", "#333333"),
        };
        let _ = writeln!(
            out,
            "  n{i} [label=\"{body}\", style=\"{style}\", fillcolor=\"{fill}\", color=\"{pen}\"];"
        );
    }
    for &i in selected {
        if let Some(&m) = chart.roles[i]
            .reports_to
            .as_deref()
            .and_then(|m| node.get(m))
        {
            let _ = writeln!(out, "  n{m} -> n{i};");
        }
    }
    for (t, i) in super::teams::dotted_lines(chart, selected) {
        let _ = writeln!(out, "  n{t} -> n{i} [style=dashed, label=\"dotted line\"];");
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
                "  x{k} [label=\"{}\\nmissing: no role has this id\", style=\"rounded,dashed\", color=\"#757575\"];",
                crate::escape::dot(m)
            );
        }
        let _ = writeln!(out, "  x{k} -> n{i} [style=dashed];");
    }
    out.push_str("}\n");
    out
}

/// A team as a cluster: its lead's node, or a box for a team drawn
/// without one, then the teams inside it.
fn cluster(out: &mut String, clusters: &[super::teams::Cluster], k: usize, depth: usize) {
    let c = &clusters[k];
    let pad = "  ".repeat(depth);
    let _ = writeln!(
        out,
        "{pad}subgraph cluster_team{k} {{\n{pad}  label=\"{}\";\n{pad}  style=\"rounded,dashed\";\n{pad}  color=\"#5c6bc0\";",
        crate::escape::dot(&c.title)
    );
    match c.lead {
        Some(i) => {
            let _ = writeln!(out, "{pad}  n{i};");
        }
        None if c.children.is_empty() => {
            let _ = writeln!(
                out,
                "{pad}  t{k} [label=\"no lead\", style=\"rounded,dashed\"];"
            );
        }
        None => {}
    }
    for &child in &c.children {
        cluster(out, clusters, child, depth + 1);
    }
    let _ = writeln!(out, "{pad}}}");
}
