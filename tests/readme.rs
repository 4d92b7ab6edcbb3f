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
