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
#[derive(Clone, Debug)]
pub struct Source {
    name: String,
    /// Where the text was read from, when it was read from a file. The
    /// name is for people; this is the only path a write may go to.
    path: Option<std::path::PathBuf>,
    text: Arc<String>,
    line_starts: Vec<usize>,
    /// For text that is not ASCII: the number of characters before byte
    /// `i * CHAR_STEP` (moved back to a character boundary), so that a
    /// column costs at most `CHAR_STEP` bytes of counting, even on a
    /// one-line file.
    char_checkpoints: Vec<(usize, usize)>,
}

const CHAR_STEP: usize = 256;

impl Source {
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let mut starts = vec![0];
        starts.extend(line_starts(text.as_bytes()));
        let line_starts = starts;
        let mut char_checkpoints = Vec::new();
        if !text.is_ascii() {
            let mut chars = 0;
            let mut from = 0;
            for step in (0..=text.len()).step_by(CHAR_STEP) {
                let mut at = step;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                chars += text[from..at].chars().count();
                from = at;
                char_checkpoints.push((at, chars));
            }
        }
        Self {
            name: name.into(),
            path: None,
            text: Arc::new(text),
            line_starts,
            char_checkpoints,
        }
    }

    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file the text was read from (`None`: standard input, an editor
    /// buffer without a file, a revision).
    #[must_use]
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// Record the file the text was read from.
    pub fn set_path(&mut self, path: Option<std::path::PathBuf>) {
        self.path = path;
    }

    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    #[must_use]
    pub fn shared_text(&self) -> Arc<String> {
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

    /// Byte range of 0-based line `line`, without its line terminator
    /// (LF, CRLF or a lone CR).
    #[must_use]
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        if end > start
            && self.text.as_bytes()[end - 1] == b'\r'
            && self.text.as_bytes().get(end) == Some(&b'\n')
        {
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
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The number of characters before byte `offset` (clamped onto the
    /// text and a character boundary).
    #[must_use]
    pub fn char_offset(&self, offset: usize) -> usize {
        self.chars_before(self.clamp(offset))
    }

    /// The number of characters before byte `offset` (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        match self.char_checkpoints.get(offset / CHAR_STEP) {
            None => offset,
            Some(&(at, chars)) => chars + self.text[at..offset].chars().count(),
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

/// The start of every line after the first. A line ends at LF, CRLF or a
/// lone CR, as YAML 1.2 and the Language Server Protocol both count them.
pub fn line_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
        .map(|i| i + 1)
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

    #[test]
    fn columns_on_a_long_non_ascii_line_match_counting() {
        let text = "é€a😀".repeat(500) + "\nxé" + &"b".repeat(700);
        let s = Source::new("t", text.as_str());
        for (offset, _) in text.char_indices() {
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[start..offset].chars().count() + 1;
            assert_eq!(s.position(offset).column, expected, "at {offset}");
        }
    }
}
