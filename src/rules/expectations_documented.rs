use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::RoleField;

pub struct ExpectationsDocumented;

impl Rule for ExpectationsDocumented {
    fn name(&self) -> &'static str {
        "expectations-documented"
    }
    fn summary(&self) -> &'static str {
        "a leadership role has no written responsibilities"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/expectations-documented.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        for (index, role) in ctx.roles.iter().enumerate() {
            if role
                .responsibilities
                .as_ref()
                .is_some_and(|r| !r.is_empty())
                || role.charter().is_some()
                || !ctx.is_leadership(index)
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    self.name(),
                    format!(
                        "leadership role `{}` ({}) has no written responsibilities",
                        role.id, role.title
                    ),
                    ctx.role_value(role, RoleField::Title),
                )
                .help(
                    if ctx.version >= 2 {
                    "add `responsibilities`: what this role is expected to do in this organisation, or a `charter` link to its written remit"
                } else {
                    "add `responsibilities`: what this role is expected to do in this organisation"
                },
                )
                .id(&role.id),
            );
        }
    }
}
