//! The root that includes a fragment, and the one finding on a fragment
//! no root includes: the same search for the CLI (a run names fragments)
//! and the language server (an editor opens one).

use super::Failures;
use super::config_file::ConfigInUse;
use super::parallel::map_ordered;
use super::paths::identity;
use super::targets::{Target, walk};
use rolelint::Checked;
use rolelint::output::Report;
use std::collections::HashSet;
use std::path::PathBuf;

/// The files that may be the root including a fragment: every file the
/// configuration discovers below its root, in walk order.
pub fn candidate_roots(loaded: &ConfigInUse) -> Vec<PathBuf> {
    let mut quiet = Failures::default();
    walk(&loaded.root, loaded, &mut quiet)
}

/// Settle the fragments checked on their own. One that a root checked in
/// this run includes is reported through that root: its standalone result
/// is dropped. For the others (pre-commit passes only the changed files),
/// the roots below the run's root are searched: a root whose `include`
/// reaches the fragment is checked, and its findings located in the
/// fragments named in this run are reported. A fragment no root includes
/// gets a finding.
pub fn settle(
    report: &mut Report,
    loaded: &ConfigInUse,
    overrides: &[(String, rolelint::diagnostic::Level)],
    jobs: usize,
) {
    let name_of = |u: &Checked| u.sources.first().map(|s| s.name().to_owned());
    let included: HashSet<String> = report
        .units
        .iter()
        .flat_map(|u| u.sources.iter().skip(1).map(|s| s.name().to_owned()))
        .collect();
    report
        .units
        .retain(|u| !(u.fragment && name_of(u).is_some_and(|n| included.contains(&n))));
    let orphans: HashSet<String> = report
        .units
        .iter()
        .filter(|u| u.fragment)
        .filter_map(name_of)
        .collect();
    if orphans.is_empty() {
        return;
    }
    let checked: HashSet<String> = report.units.iter().filter_map(name_of).collect();
    let results = other_roots(loaded, overrides, &checked, jobs);
    let mut adopted: HashSet<String> = HashSet::new();
    for mut unit in results {
        if unit.fragment {
            continue;
        }
        let named: HashSet<u32> = unit
            .sources
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, s)| orphans.contains(s.name()) && !adopted.contains(s.name()))
            .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        if named.is_empty() {
            continue;
        }
        for &i in &named {
            adopted.insert(unit.sources[i as usize].name().to_owned());
        }
        unit.diagnostics
            .retain(|d| named.contains(&d.primary.file.0));
        let mut files: Vec<rolelint::diagnostic::FileId> = named
            .iter()
            .map(|&i| rolelint::diagnostic::FileId(i))
            .collect();
        files.sort_unstable();
        unit.reported_files = Some(files);
        report.units.push(unit);
    }
    report
        .units
        .retain(|u| !(u.fragment && name_of(u).is_some_and(|n| adopted.contains(&n))));
    for unit in report.units.iter_mut().filter(|u| u.fragment) {
        unit.diagnostics.insert(0, orphan());
    }
}

/// The finding on a fragment no root includes (the CLI's and the language
/// server's).
pub fn orphan() -> rolelint::diagnostic::Diagnostic {
    rolelint::diagnostic::Diagnostic::new(
        rolelint::diagnostic::SCHEMA,
        "this file has no `org`, so it is a fragment, but no root file below the repository includes it",
        rolelint::diagnostic::Loc::default(),
    )
    .help("add `org` to make it a root, or list it in the `include` of the root file")
}

/// Every file below the run's root that the configuration discovers,
/// except those named in `checked`, checked (those that cannot be read
/// are left out).
pub fn other_roots(
    loaded: &ConfigInUse,
    overrides: &[(String, rolelint::diagnostic::Level)],
    checked: &HashSet<String>,
    jobs: usize,
) -> Vec<Checked> {
    let candidates: Vec<Target> = candidate_roots(loaded)
        .into_iter()
        .map(|path| {
            let name = identity(&loaded.root, &path);
            let settings = loaded.settings_for(&name, overrides);
            Target {
                path: Some(path),
                name,
                settings,
            }
        })
        .filter(|t| !checked.contains(&t.name))
        .collect();
    map_ordered(&candidates, jobs, |t| t.check(&loaded.root))
        .into_iter()
        .flatten()
        .collect()
}
