use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::RoleField;

pub struct ReportingCycle;

impl Rule for ReportingCycle {
    fn name(&self) -> &'static str {
        "reporting-cycle"
    }
    fn summary(&self) -> &'static str {
        "reports_to links that form a cycle"
    }
    fn default_level(&self) -> Level {
        Level::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/reporting-cycle.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        // Each role has at most one manager, so the graph is functional: walk
        // from every unvisited role, colouring the current walk; meeting the
        // current walk again closes a cycle. Every role is visited once.
        const NEW: u32 = u32::MAX;
        const DONE: u32 = u32::MAX - 1;
        let n = ctx.roles.len();
        let manager: Vec<Option<usize>> = ctx
            .roles
            .iter()
            .map(|r| r.reports_to.as_deref().and_then(|m| ctx.role_index(m)))
            .collect();
        let mut state = vec![NEW; n];
        for start in 0..n {
            if state[start] != NEW {
                continue;
            }
            let walk = u32::try_from(start).unwrap_or(DONE - 1);
            let mut path = Vec::new();
            let mut at = Some(start);
            while let Some(i) = at {
                if state[i] == walk {
                    let cycle_start = path.iter().position(|&p| p == i).unwrap_or(0);
                    let mut cycle = path[cycle_start..].to_vec();
                    cycle.sort_unstable();
                    self.report(ctx, &cycle, out);
                    break;
                }
                if state[i] != NEW {
                    break;
                }
                state[i] = walk;
                path.push(i);
                at = manager[i];
            }
            for i in path {
                state[i] = DONE;
            }
        }
    }
}

impl ReportingCycle {
    fn report(&self, ctx: &Context<'_>, cycle: &[usize], out: &mut Vec<Diagnostic>) {
        let roles: Vec<&str> = cycle.iter().map(|&i| ctx.roles[i].id.as_str()).collect();
        let first = ctx.roles[cycle[0]];
        let message = if cycle.len() == 1 {
            format!("role `{}` reports to itself", first.id)
        } else {
            let mut chain = Vec::with_capacity(cycle.len() + 1);
            let mut at = cycle[0];
            for _ in 0..cycle.len() {
                chain.push(ctx.roles[at].id.as_str());
                at = ctx.roles[at]
                    .reports_to
                    .as_deref()
                    .and_then(|m| ctx.role_index(m))
                    .unwrap_or(at);
            }
            chain.push(first.id.as_str());
            if chain.len() > 12 {
                let tail = chain[chain.len() - 2..].join(" -> ");
                format!(
                    "reporting cycle of {} roles: {} -> ... -> {tail}",
                    cycle.len(),
                    chain[..5].join(" -> ")
                )
            } else {
                format!("reporting cycle: {}", chain.join(" -> "))
            }
        };
        let mut d = Diagnostic::new(self.name(), message, ctx.role_value(first, RoleField::ReportsTo))
            .help("break the cycle: one of these roles must report outside it, or be a root without `reports_to`");
        for &i in &cycle[1..] {
            let role = ctx.roles[i];
            d = d.label(
                ctx.role_value(role, RoleField::ReportsTo),
                format!(
                    "`{}` reports to `{}`",
                    role.id,
                    role.reports_to.as_deref().unwrap_or_default()
                ),
            );
        }
        for id in roles {
            d = d.id(id);
        }
        out.push(d);
    }
}
