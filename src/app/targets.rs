//! What to check and what each file is called (docs/naming.md): walking
//! directories, matching the configuration's globs, one identity per file
//! whatever its spelling.

use super::Failures;
use super::config_file::ConfigInUse;
use super::fs::{FileKey, describe_io, file_key};
use super::paths::{display_name, identity};
use crate::cli::CheckArgs;
use rolelint::Settings;
use rolelint::diagnostic::Level;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file to check, its identity and its settings.
pub struct Target {
    /// `None`: standard input.
    pub path: Option<PathBuf>,
    /// The identity: relative to the root, or absolute outside it.
    pub name: String,
    pub settings: Settings,
}

impl Target {
    /// Read and check this target (a root with its fragments, or stdin).
    pub fn check(&self, root: &Path) -> Result<rolelint::Checked, String> {
        let name = |path: &Path| identity(root, path);
        match &self.path {
            Some(path) => super::fs::read_file(path).map(|bytes| {
                let mut unit = rolelint::check_unit_owned(
                    &self.name,
                    bytes,
                    &self.settings,
                    &super::includes::FsIncludes::new(path, &name),
                );
                if let Some(source) = unit.sources.first_mut() {
                    source.set_path(Some(path.clone()));
                }
                unit
            }),
            None => super::fs::read_stdin()
                .map(|bytes| rolelint::check_bytes(&self.name, &bytes, &self.settings)),
        }
    }
}

/// What a run checks, and what it could not.
#[derive(Default)]
pub struct Found {
    pub files: Vec<Target>,
    /// Explicit files skipped by `--force-exclude`.
    pub excluded: usize,
    /// Paths that could not be checked (each already in the failures).
    pub failed: usize,
    /// Files a directory search left out that look like roles files.
    pub lookalikes: Vec<String>,
}

/// The message for a search that found nothing.
fn nothing_found(dir: &str, loaded: &ConfigInUse) -> String {
    let hint = if loaded.file.is_some() {
        "change `files` in .rolelint.yaml"
    } else {
        "set `files` in .rolelint.yaml"
    };
    format!(
        "no roles files under {dir} (looked for {}; {hint})",
        loaded.config.files.join(", ")
    )
}

/// Whether a file looks like a roles file: its name ends in `roles.yaml`
/// or `roles.yml` in any case (`Roles.yaml`, `team-roles.yml`), or it is a
/// YAML file whose `head` (its first bytes) has a top-level `org:` or
/// `roles:` key. The one test the CLI (to say what it skipped) and the
/// language server (to decide what to check) share.
pub fn looks_like_roles(path: &Path, head: Option<&str>) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with("roles.yaml") || name.ends_with("roles.yml") {
        return true;
    }
    let yaml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    if !yaml {
        return false;
    }
    head.is_some_and(|text| {
        text.split(['\n', '\r'])
            .any(|l| l.starts_with("org:") || l.starts_with("roles:"))
    })
}

/// The first bytes of a file, enough to see its top-level keys.
fn head_of(path: &Path) -> Option<String> {
    use std::io::Read as _;
    const HEAD: u64 = 64 * 1024;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(HEAD)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Walk a directory (honouring `.gitignore`), keeping the files the
/// configuration discovers (by default, every `roles.yaml`).
pub fn walk(dir: &Path, loaded: &ConfigInUse, failures: &mut Failures) -> Vec<PathBuf> {
    walk_noting(dir, loaded, failures).0
}

/// [`walk`], and the files it left out that look like roles files.
fn walk_noting(
    dir: &Path,
    loaded: &ConfigInUse,
    failures: &mut Failures,
) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let mut lookalikes = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let name = identity(&loaded.root, entry.path());
                if loaded.config.is_excluded(&name) {
                    continue;
                }
                // `files` says what is discovered: it replaces the default
                // (`**/roles.yaml`, `**/roles.yml`), it does not add to it.
                if loaded.config.is_discovered(&name) {
                    found.push(entry.into_path());
                } else if looks_like_roles(entry.path(), head_of(entry.path()).as_deref()) {
                    lookalikes.push(name);
                }
            }
            Err(err) => failures.add(format!("{}: {err}", display_name(dir))),
        }
    }
    found.sort();
    lookalikes.sort();
    (found, lookalikes)
}

/// Say which files that look like roles files a search skipped, leaving
/// out the fragments a checked root includes.
pub fn note_lookalikes(lookalikes: &[String], report: &rolelint::output::Report) {
    let read: std::collections::HashSet<&str> = report
        .units
        .iter()
        .flat_map(|u| u.sources.iter().map(rolelint::source::Source::name))
        .collect();
    let skipped: Vec<&String> = lookalikes
        .iter()
        .filter(|n| !read.contains(n.as_str()))
        .collect();
    let Some(first) = skipped.first() else {
        return;
    };
    let one = skipped.len() == 1;
    super::print_err(&format!(
        "note: skipped {} file{} that look{} like roles files but `files` does not match ({}{}); add {} to `files` in .rolelint.yaml\n",
        skipped.len(),
        if one { "" } else { "s" },
        if one { "s" } else { "" },
        rolelint::escape::terminal(first),
        if one { "" } else { ", …" },
        if one { "it" } else { "them" },
    ));
}

/// What the command line asks to check.
pub struct Wanted<'a> {
    pub paths: &'a [PathBuf],
    pub force_exclude: bool,
    pub stdin_filename: &'a str,
}

impl<'a> From<&'a CheckArgs> for Wanted<'a> {
    fn from(args: &'a CheckArgs) -> Self {
        Self {
            paths: &args.paths,
            force_exclude: args.force_exclude,
            stdin_filename: &args.stdin_filename,
        }
    }
}

pub fn collect_targets(
    args: &Wanted<'_>,
    loaded: &ConfigInUse,
    overrides: &[(String, Level)],
    failures: &mut Failures,
) -> Found {
    let settings_for = |name: &str| loaded.settings_for(name, overrides);
    let mut out = Found::default();
    let mut files: Vec<PathBuf> = Vec::new();
    let search = |dir: &Path, shown: &str, out: &mut Found, failures: &mut Failures| {
        let (found, lookalikes) = walk_noting(dir, loaded, failures);
        out.lookalikes.extend(lookalikes);
        if found.is_empty() {
            failures.add(nothing_found(shown, loaded));
            out.failed += 1;
        }
        found
    };
    if args.paths.is_empty() {
        files.extend(search(&loaded.cwd, ".", &mut out, failures));
    }
    for path in args.paths {
        if path.as_os_str() == "-" {
            let name = if args.stdin_filename == "<stdin>" {
                args.stdin_filename.to_owned()
            } else {
                identity(&loaded.root, &loaded.cwd.join(args.stdin_filename))
            };
            out.files.push(Target {
                path: None,
                settings: settings_for(&name),
                name,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Err(err) => {
                failures.add(format!("{}: {}", display_name(path), describe_io(&err)));
                out.failed += 1;
            }
            Ok(meta) if meta.is_dir() => {
                files.extend(search(path, &display_name(path), &mut out, failures));
            }
            Ok(_) => {
                if args.force_exclude && loaded.config.is_excluded(&identity(&loaded.root, path)) {
                    out.excluded += 1;
                    continue;
                }
                files.push(path.clone());
            }
        }
    }
    // One file under two spellings is checked and reported once.
    let mut seen: HashSet<FileKey> = HashSet::new();
    let mut own: std::collections::HashMap<PathBuf, Option<std::rc::Rc<ConfigInUse>>> =
        std::collections::HashMap::new();
    for path in files {
        if let Some(key) = file_key(&path)
            && !seen.insert(key)
        {
            continue;
        }
        let name = identity(&loaded.root, &path);
        // A file under another configuration (another repository of the
        // run) is checked with that one, its names matched from its root.
        // Found once per directory: a walk of 2,000 files costs no more.
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let other = own
            .entry(dir)
            .or_insert_with(|| super::config_file::own_config(loaded, &path).map(std::rc::Rc::new));
        let settings = match other {
            Some(other) => other.settings_for(&identity(&other.root, &path), overrides),
            None => settings_for(&name),
        };
        out.files.push(Target {
            settings,
            name,
            path: Some(path),
        });
    }
    out
}
