//! `rolelint`: argument parsing -> exit code.

mod app;
mod cli;

use clap::Parser;
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
