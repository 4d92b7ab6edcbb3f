//! When rolelint itself fails, the user gets what to do, not Rust's panic
//! message.

#[test]
fn a_crash_says_what_to_do() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
        .args(["check", "roles\u{1b}[31m.yaml"])
        .env("ROLELINT_TEST_CRASH", "1")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(101));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: rolelint "), "{err}");
    assert!(
        err.contains(concat!("rolelint ", env!("CARGO_PKG_VERSION"), " crashed")),
        "{err}"
    );
    assert!(err.contains("command: "), "{err}");
    assert!(err.contains("Please report it"), "{err}");
    // The command line is shown escaped, never raw.
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(!err.contains("panicked at"), "{err}");
}
