//! Like `check`, for large inputs (run with `-max_len=1048576` and the YAML
//! dictionary `yaml.dict`): long lines, deep flow, anchors and aliases.
//! Besides no panic, the human report must stay proportional to the
//! findings: a long line is cropped, never repeated whole per finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolelint::output::{Format, Report};
use rolelint::{Settings, check_bytes};

fuzz_target!(|data: &[u8]| {
    if data.len() > 1024 * 1024 {
        return;
    }
    let checked = check_bytes("roles.yaml", data, &Settings::default());
    let findings = checked.diagnostics.len();
    let report = Report {
        units: vec![checked],
        ..Report::default()
    };
    let human = Format::Human.render(&report, false, true);
    assert!(
        human.len() <= 8_000 * findings + 8_000,
        "{} bytes of human output for {findings} findings",
        human.len()
    );
    let sarif = Format::Sarif.render(&report, false, true);
    assert!(serde_json::from_str::<serde_json::Value>(&sarif).is_ok());
    let markdown = Format::Markdown.render(&report, false, true);
    assert!(markdown.len() < 1024 * 1024);
});
