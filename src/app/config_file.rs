//! Finding and reading `.rolelint.yaml`.

use super::fs::{check_inside, normalize, read_file, repository_of};
use super::targets::display_name;
use super::{Failures, print_err};
use rolelint::Checked;
use rolelint::config::{self, Config};
use rolelint::output::{Format, Report};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The configuration in effect and the directory its paths are relative to.
pub struct ConfigInUse {
    pub config: Config,
    pub root: PathBuf,
}

/// Find `.rolelint.yaml` by walking up from `start`, stopping at the
/// directory that holds `.git`.
fn discover_config(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(config::FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// Load the configuration (given or discovered). Its errors are printed as
/// diagnostics and make the run fail with exit 2.
pub fn load_config(
    explicit: Option<&Path>,
    color: bool,
    failures: &mut Failures,
) -> Option<ConfigInUse> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => discover_config(&cwd),
    };
    let Some(path) = path else {
        return Some(ConfigInUse {
            config: Config::default(),
            root: cwd,
        });
    };
    // A committed `.rolelint.yaml` that links outside the repository (to
    // `/proc/self/environ`, say) must never reach a config error snippet.
    let holder = normalize(&path);
    let boundary = repository_of(holder.parent().unwrap_or(Path::new("/")));
    let bytes = match check_inside(&boundary, &path).and_then(|()| read_file(&path)) {
        Ok(bytes) => bytes,
        Err(reason) => {
            failures.add(format!("configuration {}: {reason}", display_name(&path)));
            return None;
        }
    };
    let (source, problem) = rolelint::decode(&display_name(&path), &bytes);
    let (config, diagnostics) = match problem {
        Some(d) => (None, vec![d]),
        None => Config::parse(&source),
    };
    if let Some(config) = config {
        let root = std::path::absolute(&path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or(cwd);
        return Some(ConfigInUse { config, root });
    }
    let report = Report {
        units: vec![Checked {
            sources: vec![source],
            diagnostics,
            suppressed: 0,
            fragment: false,
            timings: rolelint::Timings::default(),
            chart: None,
        }],
    };
    print_err(&Format::Human.render(&report, color && std::io::stderr().is_terminal(), false));
    failures.add(format!("invalid configuration in {}", display_name(&path)));
    None
}
