use super::{Context, IntOption, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::{PersonField, RoleField};
use foldhash::HashMap;
use foldhash::HashMapExt as _;

pub struct OverloadedHolder;

const MAX_ROLES: IntOption = IntOption {
    name: "max-roles",
    default: 3,
    description: "most roles one person may hold",
};

const OPTIONS: &[RuleOption] = &[MAX_ROLES.declared()];

impl Rule for OverloadedHolder {
    fn name(&self) -> &'static str {
        "overloaded-holder"
    }
    fn summary(&self) -> &'static str {
        "one person holds too many roles"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/overloaded-holder.md")
    }
    fn options(&self) -> &'static [RuleOption] {
        OPTIONS
    }

    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let max = options.int(MAX_ROLES);
        let mut held: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut order = Vec::new();
        for (i, role) in ctx.roles.iter().enumerate() {
            if let Some(holder) = role.holder.as_deref() {
                held.entry(holder)
                    .or_insert_with(|| {
                        order.push(holder);
                        Vec::new()
                    })
                    .push(i);
            }
        }
        for holder in order {
            let roles = &held[holder];
            if roles.len() as u64 <= max {
                continue;
            }
            let person = ctx.person(holder);
            let primary = person.map_or_else(
                || ctx.role_value(ctx.roles[roles[0]], RoleField::Holder),
                |p| ctx.value_loc(p.origin.file, &p.pointer(PersonField::Id)),
            );
            let names: Vec<String> = roles
                .iter()
                .map(|&i| format!("`{}`", ctx.roles[i].id))
                .collect();
            let mut d = Diagnostic::new(
                self.name(),
                format!("`{holder}` holds {} roles (more than {max}): {}", roles.len(), crate::suggest::join_capped(&names)),
                primary,
            )
            .help("hand some of these roles to other people; every extra role costs context switching")
            .id(holder);
            for &i in roles {
                let role = ctx.roles[i];
                let loc = ctx.role_value(role, RoleField::Holder);
                if loc != primary {
                    d = d.label(loc, format!("holds `{}`", role.id));
                }
            }
            out.push(d);
        }
    }
}
