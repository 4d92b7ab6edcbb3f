//! Values inside a subject: its `x-` keys, read when an expression reads
//! one, and its success metrics.

use super::fields::Kind;
use super::value::{Data, absent, field_name, optional, yaml_value};
use crate::format::Metric;
use crate::yaml::NodeId;
use cel::ExecutionError;
use cel::common::traits::Indexer;
use cel::common::types::{CelInt, Type};
use cel::common::value::{CowVal, Val};
use std::fmt;

/// A success metric: `name`, and `target` and `source` when written.
#[derive(Clone, Copy, Debug)]
pub(super) struct MetricValue<'a>(pub(super) &'a Metric);

impl Val for MetricValue<'_> {
    fn get_type(&self) -> &Type {
        &cel::common::types::MAP_TYPE
    }

    fn cel_type() -> &'static Type
    where
        Self: Sized,
    {
        &cel::common::types::MAP_TYPE
    }

    fn as_indexer<'b, 'v>(&'b self) -> Option<&'b (dyn Indexer + 'v)>
    where
        Self: 'v,
    {
        Some(self)
    }

    fn clone_as_boxed<'v>(&self) -> Box<dyn Val + 'v>
    where
        Self: 'v,
    {
        Box::new(*self)
    }
}

impl<'a> Indexer for MetricValue<'a> {
    fn get<'b, 'v>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'v>, ExecutionError>
    where
        Self: 'v,
    {
        let field = field_name(key)?;
        let value: Option<&'a str> = match (self.0, field) {
            (Metric::Text(name) | Metric::Detailed { name, .. }, "name") => Some(name),
            (Metric::Detailed { target, .. }, "target") => target.as_deref(),
            (Metric::Detailed { source, .. }, "source") => source.as_deref(),
            _ => None,
        };
        optional(value, field)
    }

    fn steal<'v>(self: Box<Self>, key: &dyn Val) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        Self: 'v,
    {
        self.get(key).map(CowVal::into_owned)
    }
}

/// A subject's `x-` keys without the prefix, read from its node when an
/// expression reads one: `role.x.level` is the value of `x-level`.
#[derive(Clone, Copy)]
pub(super) struct Extensions<'a> {
    pub(super) data: &'a Data<'a>,
    pub(super) kind: Kind,
    pub(super) index: usize,
}

impl<'a> Extensions<'a> {
    /// The entries of the subject's `x-` keys: (name without the prefix,
    /// value node).
    fn entries(&self) -> impl Iterator<Item = (&'a str, NodeId)> + 'a {
        self.data
            .extension_entries(self.kind, self.index)
            .iter()
            .map(|(name, node)| (&**name, *node))
    }
}

impl fmt::Debug for Extensions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "x of {} `{}`",
            self.kind.variable(),
            self.data.id(self.kind, self.index)
        )
    }
}

impl Val for Extensions<'_> {
    fn get_type(&self) -> &Type {
        &cel::common::types::MAP_TYPE
    }

    fn cel_type() -> &'static Type
    where
        Self: Sized,
    {
        &cel::common::types::MAP_TYPE
    }

    fn as_indexer<'b, 'v>(&'b self) -> Option<&'b (dyn Indexer + 'v)>
    where
        Self: 'v,
    {
        Some(self)
    }

    fn as_container(&self) -> Option<&dyn cel::common::traits::Container> {
        Some(self)
    }

    fn as_sizer(&self) -> Option<&dyn cel::common::traits::Sizer> {
        Some(self)
    }

    fn clone_as_boxed<'v>(&self) -> Box<dyn Val + 'v>
    where
        Self: 'v,
    {
        Box::new(*self)
    }
}

impl Indexer for Extensions<'_> {
    fn get<'b, 'v>(&'b self, key: &dyn Val) -> Result<CowVal<'b, 'v>, ExecutionError>
    where
        Self: 'v,
    {
        let name = field_name(key)?;
        let file = self.data.file_of(self.kind, self.index);
        let ctx = self.data.ctx;
        match self.entries().find(|(n, _)| *n == name) {
            Some((_, node)) => Ok(CowVal::Owned(yaml_value(
                ctx.doc(file),
                ctx.source(file),
                node,
            ))),
            None => absent(name),
        }
    }

    fn steal<'v>(self: Box<Self>, key: &dyn Val) -> Result<Box<dyn Val + 'v>, ExecutionError>
    where
        Self: 'v,
    {
        self.get(key).map(CowVal::into_owned)
    }
}

impl cel::common::traits::Container for Extensions<'_> {
    fn contains(&self, value: &dyn Val) -> Result<bool, ExecutionError> {
        let name = field_name(value)?;
        Ok(self.entries().any(|(n, _)| n == name))
    }
}

impl cel::common::traits::Sizer for Extensions<'_> {
    fn size(&self) -> CelInt {
        CelInt::from(i64::try_from(self.entries().count()).unwrap_or(i64::MAX))
    }
}
