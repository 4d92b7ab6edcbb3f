//! The commands: gather paths, run checks, write outputs, pick the exit code.

use crate::cli::{CheckArgs, Cli, ColorChoice, Command, FailOn};
use rolelint::baseline::Baseline;
use rolelint::config::{self, Config};
use rolelint::diagnostic::{Level, Severity};
use rolelint::output::{Format, Report};
use rolelint::rules::{self, ALWAYS_ON};
use rolelint::suggest::did_you_mean;
use rolelint::{Checked, Settings};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Largest file read; reading stops there, so `/dev/zero` returns promptly.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

/// A failure of the run itself (exit 2), reported on stderr.
struct Failures {
    messages: Vec<String>,
}

impl Failures {
    fn add(&mut self, message: impl Into<String>) {
        self.messages.push(message.into());
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let code = match cli.command {
        Command::Check(args) => check(&args, cli.config.as_deref(), color, cli.quiet),
        Command::Rules => print(&list_rules()),
        Command::Explain { rule } => explain(&rule),
        Command::Schema => print(rolelint::schema::SCHEMA_JSON),
        Command::Init { dir } => init(&dir),
        Command::Graph(args) => graph(&args),
        Command::Matrix { file } => {
            with_chart(&file, |chart, _| print(&rolelint::chart::matrix(chart)))
        }
        Command::Export {
            target: crate::cli::ExportTarget::Backstage { file },
        } => with_chart(&file, |chart, checked| {
            print(&rolelint::export::backstage(chart, checked))
        }),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command, "rolelint", &mut out);
            print(&String::from_utf8_lossy(&out))
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            match clap_mangen::Man::new(command).render(&mut out) {
                Ok(()) => print(&String::from_utf8_lossy(&out)),
                Err(err) => {
                    eprintln!("error: {err}");
                    EXIT_FAILURE
                }
            }
        }
    };
    ExitCode::from(code)
}

/// Write to stdout; a closed pipe (`| head`) ends the program quietly.
fn print(text: &str) -> u8 {
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write to standard output: {err}");
        return EXIT_FAILURE;
    }
    EXIT_OK
}

fn list_rules() -> String {
    let width = rules::RULES
        .iter()
        .map(|r| r.name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for rule in rules::RULES {
        out.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            rule.name(),
            rule.default_level().as_str(),
            rule.summary()
        ));
    }
    out
}

fn explain(name: &str) -> u8 {
    if let Some(rule) = rules::find(name) {
        return print(rule.doc());
    }
    let names = rules::RULES.iter().map(|r| r.name());
    match did_you_mean(name, names) {
        Some(s) => eprintln!("error: unknown rule `{name}` (did you mean `{s}`?)"),
        None => eprintln!("error: unknown rule `{name}`; `rolelint rules` lists them"),
    }
    EXIT_FAILURE
}

/// Parse `FORMAT[=PATH]` values: at most one without a path.
fn parse_formats(
    values: &[String],
    failures: &mut Failures,
) -> Option<Vec<(Format, Option<PathBuf>)>> {
    let mut formats = Vec::new();
    for value in values {
        let (name, path) = match value.split_once('=') {
            Some((n, p)) => (n, Some(PathBuf::from(p))),
            None => (value.as_str(), None),
        };
        let Some(format) = Format::parse(name) else {
            let hint = did_you_mean(name, Format::NAMES.iter().copied())
                .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
            failures.add(format!(
                "unknown format `{name}`{hint}; formats: {}",
                Format::NAMES.join(", ")
            ));
            return None;
        };
        formats.push((format, path));
    }
    if formats.iter().filter(|(_, p)| p.is_none()).count() > 1 {
        failures.add(
            "at most one format may go to standard output; give the others a path with FORMAT=PATH",
        );
        return None;
    }
    if !formats.iter().any(|(_, p)| p.is_none()) {
        formats.push((Format::Human, None));
    }
    Some(formats)
}

/// `--rule NAME=LEVEL` overrides, validated.
fn rule_overrides(args: &CheckArgs, failures: &mut Failures) -> Option<Vec<(String, Level)>> {
    let mut overrides = Vec::new();
    for value in &args.rules {
        let Some((name, level)) = value.split_once('=') else {
            failures.add(format!("`--rule {value}`: expected NAME=LEVEL"));
            return None;
        };
        if ALWAYS_ON.contains(&name) {
            failures.add(format!("`{name}` is always on and cannot be configured"));
            return None;
        }
        if rules::find(name).is_none() {
            let hint = did_you_mean(name, rules::RULES.iter().map(|r| r.name()))
                .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
            failures.add(format!("unknown rule `{name}`{hint}"));
            return None;
        }
        let Some(level) = Level::parse(level) else {
            failures.add(format!(
                "`--rule {value}`: unknown level `{level}`; levels: error, warning, info, off"
            ));
            return None;
        };
        overrides.push((name.to_owned(), level));
    }
    Some(overrides)
}

/// The configuration in effect and the directory its paths are relative to.
struct Loaded {
    config: Config,
    root: PathBuf,
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
fn load_config(explicit: Option<&Path>, color: bool, failures: &mut Failures) -> Option<Loaded> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => discover_config(&cwd),
    };
    let Some(path) = path else {
        return Some(Loaded {
            config: Config::default(),
            root: cwd,
        });
    };
    let bytes = match std::fs::File::open(&path)
        .map_err(|e| describe_io(&e))
        .and_then(read_capped)
    {
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
        return Some(Loaded { config, root });
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
    eprint!(
        "{}",
        Format::Human.render(&report, color && std::io::stderr().is_terminal(), false)
    );
    failures.add(format!("invalid configuration in {}", display_name(&path)));
    None
}

/// A path relative to the configuration's directory, with `/` separators.
fn relative_to(root: &Path, path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let relative = absolute.strip_prefix(root).unwrap_or(&absolute);
    relative.to_string_lossy().replace('\\', "/")
}

/// A file to check, the name it is reported under and its settings.
struct Target {
    path: Option<PathBuf>,
    name: String,
    settings: Settings,
}

fn display_name(path: &Path) -> String {
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
fn walk(dir: &Path, loaded: &Loaded, failures: &mut Failures) -> Vec<PathBuf> {
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

fn collect_targets(
    args: &CheckArgs,
    loaded: &Loaded,
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

fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}

/// Read at most `MAX_FILE_BYTES`; more is an error, not a hang.
fn read_capped(reader: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| describe_io(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "larger than the {} MiB limit",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    Ok(bytes)
}

fn read_target(target: &Target) -> Result<Vec<u8>, String> {
    match &target.path {
        None => read_capped(std::io::stdin().lock()),
        Some(path) => {
            // Look before opening: opening a FIFO for reading blocks until a
            // writer appears, and a device like /dev/zero never ends.
            let meta = std::fs::metadata(path).map_err(|e| describe_io(&e))?;
            if meta.is_dir() {
                return Err("is a directory".to_owned());
            }
            if !meta.is_file() {
                return Err("not a regular file (a device, FIFO or socket); pipe it to `rolelint check -` instead".to_owned());
            }
            if meta.len() > MAX_FILE_BYTES {
                return Err(format!(
                    "larger than the {} MiB limit",
                    MAX_FILE_BYTES / 1024 / 1024
                ));
            }
            read_capped(std::fs::File::open(path).map_err(|e| describe_io(&e))?)
        }
    }
}

/// Check targets on `jobs` threads; results keep the targets' order.
fn check_all(targets: &[Target], jobs: usize) -> Vec<Result<Checked, String>> {
    let stdin_target = targets.iter().position(|t| t.path.is_none());
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Result<Checked, String>>> = Vec::new();
    results.resize_with(targets.len(), || None);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(target) = targets.get(i) else {
                break;
            };
            let result = read_target(target).map(|bytes| match &target.path {
                Some(path) => rolelint::check_unit(
                    &target.name,
                    &bytes,
                    &target.settings,
                    &FsIncludes::new(path),
                ),
                None => rolelint::check_bytes(&target.name, &bytes, &target.settings),
            });
            done.push((i, result));
        }
        done
    };
    let jobs = jobs.clamp(1, targets.len().max(1));
    let chunks: Vec<Vec<(usize, Result<Checked, String>)>> =
        if jobs == 1 || stdin_target.is_some() && targets.len() == 1 {
            vec![work()]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = (0..jobs).map(|_| scope.spawn(work)).collect();
                handles.into_iter().filter_map(|h| h.join().ok()).collect()
            })
        };
    for (i, result) in chunks.into_iter().flatten() {
        results[i] = Some(result);
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("internal error: the file was not checked".to_owned())))
        .collect()
}

fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

/// Write to a file through a temporary sibling and a rename, so an
/// interrupted run never leaves a truncated file. Anything that is not a
/// regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written in place:
/// renaming over it would replace the device itself.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let target = match std::fs::canonicalize(path) {
        Ok(real) => {
            if !std::fs::metadata(&real)?.is_file() {
                return std::fs::OpenOptions::new()
                    .write(true)
                    .open(&real)?
                    .write_all(text.as_bytes());
            }
            real
        }
        Err(_) => path.to_path_buf(),
    };
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn check(args: &CheckArgs, config_path: Option<&Path>, color: bool, quiet: bool) -> u8 {
    let mut failures = Failures {
        messages: Vec::new(),
    };
    let Some(formats) = parse_formats(&args.formats, &mut failures) else {
        return report_failures(&failures);
    };
    let Some(overrides) = rule_overrides(args, &mut failures) else {
        return report_failures(&failures);
    };
    let Some(loaded) = load_config(config_path, color, &mut failures) else {
        return report_failures(&failures);
    };
    let mut targets = collect_targets(args, &loaded, &overrides, &mut failures);
    if formats.iter().any(|(f, _)| *f == Format::Markdown) {
        for target in &mut targets {
            target.settings.set_keep_chart(true);
        }
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let started = std::time::Instant::now();
    let mut report = Report::default();
    for (target, result) in targets.iter().zip(check_all(&targets, jobs)) {
        match result {
            Ok(checked) => report.units.push(checked),
            Err(reason) => failures.add(format!("{}: {reason}", target.name)),
        }
    }
    settle_fragments(&mut report);
    if let Some(path) = &args.write_baseline {
        let text = Baseline::from_report(&report).to_json();
        if let Err(err) = write_atomically(path, &text) {
            failures.add(format!(
                "cannot write baseline {}: {err}",
                display_name(path)
            ));
        }
    }
    if let Some(path) = &args.baseline {
        let parsed = std::fs::File::open(path)
            .map_err(|e| describe_io(&e))
            .and_then(read_capped)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "not UTF-8".to_owned()))
            .and_then(|text| Baseline::parse(&text));
        match parsed {
            Ok(baseline) => {
                let applied = baseline.apply(&mut report);
                if applied.stale > 0 {
                    eprintln!(
                        "note: {} baseline entr{} matched no finding; rewrite the baseline with --write-baseline {} to shrink it",
                        applied.stale,
                        if applied.stale == 1 { "y" } else { "ies" },
                        display_name(path)
                    );
                }
            }
            Err(reason) => failures.add(format!("baseline {}: {reason}", display_name(path))),
        }
    }
    let checked_in = started.elapsed();
    let started = std::time::Instant::now();
    let mut code = EXIT_OK;
    for (format, path) in &formats {
        let text = format.render(&report, color && path.is_none(), !quiet);
        match path {
            None => code = code.max(print(&text)),
            Some(path) => {
                if let Err(err) = write_atomically(path, &text) {
                    failures.add(format!("cannot write {}: {err}", display_name(path)));
                }
            }
        }
    }
    if args.timings {
        print_timings(&report, checked_in, started.elapsed(), jobs);
    }
    let failed = report_failures(&failures);
    if failed != EXIT_OK || code != EXIT_OK {
        return EXIT_FAILURE;
    }
    let fail_on = args
        .fail_on
        .unwrap_or(match loaded.config.fail_on.as_deref() {
            Some("warning") => FailOn::Warning,
            Some("info") => FailOn::Info,
            Some("never") => FailOn::Never,
            _ => FailOn::Error,
        });
    let findings = threshold(fail_on).is_some_and(|min| {
        report
            .units
            .iter()
            .flat_map(|u| &u.diagnostics)
            .any(|d| d.severity >= min)
    });
    // The process is about to exit: freeing a large report piece by piece
    // only costs time (measurable on a 100,000-role file).
    std::mem::forget(report);
    if findings { EXIT_FINDINGS } else { EXIT_OK }
}

fn report_failures(failures: &Failures) -> u8 {
    for message in &failures.messages {
        eprintln!("error: {}", rolelint::output::sanitize::escape(message));
    }
    if failures.messages.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILURE
    }
}

/// The starter files `init` writes; the test suite checks they pass.
pub const STARTER_ROLES: &str = include_str!("../examples/starter/roles.yaml");
pub const STARTER_CONFIG: &str = include_str!("../examples/starter/.rolelint.yaml");

/// Write the starter files. Refuses (exit 2) when either exists.
fn init(dir: &Path) -> u8 {
    let files = [
        (dir.join("roles.yaml"), STARTER_ROLES),
        (dir.join(config::FILE_NAME), STARTER_CONFIG),
    ];
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| display_name(p))
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "error: {} already exist{}; init never overwrites files",
            existing.join(" and "),
            if existing.len() == 1 { "s" } else { "" }
        );
        return EXIT_FAILURE;
    }
    if let Err(err) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {err}", display_name(dir));
        return EXIT_FAILURE;
    }
    for (path, text) in &files {
        // create_new: a file that appeared since the check is still not overwritten.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(err) = written {
            eprintln!("error: cannot write {}: {err}", display_name(path));
            return EXIT_FAILURE;
        }
        println!("wrote {}", display_name(path));
    }
    println!("next: edit roles.yaml, then run `rolelint check`");
    EXIT_OK
}

/// A fragment that a root checked in this run includes is reported through
/// that root, so its standalone result is dropped; one that no root
/// includes gets a finding.
fn settle_fragments(report: &mut Report) {
    let included: std::collections::HashSet<String> = report
        .units
        .iter()
        .flat_map(|u| u.sources.iter().skip(1).map(|s| s.name().to_owned()))
        .collect();
    report.units.retain(|u| {
        !(u.fragment
            && u.sources
                .first()
                .is_some_and(|s| included.contains(s.name())))
    });
    for unit in report.units.iter_mut().filter(|u| u.fragment) {
        let d = rolelint::diagnostic::Diagnostic::new(
            "schema",
            "this file has no `org`, so it is a fragment, but no root file checked in this run includes it",
            rolelint::diagnostic::Loc::default(),
        )
        .help("add `org` to make it a root, or list it in the `include` of the root file and check that file");
        unit.diagnostics.insert(0, d);
    }
}

/// Resolves `include` entries on the filesystem, relative to the root file,
/// refusing anything that leaves the repository (the directory holding
/// `.git` above the root file, or the root file's directory when there is
/// none): absolute paths, `..` that climbs out, symlinks that point out.
struct FsIncludes {
    base: PathBuf,
    boundary: Option<PathBuf>,
}

impl FsIncludes {
    fn new(root_file: &Path) -> Self {
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
                let bytes = self.check_inside(&path).and_then(|()| {
                    let meta = std::fs::metadata(&path).map_err(|e| describe_io(&e))?;
                    if !meta.is_file() {
                        return Err("not a regular file".to_owned());
                    }
                    std::fs::File::open(&path)
                        .map_err(|e| describe_io(&e))
                        .and_then(read_capped)
                });
                (display_name(&path), bytes)
            })
            .collect();
        Ok(files)
    }
}

/// `--timings`: phases summed over files (CPU time when `--jobs` > 1), then
/// the wall-clock time of checking and of writing the outputs.
fn print_timings(
    report: &Report,
    checked_in: std::time::Duration,
    output: std::time::Duration,
    jobs: usize,
) {
    let mut total = rolelint::Timings::default();
    for unit in &report.units {
        total.add(&unit.timings);
    }
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    eprintln!("timings ({} files, --jobs {jobs}):", report.files());
    eprintln!("  parse   {:10.1} ms", ms(total.parse));
    eprintln!("  schema  {:10.1} ms", ms(total.schema));
    eprintln!("  model   {:10.1} ms", ms(total.model));
    eprintln!("  rules   {:10.1} ms", ms(total.rules));
    eprintln!(
        "  check   {:10.1} ms wall (read + all phases)",
        ms(checked_in)
    );
    eprintln!("  output  {:10.1} ms wall", ms(output));
}

/// Check a file (with its fragments) and hand its chart to `then`. A file
/// that cannot be read or has no usable structure is exit 2, with its
/// findings on stderr.
fn with_chart(file: &Path, then: impl FnOnce(&rolelint::chart::Chart, &Checked) -> u8) -> u8 {
    let mut settings = Settings::default();
    settings.set_keep_chart(true);
    let target = Target {
        path: Some(file.to_path_buf()),
        name: display_name(file),
        settings,
    };
    let bytes = match read_target(&target) {
        Ok(bytes) => bytes,
        Err(reason) => {
            eprintln!("error: {}: {reason}", target.name);
            return EXIT_FAILURE;
        }
    };
    let checked = rolelint::check_unit(
        &target.name,
        &bytes,
        &target.settings,
        &FsIncludes::new(file),
    );
    if let Some(chart) = &checked.chart {
        then(chart, &checked)
    } else {
        let report = Report {
            units: vec![checked],
        };
        eprint!("{}", Format::Human.render(&report, false, true));
        eprintln!(
            "error: {}: no organisation to draw (see the findings above)",
            target.name
        );
        EXIT_FAILURE
    }
}

fn graph(args: &crate::cli::GraphArgs) -> u8 {
    with_chart(&args.file, |chart, checked| {
        let Some(selected) = chart.select(args.root.as_deref(), args.depth) else {
            let root = args.root.as_deref().unwrap_or_default();
            let hint = did_you_mean(root, chart.roles.iter().map(|r| r.id.as_str()))
                .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
            eprintln!("error: no role `{root}`{hint}");
            return EXIT_FAILURE;
        };
        let findings = args.findings.then(|| chart.findings(&checked.diagnostics));
        let text = match args.format {
            crate::cli::GraphFormat::Mermaid => {
                rolelint::chart::mermaid(chart, &selected, findings.as_ref())
            }
            crate::cli::GraphFormat::Dot => {
                rolelint::chart::dot(chart, &selected, findings.as_ref())
            }
        };
        print(&text)
    })
}
