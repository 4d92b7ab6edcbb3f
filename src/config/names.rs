//! The names a `rules` mapping may use: built-in rules and the
//! configuration's own custom rules.

use crate::diagnostic::{CONFIG, Diagnostic, FileId, Loc};
use crate::rules::registry;
use crate::source::Source;
use crate::suggest::{did_you_mean, help_or};
use crate::yaml;

/// Every name in a `rules` mapping is a rule that can be configured: a
/// built-in one or a custom one.
pub(super) fn check_rule_names(
    doc: &yaml::Document,
    source: &Source,
    file: FileId,
    out: &mut Vec<Diagnostic>,
) {
    // Every name declared, compiled or not: a rule with an error in its
    // definition is not also an unknown rule.
    let custom: Vec<&str> = doc
        .pointer("/custom-rules")
        .map(|(_, map)| {
            doc.entries(doc.resolve(map))
                .iter()
                .filter_map(|e| doc.key_text(source, e.key))
                .collect()
        })
        .unwrap_or_default();
    let mut maps: Vec<yaml::NodeId> = Vec::new();
    if let Some((_, rules)) = doc.pointer("/rules") {
        maps.push(rules);
    }
    if let Some((_, overrides)) = doc.pointer("/overrides") {
        for &o in doc.items(doc.resolve(overrides)) {
            if let Some(entry) = doc.get(doc.resolve(o), "rules") {
                maps.push(entry.value);
            }
        }
    }
    for map in maps {
        for entry in doc.entries(doc.resolve(map)) {
            let Some(name) = doc.key_text(source, entry.key) else {
                continue;
            };
            let at = Loc::new(file, doc.span(entry.key));
            match registry::find(name) {
                Some(check) if !check.is_configurable() => out.push(
                    Diagnostic::new(
                        CONFIG,
                        format!("`{name}` is always on and cannot be configured"),
                        at,
                    )
                    .help("remove this entry"),
                ),
                Some(_) => {}
                None if custom.contains(&name) => {}
                None => {
                    let mut names: Vec<&str> = registry::configurable_names().collect();
                    names.extend(custom.iter().copied());
                    let help = help_or(did_you_mean(name, names), || {
                        "`rolelint rules` lists every rule".to_owned()
                    });
                    out.push(
                        Diagnostic::new(CONFIG, format!("unknown rule `{name}`"), at).help(help),
                    );
                }
            }
        }
    }
}
