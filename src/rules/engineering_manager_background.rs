use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::PersonField;

pub struct EngineeringManagerBackground;

impl Rule for EngineeringManagerBackground {
    fn name(&self) -> &'static str {
        "engineering-manager-background"
    }
    fn summary(&self) -> &'static str {
        "engineering people management is held by someone without an engineering background"
    }
    fn applies_to_community(&self) -> bool {
        false
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
            for (holding, at) in ctx.fillers(role) {
                let Some(person) = ctx.person(holding.person()) else {
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
                    at,
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
}
