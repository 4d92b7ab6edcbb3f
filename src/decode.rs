//! Bytes to text: UTF-8 with an optional BOM; UTF-16, invalid UTF-8 and
//! NUL bytes are `syntax` findings with their byte offset.

use crate::diagnostic::{Diagnostic, FileId, Loc, SYNTAX};
use crate::source::{Source, Span};

/// Decode bytes as UTF-8, reporting what they are when they are not.
#[must_use]
pub fn decode(name: &str, bytes: &[u8]) -> (Source, Option<Diagnostic>) {
    decode_owned(name, bytes.to_vec())
}

/// [`decode`], taking the bytes: valid UTF-8 becomes the source's text
/// without a copy.
#[must_use]
pub fn decode_owned(name: &str, bytes: Vec<u8>) -> (Source, Option<Diagnostic>) {
    let file = FileId(0);
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let source = Source::new(name, String::new());
        let d = Diagnostic::new(
            SYNTAX,
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); rolelint reads UTF-8",
            Loc::new(file, Span::point(0)),
        )
        .help("convert the file to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`");
        return (source, Some(d));
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let source = Source::new(name, text);
            let nul = source.text().find('\0');
            let d = nul.map(|at| {
                Diagnostic::new(
                    SYNTAX,
                    format!("NUL byte at byte offset {at}: this looks like a binary file"),
                    Loc::new(file, Span::new(at, at + 1)),
                )
                .help("roles files are UTF-8 text")
            });
            (source, d)
        }
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let bytes = bytes.as_slice();
            let bom = usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
            let source = Source::new(name, String::from_utf8_lossy(bytes).into_owned());
            let d = Diagnostic::new(
                SYNTAX,
                format!("invalid UTF-8 at byte offset {at}"),
                Loc::new(file, Span::new(at - bom, at - bom + 1)),
            )
            .help("save the file as UTF-8");
            (source, Some(d))
        }
    }
}
