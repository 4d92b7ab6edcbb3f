//! Files at a revision, read with `git` as a subprocess (docs/review.md):
//! the organisations a change started from.

use super::fs::MAX_FILE_BYTES;
use super::include_policy::{Budget, check_entry, glob, is_glob};
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
        // Joined from its components: a `\\` in a file name stays a `\\`,
        // and a name that is not UTF-8 has no repository path to ask for.
        let relative = real.strip_prefix(&self.top).ok()?;
        let parts: Option<Vec<&str>> = relative
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect();
        Some(parts?.join("/"))
    }

    /// The bytes of a file at this commit; `None` when it did not exist.
    /// A symbolic link is followed inside the repository; a file inside a
    /// submodule is read from the submodule at the commit recorded here.
    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>, String> {
        read_at(&self.top, &self.commit, path, 0)
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

/// Most symbolic links followed to read one file at a revision.
const MAX_LINKS: usize = 8;

/// The mode and object of each tree entry on the way to `path` (each
/// leading directory, then the path itself), by repository path.
fn entries_to(
    top: &Path,
    commit: &str,
    path: &str,
) -> Result<Vec<(String, String, String)>, String> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let prefixes: Vec<String> = (1..=parts.len()).map(|n| parts[..n].join("/")).collect();
    let mut args = vec!["ls-tree", "-t", "-z", commit, "--"];
    args.extend(prefixes.iter().map(String::as_str));
    let out = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(&args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_LITERAL_PATHSPECS", "1")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git could not list {path} at {commit}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out
        .stdout
        .split(|&b| b == 0)
        .filter_map(|line| {
            let line = std::str::from_utf8(line).ok()?;
            let (meta, name) = line.split_once('\t')?;
            let mut meta = meta.split(' ');
            let mode = meta.next()?.to_owned();
            let _kind = meta.next()?;
            let oid = meta.next()?.to_owned();
            Some((name.to_owned(), mode, oid))
        })
        .collect())
}

/// A blob's bytes, within the size limit.
fn blob(top: &Path, oid: &str) -> Result<Vec<u8>, String> {
    let size = git(top, &["cat-file", "-s", oid])?;
    if !size.status.success() {
        return Err(String::from_utf8_lossy(&size.stderr).trim().to_owned());
    }
    let size: u64 = String::from_utf8_lossy(&size.stdout)
        .trim()
        .parse()
        .unwrap_or(u64::MAX);
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "larger than the {} MiB limit",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    let out = git(top, &["cat-file", "blob", oid])?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_owned());
    }
    Ok(out.stdout)
}

/// Where a symbolic link at `link` (repository path) whose text is
/// `target` leads, followed by `rest`; refused when it leaves the tree.
fn follow(top: &Path, link: &str, oid: &str, rest: &str) -> Result<String, String> {
    let target = blob(top, oid)?;
    let target = String::from_utf8_lossy(&target).into_owned();
    let parent = link.rsplit_once('/').map_or("", |(dir, _)| dir);
    let outside = || {
        format!("`{link}` is a symbolic link that leads outside the repository at this revision")
    };
    if target.starts_with('/') {
        return Err(outside());
    }
    let joined = join(parent, &target).ok_or_else(outside)?;
    Ok(if rest.is_empty() {
        joined
    } else {
        format!("{joined}/{rest}")
    })
}

/// [`Revision::read`] in the repository at `top`, at `commit`.
fn read_at(top: &Path, commit: &str, path: &str, links: usize) -> Result<Option<Vec<u8>>, String> {
    if links > MAX_LINKS {
        return Err(format!(
            "more than {MAX_LINKS} symbolic links on the way to {path}"
        ));
    }
    let entries = entries_to(top, commit, path)?;
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    for n in 1..=parts.len() {
        let prefix = parts[..n].join("/");
        let rest = parts[n..].join("/");
        let Some((_, mode, oid)) = entries.iter().find(|(name, _, _)| *name == prefix) else {
            return Ok(None);
        };
        match mode.as_str() {
            "040000" if n < parts.len() => {}
            "160000" => {
                if rest.is_empty() {
                    return Err("a submodule, not a file".to_owned());
                }
                let sub = top.join(&prefix);
                if !sub.join(".git").exists() {
                    return Err(format!(
                        "it is inside the submodule `{prefix}`, which is not checked out"
                    ));
                }
                return read_at(&sub, oid, &rest, links)
                    .map_err(|e| format!("in the submodule `{prefix}`: {e}"));
            }
            "120000" => {
                let next = follow(top, &prefix, oid, &rest)?;
                return read_at(top, commit, &next, links + 1);
            }
            "100644" | "100755" if n == parts.len() => return blob(top, oid).map(Some),
            _ => return Err("not a regular file at this revision".to_owned()),
        }
    }
    Ok(None)
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
    state: RefCell<(HashSet<String>, Budget)>,
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
            state: RefCell::new((HashSet::new(), Budget::new(size))),
        }
    }
}

impl rolelint::Includes for RevIncludes<'_> {
    fn expand(&self, pattern: &str) -> Result<Vec<Fetched>, String> {
        check_entry(pattern)?;
        let mut paths = Vec::new();
        if is_glob(pattern) {
            let matcher = glob(pattern)?;
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
            if let Err(reason) = state.1.room_for_one() {
                out.push(Fetched::Refused { name, reason });
                continue;
            }
            match self.rev.read(&path) {
                Ok(Some(bytes)) => {
                    if let Err(reason) = state.1.take(bytes.len() as u64) {
                        out.push(Fetched::Refused { name, reason });
                        continue;
                    }
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
