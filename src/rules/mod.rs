//! The rule trait, the context rules see, and the one list of all rules.
//!
//! Adding a rule: a new file here, one line in [`registry::RULES`], a page
//! `rules/<name>.md` and two fixtures `tests/fixtures/<name>/{pass,fail}.yaml`.

use crate::diagnostic::{Diagnostic, Level};

mod context;
mod facts;
mod options;
pub mod registry;

pub(crate) mod core_areas_covered;
mod duplicate_id;
mod engineering_manager_background;
mod expectations_documented;
mod figurehead_risk;
mod headcount_consistent;
mod overloaded_holder;
mod people_focus_split;
mod redundant_dotted_line;
mod reporting_cycle;
mod reports_to_self;
mod single_accountable_owner;
mod single_root;
mod span_of_control;
mod split_delivery_and_vision;
mod stale_holding;
mod success_metric_required;
mod time_allocation_total;
mod unassigned_person;
mod unknown_reference;
mod unused_suppression;
mod vacant_role;

pub use context::{Adjacency, Context, FileView, is_leadership_title};
pub use options::{IntOption, ListOption, OptionDefault, Options, RuleOption};

/// A lint rule. Rules never print and never fail: they push diagnostics.
pub trait Rule: Sync {
    /// Kebab-case name: the id in output, config, suppressions and `explain`.
    fn name(&self) -> &'static str;
    /// One-line summary for `rolelint rules`.
    fn summary(&self) -> &'static str;
    fn default_level(&self) -> Level;
    /// The documentation page (`rules/<name>.md`).
    fn doc(&self) -> &'static str;
    fn options(&self) -> &'static [RuleOption] {
        &[]
    }
    /// Whether it applies to an organisation of volunteers
    /// (`org.kind: community`); when not, it is off there unless the
    /// configuration turns it on.
    fn applies_to_community(&self) -> bool {
        true
    }
    /// The first format version it checks: a version 1 file keeps
    /// exactly the findings it always had.
    fn since_version(&self) -> u32 {
        1
    }
    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leadership_titles() {
        assert!(is_leadership_title("VP of Engineering"));
        assert!(is_leadership_title("Head of Platform"));
        assert!(is_leadership_title("Chief Technology Officer"));
        assert!(is_leadership_title("Vice President, Product"));
        assert!(!is_leadership_title("Staff Engineer"));
        assert!(!is_leadership_title("Directory Maintainer"));
        assert!(!is_leadership_title("Head Chef"));
    }

    #[test]
    fn rule_names_are_unique_kebab_case() {
        let mut names: Vec<&str> = registry::RULES.iter().map(|r| r.name()).collect();
        for n in &names {
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{n}");
        }
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len());
    }
}
