//! Pictures of a [`Chart`](crate::chart::Chart): Mermaid and DOT graphs of
//! the reporting lines, and the accountability matrix.

mod dot;
mod matrix;
mod mermaid;
mod teams;

pub use dot::dot;
pub use matrix::matrix;
pub use mermaid::mermaid;

use crate::chart::{Chart, ChartRole};

/// Managers that `reports_to` names but no role has, among the selected
/// roles: each gets a dashed "missing" node, so a broken line shows as
/// broken instead of as one more root. `(missing id, index of the role)`.
/// `(node number, missing id, index of the role, whether the node is new)`,
/// one node per missing id.
pub(crate) fn missing_managers<'a>(
    chart: &'a Chart,
    selected: &[usize],
) -> Vec<(usize, &'a str, usize, bool)> {
    let ids: std::collections::HashSet<&str> = chart.roles.iter().map(|r| r.id.as_str()).collect();
    let mut nodes: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    selected
        .iter()
        .filter_map(|&i| {
            let m = chart.roles[i].reports_to.as_deref()?;
            if ids.contains(m) {
                return None;
            }
            let next = nodes.len();
            let k = *nodes.entry(m).or_insert(next);
            Some((k, m, i, k == next))
        })
        .collect()
}

/// A node's label and its findings counts, shared by both graph languages.
pub(crate) fn label(role: &ChartRole, findings: Option<(usize, usize)>) -> (String, String) {
    let holder = role.holder_shown();
    let counts = match findings {
        Some((e, w)) if e + w > 0 => {
            let mut parts = Vec::new();
            if e > 0 {
                parts.push(format!("{e} error{}", if e == 1 { "" } else { "s" }));
            }
            if w > 0 {
                parts.push(format!("{w} warning{}", if w == 1 { "" } else { "s" }));
            }
            parts.join(", ")
        }
        _ => String::new(),
    };
    (format!("{}: {holder}", role.title), counts)
}
