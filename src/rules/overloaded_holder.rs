use super::{Context, IntOption, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::PersonField;
use foldhash::HashMap;
use foldhash::HashMapExt as _;

pub struct OverloadedHolder;

/// A role a person fills: its index and the holding's share. Where the
/// holding is, is looked up only for the findings.
type Filled = (usize, Option<u64>);

const MAX_ROLES: IntOption = IntOption {
    name: "max-roles",
    default: 3,
    description: "most roles one person may hold",
};

const OPTIONS: &[RuleOption] = &[MAX_ROLES.declared()];

impl Rule for OverloadedHolder {
    fn name(&self) -> &'static str {
        "overloaded-holder"
    }
    fn summary(&self) -> &'static str {
        "one person holds too many roles"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/overloaded-holder.md")
    }
    fn options(&self) -> &'static [RuleOption] {
        OPTIONS
    }

    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let max = options.int(MAX_ROLES);
        // Per person, in file order: each role they fill today, where the
        // holding is and its share of their time.
        let mut held: HashMap<&str, Vec<Filled>> = HashMap::new();
        let mut order = Vec::new();
        for (i, role) in ctx.roles.iter().enumerate() {
            for holding in role.filled_by(ctx.today) {
                let holder = holding.person();
                let roles = held.entry(holder).or_insert_with(|| {
                    order.push(holder);
                    Vec::new()
                });
                // A person listed twice in one role holds it once.
                if roles.last().map(|r| r.0) != Some(i) {
                    roles.push((i, holding.details().and_then(|h| h.share)));
                }
            }
        }
        for holder in order {
            let roles = &held[holder];
            let shares: Option<u64> = roles.iter().map(|r| r.1).sum();
            let (message, advice) = match shares {
                // Shares say how much of the person each role takes.
                Some(total) if total > 100 => (
                    format!("the shares of `{holder}`'s roles add up to {total}% (more than 100%)"),
                    "lower the shares so that they add up to 100% at most, or hand a role to someone else",
                ),
                None if roles.len() as u64 > max => {
                    let names: Vec<String> = roles
                        .iter()
                        .map(|r| format!("`{}`", ctx.roles[r.0].id))
                        .collect();
                    (
                        format!(
                            "`{holder}` holds {} roles (more than {max}): {}",
                            roles.len(),
                            crate::suggest::join_capped(&names)
                        ),
                        "hand some of these roles to other people; every extra role costs context switching",
                    )
                }
                _ => continue,
            };
            let at = |i: usize| ctx.holding_loc(ctx.roles[i], holder);
            let primary = ctx.person(holder).map_or_else(
                || at(roles[0].0),
                |p| ctx.value_loc(p.origin.file, &p.pointer(PersonField::Id)),
            );
            let mut d = Diagnostic::new(self.name(), message, primary)
                .help(advice)
                .id(holder);
            for &(i, share) in roles {
                let loc = at(i);
                if loc != primary {
                    let role = &ctx.roles[i].id;
                    let label = match share {
                        Some(share) if shares.is_some() => format!("holds `{role}` at {share}%"),
                        _ => format!("holds `{role}`"),
                    };
                    d = d.label(loc, label);
                }
            }
            out.push(d);
        }
    }
}
