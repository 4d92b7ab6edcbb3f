//! Generators of large hostile inputs, each scaled by `n`: the integration
//! tests check every one at a size that used to crash, hang or blow up, and
//! `bench/scaling.sh` times each at `n` and `4n` to show it is linear.
//!
//! `cargo run --release --example hostile -- KIND N > file.yaml`

/// Every generator: its name, what it attacks, and the size the tests use.
pub const KINDS: &[(&str, &str, usize)] = &[
    (
        "alias-depth",
        "anchors whose expansion nests deeper than the depth limit",
        80,
    ),
    (
        "one-line",
        "a minified one-line document with a finding per role, far past column 65,535",
        1_000,
    ),
    (
        "tabs",
        "a NUL byte after thousands of tabs on one line",
        17_000,
    ),
    ("unknown-keys", "one role with many unknown keys", 5_000),
    (
        "suppressions",
        "many suppression comments on lines of their own",
        5_000,
    ),
    (
        "one-holder",
        "one person accountable for delivery in many roles",
        5_000,
    ),
    (
        "non-ascii-line",
        "a one-line document of non-ASCII text with many findings",
        1_000,
    ),
    (
        "team-chain",
        "version 2 teams each the parent of the next, closed into one cycle",
        20_000,
    ),
    (
        "co-holders",
        "version 2: one role with many co-holders, every one listed twice and dated",
        5_000,
    ),
    (
        "dotted-fan",
        "version 2: many roles with dotted lines to each other and to themselves",
        3_000,
    ),
];

const HEAD_2: &str = "version: 2\norg: {name: Hostile, headcount: 500}\n";

const HEAD: &str = "version: 1\norg: {name: Hostile, headcount: 500}\n";

/// The generated document, or `None` for an unknown kind.
pub fn generate(kind: &str, n: usize) -> Option<String> {
    let mut out = String::new();
    match kind {
        "alias-depth" => {
            // Each anchor is a 250-deep list holding the previous alias:
            // within the written depth limit, 250 * n levels once expanded.
            out.push_str(HEAD);
            out.push_str("x-chain:\n");
            for i in 0..n {
                out.push_str(&format!("  a{i}: &a{i} "));
                out.push_str(&"[".repeat(250));
                if i == 0 {
                    out.push('x');
                } else {
                    out.push_str(&format!("*a{}", i - 1));
                }
                out.push_str(&"]".repeat(250));
                out.push('\n');
            }
            out.push_str("roles: [{id: ceo, title: CEO, holder: c, success_metrics: [x]}]\n");
        }
        "one-line" | "non-ascii-line" => {
            let title = if kind == "one-line" {
                "Engineer"
            } else {
                "Geschäftsführerin für Ingenieurwesen 😀"
            };
            out.push_str("{version: 1, org: {name: X, headcount: 5000}, roles: [");
            out.push_str("{id: ceo, title: CEO, holder: c, success_metrics: [x]}");
            for i in 0..n {
                out.push_str(&format!(
                    ", {{id: r{i}, title: \"{title} {i}\", holder: p{i}, reports_to: zz{i}, success_metrics: [x]}}"
                ));
            }
            out.push_str("]}\n");
        }
        "tabs" => {
            out.push_str(HEAD);
            out.push_str("roles: [{id: ceo, title: CEO, holder: c, success_metrics: [x]}]\n");
            out.push_str("x-note: \"");
            out.push_str(&"\t".repeat(n));
            out.push_str("\0\"\n");
        }
        "unknown-keys" => {
            out.push_str(HEAD);
            out.push_str(
                "roles:\n  - id: ceo\n    title: CEO\n    holder: c\n    success_metrics: [x]\n",
            );
            for i in 0..n {
                out.push_str(&format!("    unknown_{i}: 1\n"));
            }
        }
        "suppressions" => {
            out.push_str(HEAD);
            out.push_str("roles:\n");
            for _ in 0..n {
                out.push_str("  # rolelint: ignore[vacant-role] hiring approved\n");
            }
            out.push_str("  - id: ceo\n    title: CEO\n    success_metrics: [x]\n");
            for i in 0..n {
                out.push_str(&format!(
                    "  # rolelint: ignore[vacant-role] hiring approved\n  - {{id: r{i}, title: Engineer, reports_to: ceo, success_metrics: [x]}}\n"
                ));
            }
        }
        "one-holder" => {
            out.push_str(HEAD);
            out.push_str("roles:\n  - {id: ceo, title: CEO, holder: c, accountable_for: [external-vision], success_metrics: [x]}\n");
            for i in 0..n {
                out.push_str(&format!(
                    "  - {{id: r{i}, title: Engineer, holder: c, reports_to: ceo, accountable_for: [delivery], success_metrics: [x]}}\n"
                ));
            }
        }
        "team-chain" => {
            out.push_str(HEAD_2);
            out.push_str(
                "roles:\n  - {id: ceo, title: CEO, holder: c, success_metrics: [x]}\nteams:\n",
            );
            for i in 0..n {
                // Each team is part of the next; the last closes the cycle.
                let parent = (i + 1) % n;
                out.push_str(&format!(
                    "  - {{id: t{i}, name: Team {i}, lead: ceo, parent: t{parent}, members: [m{i}], size: 1}}\n"
                ));
            }
        }
        "co-holders" => {
            out.push_str(HEAD_2);
            out.push_str("roles:\n  - id: council\n    title: Council\n    success_metrics: [x]\n    holders:\n");
            for i in 0..n {
                out.push_str(&format!(
                    "      - {{person: p{i}, interim: true, since: 2020-01-01, until: 2099-12-31, share: 1}}\n      - p{i}\n"
                ));
            }
        }
        "dotted-fan" => {
            out.push_str(HEAD_2);
            out.push_str("roles:\n");
            for i in 0..n {
                let to: Vec<String> = (0..8).map(|k| format!("r{}", (i + k) % n)).collect();
                out.push_str(&format!(
                    "  - {{id: r{i}, title: Engineer, holder: p{i}, reports_to: r{}, dotted_line_to: [{}], success_metrics: [x]}}\n",
                    (i + 1) % n,
                    to.join(", ")
                ));
            }
        }
        _ => return None,
    }
    Some(out)
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(kind), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: hostile KIND N");
        for (name, what, size) in KINDS {
            eprintln!("  {name:16} {what} (tests use {size})");
        }
        std::process::exit(2);
    };
    let Some(text) = generate(kind, n) else {
        eprintln!("unknown kind {kind}");
        std::process::exit(2);
    };
    print!("{text}");
}
