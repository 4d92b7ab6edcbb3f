//! The project's own diagnostic: data, never printed here.

use crate::source::Span;
use std::fmt;

/// The code of findings about YAML itself (always on).
pub const SYNTAX: &str = "syntax";
/// The code of findings against the roles schema (always on).
pub const SCHEMA: &str = "schema";
/// The code of errors in `.rolelint.yaml` (always on; exit 2).
pub const CONFIG: &str = "config";
/// The code of findings about inline suppressions.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// Identifies a loaded file inside one run (an index into the run's sources).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A span inside a particular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

impl Loc {
    #[must_use]
    pub fn new(file: FileId, span: Span) -> Self {
        Self { file, span }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A configured rule level: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    /// Every level, as written in configuration and `--rule`.
    pub const NAMES: [&'static str; 4] = ["error", "warning", "info", "off"];

    #[must_use]
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "off" => Level::Off,
            "info" => Level::Info,
            "warning" => Level::Warning,
            "error" => Level::Error,
            _ => return None,
        })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The lowest severity that makes `check` exit 1, or never.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub const NAMES: [&'static str; 4] = ["error", "warning", "info", "never"];

    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "error" => FailOn::Error,
            "warning" => FailOn::Warning,
            "info" => FailOn::Info,
            "never" => FailOn::Never,
            _ => return None,
        })
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }

    /// The lowest severity that fails the run, if any does.
    #[must_use]
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// A secondary location shown with a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub loc: Loc,
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub primary: Loc,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The ids (role, person, area) the finding is about; baselines key on them.
    pub ids: Vec<String>,
    /// Labels left out beyond [`MAX_LABELS`].
    pub labels_omitted: usize,
    /// For a finding about no id: the JSON pointer of the node it is on,
    /// its identity across revisions (`check --new-from-rev`, `diff`).
    pub node: Option<String>,
    /// The edit that resolves the finding, when one can be made safely or
    /// guessed (docs/fixing.md).
    pub fix: Option<Fix>,
}

/// Whether a fix may be applied without asking (`--fix`), or only with
/// `--unsafe-fixes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Keeps the author's intent; changes nothing another rule sees.
    Safe,
    /// Probably right, but a guess: it could change meaning.
    Unsafe,
}

impl Applicability {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes of `span` in `file` with `content`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub content: String,
}

/// Text edits that resolve a finding, made on the source text: every byte
/// outside them stays as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, e.g. "rename `succes_metrics` to `success_metrics`".
    pub message: String,
    pub edits: Vec<Edit>,
}

/// Most secondary locations a diagnostic keeps: enough for any reader (and
/// under GitHub's limit of 1,000 related locations per SARIF result), while
/// a rule about 100,000 roles stays a small finding.
pub const MAX_LABELS: usize = 100;

impl Diagnostic {
    /// The message with its help on a line of its own (`message\nhelp:
    /// help`), for formats that show line breaks: GitHub annotations, SARIF.
    #[must_use]
    pub fn message_lines(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\nhelp: {help}", self.message),
            None => self.message.clone(),
        }
    }

    /// The message with its help on one line (`message (help: help)`), for
    /// one-line formats: `JUnit`, `GitLab`.
    #[must_use]
    pub fn message_line(&self) -> String {
        match &self.help {
            Some(help) => format!("{} (help: {help})", self.message),
            None => self.message.clone(),
        }
    }

    #[must_use]
    pub fn new(rule: &'static str, message: impl Into<String>, primary: Loc) -> Self {
        Self {
            rule,
            severity: Severity::Error,
            message: message.into(),
            primary,
            labels: Vec::new(),
            help: None,
            ids: Vec::new(),
            labels_omitted: 0,
            node: None,
            fix: None,
        }
    }

    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    #[must_use]
    pub fn label(mut self, loc: Loc, message: impl Into<String>) -> Self {
        if self.labels.len() >= MAX_LABELS {
            self.labels_omitted += 1;
            return self;
        }
        self.labels.push(Label {
            loc,
            message: message.into(),
        });
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.ids.push(id.into());
        self
    }

    #[must_use]
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}
/// Counts by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    #[must_use]
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Self {
        let mut c = Self::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }
}
