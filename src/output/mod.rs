//! Formatters: one file per format. Each turns a [`Report`] into text.

mod excerpt;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Loc};
use crate::source::{Position, Source};
use crate::{Checked, Counts};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Markdown,
    Junit,
    Gitlab,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &[
        "human", "json", "sarif", "github", "markdown", "junit", "gitlab",
    ];

    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "human" => Format::Human,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            "markdown" => Format::Markdown,
            "junit" => Format::Junit,
            "gitlab" => Format::Gitlab,
            _ => return None,
        })
    }

    /// Render a report. `color` and `summary` apply to `human` only.
    #[must_use]
    pub fn render(self, report: &Report, color: bool, summary: bool) -> String {
        match self {
            Format::Human => human::render(report, color, summary),
            Format::Json => json::render(report),
            Format::Sarif => sarif::render(report),
            Format::Github => github::render(report),
            Format::Markdown => markdown::render(report),
            Format::Junit => junit::render(report),
            Format::Gitlab => gitlab::render(report),
        }
    }
}

/// A fingerprint of a finding that survives edits elsewhere in the file:
/// file, rule and the ids involved (or, for findings without ids, the
/// message and the text under the primary location), never line numbers.
#[must_use]
pub fn fingerprint(entry: &Finding<'_>) -> String {
    let d = entry.diagnostic;
    let mut hasher = Fnv64::default();
    hasher.write(entry.file());
    hasher.write(d.rule);
    if d.ids.is_empty() {
        hasher.write(&d.message);
        hasher.write(entry.source(d.primary).slice(d.primary.span).trim());
    } else {
        for id in &d.ids {
            hasher.write(id);
        }
    }
    format!("{:016x}", hasher.0)
}

/// Every entry with a unique fingerprint: [`fingerprint`] plus `:N` for the
/// Nth finding that shares it (SARIF and GitLab need them unique).
#[must_use]
pub fn fingerprinted(report: &Report) -> Vec<(Finding<'_>, String)> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    report
        .entries()
        .into_iter()
        .map(|entry| {
            let base = fingerprint(&entry);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let unique = format!("{base}:{n}");
            (entry, unique)
        })
        .collect()
}

/// FNV-1a, 64 bits: small, stable across platforms and releases.
struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    fn write(&mut self, text: &str) {
        for b in text.bytes().chain(std::iter::once(0xff)) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Everything one run found, over all checked files.
#[derive(Debug, Default)]
pub struct Report {
    pub units: Vec<Checked>,
}

/// One diagnostic with the sources its locations point into.
#[derive(Clone, Copy)]
pub struct Finding<'a> {
    pub diagnostic: &'a Diagnostic,
    pub sources: &'a [Source],
}

impl<'a> Finding<'a> {
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
    pub fn entries(&self) -> Vec<Finding<'_>> {
        let mut entries: Vec<Finding<'_>> = self
            .units
            .iter()
            .flat_map(|u| {
                u.diagnostics.iter().map(|d| Finding {
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
