//! The changes from one organisation to another, by id, and the figures of
//! each side.

use crate::chart::Chart;
use crate::format::BUILTIN_AREAS;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    CoHolderAdded {
        role: String,
        person: String,
    },
    CoHolderRemoved {
        role: String,
        person: String,
    },
    InterimSet {
        role: String,
        person: String,
    },
    InterimCleared {
        role: String,
        person: String,
    },
    DottedLineAdded {
        role: String,
        to: String,
    },
    DottedLineRemoved {
        role: String,
        to: String,
    },
    TeamAdded {
        team: String,
        name: String,
    },
    TeamRemoved {
        team: String,
        name: String,
    },
    TeamReparented {
        team: String,
        before: Option<String>,
        after: Option<String>,
    },
    TeamLeadChanged {
        team: String,
        before: Option<String>,
        after: Option<String>,
    },
    TeamSizeChanged {
        team: String,
        before: u64,
        after: u64,
    },
    PersonMoved {
        person: String,
        before: Vec<String>,
        after: Vec<String>,
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
            .flat_map(|r| r.accountable_for.iter().map(String::as_str))
            .collect();
        let areas = BUILTIN_AREAS
            .iter()
            .copied()
            .chain(chart.areas.iter().map(String::as_str));
        Self {
            roles: chart.roles.len(),
            vacant_roles: chart.roles.iter().filter(|r| r.is_vacant()).count(),
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

fn added_removed<'a>(
    before: impl IntoIterator<Item = &'a str>,
    after: impl IntoIterator<Item = &'a str>,
) -> (Vec<String>, Vec<String>) {
    let b: BTreeSet<&str> = before.into_iter().collect();
    let a: BTreeSet<&str> = after.into_iter().collect();
    (
        a.difference(&b).map(|s| (*s).to_owned()).collect(),
        b.difference(&a).map(|s| (*s).to_owned()).collect(),
    )
}

/// The items of an optional list.
fn items(list: Option<&Vec<String>>) -> impl Iterator<Item = &str> {
    list.into_iter().flatten().map(String::as_str)
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
        super::teams::holders(&role, b, a, &mut out);
        if b.reports_to != a.reports_to {
            out.push(Change::ReportsToChanged {
                role: role.clone(),
                before: b.reports_to.clone(),
                after: a.reports_to.clone(),
            });
        }
        let (added, removed) = added_removed(b.metrics(), a.metrics());
        if !added.is_empty() || !removed.is_empty() {
            out.push(Change::MetricsChanged {
                role: role.clone(),
                added,
                removed,
            });
        }
        let (added, removed) = added_removed(
            items(b.responsibilities.as_ref()),
            items(a.responsibilities.as_ref()),
        );
        if !added.is_empty() || !removed.is_empty() {
            out.push(Change::ResponsibilitiesChanged {
                role: role.clone(),
                added,
                removed,
            });
        }
        let (added, removed) = added_removed(
            items(b.decision_rights.as_ref()),
            items(a.decision_rights.as_ref()),
        );
        if !added.is_empty() || !removed.is_empty() {
            out.push(Change::DecisionRightsChanged {
                role: role.clone(),
                added,
                removed,
            });
        }
        let tb: BTreeMap<String, f64> = b.time_shares().map(|(k, v)| (k.to_owned(), v)).collect();
        let ta: BTreeMap<String, f64> = a.time_shares().map(|(k, v)| (k.to_owned(), v)).collect();
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
            for a in &r.accountable_for {
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
    super::teams::compare(before, after, &mut out);
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
