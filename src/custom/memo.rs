//! Evaluating an expression once per distinct input. CEL has no side
//! effects and `org` is the same for every subject of a check, so when an
//! expression reads its subject only through fields (`role.span`,
//! `has(role.x.level)`, `size(person.roles)`), subjects whose fields have
//! the same values get the same result: the expression is evaluated for
//! the first of them, and the others reuse it. The key is the values of
//! those fields, written out; an expression that uses its subject any
//! other way (`r == role`) is evaluated for every subject.

use super::value::Subject;
use cel::IdedExpr;
use cel::common::ast::{EntryExpr, Expr};
use cel::common::traits::Indexer as _;
use cel::common::types::{CelBool, CelDouble, CelInt, CelNull, CelString, CelUInt};
use cel::common::value::{CowVal, Val};
use foldhash::HashMap;

/// What an expression reads of its subject.
#[derive(Debug, PartialEq, Eq)]
enum Input {
    /// The value at a path of fields (`role.x.level`).
    Value(Vec<String>),
    /// Whether the last field of the path is set (`has(role.holder)`).
    Presence(Vec<String>),
    /// The size of the value at a path (`size(person.roles)`).
    Size(Vec<String>),
}

/// How to key an expression's evaluations, when it can be.
#[derive(Debug, Default)]
pub struct Plan {
    inputs: Vec<Input>,
}

/// The fields of `e` from the subject variable `var` down, when `e` is
/// such a chain: `role.x.level` is `["x", "level"]`.
fn path(e: &IdedExpr, var: &str) -> Option<Vec<String>> {
    match &e.expr {
        Expr::Select(s) if !s.test => {
            if matches!(&s.operand.expr, Expr::Ident(name) if name == var) {
                return Some(vec![s.field.clone()]);
            }
            let mut inner = path(&s.operand, var)?;
            inner.push(s.field.clone());
            Some(inner)
        }
        _ => None,
    }
}

struct Planner<'a> {
    var: &'a str,
    inputs: Vec<Input>,
    ok: bool,
}

impl Planner<'_> {
    fn add(&mut self, input: Input) {
        if !self.inputs.contains(&input) {
            self.inputs.push(input);
        }
    }

    fn visit(&mut self, e: &IdedExpr) {
        if !self.ok {
            return;
        }
        if let Some(p) = path(e, self.var) {
            self.add(Input::Value(p));
            return;
        }
        match &e.expr {
            Expr::Ident(name) if name == self.var => self.ok = false,
            Expr::Select(s) if s.test => match path(&s.operand, self.var) {
                Some(mut p) => {
                    p.push(s.field.clone());
                    self.add(Input::Presence(p));
                }
                None => self.visit(&s.operand),
            },
            Expr::Select(s) => self.visit(&s.operand),
            Expr::Call(call) => {
                let sized = match (
                    call.func_name.as_str(),
                    call.target.as_deref(),
                    call.args.as_slice(),
                ) {
                    ("size", None, [arg]) | ("size", Some(arg), []) => path(arg, self.var),
                    _ => None,
                };
                if let Some(p) = sized {
                    self.add(Input::Size(p));
                    return;
                }
                if let Some(t) = call.target.as_deref() {
                    self.visit(t);
                }
                for a in &call.args {
                    self.visit(a);
                }
            }
            Expr::Comprehension(c) => {
                if c.iter_var == self.var
                    || c.accu_var == self.var
                    || c.iter_var2.as_deref() == Some(self.var)
                {
                    self.ok = false;
                    return;
                }
                for part in [
                    &c.iter_range,
                    &c.accu_init,
                    &c.loop_cond,
                    &c.loop_step,
                    &c.result,
                ] {
                    self.visit(part);
                }
            }
            Expr::List(list) => list.elements.iter().for_each(|x| self.visit(x)),
            Expr::Map(map) => {
                for entry in &map.entries {
                    if let EntryExpr::MapEntry(m) = &entry.expr {
                        self.visit(&m.key);
                        self.visit(&m.value);
                    }
                }
            }
            Expr::Struct(_) => self.ok = false,
            Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
        }
    }
}

/// How to key `e`, which reads its subject as `var`; `None` when it uses
/// the subject other than through fields.
#[must_use]
pub fn plan(e: &IdedExpr, var: &str) -> Option<Plan> {
    let mut planner = Planner {
        var,
        inputs: Vec::new(),
        ok: true,
    };
    planner.visit(e);
    planner.ok.then_some(Plan {
        inputs: planner.inputs,
    })
}

/// The value at `path` of a subject.
fn value_at<'a>(subject: &Subject<'a>, path: &[String]) -> Result<Box<dyn Val + 'a>, ()> {
    let (first, rest) = path.split_first().ok_or(())?;
    let mut value = subject
        .get(&CelString::from(first.as_str()))
        .map(CowVal::into_owned)
        .map_err(|_| ())?;
    for field in rest {
        let next = value
            .as_indexer()
            .ok_or(())?
            .get(&CelString::from(field.as_str()))
            .map(CowVal::into_owned)
            .map_err(|_| ())?;
        value = next;
    }
    Ok(value)
}

/// Write `v` as key bytes; `false` when its type cannot be written (then
/// the subject is evaluated without the cache).
fn encode(v: &dyn Val, out: &mut Vec<u8>) -> bool {
    if let Ok(s) = <&str>::try_from(v) {
        out.push(b's');
        out.extend_from_slice(&s.len().to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    } else if let Some(i) = v.downcast_ref::<CelInt>() {
        out.push(b'i');
        out.extend_from_slice(&i64::from(*i).to_le_bytes());
    } else if let Some(u) = v.downcast_ref::<CelUInt>() {
        out.push(b'u');
        out.extend_from_slice(&u64::from(*u).to_le_bytes());
    } else if let Some(d) = v.downcast_ref::<CelDouble>() {
        out.push(b'd');
        out.extend_from_slice(&f64::from(*d).to_bits().to_le_bytes());
    } else if let Some(b) = v.downcast_ref::<CelBool>() {
        out.push(if bool::from(*b) { b'T' } else { b'F' });
    } else if v.downcast_ref::<CelNull>().is_some() {
        out.push(b'n');
    } else if let Ok(items) = <&[Box<dyn Val + '_>]>::try_from(v) {
        out.push(b'[');
        out.extend_from_slice(&items.len().to_le_bytes());
        for item in items {
            if !encode(&**item, out) {
                return false;
            }
        }
    } else {
        return false;
    }
    true
}

fn size(v: &dyn Val) -> Option<i64> {
    if let Ok(s) = <&str>::try_from(v) {
        return i64::try_from(s.chars().count()).ok();
    }
    v.as_sizer().map(|s| i64::from(s.size()))
}

impl Plan {
    /// The key of a subject's evaluation; `None` when a value cannot be
    /// written.
    fn key(&self, subject: &Subject<'_>, key: &mut Vec<u8>) -> Option<()> {
        key.clear();
        for input in &self.inputs {
            match input {
                Input::Value(p) if p.len() == 1 && p[0] == "success_metrics" => {
                    if !subject.write_metrics(key) {
                        return None;
                    }
                }
                Input::Value(p) => match value_at(subject, p) {
                    Ok(v) => {
                        key.push(b'v');
                        if !encode(&*v, key) {
                            return None;
                        }
                    }
                    Err(()) => key.push(b'!'),
                },
                Input::Presence(p) => {
                    // The path up to the last field fails as reading it would.
                    let (_, parent) = p.split_last()?;
                    if !parent.is_empty() && value_at(subject, parent).is_err() {
                        key.push(b'!');
                    } else {
                        key.push(if value_at(subject, p).is_ok() {
                            b'1'
                        } else {
                            b'0'
                        });
                    }
                }
                Input::Size(p) => match p
                    .as_slice()
                    .first()
                    .filter(|_| p.len() == 1)
                    .and_then(|f| subject.len(f))
                    .and_then(|n| i64::try_from(n).ok())
                    .or_else(|| value_at(subject, p).ok().as_deref().and_then(size))
                {
                    Some(n) => {
                        key.push(b'#');
                        key.extend_from_slice(&n.to_le_bytes());
                    }
                    // A value with no size: evaluated without the cache.
                    None => return None,
                },
            }
        }
        Some(())
    }
}

/// The results of one expression by key.
#[derive(Default)]
pub struct Cache {
    results: HashMap<Vec<u8>, Result<bool, String>>,
    /// The key being built, kept between subjects.
    key: Vec<u8>,
}

impl Cache {
    /// The result for `subject`: from the cache when a subject with the
    /// same inputs was evaluated, else from `evaluate`.
    pub fn get(
        &mut self,
        plan: Option<&Plan>,
        subject: &Subject<'_>,
        evaluate: impl FnOnce() -> Result<bool, String>,
    ) -> Result<bool, String> {
        let Some(plan) = plan else {
            return evaluate();
        };
        if plan.key(subject, &mut self.key).is_none() {
            return evaluate();
        }
        if let Some(found) = self.results.get(self.key.as_slice()) {
            return found.clone();
        }
        let result = evaluate();
        self.results.insert(self.key.clone(), result.clone());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(text: &str) -> Option<Vec<Input>> {
        let program = super::super::env().compile(text).expect("compiles");
        plan(program.expression(), "role").map(|p| p.inputs)
    }

    fn path(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn inputs_are_the_fields_read() {
        assert_eq!(
            plan_of("has(role.x.level) && role.x.level == 'director'"),
            Some(vec![
                Input::Presence(path(&["x", "level"])),
                Input::Value(path(&["x", "level"]))
            ])
        );
        assert_eq!(
            plan_of("size(role.reports) <= 3"),
            Some(vec![Input::Size(path(&["reports"]))])
        );
        assert_eq!(
            plan_of("role.reports.size() <= 3"),
            Some(vec![Input::Size(path(&["reports"]))])
        );
        assert_eq!(
            plan_of("role.span >= org.roles_by_id[role.manager].span"),
            Some(vec![
                Input::Value(path(&["span"])),
                Input::Value(path(&["manager"]))
            ])
        );
    }

    #[test]
    fn a_subject_used_whole_is_not_keyed() {
        assert_eq!(plan_of("org.roles.exists(r, r == role)"), None);
        assert_eq!(plan_of("org.roles.all(role, role.span < 10)"), None);
        assert!(plan_of("org.roles.all(r, r.span < role.span)").is_some());
    }
}
