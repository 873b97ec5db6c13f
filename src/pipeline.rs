//! Runs the stages in order: config and methodology, load, validate, score — and, for
//! a build, render and write. Commands (`build`, `check`, `score`, `serve`) call these
//! functions rather than the stages, so they all see the same project.

use crate::config::{self, SiteConfig};
use crate::content::{self, Corpus, Region};
use crate::diagnostics::{Diagnostics, Gathered, Shared};
use crate::methodology::{self, Methodology};
use crate::output::{self, Cleanup};
use crate::render::{self, theme, Renderer, Summary};
use crate::score::{self, RegionScore, Scores};
use crate::validate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A loaded, validated and scored portfolio.
pub struct Project {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub methodology: Methodology,
    pub corpus: Corpus,
    pub scores: Scores,
    /// Every problem found, sorted by file and line.
    pub diagnostics: Diagnostics,
    pub timings: Timings,
}

/// Wall time of each stage, and where the parallel stages spent their time.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    pub config: Duration,
    pub load: Duration,
    pub validate: Duration,
    pub score: Duration,
    pub render_write: Duration,
    /// Inside `load`: reading and parsing files, summed over threads.
    pub files: content::LoadTimes,
    /// Inside `render_write`: preparing, rendering and writing.
    pub render: render::RenderTimings,
}

/// Why a project could not even be loaded.
pub enum LoadError {
    /// No site.yaml: a usage problem (exit 2).
    NoSite(Diagnostics),
    /// site.yaml or the methodology is invalid (exit 1).
    Invalid(Diagnostics),
}

/// What an earlier load may hand back (`serve`, see `serve/loader.rs`): unchanged
/// regions and parsed files ([`content::Reuse`]) and, for a region it handed back
/// unchanged, its innovations' problems and its unranked score. The defaults compute
/// them; an implementation must give exactly what they give.
pub trait Reuse: content::Reuse {
    /// The site configuration and methodology: [`load_settings`].
    fn settings(&mut self, root: &Path) -> Result<(SiteConfig, Methodology), LoadError> {
        load_settings(root)
    }

    /// [`validate::region`] of `region` (shared: an implementation may keep them).
    fn region_checked(&mut self, region: &Region, provinces: &[&str], m: &Methodology) -> Shared {
        validate::region(region, provinces, m).into()
    }

    /// [`validate::innovations`] of `region` (shared: an implementation may keep them).
    fn innovations_checked(&mut self, region: &Region, m: &Methodology) -> Shared {
        validate::innovations(region, m).into()
    }

    /// [`score::region`] of `region`.
    fn scored(&mut self, region: &Region, m: &Methodology) -> RegionScore {
        score::region(region, m)
    }
}

impl Reuse for content::Fresh {}

/// Loads, validates and scores the portfolio at `root`.
pub fn load(root: &Path) -> Result<Project, LoadError> {
    let (mut project, gathered) = match load_reusing(root, &mut content::Fresh) {
        Err(LoadError::Invalid(settings)) => {
            return Err(LoadError::Invalid(with_content_problems(root, settings)))
        }
        loaded => loaded?,
    };
    let t = Instant::now();
    project.diagnostics = gathered.into_sorted();
    render::trace("sort diagnostics", t);
    Ok(project)
}

/// [`load`], reusing unchanged regions, parsed files and per-region results (`serve`).
/// The project's `diagnostics` stay empty: they are given apart, unsorted, to be read
/// only when needed (a national portfolio has tens of thousands of warnings, which a
/// successful rebuild does not show).
pub fn load_reusing(root: &Path, reuse: &mut dyn Reuse) -> Result<(Project, Gathered), LoadError> {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (config, methodology) = reuse.settings(root)?;
    timings.config = started.elapsed();
    let started = Instant::now();
    let (corpus, mut diagnostics, files) = content::load_timed(root, reuse);
    timings.load = started.elapsed();
    timings.files = files;
    let started = Instant::now();
    let m = &methodology;
    diagnostics.extend(validate::region_slugs(&corpus));
    diagnostics.extend(validate::history_years(&corpus, config.year));
    let provinces = validate::provinces(&corpus);
    let checked: Vec<Shared> = if reuse.reuses_nothing() {
        let fresh = |r: &Region| {
            [
                validate::region(r, &provinces, m),
                validate::innovations(r, m),
            ]
        };
        let lists: Vec<_> = corpus.regions.par_iter().map(fresh).collect();
        lists.into_iter().flatten().map(Shared::from).collect()
    } else {
        corpus
            .regions
            .iter()
            .flat_map(|r| {
                let own = reuse.region_checked(r, &provinces, m);
                [own, reuse.innovations_checked(r, m)]
            })
            .collect()
    };
    timings.validate = started.elapsed();
    let started = Instant::now();
    let scores = if reuse.reuses_nothing() {
        score::compute(&corpus, m)
    } else {
        score::ranked(corpus.regions.iter().map(|r| reuse.scored(r, m)).collect())
    };
    timings.score = started.elapsed();
    let project = Project {
        root: root.to_path_buf(),
        config,
        methodology,
        corpus,
        scores,
        diagnostics: Diagnostics::default(),
        timings,
    };
    Ok((project, Gathered::new(diagnostics, checked)))
}

/// A site.yaml mistake must not hide the content's problems (every problem in one
/// run): the content is checked with site.yaml's readable fields (defaults for the
/// rest) when the methodology they name loads, and all problems are given together.
fn with_content_problems(root: &Path, mut settings: Diagnostics) -> Diagnostics {
    let lenient = config::load_lenient(root).and_then(|config| {
        let at = config.methodology_at;
        let m = methodology::load_named(&config.methodology, root, at).ok()?;
        Some((config, m))
    });
    if let Some(settings_used) = lenient {
        let mut reuse = Lenient(Some(settings_used));
        if let Ok((_, gathered)) = load_reusing(root, &mut reuse) {
            settings.extend(gathered.into_sorted());
        }
    }
    settings.sorted()
}

/// Settings given once, otherwise reading like a plain build.
struct Lenient(Option<(SiteConfig, Methodology)>);

impl content::Reuse for Lenient {
    fn reuses_nothing(&self) -> bool {
        true
    }
}

impl Reuse for Lenient {
    fn settings(&mut self, root: &Path) -> Result<(SiteConfig, Methodology), LoadError> {
        self.0.take().map_or_else(|| load_settings(root), Ok)
    }
}

/// Reads `site.yaml` and the methodology it names.
pub fn load_settings(root: &Path) -> Result<(SiteConfig, Methodology), LoadError> {
    let config = config::load(root).map_err(|d| {
        if d.0
            .iter()
            .any(|x| x.code == crate::diagnostics::Code::SiteConfigMissing)
        {
            LoadError::NoSite(d)
        } else {
            LoadError::Invalid(d)
        }
    })?;
    let methodology = methodology::load_named(&config.methodology, root, config.methodology_at)
        .map_err(LoadError::Invalid)?;
    Ok((config, methodology))
}

impl Project {
    pub fn innovation_count(&self) -> usize {
        self.corpus
            .regions
            .iter()
            .map(|r| r.innovations.len())
            .sum()
    }

    pub fn input(&self) -> render::Input<'_> {
        render::Input {
            root: &self.root,
            config: &self.config,
            corpus: &self.corpus,
            methodology: &self.methodology,
            scores: &self.scores,
        }
    }

    /// Compiles the site's theme.
    pub fn renderer(&self) -> Result<Renderer, Diagnostics> {
        let theme = theme::load(&self.root, &self.config.theme)?;
        Renderer::new(theme, &self.config, &self.methodology)
    }

    /// Renders the site into `out`, atomically. The project must have no errors.
    pub fn write_site(&mut self, out: &Path, cleanup: Cleanup) -> Result<Summary, Diagnostics> {
        let renderer = self.renderer()?;
        let started = Instant::now();
        let summary = output::write_atomically(out, cleanup, |sink| {
            render::site(&renderer, &self.input(), sink).map_err(WriteError::Render)
        })
        .map_err(|e| match e {
            WriteError::Render(r) => r.into_diagnostics(),
            WriteError::Io(err) => {
                render::RenderError::Io(out.display().to_string(), err).into_diagnostics()
            }
        })?;
        self.timings.render_write = started.elapsed();
        self.timings.render = summary.timings;
        Ok(summary)
    }
}

enum WriteError {
    Render(render::RenderError),
    Io(std::io::Error),
}

impl From<std::io::Error> for WriteError {
    fn from(err: std::io::Error) -> Self {
        WriteError::Io(err)
    }
}
