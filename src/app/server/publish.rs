//! Findings as `textDocument/publishDiagnostics`: one notification per
//! open file of the organisation checked, with the buffer's version, the
//! rule as `code`, its page as `codeDescription`, secondary labels as
//! related information.

use super::Server;
use super::text::{LineIndex, path_to_uri};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use rolelint::diagnostic::{Diagnostic, Severity};
use rolelint::source::{Source, Span};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Write every rule's page to the user's cache (once per version), so a
/// diagnostic's `codeDescription` opens the page the installed rolelint
/// ships, offline. No pages (no cache directory, or it cannot be written):
/// no `codeDescription`.
pub fn write_rule_pages() -> HashMap<&'static str, lsp_types::Uri> {
    let Some(base) = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
    else {
        return HashMap::new();
    };
    let dir = base
        .join("rolelint")
        .join(env!("CARGO_PKG_VERSION"))
        .join("rules");
    if std::fs::create_dir_all(&dir).is_err() {
        return HashMap::new();
    }
    let mut pages = HashMap::new();
    for check in rolelint::rules::registry::checks() {
        let path = dir.join(format!("{}.md", check.name));
        let current = std::fs::read(&path).is_ok_and(|b| b == check.doc.as_bytes());
        if !current && crate::app::write::write_atomically(&path, check.doc).is_err() {
            continue;
        }
        if let Some(uri) = path_to_uri(&path) {
            pages.insert(check.name, uri);
        }
    }
    pages
}

/// Positions in one source, as the client counts them. A buffer that
/// starts with a byte order mark has it in the client's text but not in
/// the source: the first line shifts by its width (one UTF-16 unit, three
/// UTF-8 bytes).
pub struct Positions<'a> {
    index: LineIndex<'a>,
    /// The width of the byte order mark on line 0, in the client's units.
    bom: u32,
}

impl<'a> Positions<'a> {
    pub fn new(server: &Server, source: &'a Source, path: &Path) -> Self {
        let has_bom = server
            .workspace
            .open
            .get(path)
            .is_some_and(|d| d.text.starts_with('\u{feff}'));
        let width = match server.encoding {
            super::text::Encoding::Utf8 => '\u{feff}'.len_utf8(),
            super::text::Encoding::Utf16 => '\u{feff}'.len_utf16(),
        };
        let bom = if has_bom {
            u32::try_from(width).unwrap_or(0)
        } else {
            0
        };
        Self {
            index: LineIndex::new(source.text(), server.encoding),
            bom,
        }
    }

    pub fn range(&self, span: Span) -> lsp_types::Range {
        let mut range = self.index.range(span.start, span.end);
        for p in [&mut range.start, &mut range.end] {
            if p.line == 0 {
                p.character += self.bom;
            }
        }
        range
    }

    /// The source offset of a client position.
    pub fn offset(&self, mut position: lsp_types::Position) -> usize {
        if position.line == 0 {
            position.character = position.character.saturating_sub(self.bom);
        }
        self.index.offset(position)
    }
}

/// The URI of a path: the open buffer's own, else built from the path.
pub fn uri_of(server: &Server, path: &Path) -> Option<lsp_types::Uri> {
    match server.workspace.open.get(path) {
        Some(doc) => Some(doc.uri.clone()),
        None => path_to_uri(path),
    }
}

/// The text edits of one workspace edit, keyed by the files' URIs: each
/// file's positions computed once, and an edit reached twice (an id used
/// through an alias is one node) sent once, as the protocol requires
/// edits that do not overlap.
pub struct Edits<'a> {
    server: &'a Server,
    unit: &'a super::workspace::Unit,
    positions: HashMap<usize, Positions<'a>>,
    seen: std::collections::HashSet<(usize, usize, usize)>,
    changes: serde_json::Map<String, Value>,
}

impl<'a> Edits<'a> {
    pub fn new(server: &'a Server, unit: &'a super::workspace::Unit) -> Self {
        Self {
            server,
            unit,
            positions: HashMap::new(),
            seen: std::collections::HashSet::new(),
            changes: serde_json::Map::new(),
        }
    }

    /// Replace `span` of `file` by `text`; `None` when the file has no URI.
    pub fn add(&mut self, file: usize, span: Span, text: &str) -> Option<()> {
        if !self.seen.insert((file, span.start, span.end)) {
            return Some(());
        }
        let (source, path) = (
            self.unit.checked.sources.get(file)?,
            self.unit.paths.get(file)?,
        );
        let uri = uri_of(self.server, path)?;
        let server = self.server;
        let positions = self
            .positions
            .entry(file)
            .or_insert_with(|| Positions::new(server, source, path));
        let range = positions.range(span);
        let list = self
            .changes
            .entry(uri.as_str().to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            list.push(json!({ "range": range, "newText": text }));
        }
        Some(())
    }

    pub fn into_changes(self) -> serde_json::Map<String, Value> {
        self.changes
    }
}

/// One finding as an LSP diagnostic.
pub fn to_lsp(
    server: &Server,
    d: &Diagnostic,
    sources: &[Source],
    paths: &[PathBuf],
    positions: &Positions<'_>,
) -> Value {
    let severity = match d.severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    };
    let related: Vec<Value> = d
        .labels
        .iter()
        .filter_map(|label| {
            let file = label.loc.file.0 as usize;
            let (source, path) = (sources.get(file)?, paths.get(file)?);
            let range = Positions::new(server, source, path).range(label.loc.span);
            Some(json!({
                "location": { "uri": uri_of(server, path)?, "range": range },
                "message": label.message,
            }))
        })
        .collect();
    let mut out = json!({
        "range": positions.range(d.primary.span),
        "severity": severity,
        "code": d.rule,
        "source": "rolelint",
        "message": d.message_lines(),
    });
    if !related.is_empty() {
        out["relatedInformation"] = Value::Array(related);
    }
    if let Some(uri) = server.rule_pages.get(d.rule) {
        out["codeDescription"] = json!({ "href": uri });
    }
    out
}

impl Server {
    /// Publish the findings of the unit rooted at `root` to each of its
    /// files the client has open, and clear files it no longer reports on.
    pub(super) fn publish_unit(&mut self, root: &Path) {
        let Some(unit) = self.workspace.units.get(root) else {
            return;
        };
        let mut by_file: HashMap<usize, Vec<Value>> = HashMap::new();
        let mut reported: Vec<PathBuf> = Vec::new();
        for (file, (source, path)) in unit.checked.sources.iter().zip(&unit.paths).enumerate() {
            if !self.workspace.open.contains_key(path) || reported.contains(path) {
                continue;
            }
            reported.push(path.clone());
            let positions = Positions::new(self, source, path);
            let list = unit
                .checked
                .diagnostics
                .iter()
                .filter(|d| d.primary.file.0 as usize == file)
                .map(|d| to_lsp(self, d, &unit.checked.sources, &unit.paths, &positions))
                .collect();
            by_file.insert(file, list);
        }
        let mut notes = Vec::new();
        for (file, list) in by_file {
            let path = &unit.paths[file];
            let doc = &self.workspace.open[path];
            notes.push(json!({ "uri": doc.uri, "version": doc.version, "diagnostics": list }));
        }
        // Files this root reported on before and no longer includes.
        let stale: Vec<PathBuf> = self
            .published
            .iter()
            .filter(|(file, by)| by.as_path() == root && !reported.contains(file))
            .map(|(file, _)| file.clone())
            .collect();
        for file in stale {
            self.published.remove(&file);
            if let Some(uri) = uri_of(self, &file) {
                self.clear(&uri);
            }
            // Still open: it is checked on its own, or through another root.
            if self.workspace.open.contains_key(&file) {
                self.workspace.disown(&file);
                self.dirty.insert(file);
            }
        }
        for file in reported {
            self.published.insert(file, root.to_path_buf());
        }
        for params in notes {
            self.notify(PublishDiagnostics::METHOD, params);
        }
    }

    /// Publish no diagnostics for `uri`.
    pub(super) fn clear(&self, uri: &lsp_types::Uri) {
        self.notify(
            PublishDiagnostics::METHOD,
            json!({ "uri": uri, "diagnostics": [] }),
        );
    }

    /// Show the errors of an open configuration as it is edited (custom
    /// rules' expressions included), before it is saved and used.
    pub(super) fn publish_config_buffer(&mut self, path: &Path) {
        let Some(doc) = self.workspace.open.get(path) else {
            return;
        };
        let (uri, version) = (doc.uri.clone(), doc.version);
        let source = rolelint::source::Source::new(path.display().to_string(), doc.text.clone());
        let (_, diagnostics) = rolelint::config::Config::parse(&source);
        let positions = Positions::new(self, &source, path);
        let paths = [path.to_path_buf()];
        let list: Vec<Value> = diagnostics
            .iter()
            .map(|d| to_lsp(self, d, std::slice::from_ref(&source), &paths, &positions))
            .collect();
        self.notify(
            PublishDiagnostics::METHOD,
            json!({ "uri": uri, "version": version, "diagnostics": list }),
        );
    }

    /// Show the findings of configuration files that could not be used on
    /// those files (when open); with `announce`, say so in a message too.
    pub(super) fn publish_config_problems(&mut self, announce: bool) {
        // Reading a configuration happens while checking; make sure each
        // open configuration has been read.
        let configs: Vec<PathBuf> = self
            .workspace
            .open
            .keys()
            .filter(|p| super::is_config(p))
            .cloned()
            .collect();
        for path in &configs {
            let probe = path.with_file_name("roles.yaml");
            self.workspace.config_for(&probe);
        }
        for path in configs {
            let uri = self.workspace.open[&path].uri.clone();
            let version = self.workspace.open[&path].version;
            let list: Vec<Value> = match self.workspace.bad_configs.get(&path) {
                Some(bad) => {
                    let positions = Positions::new(self, &bad.source, &path);
                    bad.diagnostics
                        .iter()
                        .map(|d| {
                            to_lsp(
                                self,
                                d,
                                std::slice::from_ref(&bad.source),
                                std::slice::from_ref(&path),
                                &positions,
                            )
                        })
                        .collect()
                }
                None => Vec::new(),
            };
            self.notify(
                PublishDiagnostics::METHOD,
                json!({ "uri": uri, "version": version, "diagnostics": list }),
            );
        }
        for bad in self.workspace.bad_configs.values().filter(|_| announce) {
            self.notify(
                "window/showMessage",
                json!({ "type": 2, "message": format!("rolelint: {}", bad.message) }),
            );
        }
    }
}
