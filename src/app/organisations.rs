//! Checking organisations: what the command line names, fragments through
//! the roots that include them, and the same organisations at a revision.

use super::Failures;
use super::config_file::ConfigInUse;
use super::git::{RevIncludes, Revision};
use super::parallel::map_ordered;
use super::paths::identity;
use super::targets::{Target, Wanted, collect_targets};
use rolelint::diagnostic::Level;
use rolelint::output::Report;

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
        custom_rules: loaded.config.custom.clone(),
        ..Report::default()
    };
    let check = |t: &Target| t.check(&loaded.root);
    for (target, result) in targets.iter().zip(map_ordered(&targets, jobs, check)) {
        match result {
            Ok(checked) => report.units.push(checked),
            Err(reason) => {
                failures.add(format!("{}: {reason}", target.name));
                report.failed_paths += 1;
            }
        }
    }
    super::fragments::settle(&mut report, loaded, overrides, jobs);
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
        custom_rules: report.custom_rules.clone(),
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
