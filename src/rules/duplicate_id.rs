use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level, Loc};
use crate::format::person_pointer;
use crate::format::{AreaField, BUILTIN_AREAS, PersonField, RoleField, TeamField};
use foldhash::HashMap;
use foldhash::HashMapExt as _;

pub struct DuplicateId;

impl Rule for DuplicateId {
    fn name(&self) -> &'static str {
        "duplicate-id"
    }
    fn summary(&self) -> &'static str {
        "two people, roles, teams or areas share an id, a person is listed twice among a role's holders, or a custom area reuses a built-in id"
    }
    fn default_level(&self) -> Level {
        Level::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/duplicate-id.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        // Locations are looked up only for the ids that repeat, and a list
        // whose ids the context indexed one each has none to look for.
        let (people, roles, teams) = ctx.distinct_ids();
        if people < ctx.people.as_ref().map_or(0, Vec::len) {
            let people = ctx.people.iter().flatten().map(|p| {
                (p.id.as_str(), move || {
                    ctx.value_loc(p.origin.file, &p.pointer(PersonField::Id))
                })
            });
            report(out, "person", people);
        }
        if roles < ctx.roles.len() {
            let roles = ctx
                .roles
                .iter()
                .map(|r| (r.id.as_str(), move || ctx.role_value(r, RoleField::Id)));
            report(out, "role", roles);
        }
        if teams < ctx.teams.len() {
            let teams = ctx
                .teams
                .iter()
                .map(|t| (t.id.as_str(), move || ctx.team_value(t, TeamField::Id)));
            report(out, "team", teams);
        }
        let areas = ctx.areas.iter().map(|a| {
            (a.id.as_str(), move || {
                ctx.value_loc(a.origin.file, &a.pointer(AreaField::Id))
            })
        });
        report(out, "area", areas);
        // Only `holders` can list a person twice.
        for role in ctx
            .roles
            .iter()
            .filter(|r| r.holders_list().is_some_and(|h| h.len() > 1))
        {
            let mut seen: HashMap<&str, String> = HashMap::new();
            for (holding, pointer) in role.holdings() {
                let at = person_pointer(holding, &pointer);
                let person = holding.person();
                match seen.get(person) {
                    Some(first) => out.push(
                        Diagnostic::new(
                            self.name(),
                            format!("`{person}` is listed twice among the holders of role `{}`", role.id),
                            ctx.value_loc(role.origin.file, &at),
                        )
                        .label(ctx.value_loc(role.origin.file, first), "first listed here")
                        .help("list each person once; one holding can carry `interim`, `since`, `until` and `share`")
                        .id(person)
                        .id(&role.id),
                    ),
                    None => {
                        seen.insert(person, at);
                    }
                }
            }
        }
        for area in &ctx.areas {
            if BUILTIN_AREAS.contains(&area.id.as_str()) {
                out.push(
                    Diagnostic::new(
                        self.name(),
                        format!("custom area `{}` reuses the id of a built-in area", area.id),
                        ctx.value_loc(area.origin.file, &area.pointer(AreaField::Id)),
                    )
                    .help(format!(
                        "remove the declaration and use the built-in `{}`, or give the custom area another id",
                        area.id
                    ))
                    .id(&area.id),
                );
            }
        }
    }
}

fn report<'a, L: Fn() -> Loc>(
    out: &mut Vec<Diagnostic>,
    kind: &str,
    ids: impl Iterator<Item = (&'a str, L)>,
) {
    let mut first: HashMap<&str, L> = HashMap::new();
    for (id, loc) in ids {
        match first.get(id) {
            Some(earlier) => out.push(
                Diagnostic::new(
                    "duplicate-id",
                    format!("{kind} id `{id}` is already used"),
                    loc(),
                )
                .label(earlier(), "first used here")
                .help(format!("give each {kind} its own id"))
                .id(id),
            ),
            None => {
                first.insert(id, loc);
            }
        }
    }
}
