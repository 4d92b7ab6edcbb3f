//! Reviewing a change (`pr-review.md`): what a change does to an
//! organisation, by id and never by position, and which findings it brings
//! or removes, matched by identity and never by line.

mod human;
mod json;
mod markdown;

pub use human::render as human;
pub use json::render as json;
pub use markdown::render as markdown;

use crate::chart::Chart;
use crate::model::BUILTIN_AREAS;
use crate::output::{Finding, Report};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    let mut out: HashMap<String, usize> = HashMap::new();
    for unit in &report.units {
        let root = unit.sources.first().map_or("", |s| s.name());
        for d in &unit.diagnostics {
            let entry = Finding {
                diagnostic: d,
                sources: &unit.sources,
            };
            *out.entry(identity(root, &entry)).or_default() += 1;
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

/// One change to the organisation.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    HeadcountChanged {
        before: u64,
        after: u64,
    },
    OrgRenamed {
        before: String,
        after: String,
    },
    PersonAdded {
        person: String,
    },
    PersonRemoved {
        person: String,
    },
    PersonChanged {
        person: String,
        field: String,
        before: Option<String>,
        after: Option<String>,
    },
    RoleAdded {
        role: String,
        title: String,
    },
    RoleRemoved {
        role: String,
        title: String,
    },
    TitleChanged {
        role: String,
        before: String,
        after: String,
    },
    HolderChanged {
        role: String,
        before: Option<String>,
        after: Option<String>,
    },
    ReportsToChanged {
        role: String,
        before: Option<String>,
        after: Option<String>,
    },
    AccountabilityChanged {
        area: String,
        before: Vec<String>,
        after: Vec<String>,
    },
    MetricsChanged {
        role: String,
        added: Vec<String>,
        removed: Vec<String>,
    },
    ResponsibilitiesChanged {
        role: String,
        added: Vec<String>,
        removed: Vec<String>,
    },
    DecisionRightsChanged {
        role: String,
        added: Vec<String>,
        removed: Vec<String>,
    },
    TimeAllocationChanged {
        role: String,
        before: BTreeMap<String, f64>,
        after: BTreeMap<String, f64>,
    },
    AreaAdded {
        area: String,
    },
    AreaRemoved {
        area: String,
    },
    SpanChanged {
        role: String,
        before: usize,
        after: usize,
    },
}

/// Figures of one side of a change.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub roles: usize,
    pub vacant_roles: usize,
    pub people: usize,
    pub largest_span: usize,
    pub depth: usize,
    pub areas_without_owner: usize,
}

impl Stats {
    #[must_use]
    pub fn of(chart: &Chart) -> Self {
        let reports = direct_reports(chart);
        let index: HashMap<&str, usize> = chart
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        // Depth: longest chain of managers, each role visited once (a
        // cycle stops the walk).
        let mut depth = vec![0usize; chart.roles.len()];
        let mut deepest = 0;
        for start in 0..chart.roles.len() {
            if depth[start] > 0 {
                continue;
            }
            let mut chain = vec![start];
            let mut seen = std::collections::HashSet::from([start]);
            let mut at = start;
            while let Some(&m) = chart.roles[at]
                .reports_to
                .as_deref()
                .and_then(|m| index.get(m))
            {
                if depth[m] > 0 || !seen.insert(m) {
                    break;
                }
                chain.push(m);
                at = m;
            }
            let mut d = chart.roles[at]
                .reports_to
                .as_deref()
                .and_then(|m| index.get(m))
                .map_or(0, |&m| depth[m]);
            for &i in chain.iter().rev() {
                d += 1;
                depth[i] = d;
                deepest = deepest.max(d);
            }
        }
        let owned: BTreeSet<&str> = chart
            .roles
            .iter()
            .flat_map(|r| r.areas.iter().map(String::as_str))
            .collect();
        let areas = BUILTIN_AREAS
            .iter()
            .copied()
            .chain(chart.areas.iter().map(String::as_str));
        Self {
            roles: chart.roles.len(),
            vacant_roles: chart.roles.iter().filter(|r| r.holder.is_none()).count(),
            people: chart.people.len(),
            largest_span: reports.values().map(Vec::len).max().unwrap_or(0),
            depth: deepest,
            areas_without_owner: areas.filter(|a| !owned.contains(a)).count(),
        }
    }
}

fn direct_reports(chart: &Chart) -> HashMap<&str, Vec<&str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &chart.roles {
        if let Some(m) = r.reports_to.as_deref() {
            out.entry(m).or_default().push(r.id.as_str());
        }
    }
    out
}

fn added_removed(before: &[String], after: &[String]) -> (Vec<String>, Vec<String>) {
    let b: BTreeSet<&String> = before.iter().collect();
    let a: BTreeSet<&String> = after.iter().collect();
    (
        a.difference(&b).map(|s| (*s).clone()).collect(),
        b.difference(&a).map(|s| (*s).clone()).collect(),
    )
}

/// The changes from `before` to `after`, by id.
#[must_use]
pub fn compare(before: &Chart, after: &Chart) -> Vec<Change> {
    let mut out = Vec::new();
    if before.name != after.name {
        out.push(Change::OrgRenamed {
            before: before.name.clone(),
            after: after.name.clone(),
        });
    }
    if before.headcount != after.headcount {
        out.push(Change::HeadcountChanged {
            before: before.headcount,
            after: after.headcount,
        });
    }
    let people_b: BTreeMap<&str, &crate::chart::ChartPerson> =
        before.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let people_a: BTreeMap<&str, &crate::chart::ChartPerson> =
        after.people.iter().map(|p| (p.id.as_str(), p)).collect();
    for (id, a) in &people_a {
        let Some(b) = people_b.get(id) else {
            out.push(Change::PersonAdded {
                person: (*id).to_owned(),
            });
            continue;
        };
        let fields = [
            ("name", Some(b.name.clone()), Some(a.name.clone())),
            ("email", b.email.clone(), a.email.clone()),
            ("background", b.background.clone(), a.background.clone()),
            ("github", b.github.clone(), a.github.clone()),
        ];
        for (field, before, after) in fields {
            if before != after {
                out.push(Change::PersonChanged {
                    person: (*id).to_owned(),
                    field: field.to_owned(),
                    before,
                    after,
                });
            }
        }
    }
    for id in people_b.keys().filter(|id| !people_a.contains_key(*id)) {
        out.push(Change::PersonRemoved {
            person: (*id).to_owned(),
        });
    }
    let roles_b: BTreeMap<&str, &crate::chart::ChartRole> =
        before.roles.iter().map(|r| (r.id.as_str(), r)).collect();
    let roles_a: BTreeMap<&str, &crate::chart::ChartRole> =
        after.roles.iter().map(|r| (r.id.as_str(), r)).collect();
    for (id, a) in &roles_a {
        let Some(b) = roles_b.get(id) else {
            out.push(Change::RoleAdded {
                role: (*id).to_owned(),
                title: a.title.clone(),
            });
            continue;
        };
        let role = (*id).to_owned();
        if b.title != a.title {
            out.push(Change::TitleChanged {
                role: role.clone(),
                before: b.title.clone(),
                after: a.title.clone(),
            });
        }
        if b.holder != a.holder {
            out.push(Change::HolderChanged {
                role: role.clone(),
                before: b.holder.clone(),
                after: a.holder.clone(),
            });
        }
        if b.reports_to != a.reports_to {
            out.push(Change::ReportsToChanged {
                role: role.clone(),
                before: b.reports_to.clone(),
                after: a.reports_to.clone(),
            });
        }
        let (added, removed) = added_removed(&b.metrics, &a.metrics);
        if !added.is_empty() || !removed.is_empty() {
            out.push(Change::MetricsChanged {
                role: role.clone(),
                added,
                removed,
            });
        }
        let (added, removed) = added_removed(&b.responsibilities, &a.responsibilities);
        if !added.is_empty() || !removed.is_empty() {
            out.push(Change::ResponsibilitiesChanged {
                role: role.clone(),
                added,
                removed,
            });
        }
        let (added, removed) = added_removed(&b.decision_rights, &a.decision_rights);
        if !added.is_empty() || !removed.is_empty() {
            out.push(Change::DecisionRightsChanged {
                role: role.clone(),
                added,
                removed,
            });
        }
        let tb: BTreeMap<String, f64> = b.time_allocation.iter().cloned().collect();
        let ta: BTreeMap<String, f64> = a.time_allocation.iter().cloned().collect();
        if tb != ta {
            out.push(Change::TimeAllocationChanged {
                role,
                before: tb,
                after: ta,
            });
        }
    }
    for (id, b) in roles_b.iter().filter(|(id, _)| !roles_a.contains_key(*id)) {
        out.push(Change::RoleRemoved {
            role: (*id).to_owned(),
            title: b.title.clone(),
        });
    }
    let owners = |chart: &Chart| {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in &chart.roles {
            for a in &r.areas {
                m.entry(a.clone()).or_default().push(r.id.clone());
            }
        }
        for v in m.values_mut() {
            v.sort();
            v.dedup();
        }
        m
    };
    let (ob, oa) = (owners(before), owners(after));
    let areas: BTreeSet<&String> = ob.keys().chain(oa.keys()).collect();
    for area in areas {
        let b = ob.get(area).cloned().unwrap_or_default();
        let a = oa.get(area).cloned().unwrap_or_default();
        if a != b {
            out.push(Change::AccountabilityChanged {
                area: area.clone(),
                before: b,
                after: a,
            });
        }
    }
    let (ab, aa) = (
        before.areas.iter().collect::<BTreeSet<_>>(),
        after.areas.iter().collect::<BTreeSet<_>>(),
    );
    for area in aa.difference(&ab) {
        out.push(Change::AreaAdded {
            area: (*area).clone(),
        });
    }
    for area in ab.difference(&aa) {
        out.push(Change::AreaRemoved {
            area: (*area).clone(),
        });
    }
    let (rb, ra) = (direct_reports(before), direct_reports(after));
    let managers: BTreeSet<&str> = rb.keys().chain(ra.keys()).copied().collect();
    for m in managers {
        let mut b: Vec<&str> = rb.get(m).cloned().unwrap_or_default();
        let mut a: Vec<&str> = ra.get(m).cloned().unwrap_or_default();
        b.sort_unstable();
        a.sort_unstable();
        if a.len() != b.len() && roles_a.contains_key(m) && roles_b.contains_key(m) {
            out.push(Change::SpanChanged {
                role: m.to_owned(),
                before: b.len(),
                after: a.len(),
            });
        }
    }
    out
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
        let unchanged = subtract(&mut head, budget(&base));
        subtract(&mut base, head_budget);
        Self {
            rev,
            commit,
            organisations,
            new: head,
            fixed: base,
            unchanged,
        }
    }
}

/// The section a change belongs to in the human and Markdown reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Organisation,
    ReportingLines,
    Accountability,
    Roles,
    People,
}

impl Section {
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Section::Organisation => "Organisation",
            Section::ReportingLines => "Reporting lines",
            Section::Accountability => "Accountability",
            Section::Roles => "Roles",
            Section::People => "People",
        }
    }
}

/// How a report writes ids and plain text.
pub struct Style<'a> {
    pub code: &'a dyn Fn(&str) -> String,
    pub text: &'a dyn Fn(&str) -> String,
}

fn list(style: &Style<'_>, items: &[String]) -> String {
    if items.is_empty() {
        return "nobody".to_owned();
    }
    items
        .iter()
        .map(|i| (style.code)(i))
        .collect::<Vec<_>>()
        .join(", ")
}

fn or_none(style: &Style<'_>, value: Option<&String>, none: &str) -> String {
    value.map_or_else(|| none.to_owned(), |v| (style.code)(v))
}

/// A change in words, and its section.
#[must_use]
pub fn describe(change: &Change, style: &Style<'_>) -> (Section, String) {
    let c = style.code;
    let t = style.text;
    match change {
        Change::HeadcountChanged { before, after } => (
            Section::Organisation,
            format!("headcount {before} → {after}"),
        ),
        Change::OrgRenamed { before, after } => (
            Section::Organisation,
            format!("renamed from {} to {}", t(before), t(after)),
        ),
        Change::AreaAdded { area } => (Section::Organisation, format!("area {} declared", c(area))),
        Change::AreaRemoved { area } => (
            Section::Organisation,
            format!("area {} no longer declared", c(area)),
        ),
        Change::ReportsToChanged {
            role,
            before,
            after,
        } => (
            Section::ReportingLines,
            format!(
                "{} now reports to {} (was {})",
                c(role),
                or_none(style, after.as_ref(), "nobody (a root)"),
                or_none(style, before.as_ref(), "a root")
            ),
        ),
        Change::SpanChanged {
            role,
            before,
            after,
        } => (
            Section::ReportingLines,
            format!("{} has {after} direct reports (was {before})", c(role)),
        ),
        Change::AccountabilityChanged {
            area,
            before,
            after,
        } => (
            Section::Accountability,
            format!(
                "{}: {} → {}",
                c(area),
                list(style, before),
                list(style, after)
            ),
        ),
        Change::RoleAdded { role, title } => {
            (Section::Roles, format!("{} ({}) added", c(role), t(title)))
        }
        Change::RoleRemoved { role, title } => (
            Section::Roles,
            format!("{} ({}) removed", c(role), t(title)),
        ),
        Change::TitleChanged {
            role,
            before,
            after,
        } => (
            Section::Roles,
            format!("{} retitled from {} to {}", c(role), t(before), t(after)),
        ),
        Change::HolderChanged {
            role,
            before,
            after,
        } => (
            Section::Roles,
            match (before, after) {
                (Some(b), None) => format!("{} vacated (was held by {})", c(role), c(b)),
                (None, Some(a)) => format!("{} filled by {}", c(role), c(a)),
                _ => format!(
                    "{} now held by {} (was {})",
                    c(role),
                    or_none(style, after.as_ref(), "nobody"),
                    or_none(style, before.as_ref(), "nobody")
                ),
            },
        ),
        Change::MetricsChanged {
            role,
            added,
            removed,
        }
        | Change::ResponsibilitiesChanged {
            role,
            added,
            removed,
        }
        | Change::DecisionRightsChanged {
            role,
            added,
            removed,
        } => {
            let what = match change {
                Change::MetricsChanged { .. } => "success metrics",
                Change::ResponsibilitiesChanged { .. } => "responsibilities",
                _ => "decision rights",
            };
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!(
                    "added {}",
                    added.iter().map(|a| t(a)).collect::<Vec<_>>().join("; ")
                ));
            }
            if !removed.is_empty() {
                parts.push(format!(
                    "removed {}",
                    removed.iter().map(|a| t(a)).collect::<Vec<_>>().join("; ")
                ));
            }
            (
                Section::Roles,
                format!("{} {what}: {}", c(role), parts.join(", ")),
            )
        }
        Change::TimeAllocationChanged {
            role,
            before,
            after,
        } => {
            let show = |m: &BTreeMap<String, f64>| {
                if m.is_empty() {
                    return "none".to_owned();
                }
                m.iter()
                    .map(|(k, v)| format!("{} {v}%", t(k)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            (
                Section::Roles,
                format!(
                    "{} time allocation: {} → {}",
                    c(role),
                    show(before),
                    show(after)
                ),
            )
        }
        Change::PersonAdded { person } => (Section::People, format!("{} added", c(person))),
        Change::PersonRemoved { person } => (Section::People, format!("{} removed", c(person))),
        Change::PersonChanged {
            person,
            field,
            before,
            after,
        } => (
            Section::People,
            format!(
                "{} {field}: {} → {}",
                c(person),
                before.as_deref().map_or_else(|| "none".to_owned(), t),
                after.as_deref().map_or_else(|| "none".to_owned(), t)
            ),
        ),
    }
}

/// The one-line summary of a review's changes: "3 roles added, 1 removed,
/// 2 reporting lines moved, delivery moves from `cto` to `vp-eng`".
#[must_use]
pub fn headline(review: &Review, style: &Style<'_>) -> String {
    let all: Vec<&Change> = review
        .organisations
        .iter()
        .flat_map(|o| o.changes.iter().flatten())
        .collect();
    let count = |f: fn(&Change) -> bool| all.iter().filter(|c| f(c)).count();
    let added = count(|c| matches!(c, Change::RoleAdded { .. }));
    let removed = count(|c| matches!(c, Change::RoleRemoved { .. }));
    let moved = count(|c| matches!(c, Change::ReportsToChanged { .. }));
    let holders = count(|c| matches!(c, Change::HolderChanged { .. }));
    let mut parts = Vec::new();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if added > 0 {
        parts.push(format!("{} added", plural(added, "role", "roles")));
    }
    if removed > 0 {
        parts.push(if added > 0 {
            format!("{removed} removed")
        } else {
            format!("{} removed", plural(removed, "role", "roles"))
        });
    }
    if moved > 0 {
        parts.push(format!(
            "{} moved",
            plural(moved, "reporting line", "reporting lines")
        ));
    }
    if holders > 0 {
        parts.push(format!("{} changed", plural(holders, "holder", "holders")));
    }
    for c in &all {
        if let Change::AccountabilityChanged {
            area,
            before,
            after,
        } = c
            && before.len() == 1
            && after.len() == 1
            && parts.len() < 6
        {
            parts.push(format!(
                "{} moves from {} to {}",
                (style.text)(area),
                (style.code)(&before[0]),
                (style.code)(&after[0])
            ));
        }
    }
    let other = all.len().saturating_sub(added + removed + moved + holders);
    if parts.is_empty() && other == 0 {
        if review.organisations.iter().any(|o| o.changes.is_none()) {
            return "the organisation at the base is unknown: it does not parse there".to_owned();
        }
        return "no changes to the organisation".to_owned();
    }
    if other > 0 && parts.len() < 6 {
        parts.push(plural(other, "other change", "other changes"));
    }
    parts.join(", ")
}
