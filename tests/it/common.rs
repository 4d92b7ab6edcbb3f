//! Helpers shared by the integration tests.

use rolelint::output::{self, Report};
use rolelint::{Checked, Settings};

/// Check a text as a file named `name`.
pub fn check(name: &str, text: &str) -> Checked {
    rolelint::check_bytes(name, text.as_bytes(), &Settings::default())
}

/// The `human` output (no colour) of checking a text.
pub fn human(name: &str, text: &str) -> String {
    let report = Report {
        units: vec![check(name, text)],
        ..Report::default()
    };
    output::human::render(&report, false, true)
}

/// `rule@line:column` for every diagnostic, in output order.
pub fn findings(name: &str, text: &str) -> Vec<String> {
    let checked = check(name, text);
    let source = &checked.sources[0];
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let p = source.position(d.primary.span.start);
            format!("{}@{}:{}", d.rule, p.line, p.column)
        })
        .collect()
}

/// A small valid organisation to mutate in tests.
pub const VALID: &str = "\
version: 1
org:
  name: Acme
  headcount: 8
roles:
  - id: cto
    title: Chief Technology Officer
    holder: ada
    responsibilities:
      - Leads engineering
    accountable_for:
      - delivery
      - external-vision
    success_metrics:
      - Releases shipped per month
    decision_rights: [build-vs-buy]
";

/// A scratch directory with a `.git` (a repository boundary), removed when
/// dropped, and rolelint run inside it.
pub struct Scratch(pub std::path::PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("rolelint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".git")).expect("dir");
        Self(std::fs::canonicalize(&dir).expect("canonical"))
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, bytes).expect("write");
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.0.join(name)).expect("read")
    }

    /// Run rolelint in `dir` (relative to the scratch directory).
    pub fn run_in(&self, dir: &str, args: &[&str], envs: &[(&str, &str)]) -> std::process::Output {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"));
        command
            .args(args)
            .current_dir(self.0.join(dir))
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_WORKSPACE");
        for (k, v) in envs {
            command.env(k, v);
        }
        command.output().expect("rolelint runs")
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.run_in(".", args, &[])
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
