//! The server's state: the open buffers, the configuration in effect for
//! each directory, and the last check of each organisation (a root file
//! and the fragments it includes), made with the buffers' texts in place
//! of the files on disk.

use super::index::Index;
use crate::app::config_file::{ConfigInUse, ConfigProblem, find_config, git_top};
use crate::app::fs::{FileKey, MAX_FILE_BYTES, normalize, read_file};
use crate::app::includes::FsIncludes;
use crate::app::paths::identity;
use rolelint::Checked;
use rolelint::diagnostic::Diagnostic;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A buffer the client has open.
pub struct OpenDoc {
    pub uri: lsp_types::Uri,
    pub version: i32,
    pub text: String,
    /// The file's identity on disk, found once when it is opened (every
    /// check overlays the open buffers by it).
    pub file: Option<FileKey>,
}

/// One organisation as last checked.
pub struct Unit {
    pub checked: Checked,
    /// The absolute path of each source (`checked.sources[i]`).
    pub paths: Vec<PathBuf>,
    pub config: Rc<ConfigInUse>,
    index: OnceCell<Index>,
}

impl Unit {
    /// The navigation index, built on first use after each check from the
    /// trees the check kept.
    pub fn index(&self) -> &Index {
        self.index
            .get_or_init(|| Index::build(&self.checked.sources, &self.checked.trees))
    }

    /// The YAML tree of `file`, as the check built it.
    pub fn tree(&self, file: usize) -> Option<&rolelint::yaml::Document> {
        self.checked.trees.get(file)
    }

    pub fn file_of(&self, path: &Path) -> Option<usize> {
        self.paths.iter().position(|p| p == path)
    }
}

/// A configuration that could not be used, to show on its file.
pub struct BadConfig {
    pub path: PathBuf,
    pub source: rolelint::source::Source,
    pub diagnostics: Vec<Diagnostic>,
    pub message: String,
}

#[derive(Default)]
pub struct Workspace {
    /// Change only through [`Workspace::open_doc`] and
    /// [`Workspace::close_doc`], which keep `open_by_key` in step.
    pub open: HashMap<PathBuf, OpenDoc>,
    /// The open buffers by their file's identity on disk.
    open_by_key: HashMap<FileKey, PathBuf>,
    /// By directory: the configuration for files in it.
    configs: HashMap<PathBuf, Rc<ConfigInUse>>,
    /// Configurations that failed, by path; shown until they are fixed.
    pub bad_configs: HashMap<PathBuf, BadConfig>,
    /// By root file path.
    pub units: HashMap<PathBuf, Unit>,
    /// For each fragment: the root file that includes it.
    owners: HashMap<PathBuf, PathBuf>,
    /// Fragments no root included at the last search: not searched again
    /// (a walk of the repository) until a file is opened or saved.
    orphans: std::collections::HashSet<PathBuf>,
}

/// The key a path is known by: absolute and normalised, symlinks followed
/// when the file exists.
pub fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
}

impl Workspace {
    /// A buffer the client opened.
    pub fn open_doc(&mut self, path: PathBuf, doc: OpenDoc) {
        if let Some(key) = &doc.file {
            self.open_by_key.insert(key.clone(), path.clone());
        }
        self.open.insert(path, doc);
    }

    /// A buffer the client closed. Its organisation now reads the file from
    /// disk: returns its root to check again, unless none of its files is
    /// open any more, and then its results are not kept.
    pub fn close_doc(&mut self, path: &Path) -> Option<PathBuf> {
        if let Some(key) = self.open.remove(path).and_then(|d| d.file) {
            self.open_by_key.remove(&key);
        }
        let root = self.owner_of(path)?;
        let open = self
            .units
            .get(&root)
            .is_some_and(|u| u.paths.iter().any(|p| self.open.contains_key(p)));
        if open {
            (root != path).then_some(root)
        } else {
            self.forget_unit(&root);
            None
        }
    }

    /// The configuration in effect for `file` (cached per directory).
    /// The configuration already read for `file`'s directory, if any.
    pub fn cached_config(&self, file: &Path) -> Option<Rc<ConfigInUse>> {
        let dir = file
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        self.configs.get(&dir).cloned()
    }

    pub fn config_for(&mut self, file: &Path) -> Rc<ConfigInUse> {
        let dir = file
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
        if let Some(found) = self.configs.get(&dir) {
            return Rc::clone(found);
        }
        let loaded = match find_config(None, &dir, dir.clone()) {
            Ok(loaded) => loaded,
            Err(problem) => {
                let bad = match problem {
                    ConfigProblem::Unreadable(message) => BadConfig {
                        path: dir.join(rolelint::config::FILE_NAME),
                        source: rolelint::source::Source::new("", ""),
                        diagnostics: Vec::new(),
                        message,
                    },
                    ConfigProblem::Invalid(invalid) => BadConfig {
                        message: format!(
                            "invalid configuration in {}: checking with the defaults",
                            invalid.path.display()
                        ),
                        path: key(&invalid.path),
                        source: invalid.source,
                        diagnostics: invalid.diagnostics,
                    },
                };
                self.bad_configs.insert(bad.path.clone(), bad);
                // The defaults, with the root the file would have had.
                ConfigInUse {
                    config: rolelint::config::Config::default(),
                    root: git_top(&dir).unwrap_or_else(|| dir.clone()),
                    cwd: dir.clone(),
                    file: None,
                    explicit: false,
                }
            }
        };
        let loaded = Rc::new(loaded);
        self.configs.insert(dir, Rc::clone(&loaded));
        loaded
    }

    /// Forget every configuration (one changed on disk).
    pub fn forget_configs(&mut self) {
        self.configs.clear();
        self.bad_configs.clear();
        self.orphans.clear();
    }

    /// The text of a file: the open buffer's, else the disk's.
    fn text_of(&self, path: &Path) -> Result<Vec<u8>, String> {
        match self.open.get(path) {
            Some(doc) => Ok(doc.text.as_bytes().to_vec()),
            None => read_file(path),
        }
    }

    /// Whether rolelint has anything to say about this file: the
    /// configuration discovers it, a root includes it, or it reads like a
    /// roles file (a top-level `org` or `roles`).
    pub fn is_ours(&mut self, path: &Path) -> bool {
        if self.owners.contains_key(path) || self.units.contains_key(path) {
            return true;
        }
        let loaded = self.config_for(path);
        let name = identity(&loaded.root, path);
        if loaded.config.is_excluded(&name) {
            return false;
        }
        // What `check` discovers, and what it says it skipped.
        let text = self.open.get(path).map(|doc| doc.text.as_str());
        loaded.config.is_discovered(&name) || crate::app::targets::looks_like_roles(path, text)
    }

    /// Check `root` as a unit with the open buffers in place of the disk.
    fn check_root(&mut self, root: &Path) -> Result<Unit, String> {
        let loaded = self.config_for(root);
        let bytes = self.text_of(root)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(format!(
                "larger than the {} MiB limit",
                MAX_FILE_BYTES / 1024 / 1024
            ));
        }
        let name = identity(&loaded.root, root);
        let overlay = |key: &FileKey| {
            let path = self.open_by_key.get(key)?;
            (path.as_path() != root)
                .then(|| self.open.get(path).map(|d| d.text.as_bytes().to_vec()))?
        };
        let mut settings = loaded.settings_for(&name, &[]);
        // Navigation reads the trees the check built.
        settings.set_keep_trees(true);
        let name_of = |p: &Path| identity(&loaded.root, p);
        let includes = FsIncludes::new(root, &name_of).with_overlay(&overlay);
        let mut checked = rolelint::check_unit_owned(&name, bytes, &settings, &includes);
        if let Some(source) = checked.sources.first_mut() {
            source.set_path(Some(root.to_path_buf()));
        }
        // Each file by the path it was read from, never rebuilt from its
        // name (a name is for people).
        let paths = checked
            .sources
            .iter()
            .map(|s| s.path().map_or_else(PathBuf::new, key))
            .collect();
        Ok(Unit {
            checked,
            paths,
            config: loaded,
            index: OnceCell::new(),
        })
    }

    /// Check `unit` again with `texts` in place of its files (in the order
    /// of its sources) and the other open buffers as they are: how a fix
    /// or a rename is tried before it is offered.
    pub fn trial(&self, unit: &Unit, texts: &[String]) -> Checked {
        let Some(root) = unit.paths.first() else {
            return Checked::default();
        };
        // The unit's files by their identity, found once: the trial texts
        // replace them; any other open buffer is read as it is.
        let tried: HashMap<FileKey, &String> = unit
            .paths
            .iter()
            .zip(texts)
            .skip(1)
            .filter_map(|(p, t)| Some((crate::app::fs::file_key(p)?, t)))
            .collect();
        let overlay = |key: &FileKey| {
            if let Some(text) = tried.get(key) {
                return Some(text.as_bytes().to_vec());
            }
            let path = self.open_by_key.get(key)?;
            (path != root).then(|| self.open.get(path).map(|d| d.text.as_bytes().to_vec()))?
        };
        let loaded = &unit.config;
        let name = unit.checked.sources.first().map_or("", |s| s.name());
        let settings = loaded.settings_for(name, &[]);
        let name_of = |p: &Path| identity(&loaded.root, p);
        let includes = FsIncludes::new(root, &name_of).with_overlay(&overlay);
        let first = texts.first().map_or(&[][..], |t| t.as_bytes());
        rolelint::check_unit(name, first, &settings, &includes)
    }

    /// Whether a file of `unit` that is not open differs on disk from what
    /// the unit was checked with (the server is told only about open
    /// files and configurations): edits built on it would be stale.
    pub fn is_stale(&self, unit: &Unit) -> bool {
        unit.paths
            .iter()
            .zip(&unit.checked.sources)
            .filter(|(p, _)| !self.open.contains_key(*p))
            .any(|(p, source)| {
                let disk = read_file(p).unwrap_or_default();
                let disk = disk.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&disk);
                disk != source.text().as_bytes()
            })
    }

    /// Forget the organisation `root` reports (none of its files is open):
    /// a closed document's results are not kept.
    pub fn forget_unit(&mut self, root: &Path) {
        if let Some(unit) = self.units.remove(root) {
            for p in unit.paths.iter().skip(1) {
                if self.owners.get(p).is_some_and(|r| r == root) {
                    self.owners.remove(p);
                }
            }
        }
    }

    /// Check the organisation `path` belongs to. Returns the root file of
    /// the unit checked (which reports on `path`).
    pub fn analyse(&mut self, path: &Path) -> Result<PathBuf, String> {
        let mut unit = self.check_root(path)?;
        if !unit.checked.fragment {
            let root = path.to_path_buf();
            self.claim(&root, &unit);
            self.units.insert(root.clone(), unit);
            return Ok(root);
        }
        // A fragment: first the root that included it last time, then every
        // root below the configuration's root.
        let cached: Vec<PathBuf> = self.owners.get(path).cloned().into_iter().collect();
        if let Some(root) = self.adopt(&cached, path) {
            return Ok(root);
        }
        if !self.orphans.contains(path) {
            let others: Vec<PathBuf> = crate::app::fragments::candidate_roots(&unit.config)
                .into_iter()
                .map(|p| key(&p))
                .filter(|p| p != path && !cached.contains(p))
                .collect();
            if let Some(root) = self.adopt(&others, path) {
                return Ok(root);
            }
            self.orphans.insert(path.to_path_buf());
        }
        // No root includes it: its own findings, and that one.
        self.owners.remove(path);
        unit.checked
            .diagnostics
            .insert(0, crate::app::fragments::orphan());
        self.units.insert(path.to_path_buf(), unit);
        Ok(path.to_path_buf())
    }

    /// Check `candidates` until one is a root that includes `path`.
    fn adopt(&mut self, candidates: &[PathBuf], path: &Path) -> Option<PathBuf> {
        for candidate in candidates {
            let Ok(found) = self.check_root(candidate) else {
                continue;
            };
            if !found.checked.fragment && found.paths.iter().skip(1).any(|p| p == path) {
                self.claim(candidate, &found);
                self.units.insert(candidate.clone(), found);
                return Some(candidate.clone());
            }
        }
        None
    }

    /// `path` is no longer part of the organisation that reported on it.
    pub fn disown(&mut self, path: &Path) {
        self.owners.remove(path);
        self.orphans.remove(path);
    }

    /// Files were opened, saved or changed on disk: a fragment without a
    /// root may have one now.
    pub fn search_again(&mut self) {
        self.orphans.clear();
    }

    /// Record `root` as the owner of the fragments it includes.
    fn claim(&mut self, root: &Path, unit: &Unit) {
        for p in unit.paths.iter().skip(1) {
            self.owners.insert(p.clone(), root.to_path_buf());
            if p.as_path() != root {
                self.units.remove(p);
            }
        }
    }

    /// The unit that reports on `path`: its own, or its owner's.
    pub fn unit_of(&self, path: &Path) -> Option<(&Unit, usize)> {
        let root = self
            .owners
            .get(path)
            .filter(|r| self.units.contains_key(*r))
            .map_or(path, PathBuf::as_path);
        let unit = self.units.get(root)?;
        Some((unit, unit.file_of(path)?))
    }

    /// The root that reports on `path`, if any has been checked.
    pub fn owner_of(&self, path: &Path) -> Option<PathBuf> {
        if self.units.contains_key(path) {
            return Some(path.to_path_buf());
        }
        self.owners.get(path).cloned()
    }
}

#[cfg(test)]
#[path = "workspace_tests.rs"]
mod tests;
