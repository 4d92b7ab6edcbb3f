//! What `check --show-config` prints: each rule's level and options for a
//! file, and which layer set each.

use super::{Config, Effective, RuleSettings};

impl Config {
    /// Every rule's effective level and options for a file, and which
    /// layer set each: the default, `source` (the configuration file), or
    /// one of its overrides.
    #[must_use]
    pub fn effective(&self, relative_path: &str, source: &str) -> Vec<Effective> {
        let mut layers: Vec<(String, &RuleSettings)> = vec![(source.to_owned(), &self.rules)];
        for (i, o) in self.overrides.iter().enumerate() {
            if o.files.is_match(relative_path) {
                layers.push((
                    format!("{source}, override #{} ({})", i + 1, o.patterns.join(", ")),
                    &o.rules,
                ));
            }
        }
        crate::rules::registry::RULES
            .iter()
            .map(|rule| {
                let mut e = Effective {
                    rule: rule.name(),
                    level: rule.default_level(),
                    level_from: "default".to_owned(),
                    options: rule
                        .options()
                        .iter()
                        .map(|o| {
                            let value = match o.default {
                                crate::rules::OptionDefault::Int(n) => serde_json::json!(n),
                                crate::rules::OptionDefault::List(items) => {
                                    serde_json::json!(items)
                                }
                            };
                            (o.name.to_owned(), value, "default".to_owned())
                        })
                        .collect(),
                };
                for (from, layer) in &layers {
                    for (_, setting) in layer.0.iter().filter(|(name, _)| name == rule.name()) {
                        if let Some(level) = setting.level {
                            e.level = level;
                            e.level_from.clone_from(from);
                        }
                        for (name, value) in &setting.options {
                            if let Some(slot) = e.options.iter_mut().find(|(n, _, _)| n == name) {
                                slot.1 = value.clone();
                                slot.2.clone_from(from);
                            }
                        }
                    }
                }
                e
            })
            .chain(self.custom.rules.iter().map(|rule| {
                let mut e = Effective {
                    rule: rule.name,
                    level: rule.level,
                    level_from: format!("custom rule in {source}"),
                    options: Vec::new(),
                };
                for (from, layer) in &layers {
                    for (_, setting) in layer.0.iter().filter(|(name, _)| name == rule.name) {
                        if let Some(level) = setting.level {
                            e.level = level;
                            e.level_from.clone_from(from);
                        }
                    }
                }
                e
            }))
            .collect()
    }
}
