//! Pictures of a [`Chart`](crate::chart::Chart): Mermaid and DOT graphs of
//! the reporting lines, and the accountability matrix.

mod dot;
mod matrix;
mod mermaid;

pub use dot::dot;
pub use matrix::matrix;
pub use mermaid::mermaid;

use crate::chart::ChartRole;

/// A node's label and its findings counts, shared by both graph languages.
pub(crate) fn label(role: &ChartRole, findings: Option<(usize, usize)>) -> (String, String) {
    let holder = role.holder.clone().unwrap_or_else(|| "vacant".to_owned());
    let counts = match findings {
        Some((e, w)) if e + w > 0 => {
            let mut parts = Vec::new();
            if e > 0 {
                parts.push(format!("{e} error{}", if e == 1 { "" } else { "s" }));
            }
            if w > 0 {
                parts.push(format!("{w} warning{}", if w == 1 { "" } else { "s" }));
            }
            parts.join(", ")
        }
        _ => String::new(),
    };
    (format!("{}: {holder}", role.title), counts)
}
