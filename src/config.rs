//! `.rolelint.yaml`: discovery globs, rule levels and options, per-path
//! overrides. Parsed with the same span-keeping loader as roles files, so a
//! configuration error points at its line and column.

use crate::diagnostic::{Diagnostic, FileId, Level, Loc};
use crate::rules::{self, ALWAYS_ON, OptionDefault, Rule};
use crate::source::Source;
use crate::suggest::{code_list, did_you_mean};
use crate::yaml::{self, Document, NodeId, Value};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashMap;

/// The name of the configuration file.
pub const FILE_NAME: &str = ".rolelint.yaml";

/// Default discovery globs.
pub const DEFAULT_FILES: &[&str] = &["**/roles.yaml", "**/roles.yml"];

type OptionMap = serde_json::Map<String, serde_json::Value>;

/// Resolved settings for one file: levels and options per rule.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    levels: HashMap<String, Level>,
    options: HashMap<String, OptionMap>,
    keep_chart: bool,
}

impl Settings {
    /// The level of a rule: configured, else its default.
    #[must_use]
    pub fn level(&self, rule: &dyn Rule) -> Level {
        self.level_of(rule.name())
            .unwrap_or_else(|| rule.default_level())
    }

    /// The configured level of a rule, if any.
    #[must_use]
    pub fn level_of(&self, rule: &str) -> Option<Level> {
        self.levels.get(rule).copied()
    }

    #[must_use]
    pub fn options(&self, rule: &str) -> Option<&OptionMap> {
        self.options.get(rule)
    }

    /// Set a rule's level (the name must be a known rule).
    pub fn set_level(&mut self, rule: &str, level: Level) {
        self.levels.insert(rule.to_owned(), level);
    }

    pub fn set_option(&mut self, rule: &str, name: &str, value: serde_json::Value) {
        self.options
            .entry(rule.to_owned())
            .or_default()
            .insert(name.to_owned(), value);
    }

    /// Keep the organisation's structure ([`crate::Checked::chart`]) after the
    /// check, for the `markdown` report and the pictures. Off by default: a
    /// large organisation's chart costs memory nobody may need.
    pub fn set_keep_chart(&mut self, keep: bool) {
        self.keep_chart = keep;
    }

    #[must_use]
    pub fn keep_chart(&self) -> bool {
        self.keep_chart
    }

    /// Apply another layer of settings on top of this one.
    fn apply(&mut self, layer: &RuleSettings) {
        for (rule, setting) in &layer.0 {
            if let Some(level) = setting.level {
                self.set_level(rule, level);
            }
            for (name, value) in &setting.options {
                self.set_option(rule, name, value.clone());
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
struct RuleSetting {
    level: Option<Level>,
    options: OptionMap,
}

#[derive(Clone, Debug, Default)]
struct RuleSettings(Vec<(String, RuleSetting)>);

#[derive(Clone, Debug)]
struct Override {
    files: GlobSet,
    rules: RuleSettings,
}

/// A parsed configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub files: Vec<String>,
    pub exclude: Vec<String>,
    pub fail_on: Option<String>,
    files_set: GlobSet,
    exclude_set: GlobSet,
    rules: RuleSettings,
    overrides: Vec<Override>,
}

impl Default for Config {
    fn default() -> Self {
        let files: Vec<String> = DEFAULT_FILES.iter().map(|s| (*s).to_owned()).collect();
        Self {
            files_set: build_set(&files).unwrap_or_else(|_| GlobSet::empty()),
            files,
            exclude: Vec::new(),
            exclude_set: GlobSet::empty(),
            fail_on: None,
            rules: RuleSettings::default(),
            overrides: Vec::new(),
        }
    }
}

fn build_set(globs: &[String]) -> Result<GlobSet, globset::Error> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        builder.add(Glob::new(g)?);
    }
    builder.build()
}

impl Config {
    /// Settings for a file, given its path relative to the configuration's
    /// directory (with `/` separators).
    #[must_use]
    pub fn settings_for(&self, relative_path: &str) -> Settings {
        let mut settings = Settings::default();
        settings.apply(&self.rules);
        for o in &self.overrides {
            if o.files.is_match(relative_path) {
                settings.apply(&o.rules);
            }
        }
        settings
    }

    /// Whether discovery should pick up this relative path.
    #[must_use]
    pub fn is_discovered(&self, relative_path: &str) -> bool {
        self.files_set.is_match(relative_path) && !self.is_excluded(relative_path)
    }

    #[must_use]
    pub fn is_excluded(&self, relative_path: &str) -> bool {
        self.exclude_set.is_match(relative_path)
    }

    /// Parse a configuration file. Any diagnostic means the configuration is
    /// invalid (exit 2).
    #[must_use]
    pub fn parse(source: &Source) -> (Option<Config>, Vec<Diagnostic>) {
        let file = FileId(0);
        let loaded = yaml::load(source, file);
        let mut p = Parser {
            doc: &loaded.doc,
            file,
            out: loaded.syntax,
        };
        if !p.out.is_empty() {
            return (None, p.out);
        }
        p.out.extend(loaded.schema);
        let mut config = Config::default();
        if let Some(root) = loaded.doc.root() {
            p.top(root, &mut config);
        }
        if p.out.is_empty() {
            (Some(config), p.out)
        } else {
            (None, p.out)
        }
    }
}

struct Parser<'a> {
    doc: &'a Document,
    file: FileId,
    out: Vec<Diagnostic>,
}

impl Parser<'_> {
    fn error(&mut self, node: NodeId, message: String, help: Option<String>) {
        let mut d = Diagnostic::new("config", message, Loc::new(self.file, self.doc.span(node)));
        d.help = help;
        self.out.push(d);
    }

    fn entries(&mut self, node: NodeId, what: &str) -> Vec<(String, NodeId, NodeId)> {
        let resolved = self.doc.resolve(node);
        if !matches!(self.doc.node(resolved).value, Value::Map(_)) {
            if !matches!(self.doc.node(resolved).value, Value::Null) {
                self.error(node, format!("{what} must be a mapping"), None);
            }
            return Vec::new();
        }
        self.doc
            .entries(resolved)
            .iter()
            .filter_map(|e| {
                self.doc
                    .as_str(e.key)
                    .map(|k| (k.to_owned(), e.key, e.value))
            })
            .collect()
    }

    fn unknown_key(&mut self, key_node: NodeId, key: &str, known: &[&str], within: &str) {
        let help = did_you_mean(key, known.iter().copied()).map_or_else(
            || format!("known keys are {}", code_list(known.iter().copied())),
            |s| format!("did you mean `{s}`?"),
        );
        self.error(
            key_node,
            format!("unknown key `{key}` in {within}"),
            Some(help),
        );
    }

    fn string_list(&mut self, node: NodeId, what: &str) -> Vec<String> {
        let resolved = self.doc.resolve(node);
        let items = match &self.doc.node(resolved).value {
            Value::Seq(items) => items.clone(),
            Value::Str(s) => return vec![s.clone()],
            _ => {
                self.error(node, format!("`{what}` must be a list of strings"), None);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            match self.doc.as_str(item) {
                Some(s) => out.push(s.to_owned()),
                None => self.error(item, format!("`{what}` must be a list of strings"), None),
            }
        }
        out
    }

    fn globs(&mut self, node: NodeId, what: &str) -> (Vec<String>, GlobSet) {
        let globs = self.string_list(node, what);
        for g in &globs {
            if let Err(err) = Glob::new(g) {
                self.error(
                    node,
                    format!("invalid glob `{g}` in `{what}`: {}", err.kind()),
                    None,
                );
            }
        }
        let set = build_set(&globs).unwrap_or_else(|_| GlobSet::empty());
        (globs, set)
    }

    fn top(&mut self, root: NodeId, config: &mut Config) {
        const KNOWN: &[&str] = &["files", "exclude", "fail-on", "rules", "overrides"];
        for (key, key_node, value) in self.entries(root, "the configuration") {
            match key.as_str() {
                "files" => (config.files, config.files_set) = self.globs(value, "files"),
                "exclude" => (config.exclude, config.exclude_set) = self.globs(value, "exclude"),
                "fail-on" => {
                    const LEVELS: &[&str] = &["error", "warning", "info", "never"];
                    match self.doc.as_str(value) {
                        Some(v) if LEVELS.contains(&v) => config.fail_on = Some(v.to_owned()),
                        other => {
                            let help = other
                                .and_then(|v| did_you_mean(v, LEVELS.iter().copied()))
                                .map_or_else(
                                    || "use error, warning, info or never".to_owned(),
                                    |s| format!("did you mean `{s}`?"),
                                );
                            self.error(
                                value,
                                "`fail-on` must be one of error, warning, info, never".to_owned(),
                                Some(help),
                            );
                        }
                    }
                }
                "rules" => config.rules = self.rules(value),
                "overrides" => {
                    let resolved = self.doc.resolve(value);
                    let Value::Seq(items) = &self.doc.node(resolved).value else {
                        self.error(value, "`overrides` must be a list".to_owned(), None);
                        continue;
                    };
                    for item in items.clone() {
                        if let Some(o) = self.override_entry(item) {
                            config.overrides.push(o);
                        }
                    }
                }
                _ => self.unknown_key(key_node, &key, KNOWN, "the configuration"),
            }
        }
    }

    fn override_entry(&mut self, node: NodeId) -> Option<Override> {
        let mut files = None;
        let mut rules = RuleSettings::default();
        for (key, key_node, value) in self.entries(node, "an override") {
            match key.as_str() {
                "files" => files = Some(self.globs(value, "files").1),
                "rules" => rules = self.rules(value),
                _ => self.unknown_key(key_node, &key, &["files", "rules"], "an override"),
            }
        }
        if files.is_none() {
            self.error(
                node,
                "an override needs `files`".to_owned(),
                Some("add `files: [\"path/**\"]`".to_owned()),
            );
        }
        Some(Override {
            files: files?,
            rules,
        })
    }

    fn rules(&mut self, node: NodeId) -> RuleSettings {
        let mut settings = RuleSettings::default();
        for (name, key_node, value) in self.entries(node, "`rules`") {
            if ALWAYS_ON.contains(&name.as_str()) {
                self.error(
                    key_node,
                    format!("`{name}` is always on and cannot be configured"),
                    None,
                );
                continue;
            }
            let Some(rule) = rules::find(&name) else {
                let names = rules::RULES.iter().map(|r| r.name());
                let help = did_you_mean(&name, names).map_or_else(
                    || "`rolelint rules` lists every rule".to_owned(),
                    |s| format!("did you mean `{s}`?"),
                );
                self.error(key_node, format!("unknown rule `{name}`"), Some(help));
                continue;
            };
            let mut setting = RuleSetting::default();
            let resolved = self.doc.resolve(value);
            if let Some(text) = self.doc.as_str(value) {
                setting.level = self.level(value, text);
            } else if matches!(self.doc.node(resolved).value, Value::Map(_)) {
                for (option, option_key, option_value) in self.entries(value, "a rule setting") {
                    if option == "level" {
                        if let Some(text) = self.doc.as_str(option_value) {
                            setting.level = self.level(option_value, text);
                        } else {
                            self.error(
                                option_value,
                                "`level` must be error, warning, info or off".to_owned(),
                                None,
                            );
                        }
                        continue;
                    }
                    if let Some(v) = self.option(rule, &option, option_key, option_value) {
                        setting.options.insert(option, v);
                    }
                }
            } else if matches!(self.doc.node(resolved).value, Value::Bool(false)) {
                setting.level = Some(Level::Off);
            } else {
                self.error(
                    value,
                    format!("`{name}` takes a level or a mapping of `level` and options"),
                    None,
                );
            }
            settings.0.push((name, setting));
        }
        settings
    }

    fn level(&mut self, node: NodeId, text: &str) -> Option<Level> {
        let level = Level::parse(text);
        if level.is_none() {
            const LEVELS: &[&str] = &["error", "warning", "info", "off"];
            let help = did_you_mean(text, LEVELS.iter().copied()).map_or_else(
                || "use error, warning, info or off".to_owned(),
                |s| format!("did you mean `{s}`?"),
            );
            self.error(node, format!("unknown level `{text}`"), Some(help));
        }
        level
    }

    fn option(
        &mut self,
        rule: &dyn Rule,
        name: &str,
        key: NodeId,
        value: NodeId,
    ) -> Option<serde_json::Value> {
        let Some(spec) = rule.options().iter().find(|o| o.name == name) else {
            let known: Vec<&str> = rule.options().iter().map(|o| o.name).collect();
            let help = if known.is_empty() {
                format!("`{}` has no options; only `level` can be set", rule.name())
            } else {
                did_you_mean(name, known.iter().copied()).map_or_else(
                    || {
                        format!(
                            "options of `{}`: {}",
                            rule.name(),
                            code_list(known.iter().copied())
                        )
                    },
                    |s| format!("did you mean `{s}`?"),
                )
            };
            self.error(
                key,
                format!("unknown option `{name}` for rule `{}`", rule.name()),
                Some(help),
            );
            return None;
        };
        match spec.default {
            OptionDefault::Int(_) => match self.doc.node(self.doc.resolve(value)).value {
                Value::Int(n) if n >= 0 => Some(serde_json::Value::from(n)),
                _ => {
                    self.error(
                        value,
                        format!(
                            "option `{name}` of `{}` must be a non-negative integer",
                            rule.name()
                        ),
                        None,
                    );
                    None
                }
            },
            OptionDefault::List(_) => {
                let before = self.out.len();
                let items = self.string_list(value, name);
                (self.out.len() == before).then(|| serde_json::Value::from(items))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Config>, Vec<String>) {
        let source = Source::new(".rolelint.yaml", text);
        let (config, diagnostics) = Config::parse(&source);
        let messages = diagnostics
            .iter()
            .map(|d| {
                let p = source.position(d.primary.span.start);
                format!("{}:{} {}", p.line, p.column, d.message)
            })
            .collect();
        (config, messages)
    }

    #[test]
    fn full_configuration() {
        let (config, errors) = parse(
            "files: [\"org/**/roles.yaml\"]\nexclude: [\"vendor/**\"]\nfail-on: warning\nrules:\n  vacant-role: off\n  span-of-control: {level: error, max-reports: 10}\n  split-delivery-and-vision: {max-headcount: 15}\noverrides:\n  - files: [\"legacy/**\"]\n    rules: {success-metric-required: warning}\n  - files: [\"legacy/old/**\"]\n    rules: {success-metric-required: off}\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let config = config.expect("valid");
        assert_eq!(config.fail_on.as_deref(), Some("warning"));
        assert!(config.is_discovered("org/a/roles.yaml"));
        assert!(!config.is_discovered("vendor/org/roles.yaml"));
        let s = config.settings_for("org/roles.yaml");
        assert_eq!(s.level_of("vacant-role"), Some(Level::Off));
        assert_eq!(s.level_of("span-of-control"), Some(Level::Error));
        assert_eq!(
            s.options("span-of-control")
                .and_then(|o| o["max-reports"].as_u64()),
            Some(10)
        );
        assert_eq!(s.level_of("success-metric-required"), None);
        assert_eq!(
            config
                .settings_for("legacy/roles.yaml")
                .level_of("success-metric-required"),
            Some(Level::Warning)
        );
        assert_eq!(
            config
                .settings_for("legacy/old/roles.yaml")
                .level_of("success-metric-required"),
            Some(Level::Off)
        );
    }

    #[test]
    fn errors_have_locations_and_suggestions() {
        let (config, errors) = parse(
            "rulez: {}\nrules:\n  vacant-rol: off\n  span-of-control: {max-report: 3}\n  vacant-role: {max-roles: 2}\n  single-root: loud\n  schema: off\nfail-on: errors\n",
        );
        assert!(config.is_none());
        assert_eq!(
            errors,
            vec![
                "1:1 unknown key `rulez` in the configuration",
                "3:3 unknown rule `vacant-rol`",
                "4:21 unknown option `max-report` for rule `span-of-control`",
                "5:17 unknown option `max-roles` for rule `vacant-role`",
                "6:16 unknown level `loud`",
                "7:3 `schema` is always on and cannot be configured",
                "8:10 `fail-on` must be one of error, warning, info, never",
            ]
        );
    }

    #[test]
    fn wrong_option_types() {
        let (_, errors) = parse(
            "rules:\n  span-of-control: {max-reports: many}\n  core-areas-covered: {areas: 3}\n",
        );
        assert_eq!(
            errors,
            vec![
                "2:34 option `max-reports` of `span-of-control` must be a non-negative integer",
                "3:31 `areas` must be a list of strings",
            ]
        );
    }
}
