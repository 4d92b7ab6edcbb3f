use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};

pub struct ReportsToSelf;

impl Rule for ReportsToSelf {
    fn name(&self) -> &'static str {
        "reports-to-self"
    }
    fn summary(&self) -> &'static str {
        "a person fills a role and, alone, the role it reports to"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/reports-to-self.md")
    }
    fn since_version(&self) -> u32 {
        2
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        for role in &ctx.roles {
            let Some(m) = role.reports_to.as_deref().and_then(|m| ctx.role_index(m)) else {
                continue;
            };
            let manager = ctx.roles[m];
            // A role that reports to itself is a reporting cycle.
            if manager.id == role.id {
                continue;
            }
            let mut above = manager.filled_by(ctx.today);
            let (Some(boss), None) = (above.next(), above.next()) else {
                continue;
            };
            // Locations are looked up only for the pairs found.
            if !role
                .filled_by(ctx.today)
                .any(|h| h.person() == boss.person())
            {
                continue;
            }
            let boss_at = ctx.holding_loc(manager, boss.person());
            for (holding, at) in ctx.fillers(role) {
                if holding.person() != boss.person() {
                    continue;
                }
                let person = holding.person();
                let how = if holding.is_interim() {
                    " as interim"
                } else {
                    ""
                };
                out.push(
                    Diagnostic::new(
                        self.name(),
                        format!(
                            "`{person}` fills role `{}`{how} and is the only holder of `{}`, the role it reports to: `{person}` reports to themselves",
                            role.id, manager.id
                        ),
                        at,
                    )
                    .label(boss_at, format!("`{person}` alone fills `{}`", manager.id))
                    .help(format!(
                        "name someone else for `{}`, or let it report to another role while `{person}` covers it; if the arrangement is deliberate, suppress it with the reason and its end date",
                        role.id
                    ))
                    .id(person)
                    .id(&role.id)
                    .id(&manager.id),
                );
            }
        }
    }
}
