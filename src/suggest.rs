//! "Did you mean" suggestions: bounded edit distance, computed only when a
//! lookup has already failed.

/// Largest edit distance worth suggesting: 1 for words of up to four
/// characters (`zz` is not a typo of `a`), 2 for longer ones.
fn max_distance(len: usize) -> usize {
    if len <= 4 { 1 } else { 2 }
}

/// Whether the words of `word` (split at `-` and `_`; two or more, or one
/// long one) appear in order among those of `candidate`:
/// `split-delivery-vision` in `split-delivery-and-vision`, `allocation` in
/// `time_allocation`.
fn words_within(word: &str, candidate: &str) -> bool {
    let split = |s: &'_ str| -> Vec<String> {
        s.split(['-', '_'])
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (words, theirs) = (split(word), split(candidate));
    // One word must be a long one, and one of several of the candidate's
    // (`allocation` in `time_allocation`).
    let enough = words.len() >= 2 || (words.len() == 1 && words[0].len() >= 5 && theirs.len() >= 2);
    if !enough || candidate.len() <= word.len() {
        return false;
    }
    let mut theirs = theirs.iter();
    words.iter().all(|w| theirs.any(|t| t == w))
}

/// The closest candidate within a small edit distance (ties: the first
/// seen); failing that, the only candidate the word begins
/// (`split-delivery` for `split-delivery-and-vision`), or the only one
/// whose words include the word's in order (`split-delivery-vision`).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let text = word;
    let word: Vec<char> = word.chars().collect();
    let max = max_distance(word.len());
    let mut best: Option<(usize, &str)> = None;
    let mut prefix_of: Option<Option<&str>> = None;
    let mut words_of: Option<Option<&str>> = None;
    let mut buf = Vec::new();
    for candidate in candidates {
        if words_within(text, candidate) {
            words_of = Some(match words_of {
                None => Some(candidate),
                Some(_) => None,
            });
        }
        if word.len() >= 4 && candidate.len() > text.len() && candidate.starts_with(text) {
            // One candidate the word begins: a suggestion; two: ambiguous.
            prefix_of = Some(match prefix_of {
                None => Some(candidate),
                Some(_) => None,
            });
        }
        let limit = best.map_or(max, |(d, _)| d.saturating_sub(1));
        if let Some(d) = bounded_distance(&word, candidate, limit, &mut buf)
            && d > 0
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
        .or(prefix_of.flatten())
        .or(words_of.flatten())
}

/// The few candidates nearest to `word` (edit distance, then name), for a
/// help line that lists choices when none is close enough to suggest.
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let word: Vec<char> = word.chars().collect();
    let mut buf = Vec::new();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| {
            let d = bounded_distance(&word, c, usize::MAX / 2, &mut buf).unwrap_or(usize::MAX);
            (d, c)
        })
        .collect();
    scored.sort_unstable();
    scored.dedup_by_key(|(_, c)| *c);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// The suggestion as a clause after a message: `` (did you mean `x`?)``,
/// or nothing.
pub fn hint(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
}

/// The suggestion as a help line: `` did you mean `x`? ``, else `fallback`.
pub fn help_or(suggestion: Option<&str>, fallback: impl FnOnce() -> String) -> String {
    suggestion.map_or_else(fallback, |s| format!("did you mean `{s}`?"))
}

/// Most items a message lists before "and N more".
pub const LIST_MAX: usize = 10;

/// Already formatted items, comma-separated, at most [`LIST_MAX`] of them:
/// a message stays readable (and small) whatever the organisation's size.
pub fn join_capped(items: &[String]) -> String {
    if items.len() <= LIST_MAX {
        return items.join(", ");
    }
    format!(
        "{} and {} more",
        items[..LIST_MAX].join(", "),
        items.len() - LIST_MAX
    )
}

/// Items as inline code, comma-separated: `` `a`, `b` ``.
pub fn code_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Levenshtein distance if it is at most `limit`, else `None`.
fn bounded_distance(a: &[char], b: &str, limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    let b_len = b.chars().count();
    if a.len().abs_diff(b_len) > limit {
        return None;
    }
    row.clear();
    row.extend(0..=b_len);
    for (i, &ca) in a.iter().enumerate() {
        let mut prev_diag = row[0];
        row[0] = i + 1;
        let mut row_min = row[0];
        for (j, cb) in b.chars().enumerate() {
            let cost = usize::from(ca != cb);
            let value = (prev_diag + cost).min(row[j] + 1).min(row[j + 1] + 1);
            prev_diag = row[j + 1];
            row[j + 1] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
    }
    let d = row[b_len];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["success_metrics", "summary", "title"];
        assert_eq!(
            did_you_mean("succes_metrics", keys),
            Some("success_metrics")
        );
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", keys), None);
        assert_eq!(did_you_mean("title", keys), None);
        assert_eq!(did_you_mean("vp-egn", ["cto", "vp-eng"]), Some("vp-eng"));
        assert_eq!(did_you_mean("zz", ["a", "b"]), None);
        assert_eq!(did_you_mean("cpo", ["ceo", "cto"]), Some("ceo"));
        assert_eq!(
            did_you_mean(
                "split-delivery",
                ["split-delivery-and-vision", "single-root"]
            ),
            Some("split-delivery-and-vision")
        );
        assert_eq!(did_you_mean("span", ["span-of-control", "span-of-x"]), None);
        assert_eq!(
            nearest("secrity", ["delivery", "security", "mentoring"], 2),
            vec!["security", "delivery"]
        );
    }

    #[test]
    fn long_lists_are_capped() {
        let items: Vec<String> = (0..25).map(|i| format!("`r{i}`")).collect();
        let text = join_capped(&items);
        assert!(text.ends_with("`r9` and 15 more"), "{text}");
        assert_eq!(join_capped(&items[..2]), "`r0`, `r1`");
    }
}
