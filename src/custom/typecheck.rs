//! The type check of a custom rule's expression, when the configuration is
//! read: every variable, field and function is known, and operands have
//! types their operators accept. The crate evaluates expressions without
//! declarations; this pass is what turns a misspelt field into an error at
//! its column instead of a finding on every subject.
//!
//! It also records, for each comprehension, where its list comes from, so
//! that the cost of an evaluation can be bounded before it runs
//! ([`super::cost`]).

use super::fields::{FieldType, Kind};
use crate::suggest::did_you_mean;
use cel::IdedExpr;
use cel::common::ast::{EntryExpr, Expr, LiteralValue, operators};
use std::collections::HashMap;

/// A type as far as the checker knows it; `Dyn` is anything.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Dyn,
    Bool,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Null,
    Type,
    List(Box<Ty>),
    Map(Box<Ty>),
    Subject(Kind),
    ById(Kind),
}

impl Ty {
    fn of(field: FieldType) -> Ty {
        match field {
            FieldType::Bool => Ty::Bool,
            FieldType::Int => Ty::Int,
            FieldType::String => Ty::String,
            FieldType::Ids => Ty::List(Box::new(Ty::String)),
            FieldType::Map => Ty::Map(Box::new(Ty::Dyn)),
            FieldType::Metrics => Ty::List(Box::new(Ty::Map(Box::new(Ty::String)))),
            FieldType::Subjects(kind) => Ty::List(Box::new(Ty::Subject(kind))),
            FieldType::ById(kind) => Ty::ById(kind),
        }
    }

    /// The name in messages.
    pub fn name(&self) -> String {
        match self {
            Ty::Dyn => "dyn".to_owned(),
            Ty::Bool => "bool".to_owned(),
            Ty::Int => "int".to_owned(),
            Ty::Uint => "uint".to_owned(),
            Ty::Double => "double".to_owned(),
            Ty::String => "string".to_owned(),
            Ty::Bytes => "bytes".to_owned(),
            Ty::Null => "null".to_owned(),
            Ty::Type => "type".to_owned(),
            Ty::List(t) => format!("list of {}", t.name()),
            Ty::Map(_) => "map".to_owned(),
            Ty::Subject(k) => k.variable().to_owned(),
            Ty::ById(k) => format!("map of {} by id", k.plural()),
        }
    }

    /// The name with its article: "an int", "a string".
    pub fn a(&self) -> String {
        let name = self.name();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    pub(super) fn is_number(&self) -> bool {
        matches!(self, Ty::Int | Ty::Uint | Ty::Double)
    }

    /// Whether a value of this type can be `want`.
    pub fn may_be(&self, want: &Ty) -> bool {
        match (self, want) {
            (Ty::Dyn, _) | (_, Ty::Dyn) => true,
            (Ty::List(a), Ty::List(b)) | (Ty::Map(a), Ty::Map(b)) => a.may_be(b),
            (a, b) => a == b,
        }
    }

    /// The elements a comprehension over a value of this type binds.
    fn element(&self) -> Option<Ty> {
        match self {
            Ty::Dyn => Some(Ty::Dyn),
            Ty::List(t) => Some((**t).clone()),
            Ty::Map(_) => Some(Ty::String),
            _ => None,
        }
    }
}

/// Where the list a comprehension iterates comes from, for the cost bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// A field of a subject: as long as that field is at most, in the
    /// organisation checked.
    Field(Kind, &'static str),
    /// A list literal of this many items.
    Literal(usize),
    /// Anything else: at most as long as the largest list the organisation
    /// can produce.
    Unknown,
}

/// A problem found by the check: the expression node and what is wrong.
#[derive(Debug)]
pub struct TypeError {
    pub node: u64,
    pub message: String,
    pub help: Option<String>,
    /// The name the error is about, to underline it whole.
    pub word: Option<String>,
}

/// The result of checking one expression.
#[derive(Debug, Default)]
pub struct Checked {
    pub ty: Option<Ty>,
    pub errors: Vec<TypeError>,
    /// The range of each comprehension, by node id.
    pub ranges: HashMap<u64, Range>,
    /// The kinds whose whole list (`org.roles`) it reads.
    pub lists: Vec<Kind>,
}

pub(super) struct Checker<'a> {
    pub(super) scope: Vec<(String, Ty)>,
    pub(super) out: &'a mut Checked,
}

/// Check `expr` with `variables` bound.
pub fn check(expr: &IdedExpr, variables: &[(&str, Ty)]) -> Checked {
    let mut out = Checked::default();
    let mut checker = Checker {
        scope: variables
            .iter()
            .map(|(n, t)| ((*n).to_owned(), t.clone()))
            .collect(),
        out: &mut out,
    };
    let ty = checker.expr(expr);
    out.ty = Some(ty);
    out
}

impl Checker<'_> {
    pub(super) fn error(&mut self, node: u64, message: String, help: Option<String>) -> Ty {
        self.out.errors.push(TypeError {
            node,
            message,
            help,
            word: None,
        });
        Ty::Dyn
    }

    /// An error about the name `word`.
    pub(super) fn error_at(
        &mut self,
        node: u64,
        word: &str,
        message: String,
        help: Option<String>,
    ) -> Ty {
        self.error(node, message, help);
        if let Some(last) = self.out.errors.last_mut() {
            last.word = Some(word.to_owned());
        }
        Ty::Dyn
    }

    pub(super) fn expr(&mut self, e: &IdedExpr) -> Ty {
        match &e.expr {
            Expr::Literal(literal) => match literal {
                LiteralValue::Boolean(_) => Ty::Bool,
                LiteralValue::Bytes(_) => Ty::Bytes,
                LiteralValue::Double(_) => Ty::Double,
                LiteralValue::Int(_) => Ty::Int,
                LiteralValue::Null => Ty::Null,
                LiteralValue::String(_) => Ty::String,
                LiteralValue::UInt(_) => Ty::Uint,
            },
            Expr::Ident(name) => self.ident(e.id, name),
            Expr::Select(select) => {
                let operand = self.expr(&select.operand);
                let ty = self.select(e.id, &operand, &select.field);
                if select.test { Ty::Bool } else { ty }
            }
            Expr::List(list) => {
                let mut element: Option<Ty> = None;
                for item in &list.elements {
                    let t = self.expr(item);
                    element = Some(match element {
                        Some(prev) if prev == t => prev,
                        Some(_) => Ty::Dyn,
                        None => t,
                    });
                }
                Ty::List(Box::new(element.unwrap_or(Ty::Dyn)))
            }
            Expr::Map(map) => {
                for entry in &map.entries {
                    if let EntryExpr::MapEntry(entry) = &entry.expr {
                        self.expr(&entry.key);
                        self.expr(&entry.value);
                    }
                }
                Ty::Map(Box::new(Ty::Dyn))
            }
            Expr::Struct(s) => self.error(
                e.id,
                format!(
                    "there are no message types: `{}` cannot be built",
                    s.type_name
                ),
                Some("build a map instead: `{\"key\": value}`".to_owned()),
            ),
            Expr::Comprehension(c) => {
                let range = self.expr(&c.iter_range);
                let source = self.range_of(&c.iter_range);
                self.out.ranges.insert(e.id, source);
                let Some(element) = range.element() else {
                    return self.error(
                        c.iter_range.id,
                        format!("cannot iterate over {}", range.a()),
                        Some("`all`, `exists`, `map` and `filter` take a list or a map".to_owned()),
                    );
                };
                let init = self.expr(&c.accu_init);
                let depth = self.scope.len();
                self.scope.push((c.accu_var.clone(), init));
                self.expr(&c.loop_cond);
                self.scope.push((c.iter_var.clone(), element));
                if let Some(second) = &c.iter_var2 {
                    self.scope.push((second.clone(), Ty::Dyn));
                }
                let step = self.expr(&c.loop_step);
                self.scope.truncate(depth);
                // The accumulator has the step's type from now on.
                self.scope.push((c.accu_var.clone(), step));
                let result = self.expr(&c.result);
                self.scope.truncate(depth);
                result
            }
            Expr::Call(call) => {
                self.call(e.id, &call.func_name, call.target.as_deref(), &call.args)
            }
            Expr::Unspecified => self.error(e.id, "an empty expression".to_owned(), None),
        }
    }

    fn ident(&mut self, id: u64, name: &str) -> Ty {
        if let Some((_, ty)) = self.scope.iter().rev().find(|(n, _)| n == name) {
            return ty.clone();
        }
        // Type names, as `type(x) == string` uses them.
        if matches!(
            name,
            "bool"
                | "int"
                | "uint"
                | "double"
                | "string"
                | "bytes"
                | "list"
                | "map"
                | "null_type"
                | "type"
        ) {
            return Ty::Type;
        }
        let visible: Vec<String> = self
            .scope
            .iter()
            .map(|(n, _)| n.clone())
            .filter(|n| !n.starts_with('@') && !n.starts_with("__"))
            .collect();
        let help = did_you_mean(name, visible.iter().map(String::as_str))
            .map(|m| format!("did you mean `{m}`?"))
            .or_else(|| {
                Some(format!(
                    "the variables here are {}",
                    visible
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            });
        self.error_at(id, name, format!("unknown variable `{name}`"), help)
    }

    fn select(&mut self, id: u64, operand: &Ty, field: &str) -> Ty {
        match operand {
            Ty::Subject(kind) => {
                if let Some(f) = kind.field(field) {
                    if let FieldType::Subjects(listed) = f.ty
                        && !self.out.lists.contains(&listed)
                    {
                        self.out.lists.push(listed);
                    }
                    Ty::of(f.ty)
                } else {
                    let help = did_you_mean(field, kind.fields().iter().map(|f| f.name))
                    .map(|m| format!("did you mean `{m}`?"))
                    .or_else(|| {
                        Some(format!(
                            "`rolelint explain custom-rules` lists the fields of `{}`; extension keys are `{}.x.NAME`",
                            kind.variable(),
                            kind.variable()
                        ))
                    });
                    self.error_at(
                        id,
                        field,
                        format!("`{}` has no field `{field}`", kind.variable()),
                        help,
                    )
                }
            }
            Ty::Map(value) => (**value).clone(),
            Ty::ById(kind) => Ty::Subject(*kind),
            Ty::Dyn => Ty::Dyn,
            other => self.error(
                id,
                format!("{} has no fields: `.{field}` cannot be read", other.a()),
                None,
            ),
        }
    }

    fn range_of(&self, e: &IdedExpr) -> Range {
        match &e.expr {
            Expr::List(list) => Range::Literal(list.elements.len()),
            Expr::Select(select) if !select.test => {
                let operand = Checker::static_type(&self.scope, &select.operand);
                match operand {
                    Some(Ty::Subject(kind)) => kind
                        .field(&select.field)
                        .map_or(Range::Unknown, |f| Range::Field(kind, f.name)),
                    _ => Range::Unknown,
                }
            }
            _ => Range::Unknown,
        }
    }

    /// The type of an identifier or a chain of field selections, without
    /// reporting anything (for [`Checker::range_of`]).
    fn static_type(scope: &[(String, Ty)], e: &IdedExpr) -> Option<Ty> {
        match &e.expr {
            Expr::Ident(name) => scope
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.clone()),
            Expr::Select(select) if !select.test => {
                match Checker::static_type(scope, &select.operand)? {
                    Ty::Subject(kind) => kind.field(&select.field).map(|f| Ty::of(f.ty)),
                    Ty::ById(kind) => Some(Ty::Subject(kind)),
                    _ => None,
                }
            }
            Expr::Call(call) if call.func_name == operators::INDEX && call.args.len() == 2 => {
                match Checker::static_type(scope, &call.args[0])? {
                    Ty::ById(kind) => Some(Ty::Subject(kind)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    pub(super) fn want(&mut self, node: u64, ty: &Ty, want: &Ty, what: &str) {
        if !ty.may_be(want) {
            self.error(
                node,
                format!("{what} must be {}, found {}", want.a(), ty.a()),
                None,
            );
        }
    }
}
