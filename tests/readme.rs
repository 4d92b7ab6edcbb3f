//! The README shows real output: every block of its "What it looks like"
//! excerpt appears verbatim in the output of checking the example.

use std::process::Command;

#[test]
fn readme_excerpt_is_real_output() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let start = readme.find("## What it looks like").expect("section");
    let block_start =
        readme[start..].find("```text\n").expect("text block") + start + "```text\n".len();
    let block_end = readme[block_start..].find("```").expect("end of block") + block_start;
    let excerpt = &readme[block_start..block_end];
    let output = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(["check", "--color", "never", "examples/broken.yaml"])
        .output()
        .expect("rolelint runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    for part in excerpt.split("\n\n") {
        assert!(
            stdout.contains(part.trim_end()),
            "README block is not in the real output:\n{part}"
        );
    }
}

#[test]
fn readme_format_samples_are_real_output() {
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let mut checked = 0;
    for chunk in readme.split("<!-- sample: ").skip(1) {
        let format = chunk.split_whitespace().next().expect("format");
        let start = chunk.find("```").expect("block");
        let body_start = chunk[start..].find('\n').expect("fence line") + start + 1;
        let body_end = chunk[body_start..].find("```").expect("closing fence") + body_start;
        let expected = &chunk[body_start..body_end];
        let output = Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args([
                "check",
                "tests/scenarios/grown-45-people-heavy.yaml",
                "-f",
                format,
            ])
            .output()
            .expect("rolelint runs");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            expected,
            "README sample for {format} is stale"
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
}
