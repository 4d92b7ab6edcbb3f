//! Formatters: one file per format. Each turns a [`Report`] into text.

pub mod human;
pub mod json;
pub mod sanitize;

use crate::diagnostic::{Diagnostic, Loc};
use crate::source::{Position, Source};
use crate::{Checked, Counts};

/// Everything one run found, over all checked files.
#[derive(Debug, Default)]
pub struct Report {
    pub units: Vec<Checked>,
}

/// One diagnostic with the sources its locations point into.
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    pub diagnostic: &'a Diagnostic,
    pub sources: &'a [Source],
}

impl<'a> Entry<'a> {
    #[must_use]
    pub fn source(&self, loc: Loc) -> &'a Source {
        &self.sources[loc.file.0 as usize]
    }

    #[must_use]
    pub fn file(&self) -> &'a str {
        self.source(self.diagnostic.primary).name()
    }

    /// Start and end positions of a location.
    #[must_use]
    pub fn range(&self, loc: Loc) -> (Position, Position) {
        let source = self.source(loc);
        (
            source.position(loc.span.start),
            source.position(loc.span.end),
        )
    }
}

impl Report {
    /// Every diagnostic, sorted by file, line, column and rule.
    #[must_use]
    pub fn entries(&self) -> Vec<Entry<'_>> {
        let mut entries: Vec<Entry<'_>> = self
            .units
            .iter()
            .flat_map(|u| {
                u.diagnostics.iter().map(|d| Entry {
                    diagnostic: d,
                    sources: &u.sources,
                })
            })
            .collect();
        entries.sort_by(|a, b| {
            a.file()
                .cmp(b.file())
                .then(
                    a.diagnostic
                        .primary
                        .span
                        .start
                        .cmp(&b.diagnostic.primary.span.start),
                )
                .then(a.diagnostic.rule.cmp(b.diagnostic.rule))
                .then(a.diagnostic.message.cmp(&b.diagnostic.message))
        });
        entries
    }

    #[must_use]
    pub fn counts(&self) -> Counts {
        Counts::of(self.units.iter().flat_map(|u| &u.diagnostics))
    }

    /// Number of files checked (a root and its fragments count each).
    #[must_use]
    pub fn files(&self) -> usize {
        self.units.iter().map(|u| u.sources.len()).sum()
    }

    #[must_use]
    pub fn suppressed(&self) -> usize {
        self.units.iter().map(|u| u.suppressed).sum()
    }
}

/// `2 errors, 1 warning in 3 files`.
#[must_use]
pub fn summary_line(report: &Report) -> String {
    let c = report.counts();
    let files = report.files();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut parts = Vec::new();
    if c.errors > 0 {
        parts.push(plural(c.errors, "error"));
    }
    if c.warnings > 0 {
        parts.push(plural(c.warnings, "warning"));
    }
    if c.infos > 0 {
        parts.push(plural(c.infos, "info"));
    }
    let found = if parts.is_empty() {
        "no problems".to_owned()
    } else {
        parts.join(", ")
    };
    let mut line = format!("{found} in {}", plural(files, "file"));
    if report.suppressed() > 0 {
        line.push_str(&format!(" ({} suppressed)", report.suppressed()));
    }
    line
}
