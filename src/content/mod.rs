//! Stage 1, load: the `content/` folder → a [`Corpus`] of regions and innovations,
//! plus diagnostics for everything that could not be read or is out of place.
//!
//! This is the only stage (with `output`) that touches the filesystem. It records
//! facts (text, typed front matter with positions, the state of every evidence file)
//! and leaves judgement to `validate`. Order is deterministic: regions and innovations
//! sorted by slug. Invariants: a file that cannot be read or parsed is reported and
//! skipped, never half-loaded; nothing outside `content/` is read except through a
//! checked evidence path.

pub mod evidence;
mod files;
mod frontmatter;
pub mod vocabulary;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::fields::{Date, Spanned};
use crate::yaml::Pos;
pub use evidence::{EvidenceFile, FileState};
use files::Kind;
pub use files::{decode, read_bounded, read_error, ReadError};
pub use frontmatter::{EvidenceCheck, ANSWER_KEYS, MAX_FRONT_MATTER_BYTES};
use rayon::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Content files larger than this are refused (front matter and prose are small).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The folder, under the site root, that holds the portfolio.
pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corpus {
    /// Sorted by slug.
    pub regions: Vec<Region>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Region {
    pub slug: String,
    /// `content/<slug>/_index.md`, relative to the site root.
    pub file: String,
    /// False when the folder has no `_index.md` (already reported).
    pub has_index: bool,
    pub name: String,
    pub kind: Spanned<String>,
    pub province: Option<Spanned<String>>,
    pub clusters: Vec<Spanned<String>>,
    /// Official IID of earlier years, ascending by year.
    pub history: Vec<(i32, f64)>,
    /// Where each year of `history` is written.
    pub history_at: Vec<Pos>,
    pub answers: Vec<Answer>,
    /// Where `indicators:` is written (or the start of the front matter).
    pub indicators_pos: Pos,
    /// Markdown after the front matter.
    pub body: String,
    /// Sorted by slug.
    pub innovations: Vec<Innovation>,
    /// Hash of the `_index.md` bytes (caches key on it).
    pub source_hash: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Innovation {
    pub slug: String,
    pub file: String,
    pub title: String,
    pub stage: Spanned<String>,
    pub form: Option<Spanned<String>>,
    pub digital: Option<bool>,
    pub initiator: Option<Spanned<String>>,
    pub affairs: Vec<Spanned<String>>,
    pub agency: Option<String>,
    pub trial_date: Option<Date>,
    pub launch_date: Option<Date>,
    pub tags: Vec<Spanned<String>>,
    pub answers: Vec<Answer>,
    pub indicators_pos: Pos,
    pub body: String,
    pub source_hash: u64,
}

/// One answered indicator.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub indicator: Spanned<String>,
    /// None when `option` is absent or not text (already reported).
    pub option: Option<Spanned<String>>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub title: String,
    pub target: Target,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    File(EvidenceFile),
    Url(Spanned<String>),
    /// Both or neither of `file`/`url` (already reported); never counts.
    Invalid,
}

impl Evidence {
    /// Whether this item counts as evidence for scoring: an existing, non-empty file
    /// inside the region folder, or an absolute http(s) URL.
    pub fn is_valid(&self) -> bool {
        match &self.target {
            Target::File(file) => matches!(file.state, FileState::Ok { .. }),
            Target::Url(url) => is_http_url(&url.value),
            Target::Invalid => false,
        }
    }
}

/// An absolute http(s) URL with a host.
pub fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    // The host is what comes before the first `/`, `?` or `#`: not empty when the rest
    // starts with something else.
    rest.is_some_and(|r| {
        let has_host = r
            .bytes()
            .next()
            .is_some_and(|b| !matches!(b, b'/' | b'?' | b'#'));
        has_host && !has_whitespace(url)
    })
}

/// Whether `text` holds whitespace (ASCII or Unicode). Evidence URLs are checked several
/// times per build, so the common case is one branch-free pass: every ASCII whitespace
/// byte is at most 0x20, and a text without such bytes or non-ASCII has none.
fn has_whitespace(text: &str) -> bool {
    let suspicious = text
        .bytes()
        .fold(false, |found, b| found | (b <= 0x20) | (b >= 0x80));
    suspicious && text.chars().any(char::is_whitespace)
}

/// Loads every region and innovation under `root/content`.
pub fn load(root: &Path) -> (Corpus, Diagnostics) {
    load_reusing(root, &mut Fresh)
}

/// Lets [`load_reusing`] skip work an earlier load already did (`serve`'s incremental
/// rebuilds). The defaults do what [`load`] does; an implementation must return only
/// what a fresh load would produce, so the corpus is the same either way.
pub trait Reuse {
    /// A region (with its diagnostics) whose folder provably has not changed since it
    /// was loaded; `None` loads it from disk.
    fn region(&mut self, _slug: &str) -> Option<(Region, Diagnostics)> {
        None
    }
    /// Called with each region loaded from disk and its diagnostics.
    fn loaded(&mut self, _region: &Region, _diags: &Diagnostics) {}
    /// True when nothing is ever reused (a plain build): regions are then read and
    /// parsed in parallel, without calling the other methods.
    fn reuses_nothing(&self) -> bool {
        false
    }
    /// Reads an innovation file's text (see [`parse_innovation`]).
    fn innovation(
        &mut self,
        text: &str,
        inn: &mut Innovation,
        diags: &mut Diagnostics,
        check: &mut EvidenceCheck<'_>,
    ) -> bool {
        parse_innovation(text, inn, diags, check)
    }
}

/// Reuses nothing: a plain [`load`].
pub struct Fresh;

impl Reuse for Fresh {
    fn reuses_nothing(&self) -> bool {
        true
    }
}

/// Time spent reading files and parsing them, summed over threads (so with parallel
/// loading it can exceed the wall time of the load).
#[derive(Debug, Default, Clone, Copy)]
pub struct LoadTimes {
    pub read: Duration,
    pub parse: Duration,
}

impl LoadTimes {
    fn add(&mut self, other: LoadTimes) {
        self.read += other.read;
        self.parse += other.parse;
    }
}

/// Reads an innovation file's text into `inn` (whose `slug` and `file` are set);
/// false when nothing usable was read. Evidence paths are checked with `check`.
pub fn parse_innovation(
    text: &str,
    inn: &mut Innovation,
    diags: &mut Diagnostics,
    check: &mut EvidenceCheck<'_>,
) -> bool {
    frontmatter::innovation(text, inn, diags, check)
}

/// Reads a region's `_index.md` text into `region` (whose `slug` and `file` are set).
/// Evidence paths are checked with `check`.
pub fn parse_region(
    text: &str,
    region: &mut Region,
    diags: &mut Diagnostics,
    check: &mut EvidenceCheck<'_>,
) {
    frontmatter::region(text, region, diags, check);
}

/// [`load`], reusing what `reuse` offers.
pub fn load_reusing(root: &Path, reuse: &mut dyn Reuse) -> (Corpus, Diagnostics) {
    let (corpus, diags, _) = load_timed(root, reuse);
    (corpus, diags)
}

/// [`load_reusing`], also giving the time spent reading and parsing.
pub fn load_timed(root: &Path, reuse: &mut dyn Reuse) -> (Corpus, Diagnostics, LoadTimes) {
    let mut times = LoadTimes::default();
    let mut diags = Diagnostics::default();
    let content = root.join(CONTENT_DIR);
    let inside = files::canonical(&content);
    let mut corpus = Corpus::default();
    let entries = match files::entries(&content, CONTENT_DIR, &inside, &mut diags) {
        Ok(entries) => entries,
        Err(err) => {
            diags.push(files::unreadable(CONTENT_DIR, &err));
            return (corpus, diags, times);
        }
    };
    let folder = Folder {
        root,
        inside: &inside,
    };
    // A plain build reads and parses regions in parallel (perf: 10k innovations, load
    // 6.6 s → ~half on 2 cores); results are merged in entry order, so the corpus and
    // diagnostics are exactly those of the sequential loop below.
    let mut parallel = if reuse.reuses_nothing() {
        let loaded: Vec<_> = entries
            .par_iter()
            .map(|e| (e.kind == Kind::Dir).then(|| load_fresh(&folder, &e.name)))
            .collect();
        loaded.into_iter()
    } else {
        Vec::new().into_iter()
    };
    let mut checker = evidence::Checker::default();
    for files::Entry { name, kind } in entries {
        let rel = format!("{CONTENT_DIR}/{name}");
        let preloaded = parallel.next().flatten();
        match kind {
            Kind::Dir => {
                let (region, region_diags) = match preloaded {
                    Some((region, region_diags, region_times)) => {
                        times.add(region_times);
                        (region, region_diags)
                    }
                    None => reuse.region(&name).unwrap_or_else(|| {
                        let mut region_diags = Diagnostics::default();
                        let region = load_region(
                            &folder,
                            &name,
                            &mut checker,
                            &mut region_diags,
                            reuse,
                            &mut times,
                        );
                        reuse.loaded(&region, &region_diags);
                        (region, region_diags)
                    }),
                };
                diags.extend(region_diags);
                corpus.regions.push(region);
            }
            Kind::File if name.ends_with(".md") => {
                diags.push(Diagnostic::new(Code::OutsideRegion, rel, Pos::default()));
            }
            Kind::File => {
                diags.push(Diagnostic::new(Code::StrayFile, rel, Pos::default()).arg("name", name))
            }
            Kind::Outside | Kind::Special => diags.0.extend(files::not_readable(&rel, kind)),
        }
    }
    (corpus, diags, times)
}

/// One region loaded on its own (its own evidence checker: evidence paths are per
/// region folder, so nothing is lost by not sharing the cache).
fn load_fresh(folder: &Folder<'_>, slug: &str) -> (Region, Diagnostics, LoadTimes) {
    let (mut diags, mut times) = (Diagnostics::default(), LoadTimes::default());
    let mut checker = evidence::Checker::default();
    let region = load_region(
        folder,
        slug,
        &mut checker,
        &mut diags,
        &mut Fresh,
        &mut times,
    );
    (region, diags, times)
}

/// The site root and the canonical `content/` folder that links must stay in.
struct Folder<'a> {
    root: &'a Path,
    inside: &'a Path,
}

/// Loads one region folder: `_index.md`, its innovations, stray-file warnings.
fn load_region(
    folder: &Folder<'_>,
    slug: &str,
    checker: &mut evidence::Checker,
    diags: &mut Diagnostics,
    reuse: &mut dyn Reuse,
    times: &mut LoadTimes,
) -> Region {
    let root = folder.root;
    let dir_rel = format!("{CONTENT_DIR}/{slug}");
    let dir = root.join(&dir_rel);
    let mut region = Region {
        slug: slug.to_string(),
        file: format!("{dir_rel}/_index.md"),
        ..Region::default()
    };
    let entries = match files::entries(&dir, &dir_rel, folder.inside, diags) {
        Ok(entries) => entries,
        Err(err) => {
            diags.push(files::unreadable(&dir_rel, &err));
            return region;
        }
    };
    let ctx = evidence::RegionDir::new(&dir);
    for files::Entry { name, kind } in entries {
        let rel = format!("{dir_rel}/{name}");
        if let Some(d) = files::not_readable(&rel, kind) {
            diags.push(d);
        } else if kind == Kind::Dir {
            report_nested_markdown(root, &rel, diags);
        } else if name == "_index.md" {
            if let Some(text) = read_text(root, &rel, diags, times) {
                let started = Instant::now();
                region.has_index = true;
                frontmatter::region(&text, &mut region, diags, &mut |p, pos| {
                    checker.check(&ctx, p, pos)
                });
                times.parse += started.elapsed();
            }
        } else if let Some(stem) = name.strip_suffix(".md") {
            if let Some(text) = read_text(root, &rel, diags, times) {
                let started = Instant::now();
                let mut innovation = Innovation {
                    slug: stem.to_string(),
                    file: rel,
                    ..Innovation::default()
                };
                if reuse.innovation(&text, &mut innovation, diags, &mut |p, pos| {
                    checker.check(&ctx, p, pos)
                }) {
                    region.innovations.push(innovation);
                }
                times.parse += started.elapsed();
            }
        } else {
            diags.push(Diagnostic::new(Code::StrayFile, rel, Pos::default()).arg("name", name));
        }
    }
    if !region.has_index {
        let d =
            Diagnostic::new(Code::RegionWithoutIndex, dir_rel, Pos::default()).arg("region", slug);
        diags.push(d);
    }
    region
}

/// Markdown inside a region's sub-folders is never loaded: say so rather than ignore it.
fn report_nested_markdown(root: &Path, rel: &str, diags: &mut Diagnostics) {
    // A linked folder is not entered (a link back up would list the region again).
    let walker = walkdir::WalkDir::new(root.join(rel))
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name();
    for entry in walker.into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() && entry.file_name().to_string_lossy().ends_with(".md") {
            let path = entry.path().strip_prefix(root).unwrap_or(entry.path());
            let file = path.to_string_lossy().replace('\\', "/");
            diags.push(Diagnostic::new(Code::OutsideRegion, file, Pos::default()));
        }
    }
}

/// Reads a content file as text, reporting size, encoding and emptiness problems.
fn read_text(
    root: &Path,
    rel: &str,
    diags: &mut Diagnostics,
    times: &mut LoadTimes,
) -> Option<String> {
    let started = Instant::now();
    let read = files::read_bounded(&root.join(rel), MAX_FILE_BYTES);
    times.read += started.elapsed();
    match read {
        Ok(bytes) => decode(rel, bytes, diags),
        Err(err) => {
            diags.push(files::read_error(rel, &err, MAX_FILE_BYTES));
            None
        }
    }
}

/// A stable 64-bit hash of file bytes (FNV-1a): cache keys, not security.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls_count() {
        assert!(is_http_url("https://example.go.id/a.pdf"));
        assert!(is_http_url("http://example.go.id"));
        assert!(is_http_url(
            "https://dinas.example.go.id/laporan-ü.pdf?x=1#p2"
        ));
        for bad in [
            "ftp://x.id/a",
            "javascript:alert(1)",
            "https://",
            "/docs/a.pdf",
            "https://a b.id",
            "https://a.id/x\u{b}y",
            "https://a.id/\u{a0}",
            "https://a.id/\u{3000}",
            "https://a.id/x\ty",
            "https://a.id/\u{85}",
            "https://?q",
            "http:///path",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }
}
