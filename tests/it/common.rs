//! Helpers shared by the integration tests.

use rolelint::output::{self, Report};
use rolelint::{Checked, Settings};

/// Check a text as a file named `name`.
pub fn check(name: &str, text: &str) -> Checked {
    rolelint::check_bytes(name, text.as_bytes(), &settings())
}

/// The day the tests run on, whatever the clock says: dated holdings
/// give the same findings on every machine.
pub const TODAY: &str = "2026-12-07";

/// Default settings, on [`TODAY`].
pub fn settings() -> Settings {
    let mut settings = Settings::default();
    settings.set_today(rolelint::format::constraints::day_number(TODAY).expect("a date"));
    settings
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

/// A scratch git repository: a base commit, then the working tree.
pub struct GitRepo(pub std::path::PathBuf);

impl GitRepo {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("rolelint-git-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let repo = Self(std::fs::canonicalize(&dir).expect("canonical"));
        repo.git(&["init", "-q"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    pub fn git(&self, args: &[&str]) {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(&self.0)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    pub fn write(&self, name: &str, text: &str) {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    }

    pub fn remove(&self, name: &str) {
        std::fs::remove_file(self.0.join(name)).expect("remove");
    }

    pub fn commit(&self) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", "base"]);
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_rolelint"))
            .args(args)
            .current_dir(&self.0)
            .env("NO_COLOR", "1")
            .env("ROLELINT_TODAY", TODAY)
            .output()
            .expect("runs")
    }

    pub fn diff_json(&self) -> serde_json::Value {
        let out = self.run(&["diff", "-f", "json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    }
}

impl Drop for GitRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
