use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level, Loc};
use crate::format::RoleField;
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
        let mut owners: HashMap<&str, Vec<(&str, Loc)>> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for role in &ctx.roles {
            for (i, area) in role.accountable_for.iter().enumerate() {
                let list = owners.entry(area).or_insert_with(|| {
                    order.push(area);
                    Vec::new()
                });
                // A role that lists an area twice is the schema's finding.
                if list.last().is_some_and(|(r, _)| *r == role.id) {
                    continue;
                }
                list.push((&role.id, ctx.role_item(role, RoleField::AccountableFor, i)));
            }
        }
        for area in order {
            let list = &owners[area];
            if list.len() < 2 {
                continue;
            }
            let roles: Vec<String> = list.iter().map(|(r, _)| format!("`{r}`")).collect();
            let mut d = Diagnostic::new(
                self.name(),
                format!("area `{area}` has {} accountable roles: {}", list.len(), crate::suggest::join_capped(&roles)),
                list[1].1,
            )
            .help(format!(
                "keep `{area}` in exactly one role's `accountable_for`; the others can contribute without being accountable"
            ))
            .id(area);
            for (i, (role, loc)) in list.iter().enumerate() {
                if i != 1 {
                    d = d.label(*loc, format!("also accountable: `{role}`"));
                }
                d = d.id(*role);
            }
            out.push(d);
        }
    }
}
