//! Keep control characters from the input away from terminals.

use crate::escape::is_unsafe;
use std::fmt::Write as _;

/// A copy of a whole file with unsafe characters escaped (a CR that ends a
/// CRLF line is kept), plus a map from old byte offsets to new ones.
pub struct Sanitized {
    /// The text to show: the original (shared, not copied) when it has
    /// nothing to escape.
    pub text: std::sync::Arc<str>,
    /// (old offset just past an escaped char, total growth so far)
    shifts: Vec<(usize, usize)>,
}

impl Sanitized {
    #[must_use]
    pub fn new(shared: &std::sync::Arc<str>) -> Self {
        let text: &str = shared;
        let bytes = text.as_bytes();
        let needs = text
            .char_indices()
            .any(|(i, c)| is_unsafe(c) && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n')));
        if !needs {
            return Self {
                text: std::sync::Arc::clone(shared),
                shifts: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut shifts = Vec::new();
        for (i, c) in text.char_indices() {
            if is_unsafe(c) && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n')) {
                let before = out.len();
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
                let growth = (out.len() - before) - c.len_utf8();
                let total = shifts.last().map_or(0, |&(_, t)| t) + growth;
                shifts.push((i + c.len_utf8(), total));
            } else {
                out.push(c);
            }
        }
        Self {
            text: out.into(),
            shifts,
        }
    }

    /// Where byte `offset` of the original text is in the sanitized text.
    #[must_use]
    pub fn map(&self, offset: usize) -> usize {
        let at = self.shifts.partition_point(|&(old, _)| old <= offset);
        offset + if at == 0 { 0 } else { self.shifts[at - 1].1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_maps_offsets() {
        let s = Sanitized::new(&"a\u{1b}[31mb\r\nc".into());
        assert_eq!(&*s.text, "a\\u{1b}[31mb\r\nc");
        assert_eq!(s.map(0), 0);
        let b = "a\u{1b}[31m".len();
        assert_eq!(&s.text[s.map(b)..=s.map(b)], "b");
    }
}
