//! Deterministic generator of realistic organisations, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_org -- --roles 100000 --seed 1 --out bench/out/big
//! cargo run --release --example gen_org -- --roles 25 --orgs 2000 --seed 1 --out bench/out/many
//! cargo run --release --example gen_org -- --roles 10000 --files 20 --seed 1 --out bench/out/split
//! ```
//!
//! One organisation: a reporting tree of sensible span (3 to 8) under a CEO,
//! a person per role with a background, built-in areas on the leadership
//! roles, a custom area per team, success metrics, some time allocations,
//! and a few findings on purpose (about 1% vacant roles, 0.5% without a
//! metric). With `--files F` the roles are split into a root file and F-1
//! fragments under `teams/`; with `--orgs O`, O separate organisations.
//!
//! `--version 2` writes the same organisation as a version 2 file; with
//! `--teams` also (version 2) a team under about a third of the roles, with
//! 2 to 9 individual contributors each, interim holdings (2%) and dotted
//! lines to the CTO (1%):
//!
//! ```sh
//! cargo run --release --example gen_org -- --roles 1000 --teams --seed 3 --out tests/orgs/generated
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // SplitMix64: small, fast, and the same on every platform.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const TITLES: &[&str] = &[
    "Engineering Manager",
    "Team Lead",
    "Staff Engineer",
    "Product Manager",
    "Designer",
    "Data Scientist",
    "Site Reliability Engineer",
    "Engineer",
];
const BACKGROUNDS: &[&str] = &[
    "engineering",
    "engineering",
    "engineering",
    "product",
    "design",
    "data",
];
const METRICS: &[&str] = &[
    "Roadmap commitments delivered per quarter",
    "Regretted attrition under 5%",
    "Incidents resolved within the SLO",
    "Weekly active users of the feature",
    "Lead time for changes under a day",
];

struct Role {
    id: String,
    title: String,
    holder: Option<String>,
    reports_to: Option<String>,
    areas: Vec<String>,
    metric: bool,
    people_time: Option<u64>,
}

fn organisation(roles: usize, rng: &mut Rng) -> Vec<Role> {
    let mut out: Vec<Role> = Vec::with_capacity(roles);
    let leadership = [
        (
            "ceo",
            "Chief Executive Officer",
            vec!["product-strategy", "engineering-budget"],
        ),
        (
            "cto",
            "Chief Technology Officer",
            vec![
                "external-vision",
                "architecture",
                "security",
                "vendor-management",
            ],
        ),
        (
            "vp-eng",
            "VP of Engineering",
            vec!["delivery", "people-management", "recruitment"],
        ),
        ("head-platform", "Head of Platform", vec!["reliability"]),
        (
            "head-people-eng",
            "Director of Engineering Operations",
            vec!["onboarding", "mentoring", "technical-culture"],
        ),
    ];
    for (i, (id, title, areas)) in leadership.iter().enumerate().take(roles) {
        out.push(Role {
            id: (*id).to_owned(),
            title: (*title).to_owned(),
            holder: Some(format!("p{i}")),
            reports_to: match i {
                0 => None,
                1 | 2 => Some("ceo".to_owned()),
                _ => Some("vp-eng".to_owned()),
            },
            areas: areas.iter().map(|a| (*a).to_owned()).collect(),
            metric: true,
            people_time: (i == 2).then_some(60),
        });
    }
    // Breadth-first: each manager takes 3 to 8 reports.
    let mut manager = 2;
    let mut taken = 0;
    let mut span = 3 + rng.below(6);
    for i in out.len()..roles {
        if taken >= span {
            manager += 1;
            taken = 0;
            span = 3 + rng.below(6);
        }
        taken += 1;
        let team = i % 997;
        let custom = (rng.below(10) == 0).then(|| format!("team-{i}"));
        out.push(Role {
            id: format!("r{i}"),
            title: format!(
                "{} {team}",
                TITLES[usize::try_from(rng.below(TITLES.len() as u64)).unwrap_or(0)]
            ),
            holder: (rng.below(100) != 0).then(|| format!("p{i}")),
            reports_to: Some(out[manager.min(i - 1)].id.clone()),
            areas: custom.into_iter().collect(),
            metric: rng.below(200) != 0,
            people_time: (rng.below(20) == 0).then(|| 20 + rng.below(40)),
        });
    }
    out
}

/// What `--teams` adds to one role.
struct Extras {
    interim: bool,
    dotted: bool,
}

fn write_role(text: &mut String, role: &Role, extras: &Extras, rng: &mut Rng) {
    let _ = writeln!(text, "  - id: {}", role.id);
    let _ = writeln!(text, "    title: {}", role.title);
    if let Some(holder) = &role.holder {
        if extras.interim {
            let _ = writeln!(
                text,
                "    holder: {{person: {holder}, interim: true, since: 2026-{:02}-01}}",
                1 + rng.below(11)
            );
        } else {
            let _ = writeln!(text, "    holder: {holder}");
        }
    }
    if let Some(manager) = &role.reports_to {
        let _ = writeln!(text, "    reports_to: {manager}");
        if extras.dotted && manager != "cto" {
            text.push_str("    dotted_line_to: [cto]\n");
        }
    }
    let _ = writeln!(
        text,
        "    responsibilities:\n      - Leads the work of the {} role",
        role.id
    );
    if !role.areas.is_empty() {
        let _ = writeln!(text, "    accountable_for: [{}]", role.areas.join(", "));
    }
    if role.metric {
        let metric = METRICS[usize::try_from(rng.below(METRICS.len() as u64)).unwrap_or(0)];
        let _ = writeln!(
            text,
            "    success_metrics:\n      - name: {metric}\n        target: \"agreed each quarter\""
        );
    }
    // Roles with built-in (strategic) areas get a decision right.
    if role.areas.iter().any(|a| !a.starts_with("team-")) {
        let _ = writeln!(text, "    decision_rights: [budget-within-plan]");
    }
    if let Some(people) = role.people_time {
        let _ = writeln!(
            text,
            "    time_allocation: {{people: {people}, delivery: {}}}",
            100 - people
        );
    }
}

fn write_people(text: &mut String, roles: &[Role], leads: &[usize], rng: &mut Rng) {
    text.push_str("people:\n");
    for (i, role) in roles.iter().enumerate() {
        if let Some(holder) = &role.holder {
            // Managers of engineers (and team leads) come from engineering.
            let background =
                if role.areas.iter().any(|a| a == "people-management") || leads.contains(&i) {
                    "engineering"
                } else {
                    BACKGROUNDS[usize::try_from(rng.below(BACKGROUNDS.len() as u64)).unwrap_or(0)]
                };
            let _ = writeln!(
                text,
                "  - {{id: {holder}, name: Person {}, background: {background}}}",
                &holder[1..]
            );
        }
    }
}

fn write_areas(text: &mut String, roles: &[Role]) {
    let custom: Vec<&String> = roles
        .iter()
        .flat_map(|r| &r.areas)
        .filter(|a| a.starts_with("team-"))
        .collect();
    if custom.is_empty() {
        return;
    }
    text.push_str("areas:\n");
    for area in custom {
        let _ = writeln!(
            text,
            "  - {{id: {area}, description: Everything the {area} team runs}}"
        );
    }
}

/// A team led by a role: its index and its members' ids.
struct Team {
    lead: usize,
    members: Vec<String>,
}

/// `--teams`: a team of 2 to 7 under about a third of the roles that have
/// no reports (never the five leadership roles), nested under the team of
/// the lead's manager when it has one.
fn teams(org: &[Role], rng: &mut Rng) -> Vec<Team> {
    let managers: std::collections::HashSet<&str> =
        org.iter().filter_map(|r| r.reports_to.as_deref()).collect();
    let mut out = Vec::new();
    for (i, role) in org.iter().enumerate().skip(5) {
        if managers.contains(role.id.as_str()) || rng.below(3) != 0 {
            continue;
        }
        let size = 2 + rng.below(6);
        out.push(Team {
            lead: i,
            members: (0..size).map(|k| format!("m{i}-{k}")).collect(),
        });
    }
    out
}

fn write_teams(text: &mut String, org: &[Role], teams: &[Team], offset: usize) {
    if teams.is_empty() {
        return;
    }
    let led: std::collections::HashMap<&str, usize> = teams
        .iter()
        .map(|t| (org[t.lead].id.as_str(), t.lead))
        .collect();
    text.push_str("teams:\n");
    for team in teams {
        let role = &org[team.lead];
        let _ = writeln!(text, "  - id: t{}", team.lead + offset);
        let _ = writeln!(text, "    name: Team {}", team.lead + offset);
        let _ = writeln!(text, "    lead: {}", role.id);
        if let Some(&parent) = role.reports_to.as_deref().and_then(|m| led.get(m)) {
            let _ = writeln!(text, "    parent: t{}", parent + offset);
        }
        let _ = writeln!(text, "    members: [{}]", team.members.join(", "));
    }
}

fn write_members(text: &mut String, teams: &[Team], rng: &mut Rng) {
    for team in teams {
        for m in &team.members {
            let background =
                BACKGROUNDS[usize::try_from(rng.below(BACKGROUNDS.len() as u64)).unwrap_or(0)];
            let _ = writeln!(
                text,
                "  - {{id: {m}, name: Member {}, background: {background}}}",
                &m[1..]
            );
        }
    }
}

struct Shape {
    roles: usize,
    files: usize,
    seed: u64,
    version: u32,
    teams: bool,
}

fn write_org(dir: &Path, shape: &Shape) -> std::io::Result<()> {
    let Shape {
        roles,
        files,
        seed,
        version,
        teams: with_teams,
    } = *shape;
    let mut rng = Rng(seed);
    let org = organisation(roles, &mut rng);
    let mut extra_rng = Rng(seed ^ 0x5EED);
    let all_teams = if with_teams {
        teams(&org, &mut extra_rng)
    } else {
        Vec::new()
    };
    let members: usize = all_teams.iter().map(|t| t.members.len()).sum();
    std::fs::create_dir_all(dir)?;
    let parts = files.max(1);
    let chunk = org.len().div_ceil(parts);
    for (k, slice) in org.chunks(chunk.max(1)).enumerate() {
        let offset = k * chunk.max(1);
        let mut text = String::with_capacity(slice.len() * 300);
        let _ = writeln!(text, "version: {version}");
        if k == 0 {
            let headcount = if with_teams {
                roles + members
            } else {
                roles * 3
            };
            let _ = writeln!(
                text,
                "org:\n  name: Generated Org {seed}\n  headcount: {headcount}"
            );
            if parts > 1 {
                text.push_str("include: [\"teams/*.yaml\"]\n");
            }
        }
        let teams: Vec<Team> = all_teams
            .iter()
            .filter(|t| (offset..offset + slice.len()).contains(&t.lead))
            .map(|t| Team {
                lead: t.lead - offset,
                members: t.members.clone(),
            })
            .collect();
        let leads: Vec<usize> = teams.iter().map(|t| t.lead).collect();
        write_people(&mut text, slice, &leads, &mut rng);
        write_members(&mut text, &teams, &mut extra_rng);
        write_areas(&mut text, slice);
        text.push_str("roles:\n");
        for role in slice {
            let extras = Extras {
                interim: with_teams && role.holder.is_some() && extra_rng.below(50) == 0,
                dotted: with_teams && extra_rng.below(100) == 0,
            };
            write_role(&mut text, role, &extras, &mut rng);
        }
        write_teams(&mut text, slice, &teams, offset);
        let path = if k == 0 {
            dir.join("roles.yaml")
        } else {
            std::fs::create_dir_all(dir.join("teams"))?;
            dir.join("teams").join(format!("part-{k:04}.yaml"))
        };
        std::fs::write(path, text)?;
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let mut roles = 40;
    let mut files = 1;
    let mut orgs: u64 = 1;
    let mut seed = 1;
    let mut out = PathBuf::from("bench/out/org");
    let mut version = 1;
    let mut with_teams = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--teams" {
            with_teams = true;
            version = 2;
            continue;
        }
        let value = args.next().unwrap_or_default();
        match flag.as_str() {
            "--version" => version = value.parse().unwrap_or(version),
            "--roles" => roles = value.parse().unwrap_or(roles),
            "--files" => files = value.parse().unwrap_or(files),
            "--orgs" => orgs = value.parse().unwrap_or(orgs),
            "--seed" => seed = value.parse().unwrap_or(seed),
            "--out" => out = PathBuf::from(value),
            _ => {
                eprintln!(
                    "usage: gen_org --roles N [--files F] [--orgs O] [--seed S] [--version 1|2] [--teams] [--out DIR]"
                );
                std::process::exit(2);
            }
        }
    }
    let shape = |seed| Shape {
        roles,
        files,
        seed,
        version,
        teams: with_teams,
    };
    if orgs == 1 {
        write_org(&out, &shape(seed))?;
    } else {
        for i in 0..orgs {
            write_org(&out.join(format!("org-{i:05}")), &shape(seed + i))?;
        }
    }
    Ok(())
}
