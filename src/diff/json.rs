//! `diff -f json`: stable and versioned (docs/review.md). Serialized
//! straight from the review, without an intermediate JSON tree.

use super::{Change, Review, Stats};
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a, D: Serialize> {
    version: u32,
    base: Base<'a>,
    changes: Vec<Located<'a>>,
    findings: Findings<D>,
    stats: BeforeAfter<'a>,
    organisations: Vec<Organisation<'a>>,
}

#[derive(Serialize)]
struct Base<'a> {
    rev: &'a str,
    commit: &'a str,
}

/// A change, with its organisation's file when there are several.
#[derive(Serialize)]
struct Located<'a> {
    #[serde(flatten)]
    change: &'a Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
}

/// `D`: the `json` format's diagnostic object.
#[derive(Serialize)]
struct Findings<D: Serialize> {
    new: Vec<D>,
    fixed: Vec<D>,
    /// Findings of the base that the change hides with a suppression.
    suppressed: Vec<D>,
    unchanged: usize,
}

#[derive(Serialize)]
struct BeforeAfter<'a> {
    before: Option<&'a Stats>,
    after: Option<&'a Stats>,
}

#[derive(Serialize)]
struct Organisation<'a> {
    file: &'a str,
    known_at_base: bool,
    created: bool,
    stats: BeforeAfter<'a>,
}

/// Render the review as pretty-printed JSON.
#[must_use]
pub fn render(review: &Review) -> String {
    let one = review.organisations.len() == 1;
    let changes = review
        .organisations
        .iter()
        .flat_map(|org| {
            org.changes.iter().flatten().map(move |change| Located {
                change,
                file: (!one).then_some(org.file.as_str()),
            })
        })
        .collect();
    let (before, after) = match review.organisations.as_slice() {
        [org] => (org.before.as_ref(), org.after.as_ref()),
        _ => (None, None),
    };
    let output = Output {
        version: 1,
        base: Base {
            rev: &review.rev,
            commit: &review.commit,
        },
        changes,
        findings: Findings {
            new: crate::output::json::objects(&review.new),
            fixed: crate::output::json::objects(&review.fixed),
            suppressed: crate::output::json::objects(&review.suppressed),
            unchanged: review.unchanged,
        },
        stats: BeforeAfter { before, after },
        organisations: review
            .organisations
            .iter()
            .map(|o| Organisation {
                file: &o.file,
                known_at_base: o.changes.is_some(),
                created: o.created,
                stats: BeforeAfter {
                    before: o.before.as_ref(),
                    after: o.after.as_ref(),
                },
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}
