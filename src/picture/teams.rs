//! What both graph languages draw for version 2: teams as clusters (nested
//! by `parent`, holding the node of the role that leads them) and dotted
//! lines.

use crate::chart::Chart;
use std::collections::{HashMap, HashSet};

/// Most teams one picture draws: beyond, the clusters would bury the roles
/// (and Mermaid's limits).
const MAX_TEAMS: usize = 150;

/// A team as a cluster.
pub(crate) struct Cluster {
    /// Index in `chart.teams`.
    pub team: usize,
    /// "Platform · 9 members", "Sales · 12 people".
    pub title: String,
    /// The node of the role that leads it, when that role is drawn and
    /// leads no earlier team.
    pub lead: Option<usize>,
    /// Clusters inside it, as indexes into the list.
    pub children: Vec<usize>,
    /// Whether it is inside another drawn cluster.
    pub nested: bool,
}

/// The clusters of the selected roles: every team whose lead is drawn,
/// and (when the whole chart is drawn) the teams without a drawn lead.
pub(crate) fn clusters(chart: &Chart, selected: &[usize]) -> Vec<Cluster> {
    let drawn: HashMap<&str, usize> = selected
        .iter()
        .map(|&i| (chart.roles[i].id.as_str(), i))
        .collect();
    let whole = selected.len() == chart.roles.len();
    let mut placed: HashSet<usize> = HashSet::new();
    let mut out: Vec<Cluster> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (t, team) in chart.teams.iter().enumerate() {
        if out.len() >= MAX_TEAMS {
            break;
        }
        let lead = team.lead.as_deref().and_then(|l| drawn.get(l).copied());
        if lead.is_none() && !whole {
            continue;
        }
        if index.contains_key(team.id.as_str()) {
            continue;
        }
        let count = match team.size {
            Some(size) => format!(" · {size} people"),
            None => match team.members().count() {
                0 => String::new(),
                1 => " · 1 member".to_owned(),
                n => format!(" · {n} members"),
            },
        };
        index.insert(&team.id, out.len());
        out.push(Cluster {
            team: t,
            title: format!("{}{count}", team.name),
            lead: lead.filter(|&i| placed.insert(i)),
            children: Vec::new(),
            nested: false,
        });
    }
    // Nest by parent; a parent cycle leaves its teams side by side.
    for k in 0..out.len() {
        let team = &chart.teams[out[k].team];
        let Some(&p) = team.parent.as_deref().and_then(|p| index.get(p)) else {
            continue;
        };
        if p != k && !inside(&out, k, p) {
            out[p].children.push(k);
            out[k].nested = true;
        }
    }
    out
}

/// Whether cluster `p` is already inside cluster `k`.
fn inside(clusters: &[Cluster], k: usize, p: usize) -> bool {
    let mut stack = vec![k];
    let mut seen = HashSet::new();
    while let Some(c) = stack.pop() {
        if c == p {
            return true;
        }
        if seen.insert(c) {
            stack.extend(&clusters[c].children);
        }
    }
    false
}

/// Dotted lines between drawn roles: `(target node, role node)`.
pub(crate) fn dotted_lines(chart: &Chart, selected: &[usize]) -> Vec<(usize, usize)> {
    let drawn: HashMap<&str, usize> = selected
        .iter()
        .map(|&i| (chart.roles[i].id.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for &i in selected {
        for target in chart.roles[i].dotted_lines() {
            if let Some(&t) = drawn.get(target)
                && t != i
            {
                out.push((t, i));
            }
        }
    }
    out
}
