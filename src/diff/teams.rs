//! The changes version 2 adds: co-holders, interim holdings, dotted lines
//! and teams (added, removed, re-parented, lead and size changed, people
//! moved between teams).

use super::Change;
use crate::chart::{Chart, ChartRole};
use crate::format::Team;
use std::collections::{BTreeMap, BTreeSet};

/// Who fills role `role` on each side: one holder replaced by another is
/// one change; where either side has several holders, each co-holder
/// added or removed is one. Interim set or cleared for people on both
/// sides.
pub fn holders(role: &str, b: &ChartRole, a: &ChartRole, out: &mut Vec<Change>) {
    if b.holder_ids != a.holder_ids {
        if b.holder_ids.len() <= 1 && a.holder_ids.len() <= 1 {
            out.push(Change::HolderChanged {
                role: role.to_owned(),
                before: b.holder_ids_text(),
                after: a.holder_ids_text(),
            });
        } else {
            let (before, after) = (set(&b.holder_ids), set(&a.holder_ids));
            for person in after.difference(&before) {
                out.push(Change::CoHolderAdded {
                    role: role.to_owned(),
                    person: (*person).to_owned(),
                });
            }
            for person in before.difference(&after) {
                out.push(Change::CoHolderRemoved {
                    role: role.to_owned(),
                    person: (*person).to_owned(),
                });
            }
        }
    }
    let (ib, ia) = (set(&b.interim_ids), set(&a.interim_ids));
    for person in &a.holder_ids {
        let was = b.holder_ids.contains(person);
        let (before, after) = (ib.contains(person.as_str()), ia.contains(person.as_str()));
        // A new holder who is interim: the holder change says who, this
        // says how.
        if after && !before {
            out.push(Change::InterimSet {
                role: role.to_owned(),
                person: person.clone(),
            });
        } else if was && before && !after {
            out.push(Change::InterimCleared {
                role: role.to_owned(),
                person: person.clone(),
            });
        }
    }
    let (db, da): (BTreeSet<&str>, BTreeSet<&str>) =
        (b.dotted_lines().collect(), a.dotted_lines().collect());
    for to in da.difference(&db) {
        out.push(Change::DottedLineAdded {
            role: role.to_owned(),
            to: (*to).to_owned(),
        });
    }
    for to in db.difference(&da) {
        out.push(Change::DottedLineRemoved {
            role: role.to_owned(),
            to: (*to).to_owned(),
        });
    }
}

fn set(ids: &[String]) -> BTreeSet<&str> {
    ids.iter().map(String::as_str).collect()
}

/// A team's size as the file gives it: `size`, else its listed members.
fn size(team: &Team) -> u64 {
    team.size.unwrap_or(team.members().count() as u64)
}

/// Teams added, removed, re-parented, with a new lead or size; people whose
/// teams changed.
pub fn compare(before: &Chart, after: &Chart, out: &mut Vec<Change>) {
    let tb: BTreeMap<&str, &Team> = before.teams.iter().map(|t| (t.id.as_str(), t)).collect();
    let ta: BTreeMap<&str, &Team> = after.teams.iter().map(|t| (t.id.as_str(), t)).collect();
    for (id, a) in &ta {
        let Some(b) = tb.get(id) else {
            out.push(Change::TeamAdded {
                team: (*id).to_owned(),
                name: a.name.clone(),
            });
            continue;
        };
        if b.parent != a.parent {
            out.push(Change::TeamReparented {
                team: (*id).to_owned(),
                before: b.parent.clone(),
                after: a.parent.clone(),
            });
        }
        if b.lead != a.lead {
            out.push(Change::TeamLeadChanged {
                team: (*id).to_owned(),
                before: b.lead.clone(),
                after: a.lead.clone(),
            });
        }
        if size(b) != size(a) {
            out.push(Change::TeamSizeChanged {
                team: (*id).to_owned(),
                before: size(b),
                after: size(a),
            });
        }
    }
    for (id, b) in tb.iter().filter(|(id, _)| !ta.contains_key(*id)) {
        out.push(Change::TeamRemoved {
            team: (*id).to_owned(),
            name: b.name.clone(),
        });
    }
    let teams_of = |chart: &Chart| {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for t in &chart.teams {
            for p in t.members() {
                m.entry(p.to_owned()).or_default().push(t.id.clone());
            }
        }
        for v in m.values_mut() {
            v.sort();
            v.dedup();
        }
        m
    };
    let (mb, ma) = (teams_of(before), teams_of(after));
    let people: BTreeSet<&String> = mb.keys().chain(ma.keys()).collect();
    for person in people {
        let b = mb.get(person).cloned().unwrap_or_default();
        let a = ma.get(person).cloned().unwrap_or_default();
        if a != b {
            out.push(Change::PersonMoved {
                person: person.clone(),
                before: b,
                after: a,
            });
        }
    }
}
