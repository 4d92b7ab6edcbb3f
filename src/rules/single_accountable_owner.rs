use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level, Loc};
use crate::format::{RoleField, TeamField};
use foldhash::HashMap;
use foldhash::HashMapExt as _;

pub struct SingleAccountableOwner;

impl Rule for SingleAccountableOwner {
    fn name(&self) -> &'static str {
        "single-accountable-owner"
    }
    fn summary(&self) -> &'static str {
        "an area has more than one accountable role"
    }
    fn default_level(&self) -> Level {
        Level::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/single-accountable-owner.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        // Owners are roles and (version 2) teams, named as the message says.
        let mut owners: HashMap<&str, Vec<(String, &str, Loc)>> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for role in &ctx.roles {
            for (i, area) in role.accountable_for.iter().enumerate() {
                let list = owners.entry(area).or_insert_with(|| {
                    order.push(area);
                    Vec::new()
                });
                // A role that lists an area twice is the schema's finding.
                let name = format!("`{}`", role.id);
                if list.last().is_some_and(|(r, _, _)| *r == name) {
                    continue;
                }
                list.push((
                    name,
                    &role.id,
                    ctx.role_item(role, RoleField::AccountableFor, i),
                ));
            }
        }
        for team in &ctx.teams {
            for (i, area) in team.accountable_for().iter().enumerate() {
                let list = owners.entry(area).or_insert_with(|| {
                    order.push(area);
                    Vec::new()
                });
                list.push((
                    format!("team `{}`", team.id),
                    &team.id,
                    ctx.team_item(team, TeamField::AccountableFor, i),
                ));
            }
        }
        for area in order {
            let list = &owners[area];
            if list.len() < 2 {
                continue;
            }
            let roles: Vec<String> = list.iter().map(|(r, _, _)| r.clone()).collect();
            let what = if ctx
                .teams
                .iter()
                .any(|t| t.accountable_for().iter().any(|a| a == area))
            {
                "owners"
            } else {
                "roles"
            };
            let mut d = Diagnostic::new(
                self.name(),
                format!("area `{area}` has {} accountable {what}: {}", list.len(), crate::suggest::join_capped(&roles)),
                list[1].2,
            )
            .help(format!(
                "keep `{area}` in exactly one role's `accountable_for`; the others can contribute without being accountable"
            ))
            .id(area);
            for (i, (owner, id, loc)) in list.iter().enumerate() {
                if i != 1 {
                    d = d.label(*loc, format!("also accountable: {owner}"));
                }
                d = d.id(*id);
            }
            out.push(d);
        }
    }
}
