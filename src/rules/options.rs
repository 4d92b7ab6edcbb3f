//! Rule options: their declared defaults (which fix their types) and the
//! values a rule reads.

/// The default of an option, which also fixes its type.
#[derive(Clone, Copy, Debug)]
pub enum OptionDefault {
    Int(u64),
    List(&'static [&'static str]),
}

impl std::fmt::Display for OptionDefault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionDefault::Int(n) => write!(f, "{n}"),
            OptionDefault::List(items) => write!(f, "[{}]", items.join(", ")),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct RuleOption {
    pub name: &'static str,
    pub default: OptionDefault,
    pub description: &'static str,
}

/// A rule's option values: configured ones, else the defaults.
#[derive(Debug, Default)]
pub struct Options<'a> {
    pub spec: &'static [RuleOption],
    pub values: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

/// A whole-number option, declared once by its rule: the rule reads it by
/// this constant, so a misspelt name cannot compile, and its default is
/// the one declared.
#[derive(Clone, Copy, Debug)]
pub struct IntOption {
    pub name: &'static str,
    pub default: u64,
    pub description: &'static str,
}

/// A list-of-names option, declared once by its rule (as [`IntOption`]).
#[derive(Clone, Copy, Debug)]
pub struct ListOption {
    pub name: &'static str,
    pub default: &'static [&'static str],
    pub description: &'static str,
}

impl IntOption {
    /// Its entry in the rule's list of options.
    #[must_use]
    pub const fn declared(self) -> RuleOption {
        RuleOption {
            name: self.name,
            default: OptionDefault::Int(self.default),
            description: self.description,
        }
    }
}

impl ListOption {
    /// Its entry in the rule's list of options.
    #[must_use]
    pub const fn declared(self) -> RuleOption {
        RuleOption {
            name: self.name,
            default: OptionDefault::List(self.default),
            description: self.description,
        }
    }
}

impl Options<'_> {
    fn configured(&self, name: &str) -> Option<&serde_json::Value> {
        debug_assert!(
            self.spec.is_empty() || self.spec.iter().any(|o| o.name == name),
            "option `{name}` is read but not in the rule's list of options"
        );
        self.values.and_then(|v| v.get(name))
    }

    /// The value of a whole-number option: configured, else its default.
    #[must_use]
    pub fn int(&self, option: IntOption) -> u64 {
        self.configured(option.name)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(option.default)
    }

    /// The value of a list option: configured, else its default.
    #[must_use]
    pub fn list(&self, option: ListOption) -> Vec<String> {
        if let Some(items) = self
            .configured(option.name)
            .and_then(serde_json::Value::as_array)
        {
            return items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
        }
        option.default.iter().map(|s| (*s).to_owned()).collect()
    }
}
