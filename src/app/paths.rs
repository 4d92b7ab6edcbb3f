//! What a file is called: a path as shown in messages, and a file's
//! identity (its real path from the run's root). A leaf: it imports no
//! other module of the binary. A name is for people; it is never turned
//! back into a path (each loaded file keeps the path it was read from).

use super::fs::normalize;
use std::path::Path;

/// A path as shown in a message: as given, `/` separators, no `./`.
pub fn display_name(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map_or(text.clone(), str::to_owned)
}

/// The identity of a file: its real path (symlinks followed) relative to
/// `root`, with `/` separators; its absolute path when outside the root.
pub fn identity(root: &Path, path: &Path) -> String {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path));
    match real.strip_prefix(root) {
        Ok(relative) if !relative.as_os_str().is_empty() => display_name(relative),
        _ => display_name(&real),
    }
}
