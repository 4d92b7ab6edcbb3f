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

impl Options<'_> {
    fn configured(&self, name: &str) -> Option<&serde_json::Value> {
        self.values.and_then(|v| v.get(name))
    }

    fn default(&self, name: &str) -> Option<OptionDefault> {
        self.spec.iter().find(|o| o.name == name).map(|o| o.default)
    }

    #[must_use]
    pub fn int(&self, name: &str) -> u64 {
        self.configured(name)
            .and_then(serde_json::Value::as_u64)
            .or_else(|| match self.default(name) {
                Some(OptionDefault::Int(n)) => Some(n),
                _ => None,
            })
            .unwrap_or(0)
    }

    #[must_use]
    pub fn list(&self, name: &str) -> Vec<String> {
        if let Some(items) = self.configured(name).and_then(serde_json::Value::as_array) {
            return items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
        }
        match self.default(name) {
            Some(OptionDefault::List(items)) => items.iter().map(|s| (*s).to_owned()).collect(),
            _ => Vec::new(),
        }
    }
}
