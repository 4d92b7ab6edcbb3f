//! The accountability matrix (areas x roles) as a Markdown table.

use crate::chart::{Chart, ChartRole};
use crate::format::BUILTIN_AREAS;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The accountability matrix: one row per area, one column per role that is
/// accountable for something, and a status column.
#[must_use]
pub fn matrix(chart: &Chart) -> String {
    let md = crate::escape::markdown;
    let columns: Vec<&ChartRole> = chart
        .roles
        .iter()
        .filter(|r| !r.accountable_for.is_empty())
        .collect();
    let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in &chart.roles {
        for a in &r.accountable_for {
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
    // The areas `core-areas-covered` requires by default: only they warn
    // when no one is accountable.
    let core: Vec<String> = crate::rules::core_areas_covered::AREAS
        .default
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
    let declared = |a: &str| BUILTIN_AREAS.contains(&a) || chart.areas.iter().any(|d| d == a);
    let mut out = String::from("| area |");
    for r in &columns {
        let _ = write!(out, " {} ({}) |", md(&r.title), md(&r.id));
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
            out.push_str(if r.accountable_for.iter().any(|a| a == area) {
                " A |"
            } else {
                " |"
            });
        }
        let status = match list.len() {
            _ if !declared(area) => "❌ unknown area: declare it under `areas`".to_owned(),
            0 if core.iter().any(|c| c == area) => {
                "⚠️ no accountable role (a core area)".to_owned()
            }
            0 => "– none".to_owned(),
            1 => "✅".to_owned(),
            n => format!("⚠️ {n} accountable roles"),
        };
        let _ = writeln!(out, " {status} |");
    }
    out.push_str(
        "\nA: accountable. ✅ one accountable role. ⚠️ several accountable roles, or none for a core area (`rolelint explain core-areas-covered`). ❌ an area that is neither built in nor declared. – an optional area nobody owns.\n",
    );
    out
}
