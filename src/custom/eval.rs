//! Running custom rules over an organisation: each rule over each of its
//! subjects, a failure on one subject a finding there, never a stop.

use super::cost::{self, Sizes};
use super::fields::Kind;
use super::memo;
use super::org_value::{Lists, OrgValue};
use super::typecheck::Range;
use super::value::{Data, Subject};
use super::{CustomRule, CustomRules, Expression};
use crate::diagnostic::{Diagnostic, Loc, Severity};
use crate::format::Org;
use crate::rules::Context;
use cel::ExecutionError;
use cel::common::traits::Indexer as _;
use cel::common::types::CelBool;
use cel::common::types::CelString;
use cel::common::value::CowVal;
use cel::common::value::Val;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What makes a subject's expression false, true, or fail.
fn truth(e: &Expression, ctx: &cel::Context<'_, '_>) -> Result<bool, String> {
    match cel::Value::resolve_val(e.root(), ctx) {
        Ok(v) => match v.downcast_ref::<CelBool>() {
            Some(b) => Ok(bool::from(*b)),
            None => Err(format!("it gave a {}, not a bool", v.get_type().name())),
        },
        Err(err) => Err(describe(&err)),
    }
}

fn describe(err: &ExecutionError) -> String {
    match err {
        ExecutionError::NoSuchKey(key) => {
            format!("`{key}` is not set here")
        }
        other => other.to_string(),
    }
}

/// The longest each list an expression iterates can be, and the bulk of
/// the largest string or list, for [`cost::bound`].
struct Bounds<'a> {
    data: &'a Data<'a>,
    fields: std::cell::RefCell<HashMap<(Kind, &'static str), u64>>,
    unknown: u64,
    bulk: u64,
}

impl<'a> Bounds<'a> {
    fn new(data: &'a Data<'a>, files: usize) -> Self {
        let ctx = data.ctx;
        let (mut longest_list, mut longest_string) = (0usize, 0usize);
        for f in 0..files {
            let doc = ctx.doc(crate::diagnostic::FileId(f as u32));
            longest_list = longest_list.max(doc.longest_sequence());
            longest_string = longest_string.max(doc.longest_string());
        }
        let counts = Kind::ALL.iter().map(|&k| data.count(k)).max().unwrap_or(0);
        let unknown = (counts.max(longest_list).max(longest_string) as u64).max(1);
        let bulk = (longest_list.max(longest_string).max(counts) as u64)
            .div_ceil(32)
            .max(1);
        Self {
            data,
            fields: std::cell::RefCell::new(HashMap::new()),
            unknown,
            bulk,
        }
    }

    fn range(&self, range: Range) -> u64 {
        match range {
            Range::Literal(n) => n as u64,
            Range::Unknown => self.unknown,
            Range::Field(Kind::Org, field) => match field {
                "roles" => self.data.count(Kind::Role) as u64,
                "people" => self.data.count(Kind::Person) as u64,
                "teams" => self.data.count(Kind::Team) as u64,
                "areas" => self.data.count(Kind::Area) as u64,
                _ => self.unknown,
            },
            Range::Field(kind, field) => *self
                .fields
                .borrow_mut()
                .entry((kind, field))
                .or_insert_with(|| self.longest(kind, field)),
        }
    }

    /// The most items `field` has on any subject of `kind`.
    fn longest(&self, kind: Kind, field: &'static str) -> u64 {
        let key = CelString::from(field);
        (0..self.data.count(kind))
            .filter_map(|index| {
                let subject = Subject {
                    data: self.data,
                    kind,
                    index,
                };
                let value = subject.get(&key).ok()?;
                let items = <&[Box<dyn Val + '_>]>::try_from(&*value).ok()?.len();
                Some(items as u64)
            })
            .max()
            .unwrap_or(0)
    }
}

/// Where a finding of `rule` on a subject goes: its `at` key when it has
/// one, else its id.
fn location(rule: &CustomRule, data: &Data<'_>, kind: Kind, index: usize) -> Loc {
    let ctx = data.ctx;
    let (file, pointer) = data.pointer(kind, index);
    let doc = ctx.doc(file);
    if let Some(at) = &rule.at {
        let at_pointer = format!("{pointer}/{}", at.replace('~', "~0").replace('/', "~1"));
        if doc.pointer(&at_pointer).is_some() {
            return ctx.value_loc(file, &at_pointer);
        }
    }
    match kind {
        Kind::Org => ctx.org_loc,
        _ => ctx.value_loc(file, &format!("{pointer}/id")),
    }
}

/// Run every enabled custom rule. `severity` gives a rule's severity, or
/// `None` when it is off for this file.
pub fn run(
    rules: &CustomRules,
    severity: &dyn Fn(&CustomRule) -> Option<Severity>,
    ctx: &Context<'_>,
    org: Option<&Org>,
    files: usize,
    out: &mut Vec<Diagnostic>,
) {
    let enabled: Vec<(&CustomRule, Severity)> = rules
        .rules
        .iter()
        .filter_map(|r| severity(r).map(|s| (r, s)))
        .collect();
    if enabled.is_empty() {
        return;
    }
    let data = Data::new(ctx, org);
    let mut kinds: Vec<Kind> = Vec::new();
    for (rule, _) in &enabled {
        for e in rule.expressions() {
            kinds.extend(e.checked.lists.iter().copied());
        }
    }
    let lists = Lists::new(&data, &kinds);
    let bounds = Bounds::new(&data, files);
    let range = |r: Range| bounds.range(r);
    let sizes = Sizes {
        range: &range,
        bulk: bounds.bulk,
    };
    let mut root = cel::Context::with_env(super::env().clone());
    root.add_variable_as_val(
        "org",
        Box::new(OrgValue {
            data: &data,
            lists: &lists,
        }),
    );
    let mut spent: u64 = 0;
    for (rule, severity) in enabled {
        let subjects = data.count(rule.kind) as u64;
        let each = rule
            .expressions()
            .map(|e| cost::bound(e.root(), &e.checked.ranges, &sizes))
            .fold(0u64, u64::saturating_add);
        let total = each.saturating_mul(subjects);
        if each > cost::SUBJECT_LIMIT || spent.saturating_add(total) > cost::CHECK_LIMIT {
            let limit = if each > cost::SUBJECT_LIMIT {
                format!(
                    "up to {each} steps for one of its {}, over the limit of {}",
                    rule.kind.plural(),
                    cost::SUBJECT_LIMIT
                )
            } else {
                format!(
                    "up to {total} steps on this organisation, over what is left of the limit of {} for all custom rules",
                    cost::CHECK_LIMIT
                )
            };
            let mut d = Diagnostic::new(
                rule.name,
                format!("custom rule `{}` was not run: it could take {limit}", rule.name),
                ctx.org_loc,
            )
            .severity(severity)
            .help("iterate over a subject's own lists (`role.reports`, `team.members`) or look up by id (`org.roles_by_id[role.reports_to]`) instead of going through `org.roles` for every subject");
            d.node = Some("/org".to_owned());
            out.push(d);
            continue;
        }
        spent += total;
        let count = data.count(rule.kind);
        let resolver = SubjectResolver {
            data: &data,
            kind: rule.kind,
            index: AtomicUsize::new(0),
        };
        let mut scope = root.new_inner_scope();
        if rule.kind != Kind::Org {
            scope.set_variable_resolver(&resolver);
        }
        let mut memo = Memo::new(rule);
        for index in 0..count {
            resolver.index.store(index, Ordering::Relaxed);
            let subject = Subject {
                data: &data,
                kind: rule.kind,
                index,
            };
            if let Some(d) = evaluate(rule, &scope, &subject, &mut memo) {
                out.push(d.severity(severity));
            }
        }
    }
}

/// The subject of the evaluation under way, as its variable (`role`), and
/// its fields as names (`role.span`): the interpreter asks for the whole
/// name first, so a field is read without another lookup.
struct SubjectResolver<'a> {
    data: &'a Data<'a>,
    kind: Kind,
    index: AtomicUsize,
}

impl cel::context::VariableResolver for SubjectResolver<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        let rest = variable.strip_prefix(self.kind.variable())?;
        let subject = Subject {
            data: self.data,
            kind: self.kind,
            index: self.index.load(Ordering::Relaxed),
        };
        if rest.is_empty() {
            return Some(CowVal::owned(subject));
        }
        let field = rest.strip_prefix('.')?;
        if field.contains('.') {
            return None;
        }
        subject
            .get(&CelString::from(field))
            .ok()
            .map(CowVal::into_owned)
            .map(CowVal::Owned)
    }
}

/// The caches of a rule's `where` and `assert` ([`super::memo`]).
struct Memo {
    filter_plan: Option<memo::Plan>,
    assert_plan: Option<memo::Plan>,
    filter: memo::Cache,
    assert: memo::Cache,
}

impl Memo {
    fn new(rule: &CustomRule) -> Self {
        // The organisation is one subject: nothing to reuse.
        let plan = |e: &Expression| {
            (rule.kind != Kind::Org)
                .then(|| memo::plan(e.root(), rule.kind.variable()))
                .flatten()
        };
        Self {
            filter_plan: rule.filter.as_ref().and_then(plan),
            assert_plan: plan(&rule.assert),
            filter: memo::Cache::default(),
            assert: memo::Cache::default(),
        }
    }
}

/// A finding of `rule` on one subject, if it has one.
fn evaluate(
    rule: &CustomRule,
    scope: &cel::Context<'_, '_>,
    subject: &Subject<'_>,
    memo: &mut Memo,
) -> Option<Diagnostic> {
    let (data, index) = (subject.data, subject.index);
    let kind = rule.kind;
    let id = data.id(kind, index);
    let failed = |what: &str, why: String| {
        let subject = if kind == Kind::Org {
            "the organisation".to_owned()
        } else {
            format!("{} `{id}`", kind.variable())
        };
        let mut d = Diagnostic::new(
            rule.name,
            format!(
                "`{what}` of custom rule `{}` could not be evaluated on {subject}: {why}",
                rule.name
            ),
            location(rule, data, kind, index),
        )
        .help(
            "test optional fields with `has(...)` before reading them (`has(role.holder) && ...`)",
        );
        if kind == Kind::Org {
            d.node = Some("/org".to_owned());
        } else {
            d = d.id(id);
        }
        d
    };
    if let Some(filter) = &rule.filter {
        let plan = memo.filter_plan.as_ref();
        match memo.filter.get(plan, subject, || truth(filter, scope)) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(why) => return Some(failed("where", why)),
        }
    }
    let plan = memo.assert_plan.as_ref();
    match memo
        .assert
        .get(plan, subject, || truth(&rule.assert, scope))
    {
        Ok(true) => None,
        Err(why) => Some(failed("assert", why)),
        Ok(false) => {
            let message = rule.message.as_ref().map_or_else(
                || {
                    if kind == Kind::Org {
                        rule.summary.clone()
                    } else {
                        format!("{} `{id}`: {}", kind.variable(), rule.summary)
                    }
                },
                |m| m.render(scope),
            );
            let mut d = Diagnostic::new(rule.name, message, location(rule, data, kind, index));
            if let Some(help) = &rule.help {
                d = d.help(help.clone());
            }
            if kind == Kind::Org {
                d.node = Some("/org".to_owned());
            } else {
                d = d.id(id);
            }
            Some(d)
        }
    }
}
