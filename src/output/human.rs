//! `human`: rich diagnostics rendered by miette (miette is only the
//! renderer; the data is our own [`crate::diagnostic::Diagnostic`]).

use super::sanitize::Sanitized;
use super::{Finding, Report, summary_line};
use crate::diagnostic::{Loc, Severity};
use crate::escape::terminal as escape;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// A file's (sanitized) text with a line index, so that miette reads only
/// the lines around a span instead of scanning the file from its start for
/// every finding.
#[derive(Clone, Debug)]
struct Snippet {
    name: Arc<str>,
    text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl Snippet {
    fn new(name: &str, text: Arc<str>) -> Self {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Self {
            name: name.into(),
            text,
            line_starts: line_starts.into(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let last_line = self.line_starts.len() - 1;
        let first = self
            .line_of(span.offset())
            .saturating_sub(context_lines_before + 1);
        let last =
            (self.line_of(span.offset() + span.len()) + context_lines_after + 1).min(last_line);
        let start = self.line_starts[first];
        let end = self
            .line_starts
            .get(last + 1)
            .copied()
            .unwrap_or(self.text.len());
        let window = &self.text.as_bytes()[start..end];
        let local = SourceSpan::new(span.offset().saturating_sub(start).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            SourceSpan::new(
                (contents.span().offset() + start).into(),
                contents.span().len(),
            ),
            contents.line() + first,
            contents.column(),
            contents.line_count() + first,
        )))
    }
}

/// Most labels drawn under one diagnostic.
const MAX_LABELS: usize = 12;

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
    let mut cache: HashMap<(usize, u32), (Snippet, Sanitized)> = HashMap::new();
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
    source: Snippet,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl Rendered {
    fn new(entry: &Finding<'_>, cache: &mut HashMap<(usize, u32), (Snippet, Sanitized)>) -> Self {
        let d = entry.diagnostic;
        let key = (entry.sources.as_ptr() as usize, d.primary.file.0);
        let mut span_of = |loc: Loc| -> (Snippet, SourceSpan) {
            let key = (key.0, loc.file.0);
            let (named, sanitized) = cache.entry(key).or_insert_with(|| {
                let source = entry.source(loc);
                let sanitized = Sanitized::new(&source.shared_text());
                let snippet = Snippet::new(
                    &escape(source.name()),
                    std::sync::Arc::clone(&sanitized.text),
                );
                (snippet, sanitized)
            });
            let start = sanitized.map(loc.span.start);
            let end = sanitized.map(loc.span.end).max(start);
            (named.clone(), SourceSpan::new(start.into(), end - start))
        };
        let (source, primary) = span_of(d.primary);
        let mut labels = vec![LabeledSpan::new_primary_with_span(None, primary)];
        let mut related = Vec::new();
        // miette's layout cost grows with the square of the labels, and a
        // snippet with hundreds of them is unreadable anyway.
        for label in d.labels.iter().take(MAX_LABELS) {
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
        let hidden = d.labels.len().saturating_sub(MAX_LABELS);
        let help = match (d.help.as_deref().map(escape), hidden) {
            (help, 0) => help,
            (Some(help), n) => Some(format!(
                "{help}\n({n} more related locations are in the json and sarif output)"
            )),
            (None, n) => Some(format!(
                "({n} more related locations are in the json and sarif output)"
            )),
        };
        Rendered {
            code: d.rule,
            severity: d.severity,
            message: escape(&d.message),
            help,
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
