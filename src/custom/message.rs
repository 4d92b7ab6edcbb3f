//! A custom rule's `message`: text with `${expression}` parts, each
//! compiled with the rule's variables and written into the finding.

use super::typecheck::Ty;
use super::{Expression, Place, compile_expression};
use crate::diagnostic::{CONFIG, Diagnostic};
use cel::common::types::{CelBool, CelDouble, CelInt, CelNull, CelUInt};
use cel::common::value::Val;

#[derive(Debug)]
enum Part {
    Text(String),
    Value(Expression),
}

#[derive(Debug)]
pub struct Message {
    parts: Vec<Part>,
}

/// Where the `}` closing an interpolation that starts at `from` is: braces
/// inside it nest, and strings are skipped.
fn closing(text: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text[from..].char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' => depth += 1,
            '}' if depth == 0 => return Some(from + i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

impl Message {
    pub(super) fn compile(
        text: &str,
        place: &Place<'_>,
        variables: &[(&str, Ty)],
        out: &mut Vec<Diagnostic>,
    ) -> Option<Message> {
        let mut parts = Vec::new();
        let mut rest = 0;
        let before = out.len();
        while let Some(found) = text[rest..].find("${") {
            let open = rest + found;
            if open > rest {
                parts.push(Part::Text(text[rest..open].to_owned()));
            }
            let start = open + 2;
            let Some(close) = closing(text, start) else {
                out.push(
                    Diagnostic::new(
                        CONFIG,
                        "`${` in `message` is never closed",
                        place.at(text, open),
                    )
                    .help("close it with `}`, or write `$` alone for a dollar sign"),
                );
                return None;
            };
            let inner = &text[start..close];
            let expression = compile_expression(inner, place, variables, None, "message", out);
            if let Some(expression) = expression {
                parts.push(Part::Value(expression));
            }
            rest = close + 1;
        }
        if rest < text.len() {
            parts.push(Part::Text(text[rest..].to_owned()));
        }
        (out.len() == before).then_some(Message { parts })
    }

    pub(super) fn expressions(&self) -> impl Iterator<Item = &Expression> {
        self.parts.iter().filter_map(|p| match p {
            Part::Value(e) => Some(e),
            Part::Text(_) => None,
        })
    }

    /// The message for one subject; a part that fails to evaluate is
    /// written as the error it gave.
    pub(super) fn render(&self, ctx: &cel::Context<'_, '_>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Value(e) => match cel::Value::resolve_val(e.root(), ctx) {
                    Ok(v) => display(&*v, &mut out),
                    Err(err) => out.push_str(&format!("<{err}>")),
                },
            }
        }
        out
    }
}

/// Longest text one interpolated value may add to a message.
const MAX_PART: usize = 200;

/// A value as a message shows it: strings as they are, lists joined.
pub(super) fn display(v: &dyn Val, out: &mut String) {
    let start = out.len();
    write_value(v, out, 0);
    if out.len() - start > MAX_PART {
        let mut cut = start + MAX_PART;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
}

fn write_value(v: &dyn Val, out: &mut String, depth: usize) {
    if out.len() > MAX_PART * 4 {
        return;
    }
    if let Ok(s) = <&str>::try_from(v) {
        out.push_str(s);
    } else if let Some(i) = v.downcast_ref::<CelInt>() {
        out.push_str(&i64::from(*i).to_string());
    } else if let Some(u) = v.downcast_ref::<CelUInt>() {
        out.push_str(&u64::from(*u).to_string());
    } else if let Some(d) = v.downcast_ref::<CelDouble>() {
        out.push_str(&f64::from(*d).to_string());
    } else if let Some(b) = v.downcast_ref::<CelBool>() {
        out.push_str(if bool::from(*b) { "true" } else { "false" });
    } else if v.downcast_ref::<CelNull>().is_some() {
        out.push_str("null");
    } else if let Ok(items) = <&[Box<dyn Val + '_>]>::try_from(v) {
        if depth > 4 {
            out.push_str("[…]");
            return;
        }
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_value(&**item, out, depth + 1);
            if out.len() > MAX_PART * 4 {
                break;
            }
        }
    } else {
        out.push_str(&format!("{v:?}"));
    }
}
