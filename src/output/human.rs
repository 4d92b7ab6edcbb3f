//! `human`: rich diagnostics rendered by miette (miette is only the
//! renderer; the data is our own [`crate::diagnostic::Diagnostic`]).

use super::excerpt::Excerpt;
use super::{Finding, Report, summary_line};
use crate::diagnostic::{Applicability, Label, Severity};
use crate::escape::terminal as escape;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use std::fmt;

/// Most labels drawn under one diagnostic.
const MAX_LABELS: usize = 12;

/// Render every diagnostic, then (unless `summary` is false) the summary line.
#[must_use]
pub fn render(report: &Report, color: bool, summary: bool) -> String {
    let mut theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // The first line says `error[rule]: message`, as rustc does: readable
    // and greppable without a glyph to decode.
    for glyph in [
        &mut theme.characters.error,
        &mut theme.characters.warning,
        &mut theme.characters.advice,
    ] {
        glyph.clear();
    }
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_urls(false)
        .with_width(120)
        .with_wrap_lines(false);
    let mut out = String::new();
    for entry in report.entries() {
        let rendered = Rendered::new(&entry, &report.paths);
        let mut one = String::new();
        let _ = handler.render_report(&mut one, &rendered);
        // miette indents the first line; ours starts at the margin.
        out.push_str(one.trim_start_matches(' '));
        out.push('\n');
    }
    if summary {
        out.push_str(&summary_line(report));
        let fixes = report
            .units
            .iter()
            .flat_map(|u| &u.diagnostics)
            .filter_map(|d| d.fix.as_ref());
        let (safe, guessed) = fixes.fold((0, 0), |(s, u), f| match f.applicability {
            Applicability::Safe => (s + 1, u),
            Applicability::Unsafe => (s, u + 1),
        });
        match (safe, guessed) {
            (0, 0) => {}
            (s, 0) => out.push_str(&format!("; {s} fixable with --fix")),
            (0, u) => out.push_str(&format!("; {u} fixable with --fix --unsafe-fixes")),
            (s, u) => out.push_str(&format!(
                "; {s} fixable with --fix ({u} more with --unsafe-fixes)"
            )),
        }
        out.push('\n');
    }
    out
}

/// One diagnostic in miette's terms. Labels in other files than the
/// primary location become related notes with their own snippet.
#[derive(Debug)]
struct Rendered {
    severity: Severity,
    message: String,
    help: Option<String>,
    source: Excerpt,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl Rendered {
    fn new(entry: &Finding<'_>, paths: &super::Paths) -> Self {
        let d = entry.diagnostic;
        let shown: Vec<_> = d.labels.iter().take(MAX_LABELS).collect();
        let source = entry.source(d.primary);
        // The excerpt starts at the finding's own lines: a label on lines
        // before them is shown as a note after it, so the header names
        // the finding's location, not the label's.
        let primary_line = source.line_index(d.primary.span.start);
        let before_primary = |l: &&&Label| {
            l.loc.file == d.primary.file && source.line_index(l.loc.span.start) + 2 < primary_line
        };
        let here: Vec<_> = shown
            .iter()
            .filter(|l| l.loc.file == d.primary.file && !before_primary(l))
            .collect();
        let spans: Vec<_> = std::iter::once(d.primary.span)
            .chain(here.iter().map(|l| l.loc.span))
            .collect();
        let (excerpt, mapped) =
            Excerpt::new(&escape(&paths.for_terminal(source.name())), source, &spans);
        let mut labels = vec![LabeledSpan::new_primary_with_span(None, mapped[0])];
        for (label, span) in here.iter().zip(&mapped[1..]) {
            labels.push(LabeledSpan::new_with_span(
                Some(escape(&label.message)),
                *span,
            ));
        }
        let related = shown
            .iter()
            .filter(|l| l.loc.file != d.primary.file || before_primary(l))
            .map(|label| {
                let source = entry.source(label.loc);
                let (excerpt, mapped) = Excerpt::new(
                    &escape(&paths.for_terminal(source.name())),
                    source,
                    &[label.loc.span],
                );
                Rendered {
                    severity: Severity::Info,
                    message: format!("note: {}", escape(&label.message)),
                    help: None,
                    source: excerpt,
                    labels: vec![LabeledSpan::new_primary_with_span(None, mapped[0])],
                    related: Vec::new(),
                }
            })
            .collect();
        let in_files = d.labels.len().saturating_sub(MAX_LABELS);
        let more = match (in_files, d.labels_omitted) {
            (0, 0) => None,
            (n, 0) => Some(format!(
                "({n} more related locations are in the json and sarif output)"
            )),
            (n, omitted) => Some(format!(
                "({} more related locations; the json and sarif output list {n} of them)",
                n + omitted
            )),
        };
        let fix = d.fix.as_ref().map(|f| match f.applicability {
            Applicability::Safe => format!("fix available with --fix: {}", escape(&f.message)),
            Applicability::Unsafe => format!(
                "unsafe fix available with --fix --unsafe-fixes: {}",
                escape(&f.message)
            ),
        });
        let help = [d.help.as_deref().map(escape), more, fix]
            .into_iter()
            .flatten()
            .reduce(|a, b| format!("{a}\n{b}"));
        Rendered {
            severity: d.severity,
            message: format!("{}[{}]: {}", d.severity, d.rule, escape(&d.message)),
            help,
            source: excerpt,
            labels,
            related,
        }
    }
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}
