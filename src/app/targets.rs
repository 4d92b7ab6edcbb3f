//! What to check: walking directories, matching the configuration's
//! globs, and naming each file.

use super::Failures;
use super::config_file::ConfigInUse;
use super::fs::describe_io;
use crate::cli::CheckArgs;
use rolelint::Settings;
use rolelint::diagnostic::Level;
use std::path::{Path, PathBuf};

/// A path relative to the configuration's directory, with `/` separators.
fn relative_to(root: &Path, path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let relative = absolute.strip_prefix(root).unwrap_or(&absolute);
    relative.to_string_lossy().replace('\\', "/")
}

/// A file to check, the name it is reported under and its settings.
pub struct Target {
    pub path: Option<PathBuf>,
    pub name: String,
    pub settings: Settings,
}

/// The name of a file found on disk: relative to the current directory when
/// below it.
pub fn found_name(path: &Path) -> String {
    let normal = super::fs::normalize(path);
    let cwd = std::env::current_dir().map(|d| super::fs::normalize(&d));
    match cwd.as_ref().map(|cwd| normal.strip_prefix(cwd)) {
        Ok(Ok(relative)) => display_name(relative),
        _ => display_name(&normal),
    }
}

pub fn display_name(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map_or(text.clone(), str::to_owned)
}

fn is_roles_file(path: &Path) -> bool {
    matches!(
        path.file_name().and_then(|n| n.to_str()),
        Some("roles.yaml" | "roles.yml")
    )
}

/// Walk a directory (honouring `.gitignore`), keeping the files the
/// configuration discovers (by default, every `roles.yaml`).
fn walk(dir: &Path, loaded: &ConfigInUse, failures: &mut Failures) -> Vec<PathBuf> {
    let mut found = Vec::new();
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
                let relative = relative_to(&loaded.root, entry.path());
                if loaded.config.is_excluded(&relative) {
                    continue;
                }
                if loaded.config.is_discovered(&relative) || is_roles_file(entry.path()) {
                    found.push(entry.into_path());
                }
            }
            Err(err) => failures.add(format!("{}: {err}", display_name(dir))),
        }
    }
    found.sort();
    found
}

pub fn collect_targets(
    args: &CheckArgs,
    loaded: &ConfigInUse,
    overrides: &[(String, Level)],
    failures: &mut Failures,
) -> Vec<Target> {
    let settings_for = |relative: &str| {
        let mut settings = loaded.config.settings_for(relative);
        for (name, level) in overrides {
            settings.set_level(name, *level);
        }
        settings
    };
    let mut targets = Vec::new();
    let file_target = |path: PathBuf| {
        let relative = relative_to(&loaded.root, &path);
        Target {
            name: display_name(&path),
            settings: settings_for(&relative),
            path: Some(path),
        }
    };
    if args.paths.is_empty() {
        for path in walk(&loaded.root, loaded, failures) {
            let shown = path
                .strip_prefix(std::env::current_dir().unwrap_or_default())
                .map_or_else(|_| path.clone(), Path::to_path_buf);
            targets.push(file_target(shown));
        }
    }
    for path in &args.paths {
        if path.as_os_str() == "-" {
            let relative = relative_to(&loaded.root, Path::new(&args.stdin_filename));
            targets.push(Target {
                path: None,
                name: args.stdin_filename.clone(),
                settings: settings_for(&relative),
            });
            continue;
        }
        match std::fs::metadata(path) {
            Err(err) => failures.add(format!("{}: {}", display_name(path), describe_io(&err))),
            Ok(meta) if meta.is_dir() => {
                for found in walk(path, loaded, failures) {
                    targets.push(file_target(found));
                }
            }
            Ok(_) => targets.push(file_target(path.clone())),
        }
    }
    targets
}
