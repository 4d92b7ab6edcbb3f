use super::{Context, IntOption, Options, Rule, RuleOption};
use crate::diagnostic::{Diagnostic, Level, Loc};
use crate::format::RoleField;
use std::collections::BTreeMap;

pub struct SplitDeliveryAndVision;

#[derive(Default)]
struct Owns<'a> {
    delivery: Option<Loc>,
    vision: Option<Loc>,
    roles: Vec<&'a str>,
}

const MAX_HEADCOUNT: IntOption = IntOption {
    name: "max-headcount",
    default: 10,
    description: "largest organisation (org.headcount) in which one person may own both delivery and external-vision",
};

const OPTIONS: &[RuleOption] = &[MAX_HEADCOUNT.declared()];

const HELP: &str = "split the role: an outward-facing CTO owns external-vision, a VP or Head of Engineering owns delivery";

impl Rule for SplitDeliveryAndVision {
    fn name(&self) -> &'static str {
        "split-delivery-and-vision"
    }
    fn summary(&self) -> &'static str {
        "above a headcount, one person owns both delivery and the external technology vision"
    }
    fn applies_to_community(&self) -> bool {
        false
    }
    fn default_level(&self) -> Level {
        Level::Error
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/split-delivery-and-vision.md")
    }
    fn options(&self) -> &'static [RuleOption] {
        OPTIONS
    }

    fn check(&self, ctx: &Context<'_>, options: &Options<'_>, out: &mut Vec<Diagnostic>) {
        let max = options.int(MAX_HEADCOUNT);
        if ctx.headcount <= max {
            return;
        }
        // Per holder (or per vacant role): the first delivery and the first
        // external-vision entry, in file order.
        let mut by_owner: BTreeMap<(bool, &str), Owns> = BTreeMap::new();
        for role in &ctx.roles {
            // Each person who fills the role owns its areas; a vacant role
            // owns them itself.
            let mut owners: Vec<(bool, &str)> = role
                .filled_by(ctx.today)
                .map(|h| (false, h.person()))
                .collect();
            if owners.is_empty() {
                owners.push((true, role.id.as_str()));
            }
            for owner in owners {
                for (i, area) in role.accountable_for.iter().enumerate() {
                    if area != "delivery" && area != "external-vision" {
                        continue;
                    }
                    let owns = by_owner.entry(owner).or_default();
                    // A role's areas arrive together: only the last role can repeat.
                    if owns.roles.last() != Some(&role.id.as_str()) {
                        owns.roles.push(&role.id);
                    }
                    let entry = match area.as_str() {
                        "delivery" => &mut owns.delivery,
                        "external-vision" => &mut owns.vision,
                        _ => continue,
                    };
                    if entry.is_none() {
                        *entry = Some(ctx.role_item(role, RoleField::AccountableFor, i));
                    }
                }
            }
        }
        for ((vacant, who), owns) in by_owner {
            let (Some(delivery), Some(vision)) = (owns.delivery, owns.vision) else {
                continue;
            };
            let subject = if vacant {
                format!("vacant role `{who}`")
            } else {
                format!("`{who}`")
            };
            let mut d = Diagnostic::new(
                self.name(),
                format!(
                    "{subject} is accountable for both delivery and external-vision in an organisation of {} people",
                    ctx.headcount
                ),
                vision,
            )
            .label(delivery, "delivery is owned here")
            .help(HELP)
            .id(who);
            for role in owns.roles {
                if role != who {
                    d = d.id(role);
                }
            }
            out.push(d);
        }
    }
}
