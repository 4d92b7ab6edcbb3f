//! `.rolelint.yaml`: discovery globs, rule levels and options, per-path
//! overrides. Read through the YAML layer (so every error has a line and
//! column), validated against a JSON Schema generated from the registry
//! ([`schema::json_schema`]), then deserialised with serde.

mod effective;
mod names;
pub mod schema;

use crate::custom::CustomRules;
use crate::diagnostic::{CONFIG, Diagnostic, FailOn, FileId, Level, Loc};
use crate::rules::Rule;
use crate::schema::messages::Mapper;
use crate::source::Source;
use crate::yaml;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
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
    keep_trees: bool,
    today: Option<i64>,
    custom: std::sync::Arc<CustomRules>,
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

    /// Keep each file's YAML tree ([`crate::Checked::trees`]) after the
    /// check, for an editor's navigation. Off by default.
    pub fn set_keep_trees(&mut self, keep: bool) {
        self.keep_trees = keep;
    }

    #[must_use]
    pub fn keep_trees(&self) -> bool {
        self.keep_trees
    }

    /// The run's date (days since 1970-01-01), which decides whether a
    /// dated holding fills its role. Unset, every holding fills its role
    /// and none is stale: the library never reads the clock.
    pub fn set_today(&mut self, day: i64) {
        self.today = Some(day);
    }

    #[must_use]
    pub fn today(&self) -> Option<i64> {
        self.today
    }

    /// The configuration's custom rules.
    #[must_use]
    pub fn custom(&self) -> &CustomRules {
        &self.custom
    }

    pub fn set_custom(&mut self, custom: std::sync::Arc<CustomRules>) {
        self.custom = custom;
    }

    /// The level of a custom rule: configured, else its own.
    #[must_use]
    pub fn custom_level(&self, rule: &crate::custom::CustomRule) -> Level {
        self.level_of(rule.name).unwrap_or(rule.level)
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
    patterns: Vec<String>,
    rules: RuleSettings,
}

/// One rule's effective setting for a file, and what set each part: for
/// `check --show-config`.
#[derive(Clone, Debug)]
pub struct Effective {
    pub rule: &'static str,
    pub level: Level,
    pub level_from: String,
    /// Name, value, and what set it.
    pub options: Vec<(String, serde_json::Value, String)>,
}

/// A parsed configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub files: Vec<String>,
    pub exclude: Vec<String>,
    pub fail_on: Option<FailOn>,
    /// The baseline `check` applies when `--baseline` is not given, as
    /// written (relative to the configuration file).
    pub baseline: Option<String>,
    files_set: GlobSet,
    exclude_set: GlobSet,
    rules: RuleSettings,
    overrides: Vec<Override>,
    /// The custom rules, compiled.
    pub custom: std::sync::Arc<CustomRules>,
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
            baseline: None,
            rules: RuleSettings::default(),
            overrides: Vec::new(),
            custom: std::sync::Arc::default(),
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
        let mut settings = Settings {
            custom: self.custom.clone(),
            ..Settings::default()
        };
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
        if !loaded.syntax.is_empty() {
            return (None, loaded.syntax);
        }
        // The YAML layer's own schema-level findings (custom tags, bad
        // numbers) are configuration errors here.
        let mut out: Vec<Diagnostic> = loaded
            .schema
            .into_iter()
            .map(|mut d| {
                d.rule = CONFIG;
                d
            })
            .collect();
        let doc = &loaded.doc;
        let Some(root) = doc.root() else {
            return (Some(Config::default()), out);
        };
        let json = doc.to_json(source, root);
        let mut mapper = Mapper {
            doc,
            source,
            file,
            vocabulary: &schema::ConfigWords,
            prefix: String::new(),
            out: Vec::new(),
        };
        for error in schema::validator().iter_errors(&json) {
            mapper.map(&error);
        }
        out.append(&mut mapper.out);
        // Custom rules and the rule names are checked even when the schema
        // is not matched, so that every error is reported at once.
        let custom = crate::custom::compile(doc, source, file, &mut out);
        names::check_rule_names(doc, source, file, &mut out);
        if !out.is_empty() {
            out.sort_by_key(|d| d.primary.span.start);
            return (None, out);
        }
        let raw = match RawConfig::deserialize(&json) {
            Ok(raw) => raw,
            Err(err) => {
                // The schema admits only what deserialises; this is a bug
                // guard that still points somewhere useful.
                out.push(Diagnostic::new(
                    CONFIG,
                    format!("the configuration does not have the expected shape: {err}"),
                    Loc::new(file, doc.span(root)),
                ));
                return (None, out);
            }
        };
        let mut globs = |value: Option<&Globs>, pointer: &str| -> GlobSet {
            let Some(value) = value else {
                return GlobSet::empty();
            };
            let mut builder = GlobSetBuilder::new();
            for (i, glob) in value.iter().enumerate() {
                let at = match value {
                    Globs::One(_) => pointer.to_owned(),
                    Globs::Many(_) => format!("{pointer}/{i}"),
                };
                match Glob::new(glob) {
                    Ok(g) => {
                        builder.add(g);
                    }
                    Err(err) => out.push(Diagnostic::new(
                        CONFIG,
                        format!("invalid glob `{glob}`: {}", err.kind()),
                        Loc::new(file, doc.pointer_span(&at)),
                    )),
                }
            }
            builder.build().unwrap_or_else(|_| GlobSet::empty())
        };
        let mut config = Config {
            custom: std::sync::Arc::new(custom),
            ..Config::default()
        };
        if let Some(files) = &raw.files {
            config.files = files.iter().map(str::to_owned).collect();
            config.files_set = globs(Some(files), "/files");
        }
        if let Some(exclude) = &raw.exclude {
            config.exclude = exclude.iter().map(str::to_owned).collect();
            config.exclude_set = globs(Some(exclude), "/exclude");
        }
        config.fail_on = raw.fail_on.as_deref().and_then(FailOn::parse);
        config.baseline = raw.baseline;
        config.rules = RuleSettings::from_raw(raw.rules);
        for (i, o) in raw.overrides.into_iter().enumerate() {
            let files = globs(Some(&o.files), &format!("/overrides/{i}/files"));
            config.overrides.push(Override {
                files,
                patterns: o.files.iter().map(str::to_owned).collect(),
                rules: RuleSettings::from_raw(o.rules),
            });
        }
        if out.is_empty() {
            (Some(config), out)
        } else {
            (None, out)
        }
    }
}

/// One glob or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum Globs {
    One(String),
    Many(Vec<String>),
}

impl Globs {
    fn iter(&self) -> impl Iterator<Item = &str> {
        match self {
            Globs::One(g) => std::slice::from_ref(g).iter(),
            Globs::Many(gs) => gs.iter(),
        }
        .map(String::as_str)
    }
}

/// A rule's setting as written: a level (or `false`), or a mapping of
/// `level` and options.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawRule {
    Bool(bool),
    Level(String),
    Full(serde_json::Map<String, serde_json::Value>),
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawConfig {
    files: Option<Globs>,
    exclude: Option<Globs>,
    fail_on: Option<String>,
    baseline: Option<String>,
    #[serde(default)]
    rules: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    /// Compiled from the tree, for positions inside expressions.
    #[serde(default)]
    #[allow(dead_code)]
    custom_rules: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    files: Globs,
    #[serde(default)]
    rules: serde_json::Map<String, serde_json::Value>,
}

impl RuleSettings {
    /// Settings from the validated `rules` mapping.
    fn from_raw(rules: serde_json::Map<String, serde_json::Value>) -> Self {
        let mut settings = Vec::new();
        for (name, value) in rules {
            let mut setting = RuleSetting::default();
            match RawRule::deserialize(&value) {
                Ok(RawRule::Bool(on)) => setting.level = (!on).then_some(Level::Off),
                Ok(RawRule::Level(level)) => setting.level = Level::parse(&level),
                Ok(RawRule::Full(mut map)) => {
                    setting.level = map.remove("level").and_then(|l| match l {
                        serde_json::Value::String(s) => Level::parse(&s),
                        _ => Some(Level::Off),
                    });
                    setting.options = map;
                }
                Err(_) => {}
            }
            settings.push((name, setting));
        }
        Self(settings)
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
        assert_eq!(config.fail_on, Some(FailOn::Warning));
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
                "6:16 the string \"loud\" is not allowed for `single-root`",
                "7:3 `schema` is always on and cannot be configured",
                "8:10 the string \"errors\" is not allowed for `fail-on`",
            ]
        );
    }

    #[test]
    fn helps_suggest_the_nearest_name() {
        let source = Source::new(
            ".rolelint.yaml",
            "rules:\n  vacant-rol: off\n  span-of-control: {max-report: 3}\nfail-on: errors\n",
        );
        let (_, diagnostics) = Config::parse(&source);
        let helps: Vec<&str> = diagnostics
            .iter()
            .filter_map(|d| d.help.as_deref())
            .collect();
        assert_eq!(
            helps,
            vec![
                "did you mean `vacant-role`?",
                "did you mean `max-reports`?",
                "did you mean `error`?"
            ]
        );
        assert!(diagnostics.iter().all(|d| d.rule == CONFIG));
    }

    #[test]
    fn the_schema_lists_every_rule_and_option() {
        let schema = schema::json_schema();
        let rules = &schema["$defs"]["rules"]["properties"];
        for name in crate::rules::registry::configurable_names() {
            assert!(rules.get(name).is_some(), "{name} missing from the schema");
        }
        let options = &rules["span-of-control"]["anyOf"][1]["properties"]["max-reports"];
        assert_eq!(options["type"], "integer");
        assert!(options["default"].is_u64());
        assert!(rules.get("schema").is_none());
    }

    #[test]
    fn wrong_option_types() {
        let (_, errors) = parse(
            "rules:\n  span-of-control: {max-reports: many}\n  core-areas-covered: {areas: 3}\n",
        );
        assert_eq!(
            errors,
            vec![
                "2:34 expected an integer for `max-reports`, found the string \"many\"",
                "3:31 expected a list for `areas`, found the number `3`",
            ]
        );
    }
}
