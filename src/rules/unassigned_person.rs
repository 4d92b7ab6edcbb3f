use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::PersonField;

pub struct UnassignedPerson;

impl Rule for UnassignedPerson {
    fn name(&self) -> &'static str {
        "unassigned-person"
    }
    fn summary(&self) -> &'static str {
        "a person in `people` holds no role and is in no team"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/unassigned-person.md")
    }
    fn since_version(&self) -> u32 {
        2
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let Some(people) = ctx.people.as_ref() else {
            return;
        };
        let belonging = ctx.belonging();
        for person in people {
            if ctx.person_position(&person.id).is_none_or(|i| belonging[i]) {
                continue;
            }
            // A holding that has not begun, or has ended, is named in the message.
            let dated = ctx
                .roles
                .iter()
                .flat_map(|r| r.holders().map(move |h| (r, h)))
                .find(|(_, h)| h.person() == person.id);
            let mut message = format!(
                "person `{}` ({}) holds no role today and is in no team",
                person.id, person.name
            );
            if let Some((role, _)) = dated {
                message.push_str(&format!(
                    " (their holding of `{}` does not cover today)",
                    role.id
                ));
            }
            out.push(
                Diagnostic::new(
                    self.name(),
                    message,
                    ctx.value_loc(person.origin.file, &person.pointer(PersonField::Id)),
                )
                .help("add them to a team's `members` or give them a role; if they left, list them in `former_members` or `former_holders`, or remove them from `people`")
                .id(&person.id),
            );
        }
    }
}
