//! Stage 4, render: (config, corpus, methodology, scores, theme) → every file of the
//! site, streamed into a [`Sink`] as it is produced. Pure apart from the sink: no
//! filesystem access here (evidence copies are handed to the sink as source paths).
//!
//! Pages are rendered in parallel and never collected, so memory stays flat however
//! large the portfolio. Output order does not matter: each file's bytes depend only on
//! the inputs, so two builds of the same content are byte-identical.

mod charts;
pub mod context;
mod detail;
mod exports;
mod feeds;
pub mod fingerprint;
pub mod gaps;
pub mod markdown;
mod methodology;
pub mod model;
pub mod pages;
mod quality;
mod similar;
pub mod taxonomy;
pub mod theme;
mod views;

use crate::config::SiteConfig;
use crate::content::{Corpus, Target};
use crate::diagnostics::{Diagnostic, Diagnostics, Lang};
use crate::methodology::Methodology;
use crate::score::Scores;
pub use model::Models;
pub use pages::Page;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
pub use theme::Theme;

/// Everything a build renders from.
pub struct Input<'a> {
    /// The site root (evidence sources are resolved against it).
    pub root: &'a Path,
    pub config: &'a SiteConfig,
    pub corpus: &'a Corpus,
    pub methodology: &'a Methodology,
    pub scores: &'a Scores,
}

/// One output file's content.
pub enum Output {
    Bytes(Vec<u8>),
    /// Bytes kept by the caller too (the open-data exports, megabytes at national
    /// scale), so that `serve` can share them without copying.
    Shared(std::sync::Arc<Pieces>),
    /// Copy this file (an evidence document or a theme asset on disk).
    Copy(PathBuf),
}

/// A file's bytes as shared pieces, in order. The open-data exports are kept this way:
/// `serve` assembles the national `data/gaps.json` (95 MB) from each region's entry,
/// so a rebuild after one region changed shares every other region's piece instead of
/// copying the whole file again.
#[derive(Debug, Clone, Default)]
pub struct Pieces(pub Vec<Piece>);

/// One piece of a [`Pieces`] (an `Arc<Vec<u8>>`: a buffer becomes a piece without
/// being copied).
pub type Piece = std::sync::Arc<Vec<u8>>;

impl Pieces {
    /// One piece.
    pub fn one(bytes: Vec<u8>) -> Pieces {
        Pieces(vec![Piece::new(bytes)])
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.iter().map(|p| p.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes in one buffer.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.len());
        self.0
            .iter()
            .for_each(|piece| bytes.extend_from_slice(piece));
        bytes
    }

    /// Whether the pieces hold exactly `bytes`.
    pub fn eq_bytes(&self, bytes: &[u8]) -> bool {
        self.len() == bytes.len() && same_stream(self.slices(), std::iter::once(bytes))
    }

    /// Whether both hold the same bytes, compared piece by piece without copying;
    /// pieces they share are not read.
    pub fn same(&self, other: &Pieces) -> bool {
        self.len() == other.len() && same_stream(self.slices(), other.slices())
    }

    fn slices(&self) -> impl Iterator<Item = &[u8]> {
        self.0.iter().map(|p| p.as_slice())
    }
}

/// Whether two runs of slices of the same total length hold the same bytes, wherever
/// each is cut; slices at the same address are not read.
fn same_stream<'a>(
    mut mine: impl Iterator<Item = &'a [u8]>,
    mut theirs: impl Iterator<Item = &'a [u8]>,
) -> bool {
    let (mut a, mut b): (&[u8], &[u8]) = (&[], &[]);
    loop {
        while a.is_empty() {
            match mine.next() {
                Some(piece) => a = piece,
                // Same total length: both are used up.
                None => return true,
            }
        }
        while b.is_empty() {
            match theirs.next() {
                Some(piece) => b = piece,
                None => return false,
            }
        }
        let n = a.len().min(b.len());
        if a.as_ptr() != b.as_ptr() && a[..n] != b[..n] {
            return false;
        }
        (a, b) = (&a[n..], &b[n..]);
    }
}

/// Where rendered files go: a temporary folder (build) or memory (serve).
pub trait Sink: Sync {
    /// Stores `output` at `path` (relative, `/`-separated).
    fn put(&self, path: &str, output: Output) -> std::io::Result<()>;
}

#[derive(Debug)]
pub enum RenderError {
    /// A template failed while rendering (unknown variable, bad filter…).
    Template(Diagnostic),
    Io(String, std::io::Error),
}

impl RenderError {
    pub fn into_diagnostics(self) -> Diagnostics {
        match self {
            RenderError::Template(d) => Diagnostics(vec![d]),
            RenderError::Io(path, err) => {
                Diagnostics(vec![theme::template_error(&path, &err.to_string())])
            }
        }
    }
}

/// Counts of what was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub timings: RenderTimings,
}

/// Where the render stage spent its time (`build --timings`). `render` and `write` are
/// summed over threads, so each can exceed the stage's wall time.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenderTimings {
    /// Building the shared view-models (rankings, taxonomies, exports…), wall time.
    pub prepare: Duration,
    /// Rendering pages (view-model, Markdown, template).
    pub render: Duration,
    /// Handing files to the sink (writing them).
    pub write: Duration,
}

/// Compiled templates, one Tera per language (the language's strings are global),
/// with the indicator rows rendered once.
pub struct Renderer {
    engines: BTreeMap<Lang, (tera::Tera, context::Rows)>,
    theme: Theme,
}

impl Renderer {
    /// Compiles the theme's templates for every language of the site.
    pub fn new(
        theme: Theme,
        config: &SiteConfig,
        m: &Methodology,
    ) -> Result<Renderer, Diagnostics> {
        let mut engines = BTreeMap::new();
        for &lang in &config.languages {
            let tera = pages::engine(&theme, config, m, lang).map_err(|d| Diagnostics(vec![d]))?;
            let strings = theme.strings.get(&lang).unwrap_or(&serde_json::Value::Null);
            let labels = context::Labels { lang, m };
            let rows =
                context::Rows::new(&tera, &labels, views::status_labels(strings)).map_err(|e| {
                    let message = pages::error_chain(&e);
                    Diagnostics(vec![theme::template_error(context::ROW_HEAD, &message)])
                })?;
            engines.insert(lang, (tera, rows));
        }
        Ok(Renderer { engines, theme })
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// Renders one page in one language.
    pub fn page(
        &self,
        input: &Input<'_>,
        models: &Models,
        lang: Lang,
        page: Page,
    ) -> Result<Vec<u8>, RenderError> {
        let (engine, rows) = self.engines.get(&lang).ok_or_else(|| {
            RenderError::Template(theme::template_error("<engine>", "language not configured"))
        })?;
        let strings = self
            .theme
            .strings
            .get(&lang)
            .unwrap_or(&serde_json::Value::Null);
        pages::render(engine, strings, rows, input, models, lang, page)
    }
}

/// Renders the whole site into `sink`.
pub fn site(
    renderer: &Renderer,
    input: &Input<'_>,
    sink: &dyn Sink,
) -> Result<Summary, RenderError> {
    let started = Instant::now();
    let mut models = Models::new(input);
    // Written beside the first pages and let go: ~110 MB at national scale.
    let exports = std::mem::take(&mut models.shared.exports);
    let render_all = |_: &Models, _, lang, page| Reused::Render {
        path: pages::output_path(input, lang, page),
        fingerprint: None,
    };
    let (summary, _) = site_reusing(
        renderer,
        input,
        &models,
        started.elapsed(),
        sink,
        &render_all,
        exports,
    )?;
    Ok(summary)
}

/// At most this many pages are rendered as one task of the thread pool.
const PAGES_PER_TASK: usize = 16;

/// What [`site_reusing`]'s `reuse` says of a page (see [`fingerprint`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reused {
    /// Render it to `path`; its fingerprint, when it has one.
    Render {
        path: String,
        fingerprint: Option<u128>,
    },
    /// Keep the previous build's bytes at `path` (the caller puts them).
    Keep {
        path: std::sync::Arc<str>,
        fingerprint: u128,
    },
    /// The same page, at the same place in the page list, with the same fingerprint as
    /// in the caller's previous build: nothing to do (the caller keeps its bytes).
    Same,
}

/// Decides, for a page (its position in the build's page list, language and page),
/// where it goes and whether to render it.
pub type Reuse<'a> = dyn Fn(&Models, usize, Lang, Page) -> Reused + Sync + 'a;

/// A page as [`site_reusing`] gives it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprinted {
    pub lang: Lang,
    pub page: Page,
    /// Output path.
    pub path: std::sync::Arc<str>,
    pub fingerprint: Option<u128>,
    /// Not rendered nor put in the sink: the caller keeps the previous bytes.
    pub kept: bool,
}

/// The pages of a [`site_reusing`] build: how many, and those not [`Reused::Same`]
/// with their position in the page list.
pub struct Listed {
    pub total: usize,
    pub done: Vec<(usize, Fingerprinted)>,
}

/// [`site`] from `models` (made in `prepare`), but pages `reuse` says to keep are not
/// rendered nor put (`serve`'s incremental builds). Also gives the number of pages and
/// every page but those `reuse` called [`Reused::Same`], with its position in the page
/// list (the same list for the same regions, innovations and terms), in list order.
/// `exports` (`models.shared.exports`, or taken out of it) are put beside the pages.
pub fn site_reusing(
    renderer: &Renderer,
    input: &Input<'_>,
    models: &Models,
    prepare: Duration,
    sink: &dyn Sink,
    reuse: &Reuse<'_>,
    exports: Vec<(&'static str, std::sync::Arc<Pieces>)>,
) -> Result<(Summary, Listed), RenderError> {
    let t = Instant::now();
    let jobs = models.shared.jobs(input);
    let t = trace("jobs", t);
    let files = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let (render_ns, write_ns) = (AtomicU64::new(0), AtomicU64::new(0));
    let since = |t: Instant| t.elapsed().as_nanos() as u64;
    let put = |path: &str, output: Output| {
        match &output {
            Output::Bytes(b) => bytes.fetch_add(b.len() as u64, Ordering::Relaxed),
            Output::Shared(b) => bytes.fetch_add(b.len() as u64, Ordering::Relaxed),
            Output::Copy(_) => 0,
        };
        files.fetch_add(1, Ordering::Relaxed);
        let started = Instant::now();
        let result = sink
            .put(path, output)
            .map_err(|e| RenderError::Io(path.to_string(), e));
        write_ns.fetch_add(since(started), Ordering::Relaxed);
        result
    };
    let page = |(k, &(lang, page)): (usize, &(Lang, Page))| {
        let (path, fingerprint, kept) = match reuse(models, k, lang, page) {
            // Left out of the list: a national site has 38,000 of them.
            Reused::Same => {
                files.fetch_add(1, Ordering::Relaxed);
                return Ok(None);
            }
            Reused::Keep { path, fingerprint } => {
                files.fetch_add(1, Ordering::Relaxed);
                (path, Some(fingerprint), true)
            }
            Reused::Render { path, fingerprint } => {
                let started = Instant::now();
                let html = renderer.page(input, models, lang, page)?;
                render_ns.fetch_add(since(started), Ordering::Relaxed);
                if tracing() && started.elapsed() >= SLOW_PAGE {
                    trace(&format!("  slow page {path}"), started);
                }
                put(&path, Output::Bytes(html))?;
                (path.into(), fingerprint, false)
            }
        };
        Ok(Some((
            k,
            Fingerprinted {
                lang,
                page,
                path,
                fingerprint,
                kept,
            },
        )))
    };
    let assets = renderer.theme.assets.iter().map(|(path, asset)| {
        let output = match asset {
            theme::Asset::Embedded(b) => Output::Bytes(b.to_vec()),
            theme::Asset::File(p) => Output::Copy(p.clone()),
        };
        (format!("assets/{path}"), output)
    });
    let evidence = models
        .evidence()
        .map(|(path, source)| (path.clone(), Output::Copy(source.clone())));
    let other: Vec<(String, Output)> = assets.chain(evidence).collect();
    let (done, put_beside) = rayon::join(
        || {
            // Small batches: listing pages cost several innovation pages each, so
            // halves of the list are uneven, and rayon only splits work further when
            // another thread steals it; measured at 10k innovations, one thread rendered
            // the last 630 pages alone (~0.17 s) while the other had nothing to take.
            jobs.par_iter()
                .with_max_len(PAGES_PER_TASK)
                .enumerate()
                .filter_map(|job| page(job).transpose())
                .collect::<Result<Vec<_>, RenderError>>()
        },
        // Beside the pages: the exports, and the theme's assets and evidence copies
        // (~0.3 s of copying at national scale).
        || {
            let exported = exports
                .into_par_iter()
                .try_for_each(|(path, bytes)| put(path, Output::Shared(bytes)));
            exported.and_then(|()| {
                other
                    .into_par_iter()
                    .try_for_each(|(path, output)| put(&path, output))
            })
        },
    );
    let done = done?;
    put_beside?;
    let listed = Listed {
        total: jobs.len(),
        done,
    };
    trace("pages and files", t);
    let nanos = |n: &AtomicU64| Duration::from_nanos(n.load(Ordering::Relaxed));
    let timings = RenderTimings {
        prepare,
        render: nanos(&render_ns),
        write: nanos(&write_ns),
    };
    let summary = Summary {
        pages: jobs.len(),
        files: files.load(Ordering::Relaxed),
        bytes: bytes.load(Ordering::Relaxed),
        timings,
    };
    Ok((summary, listed))
}

/// With `LUMBUNG_TIMINGS` set, prints the time since `since` on stderr (to see where
/// a build's time goes); gives the time now.
pub fn trace(what: &str, since: Instant) -> Instant {
    if tracing() {
        eprintln!("  {what}: {:.1} ms", since.elapsed().as_secs_f64() * 1000.0);
    }
    Instant::now()
}

/// Whether `LUMBUNG_TIMINGS` is set (read once).
pub fn tracing() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("LUMBUNG_TIMINGS").is_some())
}

/// Pages that take at least this long are named by [`trace`].
const SLOW_PAGE: Duration = Duration::from_millis(1);

/// Every valid evidence file once: (output path, source path). Only files the loader
/// found inside their region folder are listed, so nothing else can be copied.
pub fn evidence_files(input: &Input<'_>) -> BTreeMap<String, PathBuf> {
    (0..input.corpus.regions.len())
        .flat_map(|r| region_evidence(input, r))
        .collect()
}

/// [`evidence_files`] of region `r`.
pub fn region_evidence(input: &Input<'_>, r: usize) -> Vec<(String, PathBuf)> {
    let region = &input.corpus.regions[r];
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let answers = region
        .answers
        .iter()
        .chain(region.innovations.iter().flat_map(|i| i.answers.iter()));
    for evidence in answers.flat_map(|a| a.evidence.iter()) {
        if let Target::File(f) = &evidence.target {
            if evidence.is_valid() && seen.insert(f.normalized.as_str()) {
                let source = input
                    .root
                    .join(crate::content::CONTENT_DIR)
                    .join(&region.slug)
                    .join(&f.normalized);
                out.push((format!("{}/{}", region.slug, f.normalized), source));
            }
        }
    }
    out
}
