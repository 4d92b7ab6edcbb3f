//! rolelint: lint organisation-design documents (`roles.yaml`).
//!
//! The library turns bytes and settings into diagnostics and never prints:
//! [`check_bytes`] is the entry point; `main.rs` and [`output`] do the I/O.

pub mod baseline;
pub mod config;
pub mod diagnostic;
pub mod model;
pub mod output;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod yaml;

use diagnostic::{Diagnostic, FileId, Loc, Severity};
use rules::{Context, FileView, Options};
use source::{Source, Span};

pub use config::Settings;

/// The result of checking one file: the sources the diagnostics point
/// into (indexed by [`FileId`]) and the diagnostics, sorted.
#[derive(Debug, Default)]
pub struct Checked {
    pub sources: Vec<Source>,
    pub diagnostics: Vec<Diagnostic>,
    pub suppressed: usize,
}

/// Decode bytes as UTF-8, reporting what they are when they are not.
#[must_use]
pub fn decode(name: &str, bytes: &[u8]) -> (Source, Option<Diagnostic>) {
    let file = FileId(0);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let source = Source::new(name, String::new());
        let d = Diagnostic::new(
            "syntax",
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); rolelint reads UTF-8",
            Loc::new(file, Span::point(0)),
        )
        .help("convert the file to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`");
        return (source, Some(d));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let source = Source::new(name, text);
            let nul = source.text().find('\0');
            let d = nul.map(|at| {
                Diagnostic::new(
                    "syntax",
                    format!("NUL byte at byte offset {at}: this looks like a binary file"),
                    Loc::new(file, Span::new(at, at + 1)),
                )
                .help("roles files are UTF-8 text")
            });
            (source, d)
        }
        Err(err) => {
            let at = err.valid_up_to();
            let bom = usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
            let source = Source::new(name, String::from_utf8_lossy(bytes).into_owned());
            let d = Diagnostic::new(
                "syntax",
                format!("invalid UTF-8 at byte offset {at}"),
                Loc::new(file, Span::new(at - bom, at - bom + 1)),
            )
            .help("save the file as UTF-8");
            (source, Some(d))
        }
    }
}

/// Check one file's bytes with the settings that apply to it.
#[must_use]
pub fn check_bytes(name: &str, bytes: &[u8], settings: &Settings) -> Checked {
    let (source, problem) = decode(name, bytes);
    let mut checked = Checked::default();
    if let Some(d) = problem {
        checked.sources.push(source);
        checked.diagnostics.push(d);
        return checked;
    }
    let file = FileId(0);
    let loaded = yaml::load(&source, file);
    let mut diagnostics = loaded.syntax;
    if diagnostics.is_empty() {
        diagnostics.extend(loaded.schema);
        let (schema_errors, json) = schema::validate(&loaded.doc, &source, file);
        let schema_clean = diagnostics.is_empty() && schema_errors.is_empty();
        diagnostics.extend(schema_errors);
        // Rules still run when the document has the model's shape despite
        // schema findings (an unknown key, a bad id): users see everything
        // in one pass. When the shape is wrong, the schema findings say why.
        if let Some(json) = json {
            match model::RolesFile::from_json(json, file) {
                Ok(parsed) => {
                    run_rules(&parsed, &loaded.doc, settings, &mut diagnostics);
                    checked.suppressed =
                        apply_suppressions(&source, &loaded.doc, settings, &mut diagnostics);
                }
                Err(err) if schema_clean => diagnostics.push(Diagnostic::new(
                    "schema",
                    format!("the document does not have the expected shape: {err}"),
                    Loc::new(file, Span::point(0)),
                )),
                Err(_) => {}
            }
        }
    }
    checked.sources.push(source);
    sort(&mut diagnostics, &checked.sources);
    checked.diagnostics = diagnostics;
    checked
}

/// Apply inline suppressions; report problems with them at the configured
/// level of `unused-suppression`. Returns how many findings were suppressed.
fn apply_suppressions(
    source: &Source,
    doc: &yaml::Document,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let level = rules::find(suppress::RULE).map_or(diagnostic::Level::Off, |r| settings.level(r));
    let suppressed = suppress::apply(
        source,
        doc,
        FileId(0),
        diagnostics,
        level.severity().is_some(),
    );
    if let Some(severity) = level.severity() {
        for d in diagnostics.iter_mut().filter(|d| d.rule == suppress::RULE) {
            d.severity = severity;
        }
    }
    suppressed
}

fn run_rules(
    parsed: &model::RolesFile,
    doc: &yaml::Document,
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
) {
    let file = FileId(0);
    let headcount = parsed.org.as_ref().map_or(0, |o| o.headcount);
    let org_loc = Loc::new(file, doc.key_span("/org"));
    let ctx = Context::new(
        headcount,
        org_loc,
        parsed.people.as_ref().map(|p| p.iter().collect()),
        parsed.areas.iter().collect(),
        parsed.roles.iter().collect(),
        vec![FileView { doc }],
    );
    for rule in rules::RULES {
        let Some(severity) = settings.level(*rule).severity() else {
            continue;
        };
        let options = Options {
            spec: rule.options(),
            values: settings.options(rule.name()),
        };
        let start = out.len();
        rule.check(&ctx, &options, out);
        for d in &mut out[start..] {
            d.severity = severity;
        }
    }
}

/// Sort by file, line, column, then rule: the order of every output.
pub fn sort(diagnostics: &mut [Diagnostic], sources: &[Source]) {
    diagnostics.sort_by(|a, b| {
        let name = |d: &Diagnostic| {
            sources
                .get(d.primary.file.0 as usize)
                .map_or("", Source::name)
        };
        name(a)
            .cmp(name(b))
            .then(a.primary.span.start.cmp(&b.primary.span.start))
            .then(a.rule.cmp(b.rule))
            .then(a.message.cmp(&b.message))
    });
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
