use super::{Context, IntOption, ListOption, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level};
use std::collections::HashSet;

pub struct CoreAreasCovered;

const MIN_HEADCOUNT: IntOption = IntOption {
    name: "min-headcount",
    default: 10,
    description: "the rule applies when org.headcount is above this",
};

/// The areas some role must be accountable for (the matrix marks them).
pub(crate) const AREAS: ListOption = ListOption {
    name: "areas",
    default: &[
        "product-strategy",
        "delivery",
        "people-management",
        "security",
    ],
    description: "areas that some role must be accountable for",
};

const OPTIONS: &[RuleOption] = &[MIN_HEADCOUNT.declared(), AREAS.declared()];

impl Rule for CoreAreasCovered {
    fn name(&self) -> &'static str {
        "core-areas-covered"
    }
    fn summary(&self) -> &'static str {
        "above a headcount, a core area (product, delivery, people, security) has no accountable role"
    }
    fn applies_to_community(&self) -> bool {
        false
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/core-areas-covered.md")
    }
    fn options(&self) -> &'static [RuleOption] {
        OPTIONS
    }

    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>) {
        if ctx.headcount <= options.int(MIN_HEADCOUNT) {
            return;
        }
        let covered: HashSet<&str> = ctx
            .roles
            .iter()
            .flat_map(|r| r.accountable_for.iter().map(String::as_str))
            .chain(
                ctx.teams
                    .iter()
                    .flat_map(|t| t.accountable_for().iter().map(String::as_str)),
            )
            .collect();
        for area in options.list(AREAS) {
            if covered.contains(area.as_str()) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    self.name(),
                    format!(
                        "no role is accountable for `{area}` in an organisation of {} people",
                        ctx.headcount
                    ),
                    ctx.org_loc,
                )
                .help(format!(
                    "add `{area}` to the `accountable_for` of the role that answers for it"
                ))
                .id(area),
            );
        }
    }
}
