//! The `check` command: formats, overrides, baselines, the threshold and
//! the run's failures.

use super::config_file::{ConfigInUse, load_config};
use super::fixes::fix_report;
use super::fs::read_file;
use super::git::{RevIncludes, Revision};
use super::parallel::map_ordered;
use super::targets::{Target, Wanted, collect_targets, display_name, identity, walk};
use super::write::write_atomically;
use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Failures, print, print_err};
use crate::cli::CheckArgs;
use rolelint::Checked;
use rolelint::baseline::Baseline;
use rolelint::diagnostic::Level;
use rolelint::output::{Format, Paths, Report};
use rolelint::rules::registry;
use rolelint::suggest::{did_you_mean, hint};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Parse `FORMAT[=PATH]` values: at most one without a path.
fn parse_formats(
    values: &[String],
    failures: &mut Failures,
) -> Option<Vec<(Format, Option<PathBuf>)>> {
    let mut formats = Vec::new();
    for value in values {
        let (name, path) = match value.split_once('=') {
            Some((n, p)) => (n, Some(PathBuf::from(p))),
            None => (value.as_str(), None),
        };
        let Some(format) = Format::parse(name) else {
            let hint = hint(did_you_mean(name, Format::NAMES.iter().copied()));
            failures.add(format!(
                "unknown format `{name}`{hint}; formats: {}",
                Format::NAMES.join(", ")
            ));
            return None;
        };
        formats.push((format, path));
    }
    if formats.iter().filter(|(_, p)| p.is_none()).count() > 1 {
        failures.add(
            "at most one format may go to standard output; give the others a path with FORMAT=PATH",
        );
        return None;
    }
    if !formats.iter().any(|(_, p)| p.is_none()) {
        formats.push((Format::Human, None));
    }
    Some(formats)
}

/// `--rule NAME=LEVEL` overrides, validated.
fn rule_overrides(args: &CheckArgs, failures: &mut Failures) -> Option<Vec<(String, Level)>> {
    let mut overrides = Vec::new();
    for value in &args.rules {
        let Some((name, level)) = value.split_once('=') else {
            failures.add(format!("`--rule {value}`: expected NAME=LEVEL"));
            return None;
        };
        match registry::find(name) {
            Some(check) if !check.is_configurable() => {
                failures.add(format!("`{name}` is always on and cannot be configured"));
                return None;
            }
            Some(_) => {}
            None => {
                let hint = hint(did_you_mean(name, registry::configurable_names()));
                failures.add(format!("unknown rule `{name}`{hint}"));
                return None;
            }
        }
        let Some(level) = Level::parse(level) else {
            failures.add(format!(
                "`--rule {value}`: unknown level `{level}`; levels: {}",
                Level::NAMES.join(", ")
            ));
            return None;
        };
        overrides.push((name.to_owned(), level));
    }
    Some(overrides)
}

/// `colors`: whether to colour standard output and standard error.
pub(super) fn run(
    args: &CheckArgs,
    config_path: Option<&Path>,
    colors: (bool, bool),
    quiet: bool,
) -> u8 {
    let (color, stderr_color) = colors;
    let mut failures = Failures::default();
    let Some(formats) = parse_formats(&args.formats, &mut failures) else {
        return failures.report();
    };
    let Some(overrides) = rule_overrides(args, &mut failures) else {
        return failures.report();
    };
    let Some(loaded) = load_config(config_path, stderr_color, &mut failures) else {
        return failures.report();
    };
    if let Some(path) = &args.show_config {
        return show_config(path, &loaded, &overrides);
    }
    // A revision that cannot be read fails the run before anything is
    // checked or written.
    let revision = match args
        .new_from_rev
        .as_deref()
        .map(|rev| Revision::resolve(&loaded.cwd, rev))
    {
        Some(Err(reason)) => {
            failures.add(reason);
            return failures.report();
        }
        Some(Ok(revision)) => Some(revision),
        None => None,
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let settings_for = |name: &str| {
        let mut settings = loaded.config.settings_for(name);
        for (rule, level) in &overrides {
            settings.set_level(rule, *level);
        }
        settings
    };
    if (args.fix || args.diff) && args.paths.len() == 1 && args.paths[0].as_os_str() == "-" {
        return fix_stdin(args, &loaded, &settings_for, stderr_color);
    }
    let started = std::time::Instant::now();
    let keep_chart = formats.iter().any(|(f, _)| *f == Format::Markdown);
    let (mut report, excluded, checked_none) = check_head(
        &args.into(),
        &loaded,
        &overrides,
        keep_chart,
        jobs,
        &mut failures,
    );
    if excluded > 0 && checked_none && report.failed_paths == 0 {
        print_err(&format!(
            "{excluded} given {} excluded by `exclude` (--force-exclude); nothing to check\n",
            if excluded == 1 {
                "file is"
            } else {
                "files are"
            }
        ));
        return failures.report();
    }
    if args.fix || args.diff {
        let paths: Vec<Option<PathBuf>> = report
            .units
            .iter()
            .map(|u| u.sources.first().map(|s| loaded.root.join(s.name())))
            .collect();
        let outcome = fix_report(
            &mut report,
            &paths,
            None,
            &loaded.root,
            &settings_for,
            args.unsafe_fixes,
        );
        for line in &outcome.dropped {
            print_err(&format!("note: {line}\n"));
        }
        if args.diff {
            let mut text = String::new();
            for changed in &outcome.changed {
                let after = String::from_utf8_lossy(&changed.after);
                let after = after.strip_prefix('\u{feff}').unwrap_or(&after);
                text.push_str(&rolelint::fix::unified_diff(
                    &report.paths.for_terminal(&changed.name),
                    &changed.before,
                    after,
                ));
            }
            let code = print(&text);
            if code != EXIT_OK {
                return code;
            }
            return if outcome.changed.is_empty() {
                EXIT_OK
            } else {
                EXIT_FINDINGS
            };
        }
        for changed in &outcome.changed {
            let Some(path) = &changed.path else { continue };
            if let Err(err) = super::write::write_bytes_atomically(path, &changed.after) {
                failures.add(format!("cannot write {}: {err}", changed.name));
            }
        }
        let remaining = report
            .units
            .iter()
            .map(|u| u.diagnostics.len())
            .sum::<usize>();
        print_err(&format!(
            "fixed {} finding{} in {} file{} ({remaining} remaining)\n",
            outcome.fixed,
            if outcome.fixed == 1 { "" } else { "s" },
            outcome.changed.len(),
            if outcome.changed.len() == 1 { "" } else { "s" },
        ));
    }
    if let (Some(revision), Some(rev)) = (&revision, &args.new_from_rev) {
        let (base, known) = check_at(revision, &report, &loaded, &overrides, false, jobs);
        for (unit, known) in report.units.iter().zip(&known) {
            if !known && let Some(source) = unit.sources.first() {
                print_err(&format!(
                    "note: {} does not parse at {rev}: its organisation there is unknown, so all its findings count as new\n",
                    source.name()
                ));
            }
        }
        rolelint::diff::keep_new(&mut report, &base);
    }
    finish(
        args,
        &formats,
        report,
        &loaded,
        (color, quiet),
        jobs,
        started,
        failures,
    )
}

/// Check what the command line names: the targets, then the fragments
/// through their roots. Returns the report, how many explicit files
/// `--force-exclude` skipped, and whether nothing was left to check.
pub(super) fn check_head(
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
        paths: Paths {
            root: loaded.root.clone(),
            cwd: loaded.cwd.clone(),
            workspace: std::env::var_os("GITHUB_WORKSPACE")
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let w = PathBuf::from(w);
                    std::fs::canonicalize(&w).unwrap_or(w)
                }),
        },
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
    (report, found.excluded, targets.is_empty())
}

/// The organisations of `report` at a revision, checked with today's
/// settings. `known[i]` says whether unit `i`'s root could be read and
/// parsed there (a file absent at the revision is known and empty).
pub(super) fn check_at(
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
            let name = u.sources.first()?.name().to_owned();
            if u.fragment || name.starts_with('<') {
                return None;
            }
            let path = revision.in_repo(&loaded.root.join(&name))?;
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
        let mut settings = loaded.config.settings_for(name);
        for (rule, level) in overrides {
            settings.set_level(rule, *level);
        }
        settings.set_keep_chart(keep_chart);
        let includes = RevIncludes::new(revision, path, bytes.len() as u64, &name_of);
        Some(Ok(Some(rolelint::check_unit(
            name, &bytes, &settings, &includes,
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

/// Baselines, the outputs and the exit code of `check`.
#[allow(clippy::too_many_arguments)]
fn finish(
    args: &CheckArgs,
    formats: &[(Format, Option<PathBuf>)],
    mut report: Report,
    loaded: &ConfigInUse,
    (color, quiet): (bool, bool),
    jobs: usize,
    started: std::time::Instant,
    mut failures: Failures,
) -> u8 {
    if let Some(path) = &args.write_baseline {
        // Adopting: record what is there, say so, and succeed.
        let baseline = Baseline::from_report(&report);
        match write_atomically(path, &baseline.to_json()) {
            Ok(()) => print_err(&format!(
                "wrote {} entr{} to {}\n",
                baseline.entries.len(),
                if baseline.entries.len() == 1 {
                    "y"
                } else {
                    "ies"
                },
                display_name(path)
            )),
            Err(err) => failures.add(format!(
                "cannot write baseline {}: {err}",
                display_name(path)
            )),
        }
        return failures.report();
    }
    if let Some(path) = &args.baseline {
        let parsed = read_file(path)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "not UTF-8".to_owned()))
            .and_then(|text| Baseline::parse(&text));
        match parsed {
            Ok(baseline) => {
                let applied = baseline.apply(&mut report);
                if applied.stale > 0 {
                    print_err(&format!(
                        "note: {} baseline entr{} matched no finding; rewrite the baseline with --write-baseline {} to shrink it\n",
                        applied.stale,
                        if applied.stale == 1 { "y" } else { "ies" },
                        display_name(path)
                    ));
                }
            }
            Err(reason) => failures.add(format!("baseline {}: {reason}", display_name(path))),
        }
    }
    let checked_in = started.elapsed();
    let started = std::time::Instant::now();
    let mut code = EXIT_OK;
    for (format, path) in formats {
        let text = format.render(&report, color && path.is_none(), !quiet);
        match path {
            None => code = code.max(print(&text)),
            Some(path) => {
                if let Err(err) = write_atomically(path, &text) {
                    failures.add(format!("cannot write {}: {err}", display_name(path)));
                }
            }
        }
    }
    if args.timings {
        print_timings(&report, checked_in, started.elapsed(), jobs);
    }
    let failed = failures.report();
    if failed != EXIT_OK || code != EXIT_OK {
        return EXIT_FAILURE;
    }
    let fail_on = args.fail_on.or(loaded.config.fail_on).unwrap_or_default();
    let findings = fail_on.threshold().is_some_and(|min| {
        report
            .units
            .iter()
            .flat_map(|u| &u.diagnostics)
            .any(|d| d.severity >= min)
    });
    // The process is about to exit: freeing a large report piece by piece
    // only costs time (measurable on a 100,000-role file).
    std::mem::forget(report);
    if findings { EXIT_FINDINGS } else { EXIT_OK }
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
    let mut quiet = Failures::default();
    let candidates: Vec<Target> = walk(&loaded.root, loaded, &mut quiet)
        .into_iter()
        .map(|path| {
            let name = identity(&loaded.root, &path);
            let mut settings = loaded.config.settings_for(&name);
            for (rule, level) in overrides {
                settings.set_level(rule, *level);
            }
            Target {
                path: Some(path),
                name,
                settings,
            }
        })
        .filter(|t| !checked.contains(&t.name))
        .collect();
    let results = map_ordered(&candidates, jobs, |t| check_target(t, &loaded.root));
    let mut adopted: HashSet<String> = HashSet::new();
    for mut unit in results.into_iter().flatten() {
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
        report.units.push(unit);
    }
    report
        .units
        .retain(|u| !(u.fragment && name_of(u).is_some_and(|n| adopted.contains(&n))));
    for unit in report.units.iter_mut().filter(|u| u.fragment) {
        let d = rolelint::diagnostic::Diagnostic::new(
            rolelint::diagnostic::SCHEMA,
            "this file has no `org`, so it is a fragment, but no root file below the repository includes it",
            rolelint::diagnostic::Loc::default(),
        )
        .help("add `org` to make it a root, or list it in the `include` of the root file");
        unit.diagnostics.insert(0, d);
    }
}

/// `--timings`: phases summed over files (CPU time when `--jobs` > 1), then
/// the wall-clock time of checking and of writing the outputs.
fn print_timings(
    report: &Report,
    checked_in: std::time::Duration,
    output: std::time::Duration,
    jobs: usize,
) {
    let mut total = rolelint::Timings::default();
    for unit in &report.units {
        total.add(&unit.timings);
    }
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    print_err(&format!(
        "timings ({} files, --jobs {jobs}):\n  parse   {:10.1} ms\n  schema  {:10.1} ms\n  model   {:10.1} ms\n  rules   {:10.1} ms\n  check   {:10.1} ms wall (read + all phases)\n  output  {:10.1} ms wall\n",
        report.files(),
        ms(total.parse),
        ms(total.schema),
        ms(total.model),
        ms(total.rules),
        ms(checked_in),
        ms(output),
    ));
}

/// Read and check one target (a root with its fragments, or stdin).
fn check_target(target: &Target, root: &Path) -> Result<Checked, String> {
    let name = |path: &Path| identity(root, path);
    match &target.path {
        Some(path) => read_file(path).map(|bytes| {
            rolelint::check_unit(
                &target.name,
                &bytes,
                &target.settings,
                &super::includes::FsIncludes::new(path, &name),
            )
        }),
        None => super::fs::read_stdin()
            .map(|bytes| rolelint::check_bytes(&target.name, &bytes, &target.settings)),
    }
}

/// `--show-config PATH`: the settings a file is checked with, and where
/// each came from.
fn show_config(
    path: &Path,
    loaded: &ConfigInUse,
    overrides: &[(String, rolelint::diagnostic::Level)],
) -> u8 {
    let name = identity(&loaded.root, path);
    let source = loaded.file.as_deref().map_or_else(
        || "no configuration file".to_owned(),
        |f| identity(&loaded.root, f),
    );
    let mut out = format!(
        "settings for {name}\nconfiguration: {source}\nroot: {}\nfail-on: {}\n\n",
        loaded.root.display(),
        loaded
            .config
            .fail_on
            .map_or("error (default)", |f| f.as_str())
    );
    let effective = loaded.config.effective(&name, &source);
    let width = effective.iter().map(|e| e.rule.len()).max().unwrap_or(0);
    for mut e in effective {
        if let Some((_, level)) = overrides.iter().rev().find(|(r, _)| r == e.rule) {
            e.level = *level;
            "--rule".clone_into(&mut e.level_from);
        }
        out.push_str(&format!(
            "{:width$}  {:7}  from {}\n",
            e.rule,
            e.level.as_str(),
            e.level_from
        ));
        for (option, value, from) in &e.options {
            out.push_str(&format!(
                "{:width$}    {option}: {value}  from {from}\n",
                ""
            ));
        }
    }
    print(&out)
}

/// `check --fix -` (and `--diff -`): the fixed document to standard
/// output (or the diff), the findings that remain to standard error.
fn fix_stdin(
    args: &CheckArgs,
    loaded: &ConfigInUse,
    settings_for: &dyn Fn(&str) -> rolelint::Settings,
    stderr_color: bool,
) -> u8 {
    let bytes = match super::fs::read_stdin() {
        Ok(bytes) => bytes,
        Err(reason) => {
            let mut failures = Failures::default();
            failures.add(format!("standard input: {reason}"));
            return failures.report();
        }
    };
    let name = if args.stdin_filename == "<stdin>" {
        args.stdin_filename.clone()
    } else {
        identity(&loaded.root, &loaded.cwd.join(&args.stdin_filename))
    };
    let settings = settings_for(&name);
    let unit = rolelint::check_bytes(&name, &bytes, &settings);
    let (unit, outcome) = super::fixes::fix_unit(
        unit,
        None,
        Some(&bytes),
        &loaded.root,
        &settings,
        args.unsafe_fixes,
    );
    for line in &outcome.dropped {
        print_err(&format!("note: {line}\n"));
    }
    let after = outcome.changed.first().map(|c| c.after.clone());
    if args.diff {
        let text = outcome.changed.first().map_or_else(String::new, |c| {
            let after = String::from_utf8_lossy(&c.after);
            let after = after.strip_prefix('\u{feff}').unwrap_or(&after).to_owned();
            rolelint::fix::unified_diff(&name, &c.before, &after)
        });
        let code = print(&text);
        return if code != EXIT_OK {
            code
        } else if text.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        };
    }
    // The document, fixed or as it came.
    let document = after.unwrap_or(bytes);
    let code = super::print_bytes(&document);
    let report = Report {
        units: vec![unit],
        paths: Paths {
            root: loaded.root.clone(),
            cwd: loaded.cwd.clone(),
            workspace: None,
        },
        ..Report::default()
    };
    print_err(&Format::Human.render(&report, stderr_color, true));
    let fail_on = args.fail_on.or(loaded.config.fail_on).unwrap_or_default();
    let failing = fail_on.threshold().is_some_and(|min| {
        report
            .units
            .iter()
            .flat_map(|u| &u.diagnostics)
            .any(|d| d.severity >= min)
    });
    if code != EXIT_OK {
        code
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
