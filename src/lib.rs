//! rolelint: lint organisation-design documents (`roles.yaml`).
pub mod diagnostic;
pub mod source;
pub mod yaml;
