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
            *text = super::apply(text, &edits);
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

/// What makes a refused fix the same fix in a later round.
fn key(unit: &Checked, i: usize) -> String {
    let d = &unit.diagnostics[i];
    format!(
        "{}\u{1f}{}\u{1f}{:?}",
        d.rule,
        d.message,
        d.fix.as_ref().map(|f| &f.edits)
    )
}

/// Fix one organisation. `recheck` checks the organisation with the given
/// texts in place of its files (same order as `unit.sources`).
///
/// Each round applies every fix it can at once; when the result is not
/// sound, the first half of them is tried, and so on down to a single fix,
/// which is then refused. So a round always applies or refuses something,
/// a bad fix costs a logarithmic number of re-checks, and the total is
/// bounded by `options.max_checks`.
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
    'rounds: loop {
        for i in 0..unit.diagnostics.len() {
            if unit.diagnostics[i].fix.is_some() && rejected.contains(&key(&unit, i)) {
                unit.diagnostics[i].fix = None;
            }
        }
        let mut chosen: Vec<usize> = Vec::new();
        for f in 0..unit.sources.len() {
            let file = FileId(u32::try_from(f).unwrap_or(u32::MAX));
            if (options.editable)(file) {
                chosen.extend(super::choose(&unit.diagnostics, file, options.unsafe_fixes));
            }
        }
        chosen.sort_unstable();
        if chosen.is_empty() {
            break;
        }
        let mut batch = chosen.len();
        loop {
            if checks >= options.max_checks {
                untried = chosen.len();
                break 'rounds;
            }
            checks += 1;
            let next = apply_fixes(&unit, &texts, &chosen[..batch]);
            let rechecked = recheck(&next);
            if sound(&unit, &rechecked) {
                out_fixed += batch;
                texts = next;
                unit = rechecked;
                continue 'rounds;
            }
            if batch == 1 {
                let d = &unit.diagnostics[chosen[0]];
                dropped.push(format!(
                    "fix not applied: {} ({}): the file would not parse, or a finding would be added",
                    d.fix.as_ref().map_or("", |f| f.message.as_str()),
                    d.rule
                ));
                rejected.insert(key(&unit, chosen[0]));
                continue 'rounds;
            }
            batch /= 2;
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
