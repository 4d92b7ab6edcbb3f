use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::{RoleField, TeamField};

pub struct ReportingCycle;

impl Rule for ReportingCycle {
    fn name(&self) -> &'static str {
        "reporting-cycle"
    }
    fn summary(&self) -> &'static str {
        "reports_to links (or team parents) that form a cycle"
    }
    fn default_level(&self) -> Level {
        Level::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/reporting-cycle.md")
    }

    fn check(&self, ctx: &Context<'_>, _: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let manager: Vec<Option<usize>> = ctx
            .roles
            .iter()
            .map(|r| r.reports_to.as_deref().and_then(|m| ctx.role_index(m)))
            .collect();
        for cycle in cycles(&manager) {
            self.report(ctx, &cycle, out);
        }
        // The first team of an id is the one `parent` names.
        let mut index: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
        for (i, t) in ctx.teams.iter().enumerate() {
            index.entry(t.id.as_str()).or_insert(i);
        }
        let parent: Vec<Option<usize>> = ctx
            .teams
            .iter()
            .map(|t| t.parent.as_deref().and_then(|p| index.get(p).copied()))
            .collect();
        for cycle in cycles(&parent) {
            self.report_teams(ctx, &cycle, &parent, out);
        }
    }
}

/// The cycles of a graph where each node has at most one successor, each
/// sorted. Walks from every unvisited node, colouring the current walk;
/// meeting the current walk again closes a cycle. Every node is visited
/// once.
fn cycles(next: &[Option<usize>]) -> Vec<Vec<usize>> {
    const NEW: u32 = u32::MAX;
    const DONE: u32 = u32::MAX - 1;
    let mut state = vec![NEW; next.len()];
    let mut found = Vec::new();
    for start in 0..next.len() {
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
                found.push(cycle);
                break;
            }
            if state[i] != NEW {
                break;
            }
            state[i] = walk;
            path.push(i);
            at = next[i];
        }
        for i in path {
            state[i] = DONE;
        }
    }
    found
}

/// The ids around a cycle from its first node, back to it, shortened
/// past 12.
fn chain(ids: &[&str], cycle: &[usize], next: &[Option<usize>]) -> String {
    let mut chain = Vec::with_capacity(cycle.len() + 1);
    let mut at = cycle[0];
    for _ in 0..cycle.len() {
        chain.push(ids[at]);
        at = next[at].unwrap_or(at);
    }
    chain.push(ids[cycle[0]]);
    if chain.len() > 12 {
        let tail = chain[chain.len() - 2..].join(" -> ");
        format!("{} -> ... -> {tail}", chain[..5].join(" -> "))
    } else {
        chain.join(" -> ")
    }
}

impl ReportingCycle {
    fn report(&self, ctx: &Context<'_>, cycle: &[usize], out: &mut Vec<Diagnostic>) {
        let roles: Vec<&str> = cycle.iter().map(|&i| ctx.roles[i].id.as_str()).collect();
        let first = ctx.roles[cycle[0]];
        let message = if cycle.len() == 1 {
            format!("role `{}` reports to itself", first.id)
        } else {
            let ids: Vec<&str> = ctx.roles.iter().map(|r| r.id.as_str()).collect();
            let next: Vec<Option<usize>> = ctx
                .roles
                .iter()
                .map(|r| r.reports_to.as_deref().and_then(|m| ctx.role_index(m)))
                .collect();
            let chain = chain(&ids, cycle, &next);
            if cycle.len() > 11 {
                format!("reporting cycle of {} roles: {chain}", cycle.len())
            } else {
                format!("reporting cycle: {chain}")
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

    fn report_teams(
        &self,
        ctx: &Context<'_>,
        cycle: &[usize],
        parent: &[Option<usize>],
        out: &mut Vec<Diagnostic>,
    ) {
        let first = ctx.teams[cycle[0]];
        let message = if cycle.len() == 1 {
            format!("team `{}` is its own parent", first.id)
        } else {
            let ids: Vec<&str> = ctx.teams.iter().map(|t| t.id.as_str()).collect();
            format!("team parent cycle: {}", chain(&ids, cycle, parent))
        };
        let mut d = Diagnostic::new(
            self.name(),
            message,
            ctx.team_value(first, TeamField::Parent),
        )
        .help("break the cycle: one of these teams must have a parent outside it, or none");
        for &i in &cycle[1..] {
            let team = ctx.teams[i];
            d = d.label(
                ctx.team_value(team, TeamField::Parent),
                format!(
                    "`{}` is part of `{}`",
                    team.id,
                    team.parent.as_deref().unwrap_or_default()
                ),
            );
        }
        for &i in cycle {
            d = d.id(&ctx.teams[i].id);
        }
        out.push(d);
    }
}
