use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::PersonField;
use crate::format::constraints::Known;

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
        let under = under_people_management(ctx);
        for (index, role) in ctx.roles.iter().enumerate() {
            let own = role.accountable_for.iter().any(|a| a == PEOPLE);
            // Version 2: the manager of a team of engineers, in a line that
            // is accountable for people-management.
            let leads_people = || {
                under[index]
                    && ctx
                        .teams_led(index)
                        .any(|t| t.members().next().is_some() || t.size.is_some_and(|s| s > 0))
            };
            if !own && !leads_people() {
                continue;
            }
            for (holding, at) in ctx.fillers(role) {
                let Some(person) = ctx.person(holding.person()) else {
                    continue;
                };
                let Some(background) = person
                    .background
                    .map(Known::as_str)
                    .filter(|b| *b != "engineering")
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

const PEOPLE: &str = "people-management";

/// For each role: whether it, or a role it reports to directly or
/// indirectly, is accountable for people-management. Each role is
/// resolved once; a cycle resolves to what its members own.
fn under_people_management(ctx: &Context<'_>) -> Vec<bool> {
    let n = ctx.roles.len();
    let mut known: Vec<Option<bool>> = vec![None; n];
    let mut on_path = vec![false; n];
    for start in 0..n {
        let mut path = Vec::new();
        let mut at = Some(start);
        let mut answer = false;
        while let Some(i) = at {
            if let Some(k) = known[i] {
                answer = k;
                break;
            }
            if ctx.roles[i].accountable_for.iter().any(|a| a == PEOPLE) {
                answer = true;
                break;
            }
            // Back on this walk: a cycle in which no role owns it.
            if on_path[i] {
                break;
            }
            on_path[i] = true;
            path.push(i);
            at = ctx.roles[i]
                .reports_to
                .as_deref()
                .and_then(|m| ctx.role_index(m));
        }
        for i in path {
            known[i] = Some(answer);
        }
    }
    known.into_iter().map(|k| k == Some(true)).collect()
}
