//! `import csv`: an HR system's export, one row per person with a manager
//! column, read with the `csv` crate.
//!
//! - Columns are found by common header names, case and punctuation
//!   ignored (`Employee ID`, `Job Title`, `Manager Email [Required]`), or
//!   named with `--column FIELD=HEADER`; `First Name` and `Last Name` make
//!   the name when there is no name column.
//! - A manager is matched against each row's id, then its email, then its
//!   exact name; the first that matches one row wins.
//! - Everyone who manages someone becomes a role (their title, held by
//!   them, reporting to their manager's role); everyone becomes a person;
//!   the people a manager manages who manage nobody are the members of the
//!   manager's team, named after their team column where there is one. A
//!   title marked acting or interim becomes an interim holding.

use super::{Ids, ImportError, Organisation, Person, Role, Team, interim_title};
use std::collections::HashMap;

/// The fields a column can give.
pub const FIELDS: [&str; 9] = [
    "id",
    "name",
    "first-name",
    "last-name",
    "title",
    "manager",
    "team",
    "email",
    "github",
];

/// Header names each field is found by (compared once normalised: lower
/// case, words of letters and digits).
fn known_headers(field: &str) -> &'static [&'static str] {
    match field {
        "id" => &[
            "employee id",
            "employee number",
            "employee",
            "id",
            "worker id",
            "person id",
            "user id",
            "personnel number",
        ],
        "name" => &[
            "name",
            "full name",
            "display name",
            "employee name",
            "preferred name",
            "worker",
            "legal name",
        ],
        "first-name" => &["first name", "given name", "preferred first name"],
        "last-name" => &["last name", "family name", "surname"],
        "title" => &[
            "title",
            "job title",
            "position",
            "business title",
            "employee title",
            "job profile",
            "role",
        ],
        "manager" => &[
            "manager",
            "manager id",
            "manager email",
            "manager name",
            "reports to",
            "reporting to",
            "supervisor",
            "supervisor email",
            "supervisor id",
            "supervisor name",
            "line manager",
            "manager employee id",
        ],
        "team" => &[
            "team",
            "department",
            "division",
            "org unit path",
            "supervisory organization",
            "organization",
            "subteam",
            "sub department",
        ],
        "email" => &[
            "email",
            "work email",
            "email address",
            "primary email",
            "business email",
            "work email address",
            "email primary work",
        ],
        "github" => &["github", "github login", "github handle", "github username"],
        _ => &[],
    }
}

fn normalise(header: &str) -> String {
    let header = header.to_lowercase().replace("[required]", "");
    header
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Options of `import csv`.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// `--column FIELD=HEADER`.
    pub columns: Vec<(String, String)>,
    pub org_name: Option<String>,
    /// How the source is named in the header comment.
    pub source_name: String,
}

struct Row {
    line: usize,
    id: String,
    name: String,
    title: String,
    manager: String,
    team: String,
    email: String,
    github: String,
}

/// The 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &bytes[..offset.min(bytes.len())]).count() + 1
}

/// Read an export.
pub fn import(bytes: &[u8], options: &Options) -> Result<Organisation, ImportError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = line_of(bytes, e.valid_up_to());
        return Err(ImportError::at(
            line,
            "the file is not UTF-8 (an export in Latin-1 or Windows-1252?): save it as UTF-8 and import again",
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::whole("the file is empty"));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(false)
        .trim(::csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| ImportError::at(1, format!("cannot read the header row: {e}")))?
        .clone();
    let mut notes = Vec::new();
    let mut column: HashMap<&str, usize> = HashMap::new();
    for (field, header) in &options.columns {
        let Some(field) = FIELDS.iter().find(|f| **f == field.as_str()) else {
            return Err(ImportError::whole(format!(
                "`--column {field}={header}`: unknown field `{field}`; fields: {}",
                FIELDS.join(", ")
            )));
        };
        let Some(i) = headers
            .iter()
            .position(|h| h == header || normalise(h) == normalise(header))
        else {
            return Err(ImportError::at(
                1,
                format!(
                    "`--column {field}={header}`: no column `{header}`; columns: {}",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        };
        column.insert(field, i);
    }
    let normalised: Vec<String> = headers.iter().map(normalise).collect();
    for field in FIELDS {
        if column.contains_key(field) {
            continue;
        }
        let taken: Vec<usize> = column.values().copied().collect();
        if let Some(i) = known_headers(field).iter().find_map(|k| {
            normalised
                .iter()
                .enumerate()
                .find(|(i, h)| h.as_str() == *k && !taken.contains(i))
                .map(|(i, _)| i)
        }) {
            column.insert(field, i);
        }
    }
    let has_name = column.contains_key("name")
        || (column.contains_key("first-name") && column.contains_key("last-name"));
    if !has_name {
        return Err(ImportError::at(
            1,
            format!(
                "no name column (looked for {}, or first and last name); name it with `--column name=HEADER`",
                known_headers("name").join(", ")
            ),
        ));
    }
    if !column.contains_key("manager") {
        return Err(ImportError::at(
            1,
            format!(
                "no manager column (looked for {}); name it with `--column manager=HEADER`",
                known_headers("manager").join(", ")
            ),
        ));
    }
    for (i, h) in headers.iter().enumerate() {
        if !column.values().any(|&c| c == i) {
            notes.push(format!("column `{h}` not used"));
        }
    }
    let cell = |record: &::csv::StringRecord, field: &str| -> String {
        column
            .get(field)
            .and_then(|&i| record.get(i))
            .unwrap_or_default()
            .to_owned()
    };
    let mut rows: Vec<Row> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            match e.kind() {
                ::csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => ImportError::at(
                    line,
                    format!("this row has {len} fields; the header has {expected_len}"),
                ),
                _ => ImportError::at(line, format!("cannot read this row: {e}")),
            }
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let mut name = cell(&record, "name");
        if name.is_empty() {
            let joined = format!(
                "{} {}",
                cell(&record, "first-name"),
                cell(&record, "last-name")
            );
            joined.trim().clone_into(&mut name);
        }
        if name.is_empty() {
            return Err(ImportError::at(line, "this row has no name"));
        }
        let email = cell(&record, "email");
        let mut id = cell(&record, "id");
        if id.is_empty() {
            id.clone_from(&email);
        }
        rows.push(Row {
            line,
            id,
            name,
            title: cell(&record, "title"),
            manager: cell(&record, "manager"),
            team: cell(&record, "team"),
            email,
            github: cell(&record, "github"),
        });
    }
    if rows.is_empty() {
        return Err(ImportError::at(1, "the file has a header and no rows"));
    }
    build(&rows, options, notes)
}

fn build(
    rows: &[Row],
    options: &Options,
    mut notes: Vec<String>,
) -> Result<Organisation, ImportError> {
    // Keys a manager cell may name: id, then email, then exact name.
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if !r.id.is_empty()
            && let Some(&first) = by_id.get(r.id.as_str())
        {
            return Err(ImportError::at(
                r.line,
                format!(
                    "the id `{}` is also the id of line {}",
                    r.id, rows[first].line
                ),
            ));
        }
        if !r.id.is_empty() {
            by_id.insert(&r.id, i);
        }
        if !r.email.is_empty() {
            by_email.entry(r.email.to_lowercase()).or_insert(i);
        }
        by_name.entry(&r.name).or_default().push(i);
    }
    let mut manager: Vec<Option<usize>> = Vec::with_capacity(rows.len());
    for r in rows {
        let m = r.manager.as_str();
        if m.is_empty() {
            manager.push(None);
            continue;
        }
        let found = by_id
            .get(m)
            .copied()
            .or_else(|| by_email.get(&m.to_lowercase()).copied())
            .or_else(|| match by_name.get(m).map(Vec::as_slice) {
                Some([one]) => Some(*one),
                _ => None,
            });
        match found {
            Some(i) if rows[i].line == r.line => {
                return Err(ImportError::at(
                    r.line,
                    format!("`{}` is their own manager", r.name),
                ));
            }
            Some(i) => manager.push(Some(i)),
            None if by_name.get(m).is_some_and(|v| v.len() > 1) => {
                return Err(ImportError::at(
                    r.line,
                    format!(
                        "the manager `{m}` names {} people; give managers by id or email",
                        by_name[m].len()
                    ),
                ));
            }
            None => {
                return Err(ImportError::at(
                    r.line,
                    format!(
                        "the manager `{m}` of `{}` matches no row's id, email or name",
                        r.name
                    ),
                ));
            }
        }
    }
    check_cycles(rows, &manager)?;
    let n = rows.len();
    let mut reports: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, m) in manager.iter().enumerate() {
        if let Some(m) = m {
            reports[*m].push(i);
        }
    }
    let mut ids = Ids::default();
    let person_ids: Vec<String> = rows.iter().map(|r| ids.make(&r.name, "person")).collect();
    let mut role_ids = Ids::default();
    let mut role_of: Vec<Option<String>> = vec![None; n];
    let mut untitled = 0;
    for i in (0..n).filter(|&i| !reports[i].is_empty()) {
        let title = interim_title(&rows[i].title).unwrap_or_else(|| rows[i].title.clone());
        if title.is_empty() {
            untitled += 1;
        }
        let base = if title.is_empty() {
            format!("{} role", rows[i].name)
        } else {
            title
        };
        role_of[i] = Some(role_ids.make(&base, "role"));
    }
    let mut roles = Vec::new();
    let mut interim = 0;
    for i in (0..n).filter(|&i| role_of[i].is_some()) {
        let marked = interim_title(&rows[i].title);
        let is_interim = marked.is_some();
        interim += usize::from(is_interim);
        let title = marked.unwrap_or_else(|| rows[i].title.clone());
        roles.push(Role {
            id: role_of[i].clone().unwrap_or_default(),
            title: if title.is_empty() {
                format!("Manager of {}'s team", rows[i].name)
            } else {
                title
            },
            holders: vec![(person_ids[i].clone(), is_interim)],
            reports_to: manager[i].and_then(|m| role_of[m].clone()),
            accountable_for: Vec::new(),
        });
    }
    // Teams: a manager's reports who manage nobody.
    let mut team_ids = Ids::default();
    let mut team_of: Vec<Option<String>> = vec![None; n];
    let mut teams = Vec::new();
    for i in (0..n).filter(|&i| role_of[i].is_some()) {
        let members: Vec<usize> = reports[i]
            .iter()
            .copied()
            .filter(|&r| reports[r].is_empty())
            .collect();
        if members.is_empty() {
            continue;
        }
        let name = most_common(members.iter().map(|&m| rows[m].team.as_str()))
            .map_or_else(|| format!("{}'s team", rows[i].name), str::to_owned);
        let id = team_ids.make(&name, "team");
        team_of[i] = Some(id.clone());
        teams.push((
            i,
            Team {
                id,
                name,
                lead: role_of[i].clone(),
                parent: None,
                members: members.iter().map(|&m| person_ids[m].clone()).collect(),
            },
        ));
    }
    // A team's parent: the team its lead's manager leads.
    let teams: Vec<Team> = teams
        .into_iter()
        .map(|(i, mut t)| {
            t.parent = manager[i].and_then(|m| team_of[m].clone());
            t
        })
        .collect();
    let roots = (0..n)
        .filter(|&i| manager[i].is_none() && !reports[i].is_empty())
        .count();
    let alone = (0..n)
        .filter(|&i| manager[i].is_none() && reports[i].is_empty())
        .count();
    if roots > 1 {
        notes.push(format!(
            "{roots} managers have no manager: each heads a reporting line of its own"
        ));
    }
    if alone > 0 {
        notes.push(format!(
            "{alone} people have no manager and manage nobody: they are listed as people only"
        ));
    }
    if interim > 0 {
        notes.push(if interim == 1 {
            "1 acting or interim title became an interim holding".to_owned()
        } else {
            format!("{interim} acting or interim titles became interim holdings")
        });
    }
    if untitled > 0 {
        notes.push(format!(
            "{untitled} managers have no title: their roles are named after them"
        ));
    }
    let people = rows
        .iter()
        .zip(&person_ids)
        .map(|(r, id)| Person {
            id: id.clone(),
            name: r.name.clone(),
            email: (!r.email.is_empty()).then(|| r.email.clone()),
            github: (!r.github.is_empty()).then(|| r.github.clone()),
        })
        .collect();
    Ok(Organisation {
        source: format!(
            "Imported by `rolelint import csv` from {} ({n} rows).",
            options.source_name
        ),
        name: options
            .org_name
            .clone()
            .unwrap_or_else(|| "Our organisation".to_owned()),
        headcount: n as u64,
        people,
        roles,
        teams,
        notes,
    })
}

/// The most common non-empty value, the first seen on a tie.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in values.filter(|v| !v.is_empty()) {
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, c)) => *c += 1,
            None => counts.push((v, 1)),
        }
    }
    let best = counts.iter().map(|(_, c)| *c).max()?;
    counts.into_iter().find(|(_, c)| *c == best).map(|(k, _)| k)
}

/// A chain of managers that comes back to where it started.
fn check_cycles(rows: &[Row], manager: &[Option<usize>]) -> Result<(), ImportError> {
    // 0: not seen, 1: on the current chain, 2: leads to a root.
    let mut state = vec![0u8; rows.len()];
    for start in 0..rows.len() {
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let from = chain.iter().position(|&c| c == i).unwrap_or(0);
                    let lines: Vec<String> = chain[from..]
                        .iter()
                        .map(|&c: &usize| format!("{} (line {})", rows[c].name, rows[c].line))
                        .collect();
                    return Err(ImportError::at(
                        rows[i].line,
                        format!(
                            "managers form a cycle: {} → {}",
                            lines.join(" → "),
                            rows[i].name
                        ),
                    ));
                }
                _ => {
                    state[i] = 1;
                    chain.push(i);
                    at = manager[i];
                }
            }
        }
        for c in chain {
            state[c] = 2;
        }
    }
    Ok(())
}
