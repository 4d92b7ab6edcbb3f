use super::{Context, IntOption, ListOption, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level, Loc};
use crate::format::RoleField;
use crate::source::Span;

pub struct PeopleFocusSplit;

const MIN_PEOPLE_PERCENT: IntOption = IntOption {
    name: "min-people-percent",
    default: 70,
    description: "share of time on people (time_allocation.people) from which the rule fires",
};

const STRATEGIC_AREAS: ListOption = ListOption {
    name: "strategic-areas",
    default: &["external-vision", "architecture", "product-strategy"],
    description: "areas that a people-focused role is unlikely to have time for",
};

const OPTIONS: &[RuleOption] = &[MIN_PEOPLE_PERCENT.declared(), STRATEGIC_AREAS.declared()];

impl Rule for PeopleFocusSplit {
    fn name(&self) -> &'static str {
        "people-focus-split"
    }
    fn summary(&self) -> &'static str {
        "a role spends most of its time on people while also accountable for strategy"
    }
    fn applies_to_community(&self) -> bool {
        false
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/people-focus-split.md")
    }
    fn options(&self) -> &'static [RuleOption] {
        OPTIONS
    }

    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let min = options.int(MIN_PEOPLE_PERCENT) as f64;
        let strategic = options.list(STRATEGIC_AREAS);
        for role in &ctx.roles {
            let Some(people) = role
                .time_shares()
                .find(|(k, _)| *k == "people")
                .map(|(_, v)| v)
            else {
                continue;
            };
            let areas: Vec<String> = role
                .accountable_for
                .iter()
                .filter(|a| strategic.contains(a))
                .map(|a| format!("`{a}`"))
                .collect();
            if people < min || areas.is_empty() {
                continue;
            }
            let (key, value) = ctx.role_entry(role, RoleField::TimeAllocation, "people");
            let loc = Loc::new(key.file, Span::new(key.span.start, value.span.end));
            out.push(
                Diagnostic::new(
                    self.name(),
                    format!(
                        "role `{}` spends {people}% of its time on people while accountable for {}",
                        role.id,
                        crate::suggest::join_capped(&areas)
                    ),
                    loc,
                )
                .help("when people work crowds out strategy, split the role: hand the strategic areas to a separate role, or people leadership to a VP or Head of Engineering")
                .id(&role.id),
            );
        }
    }
}
