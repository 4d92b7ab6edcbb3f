//! The builder: one pass over `saphyr-parser` events into a [`Document`],
//! enforcing the limits as it goes.

use super::chars::CharToByte;
use super::scalar::{Scalar, resolve_scalar};
use super::{ALIAS_BUDGET, Document, Entry, Loaded, MAX_DEPTH, MAX_KEY_BYTES, Node, NodeId, Repr};
use super::{problems, tags};
use crate::diagnostic::{Diagnostic, FileId, Loc, SCHEMA, SYNTAX};
use crate::source::{Source, Span};
use foldhash::HashMap;
use foldhash::HashMapExt as _;
use saphyr_parser::{Event, Parser, ScalarStyle};

/// An open container. Its children collect at the end of the builder's
/// pending lists, from `start`, and move to the flat arrays when it closes.
enum Frame {
    Seq {
        id: NodeId,
        start: usize,
        size: u64,
        anchored: bool,
    },
    Map {
        id: NodeId,
        start: usize,
        key: Option<NodeId>,
        size: u64,
        anchored: bool,
    },
}

/// A byte offset as stored (files are capped far below 4 GiB).
fn offset32(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

struct Builder<'a> {
    source: &'a Source,
    file: FileId,
    conv: CharToByte<'a>,
    nodes: Vec<Node>,
    items: Vec<NodeId>,
    entries: Vec<Entry>,
    strings: Vec<String>,
    pending_items: Vec<NodeId>,
    pending_entries: Vec<Entry>,
    /// For each completed node with an anchor: its expanded size (nodes,
    /// once its aliases are expanded) and height (container levels; 0 for
    /// a scalar). Only an alias needs them, and only anchored nodes can be
    /// aliased: other nodes pass theirs to their parent and keep nothing.
    anchored: HashMap<NodeId, (u64, u32)>,
    /// For each open container, the greatest height among its children.
    open_heights: Vec<u32>,
    anchors: HashMap<usize, NodeId>,
    stack: Vec<Frame>,
    root: Option<NodeId>,
    alias_total: u64,
    syntax: Vec<Diagnostic>,
    schema: Vec<Diagnostic>,
}

/// Load one YAML document from a source.
pub(super) fn load(source: &Source, file: FileId) -> Loaded {
    let mut b = Builder {
        source,
        file,
        conv: CharToByte::new(source.text()),
        nodes: Vec::new(),
        items: Vec::new(),
        entries: Vec::new(),
        strings: Vec::new(),
        pending_items: Vec::new(),
        pending_entries: Vec::new(),
        anchored: HashMap::new(),
        open_heights: Vec::new(),
        anchors: HashMap::new(),
        stack: Vec::new(),
        root: None,
        alias_total: 0,
        syntax: Vec::new(),
        schema: Vec::new(),
    };
    // About three nodes a line in block style; reserved up front so the
    // largest array is not doubled past what it holds.
    let text = source.text();
    b.nodes
        .reserve((source.line_count() * 3).min(text.len() / 2 + 16));
    b.run();
    Loaded {
        doc: Document {
            text: source.shared_text(),
            nodes: b.nodes,
            items: b.items,
            entries: b.entries,
            strings: b.strings,
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
                    if err.info().contains("tab") {
                        let d = problems::tab(self.source, self.file, at);
                        self.syntax.push(d);
                        return;
                    }
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
                    // The scalar itself, after its anchor and tag.
                    let written_from = span.start;
                    let span = if anchor > 0 || tag.is_some() {
                        problems::after_properties(self.source.text(), span)
                    } else {
                        span
                    };
                    let span = self.scalar_span(span, &value, style);
                    let resolved = match tag.as_deref() {
                        None => resolve_scalar(&value, style),
                        Some(tag) => {
                            let (resolved, refused) = tags::resolve_tagged(&value, style, tag);
                            if let Some(message) = refused {
                                let at = self.loc(Span::new(written_from, span.end));
                                self.schema.push(problems::tag(message, at));
                            }
                            resolved
                        }
                    };
                    if resolved == Scalar::BadNumber {
                        self.schema
                            .push(problems::bad_number(&value, self.loc(span)));
                    }
                    let repr = self.scalar_repr(resolved, &value, span, style);
                    let id = self.push_node(repr, span);
                    if anchor > 0 {
                        self.anchors.insert(anchor, id);
                        self.anchored.insert(id, (1, 0));
                    }
                    self.attach(id, 1, 0);
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
                    // An anchored node is recorded when it completes: one
                    // still open contains this alias.
                    let Some(&(size, height)) = self.anchored.get(&target) else {
                        self.syntax_error("alias refers to a node that contains it", span);
                        return;
                    };
                    // Expanded later (JSON, validation, serde, drop), the
                    // alias nests its target's levels below this one.
                    if self.stack.len() + height as usize > MAX_DEPTH {
                        self.syntax_error(
                            format!(
                                "this alias nests its anchor's {height} levels at depth {}, deeper than {MAX_DEPTH} levels once expanded",
                                self.stack.len()
                            ),
                            span,
                        );
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
                    let id = self.push_node(Repr::Alias(target), span);
                    self.attach(id, size, height);
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
                    if let Some(message) =
                        tag.and_then(|tag| tags::refuse_on_collection(&tag, is_map))
                    {
                        let at = Span::new(span.start, self.source.clamp(span.start + 1));
                        self.schema.push(problems::tag(message, self.loc(at)));
                    }
                    let placeholder = if is_map {
                        Repr::Map { start: 0, len: 0 }
                    } else {
                        Repr::Seq { start: 0, len: 0 }
                    };
                    let id = self.push_node(placeholder, Span::point(span.start));
                    let anchored = anchor > 0;
                    if anchored {
                        self.anchors.insert(anchor, id);
                    }
                    self.open_heights.push(0);
                    self.stack.push(if is_map {
                        Frame::Map {
                            id,
                            start: self.pending_entries.len(),
                            key: None,
                            size: 1,
                            anchored,
                        }
                    } else {
                        Frame::Seq {
                            id,
                            start: self.pending_items.len(),
                            size: 1,
                            anchored,
                        }
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.stack.pop() else {
                        return;
                    };
                    let (id, repr, size, last_child, anchored) = match frame {
                        Frame::Seq {
                            id,
                            start,
                            size,
                            anchored,
                        } => {
                            let last = self
                                .pending_items
                                .last()
                                .copied()
                                .filter(|_| self.pending_items.len() > start);
                            let at = offset32(self.items.len());
                            self.items.extend_from_slice(&self.pending_items[start..]);
                            self.pending_items.truncate(start);
                            let len = offset32(self.items.len()) - at;
                            (id, Repr::Seq { start: at, len }, size, last, anchored)
                        }
                        Frame::Map {
                            id,
                            start,
                            size,
                            anchored,
                            ..
                        } => {
                            let last = self.pending_entries[start..].last().map(|e| e.value);
                            let at = self.entries.len();
                            self.entries
                                .extend_from_slice(&self.pending_entries[start..]);
                            self.pending_entries.truncate(start);
                            self.check_duplicates(at, self.entries.len());
                            let len = offset32(self.entries.len() - at);
                            let repr = Repr::Map {
                                start: offset32(at),
                                len,
                            };
                            (id, repr, size, last, anchored)
                        }
                    };
                    let start = self.nodes[id as usize].start as usize;
                    let mut end = last_child.map_or(start, |c| self.nodes[c as usize].end as usize);
                    let opener = self.source.text().as_bytes().get(start).copied();
                    if matches!(opener, Some(b'[' | b'{')) {
                        end = end.max(span.end);
                    }
                    let node = &mut self.nodes[id as usize];
                    node.repr = repr;
                    node.start = offset32(start);
                    node.end = offset32(end);
                    let size = size.max(1);
                    let height = 1 + self.open_heights.pop().unwrap_or(0);
                    if anchored {
                        self.anchored.insert(id, (size, height));
                    }
                    self.attach(id, size, height);
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

    /// How a scalar is stored: a range of the source when its value reads
    /// exactly as written (most plain and quoted scalars), else decoded.
    fn scalar_repr(
        &mut self,
        resolved: Scalar,
        value: &str,
        span: Span,
        style: ScalarStyle,
    ) -> Repr {
        match resolved {
            Scalar::Null => return Repr::Null,
            Scalar::Bool(b) => return Repr::Bool(b),
            Scalar::Int(i) => return Repr::Int(i),
            Scalar::Float(f) => return Repr::Float(f),
            Scalar::BadNumber => {
                self.strings.push(value.to_owned());
                return Repr::BadNumber(offset32(self.strings.len() - 1));
            }
            Scalar::Str => {}
        }
        let inner = match style {
            ScalarStyle::Plain => Some(span),
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if span.len() >= 2 => {
                Some(Span::new(span.start + 1, span.end - 1))
            }
            _ => None,
        };
        if let Some(inner) = inner
            && self.source.text().get(inner.start..inner.end) == Some(value)
        {
            return Repr::Slice {
                start: offset32(inner.start),
                len: offset32(inner.len()),
            };
        }
        self.strings.push(value.to_owned());
        Repr::Decoded(offset32(self.strings.len() - 1))
    }

    /// The string a scalar node holds, if it is one.
    fn str_of(&self, id: NodeId) -> Option<&str> {
        match self.nodes[id as usize].repr {
            Repr::Slice { start, len } => self
                .source
                .text()
                .get(start as usize..(start + len) as usize),
            Repr::Decoded(i) => self.strings.get(i as usize).map(String::as_str),
            _ => None,
        }
    }

    fn push_node(&mut self, repr: Repr, span: Span) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).unwrap_or(NodeId::MAX);
        self.nodes.push(Node {
            repr,
            start: offset32(span.start),
            end: offset32(span.end),
        });
        id
    }

    /// Give a completed node to the container that is open.
    /// `size` and `height`: the node's expanded size and height.
    fn attach(&mut self, id: NodeId, size: u64, height: u32) {
        if let Some(open) = self.open_heights.last_mut() {
            *open = (*open).max(height);
        }
        let start = self.nodes[id as usize].start;
        // Only a key's length is checked.
        let str_len = match self.stack.last() {
            Some(Frame::Map { key: None, .. }) => self.str_of(id).map(str::len),
            _ => None,
        };
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(id);
                }
            }
            Some(Frame::Seq {
                id: parent,
                start: first,
                size: total,
                ..
            }) => {
                if self.pending_items.len() == *first {
                    let p = &mut self.nodes[*parent as usize];
                    p.start = p.start.min(start);
                }
                self.pending_items.push(id);
                *total = total.saturating_add(size);
            }
            Some(Frame::Map {
                id: parent,
                start: first,
                key,
                size: total,
                ..
            }) => {
                *total = total.saturating_add(size);
                match key.take() {
                    None => {
                        if self.pending_entries.len() == *first {
                            let p = &mut self.nodes[*parent as usize];
                            p.start = p.start.min(start);
                        }
                        *key = Some(id);
                        if let Some(len) = str_len
                            && len > MAX_KEY_BYTES
                        {
                            let at = self.nodes[id as usize].start as usize;
                            let head = Span::new(at, self.source.clamp(at + 40));
                            let d = Diagnostic::new(
                                SYNTAX,
                                format!(
                                    "a key of {len} bytes is longer than the limit of {MAX_KEY_BYTES}"
                                ),
                                Loc::new(self.file, head),
                            );
                            self.syntax.push(d);
                        }
                    }
                    Some(k) => self.pending_entries.push(Entry { key: k, value: id }),
                }
            }
        }
        if let Some(key_id) = self.last_key_if_complex(id) {
            let span = self.span_of(key_id);
            let d = Diagnostic::new(SCHEMA, "mapping keys must be plain strings", self.loc(span));
            self.schema.push(d);
        }
    }

    /// When `id` was just taken as a key and is a sequence or mapping.
    fn last_key_if_complex(&self, id: NodeId) -> Option<NodeId> {
        match self.stack.last() {
            Some(Frame::Map { key: Some(k), .. }) if *k == id => matches!(
                self.nodes[self.resolve(id) as usize].repr,
                Repr::Seq { .. } | Repr::Map { .. }
            )
            .then_some(id),
            _ => None,
        }
    }

    fn resolve(&self, mut id: NodeId) -> NodeId {
        while let Repr::Alias(t) = self.nodes[id as usize].repr {
            id = t;
        }
        id
    }

    fn key_of(&self, key: NodeId) -> Option<&str> {
        let target = self.resolve(key);
        match self.nodes[target as usize].repr {
            Repr::Slice { .. } | Repr::Decoded(_) => self.str_of(target),
            Repr::Seq { .. } | Repr::Map { .. } => None,
            _ => Some(self.source.slice(self.span_of(key))),
        }
    }

    fn span_of(&self, id: NodeId) -> Span {
        let n = &self.nodes[id as usize];
        Span::new(n.start as usize, n.end as usize)
    }

    /// Report keys that repeat among `entries[from..to]`.
    fn check_duplicates(&mut self, from: usize, to: usize) {
        let entries = &self.entries[from..to];
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
                self.loc(self.span_of(second)),
            )
            .label(self.loc(self.span_of(first)), "first defined here")
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
