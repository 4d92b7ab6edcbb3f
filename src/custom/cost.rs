//! The bound on what evaluating a custom rule can cost, computed before
//! it runs. CEL has no loops: only comprehensions repeat, each over a list
//! whose longest length in the organisation is known, and string and list
//! operations copy at most the longest string or list there is. So the
//! worst case of an expression on an organisation is a number, and a rule
//! whose number is over the limit is reported instead of run.

use super::typecheck::Range;
use cel::IdedExpr;
use cel::common::ast::{EntryExpr, Expr, operators};
use std::collections::HashMap;

/// Most steps one subject's evaluation may take (this also bounds the
/// memory it can use: every value it makes costs a step per 32 bytes).
pub const SUBJECT_LIMIT: u64 = 2_000_000;
/// Most steps all custom rules together may take in one check.
pub const CHECK_LIMIT: u64 = 200_000_000;

/// What the organisation checked allows lists and strings to be.
pub struct Sizes<'a> {
    /// The longest a list from `range` can be.
    pub range: &'a dyn Fn(Range) -> u64,
    /// Steps to copy or scan the longest string or list of the
    /// organisation.
    pub bulk: u64,
}

/// Functions whose cost grows with the strings or lists they are given.
fn is_bulk(name: &str) -> bool {
    matches!(
        name,
        operators::ADD
            | operators::EQUALS
            | operators::NOT_EQUALS
            | operators::IN
            | operators::LESS
            | operators::LESS_EQUALS
            | operators::GREATER
            | operators::GREATER_EQUALS
            | "contains"
            | "startsWith"
            | "endsWith"
            | "lowerAscii"
            | "upperAscii"
            | "trim"
            | "indexOf"
            | "lastIndexOf"
            | "substring"
            | "replace"
            | "split"
            | "join"
            | "string"
            | "charAt"
            | "size"
    )
}

/// The most steps evaluating `e` can take.
#[must_use]
pub fn bound<S: std::hash::BuildHasher>(
    e: &IdedExpr,
    ranges: &HashMap<u64, Range, S>,
    sizes: &Sizes<'_>,
) -> u64 {
    match &e.expr {
        Expr::Literal(_) | Expr::Ident(_) | Expr::Unspecified | Expr::Struct(_) => 1,
        Expr::Select(select) => 1u64.saturating_add(bound(&select.operand, ranges, sizes)),
        Expr::Call(call) => {
            let own = if is_bulk(&call.func_name) {
                sizes.bulk
            } else {
                1
            };
            call.target
                .iter()
                .map(|t| &**t)
                .chain(call.args.iter())
                .fold(own, |sum, a| sum.saturating_add(bound(a, ranges, sizes)))
        }
        Expr::List(list) => list
            .elements
            .iter()
            .fold(1, |sum, a| sum.saturating_add(bound(a, ranges, sizes))),
        Expr::Map(map) => map.entries.iter().fold(1, |sum, entry| match &entry.expr {
            EntryExpr::MapEntry(m) => sum
                .saturating_add(bound(&m.key, ranges, sizes))
                .saturating_add(bound(&m.value, ranges, sizes)),
            EntryExpr::StructField(f) => sum.saturating_add(bound(&f.value, ranges, sizes)),
        }),
        Expr::Comprehension(c) => {
            let n = (sizes.range)(ranges.get(&e.id).copied().unwrap_or(Range::Unknown));
            let each = bound(&c.loop_cond, ranges, sizes)
                .saturating_add(bound(&c.loop_step, ranges, sizes))
                .saturating_add(1);
            bound(&c.iter_range, ranges, sizes)
                .saturating_add(bound(&c.accu_init, ranges, sizes))
                .saturating_add(n.saturating_mul(each))
                .saturating_add(bound(&c.result, ranges, sizes))
        }
    }
}
