use super::{Context, Options, Rule};
use crate::diagnostic::{Diagnostic, Level};

/// Registered so that it can be listed, explained, configured and
/// suppressed like any rule. Its findings come from `crate::suppress`,
/// which has to run after every other rule: whether a suppression was used
/// is only known once all findings exist.
pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn name(&self) -> &'static str {
        crate::diagnostic::UNUSED_SUPPRESSION
    }
    fn summary(&self) -> &'static str {
        "an inline suppression has no reason, names an unknown rule, or suppressed nothing"
    }
    fn default_level(&self) -> Level {
        Level::Warning
    }
    fn doc(&self) -> &'static str {
        include_str!("../../rules/unused-suppression.md")
    }

    fn check(&self, _: &Context<'_>, _: &Options<'_>, _: &mut Vec<Diagnostic>) {}
}
