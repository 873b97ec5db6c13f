//! One fuzz case, shared by the stable harness (tests/fuzz.rs) and the cargo-fuzz
//! target (fuzz/fuzz_targets/frontmatter.rs, which includes this file by path).
//!
//! Takes arbitrary bytes as the text of a content file and runs everything an editor's
//! file goes through before rendering: decoding, front-matter split, YAML parse, field
//! reading (as a region and as an innovation), validation against the embedded
//! methodology, scoring, and the three report formats. It panics (the finding) on any
//! panic inside lumbung or when an invariant breaks: every located diagnostic points
//! into the file, has words in both languages, the reports are well formed with no
//! raw control characters on the terminal, and the fast YAML parser, when it accepts
//! the front matter, gives exactly what the general parser gives.
#![allow(dead_code)]

use lumbung::content::{self, Corpus, EvidenceFile, FileState, Innovation, Region};
use lumbung::diagnostics::{report, Diagnostics, Lang};
use lumbung::methodology::{self, Methodology};
use lumbung::yaml::Pos;
use std::sync::OnceLock;

const REGION_FILE: &str = "content/r/_index.md";
const INNOVATION_FILE: &str = "content/r/a.md";

fn methodology() -> &'static Methodology {
    static METHODOLOGY: OnceLock<Methodology> = OnceLock::new();
    METHODOLOGY.get_or_init(
        || match methodology::load("iid-2023", std::path::Path::new(".")) {
            Ok(m) => m,
            Err(_) => panic!("the embedded methodology loads"),
        },
    )
}

/// Evidence without a filesystem: `.pdf` paths exist, others do not; the states the
/// real checker gives for absolute and `..` paths.
fn evidence(path: &str, pos: Pos) -> EvidenceFile {
    let state = if path.starts_with('/') {
        FileState::Absolute
    } else if path.split('/').any(|p| p == "..") {
        FileState::Escapes
    } else if path.ends_with(".pdf") {
        FileState::Ok { size: 1 }
    } else {
        FileState::Missing
    };
    let normalized = if matches!(state, FileState::Ok { .. }) {
        path.to_string()
    } else {
        String::new()
    };
    EvidenceFile {
        path: path.to_string(),
        normalized,
        state,
        pos,
        suggestion: None,
    }
}

/// Runs one input through loading, validation, scoring and reporting.
pub fn exercise(bytes: &[u8]) {
    let mut diags = Diagnostics::default();
    let text = content::decode(INNOVATION_FILE, bytes.to_vec(), &mut diags);
    let text = text.as_deref().unwrap_or_default();
    if let Some(yaml) = front_matter(text) {
        same_yaml(yaml, 1);
    }
    let mut region = Region {
        slug: "r".into(),
        file: REGION_FILE.into(),
        has_index: true,
        ..Region::default()
    };
    let mut inn = Innovation {
        slug: "a".into(),
        file: INNOVATION_FILE.into(),
        ..Innovation::default()
    };
    if !text.is_empty() {
        content::parse_region(text, &mut region, &mut diags, &mut evidence);
        if content::parse_innovation(text, &mut inn, &mut diags, &mut evidence) {
            region.innovations.push(inn);
        }
    }
    let corpus = Corpus {
        regions: vec![region],
    };
    diags.extend(lumbung::validate::check(&corpus, methodology()));
    let _ = lumbung::score::compute(&corpus, methodology());
    check_reports(&diags.sorted(), bytes);
}

/// The front matter of a content file: the text between a first line `---` and the
/// next line `---` (or the rest of the file when it is not closed).
pub fn front_matter(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest
        .match_indices("\n---")
        .map(|(i, _)| i + 1)
        .next()
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Panics when the fast YAML parser accepts `text` but differs from the general one;
/// true when it accepted it.
pub fn same_yaml(text: &str, offset: u32) -> bool {
    let Some(fast) = lumbung::yaml::parse_fast(text, offset) else {
        return false;
    };
    let general = lumbung::yaml::parse_general(text, offset);
    assert_eq!(
        fast.root, general.root,
        "fast and general trees differ for {text:?}"
    );
    assert_eq!(
        fast.errors, general.errors,
        "fast and general errors differ for {text:?}"
    );
    true
}

fn check_reports(diags: &Diagnostics, bytes: &[u8]) {
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    for d in &diags.0 {
        assert!(
            d.pos.line <= lines,
            "{} points at line {} of a {lines}-line file",
            d.code.code(),
            d.pos.line
        );
        assert!(
            d.pos.line == 0 || d.pos.col >= 1,
            "{} at column 0",
            d.code.code()
        );
        for lang in Lang::ALL {
            assert!(
                !d.message(lang).is_empty() && !d.hint(lang).is_empty(),
                "{} has no words",
                d.code.code()
            );
        }
    }
    let source = String::from_utf8_lossy(bytes).into_owned();
    let read = |_: &str| Some(source.clone());
    for lang in Lang::ALL {
        let human = report::human(diags, &read, lang, false);
        assert!(
            !human
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t')),
            "a control character reached the terminal"
        );
        let json: serde_json::Value =
            serde_json::from_str(&report::json(diags, lang)).expect("the JSON report parses");
        assert_eq!(
            json["diagnostics"].as_array().map(Vec::len),
            Some(diags.0.len())
        );
        let github = report::github(diags, lang);
        assert_eq!(
            github.lines().count(),
            diags.0.len(),
            "one annotation per line"
        );
    }
}
