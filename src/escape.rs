//! Every escaper, one per target language: what the input may contain
//! must never become markup, a command or a control sequence there.

use std::fmt::Write as _;

/// Whether a character must never reach a terminal raw: C0/C1 controls
/// (tab and line feed aside), the bidirectional overrides that can make
/// text display differently from what it is, invisible zero-width
/// characters, and the Unicode line and paragraph separators.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// Escape unsafe characters as `\u{1b}` in a one-line string (messages).
#[must_use]
pub fn terminal(text: &str) -> String {
    if !text.chars().any(|c| is_unsafe(c) || c == '\n') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) || c == '\n' {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Escape text for a Markdown table cell on GitHub, escaping only what is
/// special where it stands so that the raw text reads as well as the
/// rendered one: HTML (`<`, `>`, and `&` that would start an entity),
/// emphasis (`*`, `~`, and `_` at a word boundary), code (`` ` ``), links
/// and images (`[`, `]`), math (`$`), the cell separator (`|`) and the
/// backslash itself. Mentions (`@name`) and references (`#123`) are broken
/// with a zero-width space, because GitHub resolves them after rendering,
/// escaped or not. Line breaks become spaces; control characters are shown
/// as `\u{..}`.
#[must_use]
pub fn markdown(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let word = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|c| c.is_alphanumeric())
    };
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if starts_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            '\\' | '`' | '*' | '~' | '[' | ']' | '$' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !word(i.checked_sub(1)) || !word(Some(i + 1)) => out.push_str("\\_"),
            '@' if next.is_some_and(char::is_alphanumeric) => out.push_str("@&#8203;"),
            // `](` is where a link's target starts.
            '(' if i > 0 && chars[i - 1] == ']' => out.push_str("\\("),
            '#' if next.is_some_and(|n| n.is_ascii_digit()) => out.push_str("#&#8203;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether the text after a `&` would make it an HTML entity
/// (`&amp;`, `&#64;`, `&#x40;`).
fn starts_entity(rest: &[char]) -> bool {
    let name = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name > 0 && rest.get(name) == Some(&';')
}

/// Inline code for a Markdown table cell. Text made of word characters and
/// plain punctuation (our ids and keys) becomes a code span, which reads as
/// written and in which mentions and references do not resolve; anything
/// else becomes `<code>` around [`markdown`]-escaped text, so nothing from
/// the input is ever markup. `|` is escaped as GitHub tables require.
#[must_use]
pub fn markdown_code(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -._/:,;=+()'\"!?%@#".contains(c));
    if plain {
        format!("`{text}`")
    } else {
        format!("<code>{}</code>", markdown(text))
    }
}

/// Escape text for raw HTML (inside `<summary>`, where Markdown escapes
/// would show literally).
pub fn html(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_owned(),
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '"' => "&quot;".to_owned(),
            c if is_unsafe(c) || c == '\n' => format!("\\u{{{:x}}}", u32::from(c)),
            c => c.to_string(),
        })
        .collect()
}

/// Escape text for XML content and attribute values. Characters XML 1.0
/// cannot hold at all are written as `\u{..}`.
#[must_use]
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if is_unsafe(c) || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Escape a command's message (data).
#[must_use]
pub fn workflow_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: data escaping plus `:` and `,`.
#[must_use]
pub fn workflow_property(text: &str) -> String {
    workflow_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Text for a Mermaid label: entity codes for everything that could end the
/// label or be read as markup.
pub fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            '[' | ']' | '{' | '}' | '(' | ')' | '|' | '*' | '_' | '~' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            c if c.is_control() || is_unsafe(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() || is_unsafe(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn yaml_string(text: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar.
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands() {
        assert_eq!(workflow_data("50%\r\n::x"), "50%25%0D%0A::x");
        assert_eq!(workflow_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn terminal_controls() {
        assert_eq!(terminal("x\u{202e}y\nz"), "x\\u{202e}y\\u{a}z");
    }
}
