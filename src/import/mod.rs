//! Importers: a first version 2 roles file from the data an organisation
//! already keeps (an HR system's CSV export, GitHub teams). Each importer
//! reads bytes into an [`Organisation`]; [`Organisation::to_yaml`] writes
//! it. Nothing here reads files or the network: the binary does.

pub mod backstage;
pub mod csv;
pub mod github;

use crate::format::constraints::{is_email, is_github, is_slug};
use std::collections::HashMap;
use std::fmt::Write as _;

/// An import that cannot be made: where and why. Nothing is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The line of the input (1-based), when the error is at one.
    pub line: Option<usize>,
    pub message: String,
}

impl ImportError {
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            message: message.into(),
        }
    }

    pub fn whole(message: impl Into<String>) -> Self {
        Self {
            line: None,
            message: message.into(),
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub github: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct Role {
    pub id: String,
    pub title: String,
    /// Person id, and whether the holding is interim.
    pub holders: Vec<(String, bool)>,
    pub reports_to: Option<String>,
    pub accountable_for: Vec<String>,
}

#[derive(Debug, Default, Clone)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub lead: Option<String>,
    pub parent: Option<String>,
    pub members: Vec<String>,
}

/// What an importer read: an organisation, and what it had to guess or
/// could not map (the summary on standard error).
#[derive(Debug, Default, Clone)]
pub struct Organisation {
    /// The first line of the file: where it came from.
    pub source: String,
    pub name: String,
    pub headcount: u64,
    pub people: Vec<Person>,
    pub roles: Vec<Role>,
    pub teams: Vec<Team>,
    pub notes: Vec<String>,
}

/// Ids made from names: lower-case words joined by `-`, unique, the same
/// name always giving the same id in one import.
#[derive(Default)]
pub struct Ids {
    taken: std::collections::HashSet<String>,
    /// The next suffix to try, per base: a thousand people of one name
    /// are named in linear time.
    next: HashMap<String, usize>,
}

/// A slug of `text`: lower-case ASCII letters and digits, other runs as
/// one `-`; accented Latin letters lose their accents.
#[must_use]
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// The ASCII letter an accented Latin letter reads as.
fn fold(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì'..='ï' | 'ī' | 'į' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ß' => 's',
        'ť' | 'ţ' => 't',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

impl Ids {
    /// A new unique id from `text` (`fallback` when it has no letters or
    /// digits): `ada`, then `ada-2`, `ada-3`.
    pub fn make(&mut self, text: &str, fallback: &str) -> String {
        let mut base = slug(text);
        if base.is_empty() {
            base = slug(fallback);
        }
        if base.len() > 64 {
            base.truncate(64);
            while base.ends_with('-') {
                base.pop();
            }
        }
        debug_assert!(is_slug(&base));
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

use crate::escape::yaml_string as quoted;

/// One line of the header comment: no line breaks, no control characters.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl Organisation {
    /// The roles file: a header naming the source, then `version: 2`,
    /// `org`, `people`, `roles` and `teams`, every string quoted.
    #[must_use]
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# {}", comment(&self.source));
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let _ = writeln!(
            out,
            "# {}, {}, {}. `rolelint check` reports what to look at next.",
            count(self.people.len(), "person", "people"),
            count(self.roles.len(), "role", "roles"),
            count(self.teams.len(), "team", "teams")
        );
        out.push_str("# yaml-language-server: $schema=roles.schema.json\n");
        out.push_str("version: 2\norg:\n");
        let _ = writeln!(out, "  name: {}", quoted(&self.name));
        let _ = writeln!(out, "  headcount: {}", self.headcount.max(1));
        if !self.people.is_empty() {
            out.push_str("people:\n");
            for p in &self.people {
                let _ = writeln!(out, "  - id: {}", p.id);
                let _ = writeln!(out, "    name: {}", quoted(&p.name));
                if let Some(email) = p.email.as_deref().filter(|e| is_email(e) == Some(true)) {
                    let _ = writeln!(out, "    email: {}", quoted(email));
                }
                if let Some(github) = p.github.as_deref().filter(|g| is_github(g)) {
                    let _ = writeln!(out, "    github: {}", quoted(github));
                }
            }
        }
        let mut custom: Vec<&str> = Vec::new();
        for a in self.roles.iter().flat_map(|r| &r.accountable_for) {
            if crate::format::builtin_area(a).is_none() && !custom.contains(&a.as_str()) {
                custom.push(a);
            }
        }
        if !custom.is_empty() {
            out.push_str("areas:\n");
            for a in custom {
                let _ = writeln!(
                    out,
                    "  - id: {a}\n    description: {}",
                    quoted(&format!("{a} (imported; describe it)"))
                );
            }
        }
        out.push_str("roles:\n");
        if self.roles.is_empty() {
            out.pop();
            out.push_str(" []\n");
        }
        for r in &self.roles {
            let _ = writeln!(out, "  - id: {}", r.id);
            let _ = writeln!(out, "    title: {}", quoted(&r.title));
            match r.holders.as_slice() {
                [] => {}
                [(person, false)] => {
                    let _ = writeln!(out, "    holder: {person}");
                }
                holders => {
                    out.push_str("    holders:\n");
                    for (person, interim) in holders {
                        if *interim {
                            let _ = writeln!(out, "      - {{person: {person}, interim: true}}");
                        } else {
                            let _ = writeln!(out, "      - {person}");
                        }
                    }
                }
            }
            if let Some(to) = &r.reports_to {
                let _ = writeln!(out, "    reports_to: {to}");
            }
            if !r.accountable_for.is_empty() {
                out.push_str("    accountable_for:\n");
                for a in &r.accountable_for {
                    let _ = writeln!(out, "      - {a}");
                }
            }
        }
        if !self.teams.is_empty() {
            out.push_str("teams:\n");
            for t in &self.teams {
                let _ = writeln!(out, "  - id: {}", t.id);
                let _ = writeln!(out, "    name: {}", quoted(&t.name));
                if let Some(lead) = &t.lead {
                    let _ = writeln!(out, "    lead: {lead}");
                }
                if let Some(parent) = &t.parent {
                    let _ = writeln!(out, "    parent: {parent}");
                }
                if !t.members.is_empty() {
                    out.push_str("    members:\n");
                    for m in &t.members {
                        let _ = writeln!(out, "      - {m}");
                    }
                }
            }
        }
        out
    }
}

/// A title marked acting or interim (`Acting VP Sales`, `VP Sales
/// (Interim)`, `Interim CTO`): the title without the mark.
#[must_use]
pub fn interim_title(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    for mark in ["acting ", "interim "] {
        if lower.starts_with(mark) {
            return Some(title[mark.len()..].trim().to_owned());
        }
    }
    for mark in [
        "(acting)",
        "(interim)",
        "- acting",
        "- interim",
        ", acting",
        ", interim",
    ] {
        if lower.ends_with(mark) {
            return Some(title[..title.len() - mark.len()].trim().to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_unique_ids() {
        assert_eq!(slug("Inês Duarte"), "ines-duarte");
        assert_eq!(slug("VP, Engineering (EMEA)"), "vp-engineering-emea");
        assert_eq!(slug("  "), "");
        let mut ids = Ids::default();
        assert_eq!(ids.make("Ada", "person"), "ada");
        assert_eq!(ids.make("ada", "person"), "ada-2");
        assert_eq!(ids.make("Ada 2", "person"), "ada-2-2");
        assert_eq!(ids.make("!!", "person"), "person");
    }

    #[test]
    fn interim_marks() {
        assert_eq!(
            interim_title("Acting VP Sales").as_deref(),
            Some("VP Sales")
        );
        assert_eq!(
            interim_title("VP Sales (Interim)").as_deref(),
            Some("VP Sales")
        );
        assert_eq!(interim_title("Interim CTO").as_deref(), Some("CTO"));
        assert_eq!(interim_title("Head of Interim Services"), None);
    }
}
