//! `rolelint test-rules [DIR]`: the custom rules against roles files whose
//! comments say what each rule must and must not report.

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, error, paths::display_name, print};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The default directory, beside the configuration file.
const DEFAULT_DIR: &str = "rolelint-tests";

/// What one comment expects: a rule reports (or must not) at a line.
#[derive(Debug, PartialEq, Eq)]
struct Expectation {
    line: usize,
    rule: String,
    present: bool,
}

/// The expectations of a file: `# expect: A, B` at the end of a line is
/// about that line; on a line of its own, about the next line that is not
/// a comment.
fn expectations(text: &str) -> Vec<Expectation> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(hash) = line.find("# expect") else {
            continue;
        };
        let comment = &line[hash + 2..];
        let (present, names) = if let Some(rest) = comment.strip_prefix("expect-none:") {
            (false, rest)
        } else if let Some(rest) = comment.strip_prefix("expect:") {
            (true, rest)
        } else {
            continue;
        };
        let own_line = line[..hash].trim().is_empty();
        let target = if own_line {
            (i + 1..lines.len())
                .find(|&j| !lines[j].trim_start().starts_with('#'))
                .unwrap_or(i)
        } else {
            i
        };
        for rule in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            out.push(Expectation {
                line: target + 1,
                rule: rule.to_owned(),
                present,
            });
        }
    }
    out
}

/// The roles files under `dir`, sorted.
fn test_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            let kind = std::fs::metadata(&path)?;
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

pub(super) fn run(dir: Option<&Path>, config: Option<&Path>) -> u8 {
    let mut failures = super::Failures::default();
    let start = dir
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok());
    let loaded = match (config, start.as_deref()) {
        (Some(_), _) | (None, None) => {
            super::config_file::load_config(config, false, &mut failures)
        }
        (None, Some(start)) => {
            super::config_file::load_config_for(None, Some(start), false, &mut failures, false)
        }
    };
    let Some(loaded) = loaded else {
        return failures.report();
    };
    let dir = dir.map_or_else(
        || {
            loaded
                .file
                .as_deref()
                .and_then(Path::parent)
                .unwrap_or(&loaded.root)
                .join(DEFAULT_DIR)
        },
        Path::to_path_buf,
    );
    let files = match test_files(&dir) {
        Ok(files) if !files.is_empty() => files,
        Ok(_) => {
            error(&format!(
                "no roles files (*.yaml, *.yml) in {}",
                display_name(&dir)
            ));
            return EXIT_FAILURE;
        }
        Err(err) => {
            error(&format!("cannot read {}: {err}", display_name(&dir)));
            return EXIT_FAILURE;
        }
    };
    let custom: BTreeSet<&str> = loaded.config.custom.names().collect();
    let mut out = String::new();
    let (mut held, mut mismatches) = (0usize, 0usize);
    for path in &files {
        let name = display_name(path);
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(err) => {
                error(&format!("cannot read {name}: {err}"));
                return EXIT_FAILURE;
            }
        };
        let relative = super::paths::identity(&loaded.root, path);
        let settings = loaded.settings_for(&relative, &[]);
        let checked = rolelint::check_bytes(&name, &bytes, &settings);
        let text = String::from_utf8_lossy(&bytes);
        let expected = expectations(&text);
        for e in &expected {
            if !custom.contains(e.rule.as_str())
                && rolelint::rules::registry::find(&e.rule).is_none()
            {
                out.push_str(&format!(
                    "{name}:{}: `{}` is not a rule of this configuration\n",
                    e.line, e.rule
                ));
                mismatches += 1;
            }
        }
        let found: Vec<(usize, &str, &str)> = checked
            .diagnostics
            .iter()
            .filter(|d| d.primary.file.0 == 0)
            .map(|d| {
                let line = checked.sources[0].position(d.primary.span.start).line;
                (line, d.rule, d.message.as_str())
            })
            .collect();
        for e in &expected {
            let hit = found.iter().any(|(l, r, _)| *l == e.line && *r == e.rule);
            match (e.present, hit) {
                (true, true) | (false, false) => held += 1,
                (true, false) => {
                    mismatches += 1;
                    out.push_str(&format!(
                        "{name}:{}: expected `{}` here, but it reported nothing\n",
                        e.line, e.rule
                    ));
                }
                (false, true) => {
                    mismatches += 1;
                    let message = found
                        .iter()
                        .find(|(l, r, _)| *l == e.line && *r == e.rule)
                        .map_or("", |(_, _, m)| m);
                    out.push_str(&format!(
                        "{name}:{}: `{}` reported here, marked expect-none: {message}\n",
                        e.line, e.rule
                    ));
                }
            }
        }
        // A custom rule's finding nobody expected is a mismatch too.
        for (line, rule, message) in &found {
            if custom.contains(rule) && !expected.iter().any(|e| e.line == *line && e.rule == *rule)
            {
                mismatches += 1;
                out.push_str(&format!(
                    "{name}:{line}: `{rule}` reported here, not expected: {message}\n"
                ));
            }
        }
    }
    out.push_str(&format!(
        "{held} expectation{} held, {mismatches} mismatch{} in {} file{}\n",
        if held == 1 { "" } else { "s" },
        if mismatches == 1 { "" } else { "es" },
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    ));
    let code = print(&out);
    if code != EXIT_OK {
        return code;
    }
    if mismatches > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_name_their_line() {
        let text = "roles:\n  # expect: a, b\n  # a note\n  - id: x # expect-none: c\n";
        let got = expectations(text);
        assert_eq!(
            got,
            vec![
                Expectation {
                    line: 4,
                    rule: "a".into(),
                    present: true
                },
                Expectation {
                    line: 4,
                    rule: "b".into(),
                    present: true
                },
                Expectation {
                    line: 4,
                    rule: "c".into(),
                    present: false
                },
            ]
        );
    }
}
