//! The small commands: rules, explain, init, completions, man.

use super::{EXIT_FAILURE, error, paths::display_name, print};
use crate::cli::{Cli, SchemaKind};
use rolelint::config;
use rolelint::rules::registry;
use rolelint::suggest::did_you_mean;
use std::io::Write;
use std::path::Path;

/// `rolelint rules`: every check a finding can carry, with its default
/// level; when a configuration is in use, the level it sets (for files no
/// override matches) in a column of its own.
pub(super) fn list_rules(config: Option<&Path>) -> u8 {
    let mut failures = super::Failures::default();
    let Some(loaded) = super::config_file::load_config(config, false, &mut failures) else {
        return failures.report();
    };
    let in_effect: Option<Vec<rolelint::config::Effective>> = loaded.file.as_ref().map(|f| {
        let name = super::paths::identity(&loaded.root, f);
        loaded.config.effective("", &name)
    });
    let checks = registry::checks();
    let width = checks.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    if let (Some(file), Some(_)) = (&loaded.file, &in_effect) {
        out.push_str(&format!(
            "{:width$}  {:7}  {:7}  {:10}  summary (levels in effect from {})\n",
            "rule",
            "default",
            "config",
            "applies to",
            super::paths::identity(&loaded.cwd, file)
        ));
    }
    for check in checks {
        let effective = in_effect
            .as_ref()
            .and_then(|all| all.iter().find(|e| e.rule == check.name))
            .map_or(check.level, |e| e.level);
        if in_effect.is_some() {
            out.push_str(&format!(
                "{:width$}  {:7}  {:7}  {:10}  {}\n",
                check.name,
                check.level.as_str(),
                effective.as_str(),
                applies_to(check),
                check.summary
            ));
        } else {
            out.push_str(&format!(
                "{:width$}  {:7}  {:10}  {}\n",
                check.name,
                check.level.as_str(),
                applies_to(check),
                check.summary
            ));
        }
    }
    for rule in &loaded.config.custom.rules {
        let effective = in_effect
            .as_ref()
            .and_then(|all| all.iter().find(|e| e.rule == rule.name))
            .map_or(rule.level, |e| e.level);
        let applies = format!("custom: {}", rule.kind.plural());
        let summary = rule.summary.lines().next().unwrap_or_default();
        let default = rule.level.as_str();
        out.push_str(&format!(
            "{:width$}  {default:7}  {:7}  {applies:10}  {summary}\n",
            rule.name,
            effective.as_str(),
        ));
    }
    print(&out)
}

/// The page of `explain custom-rules`.
pub const CUSTOM_RULES_DOC: &str = include_str!("../../docs/rules-of-your-own.md");

/// Which files a check looks at: `all`, `company` (off for `kind:
/// community` unless configured), `v2` (version 2 files only).
fn applies_to(check: &registry::CheckInfo) -> &'static str {
    match check.rule {
        Some(rule) if rule.since_version() >= 2 => "v2",
        Some(rule) if !rule.applies_to_community() => "company",
        _ => "all",
    }
}

pub(super) fn explain(name: &str, config: Option<&Path>) -> u8 {
    if let Some(check) = registry::find(name) {
        return print(check.doc);
    }
    if name == "custom-rules" {
        return print(CUSTOM_RULES_DOC);
    }
    let mut failures = super::Failures::default();
    let Some(loaded) = super::config_file::load_config(config, false, &mut failures) else {
        return failures.report();
    };
    if let Some(rule) = loaded.config.custom.find(name) {
        return print(&rule.doc());
    }
    if let Some(covers) = rolelint::format::builtin_area(name) {
        return print(&format!(
            "# {name}\n\nA built-in area of accountability: {covers}.\n\nA role takes it on by listing it in `accountable_for`; no file needs to declare it. Each area should have exactly one accountable role (`single-accountable-owner`), and some areas must have one above a headcount (`core-areas-covered`).\n"
        ));
    }
    let suggestion = did_you_mean(
        name,
        registry::checks()
            .iter()
            .map(|c| c.name)
            .chain(loaded.config.custom.names())
            .chain(["custom-rules"])
            .chain(rolelint::format::BUILTIN_AREAS.iter().copied()),
    );
    let tail = if suggestion.is_some() {
        ""
    } else {
        "; `rolelint rules` lists the rules"
    };
    error(&format!(
        "unknown rule or area `{name}`{}{tail}",
        rolelint::suggest::hint(suggestion)
    ));
    EXIT_FAILURE
}

/// The starter files `init` writes; the test suite checks they pass.
pub const STARTER_ROLES: &str = include_str!("../../examples/starter/roles.yaml");
pub const STARTER_CONFIG: &str = include_str!("../../examples/starter/.rolelint.yaml");

/// Write the starter files. Refuses (exit 2) when either exists.
pub(super) fn init(dir: &Path) -> u8 {
    // The schema beside the roles file: the first line of the starter file
    // points the YAML language server at it, for completion and hover help.
    let files = [
        (dir.join("roles.yaml"), STARTER_ROLES),
        (dir.join(config::FILE_NAME), STARTER_CONFIG),
        (dir.join("roles.schema.json"), rolelint::schema::SCHEMA_JSON),
    ];
    let existing: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.exists())
        .map(|(p, _)| display_name(p))
        .collect();
    if !existing.is_empty() {
        error(&format!(
            "{} already exist{}; init never overwrites files",
            existing.join(", "),
            if existing.len() == 1 { "s" } else { "" }
        ));
        return EXIT_FAILURE;
    }
    if let Err(err) = std::fs::create_dir_all(dir) {
        error(&format!("cannot create {}: {err}", display_name(dir)));
        return EXIT_FAILURE;
    }
    let mut said = String::new();
    for (path, text) in &files {
        // create_new: a file that appeared since the check is still not overwritten.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(err) = written {
            error(&format!("cannot write {}: {err}", display_name(path)));
            return EXIT_FAILURE;
        }
        said.push_str(&format!("wrote {}\n", display_name(path)));
    }
    said.push_str("next: edit roles.yaml, then run `rolelint check`\n");
    print(&said)
}

pub(super) fn completions(shell: clap_complete::Shell) -> u8 {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "rolelint", &mut out);
    print(&String::from_utf8_lossy(&out))
}

pub(super) fn man() -> u8 {
    let command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    match clap_mangen::Man::new(command).render(&mut out) {
        Ok(()) => print(&String::from_utf8_lossy(&out)),
        Err(err) => {
            error(&err.to_string());
            EXIT_FAILURE
        }
    }
}

pub(super) fn schema(of: SchemaKind) -> u8 {
    match of {
        SchemaKind::Roles => print(rolelint::schema::SCHEMA_JSON),
        SchemaKind::Config => {
            let schema = rolelint::config::schema::json_schema();
            let text = serde_json::to_string_pretty(schema).unwrap_or_default();
            print(&format!("{text}\n"))
        }
    }
}
