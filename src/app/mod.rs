//! The binary's side: command dispatch, exit codes, and every write to the
//! terminal. All filesystem I/O lives in this module's files.

mod check;
mod commands;
mod config_file;
mod fs;
mod includes;
mod parallel;
mod pictures;
mod targets;
mod write;

use crate::cli::{Cli, ColorChoice, Command};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

/// Failures of the run itself (exit 2), reported on stderr.
#[derive(Default)]
struct Failures {
    messages: Vec<String>,
}

impl Failures {
    fn add(&mut self, message: impl Into<String>) {
        self.messages.push(message.into());
    }

    /// Print every failure; exit 2 when there was one.
    fn report(&self) -> u8 {
        for message in &self.messages {
            error(message);
        }
        if self.messages.is_empty() {
            EXIT_OK
        } else {
            EXIT_FAILURE
        }
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(&args, cli.config.as_deref(), color, cli.quiet),
        Command::Rules => print(&commands::list_rules()),
        Command::Explain { rule } => commands::explain(&rule),
        Command::Schema { of } => commands::schema(of),
        Command::Init { dir } => commands::init(&dir),
        Command::Graph(args) => pictures::graph(&args),
        Command::Matrix { file } => pictures::matrix(&file),
        Command::Export {
            target: crate::cli::ExportTarget::Backstage { file },
        } => pictures::backstage(&file),
        Command::Completions { shell } => commands::completions(shell),
        Command::Man => commands::man(),
    };
    ExitCode::from(code)
}

/// Write to stdout; a closed pipe (`| head`) ends the program quietly.
fn print(text: &str) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            error(&format!("cannot write to standard output: {err}"));
            EXIT_FAILURE
        }
        _ => EXIT_OK,
    }
}

/// Write to stderr. A closed or broken stderr is the end of messages, never
/// a panic (`eprintln!` panics on EPIPE and EBADF).
fn print_err(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// `error: MESSAGE` on stderr, with control characters made visible.
fn error(message: &str) {
    print_err(&format!("error: {}\n", rolelint::escape::terminal(message)));
}
