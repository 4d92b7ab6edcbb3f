//! Findings the YAML builder makes about what it reads, and where they
//! point: a tab where YAML needs spaces, a tag that does not fit, a
//! number JSON cannot hold, and the start of a node after its anchor and
//! tag.

use crate::diagnostic::{Diagnostic, FileId, Loc, SCHEMA, SYNTAX};
use crate::source::{Source, Span};

/// A tab where YAML needs spaces: reported at the tab itself (the parser's
/// mark can be at the end of the line before), with the fix.
pub(super) fn tab(source: &Source, file: FileId, at: usize) -> Diagnostic {
    let text = source.text();
    let line = source.line_span(source.line_index(at));
    // The tab on the mark's own line, else the next one after it.
    let tab = text
        .get(line.start..line.end)
        .and_then(|l| l.find('\t'))
        .map(|i| line.start + i)
        .or_else(|| text.get(at..)?.find('\t').map(|i| at + i))
        .unwrap_or(at);
    let end = source.clamp(tab + 1).max(tab);
    Diagnostic::new(
        SYNTAX,
        "invalid YAML: a tab where YAML allows only spaces (indentation, or before a value in a block)",
        Loc::new(file, Span::new(tab, end)),
    )
    .help("indent with spaces: YAML does not allow tabs for indentation")
}

/// A tag refused at the node it is on.
pub(super) fn tag(message: String, at: Loc) -> Diagnostic {
    Diagnostic::new(SCHEMA, message, at).help("remove the tag; roles files use plain YAML values")
}

/// A number JSON cannot hold is refused where it is written, whatever the
/// field (a string field would otherwise take it as text).
pub(super) fn bad_number(value: &str, at: Loc) -> Diagnostic {
    let lower = value.to_ascii_lowercase();
    let what = if lower.contains("nan") {
        "is not a number (NaN)"
    } else if lower.contains("inf") {
        "is infinite"
    } else {
        "is too large to hold"
    };
    Diagnostic::new(
        SCHEMA,
        format!("`{value}` {what}: roles files hold only finite numbers in range"),
        at,
    )
    .help(format!(
        "write a number in range, or quote it if it is text: \"{value}\""
    ))
}

/// The start of a node after its anchor (`&name`) and tag (`!tag`), and
/// the blanks after them.
pub(super) fn after_properties(text: &str, span: Span) -> Span {
    let text = text.as_bytes();
    let end = span.end.min(text.len());
    let mut at = span.start;
    while at < end && matches!(text[at], b'&' | b'!') {
        let verbatim = text.get(at + 1) == Some(&b'<');
        while at < end && !text[at].is_ascii_whitespace() {
            if verbatim && text[at] == b'>' {
                at += 1;
                break;
            }
            at += 1;
        }
        while at < end && text[at].is_ascii_whitespace() {
            at += 1;
        }
    }
    if at > span.start && at <= end {
        Span::new(at, span.end)
    } else {
        span
    }
}
