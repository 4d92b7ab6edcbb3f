//! Formatters: one file per format. Each turns a [`Report`] into text.

pub mod concise;
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
use std::path::{Path, PathBuf};

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
    Concise,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &[
        "human", "concise", "json", "sarif", "github", "markdown", "junit", "gitlab",
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
            "concise" => Format::Concise,
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
            Format::Concise => concise::render(report, summary),
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
    /// How the formats name files (see `Paths`).
    pub paths: Paths,
    /// Paths of the run that could not be checked (exit 2): the summary
    /// never says "no problems" when there are any.
    pub failed_paths: usize,
    /// The lowest severity that fails the run (`--fail-on`): formats that
    /// mark failures (`JUnit`) mark only those.
    pub fail_on: crate::diagnostic::FailOn,
    /// The configuration's custom rules, for the formats that describe
    /// every rule (SARIF).
    pub custom_rules: std::sync::Arc<crate::custom::CustomRules>,
}

/// How each output names a file, from its identity: the path relative to
/// the run's root (or an absolute path for a file outside it). Only path
/// arithmetic; the binary supplies the directories.
#[derive(Clone, Debug, Default)]
pub struct Paths {
    /// The run's root, absolute; empty: names are shown as they are.
    pub root: PathBuf,
    /// The current directory, absolute.
    pub cwd: PathBuf,
    /// `GITHUB_WORKSPACE`, absolute, when set.
    pub workspace: Option<PathBuf>,
}

impl Paths {
    fn absolute(&self, name: &str) -> Option<PathBuf> {
        let path = Path::new(name);
        if path.is_absolute() {
            Some(path.to_path_buf())
        } else if self.root.as_os_str().is_empty() || name.starts_with('<') {
            None
        } else {
            Some(self.root.join(path))
        }
    }

    /// `human` and `concise`: relative to the current directory when the
    /// file is below it (so a terminal can open `file:line:col`), else the
    /// identity.
    #[must_use]
    pub fn for_terminal(&self, name: &str) -> String {
        self.absolute(name)
            .and_then(|abs| abs.strip_prefix(&self.cwd).ok().map(slashed))
            .filter(|rel| !rel.is_empty())
            .unwrap_or_else(|| name.to_owned())
    }

    /// `github`: relative to `GITHUB_WORKSPACE` when set and the file is
    /// below it, else the identity.
    #[must_use]
    pub fn for_github(&self, name: &str) -> String {
        match (&self.workspace, self.absolute(name)) {
            (Some(ws), Some(abs)) => abs
                .strip_prefix(ws)
                .ok()
                .map_or_else(|| name.to_owned(), slashed),
            _ => name.to_owned(),
        }
    }

    /// SARIF: the URI of a file, and whether it is relative to
    /// `%SRCROOT%` (the root).
    #[must_use]
    pub fn for_sarif(&self, name: &str) -> (String, bool) {
        if Path::new(name).is_absolute() {
            (file_uri(name), false)
        } else {
            (percent_encode(name), true)
        }
    }

    /// `originalUriBaseIds.%SRCROOT%.uri`: the root as a directory URI.
    #[must_use]
    pub fn root_uri(&self) -> Option<String> {
        if self.root.as_os_str().is_empty() {
            return None;
        }
        let mut uri = file_uri(&slashed(&self.root));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        Some(uri)
    }
}

/// A path with `/` separators.
fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Percent-encode what a URI path cannot hold.
#[must_use]
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An absolute path as a `file://` URI (`C:/x` becomes `file:///C:/x`).
fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    format!("file://{}", percent_encode(&path))
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
    /// Whether a finding fails the run at `fail_on`.
    #[must_use]
    pub fn fails(&self, d: &crate::diagnostic::Diagnostic) -> bool {
        self.fail_on
            .threshold()
            .is_some_and(|min| d.severity >= min)
    }

    /// Whether any finding fails the run (exit 1).
    #[must_use]
    pub fn failing(&self) -> bool {
        self.units
            .iter()
            .flat_map(|u| &u.diagnostics)
            .any(|d| self.fails(d))
    }

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
    let found = if parts.is_empty() && report.failed_paths > 0 {
        "no findings".to_owned()
    } else {
        found
    };
    let mut line = format!("{found} in {}", plural(files, "file"));
    if report.suppressed() > 0 {
        line.push_str(&format!(" ({} suppressed)", report.suppressed()));
    }
    if report.failed_paths > 0 {
        line.push_str(&format!(
            "; {} could not be checked",
            plural(report.failed_paths, "path")
        ));
    }
    line
}
