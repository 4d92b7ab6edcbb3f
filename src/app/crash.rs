//! What a user sees when rolelint itself fails: not Rust's panic message
//! and a bare exit 101, but what went wrong, the version, the command, and
//! what to do. The language server catches a panic per request and goes on,
//! so there the same report says so.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set while `rolelint server` runs: a panic there is caught and survived.
static SERVING: AtomicBool = AtomicBool::new(false);

/// The language server is running: report panics as caught.
pub fn serving() {
    SERVING.store(true, Ordering::Relaxed);
}

/// Install the report (once, at start).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        let what = rolelint::escape::terminal(&what);
        let at = info
            .location()
            .map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
        let command: Vec<String> = std::env::args()
            .map(|a| rolelint::escape::terminal(&a))
            .collect();
        let text = if SERVING.load(Ordering::Relaxed) {
            format!(
                "rolelint server: internal error: {what}{at} (rolelint {}); the request failed and the server goes on. Please report it with the file that was open.\n",
                env!("CARGO_PKG_VERSION")
            )
        } else {
            format!(
                "error: rolelint {} crashed: {what}{at}\n  command: {}\n  This is a bug in rolelint, not in your files. Please report it to the maintainers with this message, the command and the files it read (for a crash on untrusted input, report it privately: see SECURITY.md).\n",
                env!("CARGO_PKG_VERSION"),
                command.join(" ")
            )
        };
        super::print_err(&text);
    }));
}

/// Crash on purpose when `ROLELINT_TEST_CRASH` is set: the tests use it to
/// see the report a user would get.
pub fn test_crash() {
    assert!(
        std::env::var_os("ROLELINT_TEST_CRASH").is_none(),
        "a crash asked for by ROLELINT_TEST_CRASH"
    );
}
