//! Finding and reading `.rolelint.yaml`.

use super::fs::{check_inside, normalize, read_file, repository_of};
use super::paths::{display_name, identity};
use super::print;
use super::{Failures, print_err};
use rolelint::Checked;
use rolelint::config::{self, Config};
use rolelint::output::{Format, Report};
use std::path::{Path, PathBuf};

/// The configuration in effect and the run's root (see docs/naming.md): the
/// directory holding the `.rolelint.yaml` in use, else the top of the git
/// work tree holding the current directory, else the current directory.
/// Both the root and `cwd` are canonical.
pub struct ConfigInUse {
    pub config: Config,
    pub root: PathBuf,
    pub cwd: PathBuf,
    /// The configuration file, when there is one.
    pub file: Option<PathBuf>,
    /// Given with `--config`: it applies to every file of the run.
    pub explicit: bool,
}

impl ConfigInUse {
    /// The settings of the file named `name`: the configuration's rules,
    /// each matching override, then the command line's `--rule` levels.
    /// The one place they are layered, for every front end.
    pub fn settings_for(
        &self,
        name: &str,
        overrides: &[(String, rolelint::diagnostic::Level)],
    ) -> rolelint::Settings {
        let mut settings = self.config.settings_for(name);
        settings.set_today(super::today::today());
        for (rule, level) in overrides {
            settings.set_level(rule, *level);
        }
        settings
    }

    /// How the run's reports name files: from this root and current
    /// directory, and `GITHUB_WORKSPACE` when it is set.
    pub fn paths(&self) -> rolelint::output::Paths {
        rolelint::output::Paths {
            root: self.root.clone(),
            cwd: self.cwd.clone(),
            workspace: std::env::var_os("GITHUB_WORKSPACE")
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let w = PathBuf::from(w);
                    std::fs::canonicalize(&w).unwrap_or(w)
                }),
        }
    }

    /// A report of `units`, named as this run names files.
    pub fn report(&self, units: Vec<Checked>) -> Report {
        Report {
            units,
            paths: self.paths(),
            custom_rules: self.config.custom.clone(),
            ..Report::default()
        }
    }
}

/// The configuration of a file whose nearest `.rolelint.yaml` is not the
/// run's: a run over several repositories checks each file with its own.
/// `None` when it is the run's, when `--config` was given, or when that
/// configuration cannot be used (the run's then applies).
pub fn own_config(loaded: &ConfigInUse, file: &Path) -> Option<ConfigInUse> {
    if loaded.explicit {
        return None;
    }
    let start = start_for(file)?;
    let nearest = discover_config(&start)?;
    let same = loaded
        .file
        .as_ref()
        .is_some_and(|f| std::fs::canonicalize(f).ok() == std::fs::canonicalize(&nearest).ok());
    if same {
        return None;
    }
    find_config(Some(&nearest), &start, loaded.cwd.clone()).ok()
}

/// The current directory, canonical.
fn current_dir() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    std::fs::canonicalize(&cwd).unwrap_or(cwd)
}

/// The top of the git work tree holding `dir` (a `.git` directory, or a
/// worktree's `.git` file), if any.
pub fn git_top(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
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

/// Why no configuration could be used.
pub enum ConfigProblem {
    /// It could not be read (the message names the file).
    Unreadable(String),
    /// It was read but is not valid: its source and the findings.
    Invalid(Box<Invalid>),
}

/// A configuration file that does not validate.
pub struct Invalid {
    pub path: PathBuf,
    pub source: rolelint::source::Source,
    pub diagnostics: Vec<rolelint::diagnostic::Diagnostic>,
}

/// Find and read the configuration in effect for files under `start`
/// (the given one, else the one discovered walking up from `start`), with
/// `cwd` as the directory names are shown from.
pub fn find_config(
    explicit: Option<&Path>,
    start: &Path,
    cwd: PathBuf,
) -> Result<ConfigInUse, ConfigProblem> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => discover_config(start),
    };
    let Some(path) = path else {
        return Ok(ConfigInUse {
            config: Config::default(),
            root: git_top(start).unwrap_or_else(|| start.to_path_buf()),
            cwd,
            file: None,
            explicit: false,
        });
    };
    // A committed `.rolelint.yaml` that links outside the repository (to
    // `/proc/self/environ`, say) must never reach a config error snippet.
    let holder = normalize(&path);
    let boundary = repository_of(holder.parent().unwrap_or(Path::new("/")));
    let bytes = check_inside(&boundary, &path)
        .and_then(|()| read_file(&path))
        .map_err(|reason| {
            ConfigProblem::Unreadable(format!("configuration {}: {reason}", display_name(&path)))
        })?;
    let (source, problem) = rolelint::decode(&display_name(&path), &bytes);
    let (config, diagnostics) = match problem {
        Some(d) => (None, vec![d]),
        None => Config::parse(&source),
    };
    match config {
        Some(config) => {
            let holder = holder
                .parent()
                .map_or_else(|| start.to_path_buf(), Path::to_path_buf);
            let root = std::fs::canonicalize(&holder).unwrap_or(holder);
            Ok(ConfigInUse {
                config,
                root,
                cwd,
                file: Some(path),
                explicit: explicit.is_some(),
            })
        }
        None => Err(ConfigProblem::Invalid(Box::new(Invalid {
            path,
            source,
            diagnostics,
        }))),
    }
}

/// Load the configuration (given or discovered from the current
/// directory). Its errors are printed as diagnostics and make the run fail
/// with exit 2.
pub fn load_config(
    explicit: Option<&Path>,
    color: bool,
    failures: &mut Failures,
) -> Option<ConfigInUse> {
    load_config_fixing(explicit, color, failures, false)
}

/// The safe fixes of an invalid configuration applied, when that makes it
/// valid: the new text, and how many fixes it took.
fn fixed_config(invalid: &Invalid) -> Option<(String, usize)> {
    let chosen =
        rolelint::fix::choose(&invalid.diagnostics, rolelint::diagnostic::FileId(0), false);
    if chosen.is_empty() {
        return None;
    }
    let edits: Vec<&rolelint::diagnostic::Edit> = chosen
        .iter()
        .filter_map(|&i| invalid.diagnostics[i].fix.as_ref())
        .flat_map(|f| &f.edits)
        .collect();
    let text = rolelint::fix::apply(invalid.source.text(), &edits);
    let source = rolelint::source::Source::new(invalid.source.name(), text.as_str());
    // Sound only when the result is a valid configuration.
    Config::parse(&source).0.map(|_| (text, chosen.len()))
}

/// [`load_config`]; with `fix` (`check --fix`), an invalid configuration
/// whose safe fixes make it valid is fixed in place first.
pub fn load_config_fixing(
    explicit: Option<&Path>,
    color: bool,
    failures: &mut Failures,
    fix: bool,
) -> Option<ConfigInUse> {
    load_config_for(explicit, None, color, failures, fix)
}

/// The directory a configuration is found from for a run that names
/// `path`: the file's own directory (or the directory itself), so a file
/// named from outside its repository still gets its repository's
/// configuration and root, as the language server does.
pub fn start_for(path: &Path) -> Option<PathBuf> {
    if path.as_os_str() == "-" {
        return None;
    }
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    Some(std::fs::canonicalize(&dir).unwrap_or(dir))
}

/// [`load_config_fixing`], found from `start` (default: the current
/// directory).
pub fn load_config_for(
    explicit: Option<&Path>,
    start: Option<&Path>,
    color: bool,
    failures: &mut Failures,
    fix: bool,
) -> Option<ConfigInUse> {
    let cwd = current_dir();
    // The file's own configuration when it has one; otherwise the run is
    // rooted where it was started, as before.
    let start = start
        .filter(|s| explicit.is_none() && discover_config(s).is_some())
        .map_or_else(|| cwd.clone(), Path::to_path_buf);
    let found = match find_config(explicit, &start, cwd.clone()) {
        Err(ConfigProblem::Invalid(invalid)) if fix => match fixed_config(&invalid) {
            Some((text, n)) => {
                let was = read_file(&invalid.path).unwrap_or_default();
                let bom = if was.starts_with("\u{feff}".as_bytes()) {
                    "\u{feff}"
                } else {
                    ""
                };
                let boundary =
                    repository_of(normalize(&invalid.path).parent().unwrap_or(Path::new("/")));
                match super::write::write_fix(
                    &invalid.path,
                    &boundary,
                    &was,
                    format!("{bom}{text}").as_bytes(),
                ) {
                    Ok(()) => {
                        print_err(&format!(
                            "fixed {n} finding{} in {}\n",
                            if n == 1 { "" } else { "s" },
                            identity(&cwd, &invalid.path)
                        ));
                        find_config(explicit, &start, cwd)
                    }
                    Err(reason) => {
                        failures.add(format!(
                            "{} not fixed: {reason}",
                            display_name(&invalid.path)
                        ));
                        Err(ConfigProblem::Invalid(invalid))
                    }
                }
            }
            None => Err(ConfigProblem::Invalid(invalid)),
        },
        other => other,
    };
    match found {
        Ok(loaded) => Some(loaded),
        Err(ConfigProblem::Unreadable(message)) => {
            failures.add(message);
            None
        }
        Err(ConfigProblem::Invalid(invalid)) => {
            let Invalid {
                path,
                source,
                diagnostics,
            } = *invalid;
            let report = Report {
                units: vec![Checked {
                    sources: vec![source],
                    diagnostics,
                    ..Checked::default()
                }],
                ..Report::default()
            };
            print_err(&Format::Human.render(&report, color, false));
            failures.add(format!("invalid configuration in {}", display_name(&path)));
            None
        }
    }
}

/// `--show-config PATH`: the settings a file is checked with, and where
/// each came from.
pub(super) fn show_config(
    path: &Path,
    loaded: &ConfigInUse,
    overrides: &[(String, rolelint::diagnostic::Level)],
) -> u8 {
    let name = identity(&loaded.root, path);
    let source = loaded.file.as_deref().map_or_else(
        || "no configuration file".to_owned(),
        |f| identity(&loaded.root, f),
    );
    let mut out = format!(
        "settings for {name}\nconfiguration: {source}\nroot: {}\nfail-on: {}\n\n",
        loaded.root.display(),
        loaded
            .config
            .fail_on
            .map_or("error (default)", |f| f.as_str())
    );
    let effective = loaded.config.effective(&name, &source);
    let width = effective.iter().map(|e| e.rule.len()).max().unwrap_or(0);
    for mut e in effective {
        if let Some((_, level)) = overrides.iter().rev().find(|(r, _)| r == e.rule) {
            e.level = *level;
            "--rule".clone_into(&mut e.level_from);
        }
        out.push_str(&format!(
            "{:width$}  {:7}  from {}\n",
            e.rule,
            e.level.as_str(),
            e.level_from
        ));
        for (option, value, from) in &e.options {
            out.push_str(&format!(
                "{:width$}    {option}: {value}  from {from}\n",
                ""
            ));
        }
    }
    print(&out)
}
