//! A loaded file: its text, a line index, and byte span -> line/column.

use std::sync::Arc;

/// A half-open byte range into a [`Source`]'s text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    #[must_use]
    pub fn point(at: usize) -> Self {
        Self { start: at, end: at }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    #[must_use]
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A 1-based line and a 1-based column counted in Unicode code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One input file. The text never includes a UTF-8 byte-order mark: it is
/// removed on load so that spans, snippets and columns ignore it.
#[derive(Debug)]
pub struct Source {
    name: String,
    text: Arc<str>,
    line_starts: Vec<usize>,
}

impl Source {
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()));
        Self {
            name: name.into(),
            text: text.into(),
            line_starts,
        }
    }

    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    #[must_use]
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line index holding byte `offset`.
    #[must_use]
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of 0-based line `line`, without its line terminator.
    #[must_use]
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    /// The position of byte `offset`. A `\r` of a CRLF pair is not counted, so
    /// CRLF files report the same positions as their LF versions.
    #[must_use]
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.clamp(offset);
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// Clamp an offset into the text and onto a character boundary.
    #[must_use]
    pub fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The text of a span (clamped to the file).
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        let start = self.clamp(span.start);
        let end = self.clamp(span.end).max(start);
        &self.text[start..end]
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_code_points() {
        let s = Source::new("t", "a: é\nbé: c\n");
        assert_eq!(s.position(0), Position { line: 1, column: 1 });
        // 'c' is after "bé: " = 4 code points on line 2.
        let c = s.text().rfind('c').unwrap();
        assert_eq!(s.position(c), Position { line: 2, column: 5 });
    }

    #[test]
    fn crlf_and_bom_match_lf() {
        let lf = Source::new("t", "a: 1\nbb: 2\n");
        let crlf = Source::new("t", "\u{feff}a: 1\r\nbb: 2\r\n");
        let at_lf = lf.text().find('2').unwrap();
        let at_crlf = crlf.text().find('2').unwrap();
        assert_eq!(lf.position(at_lf), crlf.position(at_crlf));
        assert_eq!(crlf.position(at_crlf), Position { line: 2, column: 5 });
        assert_eq!(crlf.slice(crlf.line_span(0)), "a: 1");
    }
}
