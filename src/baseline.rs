//! Baselines: record today's findings so that only new ones are reported.
//!
//! An entry is keyed by file, rule and the ids involved (through
//! [`crate::output::fingerprint`]), never by line numbers, so edits
//! elsewhere in a file do not resurface a baselined finding.

use crate::output::{Report, fingerprint};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<BaselineEntry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct BaselineEntry {
    pub file: String,
    pub rule: String,
    pub ids: Vec<String>,
    /// What the finding said when it was recorded, for reviewers.
    pub message: String,
    pub fingerprint: String,
}

/// What applying a baseline did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings hidden because the baseline has them.
    pub matched: usize,
    /// Baseline entries that matched no finding (fixed since, or moved), in
    /// files this run checked and could parse: a file with a syntax error,
    /// or one not checked at all, says nothing about its entries.
    pub stale: usize,
}

impl Baseline {
    /// The current findings of a report as a baseline.
    #[must_use]
    pub fn from_report(report: &Report) -> Self {
        let mut entries: Vec<BaselineEntry> = report
            .entries()
            .iter()
            .map(|e| BaselineEntry {
                file: e.file().to_owned(),
                rule: e.diagnostic.rule.to_owned(),
                ids: e.diagnostic.ids.clone(),
                message: e.diagnostic.message.clone(),
                fingerprint: fingerprint(e),
            })
            .collect();
        entries.sort();
        Self {
            version: 1,
            entries,
        }
    }

    #[must_use]
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Parse a baseline file.
    ///
    /// # Errors
    /// When the text is not a version 1 baseline.
    pub fn parse(text: &str) -> Result<Self, String> {
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|e| format!("not a rolelint baseline: {e}"))?;
        if baseline.version != 1 {
            return Err(format!(
                "baseline version {} is not supported (expected 1)",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Remove the findings the baseline has from a report. Each entry
    /// matches at most one finding.
    pub fn apply(&self, report: &mut Report) -> Applied {
        let mut budget: HashMap<&str, usize> = HashMap::new();
        for e in &self.entries {
            *budget.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        let mut applied = Applied::default();
        for unit in &mut report.units {
            let sources = std::mem::take(&mut unit.sources);
            let mut matched_here = 0;
            unit.diagnostics.retain(|d| {
                let entry = crate::output::Finding {
                    diagnostic: d,
                    sources: &sources,
                };
                match budget.get_mut(fingerprint(&entry).as_str()) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        matched_here += 1;
                        false
                    }
                    _ => true,
                }
            });
            unit.sources = sources;
            unit.suppressed += matched_here;
            applied.matched += matched_here;
        }
        let parsed: std::collections::HashSet<&str> = report
            .units
            .iter()
            .flat_map(|u| {
                u.sources.iter().enumerate().filter_map(|(i, s)| {
                    let broken = u.diagnostics.iter().any(|d| {
                        d.rule == crate::diagnostic::SYNTAX && d.primary.file.0 as usize == i
                    });
                    (!broken).then_some(s.name())
                })
            })
            .collect();
        applied.stale = self
            .entries
            .iter()
            .filter(|e| parsed.contains(e.file.as_str()))
            .filter(|e| {
                budget.get_mut(e.fingerprint.as_str()).is_some_and(|n| {
                    let left = *n > 0;
                    *n = n.saturating_sub(1);
                    left
                })
            })
            .count();
        applied
    }
}
