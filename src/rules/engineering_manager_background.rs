use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::{PersonField, RoleField};

pub struct EngineeringManagerBackground;

impl Rule for EngineeringManagerBackground {
    fn name(&self) -> &'static str {
        "engineering-manager-background"
    }
    fn summary(&self) -> &'static str {
        "engineering people management is held by someone without an engineering background"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/engineering-manager-background.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        for role in &ctx.roles {
            if !role
                .accountable_for
                .iter()
                .any(|a| a == "people-management")
            {
                continue;
            }
            let Some(person) = role.holder.as_deref().and_then(|h| ctx.person(h)) else {
                continue;
            };
            let Some(background) = person.background.as_deref().filter(|b| *b != "engineering")
            else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    self.name(),
                    format!(
                        "`{}` manages engineers in role `{}` but has a {background} background",
                        person.id, role.id
                    ),
                    ctx.role_value(role, RoleField::Holder),
                )
                .label(
                    ctx.value_loc(person.origin.file, &person.pointer(PersonField::Background)),
                    format!("`{}` has a {background} background", person.id),
                )
                .help("give people-management of engineers to someone with an engineering background, or pair the holder with an engineering lead")
                .id(&person.id)
                .id(&role.id),
            );
        }
    }
}
