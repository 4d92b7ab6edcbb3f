//! The source excerpt under one human diagnostic: only the lines around its
//! spans, each long line cropped to windows around the span boundaries
//! (with an ellipsis where text was left out), unsafe characters escaped.
//!
//! Building it costs the size of what is shown, not of the file: a
//! one-line minified document with a thousand findings prints a thousand
//! short excerpts, and no column handed to the renderer can exceed what a
//! format width can hold.

use crate::escape::is_unsafe;
use crate::source::{Source, Span};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Lines up to this many bytes are shown whole.
pub const LINE_LIMIT: usize = 160;
/// Bytes kept on each side of a span boundary in a cropped line.
const AROUND: usize = 32;
const ELLIPSIS: &str = "…";

/// The shown text of one diagnostic, with its real line numbers.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    /// Per shown line: its start in `text` and its 0-based line in the file.
    lines: Vec<(usize, usize)>,
    /// Start in `text` of each span -> its 0-based column in the file.
    columns: HashMap<usize, usize>,
}

impl Excerpt {
    /// The excerpt for `spans` of `source` (the first is the primary), and
    /// each span in the excerpt's coordinates.
    pub fn new(name: &str, source: &Source, spans: &[Span]) -> (Self, Vec<SourceSpan>) {
        let text = source.text();
        // A final line break does not start a line worth showing.
        let mut last_line = source.line_count().saturating_sub(1);
        if last_line > 0 && source.line_span(last_line).is_empty() {
            last_line -= 1;
        }
        let clamped: Vec<Span> = spans
            .iter()
            .map(|s| {
                let start = source.clamp(s.start);
                Span::new(start, source.clamp(s.end).max(start))
            })
            .collect();
        let line_range = |s: Span| {
            let first = source.line_index(s.start);
            let last = source.line_index(s.end.saturating_sub(1).max(s.start));
            (first, last.max(first))
        };
        let mut windows: Vec<(usize, usize)> = clamped
            .iter()
            .map(|&s| {
                let (a, b) = line_range(s);
                (a.saturating_sub(1), (b + 1).min(last_line))
            })
            .collect();
        windows.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, b) in windows {
            match merged.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let mut out = Self {
            name: name.to_owned(),
            text: String::new(),
            lines: Vec::new(),
            columns: HashMap::new(),
        };
        // Original offset of every span boundary -> offset in `out.text`.
        let mut at: HashMap<usize, usize> = HashMap::new();
        for (first, last) in merged {
            for line in first..=last {
                let span = source.line_span(line);
                let points: Vec<usize> = clamped
                    .iter()
                    .flat_map(|s| [s.start, s.end])
                    .filter(|&p| p >= span.start && p <= span.end)
                    .collect();
                out.lines.push((out.text.len(), line));
                out.push_line(text, span, &points, &mut at);
                out.text.push('\n');
            }
        }
        let mapped: Vec<SourceSpan> = clamped
            .iter()
            .map(|s| {
                let start = at.get(&s.start).copied().unwrap_or(0);
                let end = at.get(&s.end).copied().unwrap_or(start).max(start);
                SourceSpan::new(start.into(), end - start)
            })
            .collect();
        for (s, shown) in clamped.iter().zip(&mapped) {
            out.columns
                .entry(shown.offset())
                .or_insert_with(|| source.position(s.start).column - 1);
        }
        (out, mapped)
    }

    /// Append one line, cropped around `points` when it is long, recording
    /// where each point lands.
    fn push_line(
        &mut self,
        text: &str,
        line: Span,
        points: &[usize],
        at: &mut HashMap<usize, usize>,
    ) {
        let ceil = |mut i: usize| {
            while i < line.end && !text.is_char_boundary(i) {
                i += 1;
            }
            i.min(line.end)
        };
        let floor = |mut i: usize| {
            while i > line.start && !text.is_char_boundary(i) {
                i -= 1;
            }
            i.max(line.start)
        };
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        if line.len() <= LINE_LIMIT {
            pieces.push((line.start, line.end));
        } else {
            let mut around: Vec<(usize, usize)> = points
                .iter()
                .map(|&p| (floor(p.saturating_sub(AROUND)), ceil(p + AROUND)))
                .collect();
            if around.is_empty() {
                around.push((line.start, ceil(line.start + 2 * AROUND)));
            }
            around.sort_unstable();
            for (a, b) in around {
                match pieces.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => pieces.push((a, b)),
                }
            }
        }
        let mut previous_end = line.start;
        for (a, b) in pieces {
            if a > previous_end {
                self.text.push_str(ELLIPSIS);
            }
            for (i, c) in text[a..b].char_indices() {
                at.entry(a + i).or_insert(self.text.len());
                if is_unsafe(c) {
                    let _ = write!(self.text, "\\u{{{:x}}}", u32::from(c));
                } else {
                    self.text.push(c);
                }
            }
            at.entry(b).or_insert(self.text.len());
            previous_end = b;
        }
        if previous_end < line.end {
            self.text.push_str(ELLIPSIS);
        }
    }

    /// The shown line holding `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|&(start, _)| start <= offset)
            .saturating_sub(1)
    }

    /// Whether shown line `i` follows shown line `i - 1` in the file.
    fn continues(&self, i: usize) -> bool {
        i > 0 && self.lines[i].1 == self.lines[i - 1].1 + 1
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if self.lines.is_empty() {
            return Err(MietteError::OutOfBounds);
        }
        let end = span.offset() + span.len().saturating_sub(1);
        let mut first = self.line_of(span.offset());
        let mut last = self.line_of(end.max(span.offset()));
        for _ in 0..before {
            if !self.continues(first) {
                break;
            }
            first -= 1;
        }
        for _ in 0..after {
            if last + 1 >= self.lines.len() || !self.continues(last + 1) {
                break;
            }
            last += 1;
        }
        let start = self.lines[first].0;
        let stop = self
            .lines
            .get(last + 1)
            .map_or(self.text.len(), |&(s, _)| s);
        let column = if before == 0 {
            self.columns
                .get(&span.offset())
                .copied()
                .unwrap_or_else(|| {
                    self.text[start..span.offset().clamp(start, stop)]
                        .chars()
                        .count()
                })
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[start..stop],
            SourceSpan::new(start.into(), stop - start),
            self.lines[first].1,
            column,
            last - first + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cropped_around_the_spans() {
        let line = format!("{}TARGET{}", "a".repeat(100_000), "b".repeat(100_000));
        let source = Source::new("t", line.as_str());
        let at = line.find("TARGET").unwrap();
        let (excerpt, spans) = Excerpt::new("t", &source, &[Span::new(at, at + 6)]);
        assert!(excerpt.text.len() < 200, "{}", excerpt.text.len());
        assert!(excerpt.text.starts_with(ELLIPSIS) && excerpt.text.ends_with("…\n"));
        let shown = &excerpt.text[spans[0].offset()..spans[0].offset() + spans[0].len()];
        assert_eq!(shown, "TARGET");
        assert_eq!(excerpt.columns[&spans[0].offset()], 100_000);
    }

    #[test]
    fn distant_lines_are_shown_apart_with_their_numbers() {
        let text: String = (0..1000).map(|i| format!("line {i}\n")).collect();
        let source = Source::new("t", text.as_str());
        let a = text.find("line 3\n").unwrap();
        let b = text.find("line 900\n").unwrap();
        let (excerpt, spans) =
            Excerpt::new("t", &source, &[Span::new(a, a + 6), Span::new(b, b + 8)]);
        assert_eq!(excerpt.lines.len(), 6);
        let far = excerpt.read_span(&spans[1], 1, 1).unwrap();
        assert_eq!(far.line(), 899);
        assert_eq!(far.line_count(), 3);
        assert!(
            std::str::from_utf8(far.data())
                .unwrap()
                .starts_with("line 899\n")
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        let source = Source::new("t", "a: \u{1b}[31mred\n");
        let (excerpt, spans) = Excerpt::new("t", &source, &[Span::new(3, 8)]);
        assert!(excerpt.text.contains("\\u{1b}[31m"));
        assert_eq!(
            &excerpt.text[spans[0].offset()..spans[0].offset() + spans[0].len()],
            "\\u{1b}[31m"
        );
    }
}
