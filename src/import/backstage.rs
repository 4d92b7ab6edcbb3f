//! `import backstage`: a Backstage catalog's `Group` and `User` entities.
//!
//! - `User` entities become people (`spec.profile.displayName`, `email`);
//!   `Group` entities become teams (`spec.profile.displayName` or
//!   `metadata.title`, `spec.parent`, `spec.members` and the users'
//!   `spec.memberOf`). The `Group` of type `organization` at the top names
//!   the organisation.
//! - Entity references are resolved as Backstage does: `[kind:][namespace/]name`,
//!   the kind defaulting to the field's (`group` for a parent, `user` for a
//!   member), the namespace to the referring entity's, compared without
//!   regard to case.
//! - A catalog written by `rolelint export backstage` carries its roles in
//!   annotations (`rolelint.io/role-details`), and imports back to the same
//!   people, roles, holders, reporting lines and teams. Another catalog has
//!   no roles: a `Group` with a `rolelint.io/lead` annotation (a user
//!   reference) gets a lead role held by that user, reporting to the lead
//!   role of its nearest parent that has one.

use super::{Ids, ImportError, Organisation, Person, Role, Team};
use crate::export::backstage::{
    ANNOTATION_HEADCOUNT, ANNOTATION_LISTED, ANNOTATION_ROLE_DETAILS, ANNOTATION_ROLES,
    ANNOTATION_TEAM,
};
use crate::source::Source;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The kinds of Backstage's catalog model; only `Group` and `User` are read.
const KINDS: [&str; 9] = [
    "Component",
    "API",
    "Group",
    "User",
    "Resource",
    "System",
    "Domain",
    "Location",
    "Template",
];

/// One input file: its name, for errors, and its bytes.
pub struct File<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

struct Entity {
    file: usize,
    line: usize,
    kind: String,
    namespace: String,
    name: String,
    value: Value,
}

impl Entity {
    fn key(&self) -> String {
        format!("{}:{}/{}", self.kind, self.namespace, self.name).to_lowercase()
    }

    fn annotation(&self, key: &str) -> Option<&str> {
        self.value["metadata"]["annotations"][key].as_str()
    }

    fn spec(&self, key: &str) -> &Value {
        &self.value["spec"][key]
    }
}

/// `[kind:][namespace/]name`, with defaults, as a lower-case key.
fn reference(raw: &str, kind: &str, namespace: &str) -> String {
    let (kind, rest) = match raw.split_once(':') {
        Some((k, rest)) => (k, rest),
        None => (kind, raw),
    };
    let (namespace, name) = match rest.split_once('/') {
        Some((n, name)) => (n, name),
        None => (namespace, rest),
    };
    format!("{kind}:{namespace}/{name}").to_lowercase()
}

/// The documents of a YAML stream, each with the line it starts on.
fn documents(text: &str) -> Vec<(usize, String)> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut start = 1;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        if bare == "---" || bare.starts_with("--- ") || bare == "..." {
            if !current.trim().is_empty() {
                docs.push((start, std::mem::take(&mut current)));
            }
            current.clear();
            start = i + 2;
            continue;
        }
        current.push_str(line);
    }
    if !current.trim().is_empty() {
        docs.push((start, current));
    }
    docs
}

fn read_entities(files: &[File<'_>]) -> Result<(Vec<Entity>, Vec<String>), ImportError> {
    let mut entities = Vec::new();
    let mut other: HashMap<String, usize> = HashMap::new();
    for (f, file) in files.iter().enumerate() {
        let at = |line: usize, message: String| {
            ImportError::whole(format!("{}:{line}: {message}", file.name))
        };
        let Ok(text) = std::str::from_utf8(file.bytes) else {
            return Err(ImportError::whole(format!("{}: not UTF-8", file.name)));
        };
        for (start, doc) in documents(text.strip_prefix('\u{feff}').unwrap_or(text)) {
            let source = Source::new(file.name, doc.as_str());
            let loaded = crate::yaml::load(&source, crate::diagnostic::FileId(0));
            if let Some(d) = loaded.syntax.first() {
                let line = start + source.position(d.primary.span.start).line - 1;
                return Err(at(line, d.message.clone()));
            }
            let Some(root) = loaded.doc.root() else {
                continue;
            };
            let value = loaded.doc.to_json(&source, root);
            let kind = value["kind"].as_str().unwrap_or_default().to_owned();
            let name = value["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            if value["apiVersion"].as_str().is_none() || kind.is_empty() || name.is_empty() {
                return Err(at(
                    start,
                    "not a catalog entity: it needs `apiVersion`, `kind` and `metadata.name`"
                        .to_owned(),
                ));
            }
            if !KINDS.contains(&kind.as_str()) {
                return Err(at(
                    start,
                    format!(
                        "`{kind}` is not a kind of Backstage's catalog ({})",
                        KINDS.join(", ")
                    ),
                ));
            }
            if kind != "Group" && kind != "User" {
                *other.entry(kind).or_default() += 1;
                continue;
            }
            let namespace = value["metadata"]["namespace"]
                .as_str()
                .unwrap_or("default")
                .to_owned();
            entities.push(Entity {
                file: f,
                line: start,
                kind,
                namespace,
                name,
                value,
            });
        }
    }
    let mut notes: Vec<String> = other
        .into_iter()
        .map(|(kind, n)| {
            format!(
                "{n} `{kind}` entit{} not used",
                if n == 1 { "y" } else { "ies" }
            )
        })
        .collect();
    notes.sort();
    Ok((entities, notes))
}

/// Read a catalog.
pub fn import(files: &[File<'_>], source_name: &str) -> Result<Organisation, ImportError> {
    let (entities, mut notes) = read_entities(files)?;
    let where_ = |e: &Entity| format!("{}:{}", files[e.file].name, e.line);
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, e) in entities.iter().enumerate() {
        if let Some(&first) = by_key.get(&e.key()) {
            return Err(ImportError::whole(format!(
                "{}: {} `{}` is also defined at {}",
                where_(e),
                e.kind,
                e.name,
                where_(&entities[first])
            )));
        }
        by_key.insert(e.key(), i);
    }
    let users: Vec<usize> = (0..entities.len())
        .filter(|&i| entities[i].kind == "User")
        .collect();
    let groups: Vec<usize> = (0..entities.len())
        .filter(|&i| entities[i].kind == "Group")
        .collect();
    // People.
    let mut person_ids = Ids::default();
    let mut person_of: HashMap<usize, String> = HashMap::new();
    let mut people = Vec::new();
    for &u in &users {
        let e = &entities[u];
        let id = person_ids.make(&e.name, "person");
        let profile = e.spec("profile");
        people.push(Person {
            id: id.clone(),
            name: profile["displayName"]
                .as_str()
                .unwrap_or(&e.name)
                .to_owned(),
            email: profile["email"].as_str().map(str::to_owned),
            github: None,
        });
        person_of.insert(u, id);
    }
    let user_ref =
        |raw: &str, e: &Entity| by_key.get(&reference(raw, "user", &e.namespace)).copied();
    let group_ref =
        |raw: &str, e: &Entity| by_key.get(&reference(raw, "group", &e.namespace)).copied();
    // Parents must exist.
    let mut parent: HashMap<usize, usize> = HashMap::new();
    for &g in &groups {
        let e = &entities[g];
        if let Some(p) = e.spec("parent").as_str() {
            match group_ref(p, e) {
                Some(found) if entities[found].kind == "Group" => {
                    parent.insert(g, found);
                }
                _ => {
                    return Err(ImportError::whole(format!(
                        "{}: the parent `{p}` of group `{}` is not in the catalog",
                        where_(e),
                        e.name
                    )));
                }
            }
        }
    }
    let is_org = |g: usize| {
        entities[g].spec("type").as_str() == Some("organization") && !parent.contains_key(&g)
    };
    let org_group = groups.iter().copied().find(|&g| is_org(g));
    // rolelint's own role groups carry roles, not teams.
    let from_rolelint = users
        .iter()
        .any(|&u| entities[u].annotation(ANNOTATION_ROLE_DETAILS).is_some());
    let is_role_group = |g: usize| {
        from_rolelint
            && entities[g].annotation(ANNOTATION_TEAM).is_none()
            && entities[g].annotation(ANNOTATION_ROLES).is_some()
    };
    let team_groups: Vec<usize> = groups
        .iter()
        .copied()
        .filter(|&g| !is_org(g) && !is_role_group(g))
        .collect();
    let mut team_ids = Ids::default();
    let team_of: HashMap<usize, String> = team_groups
        .iter()
        .map(|&g| {
            let e = &entities[g];
            let base = e.annotation(ANNOTATION_TEAM).unwrap_or(&e.name);
            let id = team_ids.make(base, "team");
            (g, id)
        })
        .collect();
    // Members: a group's `members` and the users' `memberOf`.
    let mut members: HashMap<usize, Vec<String>> = HashMap::new();
    let mut dangling = 0;
    for &g in &team_groups {
        let e = &entities[g];
        for m in e
            .spec("members")
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            match user_ref(m, e).and_then(|u| person_of.get(&u)) {
                Some(id) => members.entry(g).or_default().push(id.clone()),
                None => dangling += 1,
            }
        }
    }
    for &u in &users {
        let e = &entities[u];
        for m in e
            .spec("memberOf")
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            match group_ref(m, e) {
                Some(g) if team_of.contains_key(&g) => {
                    members.entry(g).or_default().push(person_of[&u].clone());
                }
                Some(_) => {}
                None => dangling += 1,
            }
        }
    }
    if dangling > 0 {
        notes.push(format!(
            "{dangling} memberships name entities not in the catalog: left out"
        ));
    }
    // Roles: rolelint's own details, else each group's lead annotation.
    let mut roles: Vec<(usize, Role)> = Vec::new();
    let mut lead_role: HashMap<usize, String> = HashMap::new();
    if from_rolelint {
        let mut details: Vec<(Option<usize>, Value)> = Vec::new();
        for &u in &users {
            if let Some(text) = entities[u].annotation(ANNOTATION_ROLE_DETAILS) {
                let list: Value = serde_json::from_str(text).map_err(|e| {
                    ImportError::whole(format!(
                        "{}: `{ANNOTATION_ROLE_DETAILS}` is not JSON: {e}",
                        where_(&entities[u])
                    ))
                })?;
                details.extend(
                    list.as_array()
                        .into_iter()
                        .flatten()
                        .map(|d| (Some(u), d.clone())),
                );
            }
        }
        if let Some(text) = org_group.and_then(|g| entities[g].annotation(ANNOTATION_ROLE_DETAILS))
        {
            let list: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            details.extend(
                list.as_array()
                    .into_iter()
                    .flatten()
                    .map(|d| (None, d.clone())),
            );
        }
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (holder, d) in details {
            let Some(id) = d["id"].as_str() else { continue };
            let slot = *by_id.entry(id.to_owned()).or_insert_with(|| {
                roles.push((
                    usize::try_from(d["index"].as_u64().unwrap_or(u64::MAX)).unwrap_or(usize::MAX),
                    Role {
                        id: id.to_owned(),
                        title: d["title"].as_str().unwrap_or(id).to_owned(),
                        holders: Vec::new(),
                        reports_to: d["reports_to"].as_str().map(str::to_owned),
                        accountable_for: d["accountable_for"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .filter(|a| crate::format::constraints::is_slug(a))
                            .map(str::to_owned)
                            .collect(),
                    },
                ));
                roles.len() - 1
            });
            if let Some(u) = holder {
                roles[slot].1.holders.push((
                    person_of[&u].clone(),
                    d["interim"].as_bool().unwrap_or(false),
                ));
            }
        }
        roles.sort_by_key(|(index, _)| *index);
    } else {
        let mut role_ids = Ids::default();
        for &g in &team_groups {
            let e = &entities[g];
            let Some(lead) = e.annotation("rolelint.io/lead") else {
                continue;
            };
            let Some(u) = user_ref(lead, e).filter(|u| person_of.contains_key(u)) else {
                return Err(ImportError::whole(format!(
                    "{}: the lead `{lead}` of group `{}` is not a user of the catalog",
                    where_(e),
                    e.name
                )));
            };
            let name = group_title(e);
            let id = role_ids.make(&format!("{name} lead"), "lead");
            lead_role.insert(g, id.clone());
            roles.push((
                g,
                Role {
                    id,
                    title: format!("Lead, {name}"),
                    holders: vec![(person_of[&u].clone(), false)],
                    reports_to: None,
                    accountable_for: Vec::new(),
                },
            ));
        }
        for (g, role) in &mut roles {
            let mut at = parent.get(g).copied();
            while let Some(p) = at {
                if let Some(lead) = lead_role.get(&p) {
                    role.reports_to = Some(lead.clone());
                    break;
                }
                at = parent.get(&p).copied();
            }
        }
        if roles.is_empty() {
            notes.push("the catalog has no roles: give groups a `rolelint.io/lead` annotation (a user) to make lead roles, or add roles to the file".to_owned());
        }
    }
    let role_list: Vec<Role> = roles.into_iter().map(|(_, r)| r).collect();
    let holders_of: HashMap<&str, HashSet<&str>> = role_list
        .iter()
        .map(|r| {
            (
                r.id.as_str(),
                r.holders.iter().map(|(p, _)| p.as_str()).collect(),
            )
        })
        .collect();
    let teams: Vec<Team> = team_groups
        .iter()
        .map(|&g| {
            let e = &entities[g];
            let lead = if from_rolelint {
                e.annotation(ANNOTATION_ROLES).map(str::to_owned)
            } else {
                lead_role.get(&g).cloned()
            };
            let lead_holders = lead.as_deref().and_then(|l| holders_of.get(l));
            let mut seen = HashSet::new();
            let mut list: Vec<String> = members
                .get(&g)
                .into_iter()
                .flatten()
                .filter(|m| seen.insert((*m).clone()))
                .cloned()
                .collect();
            // rolelint's export lists the lead's holders after the members
            // the file lists, and says how many those are.
            match e
                .annotation(ANNOTATION_LISTED)
                .and_then(|n| n.parse::<usize>().ok())
            {
                Some(listed) if from_rolelint => list.truncate(listed),
                _ if from_rolelint => {
                    list.retain(|m| !lead_holders.is_some_and(|h| h.contains(m.as_str())));
                }
                _ => {}
            }
            Team {
                id: team_of[&g].clone(),
                name: group_title(e),
                lead,
                parent: parent.get(&g).and_then(|p| team_of.get(p)).cloned(),
                members: list,
            }
        })
        .collect();
    let org_name = org_group.map_or_else(
        || "Our organisation".to_owned(),
        |g| group_title(&entities[g]),
    );
    let headcount = org_group
        .and_then(|g| entities[g].annotation(ANNOTATION_HEADCOUNT))
        .and_then(|h| h.parse().ok())
        .unwrap_or(people.len() as u64);
    Ok(Organisation {
        source: format!(
            "Imported by `rolelint import backstage` from {source_name} ({} users, {} groups).",
            users.len(),
            groups.len()
        ),
        name: org_name,
        headcount,
        people,
        roles: role_list,
        teams,
        notes,
    })
}

fn group_title(e: &Entity) -> String {
    e.spec("profile")["displayName"]
        .as_str()
        .or_else(|| e.value["metadata"]["title"].as_str())
        .unwrap_or(&e.name)
        .to_owned()
}
