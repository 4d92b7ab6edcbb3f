//! The baseline for `check --timings`: parse the same bytes with saphyr's
//! own loader (a tree without spans, limits or validation), and with the
//! bare `saphyr-parser` event stream, and print the times.
//!
//! ```sh
//! cargo run --release --example bare_parse -- bench/out/big/roles.yaml
//! cargo run --release --example bare_parse -- bench/out/big/roles.yaml --events
//! ```

use saphyr::LoadableYamlNode;
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/roles.yaml".to_owned());
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    // `--events`: the event stream once, nothing else (for instruction
    // counts under `valgrind --tool=callgrind`).
    if std::env::args().any(|a| a == "--events") {
        let mut parser = saphyr_parser::Parser::new_from_str(&text);
        let mut events = 0u64;
        while let Some(Ok(_)) = parser.next_event() {
            events += 1;
        }
        println!("{events} events");
        return;
    }
    let runs = 3;
    let mut best_tree = f64::MAX;
    let mut best_events = f64::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let docs = saphyr::Yaml::load_from_str(&text).expect("valid YAML");
        best_tree = best_tree.min(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(docs);
        let started = Instant::now();
        let mut parser = saphyr_parser::Parser::new_from_str(&text);
        let mut events = 0u64;
        while let Some(Ok(_)) = parser.next_event() {
            events += 1;
        }
        best_events = best_events.min(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(events);
    }
    println!("saphyr::Yaml::load_from_str  {best_tree:10.1} ms (best of {runs})");
    println!("saphyr_parser events only    {best_events:10.1} ms (best of {runs})");
}
