//! Checking organisations: what the command line names, fragments through
//! the roots that include them, and the same organisations at a revision.

use super::Failures;
use super::config_file::ConfigInUse;
use super::fs::read_file;
use super::git::{RevIncludes, Revision};
use super::parallel::map_ordered;
use super::paths::identity;
use super::targets::{Target, Wanted, collect_targets, walk};
use rolelint::Checked;
use rolelint::diagnostic::Level;
use rolelint::output::Report;
use std::collections::HashSet;
use std::path::Path;

/// Check what the command line names: the targets, then the fragments
/// through their roots. Returns the report, how many explicit files
/// `--force-exclude` skipped, and whether nothing was left to check.
pub fn check_head(
    wanted: &Wanted<'_>,
    loaded: &ConfigInUse,
    overrides: &[(String, Level)],
    keep_chart: bool,
    jobs: usize,
    failures: &mut Failures,
) -> (Report, usize, bool) {
    let found = collect_targets(wanted, loaded, overrides, failures);
    let mut targets = found.files;
    for target in &mut targets {
        target.settings.set_keep_chart(keep_chart);
    }
    let mut report = Report {
        paths: loaded.paths(),
        failed_paths: found.failed,
        ..Report::default()
    };
    let check = |t: &Target| check_target(t, &loaded.root);
    for (target, result) in targets.iter().zip(map_ordered(&targets, jobs, check)) {
        match result {
            Ok(checked) => report.units.push(checked),
            Err(reason) => {
                failures.add(format!("{}: {reason}", target.name));
                report.failed_paths += 1;
            }
        }
    }
    settle_fragments(&mut report, loaded, overrides, jobs);
    super::targets::note_lookalikes(&found.lookalikes, &report);
    (report, found.excluded, targets.is_empty())
}

/// The organisations of `report` at a revision, checked with today's
/// settings. `known[i]` says whether unit `i`'s root could be read and
/// parsed there (a file absent at the revision is known and empty).
pub fn check_at(
    revision: &Revision,
    report: &Report,
    loaded: &ConfigInUse,
    overrides: &[(String, Level)],
    keep_chart: bool,
    jobs: usize,
) -> (Report, Vec<bool>) {
    let name_of = |repo_path: &str| identity(&loaded.root, &revision.top.join(repo_path));
    let roots: Vec<Option<(String, String)>> = report
        .units
        .iter()
        .map(|u| {
            let source = u.sources.first()?;
            if u.fragment {
                return None;
            }
            // By the path it was read from, never one rebuilt from its name.
            let path = revision.in_repo(source.path()?)?;
            let name = source.name().to_owned();
            Some((name, path))
        })
        .collect();
    let results = map_ordered(&roots, jobs, |root| {
        let (name, path) = root.as_ref()?;
        let bytes = match revision.read(path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Some(Ok(None)),
            Err(reason) => return Some(Err(reason)),
        };
        let mut settings = loaded.settings_for(name, overrides);
        settings.set_keep_chart(keep_chart);
        let includes = RevIncludes::new(revision, path, bytes.len() as u64, &name_of);
        Some(Ok(Some(rolelint::check_unit_owned(
            name, bytes, &settings, &includes,
        ))))
    });
    let mut base = Report {
        paths: report.paths.clone(),
        ..Report::default()
    };
    let mut known = Vec::new();
    for result in results {
        match result {
            Some(Ok(Some(unit))) => {
                // A root that does not parse there has no findings to
                // subtract and no organisation to compare.
                let parsed = !unit
                    .diagnostics
                    .iter()
                    .any(|d| d.rule == rolelint::diagnostic::SYNTAX && d.primary.file.0 == 0);
                known.push(parsed);
                if parsed {
                    base.units.push(unit);
                }
            }
            Some(Ok(None)) => known.push(true),
            _ => known.push(false),
        }
    }
    (base, known)
}

/// Settle the fragments checked on their own. One that a root checked in
/// this run includes is reported through that root: its standalone result
/// is dropped. For the others (pre-commit passes only the changed files),
/// the roots below the run's root are searched: a root whose `include`
/// reaches the fragment is checked, and its findings located in the
/// fragments named in this run are reported. A fragment no root includes
/// gets a finding.
fn settle_fragments(
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
    let mut quiet = Failures::default();
    let candidates: Vec<Target> = walk(&loaded.root, loaded, &mut quiet)
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
    map_ordered(&candidates, jobs, |t| check_target(t, &loaded.root))
        .into_iter()
        .flatten()
        .collect()
}

/// Read and check one target (a root with its fragments, or stdin).
pub fn check_target(target: &Target, root: &Path) -> Result<Checked, String> {
    let name = |path: &Path| identity(root, path);
    match &target.path {
        Some(path) => read_file(path).map(|bytes| {
            let mut unit = rolelint::check_unit_owned(
                &target.name,
                bytes,
                &target.settings,
                &super::includes::FsIncludes::new(path, &name),
            );
            if let Some(source) = unit.sources.first_mut() {
                source.set_path(Some(path.clone()));
            }
            unit
        }),
        None => super::fs::read_stdin()
            .map(|bytes| rolelint::check_bytes(&target.name, &bytes, &target.settings)),
    }
}
