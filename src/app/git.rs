//! Files at a revision, read with `git` as a subprocess (`pr-review.md`):
//! the organisations a change started from.

use super::fs::MAX_FILE_BYTES;
use super::includes::{MAX_FRAGMENTS, MAX_ORGANISATION_BYTES};
use rolelint::Fetched;
use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// A git repository and one of its commits.
pub struct Revision {
    /// The top of the work tree, canonical.
    pub top: PathBuf,
    pub commit: String,
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "git is not installed or not on PATH".to_owned(),
            _ => format!("cannot run git: {e}"),
        })
}

impl Revision {
    /// The commit `rev` names in the repository holding `dir`.
    pub fn resolve(dir: &Path, rev: &str) -> Result<Self, String> {
        let top = git(dir, &["rev-parse", "--show-toplevel"])?;
        if !top.status.success() {
            return Err(format!(
                "{} is not in a git repository, so revision `{rev}` cannot be read",
                dir.display()
            ));
        }
        let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
        let top = std::fs::canonicalize(&top).unwrap_or(top);
        if rev.starts_with('-') {
            return Err(format!("`{rev}` is not a revision"));
        }
        let spec = format!("{rev}^{{commit}}");
        let out = git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )?;
        if !out.status.success() {
            return Err(format!(
                "unknown revision `{rev}` (fetch it first, e.g. `git fetch --depth=1 origin {rev}`)"
            ));
        }
        Ok(Self {
            top,
            commit: String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        })
    }

    /// A path of the work tree as a path in the repository, `/`-separated.
    pub fn in_repo(&self, path: &Path) -> Option<String> {
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| super::fs::normalize(path));
        real.strip_prefix(&self.top)
            .ok()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
    }

    /// The bytes of a file at this commit; `None` when it did not exist.
    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>, String> {
        let object = format!("{}:{path}", self.commit);
        let kind = git(&self.top, &["cat-file", "-t", "--end-of-options", &object])?;
        if !kind.status.success() {
            return Ok(None);
        }
        if String::from_utf8_lossy(&kind.stdout).trim() != "blob" {
            return Err("not a regular file at this revision".to_owned());
        }
        let size = git(&self.top, &["cat-file", "-s", "--end-of-options", &object])?;
        let size: u64 = String::from_utf8_lossy(&size.stdout)
            .trim()
            .parse()
            .unwrap_or(0);
        if size > MAX_FILE_BYTES {
            return Err(format!(
                "larger than the {} MiB limit",
                MAX_FILE_BYTES / 1024 / 1024
            ));
        }
        let out = git(
            &self.top,
            &["cat-file", "blob", "--end-of-options", &object],
        )?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
        }
        Ok(Some(out.stdout))
    }

    /// Every file under `dir` (repository path) at this commit.
    fn files_under(&self, dir: &str) -> Vec<String> {
        let mut args = vec!["ls-tree", "-r", "--name-only", "-z", self.commit.as_str()];
        if !dir.is_empty() {
            args.push("--");
            args.push(dir);
        }
        git(&self.top, &args)
            .ok()
            .filter(|o| o.status.success())
            .map(|o| {
                o.stdout
                    .split(|&b| b == 0)
                    .filter(|p| !p.is_empty())
                    .map(|p| String::from_utf8_lossy(p).into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// `path` joined and resolved by spelling, inside the repository, or None
/// when `..` climbs out of it.
fn join(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<String> = base
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    for c in Path::new(path).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// `include` resolved inside a revision's tree, with the limits of the disk.
pub struct RevIncludes<'a> {
    rev: &'a Revision,
    /// The root file's directory, as a repository path.
    base: String,
    root: String,
    name: &'a dyn Fn(&str) -> String,
    state: RefCell<(HashSet<String>, u64, usize)>,
}

impl<'a> RevIncludes<'a> {
    /// `root` is the root file's repository path; `name` names a repository
    /// path as the run names files.
    pub fn new(rev: &'a Revision, root: &str, size: u64, name: &'a dyn Fn(&str) -> String) -> Self {
        let base = root.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        Self {
            rev,
            base,
            root: root.to_owned(),
            name,
            state: RefCell::new((HashSet::new(), size, 0)),
        }
    }
}

impl rolelint::Includes for RevIncludes<'_> {
    fn expand(&self, pattern: &str) -> Result<Vec<Fetched>, String> {
        if Path::new(pattern).is_absolute() || pattern.starts_with('~') {
            return Err(
                "absolute paths are not allowed; use a path relative to the root file".to_owned(),
            );
        }
        let mut paths = Vec::new();
        if pattern.contains(['*', '?', '[', '{']) {
            let matcher = globset::GlobBuilder::new(pattern.trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid glob: {}", e.kind()))?
                .compile_matcher();
            for file in self.rev.files_under(&self.base) {
                let relative = if self.base.is_empty() {
                    file.as_str()
                } else {
                    file.strip_prefix(&format!("{}/", self.base))
                        .unwrap_or(&file)
                };
                if !file.split('/').any(|p| p == ".git") && matcher.is_match(relative) {
                    paths.push(file);
                }
            }
        } else {
            let Some(path) = join(&self.base, pattern) else {
                return Err("it resolves outside the repository".to_owned());
            };
            paths.push(path);
        }
        paths.sort();
        let mut out = Vec::new();
        for path in paths {
            let name = (self.name)(&path);
            if path == self.root {
                out.push(Fetched::Root { name });
                continue;
            }
            let mut state = self.state.borrow_mut();
            if !state.0.insert(path.clone()) {
                out.push(Fetched::Again);
                continue;
            }
            if state.2 >= MAX_FRAGMENTS {
                out.push(Fetched::Refused { name, reason: format!("the organisation already includes {MAX_FRAGMENTS} fragments, the most allowed") });
                continue;
            }
            match self.rev.read(&path) {
                Ok(Some(bytes)) => {
                    state.1 += bytes.len() as u64;
                    if state.1 > MAX_ORGANISATION_BYTES {
                        out.push(Fetched::Refused {
                            name,
                            reason: format!(
                                "the organisation's files would exceed {} MiB in all",
                                MAX_ORGANISATION_BYTES / 1024 / 1024
                            ),
                        });
                        continue;
                    }
                    state.2 += 1;
                    out.push(Fetched::File {
                        name,
                        bytes,
                        path: None,
                    });
                }
                Ok(None) => {}
                Err(reason) => out.push(Fetched::Refused { name, reason }),
            }
        }
        Ok(out)
    }
}
