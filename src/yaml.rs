//! The span-keeping YAML tree, built in one pass over `saphyr-parser` events.
//!
//! Building the tree ourselves (rather than through `saphyr`'s loader) lets
//! one pass enforce every limit before it can hurt: nesting depth (checked
//! on each container start, so a 100,000-level file stops at level 257 and
//! never recurses), alias expansion (each alias adds its target's expanded
//! size to a budget, so a "billion laughs" file stops at the alias that
//! crosses it), and duplicate keys (checked as each mapping closes).

use crate::diagnostic::{Diagnostic, FileId, Loc, SCHEMA, SYNTAX};
use crate::source::{Source, Span};
use foldhash::HashMap;
use foldhash::HashMapExt as _;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

/// Maximum nesting of sequences and mappings.
pub const MAX_DEPTH: usize = 256;
/// Maximum number of nodes that aliases may add by expansion.
pub const ALIAS_BUDGET: u64 = 1_000_000;
/// Longest mapping key, in bytes.
pub const MAX_KEY_BYTES: usize = 1024;

pub type NodeId = u32;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A plain scalar that reads as a number JSON cannot hold (`.inf`,
    /// `.nan`, `1e400`, an integer beyond 64 bits); kept as its text.
    BadNumber(String),
    Str(String),
    Seq(Vec<NodeId>),
    Map(Vec<Entry>),
    Alias(NodeId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// One YAML document as a tree of nodes with byte spans.
#[derive(Debug, Default)]
pub struct Document {
    nodes: Vec<Node>,
    root: Option<NodeId>,
}

impl Document {
    #[must_use]
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    #[must_use]
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// Every node, in the order they were built.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter()
    }

    #[must_use]
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The node an alias stands for (the node itself otherwise).
    #[must_use]
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        while let Value::Alias(target) = self.node(id).value {
            id = target;
        }
        id
    }

    #[must_use]
    pub fn span(&self, id: NodeId) -> Span {
        self.node(id).span
    }

    /// The string of a scalar key or value, if it is one.
    #[must_use]
    pub fn as_str(&self, id: NodeId) -> Option<&str> {
        match &self.node(self.resolve(id)).value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text a scalar key is known by (numbers and booleans as written).
    #[must_use]
    pub fn key_text<'a>(&'a self, source: &'a Source, key: NodeId) -> Option<&'a str> {
        match &self.node(key).value {
            Value::Str(s) => Some(s),
            Value::Seq(_) | Value::Map(_) => None,
            Value::Alias(target) => self.key_text(source, *target),
            _ => Some(source.slice(self.span(key))),
        }
    }

    #[must_use]
    pub fn entries(&self, id: NodeId) -> &[Entry] {
        match &self.node(self.resolve(id)).value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    #[must_use]
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match &self.node(self.resolve(id)).value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The entry of mapping `map` whose key is `key`.
    #[must_use]
    pub fn get(&self, map: NodeId, key: &str) -> Option<Entry> {
        self.entries(map)
            .iter()
            .copied()
            .find(|e| self.as_str(e.key) == Some(key))
    }

    /// Follow a JSON pointer (RFC 6901). Returns the entry's key as well when
    /// the last step goes through a mapping.
    #[must_use]
    pub fn pointer(&self, pointer: &str) -> Option<(Option<NodeId>, NodeId)> {
        let mut node = self.root?;
        let mut key = None;
        if pointer.is_empty() {
            return Some((None, node));
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            let resolved = self.resolve(node);
            match &self.node(resolved).value {
                Value::Map(_) => {
                    let entry = self.get(resolved, &segment)?;
                    key = Some(entry.key);
                    node = entry.value;
                }
                Value::Seq(items) => {
                    let index: usize = segment.parse().ok()?;
                    node = *items.get(index)?;
                    key = None;
                }
                _ => return None,
            }
        }
        Some((key, node))
    }

    /// The span of the value at `pointer`, or of the deepest node on its way.
    #[must_use]
    pub fn pointer_span(&self, pointer: &str) -> Span {
        if let Some((_, node)) = self.pointer(pointer) {
            return self.span(node);
        }
        let mut prefix = pointer;
        while let Some(cut) = prefix.rfind('/') {
            prefix = &prefix[..cut];
            if let Some((_, node)) = self.pointer(prefix) {
                return self.span(node);
            }
        }
        Span::point(0)
    }

    /// The span of the key at `pointer` (falls back to the value's span).
    #[must_use]
    pub fn key_span(&self, pointer: &str) -> Span {
        match self.pointer(pointer) {
            Some((Some(key), _)) => self.span(key),
            _ => self.pointer_span(pointer),
        }
    }

    /// Convert to JSON for schema validation. Keys that are not scalars are
    /// skipped (the loader reported them). Aliases were bounded on load.
    #[must_use]
    pub fn to_json(&self, source: &Source, id: NodeId) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.node(id).value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::BadNumber(text) | Value::Str(text) => J::String(text.clone()),
            Value::Seq(items) => J::Array(items.iter().map(|&i| self.to_json(source, i)).collect()),
            Value::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for entry in entries {
                    if let Some(key) = self.key_text(source, entry.key) {
                        map.insert(key.to_owned(), self.to_json(source, entry.value));
                    }
                }
                J::Object(map)
            }
            Value::Alias(target) => self.to_json(source, *target),
        }
    }
}

/// Result of loading: the tree (possibly partial) and the problems found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub doc: Document,
    /// `syntax` findings: the document is not usable when any exist.
    pub syntax: Vec<Diagnostic>,
    /// `schema` findings the loader can see (custom tags, non-scalar keys).
    pub schema: Vec<Diagnostic>,
}

/// Converts saphyr's character-based markers to byte offsets.
struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    /// Byte offset of every 64th character.
    checkpoints: Vec<usize>,
}

impl<'a> CharToByte<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let checkpoints = if ascii {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(64)
                .map(|(b, _)| b)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        Self {
            text,
            ascii,
            checkpoints,
        }
    }

    fn byte(&self, m: &Marker) -> usize {
        let index = m.index();
        if self.ascii {
            return index.min(self.text.len());
        }
        let Some(&base) = self.checkpoints.get(index / 64) else {
            return self.text.len();
        };
        self.text[base..]
            .char_indices()
            .nth(index % 64)
            .map_or(self.text.len(), |(b, _)| base + b)
    }
}

enum Frame {
    Seq {
        id: NodeId,
        items: Vec<NodeId>,
        size: u64,
    },
    Map {
        id: NodeId,
        entries: Vec<Entry>,
        key: Option<NodeId>,
        size: u64,
    },
}

struct Builder<'a> {
    source: &'a Source,
    file: FileId,
    conv: CharToByte<'a>,
    nodes: Vec<Node>,
    /// Expanded size of each completed node (0 while still open).
    sizes: Vec<u64>,
    anchors: HashMap<usize, NodeId>,
    stack: Vec<Frame>,
    root: Option<NodeId>,
    alias_total: u64,
    syntax: Vec<Diagnostic>,
    schema: Vec<Diagnostic>,
}

/// Load one YAML document from a source.
#[must_use]
pub fn load(source: &Source, file: FileId) -> Loaded {
    let mut b = Builder {
        source,
        file,
        conv: CharToByte::new(source.text()),
        nodes: Vec::new(),
        sizes: Vec::new(),
        anchors: HashMap::new(),
        stack: Vec::new(),
        root: None,
        alias_total: 0,
        syntax: Vec::new(),
        schema: Vec::new(),
    };
    b.run();
    Loaded {
        doc: Document {
            nodes: b.nodes,
            root: b.root,
        },
        syntax: b.syntax,
        schema: b.schema,
    }
}

impl Builder<'_> {
    fn loc(&self, span: Span) -> Loc {
        Loc::new(self.file, span)
    }

    fn syntax_error(&mut self, message: impl Into<String>, span: Span) {
        let d = Diagnostic::new(SYNTAX, message, self.loc(span));
        self.syntax.push(d);
    }

    fn run(&mut self) {
        let mut parser = Parser::new_from_str(self.source.text());
        let mut documents = 0usize;
        let mut second_doc: Option<Span> = None;
        while let Some(next) = parser.next_event() {
            let (event, mspan) = match next {
                Ok(ok) => ok,
                Err(err) => {
                    let at = self.conv.byte(err.marker());
                    let end = self.source.clamp(at + 1).max(at);
                    self.syntax_error(describe_scan_error(err.info()), Span::new(at, end));
                    return;
                }
            };
            let span = Span::new(self.conv.byte(&mspan.start), self.conv.byte(&mspan.end));
            let is_map = matches!(event, Event::MappingStart(..));
            match event {
                Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
                Event::StreamEnd => return,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        second_doc = Some(span);
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    if let Some(at) = second_doc {
                        if self.stack.is_empty()
                            && value.is_empty()
                            && matches!(style, ScalarStyle::Plain)
                        {
                            continue;
                        }
                        self.second_document(at);
                        return;
                    }
                    let tag = tag.map(|t| t.to_string());
                    let node_value = resolve_scalar(&value, style, tag.as_deref());
                    if let Some(tag) = tag.as_deref() {
                        self.check_tag(tag, span);
                    }
                    let span = self.scalar_span(span, &value, style);
                    let id = self.push_node(node_value, span, 1);
                    if anchor > 0 {
                        self.anchors.insert(anchor, id);
                    }
                    self.attach(id);
                }
                Event::Alias(anchor) => {
                    if second_doc.is_some() {
                        self.second_document(second_doc.unwrap_or_default());
                        return;
                    }
                    let Some(&target) = self.anchors.get(&anchor) else {
                        self.syntax_error("alias refers to an unknown anchor", span);
                        return;
                    };
                    let size = self.sizes[target as usize];
                    if size == 0 {
                        self.syntax_error("alias refers to a node that contains it", span);
                        return;
                    }
                    self.alias_total = self.alias_total.saturating_add(size);
                    if self.alias_total > ALIAS_BUDGET {
                        self.syntax_error(
                            format!(
                                "aliases expand to more than {ALIAS_BUDGET} nodes (a \"billion laughs\" document?)"
                            ),
                            span,
                        );
                        return;
                    }
                    let id = self.push_node(Value::Alias(target), span, size);
                    self.attach(id);
                }
                Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                    if let Some(at) = second_doc {
                        self.second_document(at);
                        return;
                    }
                    if self.stack.len() >= MAX_DEPTH {
                        self.syntax_error(
                            format!("nesting is deeper than {MAX_DEPTH} levels"),
                            Span::new(span.start, self.source.clamp(span.start + 1)),
                        );
                        return;
                    }
                    if let Some(tag) = tag {
                        self.check_tag(&tag.to_string(), span);
                    }
                    let placeholder = if is_map {
                        Value::Map(Vec::new())
                    } else {
                        Value::Seq(Vec::new())
                    };
                    let id = self.push_node(placeholder, Span::point(span.start), 0);
                    if anchor > 0 {
                        self.anchors.insert(anchor, id);
                    }
                    self.stack.push(if is_map {
                        Frame::Map {
                            id,
                            entries: Vec::new(),
                            key: None,
                            size: 1,
                        }
                    } else {
                        Frame::Seq {
                            id,
                            items: Vec::new(),
                            size: 1,
                        }
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.stack.pop() else {
                        return;
                    };
                    let (id, value, size, last_child) = match frame {
                        Frame::Seq {
                            id, items, size, ..
                        } => {
                            let last = items.last().copied();
                            (id, Value::Seq(items), size, last)
                        }
                        Frame::Map {
                            id, entries, size, ..
                        } => {
                            let last = entries.last().map(|e| e.value);
                            self.check_duplicates(&entries);
                            (id, Value::Map(entries), size, last)
                        }
                    };
                    let start = self.nodes[id as usize].span.start;
                    let mut end = last_child.map_or(start, |c| self.nodes[c as usize].span.end);
                    let opener = self.source.text().as_bytes().get(start).copied();
                    if matches!(opener, Some(b'[' | b'{')) {
                        end = end.max(span.end);
                    }
                    let node = &mut self.nodes[id as usize];
                    node.value = value;
                    node.span = Span::new(start, end);
                    self.sizes[id as usize] = size.max(1);
                    self.attach(id);
                }
            }
        }
    }

    fn second_document(&mut self, at: Span) {
        self.syntax_error(
            "a second document starts here; a roles file holds exactly one",
            at,
        );
    }

    fn check_tag(&mut self, tag: &str, span: Span) {
        if !tag.starts_with("tag:yaml.org,2002:") {
            let d = Diagnostic::new(
                SCHEMA,
                format!("custom tag `{tag}` is not allowed"),
                self.loc(span),
            )
            .help("remove the tag; roles files use plain YAML values");
            self.schema.push(d);
        }
    }

    /// A scalar's span as written, including its quotes.
    fn scalar_span(&self, span: Span, value: &str, style: ScalarStyle) -> Span {
        let text = self.source.text();
        let end = span.end.min(text.len());
        if end > span.start || value.is_empty() {
            return Span::new(span.start, end);
        }
        match style {
            ScalarStyle::Plain => Span::new(span.start, (span.start + value.len()).min(text.len())),
            _ => span,
        }
    }

    fn push_node(&mut self, value: Value, span: Span, size: u64) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).unwrap_or(NodeId::MAX);
        self.nodes.push(Node { value, span });
        self.sizes.push(size);
        id
    }

    /// Give a completed node to the container that is open.
    fn attach(&mut self, id: NodeId) {
        let size = self.sizes[id as usize];
        let start = self.nodes[id as usize].span.start;
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(id);
                }
            }
            Some(Frame::Seq {
                id: parent,
                items,
                size: total,
                ..
            }) => {
                if items.is_empty() {
                    let p = &mut self.nodes[*parent as usize].span;
                    p.start = p.start.min(start);
                }
                items.push(id);
                *total = total.saturating_add(size);
            }
            Some(Frame::Map {
                id: parent,
                entries,
                key,
                size: total,
                ..
            }) => {
                *total = total.saturating_add(size);
                match key.take() {
                    None => {
                        if entries.is_empty() {
                            let p = &mut self.nodes[*parent as usize].span;
                            p.start = p.start.min(start);
                        }
                        *key = Some(id);
                        if let Value::Str(text) = &self.nodes[id as usize].value
                            && text.len() > MAX_KEY_BYTES
                        {
                            let span = self.nodes[id as usize].span;
                            let head = Span::new(span.start, self.source.clamp(span.start + 40));
                            let d = Diagnostic::new(
                                SYNTAX,
                                format!(
                                    "a key of {} bytes is longer than the limit of {MAX_KEY_BYTES}",
                                    text.len()
                                ),
                                Loc::new(self.file, head),
                            );
                            self.syntax.push(d);
                        }
                    }
                    Some(k) => entries.push(Entry { key: k, value: id }),
                }
            }
        }
        if let Some(key_id) = self.last_key_if_complex(id) {
            let span = self.nodes[key_id as usize].span;
            let d = Diagnostic::new(SCHEMA, "mapping keys must be plain strings", self.loc(span));
            self.schema.push(d);
        }
    }

    /// When `id` was just taken as a key and is a sequence or mapping.
    fn last_key_if_complex(&self, id: NodeId) -> Option<NodeId> {
        match self.stack.last() {
            Some(Frame::Map { key: Some(k), .. }) if *k == id => matches!(
                self.nodes[self.resolve(id) as usize].value,
                Value::Seq(_) | Value::Map(_)
            )
            .then_some(id),
            _ => None,
        }
    }

    fn resolve(&self, mut id: NodeId) -> NodeId {
        while let Value::Alias(t) = self.nodes[id as usize].value {
            id = t;
        }
        id
    }

    fn key_of(&self, key: NodeId) -> Option<&str> {
        match &self.nodes[self.resolve(key) as usize].value {
            Value::Str(s) => Some(s),
            Value::Seq(_) | Value::Map(_) => None,
            _ => Some(self.source.slice(self.nodes[key as usize].span)),
        }
    }

    fn check_duplicates(&mut self, entries: &[Entry]) {
        let mut dups: Vec<(NodeId, NodeId)> = Vec::new();
        if entries.len() <= 16 {
            for (i, a) in entries.iter().enumerate() {
                let Some(ka) = self.key_of(a.key) else {
                    continue;
                };
                if let Some(b) = entries[i + 1..]
                    .iter()
                    .find(|b| self.key_of(b.key) == Some(ka))
                {
                    dups.push((a.key, b.key));
                }
            }
        } else {
            let mut seen: HashMap<&str, NodeId> = HashMap::with_capacity(entries.len());
            for e in entries {
                if let Some(k) = self.key_of(e.key) {
                    if let Some(&first) = seen.get(k) {
                        dups.push((first, e.key));
                    } else {
                        seen.insert(k, e.key);
                    }
                }
            }
        }
        dups.sort_by_key(|&(_, second)| second);
        dups.dedup_by_key(|&mut (_, second)| second);
        for (first, second) in dups {
            let name = self.key_of(second).unwrap_or_default().to_owned();
            let d = Diagnostic::new(
                SYNTAX,
                format!("duplicate key `{name}` in mapping"),
                self.loc(self.nodes[second as usize].span),
            )
            .label(
                self.loc(self.nodes[first as usize].span),
                "first defined here",
            )
            .help("remove one of the two keys or merge their values");
            self.syntax.push(d);
        }
    }
}

fn describe_scan_error(info: &str) -> String {
    let info = info.trim_end_matches('.');
    if info.contains("recursion limit") {
        return format!("nesting is deeper than {MAX_DEPTH} levels");
    }
    if info.contains("simple key expect ':'") {
        return "invalid YAML: expected `:` after this key (a key on one line may be at most 1024 characters)".to_owned();
    }
    format!("invalid YAML: {info}")
}

/// Resolve a scalar by the YAML 1.2 core schema.
fn resolve_scalar(value: &str, style: ScalarStyle, tag: Option<&str>) -> Value {
    if !matches!(style, ScalarStyle::Plain) || tag == Some("tag:yaml.org,2002:str") {
        return Value::Str(value.to_owned());
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Value::BadNumber(value.to_owned()),
        _ => {}
    }
    if let Some(int) = resolve_int(value) {
        return int;
    }
    if is_core_float(value) {
        return match value.parse::<f64>() {
            Ok(f) if f.is_finite() => Value::Float(f),
            _ => Value::BadNumber(value.to_owned()),
        };
    }
    Value::Str(value.to_owned())
}

fn resolve_int(value: &str) -> Option<Value> {
    let (digits, radix) = if let Some(hex) = value.strip_prefix("0x") {
        (hex, 16)
    } else if let Some(oct) = value.strip_prefix("0o") {
        (oct, 8)
    } else {
        let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some(
            value
                .parse::<i64>()
                .map_or_else(|_| Value::BadNumber(value.to_owned()), Value::Int),
        );
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(
        i64::from_str_radix(digits, radix)
            .map_or_else(|_| Value::BadNumber(value.to_owned()), Value::Int),
    )
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
fn is_core_float(value: &str) -> bool {
    let b = value.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int_digits = digits(&mut i);
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        frac_digits = digits(&mut i);
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> (Source, Loaded) {
        let source = Source::new("t.yaml", text);
        let loaded = load(&source, FileId(0));
        (source, loaded)
    }

    #[test]
    fn core_schema_scalars() {
        assert_eq!(
            resolve_scalar("no", ScalarStyle::Plain, None),
            Value::Str("no".into())
        );
        assert_eq!(
            resolve_scalar("on", ScalarStyle::Plain, None),
            Value::Str("on".into())
        );
        assert_eq!(
            resolve_scalar("0x10", ScalarStyle::Plain, None),
            Value::Int(16)
        );
        assert_eq!(
            resolve_scalar("0o10", ScalarStyle::Plain, None),
            Value::Int(8)
        );
        assert_eq!(
            resolve_scalar("4.5", ScalarStyle::Plain, None),
            Value::Float(4.5)
        );
        assert_eq!(
            resolve_scalar("-3", ScalarStyle::Plain, None),
            Value::Int(-3)
        );
        assert!(matches!(
            resolve_scalar("1e400", ScalarStyle::Plain, None),
            Value::BadNumber(_)
        ));
        assert!(matches!(
            resolve_scalar("99999999999999999999999", ScalarStyle::Plain, None),
            Value::BadNumber(_)
        ));
        assert!(matches!(
            resolve_scalar(".nan", ScalarStyle::Plain, None),
            Value::BadNumber(_)
        ));
        assert_eq!(
            resolve_scalar("12", ScalarStyle::DoubleQuoted, None),
            Value::Str("12".into())
        );
        assert_eq!(
            resolve_scalar("1.2.3", ScalarStyle::Plain, None),
            Value::Str("1.2.3".into())
        );
    }

    #[test]
    fn spans_for_keys_and_values() {
        let (source, l) =
            load_str("org:\n  name: \"Contra\"\n  headcount: 45\nroles:\n  - id: cto\n");
        assert!(l.syntax.is_empty(), "{:?}", l.syntax);
        let (key, value) = l.doc.pointer("/org/name").unwrap();
        assert_eq!(source.slice(l.doc.span(key.unwrap())), "name");
        assert_eq!(source.slice(l.doc.span(value)), "\"Contra\"");
        let (_, value) = l.doc.pointer("/roles/0/id").unwrap();
        assert_eq!(source.slice(l.doc.span(value)), "cto");
        assert_eq!(source.position(l.doc.span(value).start).line, 5);
        let (_, org) = l.doc.pointer("/org").unwrap();
        assert_eq!(
            source.slice(l.doc.span(org)),
            "name: \"Contra\"\n  headcount: 45"
        );
    }

    #[test]
    fn non_ascii_spans_are_bytes() {
        let (source, l) = load_str("name: Zoë Ça\nnext: ünï\n");
        let (_, value) = l.doc.pointer("/next").unwrap();
        assert_eq!(source.slice(l.doc.span(value)), "ünï");
    }

    #[test]
    fn duplicate_keys_point_at_both() {
        let (source, l) = load_str("a: 1\nb: 2\na: 3\n");
        assert_eq!(l.syntax.len(), 1);
        let d = &l.syntax[0];
        assert_eq!(source.position(d.primary.span.start).line, 3);
        assert_eq!(source.position(d.labels[0].loc.span.start).line, 1);
    }

    #[test]
    fn duplicate_keys_in_large_mapping() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k7: again\n");
        let (_, l) = load_str(&text);
        assert_eq!(l.syntax.len(), 1);
    }

    #[test]
    fn deep_nesting_is_a_syntax_error() {
        let text = "[".repeat(100_000);
        let (_, l) = load_str(&text);
        assert!(
            l.syntax[0].message.contains("deeper than 256"),
            "{:?}",
            &l.syntax[0]
        );
        // Compact block sequences: `- - - ... x` nests one level per dash.
        let block = format!("{}x\n", "- ".repeat(100_000));
        let (_, l) = load_str(&block);
        assert!(
            l.syntax[0].message.contains("deeper than 256"),
            "{:?}",
            &l.syntax[..1]
        );
        let mut indented = String::new();
        for i in 0..300 {
            indented.push_str(&" ".repeat(i));
            indented.push_str("a:\n");
        }
        let (_, l) = load_str(&indented);
        assert!(
            l.syntax[0].message.contains("deeper than 256"),
            "{:?}",
            &l.syntax[..1]
        );
    }

    #[test]
    fn billion_laughs_is_bounded() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let prev = i - 1;
            let refs = vec![format!("*a{prev}"); 9].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let (_, l) = load_str(&text);
        assert!(l.syntax[0].message.contains("aliases expand"));
        assert!(started.elapsed().as_secs() < 1);
    }

    #[test]
    fn long_keys_are_refused() {
        let (_, l) = load_str(&format!("? {}\n: 1\n", "k".repeat(2000)));
        assert!(
            l.syntax[0].message.contains("longer than the limit"),
            "{:?}",
            l.syntax
        );
    }

    #[test]
    fn second_document_is_an_error() {
        let (_, l) = load_str("a: 1\n---\nb: 2\n");
        assert!(l.syntax[0].message.contains("second document"));
        let (_, l) = load_str("---\na: 1\n...\n");
        assert!(l.syntax.is_empty());
    }

    #[test]
    fn custom_tags_are_schema_errors() {
        let (_, l) = load_str("a: !foo bar\nb: !!str 12\n");
        assert_eq!(l.schema.len(), 1);
        assert!(l.schema[0].message.contains("!foo"));
    }
}
