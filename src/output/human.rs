//! `human`: rich diagnostics rendered by miette (miette is only the
//! renderer; the data is our own [`crate::diagnostic::Diagnostic`]).

use super::sanitize::{Sanitized, escape};
use super::{Entry, Report, summary_line};
use crate::diagnostic::{Loc, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::collections::HashMap;
use std::fmt;

/// Render every diagnostic, then (unless `summary` is false) the summary line.
#[must_use]
pub fn render(report: &Report, color: bool, summary: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_urls(false)
        .with_width(120)
        .with_wrap_lines(false);
    let mut cache: HashMap<(usize, u32), (NamedSource<String>, Sanitized)> = HashMap::new();
    let mut out = String::new();
    for entry in report.entries() {
        let rendered = Rendered::new(&entry, &mut cache);
        let _ = handler.render_report(&mut out, &rendered);
        out.push('\n');
    }
    if summary {
        out.push_str(&summary_line(report));
        out.push('\n');
    }
    out
}

/// One diagnostic in miette's terms. Labels in other files than the
/// primary location become related notes with their own snippet.
#[derive(Debug)]
struct Rendered {
    code: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl Rendered {
    fn new(
        entry: &Entry<'_>,
        cache: &mut HashMap<(usize, u32), (NamedSource<String>, Sanitized)>,
    ) -> Self {
        let d = entry.diagnostic;
        let key = (entry.sources.as_ptr() as usize, d.primary.file.0);
        let mut span_of = |loc: Loc| -> (NamedSource<String>, SourceSpan) {
            let key = (key.0, loc.file.0);
            let (named, sanitized) = cache.entry(key).or_insert_with(|| {
                let source = entry.source(loc);
                let sanitized = Sanitized::new(source.text());
                let named = NamedSource::new(escape(source.name()), sanitized.text.clone());
                (named, sanitized)
            });
            let start = sanitized.map(loc.span.start);
            let end = sanitized.map(loc.span.end).max(start);
            (named.clone(), SourceSpan::new(start.into(), end - start))
        };
        let (source, primary) = span_of(d.primary);
        let mut labels = vec![LabeledSpan::new_primary_with_span(None, primary)];
        let mut related = Vec::new();
        for label in &d.labels {
            let (label_source, span) = span_of(label.loc);
            if label.loc.file == d.primary.file {
                labels.push(LabeledSpan::new_with_span(
                    Some(escape(&label.message)),
                    span,
                ));
            } else {
                related.push(Rendered {
                    code: d.rule,
                    severity: Severity::Info,
                    message: escape(&label.message),
                    help: None,
                    source: label_source,
                    labels: vec![LabeledSpan::new_primary_with_span(None, span)],
                    related: Vec::new(),
                });
            }
        }
        Rendered {
            code: d.rule,
            severity: d.severity,
            message: escape(&d.message),
            help: d.help.as_deref().map(escape),
            source,
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
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

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
