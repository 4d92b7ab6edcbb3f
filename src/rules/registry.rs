//! The one registry of checks: every code a finding can carry (the
//! always-on `syntax`, `schema` and `config`, then every [`Rule`]), used by
//! `rolelint rules` and `explain`, SARIF, `JUnit`, suppressions and the
//! configuration schema.

use super::Rule;
use crate::diagnostic::{CONFIG, Level, SCHEMA, SYNTAX};
use std::sync::OnceLock;

/// Every rule, in the order `rolelint rules` lists them.
pub static RULES: &[&dyn Rule] = &[
    &super::duplicate_id::DuplicateId,
    &super::unknown_reference::UnknownReference,
    &super::reporting_cycle::ReportingCycle,
    &super::split_delivery_and_vision::SplitDeliveryAndVision,
    &super::success_metric_required::SuccessMetricRequired,
    &super::single_accountable_owner::SingleAccountableOwner,
    &super::core_areas_covered::CoreAreasCovered,
    &super::figurehead_risk::FigureheadRisk,
    &super::expectations_documented::ExpectationsDocumented,
    &super::span_of_control::SpanOfControl,
    &super::people_focus_split::PeopleFocusSplit,
    &super::engineering_manager_background::EngineeringManagerBackground,
    &super::vacant_role::VacantRole,
    &super::overloaded_holder::OverloadedHolder,
    &super::single_root::SingleRoot,
    &super::time_allocation_total::TimeAllocationTotal,
    &super::headcount_consistent::HeadcountConsistent,
    &super::stale_holding::StaleHolding,
    &super::reports_to_self::ReportsToSelf,
    &super::redundant_dotted_line::RedundantDottedLine,
    &super::unassigned_person::UnassignedPerson,
    &super::unused_suppression::UnusedSuppression,
];

/// Name, default level, summary and documentation of every check a
/// finding can come from: the always-on ones, then [`RULES`].
#[derive(Clone, Copy)]
pub struct CheckInfo {
    pub name: &'static str,
    pub level: Level,
    pub summary: &'static str,
    pub doc: &'static str,
    /// The rule behind it; `None` for the always-on checks, which cannot
    /// be configured or suppressed.
    pub rule: Option<&'static dyn Rule>,
}

impl CheckInfo {
    /// Whether a configuration, `--rule` or a suppression may name it.
    #[must_use]
    pub fn is_configurable(&self) -> bool {
        self.rule.is_some()
    }
}

impl std::fmt::Debug for CheckInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckInfo")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

const SYNTAX_DOC: &str = "# syntax\n\nLevel: **error**, always on.\n\n## What it checks\n\nThe file is one well-formed YAML 1.2 document in UTF-8: no duplicate keys, no second document, nesting of at most 256 levels, aliases that expand to at most 1,000,000 nodes, no NUL bytes.\n";
const SCHEMA_DOC: &str = "# schema\n\nLevel: **error**, always on.\n\n## What it checks\n\nThe document matches `schema/roles.schema.json` (print it with `rolelint schema`): required keys, types, id patterns and allowed values. Unknown keys are reported at the key, with the closest known key; keys starting with `x-` are extensions and always allowed.\n";

const CONFIG_DOC: &str = "# config\n\nLevel: **error**, always on; makes the run fail with exit code 2.\n\n## What it checks\n\n`.rolelint.yaml` matches its JSON Schema (print it with `rolelint schema config`): known keys, rule names, levels, and each rule's options with their types. Every error points at its line and column, with the closest known name.\n";

/// Every check, always-on ones first.
#[must_use]
pub fn checks() -> &'static [CheckInfo] {
    static CHECKS: OnceLock<Vec<CheckInfo>> = OnceLock::new();
    CHECKS.get_or_init(|| {
        let always_on = |name, summary, doc| CheckInfo {
            name,
            level: Level::Error,
            summary,
            doc,
            rule: None,
        };
        let mut checks = vec![
            always_on(
                SYNTAX,
                "the file is not one well-formed YAML document in UTF-8",
                SYNTAX_DOC,
            ),
            always_on(
                SCHEMA,
                "the document does not match the roles.yaml schema",
                SCHEMA_DOC,
            ),
            always_on(
                CONFIG,
                "the configuration file does not match its schema",
                CONFIG_DOC,
            ),
        ];
        checks.extend(RULES.iter().map(|&r| CheckInfo {
            name: r.name(),
            level: r.default_level(),
            summary: r.summary(),
            doc: r.doc(),
            rule: Some(r),
        }));
        checks
    })
}

/// The checks a roles file's findings can carry (all but `config`, whose
/// errors stop the run before any file is checked): the rule lists of
/// SARIF and `JUnit`.
pub fn file_checks() -> impl Iterator<Item = &'static CheckInfo> {
    checks().iter().filter(|c| c.name != CONFIG)
}

/// The check with this code.
#[must_use]
pub fn find(name: &str) -> Option<&'static CheckInfo> {
    checks().iter().find(|c| c.name == name)
}

/// The configurable rule with this name.
#[must_use]
pub fn find_rule(name: &str) -> Option<&'static dyn Rule> {
    find(name).and_then(|c| c.rule)
}

/// Names of the rules a configuration, `--rule` or a suppression may name.
pub fn configurable_names() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|r| r.name())
}
