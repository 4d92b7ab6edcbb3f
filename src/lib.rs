//! rolelint: lint organisation-design documents (`roles.yaml`).
//!
//! The library turns bytes and settings into diagnostics and never prints:
//! [`check_bytes`] and [`check_unit`] are the entry points; the binary and
//! [`output`] do the I/O.

pub mod baseline;
pub mod chart;
mod check;
pub mod config;
pub mod custom;
pub mod decode;
pub mod diagnostic;
pub mod diff;
pub mod escape;
pub mod export;
pub mod fix;
pub mod fix_loop;
pub mod format;
pub mod import;
pub mod output;
pub mod picture;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod yaml;

pub use check::{
    Checked, Fetched, Includes, NoIncludes, Timings, check_bytes, check_unit, check_unit_owned,
    sort,
};
pub use config::Settings;
pub use decode::decode;
pub use diagnostic::Counts;
