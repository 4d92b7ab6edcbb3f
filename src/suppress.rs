//! Inline suppressions: `# rolelint: ignore[RULE, ...] REASON`.
//!
//! A comment on a line of its own applies to the node that starts on the
//! next non-blank, non-comment line; a trailing comment applies to the node
//! that starts on its own line. "The node" is the outermost list item or
//! `key: value` entry starting on that line. The
//! suppression hides findings of the listed rules whose primary location
//! lies inside that node. Problems with suppressions themselves are
//! `unused-suppression` findings.

use crate::diagnostic::{
    Applicability, Diagnostic, Edit, FileId, Fix, Loc, UNUSED_SUPPRESSION as RULE,
};
use crate::rules::registry;
use crate::source::{Source, Span};
use crate::suggest::did_you_mean;
use crate::yaml::{Document, Value};
use foldhash::HashMap;
use foldhash::HashMapExt as _;

const MARKER: &str = "rolelint:";

/// The suppressions in effect, by rule, for finding the one that covers a
/// span in `log n` (plus the regions that contain it), not by trying each.
/// Regions (with their suppression's index) sorted by start, and the
/// greatest region end up to each position.
type Regions = (Vec<(Span, (usize, usize))>, Vec<usize>);

struct RegionIndex<'a> {
    /// Per rule: (region, suppression index) sorted by region start, and
    /// the greatest region end up to each position.
    by_rule: HashMap<&'a str, Regions>,
}

impl<'a> RegionIndex<'a> {
    fn new(suppressions: &'a [Suppression]) -> Self {
        let mut by_rule: HashMap<&'a str, Regions> = HashMap::new();
        for (i, s) in suppressions.iter().enumerate() {
            let (true, Some(region)) = (s.reason, s.region) else {
                continue;
            };
            for (r, rule) in s.rules.iter().enumerate() {
                by_rule
                    .entry(rule.as_str())
                    .or_default()
                    .0
                    .push((region, (i, r)));
            }
        }
        for (regions, max_end) in by_rule.values_mut() {
            regions.sort_unstable();
            let mut end = 0;
            *max_end = regions
                .iter()
                .map(|(r, _)| {
                    end = end.max(r.end);
                    end
                })
                .collect();
        }
        Self { by_rule }
    }

    /// The first suppression (in file order) of `rule` whose region holds
    /// `span`: (suppression, index of the rule in its list).
    fn first_covering(&self, rule: &str, span: Span) -> Option<(usize, usize)> {
        let (regions, max_end) = self.by_rule.get(rule)?;
        let mut best: Option<(usize, usize)> = None;
        let mut k = regions.partition_point(|(r, _)| r.start <= span.start);
        while k > 0 && max_end[k - 1] >= span.end {
            k -= 1;
            let (region, i) = regions[k];
            if region.contains(span) {
                best = Some(best.map_or(i, |b| b.min(i)));
            }
        }
        best
    }
}

/// The always-on checks cannot be suppressed.
fn is_suppressible(code: &str) -> bool {
    registry::find(code).is_none_or(registry::CheckInfo::is_configurable)
}

struct Suppression {
    comment: Span,
    rules: Vec<String>,
    reason: bool,
    region: Option<Span>,
    /// Per rule of `rules`: whether it hid a finding.
    used: Vec<bool>,
    /// What to delete to remove the comment (its whole line when it holds
    /// nothing else).
    removal: Span,
    /// The text between the brackets.
    list: Span,
}

impl Suppression {
    /// The fix that keeps only `keep` of the listed names: the comment
    /// rewritten, or removed when none is left.
    fn keep_only(&self, keep: &[&str], file: FileId, message: String) -> Fix {
        let edit = if keep.is_empty() {
            Edit {
                file,
                span: self.removal,
                content: String::new(),
            }
        } else {
            Edit {
                file,
                span: self.list,
                content: keep.join(", "),
            }
        };
        Fix {
            applicability: Applicability::Safe,
            message,
            edits: vec![edit],
        }
    }
}

/// The text an editor puts where the reason of a new suppression goes,
/// selected for the user to type over. Left as it is, it is no reason.
pub const PLACEHOLDER_REASON: &str = "why this finding does not apply";

/// Apply the file's suppressions to `diagnostics` (findings in `file`).
/// Returns the findings suppressed, and pushes
/// `unused-suppression` findings when `report_unused` is set. A
/// suppression of a rule that is turned off (`is_off`) is not unused: the
/// rule did not run, and the reason still holds when it is turned on.
pub fn apply(
    source: &Source,
    doc: &Document,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
    report_unused: bool,
    is_off: &dyn Fn(&str) -> bool,
    custom: &[&'static str],
) -> Vec<Diagnostic> {
    if !source.text().contains(MARKER) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    let mut suppressions = parse(source, doc, file, custom, &mut problems);
    let index = RegionIndex::new(&suppressions);
    let mut used: Vec<(usize, usize)> = Vec::new();
    let mut hidden = Vec::new();
    for d in std::mem::take(diagnostics) {
        let covering = (is_suppressible(d.rule) && d.primary.file == file)
            .then(|| index.first_covering(d.rule, d.primary.span))
            .flatten();
        match covering {
            Some(at) => {
                used.push(at);
                hidden.push(d);
            }
            None => diagnostics.push(d),
        }
    }
    drop(index);
    for (i, r) in used {
        suppressions[i].used[r] = true;
    }
    if report_unused {
        for s in &suppressions {
            let unused: Vec<&str> = s
                .rules
                .iter()
                .zip(&s.used)
                .filter(|(r, used)| !**used && !is_off(r))
                .map(|(r, _)| r.as_str())
                .collect();
            if !unused.is_empty() && s.reason {
                let listed: Vec<String> = unused.iter().map(|r| format!("`{r}`")).collect();
                let keep: Vec<&str> = s
                    .rules
                    .iter()
                    .zip(&s.used)
                    .filter(|(r, used)| **used || is_off(r))
                    .map(|(r, _)| r.as_str())
                    .collect();
                let what = if keep.is_empty() {
                    "remove the comment".to_owned()
                } else {
                    format!("remove {} from the comment", listed.join(", "))
                };
                let mut d = Diagnostic::new(
                    RULE,
                    format!("suppression of {} suppressed nothing", listed.join(", ")),
                    Loc::new(file, s.comment),
                )
                .help("remove the comment, or move it onto the line of the node it is about (or the line above)")
                .fix(s.keep_only(&keep, file, what));
                for r in &unused {
                    d = d.id(*r);
                }
                problems.push(d);
            }
        }
        diagnostics.extend(problems);
    }
    hidden
}

/// Find suppression comments and the node each applies to.
fn parse(
    source: &Source,
    doc: &Document,
    file: FileId,
    custom: &[&'static str],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Suppression> {
    let scalars = scalar_spans(doc);
    let regions = regions_by_line(source, doc);
    let text = source.text();
    let mut found = Vec::new();
    // Built on the first comment on a line of its own: one backward pass,
    // rather than a forward scan per comment.
    let mut next_code: Option<Vec<Option<usize>>> = None;
    for line in 0..source.line_count() {
        let span = source.line_span(line);
        let content = &text[span.start..span.end];
        let Some(hash) = comment_start(content, span.start, &scalars) else {
            continue;
        };
        let comment_text = content[hash - span.start + 1..].trim_start();
        let Some(rest) = comment_text.strip_prefix(MARKER) else {
            continue;
        };
        let comment = Span::new(hash, span.end);
        let own_line = content[..hash - span.start].trim().is_empty();
        let target_line = if own_line {
            next_code.get_or_insert_with(|| next_code_lines(source))[line]
        } else {
            Some(line)
        };
        let region = target_line.and_then(|l| regions.get(&l).copied());
        let rest = rest.trim_start();
        let Some(list) = rest.strip_prefix("ignore[") else {
            problems.push(
                Diagnostic::new(
                    RULE,
                    "malformed suppression: expected `ignore[RULE, ...] REASON`",
                    Loc::new(file, comment),
                )
                .help("write `# rolelint: ignore[rule-name] the reason`")
                .id("malformed"),
            );
            continue;
        };
        let Some(close) = list.find(']') else {
            problems.push(
                Diagnostic::new(
                    RULE,
                    "malformed suppression: `ignore[` is not closed",
                    Loc::new(file, comment),
                )
                .help("write `# rolelint: ignore[rule-name] the reason`")
                .id("malformed"),
            );
            continue;
        };
        let written = list[close + 1..].trim();
        // The editor's placeholder left as it was is no reason.
        let placeholder = written == PLACEHOLDER_REASON;
        let reason = !written.is_empty() && !placeholder;
        // `list` is a suffix of the line: its place in the text follows.
        let list_start = span.end - list.len();
        let list_span = Span::new(list_start, list_start + close);
        let removal = if own_line {
            let end = if line + 1 < source.line_count() {
                source.line_span(line + 1).start
            } else {
                text.len()
            };
            Span::new(span.start, end)
        } else {
            let code_end = span.start + content[..hash - span.start].trim_end().len();
            Span::new(code_end, span.end)
        };
        let all: Vec<&str> = list[..close]
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        let valid: Vec<&str> = all
            .iter()
            .copied()
            .filter(|n| {
                registry::find(n).is_some_and(registry::CheckInfo::is_configurable)
                    || custom.contains(n)
            })
            .collect();
        let draft = Suppression {
            comment,
            rules: Vec::new(),
            reason,
            region,
            used: Vec::new(),
            removal,
            list: list_span,
        };
        let drop_name = |name: &str| {
            let what = if valid.is_empty() {
                "remove the comment".to_owned()
            } else {
                format!("remove `{name}` from the comment")
            };
            draft.keep_only(&valid, file, what)
        };
        let mut names = Vec::new();
        for name in list[..close]
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let known = registry::find(name);
            if known.is_some_and(|c| !c.is_configurable()) {
                let mut d = Diagnostic::new(RULE, format!("`{name}` findings cannot be suppressed"), Loc::new(file, comment))
                    .help(format!("fix the {name} problem; it stops every other check of the file from being reliable"))
                    .id(name);
                // A safe fix never deletes a comment with a reason in it.
                if !(valid.is_empty() && reason) {
                    d = d.fix(drop_name(name));
                }
                problems.push(d);
            } else if known.is_none() && !custom.contains(&name) {
                let hint = did_you_mean(
                    name,
                    registry::configurable_names().chain(custom.iter().copied()),
                );
                // The rule meant, when exactly one is close: renamed in
                // place, reason kept. Otherwise the name is dropped, but
                // never the comment with a reason written in it.
                let all: Vec<&str> = list[..close]
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .collect();
                let fix = match hint {
                    Some(meant) => Some(Fix {
                        applicability: Applicability::Safe,
                        message: format!("rename `{name}` to `{meant}`"),
                        edits: vec![Edit {
                            file,
                            span: draft.list,
                            content: all
                                .iter()
                                .map(|n| if *n == name { meant } else { n })
                                .collect::<Vec<_>>()
                                .join(", "),
                        }],
                    }),
                    None if valid.is_empty() && reason => None,
                    None => Some(drop_name(name)),
                };
                let message = format!(
                    "unknown rule `{name}` in suppression{}",
                    crate::suggest::hint(hint)
                );
                let mut d = Diagnostic::new(RULE, message, Loc::new(file, comment))
                    .help(hint.map_or_else(
                        || "`rolelint rules` lists every rule".to_owned(),
                        |s| format!("replace `{name}` with `{s}`"),
                    ))
                    .id(name);
                if let Some(fix) = fix {
                    d = d.fix(fix);
                }
                problems.push(d);
            } else {
                names.push(name.to_owned());
            }
        }
        if !reason {
            let message = if placeholder {
                "suppression still has the placeholder for its reason, so it suppresses nothing"
            } else {
                "suppression has no reason, so it suppresses nothing"
            };
            let mut d = Diagnostic::new(RULE, message, Loc::new(file, comment))
                .help("say why after the brackets: `# rolelint: ignore[vacant-role] hiring approved for Q3`");
            for n in &names {
                d = d.id(n);
            }
            problems.push(d);
        }
        found.push(Suppression {
            used: vec![false; names.len()],
            rules: names,
            ..draft
        });
    }
    found
}

/// Each rule name listed in a suppression comment, with its span: what
/// an editor shows on hover and completes.
#[must_use]
pub fn named_rules(source: &Source, doc: &Document) -> Vec<(Span, String)> {
    let scalars = scalar_spans(doc);
    let text = source.text();
    let mut found = Vec::new();
    for line in 0..source.line_count() {
        let span = source.line_span(line);
        let content = &text[span.start..span.end];
        let Some(hash) = comment_start(content, span.start, &scalars) else {
            continue;
        };
        let after_hash = &text[hash + 1..span.end];
        let Some(rest) = after_hash.trim_start().strip_prefix(MARKER) else {
            continue;
        };
        let Some(list) = rest.trim_start().strip_prefix("ignore[") else {
            continue;
        };
        let list_start = span.end - list.len();
        let close = list.find(']').unwrap_or(list.len());
        let mut at = list_start;
        for part in list[..close].split(',') {
            let lead = part.len() - part.trim_start().len();
            let name = part.trim();
            if !name.is_empty() {
                let start = at + lead;
                found.push((Span::new(start, start + name.len()), name.to_owned()));
            }
            at += part.len() + 1;
        }
    }
    found
}

/// Where a `#` starts a comment on this line: at the start or after
/// whitespace, and not inside a scalar.
fn comment_start(content: &str, line_start: usize, scalars: &[Span]) -> Option<usize> {
    let bytes = content.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'#' || (i > 0 && !bytes[i - 1].is_ascii_whitespace()) {
            continue;
        }
        let at = line_start + i;
        let inside = scalars
            .partition_point(|s| s.start <= at)
            .checked_sub(1)
            .is_some_and(|k| scalars[k].start < at && at < scalars[k].end);
        if !inside {
            return Some(at);
        }
    }
    None
}

/// For each line, the next line after it that holds code (not blank, not
/// only a comment).
fn next_code_lines(source: &Source) -> Vec<Option<usize>> {
    let mut next = vec![None; source.line_count()];
    let mut after = None;
    for line in (0..source.line_count()).rev() {
        next[line] = after;
        let t = source.slice(source.line_span(line)).trim();
        if !t.is_empty() && !t.starts_with('#') {
            after = Some(line);
        }
    }
    next
}

/// Spans of scalars, sorted by start (comments are never inside one).
fn scalar_spans(doc: &Document) -> Vec<Span> {
    let mut spans: Vec<Span> = doc
        .iter()
        .filter(|(_, v)| !matches!(v, Value::Seq(_) | Value::Map(_) | Value::Alias(_)))
        .map(|(span, _)| span)
        .collect();
    spans.sort_unstable();
    spans
}

/// For each 0-based line, the largest list item or `key: value` entry that
/// starts on it. Containers themselves are not candidates: a block list or
/// mapping starts on the line of its first child, and a comment there means
/// that child, not every sibling after it.
fn regions_by_line(source: &Source, doc: &Document) -> HashMap<usize, Span> {
    let mut regions: HashMap<usize, Span> = HashMap::new();
    let mut offer = |span: Span| {
        let line = source.line_index(span.start);
        let slot = regions.entry(line).or_insert(span);
        if span.start <= slot.start && span.end >= slot.end {
            *slot = span;
        }
    };
    for (_, value) in doc.iter() {
        match value {
            Value::Seq(items) => {
                for &item in items {
                    offer(doc.span(item));
                }
            }
            Value::Map(entries) => {
                for e in entries {
                    offer(Span::new(doc.span(e.key).start, doc.span(e.value).end));
                }
            }
            _ => {}
        }
    }
    regions
}
