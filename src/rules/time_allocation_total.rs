use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::RoleField;

pub struct TimeAllocationTotal;

impl Rule for TimeAllocationTotal {
    fn name(&self) -> &'static str {
        "time-allocation-total"
    }
    fn summary(&self) -> &'static str {
        "a time_allocation does not add up to 100"
    }
    fn applies_to_community(&self) -> bool {
        false
    }
    fn default_level(&self) -> Level {
        Level::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/time-allocation-total.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        for role in &ctx.roles {
            if role.time_allocation.is_none() {
                continue;
            }
            let sum: f64 = role.time_shares().map(|(_, v)| v).fold(0.0, |a, b| a + b);
            if (sum - 100.0).abs() <= 0.01 {
                continue;
            }
            let shown = (sum * 100.0).round() / 100.0;
            out.push(
                Diagnostic::new(
                    self.name(),
                    format!(
                        "time_allocation of role `{}` adds up to {shown}, not 100",
                        role.id
                    ),
                    ctx.role_key(role, RoleField::TimeAllocation),
                )
                .help("adjust the shares so that they sum to 100 percent")
                .id(&role.id),
            );
        }
    }
}
