//! The fast YAML parser (`yaml::parse_fast`) against the general one
//! (`yaml::parse_general`, saphyr): whenever the fast one accepts a text, both must give
//! the same tree (values, positions, widths) and the same errors. Inputs: every YAML
//! and front-matter file of the repository (demo content, fixtures, theme strings,
//! methodologies), documents generated at random from the subset's grammar with its
//! corner cases, and hand-picked quirks of the general parser. Every case of the fuzz
//! harness (tests/fuzz.rs) checks the same equality on mutated front matter.
//!
//! `LUMBUNG_DIFF_DIRS=/a:/b cargo test --release --test yaml_differential` adds
//! folders (a generated national portfolio: every file must be accepted and equal).

mod support;

use lumbung::yaml::{parse_fast, parse_general};
use std::path::{Path, PathBuf};
use support::fuzz::same_yaml;

/// The YAML of a file: the front matter of a `.md` file (with its line offset), the
/// whole text of a `.yaml` file.
fn yaml_of(path: &Path, text: &str) -> Option<(String, u32)> {
    if path.extension().is_some_and(|e| e == "yaml") {
        return Some((text.to_string(), 0));
    }
    support::fuzz::front_matter(text).map(|y| (y.to_string(), 1))
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Compares both parsers on every file under `dirs`; gives (files, accepted by the
/// fast parser).
fn compare_dirs(dirs: &[PathBuf]) -> (usize, usize) {
    let (mut files, mut fast) = (0, 0);
    for dir in dirs {
        for path in files_under(dir) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Some((yaml, offset)) = yaml_of(&path, &text) else {
                continue;
            };
            files += 1;
            if same_yaml(&yaml, offset) {
                fast += 1;
            } else if std::env::var_os("LUMBUNG_DIFF_LIST").is_some() {
                eprintln!("general parser: {}", path.display());
            }
        }
    }
    (files, fast)
}

#[test]
fn every_yaml_file_of_the_repository_parses_the_same_with_both_parsers() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs: Vec<PathBuf> = ["content", "tests/fixtures", "themes", "src", "scripts"]
        .iter()
        .map(|d| repo.join(d))
        .collect();
    let (files, fast) = compare_dirs(&dirs);
    eprintln!("repository: {files} files, {fast} taken by the fast parser");
    assert!(files > 100, "{files} files");
    // The demo portfolio is what real content looks like: all of it takes the fast path.
    let (demo, demo_fast) = compare_dirs(&[repo.join("content")]);
    assert_eq!(
        demo_fast, demo,
        "every demo content file is in the fast subset"
    );
}

#[test]
fn extra_folders_parse_the_same_and_entirely_on_the_fast_path() {
    let Ok(dirs) = std::env::var("LUMBUNG_DIFF_DIRS") else {
        eprintln!("LUMBUNG_DIFF_DIRS not set: no extra folders compared");
        return;
    };
    let dirs: Vec<PathBuf> = dirs.split(':').map(PathBuf::from).collect();
    let (files, fast) = compare_dirs(&dirs);
    eprintln!("{dirs:?}: {files} files, {fast} taken by the fast parser");
    assert!(files > 0);
    assert_eq!(
        fast, files,
        "a generated portfolio is entirely in the fast subset"
    );
}

/// Quirks of the general parser the fast one reproduces: each is accepted by the fast
/// parser and equal to the general one.
#[test]
fn the_general_parsers_positions_are_reproduced() {
    let cases = [
        "a: 1\nb: \"x y\"\nc:\nd: [a, b]\ne:\n  - x\n  - y: 1\n    z: 2\nf: {k: v, l: w}\ng: plain # c\n",
        "a:   # c\nb: x   \n\"q k\": 1\ns:\n-\n- \n-   x\n- k: v\n  l: w\n-  m: 1\nt: [ ]\nu: {}\nv: [ a , \"b\" ]\nw: 'it''s'\nx:\n\n  # comment\n  y: 1\nz:\n",
        "s:\n- x\n- y\nt:\n  - x\nu:\n  -\n  - z\nv:\n  - \n",
        "- a\n- b: 1\n-\n",
        "a:\n  b:\n  c: 1\nd: e # x\nf: \"g\" # h\n",
        "a:   \nb: \"g\"   \nc: [x]  # y\nd: {k: \"v\" }\ns:\n-   # c\n- x\nt:\n  -  # c\n  - \"q\"  \n",
        "s:\n-\n  k: v\n- x\n",
        "a: x\n   # c\nb: 1\nc: \"é\" \nd: é x # y\n",
        "a: 1\r\nb:\r\n- x \r\n- \"y\" \r\n",
        "title: \"LAPERAIR — Layanan\"\ntags: [investasi, perempuan]\ntrial_date: 2021-03-19\n",
        "a: b:c\nu: https://x.id/a#b\nn: \u{e9}-\n",
        "history:\n  2021: 40.5\n  \"2022\": 41\n",
        "k:\n- a: 1\n  b:\n  - x\n  c: {}\n",
        "a: 1\nb: 2\na: 3\n",
        "m: {a: 1, a: 2}\n",
        "  a: 1\n  b:\n    - x\n",
    ];
    for text in cases {
        assert!(
            parse_fast(text, 3).is_some(),
            "the fast parser takes {text:?}"
        );
        assert!(same_yaml(text, 3));
    }
}

/// Texts the fast parser must leave to the general one (their errors or meaning are
/// the general parser's business).
#[test]
fn texts_outside_the_subset_are_left_to_the_general_parser() {
    let cases = [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  text\n",
        "a: >-\n  text\n",
        "a: plain\n  continued\n",
        "a: \"two\n  lines\"\n",
        "a: [1,\n  2]\n",
        "a:\n\tb: 1\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "%YAML 1.2\n---\na: 1\n",
        "? complex\n: key\n",
        "a: b: c\n",
        "a: \"esc\\n\"\n",
        "\u{feff}a: 1\n",
        "a: x\u{2028}y\n",
        "- - nested\n",
        "a: [[1]]\n",
        "just a scalar\n",
        "",
        "# only a comment\n",
    ];
    for text in cases {
        assert!(parse_fast(text, 0).is_none(), "{text:?} is left to saphyr");
        let _ = parse_general(text, 0);
    }
}

/// xorshift64*: a tiny deterministic generator.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
    }

    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

/// Scalars of the subset, with the ones the general parser types or positions oddly.
const WORDS: &[&str] = &[
    "x",
    "perkada",
    "1",
    "0.5",
    "1e3",
    "true",
    "False",
    "null",
    "~",
    "yes",
    "2021-03-19",
    "Badan Pendapatan Daerah",
    "é ü",
    "LAPERAIR — Layanan",
    "a:b",
    "a#b",
    "https://x.id/a?b=1#c",
    "it's",
    "\"q\"",
    "'q'",
    "'it''s'",
    "\"a: b\"",
    "\"\"",
    "''",
    "\"é\"",
    "x  y",
];

/// Scalars outside the subset (or invalid YAML), used now and then.
const ODD_WORDS: &[&str] = &[
    "-3",
    "x: y",
    "a #b",
    "[x]",
    "{k}",
    "*a",
    "&a",
    "!t",
    "|",
    ">",
    "@x",
    "%x",
    "-",
    "-x",
    "?x",
    ":x",
    "x:",
    "`x`",
    "\"a\\\"b\"",
    "[a, [b]]",
    "\"open",
    "'open",
    "\"q\" x",
];

const KEYS: &[&str] = &[
    "title", "stage", "a", "b", "k", "2021", "1.5", "_x", "x-y", "\"q k\"", "'s'", "true",
];

const ODD_KEYS: &[&str] = &["a b", "-k", "k#", "é", "\"a\\\"\"", "[k]", "? k"];

fn word(rng: &mut Rng) -> &'static str {
    if rng.below(150) == 0 {
        rng.pick(ODD_WORDS)
    } else {
        rng.pick(WORDS)
    }
}

fn key(rng: &mut Rng) -> &'static str {
    if rng.below(150) == 0 {
        rng.pick(ODD_KEYS)
    } else {
        rng.pick(KEYS)
    }
}

/// A random document of mostly the fast subset, with its corner cases (indentation
/// widths, indentless and compact collections, empty values, comments, quotes, flow
/// collections, duplicate keys, `\r\n`, trailing spaces) and some text outside it.
fn document(rng: &mut Rng) -> String {
    let mut out = String::new();
    let step = 1 + rng.below(4);
    block_map(rng, &mut out, 0, step, 0);
    if rng.below(4) == 0 {
        out = out.replace('\n', "\r\n");
    }
    out
}

fn line_end(rng: &mut Rng, out: &mut String) {
    match rng.below(12) {
        0 => out.push_str("  "),
        1 => out.push_str(" # note"),
        2 => out.push_str("   #"),
        _ => {}
    }
    out.push('\n');
    match rng.below(14) {
        0 => out.push('\n'),
        1 => {
            out.push_str(&" ".repeat(rng.below(8)));
            out.push_str("# comment\n");
        }
        _ => {}
    }
}

fn value(rng: &mut Rng) -> String {
    match rng.below(9) {
        0 => {
            let n = rng.below(4);
            let items: Vec<&str> = (0..n).map(|_| word(rng)).collect();
            let sep = rng.pick(&[", ", ",", " , "]);
            let pad = rng.pick(&["", " "]);
            format!("[{pad}{}{pad}]", items.join(sep))
        }
        1 => {
            let n = rng.below(3);
            let items: Vec<String> = (0..n)
                .map(|_| format!("{}: {}", key(rng), word(rng)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        _ => word(rng).to_string(),
    }
}

fn block_map(rng: &mut Rng, out: &mut String, indent: usize, step: usize, depth: usize) {
    let entries = 1 + rng.below(5);
    for e in 0..entries {
        if e > 0 || !out.ends_with(' ') {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(key(rng));
        out.push(':');
        match rng.below(if depth > 2 { 3 } else { 7 }) {
            0 => line_end(rng, out),
            1 | 2 => {
                out.push(' ');
                out.push_str(&value(rng));
                line_end(rng, out);
            }
            3 | 4 => {
                line_end(rng, out);
                block_map(rng, out, indent + step, step, depth + 1);
            }
            _ => {
                line_end(rng, out);
                let inner = if rng.below(3) == 0 {
                    indent
                } else {
                    indent + step
                };
                block_seq(rng, out, inner, step, depth + 1);
            }
        }
    }
}

fn block_seq(rng: &mut Rng, out: &mut String, indent: usize, step: usize, depth: usize) {
    for _ in 0..1 + rng.below(4) {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match rng.below(if depth > 2 { 2 } else { 5 }) {
            0 => line_end(rng, out),
            1 => {
                out.push_str(&" ".repeat(1 + rng.below(3)));
                out.push_str(&value(rng));
                line_end(rng, out);
            }
            2 => {
                let pad = 1 + rng.below(3);
                out.push_str(&" ".repeat(pad));
                block_map(rng, out, indent + 1 + pad, step, depth + 1);
            }
            _ => {
                line_end(rng, out);
                block_map(rng, out, indent + step, step, depth + 1);
            }
        }
    }
}

#[test]
fn generated_documents_parse_the_same_with_both_parsers() {
    let cases: u64 = std::env::var("LUMBUNG_DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut fast = 0;
    for n in 0..cases {
        let mut rng = Rng(n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let text = document(&mut rng);
        let offset = rng.below(3) as u32;
        if same_yaml(&text, offset) {
            fast += 1;
        } else if std::env::var_os("LUMBUNG_DIFF_LIST").is_some() {
            let general = parse_general(&text, offset);
            if general
                .errors
                .iter()
                .all(|e| matches!(e.kind, lumbung::yaml::ErrorKind::DuplicateKey { .. }))
            {
                eprintln!("VALID-REJECTED {text:?}");
            }
        }
    }
    eprintln!("generated: {cases} documents, {fast} taken by the fast parser");
    assert!(
        fast * 2 > cases,
        "the generator mostly stays in the subset ({fast} of {cases})"
    );
}
