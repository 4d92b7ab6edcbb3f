//! Settings a check runs with: a level and options per rule.

use crate::diagnostic::Level;
use crate::rules::{self, Rule};
use std::collections::HashMap;

/// Resolved settings for one file: levels and options per rule.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    levels: HashMap<String, Level>,
    options: HashMap<String, serde_json::Map<String, serde_json::Value>>,
}

impl Settings {
    /// The level of a rule: configured, else its default.
    #[must_use]
    pub fn level(&self, rule: &dyn Rule) -> Level {
        self.levels
            .get(rule.name())
            .copied()
            .unwrap_or_else(|| rule.default_level())
    }

    #[must_use]
    pub fn options(&self, rule: &str) -> Option<&serde_json::Map<String, serde_json::Value>> {
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

    /// Whether `name` is a rule that can be configured.
    #[must_use]
    pub fn is_configurable(name: &str) -> bool {
        rules::find(name).is_some()
    }
}
