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

/// A format's output as the README shows it. `junit` lists a test case per
/// rule: the README keeps the failing ones and says the others are there,
/// so adding a rule does not change it.
fn shown(format: &str, output: &str) -> String {
    if format != "junit" {
        return output.to_owned();
    }
    let mut out = String::new();
    for line in output.lines() {
        let passing = line.trim_start().starts_with("<testcase ") && line.ends_with("/>");
        if passing {
            continue;
        }
        let line = regex_free_count(line);
        out.push_str(&line);
        out.push('\n');
        if line.trim_start().starts_with("<testsuite ") {
            out.push_str("    <!-- and a passing <testcase/> for every other rule -->\n");
        }
    }
    out
}

/// ` tests="19"` as ` tests="N"`: the number of rules.
fn regex_free_count(line: &str) -> String {
    let Some(at) = line.find(" tests=\"") else {
        return line.to_owned();
    };
    let start = at + " tests=\"".len();
    let end = line[start..].find('"').map_or(start, |e| start + e);
    format!("{}N{}", &line[..start], &line[end..])
}

/// Checks (or, with `UPDATE_README=1`, rewrites) the README's format samples.
#[test]
fn readme_format_samples_are_real_output() {
    let mut readme = std::fs::read_to_string("README.md").expect("README.md");
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut checked = 0;
    let mut at = 0;
    while let Some(found) = readme[at..].find("<!-- sample: ") {
        let marker = at + found;
        let format = readme[marker + "<!-- sample: ".len()..]
            .split_whitespace()
            .next()
            .expect("format")
            .to_owned();
        let fence = readme[marker..].find("```").expect("block") + marker;
        let ticks = readme[fence..].chars().take_while(|&c| c == '`').count();
        let closing = format!("\n{}\n", "`".repeat(ticks));
        let body_start = readme[fence..].find('\n').expect("fence line") + fence + 1;
        let body_end = readme[body_start - 1..]
            .find(&closing)
            .expect("closing fence")
            + body_start;
        let output = Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args([
                "check",
                "tests/scenarios/grown-45-people-heavy.yaml",
                "-f",
                &format,
            ])
            .output()
            .expect("rolelint runs");
        let actual = shown(&format, &String::from_utf8_lossy(&output.stdout));
        if update {
            readme.replace_range(body_start..body_end, &actual);
        } else {
            assert_eq!(
                actual,
                &readme[body_start..body_end],
                "README sample for {format} is stale (UPDATE_README=1 rewrites it)"
            );
        }
        at = body_start + 1;
        checked += 1;
    }
    if update {
        std::fs::write("README.md", &readme).expect("write README.md");
    }
    assert_eq!(checked, 5);
}

/// Every code fence of the README (and of the docs) closes, and a line that
/// starts like a closing fence is one: three backticks followed by text
/// inside a block would not close it and would swallow the headings after
/// it.
#[test]
fn markdown_fences_balance() {
    let mut files = vec![std::path::PathBuf::from("README.md")];
    files.extend(
        std::fs::read_dir("docs")
            .expect("docs")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let mut open: Option<(usize, usize)> = None; // (line, fence length)
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let ticks = trimmed.chars().take_while(|&c| c == '`').count();
            if ticks < 3 {
                continue;
            }
            match open {
                None => open = Some((n + 1, ticks)),
                Some((_, len)) => {
                    let rest = trimmed[ticks..].trim();
                    assert!(
                        ticks < len || rest.is_empty(),
                        "{}:{}: `{line}` does not close the block (text after the fence)",
                        file.display(),
                        n + 1
                    );
                    if ticks >= len {
                        open = None;
                    }
                }
            }
        }
        assert!(
            open.is_none(),
            "{}: the block opened at line {:?} never closes",
            file.display(),
            open
        );
    }
}
