//! `rolelint import`: read the source, import it, check that the result
//! is a valid roles file, then write it (to `-o PATH`, never over a file
//! that exists) and say on standard error what was guessed.

use super::{EXIT_FAILURE, EXIT_OK, error, paths::display_name, print, print_err};
use crate::cli::ImportSource;
use rolelint::import::{ImportError, Organisation};
use std::io::Read as _;
use std::path::Path;

/// The largest input read: an export of this size is not an HR system's.
const MAX_INPUT: u64 = 256 * 1024 * 1024;

fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let name = display_name(path);
    let too_big = || {
        format!(
            "{name} is larger than {} MiB: not an export rolelint imports",
            MAX_INPUT / 1024 / 1024
        )
    };
    if path.as_os_str() != "-"
        && std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > MAX_INPUT)
    {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_big());
    }
    Ok(bytes)
}

pub(super) fn run(source: &ImportSource) -> u8 {
    let (file, output) = match source {
        ImportSource::Csv { file, output, .. } | ImportSource::GithubTeams { file, output } => {
            (file, output.as_deref())
        }
        ImportSource::Backstage { paths, output } => {
            if let Some(out) = output.as_deref()
                && (out.exists() || out.is_symlink())
            {
                error(&format!(
                    "{} exists; import never overwrites a file",
                    display_name(out)
                ));
                return EXIT_FAILURE;
            }
            return backstage(paths, output.as_deref());
        }
    };
    // Refused before anything is read: the file is never overwritten.
    if let Some(out) = output
        && (out.exists() || out.is_symlink())
    {
        error(&format!(
            "{} exists; import never overwrites a file",
            display_name(out)
        ));
        return EXIT_FAILURE;
    }
    let bytes = match read_input(file) {
        Ok(b) => b,
        Err(message) => {
            error(&message);
            return EXIT_FAILURE;
        }
    };
    let name = display_name(file);
    let imported = match source {
        ImportSource::Csv {
            columns, org_name, ..
        } => {
            let mut pairs = Vec::new();
            for c in columns {
                let Some((field, header)) = c.split_once('=') else {
                    error(&format!("`--column {c}`: expected FIELD=HEADER"));
                    return EXIT_FAILURE;
                };
                pairs.push((field.trim().to_owned(), header.trim().to_owned()));
            }
            let options = rolelint::import::csv::Options {
                columns: pairs,
                org_name: org_name.clone(),
                source_name: name.clone(),
            };
            rolelint::import::csv::import(&bytes, &options)
        }
        ImportSource::GithubTeams { .. } => rolelint::import::github::import(&bytes, &name),
        ImportSource::Backstage { .. } => unreachable!("read above"),
    };
    let organisation = match imported {
        Ok(o) => o,
        Err(ImportError { line, message }) => {
            match line {
                Some(line) => error(&format!("{name}:{line}: {message}")),
                None => error(&format!("{name}: {message}")),
            }
            return EXIT_FAILURE;
        }
    };
    write(&organisation, output)
}

/// The catalog files under `paths`: files as given, directories searched
/// for `*.yaml` and `*.yml`, sorted.
fn catalog_files(paths: &[std::path::PathBuf]) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("cannot read {}: {e}", display_name(path)))?;
        if !meta.is_dir() {
            files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        let mut pending = vec![path.clone()];
        while let Some(dir) = pending.pop() {
            let entries = std::fs::read_dir(&dir)
                .map_err(|e| format!("cannot read {}: {e}", display_name(&dir)))?;
            for entry in entries {
                let p = entry
                    .map_err(|e| format!("cannot read {}: {e}", display_name(&dir)))?
                    .path();
                if p.is_dir() {
                    pending.push(p);
                } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    found.push(p);
                }
            }
        }
        found.sort();
        files.extend(found);
    }
    Ok(files)
}

fn backstage(paths: &[std::path::PathBuf], output: Option<&Path>) -> u8 {
    let files = match catalog_files(paths) {
        Ok(f) if !f.is_empty() => f,
        Ok(_) => {
            error("no catalog files (*.yaml, *.yml) found");
            return EXIT_FAILURE;
        }
        Err(message) => {
            error(&message);
            return EXIT_FAILURE;
        }
    };
    let mut contents = Vec::new();
    let mut total = 0u64;
    for f in &files {
        match read_input(f) {
            Ok(bytes) => {
                total += bytes.len() as u64;
                if total > MAX_INPUT {
                    error(&format!(
                        "the catalog is larger than {} MiB",
                        MAX_INPUT / 1024 / 1024
                    ));
                    return EXIT_FAILURE;
                }
                contents.push((display_name(f), bytes));
            }
            Err(message) => {
                error(&message);
                return EXIT_FAILURE;
            }
        }
    }
    let inputs: Vec<rolelint::import::backstage::File<'_>> = contents
        .iter()
        .map(|(name, bytes)| rolelint::import::backstage::File { name, bytes })
        .collect();
    let source = if files.len() == 1 {
        display_name(&files[0])
    } else {
        format!("{} files", files.len())
    };
    match rolelint::import::backstage::import(&inputs, &source) {
        Ok(organisation) => write(&organisation, output),
        Err(ImportError { message, .. }) => {
            error(&message);
            EXIT_FAILURE
        }
    }
}

/// Check the result against the schema, then write it.
fn write(organisation: &Organisation, output: Option<&Path>) -> u8 {
    let yaml = organisation.to_yaml();
    let checked = rolelint::check_bytes(
        "roles.yaml",
        yaml.as_bytes(),
        &rolelint::Settings::default(),
    );
    if let Some(d) = checked
        .diagnostics
        .iter()
        .find(|d| d.rule == rolelint::diagnostic::SYNTAX || d.rule == rolelint::diagnostic::SCHEMA)
    {
        error(&format!(
            "the imported file would not be valid ({}: {}); nothing was written. This is a bug in rolelint: please report it",
            d.rule, d.message
        ));
        return EXIT_FAILURE;
    }
    let code = match output {
        None => print(&yaml),
        Some(path) => {
            let written = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .and_then(|mut f| std::io::Write::write_all(&mut f, yaml.as_bytes()));
            match written {
                Ok(()) => EXIT_OK,
                Err(e) => {
                    error(&format!("cannot write {}: {e}", display_name(path)));
                    return EXIT_FAILURE;
                }
            }
        }
    };
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut summary = format!(
        "imported {}, {} and {}\n",
        count(organisation.people.len(), "person", "people"),
        count(organisation.roles.len(), "role", "roles"),
        count(organisation.teams.len(), "team", "teams")
    );
    for note in &organisation.notes {
        summary.push_str(&format!("note: {note}\n"));
    }
    if let Some(path) = output {
        summary.push_str(&format!(
            "wrote {}; `rolelint schema > roles.schema.json` beside it gives editors completion\n",
            display_name(path)
        ));
    }
    print_err(&summary);
    code
}
