//! Facts only custom rules read, computed once per check the first time
//! an expression asks for them: a role's depth and reach, a person's roles
//! and teams, a team's children, an area's owners.

use crate::format::Holder;
use crate::rules::{Adjacency, Context};
use std::sync::OnceLock;

#[derive(Default)]
pub struct Facts {
    leadership: OnceLock<Vec<bool>>,
    depth: OnceLock<Vec<i64>>,
    reach: OnceLock<Vec<u64>>,
    person_roles: OnceLock<Adjacency>,
    person_teams: OnceLock<Adjacency>,
    team_children: OnceLock<Adjacency>,
    area_roles: OnceLock<Adjacency>,
    area_teams: OnceLock<Adjacency>,
}

/// For each role, the role it reports to, when that role exists.
fn managers(ctx: &Context<'_>) -> Vec<Option<usize>> {
    ctx.roles
        .iter()
        .map(|r| r.reports_to.as_deref().and_then(|m| ctx.role_index(m)))
        .collect()
}

impl Facts {
    /// Whether each role is a leadership role.
    pub fn leadership(&self, ctx: &Context<'_>) -> &[bool] {
        self.leadership
            .get_or_init(|| (0..ctx.roles.len()).map(|i| ctx.is_leadership(i)).collect())
    }

    /// Levels below the top, from the roles that report to no one down;
    /// -1 for a role in or below a reporting cycle.
    pub fn depth(&self, ctx: &Context<'_>) -> &[i64] {
        self.depth.get_or_init(|| {
            let n = ctx.roles.len();
            let mut depth = vec![-1i64; n];
            let mut queue: Vec<usize> = managers(ctx)
                .iter()
                .enumerate()
                .filter(|(_, m)| m.is_none())
                .map(|(i, _)| i)
                .collect();
            for &i in &queue {
                depth[i] = 0;
            }
            let mut next = 0;
            while next < queue.len() {
                let i = queue[next];
                next += 1;
                for &r in ctx.direct_reports(i) {
                    if depth[r] < 0 {
                        depth[r] = depth[i] + 1;
                        queue.push(r);
                    }
                }
            }
            depth
        })
    }

    /// How many roles report to each, directly or indirectly. Counted
    /// leaves first, so a reporting cycle adds nothing to its members.
    pub fn reach(&self, ctx: &Context<'_>) -> &[u64] {
        self.reach.get_or_init(|| {
            let n = ctx.roles.len();
            let managers = managers(ctx);
            let mut pending: Vec<usize> = (0..n).map(|i| ctx.direct_reports(i).len()).collect();
            let mut reach = vec![0u64; n];
            let mut ready: Vec<usize> = (0..n).filter(|&i| pending[i] == 0).collect();
            while let Some(i) = ready.pop() {
                if let Some(m) = managers[i] {
                    reach[m] += reach[i] + 1;
                    pending[m] -= 1;
                    if pending[m] == 0 {
                        ready.push(m);
                    }
                }
            }
            reach
        })
    }

    /// For each person, the roles they fill today.
    pub fn person_roles(&self, ctx: &Context<'_>) -> &Adjacency {
        self.person_roles.get_or_init(|| {
            let n = ctx.people.as_ref().map_or(0, Vec::len);
            Adjacency::new(
                n,
                ctx.roles.iter().enumerate().flat_map(|(r, role)| {
                    let mut seen: Vec<usize> = Vec::new();
                    role.filled_by(ctx.today)
                        .map(Holder::person)
                        .filter_map(|p| ctx.person_position(p))
                        .filter(move |p| {
                            !seen.contains(p) && {
                                seen.push(*p);
                                true
                            }
                        })
                        .map(move |p| (p, r))
                        .collect::<Vec<_>>()
                }),
            )
        })
    }

    /// For each person, the teams they are a member of.
    pub fn person_teams(&self, ctx: &Context<'_>) -> &Adjacency {
        self.person_teams.get_or_init(|| {
            let n = ctx.people.as_ref().map_or(0, Vec::len);
            let mut pairs: Vec<(usize, usize)> = ctx
                .teams
                .iter()
                .enumerate()
                .flat_map(|(t, team)| {
                    team.members()
                        .filter_map(|p| ctx.person_position(p))
                        .map(move |p| (p, t))
                })
                .collect();
            pairs.sort_unstable();
            pairs.dedup();
            Adjacency::new(n, pairs.into_iter())
        })
    }

    /// For each team, the teams whose parent it is.
    pub fn team_children(&self, ctx: &Context<'_>) -> &Adjacency {
        self.team_children.get_or_init(|| {
            Adjacency::new(
                ctx.teams.len(),
                ctx.teams.iter().enumerate().filter_map(|(t, team)| {
                    let parent = ctx.team_position(team.parent.as_deref()?)?;
                    Some((parent, t))
                }),
            )
        })
    }

    /// For each declared area, the roles accountable for it.
    pub fn area_roles(&self, ctx: &Context<'_>) -> &Adjacency {
        self.area_roles.get_or_init(|| {
            let mut pairs: Vec<(usize, usize)> = ctx
                .roles
                .iter()
                .enumerate()
                .flat_map(|(r, role)| {
                    role.accountable_for
                        .iter()
                        .filter_map(|a| ctx.area_position(a))
                        .map(move |a| (a, r))
                })
                .collect();
            pairs.sort_unstable();
            pairs.dedup();
            Adjacency::new(ctx.areas.len(), pairs.into_iter())
        })
    }

    /// For each declared area, the teams accountable for it.
    pub fn area_teams(&self, ctx: &Context<'_>) -> &Adjacency {
        self.area_teams.get_or_init(|| {
            let mut pairs: Vec<(usize, usize)> = ctx
                .teams
                .iter()
                .enumerate()
                .flat_map(|(t, team)| {
                    team.accountable_for()
                        .iter()
                        .filter_map(|a| ctx.area_position(a))
                        .map(move |a| (a, t))
                })
                .collect();
            pairs.sort_unstable();
            pairs.dedup();
            Adjacency::new(ctx.areas.len(), pairs.into_iter())
        })
    }
}
