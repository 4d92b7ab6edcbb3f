//! Exports of the organisation for other tools.

pub mod backstage;
