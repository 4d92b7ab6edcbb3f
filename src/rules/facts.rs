//! Facts the rules derive from version 2 teams and holdings: a role's
//! span and reach, who belongs, and who the current people are.

use super::Context;
use crate::format::{Holder, Team};
use foldhash::{HashSet, HashSetExt as _};

impl<'a> Context<'a> {
    /// The team with this id.
    #[must_use]
    pub fn team(&self, id: &str) -> Option<&'a Team> {
        self.team_index.get(id).map(|&i| self.teams[i])
    }

    /// The teams the role at `index` leads.
    pub fn teams_led(&self, index: usize) -> impl Iterator<Item = &'a Team> + '_ {
        self.teams_led.of(index).iter().map(|&t| self.teams[t])
    }

    /// The people who fill the role at `index` today.
    pub fn filling(&self, index: usize) -> impl Iterator<Item = &'a str> + '_ {
        self.roles[index].filled_by(self.today).map(Holder::person)
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

    /// For each person of `people` (by the position of the first with
    /// their id), whether they belong: fill a role today, hold a role that
    /// leads a team, are a member of a team, or are recorded as a former
    /// holder or former member. Empty without `people`.
    #[must_use]
    pub fn belonging(&self) -> Vec<bool> {
        let Some(people) = self.people.as_ref() else {
            return Vec::new();
        };
        let mut out = vec![false; people.len()];
        let mut mark = |id: &str| {
            if let Some(&i) = self.person_index.get(id) {
                out[i] = true;
            }
        };
        for (i, role) in self.roles.iter().enumerate() {
            self.filling(i).for_each(&mut mark);
            if self.teams_led(i).next().is_some() {
                role.holders().map(Holder::person).for_each(&mut mark);
            }
            role.former().map(Holder::person).for_each(&mut mark);
        }
        for team in &self.teams {
            team.members().for_each(&mut mark);
            team.former_members().for_each(&mut mark);
        }
        out
    }

    /// The position in `teams` of the first team with this id.
    #[must_use]
    pub fn team_position(&self, id: &str) -> Option<usize> {
        self.team_index.get(id).copied()
    }

    /// The position in `areas` of the first declared area with this id.
    #[must_use]
    pub fn area_position(&self, id: &str) -> Option<usize> {
        self.area_index.get(id).copied()
    }

    /// The position in `people` of the first person with this id.
    #[must_use]
    pub fn person_position(&self, id: &str) -> Option<usize> {
        self.person_index.get(id).copied()
    }

    /// How many current people the file names: everyone in `people`, as a
    /// holder or as a team member, except those named only as former
    /// holders or former members.
    #[must_use]
    pub fn current_people(&self) -> usize {
        let n = self.people.as_ref().map_or(0, Vec::len);
        let (mut current, mut former) = (vec![false; n], vec![false; n]);
        // Ids that are not in `people` (all of them, without `people`).
        let mut others: HashSet<&str> = HashSet::new();
        let mut named = |id: &'a str| match self.person_index.get(id) {
            Some(&i) => current[i] = true,
            None => {
                others.insert(id);
            }
        };
        for role in &self.roles {
            role.holders().map(Holder::person).for_each(&mut named);
        }
        for team in &self.teams {
            team.members().for_each(&mut named);
        }
        let mut left = |id: &str| {
            if let Some(&i) = self.person_index.get(id) {
                former[i] = true;
            }
        };
        for role in &self.roles {
            role.former().map(Holder::person).for_each(&mut left);
        }
        for team in &self.teams {
            team.former_members().for_each(&mut left);
        }
        let listed = self
            .person_index
            .values()
            .filter(|&&i| current[i] || !former[i])
            .count();
        listed + others.len()
    }
}
