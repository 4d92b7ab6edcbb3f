//! Reading files: one capped read for every file rolelint reads (roles
//! files, fragments, the configuration, baselines), so none of them can
//! block on a FIFO or stream a device forever.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Largest file read; reading stops there, so `/dev/zero` returns promptly.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A short, stable description of an I/O error.
pub fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

fn too_large() -> String {
    format!("larger than the {} MiB limit", MAX_FILE_BYTES / 1024 / 1024)
}

/// Read at most `MAX_FILE_BYTES`; more is an error, not a hang.
pub fn read_capped(reader: impl Read) -> Result<Vec<u8>, String> {
    read_capped_sized(reader, 0)
}

/// [`read_capped`] into a buffer sized for `expected` bytes (a file's
/// length), so a large file is held without slack.
fn read_capped_sized(reader: impl Read, expected: u64) -> Result<Vec<u8>, String> {
    let capacity = usize::try_from(expected.min(MAX_FILE_BYTES)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| describe_io(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Read a regular file (following symlinks), capped. Anything else is
/// refused before it is opened: opening a FIFO for reading blocks until a
/// writer appears, and a device like `/dev/zero` never ends.
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| describe_io(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_owned());
    }
    if !meta.is_file() {
        return Err(
            "not a regular file (a device, FIFO or socket); pipe it to `rolelint check -` instead"
                .to_owned(),
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    read_capped_sized(
        std::fs::File::open(path).map_err(|e| describe_io(&e))?,
        meta.len(),
    )
}

/// Read standard input, capped.
pub fn read_stdin() -> Result<Vec<u8>, String> {
    read_capped(std::io::stdin().lock())
}

/// `path` made absolute, with `.` and `..` resolved by spelling (no
/// filesystem access, so it works for paths that do not exist).
pub fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

/// The repository that holds `dir`: the nearest ancestor with `.git` (a
/// directory, or a worktree's file), else `dir` itself; canonical.
pub fn repository_of(dir: &Path) -> PathBuf {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| normalize(dir));
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(&dir)
        .to_path_buf()
}

/// Refuse a path whose real location (symlinks followed) is outside
/// `boundary`. A path that does not exist is judged by its spelling, so
/// `..` that climbs out is refused rather than "not found".
pub fn check_inside(boundary: &Path, path: &Path) -> Result<(), String> {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path));
    if real.starts_with(boundary) {
        Ok(())
    } else {
        Err("it resolves outside the repository".to_owned())
    }
}

/// What makes two spellings of a file one file: its device and inode (on
/// Unix), else its canonical path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileKey {
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

/// The identity of an existing file, following symlinks.
pub fn file_key(path: &Path) -> Option<FileKey> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileKey::Inode(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileKey::Path)
    }
}
