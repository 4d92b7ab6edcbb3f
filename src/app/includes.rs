//! The filesystem side of `include`.

use super::fs::read_file;
use super::targets::display_name;
use std::path::{Path, PathBuf};

/// Resolves `include` entries on the filesystem, relative to the root file,
/// refusing anything that leaves the repository (the directory holding
/// `.git` above the root file, or the root file's directory when there is
/// none): absolute paths, `..` that climbs out, symlinks that point out.
pub struct FsIncludes {
    base: PathBuf,
    boundary: Option<PathBuf>,
}

impl FsIncludes {
    pub fn new(root_file: &Path) -> Self {
        let base = root_file
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let base = if base.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            base
        };
        let canonical = std::fs::canonicalize(&base).ok();
        let boundary = canonical.as_ref().map(|dir| {
            dir.ancestors()
                .find(|d| d.join(".git").exists())
                .unwrap_or(dir)
                .to_path_buf()
        });
        Self { base, boundary }
    }

    fn check_inside(&self, path: &Path) -> Result<(), String> {
        // A path that does not exist is judged by its spelling: `..` that
        // climbs above the repository is refused rather than "not found".
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| {
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            let mut normal = PathBuf::new();
            for part in absolute.components() {
                match part {
                    std::path::Component::ParentDir => {
                        normal.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => normal.push(other),
                }
            }
            normal
        });
        match &self.boundary {
            Some(boundary) if real.starts_with(boundary) => Ok(()),
            _ => Err("it resolves outside the repository".to_owned()),
        }
    }
}

impl rolelint::Includes for FsIncludes {
    fn expand(&self, pattern: &str) -> Result<Vec<rolelint::Fetched>, String> {
        let as_path = Path::new(pattern);
        if as_path.is_absolute() || pattern.starts_with('~') {
            return Err(
                "absolute paths are not allowed; use a path relative to the root file".to_owned(),
            );
        }
        let is_glob = pattern.contains(['*', '?', '[', '{']);
        let mut paths = Vec::new();
        if is_glob {
            // Walk from the longest literal directory prefix of the pattern.
            let literal: PathBuf = as_path
                .components()
                .take_while(|c| {
                    !c.as_os_str()
                        .to_string_lossy()
                        .contains(['*', '?', '[', '{'])
                })
                .collect();
            let start = self.base.join(&literal);
            let matcher = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid glob: {}", e.kind()))?
                .compile_matcher();
            if start.is_dir() {
                self.check_inside(&start)?;
                for entry in ignore::WalkBuilder::new(&start)
                    .standard_filters(false)
                    .build()
                    .flatten()
                {
                    let symlink = entry.path_is_symlink();
                    if !symlink && !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let relative = entry
                        .path()
                        .strip_prefix(&self.base)
                        .unwrap_or(entry.path());
                    let relative = relative.to_string_lossy().replace('\\', "/");
                    if matcher.is_match(relative.trim_start_matches("./")) {
                        paths.push(entry.into_path());
                    }
                }
            }
        } else {
            let path = self.base.join(as_path);
            self.check_inside(&path)?;
            if path.exists() {
                paths.push(path);
            }
        }
        paths.sort();
        let files = paths
            .into_iter()
            .map(|path| {
                let bytes = self.check_inside(&path).and_then(|()| read_file(&path));
                (display_name(&path), bytes)
            })
            .collect();
        Ok(files)
    }
}
