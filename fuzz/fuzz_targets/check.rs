//! Load, check and render in every format: nothing may panic, and the
//! machine formats must stay well-formed whatever the bytes are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rolelint::output::{Format, Report};
use rolelint::{Settings, check_bytes};

fuzz_target!(|data: &[u8]| {
    let checked = check_bytes("roles.yaml", data, &Settings::default());
    for d in &checked.diagnostics {
        let source = &checked.sources[d.primary.file.0 as usize];
        assert!(d.primary.span.end <= source.text().len());
        let _ = source.position(d.primary.span.end);
    }
    let report = Report { units: vec![checked], ..Report::default() };
    for format in [Format::Json, Format::Sarif, Format::Gitlab] {
        let text = format.render(&report, false, true);
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    }
    for format in [Format::Human, Format::Github, Format::Markdown, Format::Junit] {
        let _ = format.render(&report, false, true);
    }
});
