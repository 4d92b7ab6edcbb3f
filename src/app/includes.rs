//! The filesystem side of `include`: globs relative to the root file, the
//! repository boundary, one identity per file, and the budgets of one
//! organisation.

use super::fs::{FileKey, check_inside, file_key, normalize, read_file, repository_of};
use super::include_policy::{Budget, check_entry, glob, is_glob};
use rolelint::Fetched;
use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Texts in place of files on disk, by file: `None` reads the disk.
pub type Overlay<'a> = dyn Fn(&FileKey) -> Option<Vec<u8>> + 'a;

/// Resolves `include` entries on the filesystem, relative to the root file,
/// refusing anything that leaves the repository (the directory holding
/// `.git` above the root file, or the root file's directory when there is
/// none): absolute paths, `..` that climbs out, symlinks that point out.
/// Each file is read once per organisation, whatever its spelling.
pub struct FsIncludes<'a> {
    base: PathBuf,
    boundary: PathBuf,
    name: &'a dyn Fn(&Path) -> String,
    state: RefCell<State>,
    /// Texts that replace files on disk (editor buffers, fixes being
    /// tried), looked up only for the files an organisation includes.
    overlay: Option<&'a Overlay<'a>>,
}

struct State {
    root: Option<FileKey>,
    seen: HashSet<FileKey>,
    budget: Budget,
}

impl<'a> FsIncludes<'a> {
    /// `name` turns a path into the name the run reports it under.
    pub fn new(root_file: &Path, name: &'a dyn Fn(&Path) -> String) -> Self {
        let base = normalize(root_file)
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        let boundary = repository_of(&base);
        let root = file_key(root_file);
        let bytes = std::fs::metadata(root_file).map_or(0, |m| m.len());
        Self {
            base,
            boundary,
            name,
            state: RefCell::new(State {
                seen: root.iter().cloned().collect(),
                root,
                budget: Budget::new(bytes),
            }),
            overlay: None,
        }
    }

    /// Read these texts instead of the files of those names.
    #[must_use]
    pub fn with_overlay(mut self, overlay: &'a Overlay<'a>) -> Self {
        self.overlay = Some(overlay);
        self
    }

    /// The files one entry names, sorted.
    fn paths(&self, pattern: &str) -> Result<Vec<PathBuf>, String> {
        let as_path = Path::new(pattern);
        if !is_glob(pattern) {
            let path = normalize(&self.base.join(as_path));
            check_inside(&self.boundary, &path)?;
            return Ok(if path.exists() {
                vec![path]
            } else {
                Vec::new()
            });
        }
        // Walk from the longest literal directory prefix of the pattern.
        let literal: PathBuf = as_path
            .components()
            .take_while(|c| {
                !c.as_os_str()
                    .to_string_lossy()
                    .contains(['*', '?', '[', '{'])
            })
            .collect();
        let start = normalize(&self.base.join(&literal));
        let matcher = glob(pattern)?;
        let mut paths = Vec::new();
        if start.is_dir() {
            check_inside(&self.boundary, &start)?;
            let walker = ignore::WalkBuilder::new(&start)
                .standard_filters(false)
                .filter_entry(|e| e.file_name() != ".git")
                .build();
            for entry in walker.flatten() {
                let symlink = entry.path_is_symlink();
                if !symlink && !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let relative = entry
                    .path()
                    .strip_prefix(&self.base)
                    .unwrap_or(entry.path());
                // Separators as `/` for the glob; a `\\` inside a name on Unix
                // is part of the name.
                let relative = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                if matcher.is_match(&relative) {
                    paths.push(entry.into_path());
                }
            }
        }
        paths.sort();
        Ok(paths)
    }

    fn fetch(&self, path: &Path) -> Fetched {
        if let Err(reason) = check_inside(&self.boundary, path) {
            // Named as the link is spelled, not by where it leads.
            let name = match (path.parent(), path.file_name()) {
                (Some(dir), Some(file)) => {
                    format!("{}/{}", (self.name)(dir), file.to_string_lossy())
                }
                _ => (self.name)(path),
            };
            return Fetched::Refused { name, reason };
        }
        let name = (self.name)(path);
        let key = file_key(path);
        let mut state = self.state.borrow_mut();
        if key.is_some() && key == state.root {
            return Fetched::Root { name };
        }
        if let Some(key) = &key
            && !state.seen.insert(key.clone())
        {
            return Fetched::Again;
        }
        // Judged by its size on disk before it is read, and counted as read.
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        if let Err(reason) = state.budget.fits(size) {
            return Fetched::Refused { name, reason };
        }
        let read = match key
            .as_ref()
            .zip(self.overlay)
            .and_then(|(k, overlay)| overlay(k))
        {
            Some(bytes) => Ok(bytes),
            None => read_file(path),
        };
        match read {
            Ok(bytes) => {
                if let Err(reason) = state.budget.take(bytes.len() as u64) {
                    return Fetched::Refused { name, reason };
                }
                Fetched::File {
                    name,
                    bytes,
                    path: Some(path.to_path_buf()),
                }
            }
            Err(reason) => Fetched::Refused { name, reason },
        }
    }
}

impl rolelint::Includes for FsIncludes<'_> {
    fn expand(&self, pattern: &str) -> Result<Vec<Fetched>, String> {
        check_entry(pattern)?;
        Ok(self
            .paths(pattern)?
            .iter()
            .map(|path| self.fetch(path))
            .collect())
    }
}
