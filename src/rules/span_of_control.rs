use super::{Context, IntOption, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::RoleField;

pub struct SpanOfControl;

const MAX_REPORTS: IntOption = IntOption {
    name: "max-reports",
    default: 8,
    description: "most direct reports a role may have",
};

const OPTIONS: &[RuleOption] = &[MAX_REPORTS.declared()];

impl Rule for SpanOfControl {
    fn name(&self) -> &'static str {
        "span-of-control"
    }
    fn summary(&self) -> &'static str {
        "a role has more direct reports than one person can lead"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/span-of-control.md")
    }
    fn options(&self) -> &'static [RuleOption] {
        OPTIONS
    }

    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let max = options.int(MAX_REPORTS);
        for (index, role) in ctx.roles.iter().enumerate() {
            let count = ctx.direct_reports(index).len();
            if count as u64 <= max {
                continue;
            }
            out.push(
                Diagnostic::new(
                    self.name(),
                    format!("role `{}` has {count} direct reports (more than {max})", role.id),
                    ctx.role_value(role, RoleField::Id),
                )
                .help("add a layer: group the reports under leads or managers who report to this role")
                .id(&role.id),
            );
        }
    }
}
