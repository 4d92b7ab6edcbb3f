//! Checking one unit: a file and, for a root, the fragments it includes.
//! Loads each part, validates it, builds the model, runs every enabled
//! rule over the whole organisation, applies suppressions and sorts.

use crate::config::Settings;
use crate::diagnostic::{Diagnostic, FileId, Level, Loc, SCHEMA, UNUSED_SUPPRESSION};
use crate::rules::{Context, FileView, Options, registry};
use crate::source::{Source, Span};
use crate::{chart, format, schema, suppress, yaml};

/// The result of checking one file: the sources the diagnostics point
/// into (indexed by [`FileId`]) and the diagnostics, sorted.
#[derive(Debug, Default)]
pub struct Checked {
    pub sources: Vec<Source>,
    pub diagnostics: Vec<Diagnostic>,
    pub suppressed: usize,
    /// The findings inline suppressions hid (a review lists a finding a
    /// change suppressed as suppressed, not fixed).
    pub suppressed_findings: Vec<Diagnostic>,
    /// The file has no `org`: it is a fragment, validated on its own; its
    /// organisation rules run when a root includes it.
    pub fragment: bool,
    /// Time spent in each phase (for `check --timings`).
    pub timings: Timings,
    /// The organisation's structure, when the file is a root that loaded
    /// and [`Settings::keep_chart`] asked for it.
    pub chart: Option<chart::Chart>,
    /// Each source's YAML tree (empty for one that does not parse), when
    /// [`Settings::keep_trees`] asked for them.
    pub trees: Vec<yaml::Document>,
    /// For each source, the index of the root's `include` entry that
    /// loaded it (`None` for the root): which files an entry matched, as
    /// the check resolved it.
    pub included_by: Vec<Option<usize>>,
    /// When set, the findings were narrowed to these files: a root checked
    /// only for the fragments a run named (as pre-commit names the changed
    /// files), so its other findings are not reported.
    pub reported_files: Option<Vec<FileId>>,
}

/// Wall-clock time per phase of a check.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    /// Decoding and building the YAML tree.
    pub parse: std::time::Duration,
    /// Converting to JSON and validating against the schema.
    pub schema: std::time::Duration,
    /// Deserialising the typed model.
    pub model: std::time::Duration,
    /// Every rule, and the suppression pass.
    pub rules: std::time::Duration,
}

impl Timings {
    pub fn add(&mut self, other: &Timings) {
        self.parse += other.parse;
        self.schema += other.schema;
        self.model += other.model;
        self.rules += other.rules;
    }
}

/// One file an `include` entry matched.
#[derive(Debug)]
pub enum Fetched {
    /// A fragment to load, under the name the run reports it by, with the
    /// file it was read from (`None` when it has none, as in a revision).
    File {
        name: String,
        bytes: Vec<u8>,
        path: Option<std::path::PathBuf>,
    },
    /// A file that may not be read: outside the repository, not a regular
    /// file, or over the organisation's budget.
    Refused { name: String, reason: String },
    /// The root file itself (an include cycle).
    Root { name: String },
    /// A file this organisation has already loaded, under another spelling
    /// or through another entry: loaded once, reported once.
    Again,
}

/// Reads the fragment files a root's `include` names. The CLI implements it
/// over the filesystem (refusing paths that leave the repository); the
/// library stays free of I/O.
pub trait Includes {
    /// The files matching one `include` entry of the root file, sorted by
    /// name. `Err` says why the whole entry is refused.
    fn expand(&self, pattern: &str) -> Result<Vec<Fetched>, String>;
}

/// For input without a place in the filesystem (standard input, tests).
pub struct NoIncludes;

impl Includes for NoIncludes {
    fn expand(&self, _: &str) -> Result<Vec<Fetched>, String> {
        Err("`include` needs a file on disk to resolve paths from".to_owned())
    }
}

/// One loaded file of a unit.
struct Part {
    source: Source,
    /// The root's `include` entry that loaded it.
    entry: Option<usize>,
    doc: yaml::Document,
    parsed: Option<format::RolesFile>,
}

/// Decode, load and validate one file as a root or a fragment.
fn load_part(
    name: &str,
    bytes: Vec<u8>,
    file: FileId,
    kind: Option<schema::Kind>,
    out: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> (Part, schema::Kind) {
    let started = std::time::Instant::now();
    let (source, problem) = crate::decode::decode_owned(name, bytes);
    if let Some(mut d) = problem {
        d.primary.file = file;
        out.push(d);
        let part = Part {
            source,
            entry: None,
            doc: yaml::Document::default(),
            parsed: None,
        };
        return (part, kind.unwrap_or(schema::Kind::Root));
    }
    let loaded = yaml::load(&source, file);
    let kind = kind.unwrap_or_else(|| schema::Kind::detect(&loaded.doc));
    timings.parse += started.elapsed();
    if !loaded.syntax.is_empty() {
        out.extend(loaded.syntax);
        let part = Part {
            source,
            entry: None,
            doc: loaded.doc,
            parsed: None,
        };
        return (part, kind);
    }
    let before = out.len();
    out.extend(loaded.schema);
    let started = std::time::Instant::now();
    let list_len = |name: &str| {
        let doc = &loaded.doc;
        doc.root()
            .and_then(|r| doc.get(doc.resolve(r), name))
            .map_or(0, |e| doc.items(e.value).len())
    };
    let mut people = Vec::with_capacity(list_len("people"));
    let mut areas = Vec::with_capacity(list_len("areas"));
    let mut roles = Vec::with_capacity(list_len("roles"));
    let mut teams = Vec::with_capacity(list_len("teams"));
    // The first item that does not fit the model: where, and why.
    let mut item_failed: Option<(String, String)> = None;
    let mut model_time = std::time::Duration::ZERO;
    // Items arrive one at a time and become model values at once, so the
    // JSON of a large organisation never exists in full.
    let (schema_errors, json) =
        schema::validate(&loaded.doc, &source, file, kind, |list, index, item| {
            let at = std::time::Instant::now();
            let origin = format::Origin { file, index };
            let value = match item {
                schema::ItemValue::Typed(typed) => {
                    match typed {
                        schema::fast::Item::Person(mut p) => {
                            p.origin = origin;
                            people.push(p);
                        }
                        schema::fast::Item::Area(mut a) => {
                            a.origin = origin;
                            areas.push(a);
                        }
                        schema::fast::Item::Role(mut r) => {
                            r.origin = origin;
                            roles.push(r);
                        }
                        schema::fast::Item::Team(mut t) => {
                            t.origin = origin;
                            teams.push(t);
                        }
                    }
                    model_time += at.elapsed();
                    return;
                }
                schema::ItemValue::Json(value) => value,
            };
            let ok = match list {
                "people" => serde_json::from_value::<format::Person>(value).map(|mut p| {
                    p.origin = origin;
                    people.push(p);
                }),
                "areas" => serde_json::from_value::<format::Area>(value).map(|mut a| {
                    a.origin = origin;
                    areas.push(a);
                }),
                "teams" => serde_json::from_value::<format::Team>(value).map(|mut t| {
                    t.origin = origin;
                    teams.push(t);
                }),
                _ => serde_json::from_value::<format::Role>(value).map(|mut r| {
                    r.origin = origin;
                    roles.push(r);
                }),
            };
            if let (Err(err), None) = (ok, &item_failed) {
                item_failed = Some((format!("/{list}/{index}"), err.to_string()));
            }
            model_time += at.elapsed();
        });
    timings.schema += started.elapsed().saturating_sub(model_time);
    timings.model += model_time;
    // One finding per mistake: a value the loader already refused (a tag
    // that does not fit, a number JSON cannot hold) gets no second one
    // from the schema.
    let refused: Vec<Span> = out[before..].iter().map(|d| d.primary.span).collect();
    out.extend(schema_errors.into_iter().filter(|d| {
        !refused
            .iter()
            .any(|r| r.contains(d.primary.span) && !d.primary.span.is_empty())
    }));
    let schema_clean = out.len() == before;
    let started = std::time::Instant::now();
    // Rules still run when the document has the model's shape despite
    // schema findings (an unknown key, a bad id): users see everything in
    // one pass. When the shape is wrong, the schema findings say why.
    let parsed = json.and_then(|json| match format::RolesFile::from_json(json, file) {
        Ok(mut parsed) if item_failed.is_none() => {
            if parsed.people.is_some() {
                parsed.people = Some(people);
            }
            parsed.areas = areas;
            parsed.roles = roles;
            parsed.teams = teams;
            schema::version::check(&loaded.doc, file, &mut parsed, out);
            Some(parsed)
        }
        Ok(_) => {
            // A bug guard: the schema admits only what the model reads, but
            // if they ever disagree the finding still points at the item.
            if let (true, Some((pointer, err))) = (schema_clean, &item_failed) {
                out.push(Diagnostic::new(
                    SCHEMA,
                    format!("`{pointer}` does not have the expected shape: {err}"),
                    Loc::new(file, loaded.doc.pointer_span(pointer)),
                ));
            }
            None
        }
        Err(err) => {
            if schema_clean {
                let span = loaded
                    .doc
                    .root()
                    .map_or(Span::point(0), |r| loaded.doc.span(r));
                out.push(Diagnostic::new(
                    SCHEMA,
                    format!("the document does not have the expected shape: {err}"),
                    Loc::new(file, span),
                ));
            }
            None
        }
    });
    timings.model += started.elapsed();
    let part = Part {
        source,
        entry: None,
        doc: loaded.doc,
        parsed,
    };
    (part, kind)
}

/// Check one file's bytes with the settings that apply to it. `include` is
/// refused: use [`check_unit`] to resolve fragments.
#[must_use]
pub fn check_bytes(name: &str, bytes: &[u8], settings: &Settings) -> Checked {
    check_unit(name, bytes, settings, &NoIncludes)
}

/// Check a file and, when it is a root with `include`, its fragments: ids
/// are global across them, every rule sees the whole organisation, and each
/// finding points into the file that holds its node. A file without `org`
/// (a fragment on its own) is only validated; see [`Checked::fragment`].
#[must_use]
pub fn check_unit(
    name: &str,
    bytes: &[u8],
    settings: &Settings,
    includes: &dyn Includes,
) -> Checked {
    check_unit_owned(name, bytes.to_vec(), settings, includes)
}

/// [`check_unit`], taking the root file's bytes: they become its text
/// without a copy, so a large file is held once.
pub fn check_unit_owned(
    name: &str,
    bytes: Vec<u8>,
    settings: &Settings,
    includes: &dyn Includes,
) -> Checked {
    let mut diagnostics = Vec::new();
    let mut timings = Timings::default();
    let (root, kind) = load_part(name, bytes, FileId(0), None, &mut diagnostics, &mut timings);
    let mut checked = Checked {
        fragment: kind == schema::Kind::Fragment,
        ..Checked::default()
    };
    let mut parts = vec![root];
    if kind == schema::Kind::Root {
        load_includes(&mut parts, includes, &mut diagnostics, &mut timings);
        same_version(&parts, &mut diagnostics);
        let started = std::time::Instant::now();
        if parts[0].parsed.is_some() {
            let files: Vec<&format::RolesFile> =
                parts.iter().filter_map(|p| p.parsed.as_ref()).collect();
            let locate = |r: &format::Role| {
                let doc = &parts[r.origin.file.0 as usize].doc;
                Loc::new(r.origin.file, doc.pointer_span(&r.pointer()))
            };
            if settings.keep_chart() {
                checked.chart = Some(chart::Chart::from_files(&files, &locate, settings.today()));
            }
            run_rules(&parts, settings, &mut diagnostics);
            for (i, part) in parts.iter().enumerate() {
                let file = FileId(u32::try_from(i).unwrap_or(u32::MAX));
                let hidden =
                    apply_suppressions(&part.source, &part.doc, file, settings, &mut diagnostics);
                checked.suppressed += hidden.len();
                checked.suppressed_findings.extend(hidden);
            }
        }
        timings.rules += started.elapsed();
    }
    // Findings about no id are known across revisions by the node they are
    // on, never by a line.
    for d in diagnostics.iter_mut().filter(|d| d.ids.is_empty()) {
        if let Some(part) = parts.get(d.primary.file.0 as usize) {
            d.node = Some(part.doc.path_at(d.primary.span.start));
        }
    }
    checked.timings = timings;
    checked.included_by = parts.iter().map(|p| p.entry).collect();
    if settings.keep_trees() {
        let (sources, trees) = parts.into_iter().map(|p| (p.source, p.doc)).unzip();
        checked.sources = sources;
        checked.trees = trees;
    } else {
        checked.sources = parts.into_iter().map(|p| p.source).collect();
    }
    sort(&mut diagnostics, &checked.sources);
    checked.diagnostics = diagnostics;
    checked
}

/// Every fragment declares its root's format version.
fn same_version(parts: &[Part], out: &mut Vec<Diagnostic>) {
    let Some(root) = parts[0].parsed.as_ref() else {
        return;
    };
    for (i, part) in parts.iter().enumerate().skip(1) {
        let Some(fragment) = part.parsed.as_ref() else {
            continue;
        };
        if fragment.version != root.version {
            let file = FileId(u32::try_from(i).unwrap_or(u32::MAX));
            out.push(
                Diagnostic::new(
                    SCHEMA,
                    format!(
                        "this fragment is version {}, but the file that includes it is version {}",
                        fragment.version, root.version
                    ),
                    Loc::new(file, part.doc.pointer_span("/version")),
                )
                .label(
                    Loc::new(FileId(0), parts[0].doc.pointer_span("/version")),
                    "the root's version",
                )
                .help(format!(
                    "set `version: {}` here: every file of an organisation has the same version",
                    root.version
                )),
            );
        }
    }
}

/// Load every fragment the root's `include` names (each file once).
fn load_includes(
    parts: &mut Vec<Part>,
    includes: &dyn Includes,
    out: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) {
    let Some(patterns) = parts[0].parsed.as_ref().map(|p| p.include.clone()) else {
        return;
    };
    for (i, pattern) in patterns.iter().enumerate() {
        let at = Loc::new(
            FileId(0),
            parts[0].doc.pointer_span(&format!("/include/{i}")),
        );
        match includes.expand(pattern) {
            Err(reason) => out.push(
                Diagnostic::new(
                    SCHEMA,
                    format!("include `{pattern}` is refused: {reason}"),
                    at,
                )
                .help("include fragments by a path relative to this file, inside the repository")
                .id(pattern),
            ),
            Ok(files) if files.is_empty() => out.push(
                Diagnostic::new(
                    "unknown-reference",
                    format!("include `{pattern}` matches no file"),
                    at,
                )
                .help("fix the path or glob, relative to this file, or remove the entry")
                .id(pattern),
            ),
            Ok(files) => {
                for fetched in files {
                    let (name, bytes, path) = match fetched {
                        Fetched::File { name, bytes, path } => (name, bytes, path),
                        Fetched::Again => continue,
                        Fetched::Refused { name, reason } => {
                            out.push(
                                Diagnostic::new(SCHEMA, format!("include `{pattern}`: `{name}` is refused: {reason}"), at)
                                    .help("include fragments by a path relative to this file, inside the repository")
                                    .id(pattern),
                            );
                            continue;
                        }
                        Fetched::Root { .. } => {
                            out.push(
                                Diagnostic::new(SCHEMA, format!("include `{pattern}` matches the root file itself (an include cycle)"), at)
                                    .help("narrow the glob so that it matches only fragment files")
                                    .id(pattern),
                            );
                            continue;
                        }
                    };
                    let file = FileId(u32::try_from(parts.len()).unwrap_or(u32::MAX));
                    let (mut part, _) = load_part(
                        &name,
                        bytes,
                        file,
                        Some(schema::Kind::Fragment),
                        out,
                        timings,
                    );
                    part.source.set_path(path);
                    part.entry = Some(i);
                    parts.push(part);
                }
            }
        }
    }
}

/// Apply inline suppressions; report problems with them at the configured
/// level of `unused-suppression`. Returns the findings suppressed.
fn apply_suppressions(
    source: &Source,
    doc: &yaml::Document,
    file: FileId,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let level = registry::find_rule(UNUSED_SUPPRESSION).map_or(Level::Off, |r| settings.level(r));
    let is_off =
        |name: &str| registry::find_rule(name).is_some_and(|r| settings.level(r) == Level::Off);
    let custom: Vec<&'static str> = settings.custom().names().collect();
    let is_off = |name: &str| {
        is_off(name)
            || settings
                .custom()
                .find(name)
                .is_some_and(|r| settings.custom_level(r) == Level::Off)
    };
    let suppressed = suppress::apply(
        source,
        doc,
        file,
        diagnostics,
        level.severity().is_some(),
        &is_off,
        &custom,
    );
    if let Some(severity) = level.severity() {
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.rule == UNUSED_SUPPRESSION)
        {
            d.severity = severity;
        }
    }
    suppressed
}

/// Run every enabled rule over the whole organisation: the root and its
/// fragments.
fn run_rules(parts: &[Part], settings: &Settings, out: &mut Vec<Diagnostic>) {
    let Some(root) = parts[0].parsed.as_ref() else {
        return;
    };
    let headcount = root.org.as_ref().map_or(0, |o| o.headcount);
    let org_loc = Loc::new(FileId(0), parts[0].doc.key_span("/org"));
    let parsed: Vec<&format::RolesFile> = parts.iter().filter_map(|p| p.parsed.as_ref()).collect();
    let people = parsed.iter().any(|p| p.people.is_some()).then(|| {
        parsed
            .iter()
            .flat_map(|p| p.people.iter().flatten())
            .collect()
    });
    let mut ctx = Context::new(
        headcount,
        org_loc,
        people,
        parsed.iter().flat_map(|p| &p.areas).collect(),
        parsed.iter().flat_map(|p| &p.roles).collect(),
        parsed.iter().flat_map(|p| &p.teams).collect(),
        parts
            .iter()
            .map(|p| FileView {
                doc: &p.doc,
                source: &p.source,
            })
            .collect(),
    );
    ctx.version = root.version;
    ctx.community = root.org.as_ref().is_some_and(format::Org::is_community);
    ctx.today = settings.today();
    for rule in registry::RULES {
        let Some(severity) = settings.level(*rule).severity() else {
            continue;
        };
        // A rule that does not fit the organisation's kind, or is newer
        // than its format, is off unless the configuration turns it on.
        let configured = settings.level_of(rule.name()).is_some();
        if (ctx.community && !rule.applies_to_community() && !configured)
            || ctx.version < rule.since_version()
        {
            continue;
        }
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
    let custom = settings.custom();
    if !custom.is_empty() {
        let severity = |rule: &crate::custom::CustomRule| settings.custom_level(rule).severity();
        crate::custom::eval::run(custom, &severity, &ctx, root.org.as_ref(), parts.len(), out);
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
