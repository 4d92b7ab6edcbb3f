//! End-to-end CLI cases as data: `tests/cmd/*.toml` (arguments, stdin,
//! exit status, stdout, stderr).

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}
