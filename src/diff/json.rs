//! `diff -f json`: stable and versioned (`pr-review.md`).

use super::Review;
use serde_json::{Value, json};

/// Render the review as pretty-printed JSON.
#[must_use]
pub fn render(review: &Review) -> String {
    let one = review.organisations.len() == 1;
    let mut changes = Vec::new();
    for org in &review.organisations {
        for change in org.changes.iter().flatten() {
            let mut value = serde_json::to_value(change).unwrap_or_default();
            if !one {
                value["file"] = json!(org.file);
            }
            changes.push(value);
        }
    }
    let stats = |pick: fn(&super::Organisation) -> Option<&super::Stats>| -> Value {
        match review.organisations.as_slice() {
            [org] => pick(org).map_or(Value::Null, |s| json!(s)),
            _ => Value::Null,
        }
    };
    let organisations: Vec<Value> = review
        .organisations
        .iter()
        .map(|o| {
            json!({
                "file": o.file,
                "known_at_base": o.changes.is_some(),
                "created": o.created,
                "stats": {"before": o.before, "after": o.after},
            })
        })
        .collect();
    let value = json!({
        "version": 1,
        "base": {"rev": review.rev, "commit": review.commit},
        "changes": changes,
        "findings": {
            "new": crate::output::json::diagnostics(&review.new),
            "fixed": crate::output::json::diagnostics(&review.fixed),
            "unchanged": review.unchanged,
        },
        "stats": {"before": stats(|o| o.before.as_ref()), "after": stats(|o| o.after.as_ref())},
        "organisations": organisations,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
