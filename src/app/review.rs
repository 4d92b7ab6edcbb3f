//! `rolelint diff`: what a change does to the organisation (docs/review.md).

use super::config_file::load_config;
use super::git::Revision;
use super::organisations::{check_at, check_head};
use super::paths::display_name;
use super::targets::Wanted;
use super::write::write_atomically;
use super::{EXIT_FAILURE, EXIT_OK, Failures, print};
use crate::cli::{DiffArgs, DiffFormat};
use rolelint::diff::Review;
use std::path::Path;

pub(super) fn run(args: &DiffArgs, config: Option<&Path>, quiet: bool) -> u8 {
    let mut failures = Failures::default();
    let Some(loaded) = load_config(config, false, &mut failures) else {
        return failures.report();
    };
    let revision = match Revision::resolve(&loaded.cwd, &args.base) {
        Ok(revision) => revision,
        Err(reason) => {
            failures.add(reason);
            return failures.report();
        }
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let wanted = Wanted {
        paths: &args.paths,
        force_exclude: false,
        stdin_filename: "<stdin>",
    };
    let (head, _, _) = check_head(&wanted, &loaded, &[], true, jobs, &mut failures);
    if !failures.messages.is_empty() {
        // Half a comparison would mislead: nothing is written.
        return failures.report();
    }
    let (base, known) = check_at(&revision, &head, &loaded, &[], true, jobs);
    let mut review = Review::new(
        args.base.clone(),
        revision.commit.clone(),
        base,
        head,
        &known,
    );
    let text = match args.format {
        DiffFormat::Human => rolelint::diff::human(&review),
        DiffFormat::Markdown => rolelint::diff::markdown(&review),
        DiffFormat::Json => rolelint::diff::json(&review),
    };
    let mut new = std::mem::take(&mut review.new);
    new.fail_on = args.fail_on.unwrap_or(rolelint::diagnostic::FailOn::Never);
    let introduced = new.failing();
    // The process is about to exit: no need to free the reports.
    std::mem::forget(review);
    std::mem::forget(new);
    let code = match &args.output {
        None if quiet => EXIT_OK,
        None => print(&text),
        Some(path) => match write_atomically(path, &text) {
            Ok(()) => EXIT_OK,
            Err(err) => {
                failures.add(format!("cannot write {}: {err}", display_name(path)));
                failures.report().max(EXIT_FAILURE)
            }
        },
    };
    if code == EXIT_OK && introduced {
        super::EXIT_FINDINGS
    } else {
        code
    }
}
