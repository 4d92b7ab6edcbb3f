//! Property tests: valid files mutated at random (cut, duplicated, bytes
//! swapped, indentation inserted) never panic, every diagnostic lies inside
//! the file, and every output format stays well-formed.

use proptest::prelude::*;
use rolelint::output::{Format, Report};
use rolelint::{Settings, check_bytes};

const SEEDS: &[&str] = &[
    include_str!("../../examples/roles.yaml"),
    include_str!("../../examples/broken.yaml"),
    include_str!("../scenarios/redox.yaml"),
    include_str!("../fixtures/unused-suppression/pass.yaml"),
];

#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize, usize),
    Duplicate(usize, usize, usize),
    Swap(usize, usize),
    Indent(usize, usize),
    Insert(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..200).prop_map(|(a, n)| Mutation::Cut(a, n)),
        (any::<usize>(), 0usize..200, any::<usize>())
            .prop_map(|(a, n, to)| Mutation::Duplicate(a, n, to)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), 1usize..12).prop_map(|(line, n)| Mutation::Indent(line, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Insert(at, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match *m {
        Mutation::Cut(a, n) => {
            let a = a % len;
            let end = (a + n).min(bytes.len());
            if a < end {
                bytes.drain(a..end);
            }
        }
        Mutation::Duplicate(a, n, to) => {
            let a = a % len;
            let end = (a + n).min(bytes.len());
            if a < end {
                let chunk = bytes[a..end].to_vec();
                let to = to % (bytes.len() + 1);
                bytes.splice(to..to, chunk);
            }
        }
        Mutation::Swap(a, b) => {
            if !bytes.is_empty() {
                let (a, b) = (a % bytes.len(), b % bytes.len());
                bytes.swap(a, b);
            }
        }
        Mutation::Indent(line, n) => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    bytes
                        .iter()
                        .enumerate()
                        .filter(|&(_, &b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            let at = starts[line % starts.len()].min(bytes.len());
            bytes.splice(at..at, std::iter::repeat_n(b' ', n));
        }
        Mutation::Insert(at, b) => {
            let at = at % (bytes.len() + 1);
            bytes.insert(at, b);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn mutated_files_keep_the_invariants(seed in 0..SEEDS.len(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let mut bytes = SEEDS[seed].as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let checked = check_bytes("roles.yaml", &bytes, &Settings::default());
        for d in &checked.diagnostics {
            let source = &checked.sources[d.primary.file.0 as usize];
            prop_assert!(d.primary.span.end <= source.text().len(), "{d:?}");
            prop_assert!(source.text().is_char_boundary(d.primary.span.start));
            prop_assert!(source.position(d.primary.span.start).line >= 1);
            for label in &d.labels {
                prop_assert!(label.loc.span.end <= checked.sources[label.loc.file.0 as usize].text().len());
            }
            prop_assert!(!d.message.is_empty());
        }
        let report = Report { units: vec![checked], ..Report::default() };
        for format in [Format::Json, Format::Sarif, Format::Gitlab] {
            let text = format.render(&report, false, true);
            prop_assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{format:?}");
        }
        let junit = Format::Junit.render(&report, false, true);
        prop_assert!(roxmltree::Document::parse(&junit).is_ok());
        let github = Format::Github.render(&report, false, true);
        prop_assert!(github.lines().all(|l| l.starts_with("::")));
        let human = Format::Human.render(&report, false, true);
        prop_assert!(human.chars().all(|c| c == '\n' || !rolelint::escape::is_unsafe(c)));
        let _ = Format::Markdown.render(&report, false, true);
    }

    /// The safe fixes of a file that parses never make it stop parsing.
    #[test]
    fn safe_fixes_keep_a_file_parsing(seed in 0..SEEDS.len(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let mut bytes = SEEDS[seed].as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let checked = check_bytes("roles.yaml", &bytes, &Settings::default());
        let parses = !checked.diagnostics.iter().any(|d| d.rule == "syntax");
        let file = rolelint::diagnostic::FileId(0);
        let chosen = rolelint::fix::choose(&checked.diagnostics, file, false);
        if parses && !chosen.is_empty() {
            let edits: Vec<&rolelint::diagnostic::Edit> = chosen
                .iter()
                .filter_map(|&i| checked.diagnostics[i].fix.as_ref())
                .flat_map(|f| &f.edits)
                .collect();
            let fixed = rolelint::fix::apply(checked.sources[0].text(), &edits);
            let again = check_bytes("roles.yaml", fixed.as_bytes(), &Settings::default());
            prop_assert!(
                !again.diagnostics.iter().any(|d| d.rule == "syntax"),
                "{fixed}"
            );
        }
    }
}
