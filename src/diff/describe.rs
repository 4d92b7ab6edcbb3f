//! Changes in words, for the human and Markdown reports.

use super::{Change, Review};
use std::collections::BTreeMap;

/// The section a change belongs to in the human and Markdown reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Organisation,
    ReportingLines,
    Accountability,
    Roles,
    Teams,
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
            Section::Teams => "Teams",
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

/// "`id` VERB `after` (was `before`)", `none` for a side without a value.
fn now_was(
    style: &Style<'_>,
    id: &str,
    verb: &str,
    before: Option<&String>,
    after: Option<&String>,
    none: &str,
) -> String {
    format!(
        "{} {verb} {} (was {})",
        (style.code)(id),
        or_none(style, after, none),
        or_none(style, before, none)
    )
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
            format!(
                "{} has {after} direct report{} (was {before})",
                c(role),
                if *after == 1 { "" } else { "s" }
            ),
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
        Change::CoHolderAdded { role, person } => (
            Section::Roles,
            format!("{} now also held by {}", c(role), c(person)),
        ),
        Change::CoHolderRemoved { role, person } => (
            Section::Roles,
            format!("{} no longer held by {}", c(role), c(person)),
        ),
        Change::InterimSet { role, person } => (
            Section::Roles,
            format!("{} held by {} as interim", c(role), c(person)),
        ),
        Change::InterimCleared { role, person } => (
            Section::Roles,
            format!(
                "{} held by {} permanently (was interim)",
                c(role),
                c(person)
            ),
        ),
        Change::DottedLineAdded { role, to } => (
            Section::ReportingLines,
            format!("{} has a dotted line to {}", c(role), c(to)),
        ),
        Change::DottedLineRemoved { role, to } => (
            Section::ReportingLines,
            format!("{} no longer has a dotted line to {}", c(role), c(to)),
        ),
        Change::TeamAdded { team, name } => {
            (Section::Teams, format!("{} ({}) added", c(team), t(name)))
        }
        Change::TeamRemoved { team, name } => {
            (Section::Teams, format!("{} ({}) removed", c(team), t(name)))
        }
        Change::TeamReparented {
            team,
            before,
            after,
        } => (
            Section::Teams,
            now_was(
                style,
                team,
                "now part of",
                before.as_ref(),
                after.as_ref(),
                "no team",
            ),
        ),
        Change::TeamLeadChanged {
            team,
            before,
            after,
        } => (
            Section::Teams,
            now_was(
                style,
                team,
                "now led by",
                before.as_ref(),
                after.as_ref(),
                "no role",
            ),
        ),
        Change::TeamSizeChanged {
            team,
            before,
            after,
        } => (
            Section::Teams,
            format!("{} size {before} → {after}", c(team)),
        ),
        Change::PersonMoved {
            person,
            before,
            after,
        } => {
            let joined: Vec<String> = after
                .iter()
                .filter(|t| !before.contains(t))
                .cloned()
                .collect();
            let left: Vec<String> = before
                .iter()
                .filter(|t| !after.contains(t))
                .cloned()
                .collect();
            (
                Section::Teams,
                match (left.is_empty(), joined.is_empty()) {
                    (true, _) => format!("{} joined {}", c(person), list(style, &joined)),
                    (_, true) => format!("{} left {}", c(person), list(style, &left)),
                    _ => format!(
                        "{} moved from {} to {}",
                        c(person),
                        list(style, &left),
                        list(style, &joined)
                    ),
                },
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
    let holders = count(|c| {
        matches!(
            c,
            Change::HolderChanged { .. }
                | Change::CoHolderAdded { .. }
                | Change::CoHolderRemoved { .. }
        )
    });
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
