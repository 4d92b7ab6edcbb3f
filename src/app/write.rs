//! Writing files: output files atomically, and fixes only to the file
//! that was read, inside the repository.

use std::io::Write;
use std::path::Path;

/// Whether a fix may be written to `path` (see [`write_fix`]): its real
/// path, or why not.
pub fn writable(path: &Path, boundary: &Path) -> Result<std::path::PathBuf, String> {
    let real = std::fs::canonicalize(path)
        .map_err(|e| format!("it can no longer be found ({})", super::fs::describe_io(&e)))?;
    if !real.starts_with(boundary) {
        return Err("it resolves outside the repository".to_owned());
    }
    let meta = std::fs::metadata(&real).map_err(|e| super::fs::describe_io(&e))?;
    if !meta.is_file() {
        return Err("it is not a regular file".to_owned());
    }
    if meta.permissions().readonly() {
        return Err("it is read-only".to_owned());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if meta.nlink() > 1 {
            return Err(format!(
                "it has {} hard links, and a fix written by rename would split them; fix it by hand or from --diff",
                meta.nlink()
            ));
        }
    }
    Ok(real)
}

/// Write a fixed file. `path` is the path the file was read from (never
/// one rebuilt from its name), `boundary` the repository it must stay in,
/// and `was` the bytes it held when it was checked. Refuses, with the
/// reason, a file that is gone, is not a regular file, resolves outside
/// the repository, is read-only, has other hard links (a rename would
/// break them), or changed since it was read.
pub fn write_fix(path: &Path, boundary: &Path, was: &[u8], bytes: &[u8]) -> Result<(), String> {
    let real = writable(path, boundary)?;
    match super::fs::read_file(&real) {
        Ok(now) if now == was => {}
        Ok(_) => return Err("it changed on disk while it was checked".to_owned()),
        Err(reason) => return Err(reason),
    }
    write_bytes_atomically(&real, bytes).map_err(|e| super::fs::describe_io(&e))
}

/// Write a file through a temporary sibling and a rename, so an interrupted
/// run never leaves a truncated file. The temporary file has a random name
/// and is created exclusively (a link planted under a guessable name cannot
/// redirect the write), is removed on every error, and the file it
/// replaces keeps its permissions; a new file honours the umask. A missing
/// parent directory is created.
/// Anything that is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO)
/// is written in place: renaming over it would replace the device itself.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    write_bytes_atomically(path, text.as_bytes())
}

/// [`write_atomically`] for bytes.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let text = bytes;
    let (target, permissions) = match std::fs::canonicalize(path) {
        Ok(real) => {
            let meta = std::fs::metadata(&real)?;
            if !meta.is_file() {
                return std::fs::OpenOptions::new()
                    .write(true)
                    .open(&real)?
                    .write_all(text);
            }
            (real, Some(meta.permissions()))
        }
        Err(_) => (path.to_path_buf(), None),
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new file gets the mode any program would give it (0666 less the
    // umask), not a temporary file's 0600.
    #[cfg(unix)]
    if permissions.is_none() {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(text)?;
    tmp.as_file().sync_all()?;
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions)?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_atomically;

    fn scratch(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("rolelint-write-{name}"))
            .tempdir()
            .expect("dir")
    }

    #[test]
    fn creates_missing_directories_and_leaves_no_temporary_file() {
        let dir = scratch("mkdir");
        let path = dir.path().join("a/b/report.sarif");
        write_atomically(&path, "x").expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "x");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a/b"))
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec!["report.sarif"]);
    }

    /// A new file honours the umask like any other program's: 0666 less
    /// the umask (the process's, read back from a file it creates).
    #[cfg(unix)]
    #[test]
    fn a_new_file_honours_the_umask() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = scratch("umask");
        let probe = dir.path().join("probe");
        std::fs::write(&probe, "").expect("probe");
        let expected = std::fs::metadata(&probe)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        let path = dir.path().join("report.sarif");
        write_atomically(&path, "{}").expect("write");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, expected);
        if expected != 0o600 {
            assert_ne!(mode, 0o600, "a temporary file's mode leaked");
        }
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_ignores_planted_links() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = scratch("perm");
        let path = dir.path().join("baseline.json");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        // A link under the name an older version used for its temporary file.
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep").expect("write");
        std::os::unix::fs::symlink(
            &victim,
            dir.path()
                .join(format!(".baseline.json.{}.tmp", std::process::id())),
        )
        .expect("symlink");
        write_atomically(&path, "new").expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[test]
    fn writing_over_a_directory_fails_and_leaves_nothing_behind() {
        let dir = scratch("fail");
        let path = dir.path().join("out");
        std::fs::create_dir(&path).expect("dir");
        std::fs::write(path.join("x"), "x").expect("write");
        assert!(write_atomically(&path, "text").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec!["out"]);
    }
}
