//! Pictures of the organisation: the reporting lines as Mermaid or DOT, and
//! the accountability matrix as a Markdown table.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::RolesFile;
use std::collections::{HashMap, HashSet, VecDeque};

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
