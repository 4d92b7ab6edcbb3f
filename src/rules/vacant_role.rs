use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::RoleField;
use foldhash::HashMap;
use foldhash::HashMapExt as _;

pub struct VacantRole;

impl Rule for VacantRole {
    fn name(&self) -> &'static str {
        "vacant-role"
    }
    fn summary(&self) -> &'static str {
        "a role has no holder"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/vacant-role.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let mut owners: HashMap<&str, usize> = HashMap::new();
        for role in &ctx.roles {
            for area in &role.accountable_for {
                *owners.entry(area).or_default() += 1;
            }
        }
        for role in &ctx.roles {
            if role.filled_by(ctx.today).next().is_some() {
                continue;
            }
            let sole: Vec<String> = role
                .accountable_for
                .iter()
                .filter(|a| owners.get(a.as_str()) == Some(&1))
                .map(|a| format!("`{a}`"))
                .collect();
            let mut message = format!("role `{}` ({}) is vacant", role.id, role.title);
            // Holdings that do not fill it today: ended, or not begun.
            let dated: Vec<String> = role
                .holders()
                .filter_map(|h| {
                    let d = h.details()?;
                    if h.ended_before(ctx.today) {
                        Some(format!(
                            "`{}` held it until {}",
                            d.person,
                            d.until.as_deref()?
                        ))
                    } else if h.begins_after(ctx.today) {
                        Some(format!("`{}` starts on {}", d.person, d.since.as_deref()?))
                    } else {
                        None
                    }
                })
                .collect();
            if !dated.is_empty() {
                message.push_str(&format!(" ({})", dated.join("; ")));
            }
            if !sole.is_empty() {
                message.push_str(&format!(
                    ": it is the only role accountable for {}",
                    crate::suggest::join_capped(&sole)
                ));
            }
            out.push(
                Diagnostic::new(self.name(), message, ctx.role_value(role, RoleField::Id))
                    .help("set `holder`, name an interim holder, or suppress with a reason such as the hiring plan")
                    .id(&role.id),
            );
        }
    }
}
