//! `rolelint server`: the Language Server Protocol over stdio
//! (docs/server.md). One synchronous loop (`lsp-server`): messages
//! are handled in order; edits mark their organisation dirty, and the
//! organisation is checked once the messages already waiting are handled,
//! so a burst of keystrokes costs one check.

mod actions;
mod complete;
mod index;
mod navigate;
mod outline;
mod publish;
mod text;
mod transport;
mod workspace;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{notification as note, request as req};
use serde_json::Value;
use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use text::Encoding;
use workspace::{OpenDoc, Workspace, key};

/// The server's state between messages.
pub struct Server {
    pub(crate) workspace: Workspace,
    pub(crate) encoding: Encoding,
    /// Files whose organisation must be checked again.
    dirty: BTreeSet<PathBuf>,
    /// Files diagnostics were last published for, by the root reporting.
    published: std::collections::HashMap<PathBuf, PathBuf>,
    /// Rule pages written to disk, by rule name (for `codeDescription`).
    pub(crate) rule_pages: std::collections::HashMap<&'static str, lsp_types::Uri>,
    /// The client takes `SnippetTextEdit`s in workspace edits.
    pub(crate) snippet_edits: bool,
    shutdown: bool,
    sender: crossbeam_channel::Sender<Message>,
}

/// A request that panics, answered only when `ROLELINT_SERVER_TEST` is set:
/// the tests use it to check that a panic in one request is caught.
const TEST_PANIC: &str = "rolelint/testPanic";

pub fn run() -> u8 {
    let (connection, threads) = transport::stdio();
    let code = match serve(&connection) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("rolelint server: {err}");
            1
        }
    };
    drop(connection);
    threads.join(code == 0);
    code
}

fn serve(connection: &Connection) -> Result<u8, String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let encoding = choose_encoding(&params);
    let snippet_edits = params
        .pointer("/capabilities/workspace/workspaceEdit/snippetEditSupport")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let watch = params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "rolelint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("initialize: {e}"))?;
    let mut server = Server {
        workspace: Workspace::default(),
        encoding,
        dirty: BTreeSet::new(),
        published: std::collections::HashMap::new(),
        rule_pages: publish::write_rule_pages(),
        snippet_edits,
        shutdown: false,
        sender: connection.sender.clone(),
    };
    if watch {
        server.watch_configs();
    }
    loop {
        let message = if server.dirty.is_empty() {
            match connection.receiver.recv() {
                Ok(m) => m,
                Err(_) => return Ok(1),
            }
        } else {
            match connection.receiver.try_recv() {
                Ok(m) => m,
                Err(crossbeam_channel::TryRecvError::Empty) => {
                    server.flush();
                    continue;
                }
                Err(crossbeam_channel::TryRecvError::Disconnected) => return Ok(1),
            }
        };
        match message {
            Message::Request(request) => server.request(&request),
            Message::Notification(n) if n.method == note::Exit::METHOD => {
                return Ok(u8::from(!server.shutdown));
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
    }
}

/// UTF-8 when the client offers it, else UTF-16 (the protocol's default).
fn choose_encoding(params: &Value) -> Encoding {
    let offered = params
        .pointer("/capabilities/general/positionEncodings")
        .and_then(Value::as_array);
    if offered.is_some_and(|list| list.iter().any(|e| e == "utf-8")) {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    }
}

fn capabilities(encoding: Encoding) -> Value {
    serde_json::json!({
        "positionEncoding": if encoding == Encoding::Utf8 { "utf-8" } else { "utf-16" },
        "textDocumentSync": {
            "openClose": true,
            "change": 2,
            "save": { "includeText": false },
        },
        "hoverProvider": true,
        "definitionProvider": true,
        "referencesProvider": true,
        "renameProvider": { "prepareProvider": true },
        "completionProvider": { "triggerCharacters": [":", " ", "[", ",", "-"] },
        "documentSymbolProvider": true,
        "codeActionProvider": { "codeActionKinds": ["quickfix"] },
    })
}

/// What a request handler returns: a result, or an error for the client.
pub(crate) type Answer = Result<Value, (ErrorCode, String)>;

pub(crate) fn invalid(message: impl Into<String>) -> (ErrorCode, String) {
    (ErrorCode::InvalidParams, message.into())
}

impl Server {
    fn send(&self, message: impl Into<Message>) {
        let _ = self.sender.send(message.into());
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_owned(), params));
    }

    fn request(&mut self, request: &Request) {
        let id = request.id.clone();
        if self.shutdown {
            let r = Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".to_owned(),
            );
            return self.send(r);
        }
        if request.method == req::Shutdown::METHOD {
            self.shutdown = true;
            return self.send(Response::new_ok(id, Value::Null));
        }
        // Answers reflect every edit received before the request.
        self.flush();
        let method = request.method.clone();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| self.answer(request)));
        let response = match outcome {
            // Built directly: `Response::new_ok` would copy the value.
            Ok(Ok(value)) => Response {
                id,
                response_result: Ok(value),
            },
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => {
                eprintln!("rolelint server: internal error while answering {method}");
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!(
                        "rolelint: internal error while answering {method} (details in the server's log)"
                    ),
                )
            }
        };
        self.send(response);
    }

    fn answer(&mut self, request: &Request) -> Answer {
        let params = &request.params;
        match request.method.as_str() {
            req::HoverRequest::METHOD => navigate::hover(self, params),
            req::GotoDefinition::METHOD => navigate::definition(self, params),
            req::References::METHOD => navigate::references(self, params),
            req::PrepareRenameRequest::METHOD => navigate::prepare_rename(self, params),
            req::Rename::METHOD => navigate::rename(self, params),
            req::Completion::METHOD => complete::completion(self, params),
            req::DocumentSymbolRequest::METHOD => outline::symbols(self, params),
            req::CodeActionRequest::METHOD => actions::code_actions(self, params),
            TEST_PANIC if std::env::var_os("ROLELINT_SERVER_TEST").is_some() => {
                panic!("a panic asked for by the test request")
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("unknown request {other}"),
            )),
        }
    }

    fn notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| self.handle(n)));
        if outcome.is_err() {
            eprintln!("rolelint server: internal error while handling {method}");
        }
    }

    fn handle(&mut self, n: Notification) {
        let params = n.params;
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params)
                else {
                    return;
                };
                let Some(path) = text::uri_to_path(&p.text_document.uri) else {
                    return;
                };
                let path = key(&path);
                self.workspace.search_again();
                self.workspace.open_doc(
                    path.clone(),
                    OpenDoc {
                        uri: p.text_document.uri,
                        version: p.text_document.version,
                        text: p.text_document.text,
                        file: crate::app::fs::file_key(&path),
                    },
                );
                if is_config(&path) {
                    self.publish_config_problems(false);
                }
                self.changed(path);
            }
            note::DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params)
                else {
                    return;
                };
                let Some(path) = text::uri_to_path(&p.text_document.uri).map(|p| key(&p)) else {
                    return;
                };
                let encoding = self.encoding;
                let Some(doc) = self.workspace.open.get_mut(&path) else {
                    return;
                };
                text::apply_changes(&mut doc.text, p.content_changes, encoding);
                doc.version = p.text_document.version;
                self.changed(path);
            }
            note::DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(params)
                else {
                    return;
                };
                self.workspace.search_again();
                if let Some(path) = text::uri_to_path(&p.text_document.uri)
                    && is_config(&path)
                {
                    self.config_changed();
                }
            }
            note::DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params)
                else {
                    return;
                };
                let Some(path) = text::uri_to_path(&p.text_document.uri).map(|p| key(&p)) else {
                    return;
                };
                let recheck = self.workspace.close_doc(&path);
                self.published.remove(&path);
                self.clear(&p.text_document.uri);
                match recheck {
                    Some(root) => {
                        self.dirty.insert(root);
                    }
                    None => {
                        self.dirty.remove(&path);
                    }
                }
            }
            note::DidChangeWatchedFiles::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(params)
                else {
                    return;
                };
                let paths: Vec<PathBuf> = p
                    .changes
                    .iter()
                    .filter_map(|c| text::uri_to_path(&c.uri))
                    .collect();
                self.workspace.search_again();
                if paths.iter().any(|p| is_config(p)) {
                    self.config_changed();
                } else {
                    // A roles file changed on disk: the organisations that
                    // read it (an open buffer is already current).
                    for path in paths.iter().map(|p| key(p)) {
                        if self.workspace.open.contains_key(&path) {
                            continue;
                        }
                        match self.workspace.owner_of(&path) {
                            Some(root) => {
                                self.dirty.insert(root);
                            }
                            None => self.dirty.extend(self.workspace.open.keys().cloned()),
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A buffer changed: its organisation (and, for a configuration, every
    /// open document) must be checked again.
    fn changed(&mut self, path: PathBuf) {
        // A configuration is used from disk, when it is saved; as it is
        // edited, its own errors are shown on it.
        if is_config(&path) {
            self.publish_config_buffer(&path);
            return;
        }
        let root = self.workspace.owner_of(&path).unwrap_or(path);
        self.dirty.insert(root);
    }

    fn config_changed(&mut self) {
        self.workspace.forget_configs();
        self.dirty.extend(self.workspace.open.keys().cloned());
        self.dirty.retain(|p| !is_config(p));
        self.publish_config_problems(true);
    }

    /// Ask the client to tell us when a configuration file changes.
    fn watch_configs(&self) {
        let params = serde_json::json!({
            "registrations": [{
                "id": "rolelint-config",
                "method": note::DidChangeWatchedFiles::METHOD,
                "registerOptions": { "watchers": [
                    { "globPattern": format!("**/{}", rolelint::config::FILE_NAME) },
                    { "globPattern": "**/*.{yaml,yml}" },
                ]},
            }],
        });
        let request = Request::new(
            lsp_server::RequestId::from("rolelint-watch".to_owned()),
            req::RegisterCapability::METHOD.to_owned(),
            params,
        );
        self.send(request);
    }

    /// Check every dirty organisation and publish what it found.
    fn flush(&mut self) {
        let dirty = std::mem::take(&mut self.dirty);
        let mut done: BTreeSet<PathBuf> = BTreeSet::new();
        for path in dirty {
            if done.contains(&path) {
                continue;
            }
            if !path.exists() && !self.workspace.open.contains_key(&path) {
                continue;
            }
            // A bug in a check must not take the editor's server down.
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                if !self.workspace.is_ours(&path) {
                    return Ok(None);
                }
                self.workspace.analyse(&path).map(Some)
            }));
            match outcome {
                Ok(Ok(Some(root))) => {
                    self.publish_unit(&root);
                    done.insert(root);
                }
                Ok(Ok(None)) => {}
                Ok(Err(reason)) => self.publish_failure(&path, &reason),
                Err(_) => {
                    eprintln!(
                        "rolelint server: internal error while checking {}",
                        path.display()
                    );
                    self.publish_failure(
                        &path,
                        "internal error while checking this file (details in the server's log)",
                    );
                }
            }
        }
    }

    /// One diagnostic at the top of an open file that could not be
    /// checked, saying why.
    fn publish_failure(&mut self, path: &std::path::Path, reason: &str) {
        eprintln!("rolelint server: {}: {reason}", path.display());
        let Some(doc) = self.workspace.open.get(path) else {
            return;
        };
        let diagnostic = serde_json::json!({
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "severity": 1,
            "source": "rolelint",
            "message": format!("rolelint could not check this file: {reason}"),
        });
        let params = serde_json::json!({ "uri": doc.uri, "version": doc.version, "diagnostics": [diagnostic] });
        self.notify(note::PublishDiagnostics::METHOD, params);
    }
}

fn is_config(path: &std::path::Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == rolelint::config::FILE_NAME)
}
