//! A fuzz harness that runs on stable Rust, in CI: mutations of real front matter (the
//! fixture files) fed through loading, validation, scoring and reporting
//! (`support::fuzz::exercise`). Deterministic: case `n` is always the same input.
//!
//! `cargo test --test fuzz` runs 2,000 cases in a few seconds. For a long run:
//! `LUMBUNG_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --nocapture`
//! (`LUMBUNG_FUZZ_START` picks the first case). A failing input is written to
//! `fuzz-failure.md` in Cargo's test temp folder (the path is printed); commit it under tests/fixtures/fuzz/ as a regression.
//! The coverage-guided fuzzer over the same function lives in fuzz/ (cargo-fuzz).

mod support;

use std::path::{Path, PathBuf};

/// Fragments that make YAML, front matter and lumbung's own checks interesting.
const TOKENS: &[&str] = &[
    "\n",
    "---\n",
    "...\n",
    ": ",
    ":",
    "- ",
    "-",
    "  ",
    "    ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "? ",
    "|\n",
    ">-\n",
    "\"",
    "'",
    "\\",
    "#",
    "%YAML 1.2\n",
    "\u{feff}",
    "é",
    "\u{1b}",
    "\r\n",
    "\0",
    "~",
    "null",
    "true",
    "yes",
    "0x1F",
    "1e999",
    "-0",
    "2023-02-30",
    "2024-02-29",
    "title: ",
    "stage: ",
    "name: ",
    "kind: ",
    "indicators:\n",
    "  regulasi-inovasi-daerah:\n",
    "    option: perkada\n",
    "    evidence:\n",
    "      - ",
    "title: SK\n",
    "file: evidence/sk.pdf",
    "file: ../x.pdf",
    "file: /etc/passwd",
    "url: https://a.id/",
    "url: ftp://a",
    "history:\n  2021: 40\n",
    "affairs: [pendidikan]",
    "tags: [desa]",
    "province: p",
    "clusters: [papua]",
    "visi-misi",
    "opini-bpk",
    "replikasi",
    "uji-coba",
    "{hint}",
    "{key}",
];

/// xorshift64*: a tiny, deterministic generator (no crate for ten lines).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every Markdown file of the fixtures: valid front matter and each kind of broken one.
fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(support::fixtures())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).expect("read seed"),
            )
        })
        .collect();
    seeds.sort();
    assert!(seeds.len() > 50, "the fixtures give a varied corpus");
    seeds.into_iter().map(|(_, bytes)| bytes).collect()
}

/// One mutation of `input` in place.
fn mutate(input: &mut Vec<u8>, rng: &mut Rng, seeds: &[Vec<u8>]) {
    let at = rng.below(input.len() + 1);
    match rng.below(7) {
        0 if !input.is_empty() => {
            let i = rng.below(input.len());
            input[i] ^= 1 << rng.below(8);
        }
        1 => input
            .splice(at..at, TOKENS[rng.below(TOKENS.len())].bytes())
            .for_each(drop),
        2 if !input.is_empty() => {
            let end = (at + rng.below(16)).min(input.len());
            input.drain(at.min(end)..end);
        }
        3 => {
            let end = (at + rng.below(64)).min(input.len());
            let copy = input[at.min(end)..end].to_vec();
            let to = rng.below(input.len() + 1);
            input.splice(to..to, copy).for_each(drop);
        }
        4 => {
            let other = &seeds[rng.below(seeds.len())];
            let from = rng.below(other.len() + 1);
            input.truncate(at);
            input.extend_from_slice(&other[from..]);
        }
        5 => {
            let line_start = input[..at]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = input[at..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(input.len(), |i| at + i + 1);
            let line = input[line_start..line_end].to_vec();
            for _ in 0..rng.below(8) {
                input
                    .splice(line_end..line_end, line.iter().copied())
                    .for_each(drop);
            }
        }
        _ => input.insert(at, rng.next() as u8),
    }
}

/// Case `n`: a seed with 1 to 8 mutations.
fn case(n: u64, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut rng = Rng::new(n);
    let mut input = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(8) {
        mutate(&mut input, &mut rng, seeds);
    }
    input
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn run_one(input: &[u8], label: &str) {
    if std::panic::catch_unwind(|| support::fuzz::exercise(input)).is_err() {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failure.md");
        let _ = std::fs::write(&out, input);
        panic!("{label} failed; its input is in {}", out.display());
    }
}

#[test]
fn mutated_front_matter_never_panics_and_keeps_every_report_well_formed() {
    let seeds = seeds();
    let start = env_number("LUMBUNG_FUZZ_START", 0);
    let cases = env_number("LUMBUNG_FUZZ_CASES", 2_000);
    let started = std::time::Instant::now();
    for n in start..start + cases {
        run_one(&case(n, &seeds), &format!("case {n}"));
    }
    eprintln!(
        "fuzz: {cases} cases from {start} in {:.1?}",
        started.elapsed()
    );
}

#[test]
fn inputs_that_once_failed_stay_fixed() {
    let dir = support::fixtures().join("fuzz");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/fuzz") {
        let path = entry.expect("entry").path();
        run_one(
            &std::fs::read(&path).expect("read"),
            &path.display().to_string(),
        );
        count += 1;
    }
    assert!(count > 0, "the regression corpus is not empty");
}

#[test]
fn the_generator_is_deterministic_and_varied() {
    let seeds = seeds();
    assert_eq!(case(7, &seeds), case(7, &seeds));
    let distinct: std::collections::BTreeSet<Vec<u8>> = (0..200).map(|n| case(n, &seeds)).collect();
    assert!(distinct.len() > 190, "{} distinct of 200", distinct.len());
}
