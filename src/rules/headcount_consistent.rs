use super::{Context, Options, Rule};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Level};
use crate::format::{OrgField, TeamField};

pub struct HeadcountConsistent;

impl Rule for HeadcountConsistent {
    fn name(&self) -> &'static str {
        "headcount-consistent"
    }
    fn summary(&self) -> &'static str {
        "`org.headcount` is smaller than the people the file names, or than a team"
    }
    fn default_level(&self) -> Level {
        Level::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/headcount-consistent.md")
    }
    fn since_version(&self) -> u32 {
        2
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let pointer = format!("/org/{}", OrgField::Headcount.key());
        let at = ctx.value_loc(crate::diagnostic::FileId(0), &pointer);
        let headcount = ctx.headcount;
        // No `org` (the schema's finding): no headcount to compare.
        if headcount == 0 {
            return;
        }
        let named = ctx.current_people() as u64;
        let biggest = ctx
            .teams
            .iter()
            .filter(|t| t.size.is_some())
            .max_by_key(|t| t.size);
        let team_size = biggest.and_then(|t| t.size).unwrap_or(0);
        let at_least = named.max(team_size);
        if at_least <= headcount {
            return;
        }
        let message = if named >= team_size {
            format!("`org.headcount` is {headcount}, but the file names {named} current people")
        } else {
            format!(
                "`org.headcount` is {headcount}, but team `{}` alone has `size: {team_size}`",
                biggest.map_or("", |t| t.id.as_str())
            )
        };
        let mut d = Diagnostic::new(self.name(), message, at)
            .help(format!(
                "set `headcount` to the organisation's size (at least {at_least}), or move the people who left to `former_members` or `former_holders`"
            ))
            .id("headcount")
            .fix(Fix {
                // The count may be right and a list wrong: the user decides.
                applicability: Applicability::Unsafe,
                message: format!("set `headcount: {at_least}`"),
                edits: vec![Edit {
                    file: at.file,
                    span: at.span,
                    content: at_least.to_string(),
                }],
            });
        if let Some(team) = biggest.filter(|_| team_size > named) {
            d = d.label(
                ctx.team_value(team, TeamField::Size),
                format!("team `{}` has {team_size} people", team.id),
            );
        }
        out.push(d);
    }
}
