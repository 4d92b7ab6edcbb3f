//! What the JSON Schema cannot say about versions: a version 2 key in a
//! version 1 file (reported, with a fix that sets `version: 2`, and then
//! ignored, so the file keeps its version 1 findings), and the version 2
//! constraints between keys (`holder` with `holders`, `since` after
//! `until`, a date that is not in the calendar).

use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Fix, Loc, SCHEMA};
use crate::format::constraints::day_number;
use crate::format::{Holder, RoleField, RolesFile, TeamField};
use crate::yaml::Document;

/// Check `parsed` (read from `doc`, file `file`) and drop what its version
/// does not hold.
pub fn check(doc: &Document, file: FileId, parsed: &mut RolesFile, out: &mut Vec<Diagnostic>) {
    if parsed.version < 2 {
        gate(doc, file, parsed, out);
    } else {
        between_keys(doc, file, parsed, out);
    }
}

/// Report each version 2 key of a version 1 file and forget it.
fn gate(doc: &Document, file: FileId, parsed: &mut RolesFile, out: &mut Vec<Diagnostic>) {
    let version = doc.pointer_span("/version");
    let report = |out: &mut Vec<Diagnostic>, pointer: &str, what: &str| {
        let fix = Fix {
            applicability: Applicability::Safe,
            message: "set `version: 2`".to_owned(),
            edits: vec![Edit {
                file,
                span: version,
                content: "2".to_owned(),
            }],
        };
        out.push(
            Diagnostic::new(
                SCHEMA,
                format!("{what} needs `version: 2`; this file is version 1, so it is ignored"),
                Loc::new(file, doc.key_span(pointer)),
            )
            .label(Loc::new(file, version), "the file's version")
            .help("set `version: 2` at the top of the file (every file of the organisation declares the same version)")
            .fix(fix),
        );
    };
    if let Some(org) = parsed.org.as_mut()
        && org.kind.take().is_some()
    {
        report(out, "/org/kind", "`kind`");
    }
    if doc.pointer("/teams").is_some() {
        parsed.teams.clear();
        report(out, "/teams", "`teams`");
    }
    for role in &mut parsed.roles {
        // Pointers are written only for the keys found.
        let index = role.origin.index;
        let at = |field: RoleField| format!("/roles/{index}/{}", field.key());
        if let Some(more) = role.more.take() {
            if more.holders.is_some() {
                report(out, &at(RoleField::Holders), "`holders`");
            }
            if more.former_holders.is_some() {
                report(out, &at(RoleField::FormerHolders), "`former_holders`");
            }
            if more.dotted_line_to.is_some() {
                report(out, &at(RoleField::DottedLineTo), "`dotted_line_to`");
            }
            if more.charter.is_some() {
                report(out, &at(RoleField::Charter), "`charter`");
            }
        }
        // A holding with details keeps only its person.
        if let Some(Holder::Holding(h)) = &role.holder {
            let person = h.person.clone();
            let holder = role.field_pointer(RoleField::Holder, "");
            role.holder = Some(Holder::Person(person));
            report(
                out,
                &holder,
                "a holding with details (`person:` and its dates)",
            );
        }
    }
}

/// The version 2 constraints between keys.
fn between_keys(doc: &Document, file: FileId, parsed: &RolesFile, out: &mut Vec<Diagnostic>) {
    team_sizes(doc, file, parsed, out);
    for role in &parsed.roles {
        if role.holder.is_some() && role.holders_list().is_some() {
            let pointer = role.field_pointer(RoleField::Holders, "");
            out.push(
                Diagnostic::new(
                    SCHEMA,
                    format!("role `{}` has both `holder` and `holders`", role.id),
                    Loc::new(file, doc.key_span(&pointer)),
                )
                .label(
                    Loc::new(file, doc.key_span(&role.field_pointer(RoleField::Holder, ""))),
                    "`holder` is here",
                )
                .help("keep one: `holder` for one person, `holders` for several who hold the role together")
                .id(&role.id),
            );
        }
        // Pointers are written only for roles with dated holdings.
        if !role.holders().chain(role.former()).any(|h| {
            h.details()
                .is_some_and(|d| d.since.is_some() || d.until.is_some())
        }) {
            continue;
        }
        for (holding, pointer) in role.holdings().chain(role.former_holdings()) {
            let Some(h) = holding.details() else {
                continue;
            };
            for (key, date) in [("since", &h.since), ("until", &h.until)] {
                if let Some(d) = date.as_deref()
                    && day_number(d).is_none()
                {
                    out.push(
                        Diagnostic::new(
                            SCHEMA,
                            format!("`{d}` is not a date in the calendar"),
                            Loc::new(file, doc.pointer_span(&format!("{pointer}/{key}"))),
                        )
                        .help("write a day that exists, as YYYY-MM-DD")
                        .id(&role.id),
                    );
                }
            }
            let day = |d: &Option<String>| d.as_deref().and_then(day_number);
            if let (Some(since), Some(until)) = (day(&h.since), day(&h.until))
                && since > until
            {
                out.push(
                    Diagnostic::new(
                        SCHEMA,
                        format!(
                            "the holding of `{}` ends (`until: {}`) before it starts (`since: {}`)",
                            h.person,
                            h.until.as_deref().unwrap_or_default(),
                            h.since.as_deref().unwrap_or_default()
                        ),
                        Loc::new(file, doc.pointer_span(&format!("{pointer}/until"))),
                    )
                    .label(
                        Loc::new(file, doc.pointer_span(&format!("{pointer}/since"))),
                        "it starts here",
                    )
                    .help("swap the dates, or fix the one that is wrong")
                    .id(&role.id),
                );
            }
        }
    }
}

/// A team's `size` counts the people in the team itself, less the lead's
/// holders: it cannot be smaller than the listed members who do not hold
/// the lead role. Checked when the lead role is in the same file (a
/// fragment's team led from elsewhere is not guessed at).
fn team_sizes(doc: &Document, file: FileId, parsed: &RolesFile, out: &mut Vec<Diagnostic>) {
    for team in &parsed.teams {
        let Some(size) = team.size else {
            continue;
        };
        let lead = team
            .lead
            .as_deref()
            .map(|l| parsed.roles.iter().find(|r| r.id == l));
        let Some(lead_holders) = (match lead {
            None => Some(Vec::new()),
            Some(Some(role)) => Some(role.holders().map(Holder::person).collect::<Vec<_>>()),
            Some(None) => None,
        }) else {
            continue;
        };
        let listed = team.members().filter(|m| !lead_holders.contains(m)).count() as u64;
        if listed > size {
            out.push(
                Diagnostic::new(
                    SCHEMA,
                    format!(
                        "team `{}` has `size: {size}` but lists {listed} members besides its lead",
                        team.id
                    ),
                    Loc::new(
                        file,
                        doc.pointer_span(&team.field_pointer(TeamField::Size, "")),
                    ),
                )
                .label(
                    Loc::new(
                        file,
                        doc.key_span(&team.field_pointer(TeamField::Members, "")),
                    ),
                    "the members",
                )
                .help(format!(
                    "set `size` to at least {listed}, or remove it when every member is listed"
                ))
                .id(&team.id),
            );
        }
    }
}
