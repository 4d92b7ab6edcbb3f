//! Positions and URIs: byte offsets of the text against the client's
//! line/character positions (UTF-16 code units unless the client takes
//! UTF-8), and `file:` URIs against paths.

use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};
use std::str::FromStr as _;

/// How the client counts characters in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Line starts of one text, for converting offsets both ways in
/// `O(log lines + line length)`.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        // LF, CRLF and a lone CR each end a line, as the protocol says.
        let mut starts = vec![0];
        starts.extend(rolelint::source::line_starts(text.as_bytes()));
        Self {
            text,
            starts,
            encoding,
        }
    }

    /// The client position of byte `offset` (clamped to the text and to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
        )
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of a client position. A line past the end is the
    /// end of the text; a character past the end of its line is the end
    /// of the line (its line break excluded), as the protocol asks.
    pub fn offset(&self, position: Position) -> usize {
        offset_in(self.text, &self.starts, position, self.encoding)
    }
}

fn offset_in(text: &str, starts: &[usize], position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    let Some(&start) = starts.get(line) else {
        return text.len();
    };
    let end = starts.get(line + 1).map_or(text.len(), |&next| next - 1);
    let content = &text[start..end];
    let content = content.strip_suffix('\r').unwrap_or(content);
    let wanted = position.character as usize;
    let mut units = 0;
    for (i, c) in content.char_indices() {
        let width = match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        // At the character, or inside it (half a surrogate pair, a byte
        // inside a UTF-8 sequence): its start.
        if units + width > wanted {
            return start + i;
        }
        units += width;
    }
    start + content.len()
}

/// Apply a `didChange`'s changes in order. The line index is built once
/// and kept up to date around each edit, so many small ranges cost what
/// the edits themselves cost, not a scan of the whole text per range.
pub fn apply_changes(
    text: &mut String,
    changes: Vec<lsp_types::TextDocumentContentChangeEvent>,
    encoding: Encoding,
) {
    let full = |text: &str| {
        let mut starts = vec![0];
        starts.extend(rolelint::source::line_starts(text.as_bytes()));
        starts
    };
    let mut starts = full(text);
    for change in changes {
        let Some(range) = change.range else {
            *text = change.text;
            starts = full(text);
            continue;
        };
        let start = offset_in(text, &starts, range.start, encoding);
        let end = offset_in(text, &starts, range.end, encoding).max(start);
        text.replace_range(start..end, &change.text);
        // Line starts from `start` to one past the old end may change (a
        // CR before the edit can pair with an LF it inserts); those after
        // move by the change in length.
        let from = starts.partition_point(|&s| s < start).max(1);
        let to = starts.partition_point(|&s| s <= end + 1);
        let inserted_end = (start + change.text.len() + 1).min(text.len());
        let bytes = text.as_bytes();
        let fresh: Vec<usize> = (start.max(1)..=inserted_end)
            .filter(|&s| {
                bytes[s - 1] == b'\n' || (bytes[s - 1] == b'\r' && bytes.get(s) != Some(&b'\n'))
            })
            .collect();
        let grown = change.text.len();
        let removed = end - start;
        let tail: Vec<usize> = starts[to..]
            .iter()
            .map(|&s| s + grown - removed)
            .filter(|&s| s > inserted_end)
            .collect();
        starts.truncate(from);
        starts.extend(fresh);
        starts.extend(tail);
    }
}

/// The path of a `file:` URI (percent-decoded); `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let path = if rest.starts_with('/') {
        rest
    } else {
        rest.strip_prefix("localhost")?
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = percent_decode(path)?;
    let decoded = String::from_utf8(bytes).ok()?;
    if !decoded.starts_with('/') || decoded.contains('\0') {
        return None;
    }
    Some(PathBuf::from(decoded))
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of an absolute path, percent-encoding every byte that is
/// not unreserved or `/`.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut out = String::from("file://");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_positions_round_trip() {
        let text = "a: é😀x\r\nb: 1\n";
        let x = text.find('x').unwrap();
        let utf16 = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(utf16.position(x), Position::new(0, 6));
        assert_eq!(utf16.offset(Position::new(0, 6)), x);
        let utf8 = LineIndex::new(text, Encoding::Utf8);
        assert_eq!(utf8.position(x), Position::new(0, 9));
        assert_eq!(utf8.offset(Position::new(0, 9)), x);
        // Past the end of a line: its end, before `\r\n`.
        assert_eq!(utf16.offset(Position::new(0, 99)), text.find('\r').unwrap());
        assert_eq!(utf16.offset(Position::new(9, 0)), text.len());
        // Inside a surrogate pair: the character's start.
        assert_eq!(utf16.offset(Position::new(0, 5)), text.find('😀').unwrap());
    }

    #[test]
    fn uris_round_trip_with_spaces_and_non_ascii() {
        let path = Path::new("/tmp/a dir/Geschäft #1/roles.yaml");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/a%20dir/Gesch%C3%A4ft%20%231/roles.yaml"
        );
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
    }
}

#[cfg(test)]
mod change_tests {
    use super::*;
    use lsp_types::{Range, TextDocumentContentChangeEvent};

    /// The same changes applied the plain way: a fresh index per change.
    fn naive(text: &mut String, changes: &[TextDocumentContentChangeEvent], encoding: Encoding) {
        for change in changes {
            let range = change.range.expect("range");
            let index = LineIndex::new(text, encoding);
            let start = index.offset(range.start);
            let end = index.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }

    #[test]
    fn incremental_line_starts_match_a_fresh_index() {
        let pieces = ["a", "\n", "\r", "\r\n", "é", "😀", "", "xy\rz"];
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        for round in 0..300 {
            let mut text = String::from("ab\rcd\r\nef\ngh");
            let changes: Vec<TextDocumentContentChangeEvent> = (0..8)
                .map(|_| {
                    let (l1, c1, l2, c2) = (next(5), next(4), next(5), next(4));
                    let (a, b) = if (l1, c1) <= (l2, c2) {
                        ((l1, c1), (l2, c2))
                    } else {
                        ((l2, c2), (l1, c1))
                    };
                    TextDocumentContentChangeEvent {
                        range: Some(Range::new(
                            Position::new(a.0 as u32, a.1 as u32),
                            Position::new(b.0 as u32, b.1 as u32),
                        )),
                        range_length: None,
                        text: (0..next(3)).map(|_| pieces[next(8) as usize]).collect(),
                    }
                })
                .collect();
            let mut expected = text.clone();
            naive(&mut expected, &changes, Encoding::Utf16);
            apply_changes(&mut text, changes.clone(), Encoding::Utf16);
            assert_eq!(text, expected, "round {round}: {changes:?}");
        }
    }
}
