//! What every `include` resolver enforces, wherever it reads files from
//! (the disk, a revision's tree): no absolute or home-relative entry, the
//! glob syntax and how a pattern is matched, and the budget of one
//! organisation. The resolvers differ only in how they list and read.

/// Most fragments one organisation may include.
pub const MAX_FRAGMENTS: usize = 1_000;
/// Most bytes one organisation (root file and fragments) may read.
pub const MAX_ORGANISATION_BYTES: u64 = 64 * 1024 * 1024;

/// Refuse an entry that is not relative to the root file.
pub fn check_entry(pattern: &str) -> Result<(), String> {
    if std::path::Path::new(pattern).is_absolute() || pattern.starts_with('~') {
        return Err(
            "absolute paths are not allowed; use a path relative to the root file".to_owned(),
        );
    }
    Ok(())
}

/// Whether an entry is a glob rather than one path.
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

/// The matcher of a glob entry, for paths relative to the root file's
/// directory with `/` separators (`./` at the start is ignored; `*` does
/// not cross a `/`).
pub fn glob(pattern: &str) -> Result<globset::GlobMatcher, String> {
    Ok(globset::GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .build()
        .map_err(|e| format!("invalid glob: {}", e.kind()))?
        .compile_matcher())
}

/// What one organisation has read so far.
pub struct Budget {
    bytes: u64,
    fragments: usize,
}

impl Budget {
    /// Starting from the root file's size.
    pub fn new(root_bytes: u64) -> Self {
        Self {
            bytes: root_bytes,
            fragments: 0,
        }
    }

    /// Whether one more fragment may be included at all.
    pub fn room_for_one(&self) -> Result<(), String> {
        if self.fragments >= MAX_FRAGMENTS {
            return Err(format!(
                "the organisation already includes {MAX_FRAGMENTS} fragments, the most allowed"
            ));
        }
        Ok(())
    }

    /// Whether a fragment of `size` bytes fits.
    pub fn fits(&self, size: u64) -> Result<(), String> {
        self.room_for_one()?;
        if self.bytes.saturating_add(size) > MAX_ORGANISATION_BYTES {
            return Err(format!(
                "the organisation's files would exceed {} MiB in all",
                MAX_ORGANISATION_BYTES / 1024 / 1024
            ));
        }
        Ok(())
    }

    /// Count a fragment of `size` bytes, or say why it does not fit.
    pub fn take(&mut self, size: u64) -> Result<(), String> {
        self.fits(size)?;
        self.bytes = self.bytes.saturating_add(size);
        self.fragments += 1;
        Ok(())
    }
}
