//! Command-line types (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "rolelint",
    version,
    about = "Lint organisation-design documents (roles.yaml): roles, holders, reporting lines, accountability and success metrics",
    propagate_version = true
)]
pub struct Cli {
    /// Configuration file (default: `.rolelint.yaml` found by walking up from the current directory)
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// When to colour output: auto honours `NO_COLOR` and whether stdout is a terminal
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print only diagnostics: no summary line (`diff`: print nothing, the
    /// exit code says, with `--fail-on`)
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// `--fail-on`: the library's [`FailOn`](rolelint::diagnostic::FailOn), with
/// its names as the possible values.
fn fail_on_parser() -> impl clap::builder::TypedValueParser<Value = rolelint::diagnostic::FailOn> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(rolelint::diagnostic::FailOn::NAMES)
        .map(|name: String| rolelint::diagnostic::FailOn::parse(&name).unwrap_or_default())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint roles files (files, directories, or `-` for standard input)
    Check(CheckArgs),
    /// What a change does to the organisation since a revision: roles,
    /// holders, reporting lines, accountability, and the findings new and
    /// fixed
    Diff(DiffArgs),
    /// List every check: name, default level (and the level in effect), summary
    Rules,
    /// Test the custom rules against annotated roles files (`# expect: RULE`,
    /// `# expect-none: RULE`): exit 0 when every expectation holds, 1 when
    /// one does not, 2 when the configuration does not load
    TestRules {
        /// The directory of test files [default: rolelint-tests/ beside .rolelint.yaml]
        dir: Option<std::path::PathBuf>,
    },
    /// Print the documentation of a rule, or of any code a finding can carry
    Explain {
        /// Rule name (e.g. split-delivery-and-vision, or a custom rule), an area, or `custom-rules`
        rule: String,
    },
    /// Print a JSON Schema: of roles files (default) or of `.rolelint.yaml`
    Schema {
        /// Which schema
        #[arg(value_enum, default_value_t = SchemaKind::Roles)]
        of: SchemaKind,
    },
    /// Draw the reporting lines as Mermaid or Graphviz DOT
    Graph(GraphArgs),
    /// Print the accountability matrix (areas x roles) as a Markdown table
    Matrix {
        /// The roles file (a root; its fragments are included); default: the
        /// one `check` finds from the current directory
        file: Option<PathBuf>,
    },
    /// Write a first roles file from data the organisation already keeps:
    /// an HR system's CSV export, or a snapshot of GitHub teams
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Export the organisation for another tool
    Export {
        #[command(subcommand)]
        target: ExportTarget,
    },
    /// Print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
    /// Run the language server (LSP over standard input and output) for
    /// editors: live findings, navigation, completion and quick fixes
    Server,
    /// Write a starter roles.yaml, .rolelint.yaml and roles.schema.json (never overwrites)
    Init {
        /// Directory to write them in
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Files or directories to compare (default: the current directory)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The revision to compare with (a commit, branch or tag)
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub base: String,

    /// Output format
    #[arg(short = 'f', long = "format", value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// Write the output to this file instead of standard output
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Number of files checked in parallel (default: number of CPUs)
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,

    /// Exit 1 when the change introduces a finding of this severity or
    /// above (default: never; the review is a report)
    #[arg(long, value_parser = fail_on_parser())]
    pub fail_on: Option<rolelint::diagnostic::FailOn>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The schema `check` validates roles files against
    Roles,
    /// The schema of `.rolelint.yaml`, generated from the rules
    Config,
}

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format, optionally written to a file: FORMAT[=PATH] (repeatable).
    /// Formats: human, concise, json, sarif, github, markdown, junit, gitlab
    #[arg(short = 'f', long = "format", value_name = "FORMAT[=PATH]")]
    pub formats: Vec<String>,

    /// Lowest severity that makes the exit code 1
    #[arg(long, value_parser = fail_on_parser())]
    pub fail_on: Option<rolelint::diagnostic::FailOn>,

    /// Override a rule's level for this run: NAME=LEVEL (repeatable)
    #[arg(long = "rule", value_name = "NAME=LEVEL")]
    pub rules: Vec<String>,

    /// Report only findings that are not in this baseline file
    #[arg(long, value_name = "PATH")]
    pub baseline: Option<PathBuf>,

    /// Write the current findings to this baseline file
    #[arg(long, value_name = "PATH")]
    pub write_baseline: Option<PathBuf>,

    /// Skip explicit files that `exclude` matches (as directory searches
    /// always do); for pre-commit and other tools that pass file names
    #[arg(long)]
    pub force_exclude: bool,

    /// Apply the safe fixes in place (atomically, fragments too), re-check,
    /// and report what remains; with `-`, write the fixed document to
    /// standard output and the findings to standard error
    #[arg(long)]
    pub fix: bool,

    /// With --fix or --diff, also apply the fixes that guess (a reference,
    /// a value)
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change and write nothing;
    /// exit 1 when there is a diff
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,

    /// Report only the findings this change introduces since REV (a commit,
    /// branch or tag), matched by rule, file and ids, never by line
    #[arg(long, value_name = "REV")]
    pub new_from_rev: Option<String>,

    /// Print the settings in effect for PATH (every rule's level and
    /// options, and which file or override set each), then exit
    #[arg(long, value_name = "PATH")]
    pub show_config: Option<PathBuf>,

    /// Name to report for standard input
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,

    /// Print the time spent in each phase (read, parse, schema, model, rules, output) to stderr
    #[arg(long)]
    pub timings: bool,

    /// Number of files checked in parallel (default: number of CPUs)
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The roles file (a root; its fragments are included); default: the
    /// one `check` finds from the current directory
    pub file: Option<PathBuf>,
    /// Output language
    #[arg(long, short = 'f', value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
    /// Colour roles with errors or warnings and show their counts
    #[arg(long)]
    pub findings: bool,
    /// Draw only the subtree under this role
    #[arg(long, value_name = "ROLE")]
    pub root: Option<String>,
    /// Draw at most this many levels below the root(s)
    #[arg(long, value_name = "N")]
    pub depth: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// An HR export: one row per person with a manager column (by id, email or name)
    Csv {
        /// The CSV file (UTF-8; `-` reads standard input)
        file: PathBuf,
        /// Write the roles file here (never overwritten) instead of standard output
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
        /// Take FIELD (id, name, first-name, last-name, title, manager, team, email, github) from the column HEADER
        #[arg(long = "column", value_name = "FIELD=HEADER")]
        columns: Vec<String>,
        /// The organisation's name (`org.name`)
        #[arg(long = "org-name", value_name = "NAME")]
        org_name: Option<String>,
    },
    /// A Backstage catalog: files or directories of entity YAML (Group and User entities)
    Backstage {
        /// Catalog files, or directories searched for *.yaml and *.yml
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the roles file here (never overwritten) instead of standard output
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// A snapshot of GitHub teams, written by the `gh api` commands of the README
    GithubTeams {
        /// The snapshot (JSON)
        file: PathBuf,
        /// Write the roles file here (never overwritten) instead of standard output
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportTarget {
    /// Backstage catalog entities (a Group for the organisation, a User per person)
    Backstage {
        /// The roles file (a root; its fragments are included); default: the
        /// one `check` finds from the current directory
        file: Option<PathBuf>,
    },
}
