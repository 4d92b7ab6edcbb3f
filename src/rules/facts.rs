//! Facts the rules derive from version 2 teams and holdings: a role's
//! span and reach, who belongs, and who the current people are.

use super::Context;
use crate::format::Team;
use foldhash::{HashSet, HashSetExt as _};

impl<'a> Context<'a> {
    /// The team with this id.
    #[must_use]
    pub fn team(&self, id: &str) -> Option<&'a Team> {
        self.team_index.get(id).map(|&i| self.teams[i])
    }

    /// The teams the role at `index` leads.
    pub fn teams_led(&self, index: usize) -> impl Iterator<Item = &'a Team> + '_ {
        self.teams_led[index].iter().map(|&t| self.teams[t])
    }

    /// The people who fill the role at `index` today.
    pub fn filling(&self, index: usize) -> impl Iterator<Item = &'a str> + '_ {
        self.roles[index]
            .fillers(self.today)
            .map(|(h, _)| h.person())
    }

    /// The individual contributors of team `team` that count in the span
    /// of the role at `index`, which leads it: its `size` (else its listed
    /// members) less the listed members who fill that role or a role
    /// reporting to it. A team whose members do not report to the lead
    /// adds no one.
    #[must_use]
    pub fn contributors(&self, index: usize, team: &Team) -> u64 {
        if !team.members_report_to_lead(self.community) {
            return 0;
        }
        let reports: Vec<usize> = self.direct_reports(index).to_vec();
        let fills = |person: &str, role: usize| self.filling(role).any(|p| p == person);
        let lead = |person: &str| fills(person, index);
        let report = |person: &str| reports.iter().any(|&r| fills(person, r));
        match team.size {
            // `size` already leaves out the lead's holders.
            Some(size) => {
                let counted = team.members().filter(|m| report(m)).count() as u64;
                size.saturating_sub(counted)
            }
            None => team.members().filter(|m| !lead(m) && !report(m)).count() as u64,
        }
    }

    /// The span of the role at `index`: its direct reports plus the
    /// individual contributors of the teams it leads.
    #[must_use]
    pub fn span(&self, index: usize) -> u64 {
        let teams: u64 = self
            .teams_led(index)
            .map(|t| self.contributors(index, t))
            .sum();
        self.direct_reports(index).len() as u64 + teams
    }

    /// Whether the role at `index` reaches anyone: direct reports, dotted
    /// lines to it, or members of a team it leads.
    #[must_use]
    pub fn has_reach(&self, index: usize) -> bool {
        !self.direct_reports(index).is_empty()
            || !self.dotted_reports(index).is_empty()
            || self
                .teams_led(index)
                .any(|t| t.members().next().is_some() || t.size.is_some_and(|s| s > 0))
    }

    /// Everyone who belongs: fills a role today, holds a role that leads a
    /// team, is a member of a team, or is recorded as a former holder or
    /// former member.
    #[must_use]
    pub fn belonging(&self) -> HashSet<&'a str> {
        let mut out = HashSet::new();
        for (i, role) in self.roles.iter().enumerate() {
            out.extend(self.filling(i));
            if !self.teams_led[i].is_empty() {
                out.extend(role.holdings().map(|(h, _)| h.person()));
            }
            out.extend(role.former_holdings().map(|(h, _)| h.person()));
        }
        for team in &self.teams {
            out.extend(team.members());
            out.extend(team.former_members());
        }
        out
    }

    /// The current people: everyone the file names (in `people`, as a
    /// holder, as a team member) except those named only as former
    /// holders or former members.
    #[must_use]
    pub fn current_people(&self) -> HashSet<&'a str> {
        let mut current: HashSet<&'a str> = HashSet::new();
        for role in &self.roles {
            current.extend(role.holdings().map(|(h, _)| h.person()));
        }
        for team in &self.teams {
            current.extend(team.members());
        }
        let mut former: HashSet<&'a str> = HashSet::new();
        for role in &self.roles {
            former.extend(role.former_holdings().map(|(h, _)| h.person()));
        }
        for team in &self.teams {
            former.extend(team.former_members());
        }
        for person in self.people.iter().flatten() {
            if !former.contains(person.id.as_str()) {
                current.insert(&person.id);
            }
        }
        current
    }
}
