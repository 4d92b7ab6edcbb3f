//! The run's date, which decides whether a dated holding fills its role:
//! `ROLELINT_TODAY=YYYY-MM-DD`, else the system clock (UTC).

use std::sync::OnceLock;

/// The run's day (days since 1970-01-01).
pub fn today() -> i64 {
    static TODAY: OnceLock<i64> = OnceLock::new();
    *TODAY.get_or_init(|| match from_env() {
        Some(Ok(day)) => day,
        _ => from_clock(),
    })
}

/// `ROLELINT_TODAY` when set: its day, or why it is not one.
fn from_env() -> Option<Result<i64, String>> {
    let value = std::env::var_os("ROLELINT_TODAY").filter(|v| !v.is_empty())?;
    let text = value.to_string_lossy();
    Some(
        rolelint::format::constraints::day_number(&text).ok_or_else(|| {
            format!(
                "ROLELINT_TODAY is `{}`, which is not a date: write it as YYYY-MM-DD",
                rolelint::escape::terminal(&text)
            )
        }),
    )
}

/// Why the run cannot start, when `ROLELINT_TODAY` is set but not a date.
pub fn problem() -> Option<String> {
    from_env().and_then(Result::err)
}

fn from_clock() -> i64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(seconds / 86_400).unwrap_or(0)
}
