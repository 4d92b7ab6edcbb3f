//! graph, matrix and export: check a file, then draw its chart.

use super::config_file::ConfigInUse;
use super::fs::read_file;
use super::includes::FsIncludes;
use super::paths::identity;
use super::{EXIT_FAILURE, error, print, print_err};
use crate::cli::{GraphArgs, GraphFormat};
use rolelint::Checked;
use rolelint::chart::Chart;
use rolelint::output::Format;
use rolelint::suggest::{did_you_mean, hint};
use std::path::{Path, PathBuf};

/// The file to draw: the one given, else the one root file `check` finds
/// from the current directory.
fn pick(file: Option<&Path>, loaded: &ConfigInUse) -> Result<PathBuf, String> {
    if let Some(file) = file {
        return Ok(file.to_path_buf());
    }
    let mut failures = super::Failures::default();
    let found = super::targets::walk(&loaded.cwd, loaded, &mut failures);
    // Fragments are drawn through their root: keep the files with `org`.
    let roots: Vec<PathBuf> = found
        .into_iter()
        .filter(|p| {
            read_file(p).is_ok_and(|bytes| {
                let (source, _) = rolelint::decode(&p.to_string_lossy(), &bytes);
                let loaded = rolelint::yaml::load(&source, rolelint::diagnostic::FileId(0));
                rolelint::schema::Kind::detect(&loaded.doc) == rolelint::schema::Kind::Root
            })
        })
        .collect();
    match roots.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!(
            "no roles file with `org` under . (looked for {}); name the file",
            loaded.config.files.join(", ")
        )),
        many => Err(format!(
            "{} roles files found ({}); name the one to draw",
            many.len(),
            many.iter()
                .take(5)
                .map(|p| identity(&loaded.cwd, p))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Check a file (with its fragments) and hand its chart to `then`. A file
/// that cannot be read or has no usable structure is exit 2, with its
/// findings on stderr.
fn with_chart(
    file: Option<&Path>,
    config: Option<&Path>,
    then: impl FnOnce(&Chart, &Checked) -> u8,
) -> u8 {
    let mut failures = super::Failures::default();
    let Some(loaded) = super::config_file::load_config(config, false, &mut failures) else {
        return failures.report();
    };
    let file = match pick(file, &loaded) {
        Ok(file) => file,
        Err(reason) => {
            error(&reason);
            return EXIT_FAILURE;
        }
    };
    let file = file.as_path();
    // Named and configured as `check` names and configures it: a rule
    // turned off in `.rolelint.yaml` does not colour the chart.
    let name_of = |path: &Path| identity(&loaded.root, path);
    let name = name_of(file);
    let mut settings = loaded.settings_for(&name, &[]);
    settings.set_keep_chart(true);
    let bytes = match read_file(file) {
        Ok(bytes) => bytes,
        Err(reason) => {
            error(&format!("{name}: {reason}"));
            return EXIT_FAILURE;
        }
    };
    let checked = rolelint::check_unit(&name, &bytes, &settings, &FsIncludes::new(file, &name_of));
    if let Some(chart) = &checked.chart {
        then(chart, &checked)
    } else {
        let report = loaded.report(vec![checked]);
        print_err(&Format::Human.render(&report, false, true));
        error(&format!(
            "{name}: no organisation to draw (see the findings above)"
        ));
        EXIT_FAILURE
    }
}

pub(super) fn graph(args: &GraphArgs, config: Option<&Path>) -> u8 {
    with_chart(args.file.as_deref(), config, |chart, checked| {
        let Some(selected) = chart.select(args.root.as_deref(), args.depth) else {
            let root = args.root.as_deref().unwrap_or_default();
            let hint = hint(did_you_mean(
                root,
                chart.roles.iter().map(|r| r.id.as_str()),
            ));
            error(&format!("no role `{root}`{hint}"));
            return EXIT_FAILURE;
        };
        let findings = args.findings.then(|| chart.findings(&checked.diagnostics));
        let text = match args.format {
            GraphFormat::Mermaid => rolelint::picture::mermaid(chart, &selected, findings.as_ref()),
            GraphFormat::Dot => rolelint::picture::dot(chart, &selected, findings.as_ref()),
        };
        print(&text)
    })
}

pub(super) fn matrix(file: Option<&Path>, config: Option<&Path>) -> u8 {
    with_chart(file, config, |chart, _| {
        print(&rolelint::picture::matrix(chart))
    })
}

pub(super) fn backstage(file: Option<&Path>, config: Option<&Path>) -> u8 {
    with_chart(file, config, |chart, checked| {
        print(&rolelint::export::backstage::backstage(chart, checked))
    })
}
