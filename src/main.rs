//! `rolelint`: argument parsing -> exit code.

mod app;
mod cli;

use clap::Parser;

/// Checking builds many small nodes; mimalloc cuts allocation time and page
/// faults (measured with `check --timings` on a 100,000-role file; see
/// bench/README.md).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() {
                app::EXIT_FAILURE
            } else {
                app::EXIT_OK
            });
        }
    };
    app::run(cli)
}
