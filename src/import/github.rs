//! `import github-teams`: a snapshot of an organisation's teams, written by
//! `gh api` (the README gives the commands); rolelint never goes to the
//! network.
//!
//! The snapshot is `{"org": NAME, "teams": [TEAM, ...]}`, each team with
//! `slug`, `name`, `parent` (a slug, or GitHub's parent object), and
//! `members` and `maintainers` (logins, or GitHub's user objects). Teams
//! become teams, members people (named and `github` set by login), and a
//! team's maintainers hold its lead role, reporting to the lead role of
//! the parent team.

use super::{Ids, ImportError, Organisation, Person, Role, Team};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// A login from a string or a user object.
fn login(v: &Value) -> Option<&str> {
    v.as_str()
        .or_else(|| v.get("login").and_then(Value::as_str))
}

fn logins<'a>(team: &'a Value, key: &str, slug: &str) -> Result<Vec<&'a str>, ImportError> {
    match team.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                login(i).ok_or_else(|| {
                    ImportError::whole(format!("team `{slug}`: an entry of `{key}` is not a login"))
                })
            })
            .collect(),
        Some(_) => Err(ImportError::whole(format!(
            "team `{slug}`: `{key}` is not a list"
        ))),
    }
}

/// Read a snapshot.
pub fn import(bytes: &[u8], source_name: &str) -> Result<Organisation, ImportError> {
    let snapshot: Value = serde_json::from_slice(bytes)
        .map_err(|e| ImportError::at(e.line(), format!("the snapshot is not JSON: {e}")))?;
    let Some(list) = snapshot.get("teams").and_then(Value::as_array) else {
        return Err(ImportError::whole(
            "the snapshot has no `teams` list; write it with the commands in the README",
        ));
    };
    let org = text(&snapshot, "org")
        .unwrap_or("Our organisation")
        .to_owned();
    let mut slugs: BTreeMap<&str, &Value> = BTreeMap::new();
    for team in list {
        let Some(slug) = text(team, "slug") else {
            return Err(ImportError::whole("a team of the snapshot has no `slug`"));
        };
        if slugs.insert(slug, team).is_some() {
            return Err(ImportError::whole(format!(
                "the team `{slug}` is listed twice"
            )));
        }
    }
    let parent_of = |team: &Value| -> Option<String> {
        match team.get("parent") {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Object(o)) => o.get("slug").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        }
    };
    for (slug, team) in &slugs {
        if let Some(parent) = parent_of(team)
            && !slugs.contains_key(parent.as_str())
        {
            return Err(ImportError::whole(format!(
                "the parent `{parent}` of team `{slug}` is not in the snapshot"
            )));
        }
    }
    // A cycle of parents.
    for start in slugs.keys() {
        let mut at = Some((*start).to_owned());
        let mut steps = 0;
        while let Some(slug) = at {
            steps += 1;
            if steps > slugs.len() {
                return Err(ImportError::whole(format!(
                    "the parents of team `{start}` form a cycle"
                )));
            }
            at = slugs.get(slug.as_str()).and_then(|t| parent_of(t));
        }
    }
    let mut person_ids = Ids::default();
    let mut people: Vec<Person> = Vec::new();
    let mut person_of: HashMap<String, String> = HashMap::new();
    let mut person = |login: &str, people: &mut Vec<Person>| -> String {
        let key = login.to_lowercase();
        if let Some(id) = person_of.get(&key) {
            return id.clone();
        }
        let id = person_ids.make(login, "person");
        people.push(Person {
            id: id.clone(),
            name: login.to_owned(),
            email: None,
            github: Some(login.to_owned()),
        });
        person_of.insert(key, id.clone());
        id
    };
    let mut team_ids = Ids::default();
    let team_id: HashMap<&str, String> = slugs
        .keys()
        .map(|slug| (*slug, team_ids.make(slug, "team")))
        .collect();
    let mut role_ids = Ids::default();
    let mut lead_of: HashMap<&str, String> = HashMap::new();
    let mut roles = Vec::new();
    let mut teams = Vec::new();
    let mut leaderless = 0;
    for (slug, team) in &slugs {
        let name = text(team, "name").unwrap_or(slug).to_owned();
        let maintainers = logins(team, "maintainers", slug)?;
        let members = logins(team, "members", slug)?;
        let holders: Vec<(String, bool)> = maintainers
            .iter()
            .map(|m| (person(m, &mut people), false))
            .collect();
        let lead = if holders.is_empty() {
            leaderless += 1;
            None
        } else {
            let id = role_ids.make(&format!("{name} lead"), "lead");
            roles.push((
                *slug,
                Role {
                    id: id.clone(),
                    title: format!("Lead, {name}"),
                    holders,
                    reports_to: None,
                    accountable_for: Vec::new(),
                },
            ));
            lead_of.insert(slug, id.clone());
            Some(id)
        };
        let maintainer_ids: Vec<String> =
            maintainers.iter().map(|m| person(m, &mut people)).collect();
        let mut member_ids: Vec<String> = Vec::new();
        for m in members {
            let id = person(m, &mut people);
            if !maintainer_ids.contains(&id) && !member_ids.contains(&id) {
                member_ids.push(id);
            }
        }
        teams.push(Team {
            id: team_id[slug].clone(),
            name,
            lead,
            parent: parent_of(team).map(|p| team_id[p.as_str()].clone()),
            members: member_ids,
        });
    }
    // A lead role reports to the nearest ancestor team's lead role.
    let roles: Vec<Role> = roles
        .into_iter()
        .map(|(slug, mut role)| {
            let mut at = slugs.get(slug).and_then(|t| parent_of(t));
            while let Some(parent) = at {
                if let Some(lead) = lead_of.get(parent.as_str()) {
                    role.reports_to = Some(lead.clone());
                    break;
                }
                at = slugs.get(parent.as_str()).and_then(|t| parent_of(t));
            }
            role
        })
        .collect();
    let mut notes = Vec::new();
    if leaderless > 0 {
        notes.push(if leaderless == 1 {
            "1 team has no maintainer: it has no lead role".to_owned()
        } else {
            format!("{leaderless} teams have no maintainer: they have no lead role")
        });
    }
    notes.push("people are named by their GitHub login: give them their names".to_owned());
    Ok(Organisation {
        source: format!(
            "Imported by `rolelint import github-teams` from {source_name} (GitHub organisation {org}, {} teams).",
            slugs.len()
        ),
        name: org,
        headcount: people.len() as u64,
        people,
        roles,
        teams,
        notes,
    })
}
