//! Fixes: text edits on the source, never a re-serialised
//! document, so every byte outside an edit stays as it was. The engine the
//! CLI (`--fix`, `--diff`) and the language server share.

use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId};
use crate::source::{Source, Span};

/// A scalar's replacement in the quoting style it was written in.
#[must_use]
pub fn requote(written: &str, value: &str) -> String {
    match written.as_bytes().first() {
        Some(b'"') => serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\"")),
        Some(b'\'') => format!("'{}'", value.replace('\'', "''")),
        _ => value.to_owned(),
    }
}

/// An edit that replaces the scalar at `span` of `source` with `value`,
/// keeping its quotes.
#[must_use]
pub fn replace_scalar(source: &Source, file: FileId, span: Span, value: &str) -> Edit {
    Edit {
        file,
        span,
        content: requote(source.slice(span), value),
    }
}

/// The fixes to apply in one round, for one file: those allowed by
/// `unsafe_fixes`, whose edits all lie in `file`, in order of position, an
/// edit overlapping one already taken left for the next round. Returns the
/// chosen diagnostics' indexes.
#[must_use]
pub fn choose(diagnostics: &[Diagnostic], file: FileId, unsafe_fixes: bool) -> Vec<usize> {
    let mut candidates: Vec<(usize, Span)> = diagnostics
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let fix = d.fix.as_ref()?;
            if fix.applicability == Applicability::Unsafe && !unsafe_fixes {
                return None;
            }
            if fix.edits.is_empty() || fix.edits.iter().any(|e| e.file != file) {
                return None;
            }
            let start = fix.edits.iter().map(|e| e.span.start).min()?;
            let end = fix.edits.iter().map(|e| e.span.end).max()?;
            Some((i, Span::new(start, end)))
        })
        .collect();
    candidates.sort_by_key(|(i, span)| (span.start, span.end, *i));
    let mut taken: Vec<Span> = Vec::new();
    let mut chosen = Vec::new();
    for (i, span) in candidates {
        let overlaps = taken
            .iter()
            .any(|t| span.start < t.end && t.start < span.end || (span == *t));
        if overlaps {
            continue;
        }
        taken.push(span);
        chosen.push(i);
    }
    chosen
}

/// Apply edits (all in one file, none overlapping) to `text`.
#[must_use]
pub fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        let start = e.span.start.clamp(at, text.len());
        let end = e.span.end.clamp(start, text.len());
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&e.content);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// A unified diff of `old` to `new` (`---`/`+++` named `name`), in hunks
/// with three lines of context; empty when they are equal.
#[must_use]
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    // Changed regions: walk both with a common prefix and suffix per hunk,
    // using a line-level LCS on the differing middle when it is small.
    let mut prefix = 0;
    while prefix < a.len() && prefix < b.len() && a[prefix] == b[prefix] {
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < a.len() - prefix
        && suffix < b.len() - prefix
        && a[a.len() - 1 - suffix] == b[b.len() - 1 - suffix]
    {
        suffix += 1;
    }
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    // Operations over the middle: ' ' keep, '-' delete, '+' insert.
    let ops = if am.len() * bm.len() <= 4_000_000 {
        lcs_ops(am, bm)
    } else {
        let mut ops: Vec<(char, &str)> = am.iter().map(|l| ('-', *l)).collect();
        ops.extend(bm.iter().map(|l| ('+', *l)));
        ops
    };
    let mut all: Vec<(char, &str)> = a[..prefix].iter().map(|l| (' ', *l)).collect();
    all.extend(ops);
    all.extend(a[a.len() - suffix..].iter().map(|l| (' ', *l)));
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    let changed: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, (op, _))| *op != ' ')
        .map(|(i, _)| i)
        .collect();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(3);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 7 {
            end = changed[k];
            k += 1;
        }
        let end = (end + 4).min(all.len());
        let old_start = all[..start].iter().filter(|(op, _)| *op != '+').count();
        let new_start = all[..start].iter().filter(|(op, _)| *op != '-').count();
        let old_len = all[start..end].iter().filter(|(op, _)| *op != '+').count();
        let new_len = all[start..end].iter().filter(|(op, _)| *op != '-').count();
        out.push_str(&format!(
            "@@ -{},{old_len} +{},{new_len} @@\n",
            old_start + usize::from(old_len > 0),
            new_start + usize::from(new_len > 0)
        ));
        for (op, line) in &all[start..end] {
            out.push(*op);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// Keep, delete and insert operations of a longest common subsequence.
fn lcs_ops<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(char, &'a str)> {
    let (rows, cols) = (old.len(), new.len());
    let mut table = vec![0u32; (rows + 1) * (cols + 1)];
    for i in (0..rows).rev() {
        for j in (0..cols).rev() {
            table[i * (cols + 1) + j] = if old[i] == new[j] {
                table[(i + 1) * (cols + 1) + j + 1] + 1
            } else {
                table[(i + 1) * (cols + 1) + j].max(table[i * (cols + 1) + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::new();
    while i < rows || j < cols {
        if i < rows && j < cols && old[i] == new[j] {
            ops.push((' ', old[i]));
            i += 1;
            j += 1;
        } else if i < rows
            && (j == cols || table[(i + 1) * (cols + 1) + j] >= table[i * (cols + 1) + j + 1])
        {
            ops.push(('-', old[i]));
            i += 1;
        } else {
            ops.push(('+', new[j]));
            j += 1;
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requote_keeps_the_style() {
        assert_eq!(requote("'ceoo'", "ceo"), "'ceo'");
        assert_eq!(requote("\"ceoo\"", "ceo"), "\"ceo\"");
        assert_eq!(requote("ceoo", "ceo"), "ceo");
    }

    #[test]
    fn apply_keeps_every_other_byte() {
        let text = "a: 1\r\n# comment\r\nsucces: [x]\r\n";
        let at = text.find("succes").unwrap();
        let edit = Edit {
            file: FileId(0),
            span: Span::new(at, at + 6),
            content: "success".into(),
        };
        assert_eq!(
            apply(text, &[&edit]),
            "a: 1\r\n# comment\r\nsuccess: [x]\r\n"
        );
    }

    #[test]
    fn diff_has_hunks_with_context() {
        let old: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 3\n", "line three\n")
            .replace("line 25\n", "");
        let d = unified_diff("roles.yaml", &old, &new);
        assert!(
            d.starts_with("--- a/roles.yaml\n+++ b/roles.yaml\n@@ -1,7 +1,7 @@\n"),
            "{d}"
        );
        assert!(d.contains("-line 3\n+line three\n"));
        assert!(d.contains("@@ -23,7 +23,6 @@\n"), "{d}");
        assert_eq!(unified_diff("x", "same\n", "same\n"), "");
    }
}
