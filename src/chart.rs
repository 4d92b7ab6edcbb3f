//! Pictures of the organisation: the reporting lines as Mermaid or DOT, and
//! the accountability matrix as a Markdown table.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{BUILTIN_AREAS, RolesFile};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

/// Above this many roles, the summary chart shows only roles with findings
/// and their managers, to stay readable and within Mermaid's limits.
pub const SUMMARY_MAX_ROLES: usize = 150;

#[derive(Clone, Debug, Default)]
pub struct ChartRole {
    pub id: String,
    pub title: String,
    pub holder: Option<String>,
    pub reports_to: Option<String>,
    pub areas: Vec<String>,
}

/// A declared person.
#[derive(Clone, Debug, Default)]
pub struct ChartPerson {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
}

/// The organisation's structure, kept for pictures after a check.
#[derive(Clone, Debug, Default)]
pub struct Chart {
    pub name: String,
    pub roles: Vec<ChartRole>,
    /// Custom areas, in declaration order.
    pub areas: Vec<String>,
    pub people: Vec<ChartPerson>,
}

/// Errors and warnings per role id.
pub type Findings = HashMap<String, (usize, usize)>;

impl Chart {
    #[must_use]
    pub fn from_files(files: &[&RolesFile]) -> Self {
        let roles = files
            .iter()
            .flat_map(|f| &f.roles)
            .map(|r| ChartRole {
                id: r.id.clone(),
                title: r.title.clone(),
                holder: r.holder.clone(),
                reports_to: r.reports_to.clone(),
                areas: r.accountable_for.clone(),
            })
            .collect();
        let areas = files
            .iter()
            .flat_map(|f| &f.areas)
            .map(|a| a.id.clone())
            .collect();
        let people = files
            .iter()
            .flat_map(|f| f.people.iter().flatten())
            .map(|p| ChartPerson {
                id: p.id.clone(),
                name: p.name.clone(),
                email: p.email.clone(),
            })
            .collect();
        let name = files
            .iter()
            .find_map(|f| f.org.as_ref())
            .map(|o| o.name.clone())
            .unwrap_or_default();
        Self {
            name,
            roles,
            areas,
            people,
        }
    }

    /// Count errors and warnings per role: a finding counts for every role
    /// id among the ids it names.
    #[must_use]
    pub fn findings<'a>(&self, diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Findings {
        let ids: HashSet<&str> = self.roles.iter().map(|r| r.id.as_str()).collect();
        let mut out: Findings = HashMap::new();
        for d in diagnostics {
            for id in d.ids.iter().filter(|i| ids.contains(i.as_str())) {
                let entry = out.entry(id.clone()).or_default();
                match d.severity {
                    Severity::Error => entry.0 += 1,
                    Severity::Warning => entry.1 += 1,
                    Severity::Info => {}
                }
            }
        }
        out
    }

    /// Indexes of the roles to draw: the subtree under `root` (to `depth`
    /// levels), or everything.
    #[must_use]
    pub fn select(&self, root: Option<&str>, depth: Option<usize>) -> Option<Vec<usize>> {
        let index: HashMap<&str, usize> = self
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in self.roles.iter().enumerate() {
            if let Some(m) = r.reports_to.as_deref() {
                children.entry(m).or_default().push(i);
            }
        }
        let starts: Vec<usize> = match root {
            Some(id) => vec![*index.get(id)?],
            None if depth.is_none() => return Some((0..self.roles.len()).collect()),
            None => self
                .roles
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.reports_to
                        .as_deref()
                        .is_none_or(|m| !index.contains_key(m))
                })
                .map(|(i, _)| i)
                .collect(),
        };
        let mut seen = vec![false; self.roles.len()];
        let mut queue: VecDeque<(usize, usize)> = starts.into_iter().map(|i| (i, 0)).collect();
        let mut picked = Vec::new();
        while let Some((i, level)) = queue.pop_front() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            picked.push(i);
            if depth.is_some_and(|d| level >= d) {
                continue;
            }
            for &c in children
                .get(self.roles[i].id.as_str())
                .map_or(&[][..], Vec::as_slice)
            {
                queue.push_back((c, level + 1));
            }
        }
        picked.sort_unstable();
        Some(picked)
    }

    /// For the summary: every role when the organisation is small, else the
    /// roles with findings and the managers above them.
    #[must_use]
    pub fn summary_selection(&self, findings: &Findings) -> (Vec<usize>, bool) {
        if self.roles.len() <= SUMMARY_MAX_ROLES {
            return ((0..self.roles.len()).collect(), false);
        }
        let index: HashMap<&str, usize> = self
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut keep = vec![false; self.roles.len()];
        for (i, r) in self.roles.iter().enumerate() {
            if !findings.contains_key(&r.id) {
                continue;
            }
            let mut at = Some(i);
            // Walk up, bounded by the number of roles (cycles are possible).
            for _ in 0..self.roles.len() {
                let Some(k) = at else { break };
                if std::mem::replace(&mut keep[k], true) {
                    break;
                }
                at = self.roles[k]
                    .reports_to
                    .as_deref()
                    .and_then(|m| index.get(m).copied());
            }
        }
        let mut picked: Vec<usize> = (0..self.roles.len()).filter(|&i| keep[i]).collect();
        picked.truncate(SUMMARY_MAX_ROLES * 2);
        (picked, true)
    }
}

/// Text for a Mermaid label: entity codes for everything that could end the
/// label or be read as markup.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            '[' | ']' | '{' | '}' | '(' | ')' | '|' | '*' | '_' | '~' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c if c.is_control() || crate::output::sanitize::is_unsafe(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn label(role: &ChartRole, findings: Option<(usize, usize)>) -> (String, String) {
    let holder = role.holder.clone().unwrap_or_else(|| "vacant".to_owned());
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
        let mut body = format!("{}<br/>{}", mermaid_text(&role.id), mermaid_text(&text));
        if !extra.is_empty() {
            let _ = write!(body, "<br/>{}", mermaid_text(&extra));
        }
        let _ = write!(out, "  n{i}[\"{body}\"]");
        let class = match counts {
            Some((e, _)) if e > 0 => Some("error"),
            Some((_, w)) if w > 0 => Some("warning"),
            _ => None,
        };
        match (role.holder.is_none(), class) {
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
    out.push_str("  classDef vacant stroke-dasharray: 5 5\n");
    out.push_str("  classDef error fill:#ffe5e5,stroke:#c62828,stroke-width:2px\n");
    out.push_str("  classDef warning fill:#fff6d6,stroke:#b7791f,stroke-width:2px\n");
    out.push_str("  classDef vacant_error fill:#ffe5e5,stroke:#c62828,stroke-width:2px,stroke-dasharray: 5 5\n");
    out.push_str("  classDef vacant_warning fill:#fff6d6,stroke:#b7791f,stroke-width:2px,stroke-dasharray: 5 5\n");
    out
}

fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() || crate::output::sanitize::is_unsafe(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

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
        let mut body = format!("{}\\n{}", dot_text(&role.id), dot_text(&text));
        if !extra.is_empty() {
            let _ = write!(body, "\\n{}", dot_text(&extra));
        }
        let style = if role.holder.is_none() {
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
    out.push_str("}\n");
    out
}

/// The accountability matrix: one row per area, one column per role that is
/// accountable for something, and a status column.
#[must_use]
pub fn matrix(chart: &Chart) -> String {
    let md = crate::output::markdown::escape;
    let columns: Vec<&ChartRole> = chart.roles.iter().filter(|r| !r.areas.is_empty()).collect();
    let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in &chart.roles {
        for a in &r.areas {
            owners.entry(a.as_str()).or_default().push(r.id.as_str());
        }
    }
    let mut areas: Vec<&str> = BUILTIN_AREAS.to_vec();
    areas.extend(chart.areas.iter().map(String::as_str));
    for a in owners.keys() {
        if !areas.contains(a) {
            areas.push(a);
        }
    }
    let mut out = String::from("| area |");
    for r in &columns {
        let _ = write!(out, " {} |", md(&r.id));
    }
    out.push_str(" status |\n|---|");
    for _ in &columns {
        out.push_str(":---:|");
    }
    out.push_str("---|\n");
    for area in areas {
        let list = owners.get(area).map_or(&[][..], Vec::as_slice);
        let _ = write!(out, "| {} |", md(area));
        for r in &columns {
            out.push_str(if r.areas.iter().any(|a| a == area) {
                " A |"
            } else {
                " |"
            });
        }
        let status = match list.len() {
            0 => "⚠️ no accountable role".to_owned(),
            1 => "✅".to_owned(),
            n => format!("⚠️ {n} accountable roles"),
        };
        let _ = writeln!(out, " {status} |");
    }
    out
}
