//! The accountability matrix (areas x roles) as a Markdown table.

use crate::chart::{Chart, ChartRole};
use crate::model::BUILTIN_AREAS;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The accountability matrix: one row per area, one column per role that is
/// accountable for something, and a status column.
#[must_use]
pub fn matrix(chart: &Chart) -> String {
    let md = crate::escape::markdown;
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
