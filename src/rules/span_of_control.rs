use super::{Context, IntOption, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::{RoleField, TeamField};

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
            let reports = ctx.direct_reports(index).len() as u64;
            let span = ctx.span(index);
            if span <= max {
                continue;
            }
            let message = if span == reports {
                format!(
                    "role `{}` has {span} direct reports (more than {max})",
                    role.id
                )
            } else {
                // Version 2: the individual contributors of its teams count.
                let teams: Vec<String> = ctx
                    .teams_led(index)
                    .filter_map(|t| {
                        let n = ctx.contributors(index, t);
                        (n > 0).then(|| format!("{n} in team `{}`", t.id))
                    })
                    .collect();
                let mut parts = Vec::new();
                match reports {
                    0 => {}
                    1 => parts.push("1 reporting role".to_owned()),
                    n => parts.push(format!("{n} reporting roles")),
                }
                parts.extend(teams);
                format!(
                    "role `{}` leads {span} people directly (more than {max}): {}",
                    role.id,
                    crate::suggest::join_capped(&parts)
                )
            };
            let mut d = Diagnostic::new(self.name(), message, ctx.role_value(role, RoleField::Id))
                .help("add a layer: group the reports under leads or managers who report to this role")
                .id(&role.id);
            for team in ctx
                .teams_led(index)
                .filter(|t| ctx.contributors(index, t) > 0)
            {
                d = d.label(
                    ctx.team_value(team, TeamField::Lead),
                    format!("leads team `{}`", team.id),
                );
            }
            out.push(d);
        }
    }
}
