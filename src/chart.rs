//! Pictures of the organisation: the reporting lines as Mermaid or DOT, and
//! the accountability matrix as a Markdown table.

use crate::diagnostic::{Diagnostic, Loc, Severity};
use crate::format::{Role, RolesFile};
use std::collections::{HashMap, HashSet, VecDeque};

/// Above this many roles, the summary chart shows only roles with findings
/// and their managers, to stay readable and within Mermaid's limits.
pub const SUMMARY_MAX_ROLES: usize = 150;

/// A role as the pictures show it: the format's role, with what a picture
/// adds (the holder's name, where the role is).
#[derive(Clone, Debug)]
pub struct ChartRole {
    pub role: Role,
    /// Who fills the role today, as people read it: each name (else id),
    /// "(interim)" after an interim holder.
    pub holders_shown: Vec<String>,
    /// The ids of who fills the role today.
    pub holder_ids: Vec<String>,
    /// The ids of who fills it today as interim.
    pub interim_ids: Vec<String>,
    /// Where the role's list item is, to colour the role a finding
    /// points into.
    pub loc: Loc,
}

impl std::ops::Deref for ChartRole {
    type Target = Role;

    fn deref(&self) -> &Role {
        &self.role
    }
}

impl ChartRole {
    /// Who holds the role as people read it: each name, else the id, else
    /// "vacant".
    #[must_use]
    pub fn holder_shown(&self) -> String {
        if self.holders_shown.is_empty() {
            "vacant".to_owned()
        } else {
            self.holders_shown.join(", ")
        }
    }

    /// The ids of who fills the role today, joined; `None` when vacant.
    #[must_use]
    pub fn holder_ids_text(&self) -> Option<String> {
        (!self.holder_ids.is_empty()).then(|| self.holder_ids.join(", "))
    }

    /// Whether nobody fills the role today.
    #[must_use]
    pub fn is_vacant(&self) -> bool {
        self.holders_shown.is_empty()
    }

    /// Each success metric's name.
    pub fn metrics(&self) -> impl Iterator<Item = &str> {
        self.role.success_metrics.iter().flatten().map(|m| match m {
            crate::format::Metric::Text(t) => t.as_str(),
            crate::format::Metric::Detailed { name, .. } => name.as_str(),
        })
    }
}

/// A declared person.
#[derive(Clone, Debug, Default)]
pub struct ChartPerson {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub background: Option<String>,
    pub github: Option<String>,
}

/// The organisation's structure, kept for pictures after a check.
#[derive(Clone, Debug, Default)]
pub struct Chart {
    pub name: String,
    pub headcount: u64,
    pub roles: Vec<ChartRole>,
    /// Custom areas, in declaration order.
    pub areas: Vec<String>,
    pub people: Vec<ChartPerson>,
    /// Teams (version 2), in declaration order.
    pub teams: Vec<crate::format::Team>,
}

/// Errors and warnings per role id.
pub type Findings = HashMap<String, (usize, usize)>;

impl Chart {
    /// `locate` gives the location of a role's list item; `today` (days
    /// since 1970-01-01) decides which holdings fill their roles.
    #[must_use]
    pub fn from_files(
        files: &[&RolesFile],
        locate: &dyn Fn(&Role) -> Loc,
        today: Option<i64>,
    ) -> Self {
        let names: HashMap<&str, &str> = files
            .iter()
            .flat_map(|f| f.people.iter().flatten())
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect();
        let roles = files
            .iter()
            .flat_map(|f| &f.roles)
            .map(|r| ChartRole {
                role: r.clone(),
                holders_shown: r
                    .filled_by(today)
                    .map(|h| {
                        let id = h.person();
                        let name = names.get(id).filter(|n| !n.is_empty()).unwrap_or(&id);
                        if h.is_interim() {
                            format!("{name} (interim)")
                        } else {
                            (*name).to_owned()
                        }
                    })
                    .collect(),
                holder_ids: r.filled_by(today).map(|h| h.person().to_owned()).collect(),
                interim_ids: r
                    .filled_by(today)
                    .filter(|h| h.is_interim())
                    .map(|h| h.person().to_owned())
                    .collect(),
                loc: locate(r),
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
                background: p.background.map(|b| b.as_str().to_owned()),
                github: p.github.clone(),
            })
            .collect();
        let teams = files.iter().flat_map(|f| &f.teams).cloned().collect();
        let org = files.iter().find_map(|f| f.org.as_ref());
        let name = org.map(|o| o.name.clone()).unwrap_or_default();
        Self {
            name,
            headcount: org.map_or(0, |o| o.headcount),
            roles,
            areas,
            people,
            teams,
        }
    }

    /// Count errors and warnings per role: a finding counts for every role
    /// id among the ids it names, and for the role whose list item holds
    /// its primary location (`reports_to: cpo` names only the missing id; a
    /// schema finding names none).
    #[must_use]
    pub fn findings<'a>(&self, diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Findings {
        let ids: HashSet<&str> = self.roles.iter().map(|r| r.id.as_str()).collect();
        let mut by_start: Vec<(Loc, usize)> = self
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.loc, i))
            .collect();
        by_start.sort_unstable();
        let mut out: Findings = HashMap::new();
        for d in diagnostics {
            let mut roles: Vec<&str> = d
                .ids
                .iter()
                .filter(|i| ids.contains(i.as_str()))
                .map(String::as_str)
                .collect();
            // Role items do not nest: the last one starting at or before
            // the finding is the only one that can hold it.
            let at = (d.primary.file, d.primary.span.start);
            let k = by_start.partition_point(|(loc, _)| (loc.file, loc.span.start) <= at);
            if let Some(&(loc, i)) = k.checked_sub(1).map(|k| &by_start[k])
                && loc.file == d.primary.file
                && loc.span.contains(d.primary.span)
            {
                roles.push(&self.roles[i].id);
            }
            roles.sort_unstable();
            roles.dedup();
            for id in roles {
                let entry = out.entry(id.to_owned()).or_default();
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
