//! The `check` command: formats, overrides, baselines, the threshold and
//! the run's failures.

use super::config_file::{ConfigInUse, show_config};
use super::fixes::fix_report;
use super::fixes::fix_stdin;
use super::fs::read_file;
use super::git::Revision;
use super::organisations::{check_at, check_head};
use super::paths::display_name;
use super::write::write_atomically;
use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, Failures, print, print_err};
use crate::cli::CheckArgs;
use rolelint::baseline::Baseline;
use rolelint::diagnostic::Level;
use rolelint::output::{Format, Report};
use rolelint::rules::registry;
use rolelint::suggest::{did_you_mean, hint};
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
            // Custom rule names are known once the configuration is read.
            Some(_) | None => {}
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
    let fixing = args.fix && !args.diff;
    // Found from the first file named, not from where rolelint was started.
    let start = args
        .paths
        .first()
        .and_then(|p| super::config_file::start_for(p));
    let Some(loaded) = super::config_file::load_config_for(
        config_path,
        start.as_deref(),
        stderr_color,
        &mut failures,
        fixing,
    ) else {
        return failures.report();
    };
    for (name, _) in &overrides {
        if registry::find(name).is_none() && loaded.config.custom.find(name).is_none() {
            let mut names: Vec<&str> = registry::configurable_names().collect();
            names.extend(loaded.config.custom.names());
            failures.add(format!(
                "unknown rule `{name}`{}",
                hint(did_you_mean(name, names))
            ));
            return failures.report();
        }
    }
    if let Some(path) = &args.show_config {
        return show_config(path, &loaded, &overrides);
    }
    // A revision that cannot be read fails the run before anything is
    // checked or written.
    let revision = match args
        .new_from_rev
        .as_deref()
        .map(|rev| Revision::resolve(start.as_deref().unwrap_or(&loaded.root), rev))
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
    let settings_for = |name: &str| loaded.settings_for(name, &overrides);
    if (args.fix || args.diff) && args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() > 1 {
            // The fixed document goes to standard output: with other files
            // it would have nowhere to go (and never to a file of the name).
            failures.add("`--fix -` and `--diff -` take standard input alone");
            return failures.report();
        }
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
        let named: std::collections::HashSet<String> = report
            .units
            .iter()
            .filter_map(|u| u.sources.first().map(|s| s.name().to_owned()))
            .collect();
        let others = || super::fragments::other_roots(&loaded, &overrides, &named, jobs);
        let outcome = fix_report(
            &mut report,
            &loaded.root,
            &settings_for,
            args.unsafe_fixes,
            &others,
            !args.diff,
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
        for reason in &outcome.refused {
            failures.add(reason.clone());
        }
        let written = super::fixes::write_changed(&outcome, &mut failures);
        let remaining = report
            .units
            .iter()
            .map(|u| u.diagnostics.len())
            .sum::<usize>();
        print_err(&format!(
            "fixed {} finding{} in {written} file{} ({remaining} remaining)\n",
            outcome.fixed,
            if outcome.fixed == 1 { "" } else { "s" },
            if written == 1 { "" } else { "s" },
        ));
    }
    if let (Some(revision), Some(rev)) = (&revision, &args.new_from_rev) {
        let (base, known) = check_at(revision, &report, &loaded, &overrides, false, jobs);
        for (unit, known) in report.units.iter().zip(&known) {
            if !known && let Some(source) = unit.sources.first() {
                print_err(&format!(
                    "note: {} cannot be read or does not parse at {rev}: its organisation there is unknown, so all its findings count as new\n",
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
    // `--baseline`, else the configuration's, relative to its file.
    let configured = loaded.config.baseline.as_ref().map(|b| {
        let dir = loaded
            .file
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| loaded.root.clone(), Path::to_path_buf);
        dir.join(b)
    });
    if let Some(path) = args.baseline.as_ref().or(configured.as_ref()) {
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
    report.fail_on = args.fail_on.or(loaded.config.fail_on).unwrap_or_default();
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
    let findings = report.failing();
    // The process is about to exit: freeing a large report piece by piece
    // only costs time (measurable on a 100,000-role file).
    std::mem::forget(report);
    if findings { EXIT_FINDINGS } else { EXIT_OK }
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
