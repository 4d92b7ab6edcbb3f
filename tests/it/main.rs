//! The integration tests, as one test binary: on 2 cores, linking one
//! binary instead of fourteen is a large part of CI time.

#[allow(dead_code)]
mod common;

mod action;
mod adoption;
mod ci_formats;
mod cli;
mod crash;
mod custom_rules;
mod fix_writes;
mod fixes;
mod fragments;
mod hostile;
mod import;
mod line_breaks;
#[allow(dead_code)]
mod lsp_client;
mod new_user;
mod output_files;
mod paths;
mod pictures;
mod properties;
mod readme;
mod registry_outputs;
mod review;
mod revisions;
mod rule_docs;
mod scenarios;
mod schema_errors;
mod server;
mod server_edits;
mod server_navigation;
mod server_robustness;
mod server_version2;
mod suppressions;
mod tags;
mod version2;
