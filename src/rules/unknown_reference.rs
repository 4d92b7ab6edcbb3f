use super::{Context, Options, Rule};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Level, Loc};
use crate::format::person_pointer;
use crate::format::{RoleField, TeamField};
use crate::suggest::did_you_mean;

pub struct UnknownReference;

/// Suggestions scan every id, so only the first findings get one: a file
/// with thousands of broken references stays linear.
const MAX_SUGGESTIONS: usize = 200;

impl Rule for UnknownReference {
    fn name(&self) -> &'static str {
        "unknown-reference"
    }
    fn summary(&self) -> &'static str {
        "a holder, reports_to, accountable_for or include names nothing that exists"
    }
    fn default_level(&self) -> Level {
        Level::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/unknown-reference.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let mut suggested = 0usize;
        let mut push = |out: &mut Vec<Diagnostic>,
                        what: &str,
                        name: &str,
                        loc: Loc,
                        candidates: &mut dyn Iterator<Item = &str>,
                        or_else: &str,
                        fallback: &str| {
            let suggestion = if suggested < MAX_SUGGESTIONS {
                suggested += 1;
                did_you_mean(name, candidates).map(str::to_owned)
            } else {
                None
            };
            let message = format!(
                "{what} `{name}` does not exist{}",
                crate::suggest::hint(suggestion.as_deref())
            );
            // The author may mean an existing id, or one not written yet.
            let help = suggestion.as_ref().map_or_else(
                || fallback.to_owned(),
                |s| format!("replace `{name}` with `{s}`, or {or_else}"),
            );
            let mut d = Diagnostic::new("unknown-reference", message, loc)
                .help(help)
                .id(name);
            // A guess: the author may mean a role not written yet.
            if let Some(s) = &suggestion {
                d = d.fix(Fix {
                    applicability: Applicability::Unsafe,
                    message: format!("replace `{name}` with `{s}`"),
                    edits: vec![crate::fix::replace_scalar(
                        ctx.source(loc.file),
                        loc.file,
                        loc.span,
                        s,
                    )],
                });
            }
            out.push(d);
        };
        for role in &ctx.roles {
            if let Some(people) = ctx.people.as_ref()
                && role
                    .holders()
                    .chain(role.former())
                    .any(|h| ctx.person(h.person()).is_none())
            {
                let held = role.holdings().chain(role.former_holdings());
                for (holding, pointer) in held {
                    let holder = holding.person();
                    if ctx.person(holder).is_some() {
                        continue;
                    }
                    let at = person_pointer(holding, &pointer);
                    push(
                        out,
                        "person",
                        holder,
                        ctx.value_loc(role.origin.file, &at),
                        &mut people.iter().map(|p| p.id.as_str()),
                        &format!("add a person `{holder}` to `people`"),
                        "add the person to `people`, or fix the holder",
                    );
                }
            }
            if let Some(manager) = role.reports_to.as_deref()
                && ctx.role_index(manager).is_none()
            {
                push(
                    out,
                    "role",
                    manager,
                    ctx.role_value(role, RoleField::ReportsTo),
                    &mut ctx.roles.iter().map(|r| r.id.as_str()),
                    &format!("add a role `{manager}`"),
                    "point `reports_to` at an existing role id, or remove it to make this a root role",
                );
            }
            for (i, target) in role.dotted_lines().enumerate() {
                if ctx.role_index(target).is_none() {
                    push(
                        out,
                        "role",
                        target,
                        ctx.role_item(role, RoleField::DottedLineTo, i),
                        &mut ctx.roles.iter().map(|r| r.id.as_str()),
                        &format!("add a role `{target}`"),
                        "point the dotted line at an existing role id, or remove it",
                    );
                }
            }
            for (i, area) in role.accountable_for.iter().enumerate() {
                if !ctx.area_exists(area) {
                    push(
                        out,
                        "area",
                        area,
                        ctx.role_item(role, RoleField::AccountableFor, i),
                        &mut ctx.area_ids(),
                        &format!("declare `{area}` under `areas`"),
                        &format!(
                            "use a known area ({}, ...), or declare `{area}` under `areas`; `rolelint schema` lists the built-in areas",
                            crate::suggest::code_list(crate::suggest::nearest(
                                area,
                                ctx.area_ids(),
                                4
                            ))
                        ),
                    );
                }
            }
        }
        for team in &ctx.teams {
            if let Some(lead) = team.lead.as_deref()
                && ctx.role_index(lead).is_none()
            {
                push(
                    out,
                    "role",
                    lead,
                    ctx.team_value(team, TeamField::Lead),
                    &mut ctx.roles.iter().map(|r| r.id.as_str()),
                    &format!("add a role `{lead}`"),
                    "point `lead` at an existing role id, or remove it for a team with no lead",
                );
            }
            if let Some(parent) = team.parent.as_deref()
                && ctx.team(parent).is_none()
            {
                push(
                    out,
                    "team",
                    parent,
                    ctx.team_value(team, TeamField::Parent),
                    &mut ctx.teams.iter().map(|t| t.id.as_str()),
                    &format!("add a team `{parent}`"),
                    "point `parent` at an existing team id, or remove it",
                );
            }
            if let Some(people) = ctx.people.as_ref() {
                for field in [TeamField::Members, TeamField::FormerMembers] {
                    let listed = match field {
                        TeamField::Members => team.members.as_deref(),
                        _ => team.more.as_ref().and_then(|m| m.former_members.as_deref()),
                    };
                    for (i, person) in listed.into_iter().flatten().enumerate() {
                        if ctx.person(person).is_none() {
                            push(
                                out,
                                "person",
                                person,
                                ctx.team_item(team, field, i),
                                &mut people.iter().map(|p| p.id.as_str()),
                                &format!("add a person `{person}` to `people`"),
                                "add the person to `people`, or fix the member",
                            );
                        }
                    }
                }
            }
            for (i, area) in team.accountable_for().iter().enumerate() {
                if !ctx.area_exists(area) {
                    push(
                        out,
                        "area",
                        area,
                        ctx.team_item(team, TeamField::AccountableFor, i),
                        &mut ctx.area_ids(),
                        &format!("declare `{area}` under `areas`"),
                        "use a known area, or declare it under `areas`; `rolelint schema` lists the built-in areas",
                    );
                }
            }
        }
    }
}
