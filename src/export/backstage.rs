//! Exports to other tools: Backstage catalog entities.

use crate::Checked;
use crate::chart::Chart;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Annotation keys carried on exported entities.
pub const ANNOTATION_ROLES: &str = "rolelint.io/roles";
pub const ANNOTATION_TITLES: &str = "rolelint.io/titles";
pub const ANNOTATION_AREAS: &str = "rolelint.io/accountable-for";
pub const ANNOTATION_VACANT: &str = "rolelint.io/vacant-roles";
/// JSON: each role a person holds (or, on the organisation, each vacant
/// role) with its title, the role it reports to and its position in the
/// file, so that `import backstage` gives the organisation back.
pub const ANNOTATION_ROLE_DETAILS: &str = "rolelint.io/role-details";
/// On a team's Group: the team's id.
pub const ANNOTATION_TEAM: &str = "rolelint.io/team";
/// On a team's Group: how many of its `members` the file lists (the
/// others are the holders of its lead role).
pub const ANNOTATION_LISTED: &str = "rolelint.io/listed-members";
/// On the organisation's Group: `org.headcount`.
pub const ANNOTATION_HEADCOUNT: &str = "rolelint.io/headcount";

/// The details of roles, as [`ANNOTATION_ROLE_DETAILS`] carries them.
fn role_details(chart: &Chart, roles: &[usize], person: Option<&str>) -> String {
    let details: Vec<serde_json::Value> = roles
        .iter()
        .map(|&i| {
            let role = &chart.roles[i];
            let mut d = serde_json::json!({
                "id": role.id,
                "title": role.title,
                "index": i,
            });
            if let Some(to) = &role.reports_to {
                d["reports_to"] = serde_json::json!(to);
            }
            if !role.accountable_for.is_empty() {
                d["accountable_for"] = serde_json::json!(role.accountable_for);
            }
            if let Some(p) = person
                && role.interim_ids.iter().any(|h| h == p)
            {
                d["interim"] = serde_json::json!(true);
            }
            d
        })
        .collect();
    serde_json::to_string(&details).unwrap_or_default()
}

/// A Backstage entity name: `[a-zA-Z0-9]` runs joined by single `-`, `_`
/// or `.`, at most 63 characters.
#[must_use]
pub fn entity_name(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if matches!(c, '-' | '_' | '.') {
            if !out.is_empty() && !out.ends_with(['-', '_', '.']) {
                out.push(c);
            }
        } else if !out.is_empty() && !out.ends_with(['-', '_', '.']) {
            out.push('-');
        }
    }
    out.truncate(63);
    while out.ends_with(['-', '_', '.']) {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("unnamed");
    }
    out
}

/// Backstage entities as a multi-document YAML stream: a `Group` for the
/// organisation, a `Group` per role that has reports (its `parent` the
/// group of the role it reports to, its holder a member), and a `User` per
/// person, `memberOf` the groups of the roles they lead, or else of their
/// managers, with each person's roles, titles and accountable areas as
/// annotations. The catalog shows the reporting hierarchy.
#[must_use]
pub fn backstage(chart: &Chart, _checked: &Checked) -> String {
    let group = entity_name(&chart.name.to_lowercase());
    let mut held: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in chart.roles.iter().enumerate() {
        for h in &r.holder_ids {
            held.entry(h).or_default().push(i);
        }
    }
    let vacant: Vec<&str> = chart
        .roles
        .iter()
        .filter(|r| r.is_vacant())
        .map(|r| r.id.as_str())
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {}\n  title: {}",
        crate::escape::yaml_string(&group),
        crate::escape::yaml_string(&chart.name)
    );
    let _ = writeln!(
        out,
        "  description: {}",
        crate::escape::yaml_string(&format!(
            "Organisation exported by rolelint: {} roles",
            chart.roles.len()
        ))
    );
    let _ = writeln!(
        out,
        "  annotations:\n    {ANNOTATION_VACANT}: {}",
        crate::escape::yaml_string(&vacant.join(","))
    );
    let vacant_roles: Vec<usize> = (0..chart.roles.len())
        .filter(|&i| chart.roles[i].is_vacant())
        .collect();
    let _ = writeln!(
        out,
        "    {ANNOTATION_ROLE_DETAILS}: {}\n    {ANNOTATION_HEADCOUNT}: {}",
        crate::escape::yaml_string(&role_details(chart, &vacant_roles, None)),
        crate::escape::yaml_string(&chart.headcount.to_string())
    );
    // Groups: the roles that have reports.
    let index: BTreeMap<&str, usize> = chart
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut reports: Vec<Vec<usize>> = vec![Vec::new(); chart.roles.len()];
    for (i, r) in chart.roles.iter().enumerate() {
        if let Some(&m) = r.reports_to.as_deref().and_then(|m| index.get(m))
            && m != i
        {
            reports[m].push(i);
        }
    }
    let leads = |i: usize| !reports[i].is_empty();
    let group_of = |i: usize| entity_name(&format!("team-{}", chart.roles[i].id));
    // The group a role's team belongs to: its manager's, else the
    // organisation's.
    let parent_of = |i: usize| {
        chart.roles[i]
            .reports_to
            .as_deref()
            .and_then(|m| index.get(m))
            .filter(|&&m| m != i && leads(m))
            .map_or_else(|| group.clone(), |&m| group_of(m))
    };
    let teams = Teams::new(chart);
    let mut top: Vec<String> = (0..chart.roles.len())
        .filter(|&i| leads(i) && parent_of(i) == group)
        .map(group_of)
        .collect();
    top.extend(teams.top.iter().cloned());
    let list = |items: &[String]| {
        items
            .iter()
            .map(|s| crate::escape::yaml_string(s))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "spec:\n  type: organization\n  children: [{}]",
        list(&top)
    );
    for i in (0..chart.roles.len()).filter(|&i| leads(i)) {
        let role = &chart.roles[i];
        let children: Vec<String> = reports[i]
            .iter()
            .filter(|&&c| leads(c))
            .map(|&c| group_of(c))
            .collect();
        let members: Vec<String> = role.holder_ids.iter().map(|h| entity_name(h)).collect();
        out.push_str("---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n");
        let _ = writeln!(out, "  name: {}", crate::escape::yaml_string(&group_of(i)));
        let _ = writeln!(
            out,
            "  title: {}",
            crate::escape::yaml_string(&format!("{} ({})", role.title, role.holder_shown()))
        );
        let _ = writeln!(
            out,
            "  annotations:\n    {ANNOTATION_ROLES}: {}",
            crate::escape::yaml_string(&role.id)
        );
        let _ = writeln!(
            out,
            "spec:\n  type: team\n  parent: {}\n  children: [{}]\n  members: [{}]",
            crate::escape::yaml_string(&parent_of(i)),
            list(&children),
            list(&members)
        );
    }
    Teams::write(&mut out, chart, &group);
    let names: BTreeMap<&str, &crate::chart::ChartPerson> =
        chart.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut people: Vec<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
    // Holders and team members that `people` does not list are users too.
    let mut extra: std::collections::BTreeSet<&str> = held.keys().copied().collect();
    extra.extend(teams.member_of.keys().copied());
    for h in extra {
        if !names.contains_key(h) {
            people.push(h);
        }
    }
    for id in people {
        let roles = held.get(id).map_or(&[][..], Vec::as_slice);
        let role_ids: Vec<&str> = roles.iter().map(|&i| chart.roles[i].id.as_str()).collect();
        let titles: Vec<&str> = roles
            .iter()
            .map(|&i| chart.roles[i].title.as_str())
            .collect();
        let mut areas: Vec<&str> = roles
            .iter()
            .flat_map(|&i| chart.roles[i].accountable_for.iter().map(String::as_str))
            .collect();
        areas.sort_unstable();
        areas.dedup();
        out.push_str("---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n");
        let _ = writeln!(
            out,
            "  name: {}",
            crate::escape::yaml_string(&entity_name(id))
        );
        out.push_str("  annotations:\n");
        let _ = writeln!(
            out,
            "    {ANNOTATION_ROLES}: {}",
            crate::escape::yaml_string(&role_ids.join(","))
        );
        let _ = writeln!(
            out,
            "    {ANNOTATION_TITLES}: {}",
            crate::escape::yaml_string(&titles.join("; "))
        );
        let _ = writeln!(
            out,
            "    {ANNOTATION_AREAS}: {}",
            crate::escape::yaml_string(&areas.join(","))
        );
        let _ = writeln!(
            out,
            "    {ANNOTATION_ROLE_DETAILS}: {}",
            crate::escape::yaml_string(&role_details(chart, roles, Some(id)))
        );
        out.push_str("spec:\n  profile:\n");
        let person = names.get(id);
        let _ = writeln!(
            out,
            "    displayName: {}",
            crate::escape::yaml_string(person.map_or(id, |p| p.name.as_str()))
        );
        if let Some(email) = person.and_then(|p| p.email.as_deref()) {
            let _ = writeln!(out, "    email: {}", crate::escape::yaml_string(email));
        }
        // A lead belongs to the team they lead; anyone else to their
        // manager's team, or to the organisation.
        let mut member_of: Vec<String> = roles
            .iter()
            .map(|&i| if leads(i) { group_of(i) } else { parent_of(i) })
            .collect();
        member_of.extend(teams.member_of.get(id).into_iter().flatten().cloned());
        if member_of.is_empty() {
            member_of.push(group.clone());
        }
        member_of.sort();
        member_of.dedup();
        let _ = writeln!(out, "  memberOf: [{}]", list(&member_of));
    }
    out
}

/// Version 2 teams as Groups: `group-<id>`, under their parent team (else
/// the organisation), with their members and the holders of their lead
/// role as members.
struct Teams<'a> {
    /// For each person, the team groups they belong to.
    member_of: BTreeMap<&'a str, Vec<String>>,
    /// The team groups directly under the organisation.
    top: Vec<String>,
}

fn team_group(id: &str) -> String {
    entity_name(&format!("group-{id}"))
}

impl<'a> Teams<'a> {
    fn new(chart: &'a Chart) -> Self {
        let mut member_of: BTreeMap<&'a str, Vec<String>> = BTreeMap::new();
        for (team, people) in Self::people(chart) {
            for p in people {
                member_of.entry(p).or_default().push(team_group(&team.id));
            }
        }
        // A lead of many teams is in each once (sorted: the users' lists are).
        for groups in member_of.values_mut() {
            groups.sort_unstable();
            groups.dedup();
        }
        let ids: std::collections::HashSet<&str> =
            chart.teams.iter().map(|t| t.id.as_str()).collect();
        let mut top: Vec<String> = chart
            .teams
            .iter()
            .filter(|t| {
                t.parent
                    .as_deref()
                    .is_none_or(|p| !ids.contains(p) || p == t.id)
            })
            .map(|t| team_group(&t.id))
            .collect();
        top.dedup();
        Self { member_of, top }
    }

    /// Each team with its people: its members, then its lead's holders.
    fn people(chart: &'a Chart) -> impl Iterator<Item = (&'a crate::format::Team, Vec<&'a str>)> {
        let roles: std::collections::HashMap<&str, &crate::chart::ChartRole> =
            chart.roles.iter().map(|r| (r.id.as_str(), r)).collect();
        chart.teams.iter().map(move |t| {
            let mut people: Vec<&str> = t.members().collect();
            if let Some(lead) = t.lead.as_deref().and_then(|l| roles.get(l)) {
                for h in &lead.holder_ids {
                    if !people.contains(&h.as_str()) {
                        people.push(h);
                    }
                }
            }
            (t, people)
        })
    }

    fn write(out: &mut String, chart: &'a Chart, org: &str) {
        let ids: std::collections::HashSet<&str> =
            chart.teams.iter().map(|t| t.id.as_str()).collect();
        let mut seen = std::collections::HashSet::new();
        // Each team's sub-teams, in file order.
        let mut children: std::collections::HashMap<&str, Vec<&str>> =
            std::collections::HashMap::new();
        for c in &chart.teams {
            if let Some(p) = c.parent.as_deref().filter(|p| *p != c.id) {
                children.entry(p).or_default().push(&c.id);
            }
        }
        for (team, people) in Self::people(chart) {
            if !seen.insert(team.id.as_str()) {
                continue;
            }
            let parent = team
                .parent
                .as_deref()
                .filter(|p| ids.contains(p) && *p != team.id)
                .map_or_else(|| org.to_owned(), team_group);
            let children: Vec<String> = children
                .get(team.id.as_str())
                .into_iter()
                .flatten()
                .map(|c| team_group(c))
                .collect();
            let list = |items: Vec<String>| {
                items
                    .iter()
                    .map(|s| crate::escape::yaml_string(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push_str("---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n");
            let _ = writeln!(
                out,
                "  name: {}",
                crate::escape::yaml_string(&team_group(&team.id))
            );
            let _ = writeln!(out, "  title: {}", crate::escape::yaml_string(&team.name));
            let _ = writeln!(
                out,
                "  annotations:\n    {ANNOTATION_TEAM}: {}\n    {ANNOTATION_LISTED}: \"{}\"",
                crate::escape::yaml_string(&team.id),
                team.members().count()
            );
            if let Some(lead) = &team.lead {
                let _ = writeln!(
                    out,
                    "    {ANNOTATION_ROLES}: {}",
                    crate::escape::yaml_string(lead)
                );
            }
            let _ = writeln!(
                out,
                "spec:\n  type: team\n  parent: {}\n  children: [{}]\n  members: [{}]",
                crate::escape::yaml_string(&parent),
                list(children),
                list(people.iter().map(|p| entity_name(p)).collect())
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_names() {
        assert_eq!(entity_name("vp-eng"), "vp-eng");
        assert_eq!(entity_name("a--b."), "a-b");
        assert_eq!(entity_name("Northwind Labs"), "Northwind-Labs");
        assert_eq!(entity_name("..."), "unnamed");
        assert_eq!(entity_name(&"x".repeat(80)).len(), 63);
    }
}
