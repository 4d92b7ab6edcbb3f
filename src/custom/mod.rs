//! Custom rules: an organisation's own policies, written in
//! `.rolelint.yaml` as CEL expressions over its roles, people, teams and
//! areas ([`fields`]).
//!
//! Every expression is parsed and type-checked when the configuration is
//! read ([`compile`]); an error is a configuration error at its line and
//! column. A check evaluates each rule over its subjects ([`eval`]) after
//! bounding what the evaluation can cost ([`cost`]): a rule that could
//! run too long on the organisation is reported, not run.

mod ast;
mod calls;
pub mod cost;
pub mod eval;
mod facts;
pub mod fields;
mod memo;
mod message;
mod org_value;
mod parts;
mod typecheck;
mod value;

use crate::diagnostic::{CONFIG, Diagnostic, FileId, Level, Loc};
use crate::source::{Source, Span};
use crate::suggest::did_you_mean;
use crate::yaml::{Document, NodeId};
use ast::{char_to_byte, count_nodes, depth, offset_of};
use cel::{Env, Program};
use fields::Kind;
use std::sync::{Arc, Mutex, OnceLock};
use typecheck::{Checked, Ty};

/// Longest expression, in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// Most nodes an expression may have once its macros are expanded.
pub const MAX_EXPRESSION_NODES: usize = 1000;
/// Most custom rules one configuration may declare.
pub const MAX_RULES: usize = 200;

/// One compiled expression and what the type check learnt of it.
#[derive(Debug)]
pub struct Expression {
    program: Program,
    checked: Checked,
}

impl Expression {
    fn root(&self) -> &cel::IdedExpr {
        self.program.expression()
    }
}

/// A custom rule, compiled.
#[derive(Debug)]
pub struct CustomRule {
    pub name: &'static str,
    pub summary: String,
    pub description: Option<String>,
    pub level: Level,
    pub kind: Kind,
    /// `where`, as written.
    pub filter_text: Option<String>,
    /// `assert`, as written.
    pub assert_text: String,
    pub at: Option<String>,
    pub help: Option<String>,
    filter: Option<Expression>,
    assert: Expression,
    message: Option<message::Message>,
}

impl CustomRule {
    /// Its documentation page, as `explain NAME` prints it.
    #[must_use]
    pub fn doc(&self) -> String {
        let mut page = format!(
            "# {}\n\nCustom rule of this repository's `.rolelint.yaml`. Level: **{}**. Checks: {}.\n\n{}\n",
            self.name,
            self.level,
            self.kind.plural(),
            self.summary
        );
        if let Some(description) = &self.description {
            page.push_str(&format!("\n{}\n", description.trim_end()));
        }
        page.push_str("\n## Definition\n\n```yaml\n");
        if let Some(filter) = &self.filter_text {
            page.push_str(&format!("where: {filter}\n"));
        }
        page.push_str(&format!("assert: {}\n```\n", self.assert_text));
        if let Some(help) = &self.help {
            page.push_str(&format!("\n## How to fix\n\n{help}\n"));
        }
        page
    }

    fn expressions(&self) -> impl Iterator<Item = &Expression> {
        self.filter
            .iter()
            .chain(std::iter::once(&self.assert))
            .chain(self.message.iter().flat_map(message::Message::expressions))
    }
}

/// The custom rules of one configuration.
#[derive(Debug, Default)]
pub struct CustomRules {
    pub rules: Vec<CustomRule>,
}

impl CustomRules {
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&CustomRule> {
        self.rules.iter().find(|r| r.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rules.iter().map(|r| r.name)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// A rule name as `&'static str`, as every finding carries one. Each
/// distinct name is kept once for the process, so reloading a
/// configuration (an editor does, on every change) does not grow memory.
fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<Vec<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = names.iter().find(|n| **n == name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.push(leaked);
    leaked
}

/// The CEL environment: the standard library and the string extension
/// (regular expressions are left out: their cost has no bound here).
pub(crate) fn env() -> &'static Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Env::stdlib().with_optional_support(false);
        // The extension's names are fixed; adding it to a fresh standard
        // environment cannot clash.
        let _ = env.add_extension(cel::extensions::strings);
        Arc::new(env)
    })
}

/// Whether `name` follows the rule-name pattern: lower-case words joined
/// by `-`.
#[must_use]
pub fn is_rule_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && name.starts_with(|c: char| c.is_ascii_lowercase())
}

/// Where a string value of the configuration is, for errors inside it.
struct Place<'a> {
    doc: &'a Document,
    source: &'a Source,
    node: NodeId,
    file: FileId,
}

impl Place<'_> {
    fn whole(&self) -> Loc {
        Loc::new(self.file, self.doc.span(self.node))
    }

    /// The character in the file at byte `offset` of the scalar's value.
    fn at(&self, value: &str, offset: usize) -> Loc {
        self.at_len(value, offset, 0)
    }

    /// The `len` bytes (at least a character) in the file at byte `offset`
    /// of the scalar's value.
    fn at_len(&self, value: &str, offset: usize, len: usize) -> Loc {
        let text = self.source.text();
        let span = self.doc.span(self.node);
        let base = value.as_ptr() as usize;
        let file = text.as_ptr() as usize;
        // A value that reads as written is a slice of the file itself.
        let start = if base >= file && base + value.len() <= file + text.len() {
            Some(base - file + offset)
        } else {
            locate_decoded(text, span, value, offset)
        };
        match start {
            Some(start) if start <= text.len() => {
                let end = if len > 0 && text.is_char_boundary((start + len).min(text.len())) {
                    (start + len).min(text.len())
                } else {
                    next_char_end(text, start)
                };
                Loc::new(self.file, Span::new(start, end))
            }
            _ => self.whole(),
        }
    }
}

fn next_char_end(text: &str, start: usize) -> usize {
    text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8())
}

/// For a value that was decoded (a block scalar, a quoted string over
/// lines): the line of the value holding `offset`, found as written in the
/// scalar's span.
fn locate_decoded(text: &str, span: Span, value: &str, offset: usize) -> Option<usize> {
    let written = text.get(span.start..span.end)?;
    let line_start = value[..offset.min(value.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = value[line_start..].split('\n').next()?;
    let column = offset - line_start;
    if line.trim().is_empty() {
        return None;
    }
    // The n-th line of the value is the first place after the previous
    // lines' where its text appears.
    let mut from = 0;
    for previous in value[..line_start]
        .split('\n')
        .filter(|l| !l.trim().is_empty())
    {
        from += written[from..].find(previous.trim())? + previous.trim().len();
    }
    let found = from + written[from..].find(line)?;
    Some(span.start + found + column)
}

/// Parse, bound and type-check one expression. `variables` are what it
/// can read; `want` the type it must have.
fn compile_expression(
    text: &str,
    place: &Place<'_>,
    variables: &[(&str, Ty)],
    want: Option<&Ty>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<Expression> {
    if text.len() > MAX_EXPRESSION_BYTES {
        out.push(
            Diagnostic::new(
                CONFIG,
                format!(
                    "the `{what}` expression is {} bytes long; the limit is {MAX_EXPRESSION_BYTES}",
                    text.len()
                ),
                place.whole(),
            )
            .help("split the policy into several rules, or compute the value with a fact (`rolelint explain custom-rules`)"),
        );
        return None;
    }
    if text.trim().is_empty() {
        out.push(Diagnostic::new(
            CONFIG,
            format!("the `{what}` expression is empty"),
            place.whole(),
        ));
        return None;
    }
    let program = match env().compile(text) {
        Ok(program) => program,
        Err(errors) => {
            for error in errors.errors.iter().take(3) {
                // Nesting beyond the parser's limit ends in an error of
                // its own, without a position.
                if error.msg.contains("Recursion limit") || error.msg.starts_with("No `") {
                    out.push(
                        Diagnostic::new(
                            CONFIG,
                            format!("the `{what}` expression nests too deep to read"),
                            place.whole(),
                        )
                        .help("split the policy into several rules"),
                    );
                    break;
                }
                let (line, column) = error.pos;
                let offset = offset_of(text, line, column);
                out.push(Diagnostic::new(
                    CONFIG,
                    format!("syntax error in `{what}`: {}", error.msg),
                    place.at(text, offset),
                ));
            }
            return None;
        }
    };
    let nodes = count_nodes(program.expression());
    if nodes > MAX_EXPRESSION_NODES {
        out.push(
            Diagnostic::new(
                CONFIG,
                format!(
                    "the `{what}` expression has {nodes} parts once expanded; the limit is {MAX_EXPRESSION_NODES}"
                ),
                place.whole(),
            )
            .help("split the policy into several rules"),
        );
        return None;
    }
    let levels = depth(program.expression());
    if levels > MAX_EXPRESSION_DEPTH {
        out.push(
            Diagnostic::new(
                CONFIG,
                format!(
                    "the `{what}` expression nests {levels} levels deep; the limit is {MAX_EXPRESSION_DEPTH}"
                ),
                place.whole(),
            )
            .help("split the policy into several rules"),
        );
        return None;
    }
    let checked = typecheck::check(program.expression(), variables);
    let mut ok = checked.errors.is_empty();
    for error in &checked.errors {
        let mut offset = program
            .source_info()
            .offset_for(error.node)
            .map_or(0, |(start, _)| char_to_byte(text, start as usize));
        let mut len = 0;
        if let Some(word) = &error.word {
            // A name is at the node or, for a method, just before it.
            if let Some(found) = text[offset..].find(word.as_str()) {
                offset += found;
                len = word.len();
            } else if let Some(found) = text[..offset].rfind(word.as_str()) {
                offset = found;
                len = word.len();
            }
        }
        let mut d = Diagnostic::new(
            CONFIG,
            format!("in `{what}`: {}", error.message),
            place.at_len(text, offset, len),
        );
        if let Some(help) = &error.help {
            d = d.help(help.clone());
        }
        out.push(d);
    }
    if ok
        && let (Some(want), Some(ty)) = (want, checked.ty.as_ref())
        && !ty.may_be(want)
    {
        ok = false;
        out.push(Diagnostic::new(
            CONFIG,
            format!("`{what}` must be {}, found {}", want.a(), ty.a()),
            place.at(text, 0),
        ));
    }
    ok.then_some(Expression { program, checked })
}

/// Keys `at:` may name for a kind: the keys of the format, and `x-` keys.
fn at_keys(kind: Kind) -> Vec<&'static str> {
    use crate::format::{RoleField, TeamField};
    match kind {
        Kind::Role => RoleField::ALL.iter().map(|f| f.key()).collect(),
        Kind::Team => TeamField::ALL.iter().map(|f| f.key()).collect(),
        Kind::Person => crate::format::PersonField::ALL
            .iter()
            .map(|f| f.key())
            .collect(),
        Kind::Area => crate::format::AreaField::ALL
            .iter()
            .map(|f| f.key())
            .collect(),
        Kind::Org => vec!["name", "headcount", "description", "kind"],
    }
}

/// Most levels an expression may nest once parsed: evaluating it recurses
/// that deep.
pub const MAX_EXPRESSION_DEPTH: usize = 64;

/// Stack for compiling: the parser recurses once per level of the text
/// (up to [`MAX_EXPRESSION_BYTES`] levels, for `[[[[...]]]]`).
const COMPILE_STACK: usize = 512 << 20;

/// Compile the `custom-rules` mapping of a configuration. Errors are
/// pushed to `out`.
pub fn compile(
    doc: &Document,
    source: &Source,
    file: FileId,
    out: &mut Vec<Diagnostic>,
) -> CustomRules {
    if doc.pointer("/custom-rules").is_none() {
        return CustomRules::default();
    }
    // The parser recurses as deep as the text nests: on a thread with a
    // stack of its own, however the caller's thread was started.
    let compiled = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("rolelint-compile".to_owned())
            .stack_size(COMPILE_STACK)
            .spawn_scoped(scope, || {
                let mut errors = Vec::new();
                let rules = compile_all(doc, source, file, &mut errors);
                (rules, errors)
            })
            .ok()
            .and_then(|handle| handle.join().ok())
    });
    if let Some((rules, mut errors)) = compiled {
        out.append(&mut errors);
        rules
    } else {
        out.push(Diagnostic::new(
            CONFIG,
            "the custom rules could not be compiled",
            Loc::new(file, doc.key_span("/custom-rules")),
        ));
        CustomRules::default()
    }
}

fn compile_all(
    doc: &Document,
    source: &Source,
    file: FileId,
    out: &mut Vec<Diagnostic>,
) -> CustomRules {
    let mut rules = CustomRules::default();
    let Some((_, map)) = doc.pointer("/custom-rules") else {
        return rules;
    };
    let map = doc.resolve(map);
    let entries = doc.entries(map);
    if entries.len() > MAX_RULES {
        out.push(Diagnostic::new(
            CONFIG,
            format!(
                "{} custom rules are declared; the limit is {MAX_RULES}",
                entries.len()
            ),
            Loc::new(file, doc.key_span("/custom-rules")),
        ));
        return rules;
    }
    for entry in entries {
        let Some(name) = doc.key_text(source, entry.key) else {
            continue;
        };
        let key = Loc::new(file, doc.span(entry.key));
        if !is_rule_name(name) {
            out.push(
                Diagnostic::new(CONFIG, format!("`{name}` is not a rule name"), key)
                    .help("a rule name is lower-case words joined by `-`, such as `director-span`"),
            );
            continue;
        }
        if let Some(builtin) = crate::rules::registry::find(name) {
            let hint = format!(
                "name it after your policy, such as `our-{name}`; `rolelint explain {}` describes the built-in one",
                builtin.name
            );
            out.push(
                Diagnostic::new(
                    CONFIG,
                    format!("`{name}` is a built-in rule; a custom rule needs a name of its own"),
                    key,
                )
                .help(hint),
            );
            continue;
        }
        if let Some(rule) = compile_rule(doc, source, file, name, entry.value, out) {
            rules.rules.push(rule);
        }
    }
    rules
}

fn compile_rule(
    doc: &Document,
    source: &Source,
    file: FileId,
    name: &str,
    node: NodeId,
    out: &mut Vec<Diagnostic>,
) -> Option<CustomRule> {
    let node = doc.resolve(node);
    let text = |key: &str| -> Option<(&str, NodeId)> {
        let entry = doc.get(node, key)?;
        let value = doc.resolve(entry.value);
        Some((doc.as_str(value)?, value))
    };
    let place = |node| Place {
        doc,
        source,
        node,
        file,
    };
    // The schema has checked presence and types.
    let kind = text("for").and_then(|(k, _)| Kind::from_plural(k))?;
    let (assert_text, assert_node) = text("assert")?;
    let summary = text("summary")?.0.to_owned();
    let level = text("level")
        .and_then(|(l, _)| Level::parse(l))
        .or_else(|| doc.get(node, "level").map(|_| Level::Off))
        .unwrap_or(Level::Warning);
    let mut variables: Vec<(&str, Ty)> = vec![("org", Ty::Subject(Kind::Org))];
    if kind != Kind::Org {
        variables.push((kind.variable(), Ty::Subject(kind)));
    }
    let before = out.len();
    let filter = text("where").and_then(|(t, n)| {
        compile_expression(t, &place(n), &variables, Some(&Ty::Bool), "where", out)
    });
    let assert = compile_expression(
        assert_text,
        &place(assert_node),
        &variables,
        Some(&Ty::Bool),
        "assert",
        out,
    );
    let message =
        text("message").and_then(|(t, n)| message::Message::compile(t, &place(n), &variables, out));
    let at = text("at").map(|(a, n)| (a.to_owned(), n));
    if let Some((at, at_node)) = &at {
        let known = at_keys(kind);
        if !at.starts_with("x-") && !known.contains(&at.as_str()) {
            let hint = did_you_mean(at, known.iter().copied()).map_or_else(
                || {
                    format!(
                        "keys of {}: {}",
                        kind.plural(),
                        crate::suggest::code_list(known.iter().copied())
                    )
                },
                |m| format!("did you mean `{m}`?"),
            );
            out.push(
                Diagnostic::new(
                    CONFIG,
                    format!("`at: {at}` is not a key of {}", kind.plural()),
                    place(*at_node).whole(),
                )
                .help(hint),
            );
        }
    }
    if out.len() > before {
        return None;
    }
    Some(CustomRule {
        name: intern(name),
        summary,
        description: text("description").map(|(d, _)| d.to_owned()),
        level,
        kind,
        filter_text: text("where").map(|(t, _)| t.to_owned()),
        assert_text: assert_text.to_owned(),
        at: at.map(|(a, _)| a),
        help: text("help").map(|(h, _)| h.to_owned()),
        filter,
        assert: assert?,
        message,
    })
}
