//! The sound fix loop: apply the fixes a check proposes, re-check, and
//! keep only what leaves every file parsing and adds no finding. The CLI
//! (`--fix`, `--diff`) and the language server's quick fixes both go
//! through it, so an editor is never offered a fix the CLI would refuse.

use crate::check::Checked;
use crate::diagnostic::{Edit, FileId, SYNTAX};
use crate::output::Finding;
use std::collections::{HashMap, HashSet};

/// Most re-checks one organisation's fixes may cost. Each is a full check
/// of the organisation, so this bounds the work of `--fix` to a small
/// multiple of one `check`, whatever the file holds.
pub const MAX_CHECKS: usize = 16;

/// What may be fixed.
pub struct Options<'a> {
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
    /// Whether the fixes of a file may be applied; a fix with an edit in
    /// any other file is left alone.
    pub editable: &'a dyn Fn(FileId) -> bool,
    /// Most re-checks (see [`MAX_CHECKS`]).
    pub max_checks: usize,
}

/// What fixing one organisation did.
pub struct Fixed {
    /// The organisation checked again with every fix applied.
    pub unit: Checked,
    /// The text of each file of the unit, in the order of its sources.
    pub texts: Vec<String>,
    /// Fixes applied.
    pub fixed: usize,
    /// Fixes refused: each would break a file or add a finding.
    pub dropped: Vec<String>,
    /// Fixes left untried when the budget of re-checks ran out.
    pub untried: usize,
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
        *out.entry(crate::diff::identity(root, &entry)).or_default() += 1;
    }
    out
}

/// Whether `after` is a sound result of fixing `before`: the same files,
/// every one still parsing, and no finding that was not there before.
#[must_use]
pub fn sound(before: &Checked, after: &Checked) -> bool {
    let same_files = before.sources.len() == after.sources.len()
        && before
            .sources
            .iter()
            .zip(&after.sources)
            .all(|(a, b)| a.name() == b.name());
    if !same_files || after.diagnostics.iter().any(|d| d.rule == SYNTAX) {
        return false;
    }
    let old = identities(before);
    identities(after)
        .into_iter()
        .all(|(id, n)| old.get(&id).is_some_and(|&m| n <= m))
}

/// The texts of `unit` with the fixes of `picked` (diagnostic indexes)
/// applied.
#[must_use]
pub fn apply_fixes(unit: &Checked, texts: &[String], picked: &[usize]) -> Vec<String> {
    let mut next = texts.to_vec();
    for (f, text) in next.iter_mut().enumerate() {
        let edits: Vec<&Edit> = picked
            .iter()
            .filter_map(|&i| unit.diagnostics[i].fix.as_ref())
            .flat_map(|fix| &fix.edits)
            .filter(|e| e.file.0 as usize == f)
            .collect();
        if !edits.is_empty() {
            *text = crate::fix::apply(text, &edits);
        }
    }
    next
}

/// Whether the fix of finding `index` of `unit` is sound on its own: the
/// check the language server makes before it offers a quick fix.
pub fn fix_is_sound(
    unit: &Checked,
    index: usize,
    recheck: &mut dyn FnMut(&[String]) -> Checked,
) -> bool {
    let Some(fix) = unit.diagnostics.get(index).and_then(|d| d.fix.as_ref()) else {
        return false;
    };
    if fix.edits.is_empty() {
        return false;
    }
    let texts: Vec<String> = unit.sources.iter().map(|s| s.text().to_owned()).collect();
    let next = apply_fixes(unit, &texts, &[index]);
    sound(unit, &recheck(&next))
}

/// The findings of `after` that `before` does not have (by identity and
/// count), and every `syntax` finding.
fn added<'a>(before: &Checked, after: &'a Checked) -> Vec<&'a crate::diagnostic::Diagnostic> {
    let mut old = identities(before);
    let root = after.sources.first().map_or("", |s| s.name());
    after
        .diagnostics
        .iter()
        .filter(|d| {
            let id = crate::diff::identity(
                root,
                &Finding {
                    diagnostic: d,
                    sources: &after.sources,
                },
            );
            match old.get_mut(&id) {
                Some(n) if *n > 0 && d.rule != SYNTAX => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        })
        .collect()
}

/// The fixes of `picked` whose edits (where they land in the fixed text)
/// touch a finding the fixed text added: the likely culprits, so that one
/// more check can confirm the others without them.
fn culprits(unit: &Checked, picked: &[usize], after: &Checked) -> Vec<usize> {
    // Each edit's range in the fixed text: shifted by the edits before it.
    let mut placed: Vec<(u32, usize, usize, usize)> = Vec::new();
    let mut edits: Vec<(u32, usize, usize, usize, usize)> = picked
        .iter()
        .flat_map(|&i| {
            unit.diagnostics[i].fix.iter().flat_map(move |f| {
                f.edits
                    .iter()
                    .map(move |e| (e.file.0, e.span.start, e.span.end, e.content.len(), i))
            })
        })
        .collect();
    edits.sort_unstable();
    let mut shift: (u32, isize) = (u32::MAX, 0);
    for (file, start, end, len, i) in edits {
        if shift.0 != file {
            shift = (file, 0);
        }
        let new_start = start.saturating_add_signed(shift.1);
        placed.push((file, new_start, new_start + len, i));
        shift.1 += isize::try_from(len).unwrap_or(0) - isize::try_from(end - start).unwrap_or(0);
    }
    let mut out: Vec<usize> = Vec::new();
    for d in added(unit, after) {
        let locs = std::iter::once(&d.primary).chain(d.labels.iter().map(|l| &l.loc));
        for loc in locs {
            for &(file, start, end, i) in &placed {
                let (a, b) = (loc.span.start, loc.span.end);
                let overlaps = if a == b || start == end {
                    start <= b && a <= end
                } else {
                    a < end && start < b
                };
                let touches = loc.file.0 == file && overlaps;
                if touches && !out.contains(&i) {
                    out.push(i);
                }
            }
        }
    }
    out
}

/// What makes a refused fix the same fix in a later round: the finding's
/// identity (by ids and node, never by position, as other fixes move it)
/// and what the fix writes.
fn key(unit: &Checked, i: usize) -> String {
    let d = &unit.diagnostics[i];
    let root = unit.sources.first().map_or("", |s| s.name());
    let mut key = crate::diff::identity(
        root,
        &Finding {
            diagnostic: d,
            sources: &unit.sources,
        },
    );
    key.push('\u{1f}');
    key.push_str(&d.message);
    if let Some(fix) = &d.fix {
        key.push('\u{1f}');
        key.push_str(&fix.message);
        for e in &fix.edits {
            key.push('\u{1f}');
            key.push_str(&e.content);
        }
    }
    key
}

/// Refuse the fix of finding `i`: said once, never tried again.
fn refuse(unit: &Checked, i: usize, dropped: &mut Vec<String>, rejected: &mut HashSet<String>) {
    let d = &unit.diagnostics[i];
    dropped.push(format!(
        "fix not applied: {} ({}): the file would not parse, or a finding would be added",
        d.fix.as_ref().map_or("", |f| f.message.as_str()),
        d.rule
    ));
    rejected.insert(key(unit, i));
}

/// Fix one organisation. `recheck` checks the organisation with the given
/// texts in place of its files (same order as `unit.sources`).
///
/// Each round applies every fix it can at once; when the result is not
/// sound, a binary search finds the longest sound prefix of them, which is
/// kept, and the fix after it, which is refused. So a round always applies
/// or refuses something, a bad fix costs a logarithmic number of re-checks,
/// and the total is bounded by `options.max_checks`.
pub fn fix_unit(
    unit: Checked,
    recheck: &mut dyn FnMut(&[String]) -> Checked,
    options: &Options<'_>,
) -> Fixed {
    let mut texts: Vec<String> = unit.sources.iter().map(|s| s.text().to_owned()).collect();
    let mut unit = unit;
    let mut out_fixed = 0;
    let mut dropped = Vec::new();
    let mut untried = 0;
    let mut rejected: HashSet<String> = HashSet::new();
    let mut checks = 0;
    loop {
        for i in 0..unit.diagnostics.len() {
            if unit.diagnostics[i].fix.is_some() && rejected.contains(&key(&unit, i)) {
                unit.diagnostics[i].fix = None;
            }
        }
        let mut chosen: Vec<usize> = Vec::new();
        for f in 0..unit.sources.len() {
            let file = FileId(u32::try_from(f).unwrap_or(u32::MAX));
            if (options.editable)(file) {
                chosen.extend(crate::fix::choose(
                    &unit.diagnostics,
                    file,
                    options.unsafe_fixes,
                ));
            }
        }
        chosen.sort_unstable();
        if chosen.is_empty() {
            break;
        }
        if checks >= options.max_checks {
            untried = chosen.len();
            break;
        }
        checks += 1;
        let next = apply_fixes(&unit, &texts, &chosen);
        let rechecked = recheck(&next);
        if sound(&unit, &rechecked) {
            out_fixed += chosen.len();
            texts = next;
            unit = rechecked;
            continue;
        }
        // The fixes whose edits touch what was added are refused, and the
        // rest tried together again: one check for any number of bad fixes
        // whose harm is where they edit.
        let blamed = culprits(&unit, &chosen, &rechecked);

        if !blamed.is_empty() && blamed.len() < chosen.len() {
            for &i in &blamed {
                refuse(&unit, i, &mut dropped, &mut rejected);
            }
            continue;
        }
        // Search for the longest sound prefix: the fix just after it is
        // the one that breaks the rest, and is refused.
        let (mut lo, mut hi) = (0, chosen.len());
        let mut best: Option<(Vec<String>, Checked)> = None;
        while hi - lo > 1 && checks < options.max_checks {
            let mid = lo + (hi - lo) / 2;
            checks += 1;
            let next = apply_fixes(&unit, &texts, &chosen[..mid]);
            let rechecked = recheck(&next);
            if sound(&unit, &rechecked) {
                lo = mid;
                best = Some((next, rechecked));
            } else {
                hi = mid;
            }
        }
        let found = hi - lo == 1;
        if found {
            refuse(&unit, chosen[lo], &mut dropped, &mut rejected);
        }
        if let Some((next, rechecked)) = best {
            out_fixed += lo;
            texts = next;
            unit = rechecked;
        }
        if !found {
            untried = chosen.len() - lo;
            break;
        }
    }
    Fixed {
        unit,
        texts,
        fixed: out_fixed,
        dropped,
        untried,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Diagnostic, Fix, Loc};
    use crate::source::{Source, Span};

    /// A file of `a`s: each `a` is a finding whose fix turns it into `b`;
    /// a `b` at a trap position is a new finding, so that fix is unsound.
    /// The new finding is where the fix edits (`local`), or at the start of
    /// the file, where nothing says which fix caused it.
    fn check(text: &str, traps: &[usize]) -> Checked {
        check_at(text, traps, true)
    }

    fn check_at(text: &str, traps: &[usize], local: bool) -> Checked {
        let mut diagnostics = Vec::new();
        for (i, c) in text.char_indices() {
            let at = Loc::new(FileId(0), Span::new(i, i + 1));
            if c == 'a' {
                diagnostics.push(
                    Diagnostic::new("x", format!("a at {i}"), at)
                        .id(i.to_string())
                        .fix(Fix {
                            applicability: Applicability::Safe,
                            message: format!("b at {i}"),
                            edits: vec![Edit {
                                file: FileId(0),
                                span: Span::new(i, i + 1),
                                content: "b".to_owned(),
                            }],
                        }),
                );
            } else if traps.contains(&i) {
                let at = if local {
                    at
                } else {
                    Loc::new(FileId(0), Span::new(0, 0))
                };
                diagnostics
                    .push(Diagnostic::new("trap", format!("trap {i}"), at).id(i.to_string()));
            }
        }
        Checked {
            sources: vec![Source::new("t", text)],
            diagnostics,
            ..Checked::default()
        }
    }

    fn run(len: usize, traps: &[usize]) -> (Fixed, usize) {
        run_with(len, traps, false)
    }

    fn run_with(len: usize, traps: &[usize], local: bool) -> (Fixed, usize) {
        let mut checks = 0;
        let mut recheck = |texts: &[String]| {
            checks += 1;
            check_at(&texts[0], traps, local)
        };
        let fixed = fix_unit(
            // Non-local traps are reported on the `z`, which no fix edits.
            check_at(
                &format!("{}{}", if local { "" } else { "z" }, "a".repeat(len)),
                traps,
                local,
            ),
            &mut recheck,
            &Options {
                unsafe_fixes: false,
                editable: &|_| true,
                max_checks: MAX_CHECKS,
            },
        );
        (fixed, checks)
    }

    #[test]
    fn sound_fixes_are_applied_in_one_check() {
        let (fixed, checks) = run_with(500, &[], true);
        assert_eq!(fixed.texts[0], "b".repeat(500));
        assert_eq!((fixed.fixed, checks, fixed.untried), (500, 1, 0));
    }

    #[test]
    fn one_trap_costs_a_logarithmic_number_of_checks() {
        let (fixed, checks) = run(1000, &[700]);
        assert_eq!(fixed.fixed, 999);
        assert_eq!(fixed.dropped.len(), 1, "{:?}", fixed.dropped);
        assert!(fixed.dropped[0].contains("b at 700"));
        assert_eq!(&fixed.texts[0][700..701], "a");
        assert!(checks <= MAX_CHECKS, "{checks}");
    }

    #[test]
    fn many_traps_never_cost_more_than_the_budget() {
        // Position 0 is the `z`: the traps are on the `a`s.
        let traps: Vec<usize> = (1..1001).step_by(3).collect();
        let (fixed, checks) = run(1000, &traps);
        assert!(checks <= MAX_CHECKS, "{checks}");
        assert!(fixed.untried > 0);
        // Whatever was applied is sound: no trap fired.
        assert!(fixed.unit.diagnostics.iter().all(|d| d.rule != "trap"));
    }

    #[test]
    fn traps_found_where_they_edit_cost_two_checks_whatever_their_number() {
        let traps: Vec<usize> = (0..1000).step_by(3).collect();
        let (fixed, checks) = run_with(1000, &traps, true);
        assert_eq!(fixed.fixed, 1000 - traps.len());
        assert_eq!(fixed.dropped.len(), traps.len());
        assert_eq!((checks, fixed.untried), (2, 0));
    }

    #[test]
    fn files_that_are_not_editable_are_left_alone() {
        let mut checks = 0;
        let mut recheck = |texts: &[String]| {
            checks += 1;
            check(&texts[0], &[])
        };
        let fixed = fix_unit(
            check("aaa", &[]),
            &mut recheck,
            &Options {
                unsafe_fixes: false,
                editable: &|_| false,
                max_checks: MAX_CHECKS,
            },
        );
        assert_eq!(
            (fixed.texts[0].as_str(), fixed.fixed, checks),
            ("aaa", 0, 0)
        );
    }
}
