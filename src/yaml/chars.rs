//! saphyr's markers count characters; spans count bytes.

use saphyr_parser::Marker;

/// Converts saphyr's character-based markers to byte offsets.
pub(super) struct CharToByte<'a> {
    text: &'a str,
    ascii: bool,
    /// Byte offset of every 64th character.
    checkpoints: Vec<usize>,
}

impl<'a> CharToByte<'a> {
    pub(super) fn new(text: &'a str) -> Self {
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

    pub(super) fn byte(&self, m: &Marker) -> usize {
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
