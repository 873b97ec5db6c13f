//! One build of the preview: from "these paths changed" to a complete new in-memory
//! site, doing again only what may have changed.
//!
//! - load: unchanged region folders are reused, unchanged files not re-parsed
//!   (`Loader`), and what depends on one region alone (its checks, its unranked
//!   score) kept; what spans regions (slugs, ranks) runs on the whole corpus;
//! - render: innovation, term and region pages whose inputs all equal those of the
//!   published build are kept as they are ([`PageInputs::changed`]); every other page
//!   gets a fingerprint ([`fingerprint`]), and keeps its bytes when that equals the one
//!   it had in the published site; pages without a known fingerprint are always
//!   rendered; site.yaml, methodology or theme changes render everything;
//! - the new site starts as a copy of the published one (shared keys) that the
//!   build's puts overwrite;
//! - copies (evidence, theme files) are kept as paths, read when requested.
//!
//! Invariant: the result equals a fresh `render::site` of the same files, byte for
//! byte (`tests/serve_incremental.rs`). Errors leave the published site alone.

use super::loader::{self, Loader};
use super::store::{Files, MemorySink, PathMap};
use crate::diagnostics::{Diagnostics, Gathered, Lang};
use crate::pipeline::{self, LoadError, Project};
use crate::render::fingerprint::{
    self, hash_debug, Changed, Digests, Hasher128, PageInputs, ScoreDigests,
};
use crate::render::model::{Memo, Reusing};
use crate::render::{self, pages, theme, Fingerprinted, Listed, Models, Page, Renderer, Reused};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// What changed on disk since the last build.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Region folders (slugs under `content/`) with file events.
    pub regions: BTreeSet<String>,
    /// Something under `themes/`.
    pub theme: bool,
    /// Read everything again (start, lost events, site.yaml or methodology).
    pub all: bool,
}

impl Changes {
    /// Read and render everything (the first build).
    pub fn everything() -> Changes {
        Changes {
            all: true,
            ..Changes::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.regions.is_empty() && !self.theme && !self.all
    }

    pub fn merge(&mut self, other: &Changes) {
        self.regions.extend(other.regions.iter().cloned());
        self.theme |= other.theme;
        self.all |= other.all;
    }
}

/// A build that produced a whole site.
pub struct Built {
    pub files: Files,
    /// Keys whose bytes differ from the previous site.
    pub changed: Vec<String>,
    /// Warnings (the build succeeded), sorted only when read.
    pub diagnostics: Gathered,
    pub stats: Stats,
    /// The build's view-models the memo does not keep: free after publishing.
    pub spent: Option<render::model::Spent>,
}

/// Where the time of a build went, and how much was reused.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// Load, validate and score.
    pub load: Duration,
    pub render: Duration,
    /// Collecting the new site and finding what changed.
    pub collect: Duration,
    pub total: Duration,
    pub loader: loader::Stats,
    pub pages_rendered: usize,
    pub pages_reused: usize,
    /// Of `pages_reused`, those found unchanged by comparing their inputs with the
    /// previous build's (innovation, term and region pages), without a fingerprint.
    pub pages_same: usize,
    pub regions: usize,
    pub innovations: usize,
}

struct Compiled {
    key: u128,
    /// Hash of the theme's templates, strings and assets.
    theme: u128,
    renderer: Renderer,
}

/// The state kept between builds.
pub struct Builder {
    root: PathBuf,
    loader: Loader,
    compiled: Option<Compiled>,
    /// The pages of the published site in the order of its page list, with their
    /// fingerprints, and the global key it was built with.
    published: Vec<Fingerprinted>,
    published_key: Option<u128>,
    /// What the published site's innovation, term and region pages read.
    published_inputs: Option<PageInputs>,
    /// Per-region view-model parts of the last build (see [`render::model`]).
    memo: Memo,
    /// See [`Builder::verify_same`].
    verify_same: bool,
}

impl Builder {
    pub fn new(root: &Path) -> Builder {
        Builder {
            root: root.to_path_buf(),
            loader: Loader::default(),
            compiled: None,
            published: Vec::new(),
            published_key: None,
            published_inputs: None,
            memo: Memo::default(),
            verify_same: false,
        }
    }

    /// For tests: every page kept because its inputs are unchanged also gets its
    /// fingerprint made, and a build where one differs from the published page's fails
    /// with an internal error naming the page.
    pub fn verify_same(&mut self) {
        self.verify_same = true;
    }

    /// Builds the site after `changes`, given the currently published `current`.
    pub fn build(&mut self, changes: &Changes, current: &Files) -> Result<Built, Diagnostics> {
        let started = Instant::now();
        self.loader.invalidate(&changes.regions);
        if changes.all {
            self.loader.invalidate_all();
        }
        let (mut project, diagnostics) = pipeline::load_reusing(&self.root, &mut self.loader)
            .map_err(|e| match e {
                LoadError::NoSite(d) | LoadError::Invalid(d) => d,
            })?;
        let loaded = started.elapsed();
        if crate::render::tracing() {
            eprintln!("  stages: {:?}", project.timings);
            eprintln!("  load total: {:.1} ms", loaded.as_secs_f64() * 1000.0);
        }
        let result = self.render(&project, &diagnostics, changes, current, loaded);
        let t = Instant::now();
        let slugs: Vec<String> = project
            .corpus
            .regions
            .iter()
            .map(|r| r.slug.clone())
            .collect();
        let loader_stats = self.loader.restore(&mut project.corpus);
        let scores = std::mem::take(&mut project.scores.regions);
        let digests = result.as_ref().ok().map(|(_, d)| d.clone());
        self.loader.keep_scores(slugs, scores, digests);
        render::trace("keep", t);
        let (mut built, _) = result?;
        built.diagnostics = diagnostics;
        built.stats.loader = loader_stats;
        built.stats.total = started.elapsed();
        Ok(built)
    }

    /// Renders a loaded project; gives the site and the score digests it used.
    fn render(
        &mut self,
        project: &Project,
        diagnostics: &Gathered,
        changes: &Changes,
        current: &Files,
        loaded: Duration,
    ) -> Result<(Built, Vec<ScoreDigests>), Diagnostics> {
        if let Some(errors) = diagnostics.errors() {
            return Err(errors);
        }
        let t = Instant::now();
        let key = self.compile(project, changes.theme || changes.all)?;
        render::trace("compile", t);
        let reusable = self.published_key == Some(key);
        if !reusable {
            self.memo.clear();
        }
        let t = Instant::now();
        let input = project.input();
        let score_digests = self.score_digests(project);
        let step = render::trace("score digests", t);
        let region_digests = project
            .corpus
            .regions
            .iter()
            .map(|r| {
                self.loader
                    .digests(&r.slug)
                    .ok_or_else(|| missing_digest(&r.slug))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let keys: Vec<u128> = region_digests.iter().map(|d| d.key()).collect();
        render::trace("region keys", step);
        let summaries: Vec<u128> = region_digests
            .iter()
            .zip(&score_digests)
            .map(|(own, score)| {
                Hasher128::default()
                    .u128(own.own)
                    .u128(score.summary)
                    .finish()
            })
            .collect();
        let reusing = Reusing {
            keys: &keys,
            summaries: &summaries,
            memo: &mut self.memo,
        };
        let models = Models::reusing(&input, Some(reusing));
        let prepare = t.elapsed();
        render::trace("models", t);
        let scores = score_digests.iter().collect();
        let t = Instant::now();
        // The copy of the site the sink starts from (~40,000 entries) is made beside.
        let ((digests, inputs, changed), sink) = rayon::join(
            || {
                let digests = Digests::new(&input, &models, region_digests, scores);
                let inputs = PageInputs::new(&digests, &models);
                let changed = self
                    .published_inputs
                    .as_ref()
                    .filter(|_| reusable)
                    .and_then(|earlier| inputs.changed(earlier, &models));
                (digests, inputs, changed)
            },
            || MemorySink::new(current),
        );
        render::trace("digests and copy of the site", t);
        let published = Published::new(&self.published);
        let wrongly_same = std::sync::Mutex::new(None);
        let reuse = |models: &render::Models, k, lang, page| {
            if changed
                .as_ref()
                .is_some_and(|c| published.unchanged(c, models, k, lang, page))
            {
                let fingerprint = || fingerprint::page(&digests, models, lang, page);
                if self.verify_same && published.pages[k].fingerprint != fingerprint() {
                    let path = published.pages[k].path.clone();
                    *wrongly_same.lock().unwrap_or_else(PoisonError::into_inner) = Some(path);
                }
                return Reused::Same;
            }
            let path = pages::output_path(&input, lang, page);
            let fingerprint = fingerprint::page(&digests, models, lang, page);
            match fingerprint {
                Some(fp)
                    if reusable
                        && published.get(k, &path) == Some(fp)
                        && current.contains_key(path.as_str()) =>
                {
                    let path = path.into();
                    Reused::Keep {
                        path,
                        fingerprint: fp,
                    }
                }
                _ => Reused::Render { path, fingerprint },
            }
        };
        let renderer = self
            .compiled
            .as_ref()
            .map(|c| &c.renderer)
            .ok_or_else(|| missing_digest("<renderer>"))?;
        let started = Instant::now();
        let (summary, pages) = render::site_reusing(
            renderer,
            &input,
            &models,
            prepare,
            &sink,
            &reuse,
            models.shared.exports.clone(),
        )
        .map_err(render::RenderError::into_diagnostics)?;
        let render_time = started.elapsed();
        if let Some(path) = wrongly_same
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
        {
            return Err(missing_digest(&format!("{path} (kept as unchanged)")));
        }
        let started = Instant::now();
        let pages_same = pages.total - pages.done.len();
        let earlier = std::mem::take(&mut self.published);
        let pages = same_as_before(pages, earlier).ok_or_else(|| missing_digest("<pages>"))?;
        let kept: Vec<&str> = pages.iter().filter(|f| f.kept).map(|f| &*f.path).collect();
        let pages_reused = kept.len();
        let (files, changed) = sink.into_files(&kept);
        self.published = pages;
        self.published_inputs = Some(inputs);
        let collect = started.elapsed();
        render::trace("collect", started);
        self.published_key = Some(key);
        let spent = self.memo.keep(models);
        let stats = Stats {
            render: render_time,
            collect,
            load: loaded,
            pages_rendered: summary.pages - pages_reused,
            pages_reused,
            pages_same,
            regions: project.corpus.regions.len(),
            innovations: project.innovation_count(),
            ..Stats::default()
        };
        Ok((
            Built {
                files,
                changed,
                diagnostics: Gathered::default(),
                stats,
                spent: Some(spent),
            },
            score_digests,
        ))
    }

    /// Compiles the theme when it, site.yaml or the methodology changed; returns the
    /// key of those global inputs. The theme is read again only after events under
    /// `themes/` (or a full reload): the default theme is in the binary.
    fn compile(&mut self, project: &Project, theme_events: bool) -> Result<u128, Diagnostics> {
        let cached = self
            .compiled
            .as_ref()
            .filter(|_| !theme_events)
            .map(|c| c.theme);
        let (theme, theme_hash) = match cached {
            Some(hash) => (None, hash),
            None => {
                let theme = theme::load(&self.root, &project.config.theme)?;
                let mut h = Hasher128::default();
                h.u128(hash_debug(&theme.templates))
                    .u128(hash_debug(&theme.strings))
                    .u128(hash_debug(&theme.assets));
                let hash = h.finish();
                (Some(theme), hash)
            }
        };
        let mut h = Hasher128::default();
        // The document, not the whole methodology: that holds a HashMap, whose Debug
        // order differs between loads. Everything else in it derives from the document.
        h.u128(hash_debug(&project.config))
            .u128(hash_debug(&project.methodology.doc))
            .u128(theme_hash);
        let key = h.finish();
        if self.compiled.as_ref().is_none_or(|c| c.key != key) {
            let theme = match theme {
                Some(theme) => theme,
                None => theme::load(&self.root, &project.config.theme)?,
            };
            let renderer = Renderer::new(theme, &project.config, &project.methodology)?;
            self.compiled = Some(Compiled {
                key,
                theme: theme_hash,
                renderer,
            });
        }
        Ok(key)
    }

    /// Score digests parallel to the corpus, reusing those of unchanged regions.
    fn score_digests(&self, project: &Project) -> Vec<ScoreDigests> {
        project
            .corpus
            .regions
            .par_iter()
            .zip(&project.scores.regions)
            .map(|(region, score)| self.loader.score_digests(&region.slug, score))
            .collect()
    }
}

/// The fingerprints of the published pages, found by position in the page list (the
/// same list while the regions, innovations and terms are the same) or, when the page
/// there has another path, by path.
struct Published<'a> {
    pages: &'a [Fingerprinted],
    by_path: OnceLock<PathMap<u128>>,
}

impl<'a> Published<'a> {
    fn new(pages: &'a [Fingerprinted]) -> Self {
        Published {
            pages,
            by_path: OnceLock::new(),
        }
    }

    /// Whether the `k`-th page of this build, an innovation, term or region page, is
    /// the `k`-th of the published list too, and none of its inputs `changed`.
    fn unchanged(
        &self,
        changed: &Changed,
        models: &Models,
        k: usize,
        lang: Lang,
        page: Page,
    ) -> bool {
        let inputs_same = match page {
            Page::Innovation(r, i) => !changed.innovations[models.shared.flat.id(r, i) as usize],
            Page::Region(r) | Page::RegionQuality(r) => !changed.regions[r],
            Page::Term(term, _) => models
                .shared
                .index
                .position(term)
                .is_some_and(|p| !changed.terms[p]),
            _ => false,
        };
        inputs_same
            && self
                .pages
                .get(k)
                .is_some_and(|p| p.lang == lang && p.page == page && p.fingerprint.is_some())
    }

    /// The fingerprint the page at `path` (`k`-th in this build's list) had.
    fn get(&self, k: usize, path: &str) -> Option<u128> {
        match self.pages.get(k) {
            Some(page) if *page.path == *path => page.fingerprint,
            _ => self.by_path().get(path).copied(),
        }
    }

    fn by_path(&self) -> &PathMap<u128> {
        self.by_path.get_or_init(|| {
            let pages = self.pages.iter();
            pages
                .filter_map(|p| Some((p.path.to_string(), p.fingerprint?)))
                .collect()
        })
    }
}

/// The pages of a build: those [`site_reusing`](render::site_reusing) gave, and at
/// the other places (the same pages as before) the `earlier` list's pages, kept (the
/// published site holds their bytes). `None` if the lists do not fit.
fn same_as_before(listed: Listed, earlier: Vec<Fingerprinted>) -> Option<Vec<Fingerprinted>> {
    if listed.done.len() == listed.total {
        return Some(listed.done.into_iter().map(|(_, page)| page).collect());
    }
    let mut pages = earlier;
    if pages.len() != listed.total {
        return None;
    }
    pages.iter_mut().for_each(|page| page.kept = true);
    for (k, page) in listed.done {
        pages[k] = page;
    }
    Some(pages)
}

/// An internal inconsistency, reported rather than panicking.
fn missing_digest(what: &str) -> Diagnostics {
    Diagnostics(vec![theme::template_error(
        what,
        "internal: serve lost track of this region; restart `lumbung serve`",
    )])
}
