use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::RoleField;

pub struct SuccessMetricRequired;

impl Rule for SuccessMetricRequired {
    fn name(&self) -> &'static str {
        "success-metric-required"
    }
    fn summary(&self) -> &'static str {
        "a role has no success metric"
    }
    fn applies_to_community(&self) -> bool {
        false
    }
    fn default_level(&self) -> Level {
        Level::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/success-metric-required.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        for role in &ctx.roles {
            let loc = match &role.success_metrics {
                Some(metrics) if !metrics.is_empty() => continue,
                Some(_) => ctx.role_key(role, RoleField::SuccessMetrics),
                None => ctx.role_value(role, RoleField::Id),
            };
            out.push(
                Diagnostic::new(self.name(), format!("role `{}` has no success metric", role.id), loc)
                    .help("add `success_metrics` with at least one measurable outcome, e.g. \"roadmap commitments delivered per quarter\"")
                    .id(&role.id),
            );
        }
    }
}
