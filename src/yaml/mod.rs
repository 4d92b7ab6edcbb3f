//! The span-keeping YAML tree, built in one pass over `saphyr-parser` events.
//!
//! Building the tree ourselves (rather than through `saphyr`'s loader) lets
//! one pass enforce every limit before it can hurt: nesting depth (checked
//! on each container start, so a 100,000-level file stops at level 257 and
//! never recurses), alias expansion (each alias adds its target's expanded
//! size to a budget, so a "billion laughs" file stops at the alias that
//! crosses it), and duplicate keys (checked as each mapping closes).

mod build;
mod chars;
mod problems;
mod scalar;
mod tags;

use crate::diagnostic::{Diagnostic, FileId};
use crate::source::{Source, Span};

/// Maximum nesting of sequences and mappings.
pub const MAX_DEPTH: usize = 256;
/// Maximum number of nodes that aliases may add by expansion.
pub const ALIAS_BUDGET: u64 = 1_000_000;
/// Longest mapping key, in bytes.
pub const MAX_KEY_BYTES: usize = 1024;

pub type NodeId = u32;

/// A node's value, borrowed from its [`Document`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A plain scalar that reads as a number JSON cannot hold (`.inf`,
    /// `.nan`, `1e400`, an integer beyond 64 bits); kept as its text.
    BadNumber(&'a str),
    Str(&'a str),
    Seq(&'a [NodeId]),
    Map(&'a [Entry]),
    Alias(NodeId),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
}

/// Where a node's text or children are: 16 bytes, no allocation per node.
/// Strings that read exactly as written are ranges of the source text;
/// the others (escapes, folded lines) are decoded once into `strings`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Repr {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// `strings[i]`.
    BadNumber(u32),
    /// `text[start..start + len]`.
    Slice {
        start: u32,
        len: u32,
    },
    /// `strings[i]`.
    Decoded(u32),
    /// `items[start..start + len]`.
    Seq {
        start: u32,
        len: u32,
    },
    /// `entries[start..start + len]`.
    Map {
        start: u32,
        len: u32,
    },
    Alias(NodeId),
}

/// A node: its value and its span, as 32-bit offsets (files are capped far
/// below 4 GiB).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    pub(crate) repr: Repr,
    pub(crate) start: u32,
    pub(crate) end: u32,
}

/// One YAML document as a tree of nodes with byte spans, in flat arrays:
/// the nodes, the items of every sequence, the entries of every mapping.
#[derive(Debug, Default)]
pub struct Document {
    pub(crate) text: std::sync::Arc<String>,
    pub(crate) nodes: Vec<Node>,
    pub(crate) items: Vec<NodeId>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) strings: Vec<String>,
    pub(crate) root: Option<NodeId>,
}

fn range<T>(list: &[T], start: u32, len: u32) -> &[T] {
    let start = start as usize;
    list.get(start..start + len as usize).unwrap_or(&[])
}

impl Document {
    #[must_use]
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    /// The value of node `id`.
    #[must_use]
    pub fn value(&self, id: NodeId) -> Value<'_> {
        match self.nodes[id as usize].repr {
            Repr::Null => Value::Null,
            Repr::Bool(b) => Value::Bool(b),
            Repr::Int(i) => Value::Int(i),
            Repr::Float(f) => Value::Float(f),
            Repr::BadNumber(i) => Value::BadNumber(&self.strings[i as usize]),
            Repr::Slice { start, len } => Value::Str(
                self.text
                    .get(start as usize..(start + len) as usize)
                    .unwrap_or_default(),
            ),
            Repr::Decoded(i) => Value::Str(&self.strings[i as usize]),
            Repr::Seq { start, len } => Value::Seq(range(&self.items, start, len)),
            Repr::Map { start, len } => Value::Map(range(&self.entries, start, len)),
            Repr::Alias(target) => Value::Alias(target),
        }
    }

    /// Every node's span and value, in the order they were built.
    pub fn iter(&self) -> impl Iterator<Item = (Span, Value<'_>)> {
        (0..self.nodes.len()).map(|i| {
            let id = i as NodeId;
            (self.span(id), self.value(id))
        })
    }

    #[must_use]
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The node an alias stands for (the node itself otherwise).
    #[must_use]
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        while let Repr::Alias(target) = self.nodes[id as usize].repr {
            id = target;
        }
        id
    }

    #[must_use]
    pub fn span(&self, id: NodeId) -> Span {
        let node = &self.nodes[id as usize];
        Span::new(node.start as usize, node.end as usize)
    }

    /// The string of a scalar key or value, if it is one.
    #[must_use]
    pub fn as_str(&self, id: NodeId) -> Option<&str> {
        match self.value(self.resolve(id)) {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text a scalar key is known by (numbers and booleans as written).
    #[must_use]
    pub fn key_text<'a>(&'a self, source: &'a Source, key: NodeId) -> Option<&'a str> {
        match self.value(key) {
            Value::Str(s) => Some(s),
            Value::Seq(_) | Value::Map(_) => None,
            Value::Alias(target) => self.key_text(source, target),
            _ => Some(source.slice(self.span(key))),
        }
    }

    #[must_use]
    pub fn entries(&self, id: NodeId) -> &[Entry] {
        match self.value(self.resolve(id)) {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    #[must_use]
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match self.value(self.resolve(id)) {
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

    /// The most items any sequence of the document has.
    #[must_use]
    pub fn longest_sequence(&self) -> usize {
        self.nodes
            .iter()
            .map(|n| match n.repr {
                Repr::Seq { len, .. } => len as usize,
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    /// The longest string of the document, in bytes.
    #[must_use]
    pub fn longest_string(&self) -> usize {
        let slices = self.nodes.iter().map(|n| match n.repr {
            Repr::Slice { len, .. } => len as usize,
            _ => 0,
        });
        let decoded = self.strings.iter().map(String::len);
        slices.chain(decoded).max().unwrap_or(0)
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
            let segment: std::borrow::Cow<'_, str> = if raw.contains('~') {
                raw.replace("~1", "/").replace("~0", "~").into()
            } else {
                raw.into()
            };
            let resolved = self.resolve(node);
            match self.value(resolved) {
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

    /// The path of the deepest node written at byte `offset` (keys count
    /// as their entry): a position-free name for a place in the file. It
    /// reads as a JSON pointer, except that a list item with a string `id`
    /// is named `[id=VALUE]` rather than by its index.
    #[must_use]
    pub fn path_at(&self, offset: usize) -> String {
        let mut path = String::new();
        let Some(mut id) = self.root else {
            return path;
        };
        for _ in 0..=MAX_DEPTH {
            match self.value(id) {
                Value::Map(entries) => {
                    let k = entries.partition_point(|e| self.span(e.key).start <= offset);
                    let Some(e) = k.checked_sub(1).map(|k| entries[k]) else {
                        break;
                    };
                    if offset > self.span(e.value).end.max(self.span(e.key).end) {
                        break;
                    }
                    let key = self.as_str(e.key).unwrap_or_default();
                    path.push('/');
                    path.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    id = e.value;
                }
                Value::Seq(items) => {
                    let k = items.partition_point(|&i| self.span(i).start <= offset);
                    let Some(item) = k.checked_sub(1).map(|k| items[k]) else {
                        break;
                    };
                    if offset > self.span(item).end {
                        break;
                    }
                    // An item with an id is known by it, so a finding
                    // keeps its name when items are inserted above it.
                    let resolved = self.resolve(item);
                    match self.get(resolved, "id").and_then(|e| self.as_str(e.value)) {
                        Some(item_id) => {
                            path.push_str("/[id=");
                            path.push_str(&item_id.replace('~', "~0").replace('/', "~1"));
                            path.push(']');
                        }
                        None => path.push_str(&format!("/{}", k - 1)),
                    }
                    id = item;
                }
                _ => break,
            }
        }
        path
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
        match self.value(id) {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(b),
            Value::Int(i) => J::from(i),
            // JSON Schema 2020-12 counts 5.0 as an integer; so does the model.
            #[allow(clippy::cast_possible_truncation)]
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 => {
                J::from(f as i64)
            }
            Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
            Value::BadNumber(text) | Value::Str(text) => J::String(text.to_owned()),
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
            Value::Alias(target) => self.to_json(source, target),
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

/// Load one YAML document from a source.
#[must_use]
pub fn load(source: &Source, file: FileId) -> Loaded {
    build::load(source, file)
}

#[cfg(test)]
mod tests {
    use super::scalar::{Scalar, resolve_scalar};
    use super::*;
    use saphyr_parser::ScalarStyle;

    fn load_str(text: &str) -> (Source, Loaded) {
        let source = Source::new("t.yaml", text);
        let loaded = load(&source, FileId(0));
        (source, loaded)
    }

    #[test]
    fn core_schema_scalars() {
        assert_eq!(resolve_scalar("no", ScalarStyle::Plain), Scalar::Str);
        assert_eq!(resolve_scalar("on", ScalarStyle::Plain), Scalar::Str);
        assert_eq!(resolve_scalar("0x10", ScalarStyle::Plain), Scalar::Int(16));
        assert_eq!(resolve_scalar("0o10", ScalarStyle::Plain), Scalar::Int(8));
        assert_eq!(
            resolve_scalar("4.5", ScalarStyle::Plain),
            Scalar::Float(4.5)
        );
        assert_eq!(resolve_scalar("-3", ScalarStyle::Plain), Scalar::Int(-3));
        assert!(matches!(
            resolve_scalar("1e400", ScalarStyle::Plain),
            Scalar::BadNumber
        ));
        assert!(matches!(
            resolve_scalar("99999999999999999999999", ScalarStyle::Plain),
            Scalar::BadNumber
        ));
        assert!(matches!(
            resolve_scalar(".nan", ScalarStyle::Plain),
            Scalar::BadNumber
        ));
        assert_eq!(resolve_scalar("12", ScalarStyle::DoubleQuoted), Scalar::Str);
        assert_eq!(resolve_scalar("1.2.3", ScalarStyle::Plain), Scalar::Str);
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
    fn an_alias_inside_its_own_anchor_is_refused() {
        for text in ["a: &x [1, *x]\n", "a: &x\n  b: *x\n"] {
            let (_, loaded) = load_str(text);
            assert_eq!(loaded.syntax.len(), 1, "{text}");
            assert!(loaded.syntax[0].message.contains("contains it"), "{text}");
        }
        // Anchored scalars and completed containers alias fine.
        let (_, loaded) = load_str("a: &x [1, 2]\nb: [*x, *x]\nc: &y v\nd: *y\n");
        assert!(loaded.syntax.is_empty());
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
