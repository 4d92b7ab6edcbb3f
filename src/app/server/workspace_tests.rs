//! The workspace keeps the results of open organisations only.

use super::{OpenDoc, Workspace, key};
use std::path::Path;

const ROOT: &str = "version: 1
org: {name: Acme, headcount: 5}
include: [team.yaml]
roles:
  - id: ceo
    title: Chief Executive Officer
    holder: ana
    responsibilities: [Runs the company]
    success_metrics: [Revenue]
";

const TEAM: &str = "version: 1
roles:
  - id: cto
    title: Chief Technology Officer
    holder: bo
    reports_to: ceo
    responsibilities: [Runs technology]
    success_metrics: [Uptime]
";

fn open(ws: &mut Workspace, path: &Path, text: &str) {
    let uri: lsp_types::Uri = format!("file://{}", path.display()).parse().expect("uri");
    ws.open_doc(
        path.to_path_buf(),
        OpenDoc {
            uri,
            version: 1,
            text: text.to_owned(),
            file: crate::app::fs::file_key(path),
        },
    );
}

#[test]
fn closing_every_file_of_an_organisation_forgets_it() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join(".git")).expect("git");
    let (root, team) = (
        key(&dir.path().join("roles.yaml")),
        key(&dir.path().join("team.yaml")),
    );
    std::fs::write(&root, ROOT).expect("write");
    std::fs::write(&team, TEAM).expect("write");
    let root = key(&root);
    let team = key(&team);
    let mut ws = Workspace::default();
    open(&mut ws, &root, ROOT);
    open(&mut ws, &team, TEAM);
    assert_eq!(ws.analyse(&team).expect("checks"), root);
    assert_eq!(ws.units.len(), 1);
    // The fragment closes: the root is still open, so it is checked again.
    assert_eq!(ws.close_doc(&team), Some(root.clone()));
    assert_eq!(ws.units.len(), 1);
    // The root closes too: nothing is kept.
    assert_eq!(ws.close_doc(&root), None);
    assert!(ws.units.is_empty());
    assert!(ws.owner_of(&team).is_none());
    assert!(ws.open_by_key.is_empty());
}

#[test]
fn a_stale_unopened_fragment_is_seen() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join(".git")).expect("git");
    let root = dir.path().join("roles.yaml");
    std::fs::write(&root, ROOT).expect("write");
    std::fs::write(dir.path().join("team.yaml"), TEAM).expect("write");
    let root = key(&root);
    let mut ws = Workspace::default();
    open(&mut ws, &root, ROOT);
    ws.analyse(&root).expect("checks");
    assert!(!ws.is_stale(&ws.units[&root]));
    std::fs::write(dir.path().join("team.yaml"), format!("# moved\n{TEAM}")).expect("write");
    assert!(ws.is_stale(&ws.units[&root]));
}
