//! `check --fix`, `--unsafe-fixes` and `--diff` (`fixes.md`): apply the
//! fixes the library proposes, in memory, re-check, and keep only what
//! leaves every file parsing and adds no finding; then write atomically,
//! or print a diff.

use super::config_file::ConfigInUse;
use super::fs::read_file;
use super::includes::FsIncludes;
use super::targets::identity;
use super::{EXIT_FINDINGS, EXIT_OK, Failures, print, print_err};
use crate::cli::CheckArgs;
use rolelint::diagnostic::{FileId, SYNTAX};
use rolelint::output::{Finding, Report};
use rolelint::output::{Format, Paths};
use rolelint::{Checked, Settings};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Most rounds of fix, re-check, fix again.
const MAX_ROUNDS: usize = 10;
/// Fixes tried one at a time in a round whose fixes fail together.
const ALONE_PER_ROUND: usize = 8;

/// One file a fix changed.
pub struct Changed {
    pub name: String,
    /// Where it is on disk; `None` for standard input.
    pub path: Option<PathBuf>,
    pub before: String,
    /// With the byte-order mark, when the file had one.
    pub after: Vec<u8>,
}

/// What fixing one organisation did.
#[derive(Default)]
pub struct Outcome {
    pub fixed: usize,
    pub changed: Vec<Changed>,
    /// Fixes left out: they would break the file or add a finding.
    pub dropped: Vec<String>,
}

/// The identities of a unit's findings, counted.
fn identities(unit: &Checked) -> HashMap<String, usize> {
    let root = unit.sources.first().map_or("", |s| s.name());
    let mut out = HashMap::new();
    for d in &unit.diagnostics {
        let entry = Finding {
            diagnostic: d,
            sources: &unit.sources,
        };
        *out.entry(rolelint::diff::identity(root, &entry))
            .or_default() += 1;
    }
    out
}

/// Whether `after` is a sound result of fixing `before`: every file still
/// parses, and no finding is new.
fn sound(before: &Checked, after: &Checked) -> bool {
    if after.diagnostics.iter().any(|d| d.rule == SYNTAX) {
        return false;
    }
    let old = identities(before);
    identities(after)
        .into_iter()
        .all(|(id, n)| old.get(&id).is_some_and(|&m| n <= m))
}

/// The files of one organisation as text, by name.
struct Texts {
    names: Vec<String>,
    by_name: HashMap<String, String>,
    bom: HashSet<String>,
}

impl Texts {
    fn bytes(&self, name: &str) -> Vec<u8> {
        let mut out = Vec::new();
        if self.bom.contains(name) {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        out.extend_from_slice(self.by_name.get(name).map_or("", String::as_str).as_bytes());
        out
    }
}

/// Fix one organisation: its root `path` (`None`: standard input, whose
/// bytes are `stdin`) checked as `unit`.
pub fn fix_unit(
    unit: Checked,
    path: Option<&Path>,
    stdin: Option<&[u8]>,
    root: &Path,
    settings: &Settings,
    unsafe_fixes: bool,
) -> (Checked, Outcome) {
    let mut outcome = Outcome::default();
    let mut texts = Texts {
        names: unit.sources.iter().map(|s| s.name().to_owned()).collect(),
        by_name: unit
            .sources
            .iter()
            .map(|s| (s.name().to_owned(), s.text().to_owned()))
            .collect(),
        bom: HashSet::new(),
    };
    // The byte-order marks the sources dropped: from the bytes on disk.
    for (i, name) in texts.names.iter().enumerate() {
        let bytes = match (i, stdin) {
            (0, Some(bytes)) => Some(bytes.to_vec()),
            _ => read_file(&file_path(root, name, path, i)).ok(),
        };
        if bytes.is_some_and(|b| b.starts_with("\u{feff}".as_bytes())) {
            texts.bom.insert(name.clone());
        }
    }
    let original: HashMap<String, String> = texts.by_name.clone();
    let name_of = |p: &Path| identity(root, p);
    let check = |texts: &Texts| -> Checked {
        let root_name = &texts.names[0];
        match path {
            Some(path) => {
                let overlay = texts.names[1..]
                    .iter()
                    .map(|n| (n.clone(), texts.bytes(n)))
                    .collect();
                let includes = FsIncludes::new(path, &name_of).with_overlay(overlay);
                rolelint::check_unit(root_name, &texts.bytes(root_name), settings, &includes)
            }
            None => rolelint::check_bytes(root_name, &texts.bytes(root_name), settings),
        }
    };
    let mut unit = unit;
    let mut rejected: HashSet<String> = HashSet::new();
    let key = |unit: &Checked, i: usize| {
        let d = &unit.diagnostics[i];
        format!(
            "{}\u{1f}{}\u{1f}{:?}",
            d.rule,
            d.message,
            d.fix.as_ref().map(|f| &f.edits)
        )
    };
    for _ in 0..MAX_ROUNDS {
        // Fixes tried and refused stay refused.
        for i in 0..unit.diagnostics.len() {
            if rejected.contains(&key(&unit, i)) {
                unit.diagnostics[i].fix = None;
            }
        }
        let mut chosen: Vec<(FileId, usize)> = Vec::new();
        for f in 0..unit.sources.len() {
            let file = FileId(u32::try_from(f).unwrap_or(u32::MAX));
            chosen.extend(
                rolelint::fix::choose(&unit.diagnostics, file, unsafe_fixes)
                    .into_iter()
                    .map(|i| (file, i)),
            );
        }
        if chosen.is_empty() {
            break;
        }
        let apply = |texts: &Texts, picked: &[(FileId, usize)]| -> Texts {
            let mut next = Texts {
                names: texts.names.clone(),
                by_name: texts.by_name.clone(),
                bom: texts.bom.clone(),
            };
            for (f, name) in texts.names.iter().enumerate() {
                let edits: Vec<&rolelint::diagnostic::Edit> = picked
                    .iter()
                    .filter(|(file, _)| file.0 as usize == f)
                    .filter_map(|(_, i)| unit.diagnostics[*i].fix.as_ref())
                    .flat_map(|fix| &fix.edits)
                    .collect();
                if !edits.is_empty() {
                    let text = rolelint::fix::apply(&texts.by_name[name], &edits);
                    next.by_name.insert(name.clone(), text);
                }
            }
            next
        };
        let next = apply(&texts, &chosen);
        let rechecked = check(&next);
        if sound(&unit, &rechecked) {
            outcome.fixed += chosen.len();
            texts = next;
            unit = rechecked;
            continue;
        }
        // Together they fail: keep the first that works alone, refuse the
        // ones that fail alone (skipped from the next round on).
        // At most a few alone per round, so a file with thousands of fixes
        // costs a bounded number of checks; the rest go again next round.
        for &pick in chosen.iter().take(ALONE_PER_ROUND) {
            let next = apply(&texts, &[pick]);
            let rechecked = check(&next);
            if sound(&unit, &rechecked) {
                outcome.fixed += 1;
                texts = next;
                unit = rechecked;
                break;
            }
            let d = &unit.diagnostics[pick.1];
            outcome.dropped.push(format!(
                "fix not applied: {} ({}): the file would not parse, or a finding would be added",
                d.fix.as_ref().map_or("", |f| f.message.as_str()),
                d.rule
            ));
            rejected.insert(key(&unit, pick.1));
        }
    }
    for (i, name) in texts.names.iter().enumerate() {
        let after = &texts.by_name[name];
        if original.get(name) != Some(after) {
            outcome.changed.push(Changed {
                name: name.clone(),
                path: (stdin.is_none() || i > 0).then(|| file_path(root, name, path, i)),
                before: original[name].clone(),
                after: texts.bytes(name),
            });
        }
    }
    (unit, outcome)
}

/// Where a file of an organisation is: the root as given, a fragment by
/// its name from the run's root (or its absolute name).
fn file_path(root: &Path, name: &str, path: Option<&Path>, index: usize) -> PathBuf {
    match (index, path) {
        (0, Some(path)) => path.to_path_buf(),
        _ => root.join(name),
    }
}

/// Replace each unit of `report` with its fixed version.
pub fn fix_report(
    report: &mut Report,
    paths: &[Option<PathBuf>],
    stdin: Option<&[u8]>,
    root: &Path,
    settings: &dyn Fn(&str) -> Settings,
    unsafe_fixes: bool,
) -> Outcome {
    let mut total = Outcome::default();
    let units = std::mem::take(&mut report.units);
    for (unit, path) in units.into_iter().zip(paths) {
        if unit.fragment {
            report.units.push(unit);
            continue;
        }
        let name = unit
            .sources
            .first()
            .map(|s| s.name().to_owned())
            .unwrap_or_default();
        let (unit, outcome) = fix_unit(
            unit,
            path.as_deref(),
            if path.is_none() { stdin } else { None },
            root,
            &settings(&name),
            unsafe_fixes,
        );
        report.units.push(unit);
        total.fixed += outcome.fixed;
        total.changed.extend(outcome.changed);
        total.dropped.extend(outcome.dropped);
    }
    total
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
