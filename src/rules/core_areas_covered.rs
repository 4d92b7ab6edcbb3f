use super::{Context, OptionDefault, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level};
use std::collections::HashSet;

pub struct CoreAreasCovered;

const OPTIONS: &[RuleOption] = &[
    RuleOption {
        name: "min-headcount",
        default: OptionDefault::Int(10),
        description: "the rule applies when org.headcount is above this",
    },
    RuleOption {
        name: "areas",
        default: OptionDefault::List(&[
            "product-strategy",
            "delivery",
            "people-management",
            "security",
        ]),
        description: "areas that some role must be accountable for",
    },
];

impl Rule for CoreAreasCovered {
    fn name(&self) -> &'static str {
        "core-areas-covered"
    }
    fn summary(&self) -> &'static str {
        "above a headcount, a core area (product, delivery, people, security) has no accountable role"
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
        if ctx.headcount <= options.int("min-headcount") {
            return;
        }
        let covered: HashSet<&str> = ctx
            .roles
            .iter()
            .flat_map(|r| r.accountable_for.iter().map(String::as_str))
            .collect();
        for area in options.list("areas") {
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
