//! The accountability matrix (areas x owners) as a Markdown table.
//!
//! Up to [`MAX_COLUMNS`] owners, a grid: a row per area, a column per
//! accountable role (and, in version 2, team). Beyond, a grid is thousands
//! of characters wide and unreadable in a terminal or a pull request, so the
//! matrix becomes a list: a row per area with its owners named, at most
//! [`MAX_LISTED`] per row.

use crate::chart::Chart;
use crate::format::BUILTIN_AREAS;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Most owner columns the grid has.
pub const MAX_COLUMNS: usize = 12;
/// Most owners a row of the list names.
const MAX_LISTED: usize = 10;

/// One owner: a role or a team, its label, its areas.
struct Owner<'a> {
    label: String,
    short: String,
    areas: &'a [String],
}

/// The accountability matrix: one row per area, the owners of each, and a
/// status column.
#[must_use]
pub fn matrix(chart: &Chart) -> String {
    let md = crate::escape::markdown;
    let mut columns: Vec<Owner<'_>> = chart
        .roles
        .iter()
        .filter(|r| !r.accountable_for.is_empty())
        .map(|r| Owner {
            label: format!("{} ({})", md(&r.title), md(&r.id)),
            short: format!("`{}`", r.id),
            areas: &r.accountable_for,
        })
        .collect();
    columns.extend(
        chart
            .teams
            .iter()
            .filter(|t| !t.accountable_for().is_empty())
            .map(|t| Owner {
                label: format!("team {} ({})", md(&t.name), md(&t.id)),
                short: format!("team `{}`", t.id),
                areas: t.accountable_for(),
            }),
    );
    let mut owners: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in columns.iter().enumerate() {
        for a in o.areas {
            let list = owners.entry(a.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
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
    let grid = columns.len() <= MAX_COLUMNS;
    let (one, noun) = if chart.teams.is_empty() {
        ("role", "roles")
    } else {
        ("owner", "owners")
    };
    let mut out = String::from("| area |");
    if grid {
        for o in &columns {
            let _ = write!(out, " {} |", o.label);
        }
        out.push_str(" status |\n|---|");
        for _ in &columns {
            out.push_str(":---:|");
        }
        out.push_str("---|\n");
    } else {
        out.push_str(" accountable | status |\n|---|---|---|\n");
    }
    for area in areas {
        let list = owners.get(area).map_or(&[][..], Vec::as_slice);
        let _ = write!(out, "| {} |", md(area));
        if grid {
            for o in &columns {
                out.push_str(if o.areas.iter().any(|a| a == area) {
                    " A |"
                } else {
                    " |"
                });
            }
        } else {
            let named: Vec<String> = list.iter().map(|&i| columns[i].short.clone()).collect();
            let shown = if named.len() > MAX_LISTED {
                format!(
                    "{} and {} more",
                    named[..MAX_LISTED].join(", "),
                    named.len() - MAX_LISTED
                )
            } else {
                named.join(", ")
            };
            let _ = write!(out, " {shown} |");
        }
        let status = match list.len() {
            _ if !declared(area) => "❌ unknown area: declare it under `areas`".to_owned(),
            0 if core.iter().any(|c| c == area) => {
                "⚠️ no accountable role (a core area)".to_owned()
            }
            0 => "– none".to_owned(),
            1 => "✅".to_owned(),
            n => format!("⚠️ {n} accountable {noun}"),
        };
        let _ = writeln!(out, " {status} |");
    }
    let layout = if grid {
        "A: accountable."
    } else {
        "More than 12 owners: each area lists its owners."
    };
    let _ = write!(
        out,
        "\n{layout} ✅ one accountable {one}. ⚠️ several accountable {noun}, or none for a core area (`rolelint explain core-areas-covered`). ❌ an area that is neither built in nor declared. – an optional area nobody owns.\n",
    );
    out
}
