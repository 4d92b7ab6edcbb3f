//! `check --fix`, `--unsafe-fixes` and `--diff`: the library's fix loop
//! over files on disk. A fixed file is written only to the path it was
//! read from, inside its repository; a fragment that another root also
//! includes is not fixed from one root alone.

use super::config_file::ConfigInUse;
use super::fs::{FileKey, file_key, normalize, read_file, repository_of};
use super::includes::FsIncludes;
use super::paths::identity;
use super::{EXIT_FINDINGS, EXIT_OK, Failures, print, print_err};
use crate::cli::CheckArgs;
use rolelint::diagnostic::FileId;
use rolelint::fix_loop;
use rolelint::output::{Format, Report};
use rolelint::{Checked, Settings};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One file a fix changed.
pub struct Changed {
    pub name: String,
    /// The file it was read from; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The repository the write must stay in.
    pub boundary: PathBuf,
    /// The bytes it held when it was read.
    pub read: Vec<u8>,
    pub before: String,
    /// With the byte-order mark, when the file had one.
    pub after: Vec<u8>,
}

/// What fixing one organisation did.
#[derive(Default)]
pub struct Outcome {
    pub fixed: usize,
    pub changed: Vec<Changed>,
    /// Fixes left out, and why.
    pub dropped: Vec<String>,
    /// Files with fixes that `--fix` may not write, and why: failures of
    /// the run (their findings are reported as they are).
    pub refused: Vec<String>,
}

const BOM: &str = "\u{feff}";

/// Fix one organisation: its root read from `sources[0].path()`, or from
/// standard input, whose bytes are `stdin`. `shared` says whether a
/// fragment is also included by another root, so not fixed from this one.
pub fn fix_unit(
    unit: Checked,
    stdin: Option<&[u8]>,
    root: &Path,
    settings: &Settings,
    unsafe_fixes: bool,
    shared: &dyn Fn(&FileKey) -> bool,
    writing: bool,
) -> (Checked, Outcome) {
    let mut outcome = Outcome::default();
    let root_path = unit
        .sources
        .first()
        .and_then(|s| s.path().map(Path::to_path_buf));
    let names: Vec<String> = unit.sources.iter().map(|s| s.name().to_owned()).collect();
    // What each file held when it was read: for its byte-order mark, and
    // to refuse a write over a file that changed meanwhile.
    let read: Vec<Option<Vec<u8>>> = unit
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| match (i, stdin) {
            (0, Some(bytes)) => Some(bytes.to_vec()),
            _ => s.path().and_then(|p| read_file(p).ok()),
        })
        .collect();
    let bom: Vec<bool> = read
        .iter()
        .map(|b| b.as_ref().is_some_and(|b| b.starts_with(BOM.as_bytes())))
        .collect();
    let keys: Vec<Option<FileKey>> = unit
        .sources
        .iter()
        .map(|s| s.path().and_then(file_key))
        .collect();
    let with_bom = |i: usize, text: &str| -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 3);
        if bom[i] {
            out.extend_from_slice(BOM.as_bytes());
        }
        out.extend_from_slice(text.as_bytes());
        out
    };
    let name_of = |p: &Path| identity(root, p);
    let mut recheck = |texts: &[String]| -> Checked {
        let mut checked = match &root_path {
            Some(path) => {
                let overlay = |key: &FileKey| {
                    let i = keys.iter().skip(1).position(|k| k.as_ref() == Some(key))? + 1;
                    Some(with_bom(i, texts.get(i)?))
                };
                let includes = FsIncludes::new(path, &name_of).with_overlay(&overlay);
                rolelint::check_unit(&names[0], &with_bom(0, &texts[0]), settings, &includes)
            }
            None => rolelint::check_bytes(&names[0], &with_bom(0, &texts[0]), settings),
        };
        if let Some(source) = checked.sources.first_mut() {
            source.set_path(root_path.clone());
        }
        checked
    };
    let original: Vec<String> = unit.sources.iter().map(|s| s.text().to_owned()).collect();
    // A root checked only for some fragments: fix from its whole result,
    // but only in those fragments, and report only theirs again.
    let reported = unit.reported_files.clone();
    let unit = if reported.is_some() {
        recheck(&original)
    } else {
        unit
    };
    let boundary = root_path.as_deref().map_or_else(PathBuf::new, |p| {
        repository_of(normalize(p).parent().unwrap_or(Path::new("/")))
    });
    // When writing, a file that may not be written is not fixed at all, so
    // what is reported is what is on disk.
    let blocked: Vec<Option<String>> = unit
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| match s.path() {
            Some(path) if writing && !(i == 0 && stdin.is_some()) => {
                super::write::writable(path, &boundary).err()
            }
            _ => None,
        })
        .collect();
    let frozen: Vec<bool> = (0..names.len())
        .map(|i| i > 0 && keys[i].as_ref().is_some_and(shared))
        .collect();
    let fixable_in = |unit: &Checked, i: usize| {
        unit.diagnostics
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.edits.iter().any(|e| e.file.0 as usize == i))
            })
            .count()
    };
    for (i, reason) in blocked.iter().enumerate() {
        if let Some(reason) = reason
            && fixable_in(&unit, i) > 0
        {
            outcome
                .refused
                .push(format!("{} not fixed: {reason}", names[i]));
        }
    }
    for (i, _) in frozen.iter().enumerate().filter(|(_, f)| **f) {
        let fixable = fixable_in(&unit, i);
        if fixable > 0 {
            outcome.dropped.push(format!(
                "{fixable} fix{} in {} not applied: more than one root file includes it, and a fix must be sound for each; fix it by hand",
                if fixable == 1 { "" } else { "es" },
                names[i]
            ));
        }
    }
    let editable = |file: FileId| {
        let i = file.0 as usize;
        read.get(i).is_some_and(Option::is_some)
            && !frozen.get(i).copied().unwrap_or(true)
            && blocked.get(i).is_some_and(Option::is_none)
            && reported.as_ref().is_none_or(|files| files.contains(&file))
    };
    let fixed = fix_loop::fix_unit(
        unit,
        &mut recheck,
        &fix_loop::Options {
            unsafe_fixes,
            editable: &editable,
            max_checks: fix_loop::MAX_CHECKS,
        },
    );
    outcome.fixed = fixed.fixed;
    outcome.dropped.extend(fixed.dropped);
    if fixed.untried > 0 {
        outcome.dropped.push(format!(
            "{} fix{} in {} not tried: the organisation was re-checked {} times, the most one run spends on it; run --fix again",
            fixed.untried,
            if fixed.untried == 1 { "" } else { "es" },
            names[0],
            fix_loop::MAX_CHECKS
        ));
    }
    for (i, after) in fixed.texts.iter().enumerate() {
        if original.get(i) == Some(after) {
            continue;
        }
        let (Some(before), Some(read)) = (original.get(i), read.get(i).cloned().flatten()) else {
            continue;
        };
        outcome.changed.push(Changed {
            name: names[i].clone(),
            path: fixed
                .unit
                .sources
                .get(i)
                .and_then(|s| s.path().map(Path::to_path_buf)),
            boundary: boundary.clone(),
            read,
            before: before.clone(),
            after: with_bom(i, after),
        });
    }
    let mut unit = fixed.unit;
    if let Some(files) = reported {
        unit.diagnostics.retain(|d| files.contains(&d.primary.file));
        unit.reported_files = Some(files);
    }
    (unit, outcome)
}

/// Replace each unit of `report` with its fixed version. `others` checks
/// the roots of the repository the run did not name; it is called only
/// when a fix would change a fragment, to learn which fragments several
/// roots share.
pub fn fix_report(
    report: &mut Report,
    root: &Path,
    settings: &dyn Fn(&str) -> Settings,
    unsafe_fixes: bool,
    others: &dyn Fn() -> Vec<Checked>,
    writing: bool,
) -> Outcome {
    let mut total = Outcome::default();
    let fragment_fix = report.units.iter().any(|u| {
        u.diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .any(|f| f.edits.iter().any(|e| e.file.0 > 0))
    });
    // How many roots include each fragment.
    let mut roots_of: HashMap<FileKey, HashSet<String>> = HashMap::new();
    if fragment_fix {
        let mut count = |unit: &Checked| {
            if unit.fragment {
                return;
            }
            let root = unit.sources.first().map_or("", |s| s.name()).to_owned();
            for key in unit
                .sources
                .iter()
                .skip(1)
                .filter_map(|s| s.path().and_then(file_key))
            {
                roots_of.entry(key).or_default().insert(root.clone());
            }
        };
        report.units.iter().for_each(&mut count);
        others().iter().for_each(&mut count);
    }
    let shared = |key: &FileKey| roots_of.get(key).is_some_and(|r| r.len() > 1);
    let units = std::mem::take(&mut report.units);
    for unit in units {
        if unit.fragment || unit.sources.first().is_none_or(|s| s.path().is_none()) {
            report.units.push(unit);
            continue;
        }
        let name = unit.sources[0].name().to_owned();
        let (unit, outcome) = fix_unit(
            unit,
            None,
            root,
            &settings(&name),
            unsafe_fixes,
            &shared,
            writing,
        );
        report.units.push(unit);
        total.fixed += outcome.fixed;
        total.changed.extend(outcome.changed);
        total.dropped.extend(outcome.dropped);
        total.refused.extend(outcome.refused);
    }
    total
}

/// Write what `--fix` changed; each refusal is a failure of the run.
pub fn write_changed(outcome: &Outcome, failures: &mut Failures) -> usize {
    let mut written = 0;
    for changed in &outcome.changed {
        let Some(path) = &changed.path else { continue };
        match super::write::write_fix(path, &changed.boundary, &changed.read, &changed.after) {
            Ok(()) => written += 1,
            Err(reason) => failures.add(format!("{} not fixed: {reason}", changed.name)),
        }
    }
    written
}

/// `check --fix -` (and `--diff -`): the fixed document to standard
/// output (or the diff), the findings that remain to standard error.
pub(super) fn fix_stdin(
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
    let (unit, outcome) = fix_unit(
        unit,
        Some(&bytes),
        &loaded.root,
        &settings,
        args.unsafe_fixes,
        &|_| false,
        false,
    );
    for line in &outcome.dropped {
        print_err(&format!("note: {line}\n"));
    }
    let after = outcome.changed.first().map(|c| c.after.clone());
    if args.diff {
        let text = outcome.changed.first().map_or_else(String::new, |c| {
            let after = String::from_utf8_lossy(&c.after);
            let after = after.strip_prefix(BOM).unwrap_or(&after).to_owned();
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
    let mut report = loaded.report(vec![unit]);
    report.fail_on = args.fail_on.or(loaded.config.fail_on).unwrap_or_default();
    print_err(&Format::Human.render(&report, stderr_color, true));
    let failing = report.failing();
    if code != EXIT_OK {
        code
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
