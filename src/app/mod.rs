//! The binary's side: command dispatch, exit codes, and every write to the
//! terminal. All filesystem I/O lives in this module's files.

mod check;
mod commands;
mod config_file;
mod crash;
mod fixes;
mod fragments;
mod fs;
mod git;
mod import;
mod include_policy;
mod includes;
mod organisations;
mod parallel;
mod paths;
mod pictures;
mod review;
mod server;
mod targets;
mod test_rules;
mod today;
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
    crash::install();
    crash::test_crash();
    let color = use_color(cli.color, std::io::stdout().is_terminal());
    if let Some(problem) = today::problem() {
        print_err(&format!("error: {problem}\n"));
        return ExitCode::from(2);
    }
    let code = match cli.command {
        Command::Check(args) => {
            let stderr_color = use_color(cli.color, std::io::stderr().is_terminal());
            check::run(
                &args,
                cli.config.as_deref(),
                (color, stderr_color),
                cli.quiet,
            )
        }
        Command::Diff(args) => review::run(&args, cli.config.as_deref(), cli.quiet),
        Command::Rules => commands::list_rules(cli.config.as_deref()),
        Command::TestRules { dir } => test_rules::run(dir.as_deref(), cli.config.as_deref()),
        Command::Explain { rule } => commands::explain(&rule, cli.config.as_deref()),
        Command::Schema { of } => commands::schema(of),
        Command::Init { dir } => commands::init(&dir),
        Command::Graph(args) => pictures::graph(&args, cli.config.as_deref()),
        Command::Matrix { file } => pictures::matrix(file.as_deref(), cli.config.as_deref()),
        Command::Import { source } => import::run(&source),
        Command::Export {
            target: crate::cli::ExportTarget::Backstage { file },
        } => pictures::backstage(file.as_deref(), cli.config.as_deref()),
        Command::Completions { shell } => commands::completions(shell),
        Command::Man => commands::man(),
        Command::Server => {
            crash::serving();
            server::run()
        }
    };
    ExitCode::from(code)
}

/// Whether to colour a stream: `--color`, then `NO_COLOR` (off),
/// `CLICOLOR_FORCE` or `FORCE_COLOR` (on), `TERM=dumb` (off), else whether
/// the stream is a terminal.
fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE") || set("FORCE_COLOR") => true,
        ColorChoice::Auto if std::env::var_os("TERM").is_some_and(|t| t == "dumb") => false,
        ColorChoice::Auto => terminal,
    }
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

/// Write bytes to stdout as they are (a fixed document); a closed pipe
/// ends the program quietly.
fn print_bytes(bytes: &[u8]) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
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
