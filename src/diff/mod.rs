//! Reviewing a change (docs/review.md): what a change does to an
//! organisation, by id and never by position, and which findings it brings
//! or removes, matched by identity and never by line.

mod changes;
mod describe;
mod human;
mod json;
mod markdown;
mod teams;

pub use changes::{Change, Stats, compare};
pub use describe::{Section, Style, describe, headline};

pub use human::render as human;
pub use json::render as json;
pub use markdown::render as markdown;

use crate::chart::Chart;
use crate::output::{Finding, Report};
use std::collections::HashMap;

/// What identifies a finding across revisions: rule, the root file of its
/// organisation, and the ids it is about, or (about no id) the file and
/// YAML path of its node. Never a line or a column.
#[must_use]
pub fn identity(unit: &str, entry: &Finding<'_>) -> String {
    let d = entry.diagnostic;
    let mut key = format!("{}\u{1f}{unit}", d.rule);
    if d.ids.is_empty() {
        key.push('\u{1f}');
        key.push_str(entry.file());
        key.push('\u{1f}');
        key.push_str(d.node.as_deref().unwrap_or(&d.message));
    } else {
        let mut ids: Vec<&str> = d.ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        for id in ids {
            key.push('\u{1f}');
            key.push_str(id);
        }
    }
    key
}

/// How many findings of each identity a report has.
fn budget(report: &Report) -> HashMap<String, usize> {
    budget_of(report, |u| &u.diagnostics)
}

/// How many findings of each identity the suppressions of `report` hid.
fn suppressed_budget(report: &Report) -> HashMap<String, usize> {
    budget_of(report, |u| &u.suppressed_findings)
}

/// How many of the findings `pick` gives of each unit have each identity.
fn budget_of(
    report: &Report,
    pick: impl Fn(&crate::Checked) -> &Vec<crate::diagnostic::Diagnostic>,
) -> HashMap<String, usize> {
    let mut out: HashMap<String, usize> = HashMap::new();
    for unit in &report.units {
        let root = unit.sources.first().map_or("", |s| s.name());
        for d in pick(unit) {
            let entry = Finding {
                diagnostic: d,
                sources: &unit.sources,
            };
            *out.entry(identity(root, &entry)).or_default() += 1;
        }
    }
    out
}

/// Move out of `report` the findings `budget` covers, into a report of
/// their own (with copies of the sources they point into).
fn take_matching(report: &mut Report, mut budget: HashMap<String, usize>) -> Report {
    let mut out = Report {
        paths: report.paths.clone(),
        ..Report::default()
    };
    if budget.is_empty() {
        return out;
    }
    for unit in &mut report.units {
        let root = unit.sources.first().map_or("", |s| s.name()).to_owned();
        let mut taken = Vec::new();
        let mut kept = Vec::new();
        for d in std::mem::take(&mut unit.diagnostics) {
            let entry = Finding {
                diagnostic: &d,
                sources: &unit.sources,
            };
            match budget.get_mut(&identity(&root, &entry)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    taken.push(d);
                }
                _ => kept.push(d),
            }
        }
        unit.diagnostics = kept;
        if !taken.is_empty() {
            out.units.push(crate::Checked {
                sources: unit.sources.clone(),
                diagnostics: taken,
                ..crate::Checked::default()
            });
        }
    }
    out
}

/// Remove from `report` the findings `budget` covers (each identity as
/// many times as it counts). Returns how many were removed.
fn subtract(report: &mut Report, mut budget: HashMap<String, usize>) -> usize {
    let mut removed = 0;
    for unit in &mut report.units {
        let root = unit.sources.first().map_or("", |s| s.name()).to_owned();
        let sources = std::mem::take(&mut unit.sources);
        unit.diagnostics.retain(|d| {
            let entry = Finding {
                diagnostic: d,
                sources: &sources,
            };
            match budget.get_mut(&identity(&root, &entry)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    removed += 1;
                    false
                }
                _ => true,
            }
        });
        unit.sources = sources;
    }
    removed
}

/// Keep only the findings of `report` that `base` does not have (each base
/// finding covers one current finding of the same identity). Returns how
/// many were kept out.
pub fn keep_new(report: &mut Report, base: &Report) -> usize {
    subtract(report, budget(base))
}

/// What a reviewer needs: the base, the changes, the findings new and
/// fixed, and the figures before and after.
#[derive(Debug, Default)]
pub struct Review {
    /// The revision as given, and the commit it names.
    pub rev: String,
    pub commit: String,
    /// Per organisation (root file), its changes; `None` when the base
    /// did not parse: the organisation there is unknown.
    pub organisations: Vec<Organisation>,
    pub new: Report,
    pub fixed: Report,
    /// Findings of the base that the change hides with a suppression: not
    /// fixed, though no longer reported.
    pub suppressed: Report,
    pub unchanged: usize,
}

#[derive(Debug, Default)]
pub struct Organisation {
    pub file: String,
    pub changes: Option<Vec<Change>>,
    /// Absent at the base: everything was added.
    pub created: bool,
    pub before: Option<Stats>,
    pub after: Option<Stats>,
    /// The charts, for the picture of what changed.
    pub before_chart: Option<Chart>,
    pub after_chart: Option<Chart>,
}

impl Review {
    /// Build the review from the reports at the base and now. Each unit's
    /// chart is compared with the base unit of the same root file.
    #[must_use]
    ///
    /// `base_known[i]`: whether the base of head unit `i` could be read and
    /// parsed (absent counts as known and empty).
    pub fn new(
        rev: String,
        commit: String,
        mut base: Report,
        mut head: Report,
        base_known: &[bool],
    ) -> Self {
        let mut organisations = Vec::new();
        for (i, unit) in head.units.iter_mut().enumerate() {
            let file = unit
                .sources
                .first()
                .map_or_else(String::new, |s| s.name().to_owned());
            let base_unit = base
                .units
                .iter_mut()
                .find(|u| u.sources.first().is_some_and(|s| s.name() == file));
            let known = base_known.get(i).copied().unwrap_or(false);
            let after_chart = unit.chart.take();
            let created = base_unit.is_none() && known;
            let before_chart = match base_unit {
                Some(b) => b.chart.take(),
                None if known => Some(Chart::default()),
                None => None,
            };
            let changes = match (&before_chart, &after_chart) {
                (Some(b), Some(a)) => Some(compare(b, a)),
                _ => None,
            };
            organisations.push(Organisation {
                file,
                created,
                changes,
                before: before_chart.as_ref().map(Stats::of),
                after: after_chart.as_ref().map(Stats::of),
                before_chart,
                after_chart,
            });
        }
        let head_budget = budget(&head);
        let hidden = suppressed_budget(&head);
        let unchanged = subtract(&mut head, budget(&base));
        subtract(&mut base, head_budget);
        let suppressed = take_matching(&mut base, hidden);
        Self {
            rev,
            commit,
            organisations,
            new: head,
            fixed: base,
            suppressed,
            unchanged,
        }
    }
}
