use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::RoleField;

pub struct SingleRoot;

impl Rule for SingleRoot {
    fn name(&self) -> &'static str {
        "single-root"
    }
    fn summary(&self) -> &'static str {
        "more than one role reports to nobody"
    }
    fn applies_to_community(&self) -> bool {
        false
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/single-root.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let roots: Vec<_> = ctx
            .roles
            .iter()
            .filter(|r| r.reports_to.is_none())
            .collect();
        if roots.len() < 2 {
            return;
        }
        let names: Vec<String> = roots.iter().map(|r| format!("`{}`", r.id)).collect();
        let mut d = Diagnostic::new(
            self.name(),
            format!(
                "{} roles report to nobody: {}",
                roots.len(),
                crate::suggest::join_capped(&names)
            ),
            ctx.role_value(roots[1], RoleField::Id),
        )
        .help("give every role but the top one a `reports_to`");
        for (i, root) in roots.iter().enumerate() {
            if i != 1 {
                d = d.label(
                    ctx.role_value(root, RoleField::Id),
                    format!("`{}` is a root too", root.id),
                );
            }
            d = d.id(&root.id);
        }
        out.push(d);
    }
}
