use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::RoleField;

pub struct RedundantDottedLine;

impl Rule for RedundantDottedLine {
    fn name(&self) -> &'static str {
        "redundant-dotted-line"
    }
    fn summary(&self) -> &'static str {
        "a dotted line to the role itself or to the role it already reports to"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/redundant-dotted-line.md")
    }
    fn since_version(&self) -> u32 {
        2
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        for role in &ctx.roles {
            for (i, target) in role.dotted_lines().enumerate() {
                let (message, help) = if target == role.id {
                    (
                        format!("role `{}` has a dotted line to itself", role.id),
                        "remove the item, or point it at the role this one answers to on the side",
                    )
                } else if role.reports_to.as_deref() == Some(target) {
                    (
                        format!(
                            "role `{}` has a dotted line to `{target}`, which it already reports to",
                            role.id
                        ),
                        "remove the item: the reporting line already says it",
                    )
                } else {
                    continue;
                };
                let mut d = Diagnostic::new(
                    self.name(),
                    message,
                    ctx.role_item(role, RoleField::DottedLineTo, i),
                )
                .help(help)
                .id(&role.id)
                .id(target);
                if target != role.id {
                    d = d.label(
                        ctx.role_value(role, RoleField::ReportsTo),
                        format!("reports to `{target}` here"),
                    );
                }
                out.push(d);
            }
        }
    }
}
