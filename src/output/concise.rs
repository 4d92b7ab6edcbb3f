//! `concise`: one finding per line, `PATH:LINE:COL: SEVERITY[RULE] MESSAGE`,
//! for editors' problem matchers, vim's quickfix list and grep. Paths are
//! relative to the current directory, as in `human`.

use super::{Report, summary_line};
use crate::escape::terminal as escape;

#[must_use]
pub fn render(report: &Report, summary: bool) -> String {
    let mut out = String::new();
    for entry in report.entries() {
        let d = entry.diagnostic;
        let (start, _) = entry.range(d.primary);
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            escape(&report.paths.for_terminal(entry.file())),
            start.line,
            start.column,
            d.severity,
            d.rule,
            escape(&d.message)
        ));
    }
    if summary {
        out.push_str(&summary_line(report));
        out.push('\n');
    }
    out
}
