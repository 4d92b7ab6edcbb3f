//! `json`: the stable, versioned machine format described in the README.

use super::{Finding, Report};
use crate::diagnostic::Loc;
use crate::source::Position;
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSpan {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    span: JsonSpan,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: &'a str,
    start: Position,
    end: Position,
    content: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    file: &'a str,
    span: JsonSpan,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
}

fn span(entry: &Finding<'_>, loc: Loc) -> JsonSpan {
    let (start, end) = entry.range(loc);
    JsonSpan { start, end }
}

/// The report's diagnostics as the `json` format's objects (for `diff`).
pub(crate) fn objects(report: &Report) -> Vec<impl Serialize + '_> {
    diagnostics(report)
}

fn diagnostics(report: &Report) -> Vec<JsonDiagnostic<'_>> {
    report
        .entries()
        .iter()
        .map(|e| {
            let d = e.diagnostic;
            JsonDiagnostic {
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                file: e.file(),
                span: span(e, d.primary),
                labels: d
                    .labels
                    .iter()
                    .map(|l| JsonLabel {
                        message: &l.message,
                        file: e.source(l.loc).name(),
                        span: span(e, l.loc),
                    })
                    .collect(),
                help: d.help.as_deref(),
                fix: d.fix.as_ref().map(|f| JsonFix {
                    applicability: f.applicability.as_str(),
                    message: &f.message,
                    edits: f
                        .edits
                        .iter()
                        .map(|edit| {
                            let loc = Loc::new(edit.file, edit.span);
                            let (start, end) = e.range(loc);
                            JsonEdit {
                                file: e.source(loc).name(),
                                start,
                                end,
                                content: &edit.content,
                            }
                        })
                        .collect(),
                }),
            }
        })
        .collect()
}

/// Render the report as pretty-printed JSON.
#[must_use]
pub fn render(report: &Report) -> String {
    let diagnostics = diagnostics(report);
    let counts = report.counts();
    let output = Output {
        version: 1,
        tool: Tool {
            name: "rolelint",
            version: env!("CARGO_PKG_VERSION"),
        },
        diagnostics,
        summary: Summary {
            files: report.files(),
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            suppressed: report.suppressed(),
        },
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}
