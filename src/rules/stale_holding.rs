use super::{Context, IntOption, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level};
use crate::format::constraints::day_number;

pub struct StaleHolding;

const MAX_DAYS: IntOption = IntOption {
    name: "max-days",
    default: 180,
    description: "most days an interim holding may last",
};

const OPTIONS: &[RuleOption] = &[MAX_DAYS.declared()];

impl Rule for StaleHolding {
    fn name(&self) -> &'static str {
        "stale-holding"
    }
    fn summary(&self) -> &'static str {
        "an interim holding has lasted too long, or a holding has ended but is still listed"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/stale-holding.md")
    }
    fn options(&self) -> &'static [RuleOption] {
        OPTIONS
    }
    fn since_version(&self) -> u32 {
        2
    }

    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let Some(today) = ctx.today else {
            return;
        };
        let max = i64::try_from(options.int(MAX_DAYS)).unwrap_or(i64::MAX);
        for role in &ctx.roles {
            // Only holdings with details can be stale: most roles have none.
            if !role.holders().any(|h| h.details().is_some()) {
                continue;
            }
            for (holding, pointer) in role.holdings() {
                let Some(h) = holding.details() else {
                    continue;
                };
                let loc = |key: &str| ctx.value_loc(role.origin.file, &format!("{pointer}/{key}"));
                let until = h
                    .until
                    .as_deref()
                    .filter(|u| day_number(u).is_some_and(|u| u < today));
                let d = if let Some(until) = until {
                    Diagnostic::new(
                        self.name(),
                        format!(
                            "the holding of `{}` in role `{}` ended on {until}, but it is still listed among the holders",
                            h.person, role.id
                        ),
                        loc("until"),
                    )
                    .help("move it to `former_holders` and name who holds the role now, or correct `until`")
                } else if let Some((since, day)) = h
                    .since
                    .as_deref()
                    .and_then(|s| Some((s, day_number(s)?)))
                    .filter(|(_, day)| holding.is_interim() && *day <= today && today - day > max)
                {
                    Diagnostic::new(
                        self.name(),
                        format!(
                            "`{}` has held role `{}` as interim since {since}: {} days (more than {max})",
                            h.person,
                            role.id,
                            today - day
                        ),
                        loc("since"),
                    )
                    .help("make the holding permanent (remove `interim`), name the permanent holder, or set `until` for the planned end")
                } else {
                    continue;
                };
                out.push(d.id(&h.person).id(&role.id));
            }
        }
    }
}
