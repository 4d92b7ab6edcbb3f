//! The type check of calls: operators, conversions and string methods.

use super::typecheck::{Checker, Ty};
use crate::suggest::did_you_mean;
use cel::IdedExpr;
use cel::common::ast::operators;

/// Methods on strings, with the types of their arguments and result.
const STRING_METHODS: &[(&str, &[Ty], Ty)] = &[
    ("contains", &[Ty::String], Ty::Bool),
    ("startsWith", &[Ty::String], Ty::Bool),
    ("endsWith", &[Ty::String], Ty::Bool),
    ("size", &[], Ty::Int),
    ("lowerAscii", &[], Ty::String),
    ("upperAscii", &[], Ty::String),
    ("trim", &[], Ty::String),
    ("charAt", &[Ty::Int], Ty::String),
    ("indexOf", &[Ty::String], Ty::Int),
    ("lastIndexOf", &[Ty::String], Ty::Int),
    ("substring", &[Ty::Int, Ty::Int], Ty::String),
    ("replace", &[Ty::String, Ty::String], Ty::String),
];

/// Global functions (conversions and `size`).
const FUNCTIONS: &[&str] = &[
    "size", "int", "uint", "double", "string", "bool", "type", "dyn",
];

/// Every function and method the checker accepts, for did-you-mean.
fn known_functions() -> impl Iterator<Item = &'static str> {
    STRING_METHODS
        .iter()
        .map(|(name, _, _)| *name)
        .chain(FUNCTIONS.iter().copied())
        .chain([
            "split",
            "join",
            "exists",
            "all",
            "exists_one",
            "map",
            "filter",
            "has",
        ])
}

impl Checker<'_> {
    pub(super) fn call(
        &mut self,
        id: u64,
        name: &str,
        target: Option<&IdedExpr>,
        args: &[IdedExpr],
    ) -> Ty {
        let receiver = target.map(|t| self.expr(t));
        let types: Vec<Ty> = args.iter().map(|a| self.expr(a)).collect();
        match (name, receiver.as_ref(), types.as_slice()) {
            (operators::LOGICAL_AND | operators::LOGICAL_OR, None, [a, b]) => {
                self.want(args[0].id, a, &Ty::Bool, "each side of `&&` and `||`");
                self.want(args[1].id, b, &Ty::Bool, "each side of `&&` and `||`");
                Ty::Bool
            }
            (operators::LOGICAL_NOT | operators::NOT_STRICTLY_FALSE, None, [a]) => {
                self.want(args[0].id, a, &Ty::Bool, "the operand of `!`");
                Ty::Bool
            }
            (operators::CONDITIONAL, None, [c, a, b]) => {
                self.want(args[0].id, c, &Ty::Bool, "the condition of `? :`");
                if a == b { a.clone() } else { Ty::Dyn }
            }
            (operators::EQUALS | operators::NOT_EQUALS, None, [a, b]) => {
                if !(a.may_be(b)
                    || (a.is_number() && b.is_number())
                    || *a == Ty::Null
                    || *b == Ty::Null)
                {
                    self.error(
                        id,
                        format!("{} is never equal to {}", a.a(), b.a()),
                        comparison_help(a, b),
                    );
                }
                Ty::Bool
            }
            (
                operators::LESS
                | operators::LESS_EQUALS
                | operators::GREATER
                | operators::GREATER_EQUALS,
                None,
                [a, b],
            ) => {
                let ordered = |t: &Ty| {
                    t.is_number() || matches!(t, Ty::String | Ty::Bytes | Ty::Bool | Ty::Dyn)
                };
                let comparable = (a.is_number() && b.is_number()) || a.may_be(b);
                if !(ordered(a) && ordered(b) && comparable) {
                    self.error(
                        id,
                        format!("{} cannot be compared with {}", a.a(), b.a()),
                        comparison_help(a, b),
                    );
                }
                Ty::Bool
            }
            (operators::ADD, None, [a, b]) => match (a, b) {
                (Ty::Dyn, t) | (t, Ty::Dyn) => t.clone(),
                (Ty::List(x), Ty::List(y)) => {
                    Ty::List(Box::new(if x == y { (**x).clone() } else { Ty::Dyn }))
                }
                (a, b)
                    if a == b
                        && matches!(
                            a,
                            Ty::Int | Ty::Uint | Ty::Double | Ty::String | Ty::Bytes
                        ) =>
                {
                    a.clone()
                }
                _ => self.error(
                    id,
                    format!("{} and {} cannot be added", a.a(), b.a()),
                    (matches!(a, Ty::String) || matches!(b, Ty::String))
                        .then(|| "turn the other side into a string with `string(...)`".to_owned()),
                ),
            },
            (
                operators::SUBSTRACT | operators::MULTIPLY | operators::DIVIDE | operators::MODULO,
                None,
                [a, b],
            ) => match (a, b) {
                (Ty::Dyn, t) | (t, Ty::Dyn) if t.is_number() || *t == Ty::Dyn => t.clone(),
                (a, b) if a == b && a.is_number() => a.clone(),
                _ => self.error(
                    id,
                    format!(
                        "arithmetic needs two numbers of one type, found {} and {}",
                        a.a(),
                        b.a()
                    ),
                    (a.is_number() && b.is_number())
                        .then(|| "convert one side, e.g. `double(role.span)`".to_owned()),
                ),
            },
            (operators::NEGATE, None, [a]) => {
                if !(a.is_number() || *a == Ty::Dyn) {
                    self.error(id, format!("{} cannot be negated", a.a()), None);
                }
                a.clone()
            }
            (operators::INDEX, None, [container, index]) => match container {
                Ty::List(element) => {
                    self.want(args[1].id, index, &Ty::Int, "a list index");
                    (**element).clone()
                }
                Ty::Map(value) => (**value).clone(),
                Ty::ById(kind) => {
                    self.want(args[1].id, index, &Ty::String, "an id");
                    Ty::Subject(*kind)
                }
                Ty::Dyn => Ty::Dyn,
                other => self.error(id, format!("{} cannot be indexed", other.a()), None),
            },
            (operators::IN, None, [_, container]) => {
                if !matches!(container, Ty::List(_) | Ty::Map(_) | Ty::ById(_) | Ty::Dyn) {
                    self.error(
                        args[1].id,
                        format!(
                            "`in` needs a list or a map on its right, found {}",
                            container.a()
                        ),
                        None,
                    );
                }
                Ty::Bool
            }
            ("size", None, [a]) | ("size", Some(a), []) => {
                if !matches!(
                    a,
                    Ty::String | Ty::Bytes | Ty::List(_) | Ty::Map(_) | Ty::ById(_) | Ty::Dyn
                ) {
                    self.error(id, format!("{} has no size", a.a()), None);
                }
                Ty::Int
            }
            ("int", None, [_]) => Ty::Int,
            ("uint", None, [_]) => Ty::Uint,
            ("double", None, [_]) => Ty::Double,
            ("string", None, [_]) => Ty::String,
            ("bool", None, [_]) => Ty::Bool,
            ("dyn", None, [_]) => Ty::Dyn,
            ("type", None, [_]) => Ty::Type,
            ("join", Some(list), rest) if rest.len() <= 1 => {
                self.want(
                    target.map_or(id, |t| t.id),
                    list,
                    &Ty::List(Box::new(Ty::String)),
                    "the list joined",
                );
                if let Some(sep) = rest.first() {
                    self.want(args[0].id, sep, &Ty::String, "the separator");
                }
                Ty::String
            }
            ("split", Some(s), [sep]) => {
                self.want(
                    target.map_or(id, |t| t.id),
                    s,
                    &Ty::String,
                    "the string split",
                );
                self.want(args[0].id, sep, &Ty::String, "the separator");
                Ty::List(Box::new(Ty::String))
            }
            (method, Some(receiver), given) => {
                let Some((_, params, result)) =
                    STRING_METHODS.iter().find(|(n, _, _)| *n == method)
                else {
                    return self.unknown_function(id, method, true);
                };
                self.want(
                    target.map_or(id, |t| t.id),
                    receiver,
                    &Ty::String,
                    &format!("the receiver of `{method}`"),
                );
                if given.len() != params.len() {
                    return self.error(
                        id,
                        format!(
                            "`{method}` takes {} argument{}, found {}",
                            params.len(),
                            if params.len() == 1 { "" } else { "s" },
                            given.len()
                        ),
                        None,
                    );
                }
                for (i, (g, p)) in given.iter().zip(params.iter()).enumerate() {
                    self.want(
                        args[i].id,
                        g,
                        p,
                        &format!("argument {} of `{method}`", i + 1),
                    );
                }
                result.clone()
            }
            (function, None, _) => {
                if FUNCTIONS.contains(&function) {
                    self.error(id, format!("`{function}` takes one argument"), None)
                } else {
                    self.unknown_function(id, function, false)
                }
            }
        }
    }

    fn unknown_function(&mut self, id: u64, name: &str, method: bool) -> Ty {
        let help = if name == "matches" {
            Some("regular expressions are not available: use `contains`, `startsWith`, `endsWith` or `lowerAscii`".to_owned())
        } else {
            did_you_mean(name, known_functions()).map(|m| format!("did you mean `{m}`?"))
        };
        let what = if method { "method" } else { "function" };
        self.error_at(id, name, format!("unknown {what} `{name}`"), help)
    }
}

fn comparison_help(a: &Ty, b: &Ty) -> Option<String> {
    match (a, b) {
        (Ty::String, n) | (n, Ty::String) if n.is_number() => Some(
            "compare with a number literal (`4`, not `\"4\"`), or convert with `int(...)`"
                .to_owned(),
        ),
        (Ty::Subject(k), Ty::String) | (Ty::String, Ty::Subject(k)) => {
            Some(format!("compare ids: `{}.id`", k.variable()))
        }
        _ => None,
    }
}
