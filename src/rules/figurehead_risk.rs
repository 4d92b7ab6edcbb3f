use super::{Context, ListOption, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::RoleField;

pub struct FigureheadRisk;

const STRATEGIC_AREAS: ListOption = ListOption {
    name: "strategic-areas",
    default: &[
        "external-vision",
        "architecture",
        "product-strategy",
        "technical-culture",
    ],
    description: "areas that need execution authority (reports or decision rights) to carry",
};

const OPTIONS: &[RuleOption] = &[STRATEGIC_AREAS.declared()];

impl Rule for FigureheadRisk {
    fn name(&self) -> &'static str {
        "figurehead-risk"
    }
    fn summary(&self) -> &'static str {
        "a role accountable for strategy has neither direct reports nor decision rights"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/figurehead-risk.md")
    }
    fn options(&self) -> &'static [RuleOption] {
        OPTIONS
    }

    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let strategic = options.list(STRATEGIC_AREAS);
        for (index, role) in ctx.roles.iter().enumerate() {
            let areas: Vec<&str> = role
                .accountable_for
                .iter()
                .filter(|a| strategic.contains(a))
                .map(String::as_str)
                .collect();
            if areas.is_empty()
                || ctx.has_reach(index)
                || role.decision_rights.as_ref().is_some_and(|d| !d.is_empty())
            {
                continue;
            }
            let listed: Vec<String> = areas.iter().map(|a| format!("`{a}`")).collect();
            out.push(
                Diagnostic::new(
                    self.name(),
                    format!(
                        "role `{}` is accountable for {} but has no direct reports and no decision rights",
                        role.id,
                        crate::suggest::join_capped(&listed)
                    ),
                    ctx.role_value(role, RoleField::Id),
                )
                .help("give the role `decision_rights` (e.g. build-vs-buy) or reports, or move the strategic areas to a role that can act on them")
                .id(&role.id),
            );
        }
    }
}
