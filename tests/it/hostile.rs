//! Every file in `tests/hostile/` goes through `check` in every output
//! format: no panic, exit 1 or 2, a located diagnostic, well-formed output,
//! nothing raw from the input reaching the terminal.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn rolelint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("rolelint runs")
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/hostile")
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn assert_no_raw_controls(what: &str, text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !rolelint::escape::is_unsafe(c),
            "{what}: raw {c:?} reached the output"
        );
    }
}

#[test]
fn corpus_is_large_enough() {
    assert!(corpus().len() >= 40, "{} files", corpus().len());
}

#[test]
fn every_file_in_every_format() {
    let out_dir = std::env::temp_dir().join(format!("rolelint-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).expect("dir");
    for path in corpus() {
        check_in_every_format(&path, &out_dir);
    }
    std::fs::remove_dir_all(&out_dir).ok();
}

#[path = "../../examples/hostile.rs"]
mod generators;

/// The large generated inputs (alias depth, long lines, many keys, many
/// comments): the same promises as the corpus, and a human report that
/// grows with the findings, not with the findings times the line length.
#[test]
fn generated_inputs_in_every_format() {
    let dir = std::env::temp_dir().join(format!("rolelint-generated-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    for (kind, _, n) in generators::KINDS {
        let path = dir.join(format!("{kind}.yaml"));
        std::fs::write(&path, generators::generate(kind, *n).expect("kind")).expect("write");
        check_in_every_format(&path, &dir);
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn alias_expansion_deeper_than_the_limit_is_a_syntax_finding() {
    let dir = std::env::temp_dir().join(format!("rolelint-alias-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("chain.yaml");
    std::fs::write(
        &path,
        generators::generate("alias-depth", 80).expect("kind"),
    )
    .expect("write");
    let out = rolelint(&["check", "-f", "json", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = &json["diagnostics"][0];
    assert_eq!(d["rule"], "syntax");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("once expanded")),
        "{d}"
    );
    // At the alias `*a0` inside the second anchor, on line 5.
    assert_eq!(d["span"]["start"]["line"], 5);
    std::fs::remove_dir_all(&dir).ok();
}

fn check_in_every_format(path: &std::path::Path, out_dir: &std::path::Path) {
    {
        let name = path.display().to_string();
        let o = |ext: &str| out_dir.join(format!("out.{ext}")).display().to_string();
        let formats = [
            format!("json={}", o("json")),
            format!("sarif={}", o("sarif")),
            format!("github={}", o("github")),
            format!("markdown={}", o("md")),
            format!("junit={}", o("xml")),
            format!("gitlab={}", o("gitlab")),
        ];
        let mut args = vec![
            "check",
            "--color",
            "never",
            "--fail-on",
            "info",
            name.as_str(),
        ];
        for f in &formats {
            args.push("-f");
            args.push(f);
        }
        let started = Instant::now();
        let out = rolelint(&args);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{name}: took {:?}",
            started.elapsed()
        );
        let code = out.status.code();
        assert!(
            matches!(code, Some(1 | 2)),
            "{name}: exit {code:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
        assert_no_raw_controls(&format!("{name} human"), &stdout);
        assert!(!stdout.contains("panicked"), "{name}");

        let read = |ext: &str| {
            std::fs::read_to_string(o(ext)).unwrap_or_else(|e| panic!("{name}: {ext}: {e}"))
        };
        let json: serde_json::Value =
            serde_json::from_str(&read("json")).unwrap_or_else(|e| panic!("{name}: json: {e}"));
        let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
        assert!(!diagnostics.is_empty(), "{name}: no diagnostic");
        assert!(
            stdout.len() < 4_000 * diagnostics.len() + 4_000,
            "{name}: {} bytes of human output for {} findings",
            stdout.len(),
            diagnostics.len()
        );
        assert!(
            diagnostics
                .iter()
                .all(|d| d["span"]["start"]["line"].as_u64().is_some_and(|l| l >= 1)),
            "{name}: a diagnostic without a line"
        );

        let sarif: serde_json::Value =
            serde_json::from_str(&read("sarif")).unwrap_or_else(|e| panic!("{name}: sarif: {e}"));
        assert_eq!(sarif["version"], "2.1.0");
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules");
        for r in sarif["runs"][0]["results"].as_array().expect("results") {
            let i = usize::try_from(r["ruleIndex"].as_u64().expect("ruleIndex")).expect("index");
            assert_eq!(rules[i]["id"], r["ruleId"], "{name}");
            assert!(
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .is_some_and(|l| l >= 1)
            );
        }

        for line in read("github").lines() {
            assert!(
                line.starts_with("::error ")
                    || line.starts_with("::warning ")
                    || line.starts_with("::notice "),
                "{name}: github line: {line}"
            );
            assert_no_raw_controls(&format!("{name} github"), line);
        }

        let markdown = read("md");
        for bad in ["<script", "<img", "<b>", "<!--", "**bold**", "](javascript"] {
            assert!(!markdown.contains(bad), "{name}: markdown leaks {bad}");
        }

        roxmltree::Document::parse(&read("xml")).unwrap_or_else(|e| panic!("{name}: junit: {e}"));
        let gitlab: serde_json::Value =
            serde_json::from_str(&read("gitlab")).unwrap_or_else(|e| panic!("{name}: gitlab: {e}"));
        assert_eq!(
            gitlab.as_array().map(Vec::len),
            Some(diagnostics.len()),
            "{name}"
        );
    }
}

fn assert_prompt_exit_2(args: &[&str]) -> String {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert_eq!(status.code(), Some(2), "{args:?}");
            break;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("{args:?} did not return within 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn devices_and_fifos_return_promptly() {
    let stderr = assert_prompt_exit_2(&["check", "/dev/zero"]);
    assert!(stderr.contains("not a regular file"), "{stderr}");
    let dir = std::env::temp_dir().join(format!("rolelint-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let fifo = dir.join("roles.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let stderr = assert_prompt_exit_2(&[
        "check",
        fifo.to_str().expect("utf-8"),
        "examples/roles.yaml",
    ]);
    assert!(stderr.contains("not a regular file"), "{stderr}");
    let fifo_text = fifo.to_str().expect("utf-8");
    for flag in ["--config", "--baseline"] {
        let (args, placed): (Vec<&str>, usize) = if flag == "--config" {
            (vec![flag, fifo_text, "check", "examples/roles.yaml"], 1)
        } else {
            (vec!["check", flag, fifo_text, "examples/roles.yaml"], 2)
        };
        let stderr = assert_prompt_exit_2(&args);
        assert!(
            stderr.contains("not a regular file"),
            "{flag} (arg {placed}): {stderr}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn a_config_linked_outside_the_repository_is_never_printed() {
    let dir = std::env::temp_dir().join(format!("rolelint-cfglink-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("dir");
    let secret = std::env::temp_dir().join(format!("rolelint-secret-{}", std::process::id()));
    std::fs::write(&secret, "TOKEN=hunter2-secret\n").expect("write");
    std::os::unix::fs::symlink(&secret, dir.join(".rolelint.yaml")).expect("symlink");
    std::fs::copy("examples/roles.yaml", dir.join("roles.yaml")).expect("copy");
    for format in ["human", "json", "sarif", "github", "markdown"] {
        let out = Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(["check", "-f", format, "roles.yaml"])
            .current_dir(&dir)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{format}");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("hunter2"), "{format}: {all}");
        assert!(all.contains("outside the repository"), "{format}: {all}");
    }
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_file(&secret).ok();
}

#[test]
fn oversized_file_stops_at_the_cap() {
    let dir = std::env::temp_dir().join(format!("rolelint-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let big = dir.join("roles.yaml");
    let file = std::fs::File::create(&big).expect("create");
    file.set_len(65 * 1024 * 1024).expect("sparse file");
    let stderr = assert_prompt_exit_2(&["check", big.to_str().expect("utf-8")]);
    assert!(stderr.contains("64 MiB"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn awkward_paths_are_reported_and_the_rest_still_checked() {
    use std::os::unix::ffi::OsStrExt;
    let dir = std::env::temp_dir().join(format!("rolelint-paths-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("loop")).expect("dir");
    // A symlink loop inside a walked directory.
    std::os::unix::fs::symlink(&dir, dir.join("loop/again")).expect("symlink");
    // A file name with a newline and one with bytes that are not UTF-8.
    let newline = dir.join("bad\nname");
    std::fs::create_dir_all(&newline).expect("dir");
    std::fs::copy(
        "tests/hostile/duplicate-keys.yaml",
        newline.join("roles.yaml"),
    )
    .expect("copy");
    let latin1 = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(&latin1).expect("dir");
    std::fs::copy("examples/roles.yaml", latin1.join("roles.yaml")).expect("copy");
    let dir_text = dir.to_str().expect("utf-8").to_owned();
    let out = rolelint(&[
        "check",
        "--color",
        "never",
        "-f",
        "github",
        &dir_text,
        "does-not-exist.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The finding in the oddly named directory is reported, its name escaped.
    assert!(stdout.contains("bad\\u{a}name/roles.yaml"), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does-not-exist.yaml"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_broken_or_closed_stderr_is_not_a_panic() {
    // A pipe whose reader is gone: every write fails with EPIPE.
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let status = Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(["check", "--timings", "missing.yaml", "examples/broken.yaml"])
        .stdout(Stdio::null())
        .stderr(writer)
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(2));
    // A closed stderr: writes fail with EBADF.
    #[cfg(unix)]
    {
        let status = Command::new("sh")
            .args([
                "-c",
                &format!(
                    "{} check missing.yaml examples/broken.yaml 2>&- >/dev/null",
                    env!("CARGO_BIN_EXE_rolelint")
                ),
            ])
            .status()
            .expect("runs");
        assert_eq!(status.code(), Some(2));
    }
}
