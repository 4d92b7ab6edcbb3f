//! `-f FORMAT=PATH` writes files safely.

use std::process::Command;

fn rolelint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(args)
        .output()
        .expect("rolelint runs")
}

#[test]
fn writing_to_a_device_keeps_the_device() {
    use std::os::unix::fs::FileTypeExt;
    let out = rolelint(&[
        "check",
        "--quiet",
        "-f",
        "json=/dev/null",
        "examples/roles.yaml",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let meta = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
}

#[test]
fn writes_a_file_and_prints_another_format() {
    let dir = std::env::temp_dir().join(format!("rolelint-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let json = dir.join("report.json");
    let arg = format!("json={}", json.display());
    let out = rolelint(&[
        "check",
        "--color",
        "never",
        "-f",
        &arg,
        "-f",
        "human",
        "examples/broken.yaml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let written = std::fs::read_to_string(&json).expect("report written");
    let parsed: serde_json::Value = serde_json::from_str(&written).expect("valid JSON");
    assert_eq!(parsed["summary"]["errors"], 8);
    assert!(String::from_utf8_lossy(&out.stdout).contains("8 errors, 11 warnings in 1 file"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    std::fs::remove_dir_all(&dir).ok();
}
