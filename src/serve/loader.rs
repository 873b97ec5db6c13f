//! Incremental loading: `serve`'s [`content::Reuse`]. Regions whose folder saw no file
//! event since they were loaded are handed back as they are (moved, not copied);
//! regions that did are read from disk again, but an innovation file whose text is
//! byte-for-byte what was parsed before (same path, same 128-bit hash) is not parsed
//! again: its earlier value is reused and only its evidence files are checked anew
//! (they live on disk and may have changed).
//!
//! A region handed back unchanged also keeps what was computed from it alone: its
//! innovations' validation problems and its unranked score (with the score's digests),
//! from the previous build ([`pipeline::Reuse`]). Reading a region again forgets them.
//!
//! Invariant: the corpus, diagnostics and scores are exactly what `pipeline::load`
//! would give (`tests/serve_incremental.rs` checks it after random edits). Takes file
//! events as dirty region slugs; gives, per region, content digests for page
//! fingerprints.

use super::store::{PathMap, PathSet};
use crate::config::SiteConfig;
use crate::content::{self, Corpus, EvidenceCheck, Innovation, Region, Target};
use crate::diagnostics::{Diagnostics, Shared};
use crate::methodology::Methodology;
use crate::pipeline::{self, LoadError};
use crate::render::fingerprint::{hash_debug, Hasher128, RegionDigests, ScoreDigests};
use crate::score::{self, RegionScore};
use std::path::Path;

/// What one build of the loader did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub regions_reused: usize,
    pub regions_read: usize,
    pub files_parsed: usize,
    pub files_reused: usize,
}

struct Cached {
    /// `None` while the region is lent to a corpus being built.
    region: Option<Region>,
    diags: Diagnostics,
    digests: RegionDigests,
    /// `validate::innovations` of the region, once computed (shared with the builds).
    checked: Option<Shared>,
    /// `validate::region`, once computed against the loader's `provinces`.
    region_checked: Option<Shared>,
    /// The score of the last build (lent to it meanwhile) and its digests.
    score: Option<RegionScore>,
    score_digests: Option<ScoreDigests>,
}

struct ParsedFile {
    hash: u128,
    ok: bool,
    diags: Diagnostics,
}

/// The regions and parsed files of the last load.
#[derive(Default)]
pub struct Loader {
    regions: PathMap<Cached>,
    files: PathMap<ParsedFile>,
    dirty: PathSet,
    everything: bool,
    /// Innovations of regions being read again, by file: candidates for reuse.
    stash: PathMap<(Innovation, u128)>,
    /// Digests of innovations reused from `stash` unchanged (same text, same
    /// evidence states), by file: their region's digests need not hash them again.
    same: PathMap<u128>,
    seen_files: PathSet,
    /// Some file in `files` belongs to no region in `regions` (it was seen last load).
    strays: bool,
    stats: Stats,
    /// site.yaml and the methodology as last read (again after a full reload).
    settings: Option<(SiteConfig, Methodology)>,
    /// The provinces the kept `region_checked` were checked against.
    provinces: Vec<String>,
}

impl Loader {
    /// Marks region folders that saw file events (read them again next load).
    pub fn invalidate<'a>(&mut self, slugs: impl IntoIterator<Item = &'a String>) {
        self.dirty.extend(slugs.into_iter().cloned());
    }

    /// Reads every region again next load (parses are still reused by hash).
    pub fn invalidate_all(&mut self) {
        self.everything = true;
    }

    /// Takes the regions back from a corpus after a build and forgets deleted ones.
    /// Must be called once after every load that reached the content stage.
    pub fn restore(&mut self, corpus: &mut Corpus) -> Stats {
        let present: PathSet = corpus.regions.iter().map(|r| r.slug.clone()).collect();
        for region in corpus.regions.drain(..) {
            if let Some(cached) = self.regions.get_mut(&region.slug) {
                cached.region = Some(region);
            }
        }
        let before = self.regions.len();
        self.regions
            .retain(|slug, c| present.contains(slug) && c.region.is_some());
        let seen = std::mem::take(&mut self.seen_files);
        let regions = &self.regions;
        let in_region = |file: &str| region_of(file).is_some_and(|r| regions.contains_key(r));
        // A file is forgotten when it was not seen and its region is gone. Only seen
        // files can lack a region after this (`strays`), so when no region went away
        // and none did before, every file has its region: nothing to forget, no need
        // to look at every file of a national portfolio.
        if self.strays || self.regions.len() < before || !seen.iter().all(|f| in_region(f)) {
            self.files
                .retain(|file, _| seen.contains(file) || in_region(file));
            self.strays = !seen.iter().all(|f| in_region(f));
        }
        self.dirty.clear();
        self.everything = false;
        self.stash.clear();
        self.same.clear();
        std::mem::take(&mut self.stats)
    }

    /// The digests of a region of the last load.
    pub fn digests(&self, slug: &str) -> Option<&RegionDigests> {
        self.regions.get(slug).map(|c| &c.digests)
    }

    /// The digests of `score`, region `slug`'s score of this load: those kept with the
    /// region's previous score, updated, when the region is unchanged since.
    pub fn score_digests(&self, slug: &str, score: &RegionScore) -> ScoreDigests {
        match self
            .regions
            .get(slug)
            .and_then(|c| c.score_digests.as_ref())
        {
            Some(earlier) => ScoreDigests::reusing(score, earlier),
            None => ScoreDigests::of(score),
        }
    }

    /// Takes back the scores of a build (parallel to its regions' `slugs`) and, when
    /// it succeeded, their digests.
    pub fn keep_scores(
        &mut self,
        slugs: Vec<String>,
        scores: Vec<RegionScore>,
        digests: Option<Vec<ScoreDigests>>,
    ) {
        let mut digests = digests.map(Vec::into_iter);
        for (slug, score) in slugs.into_iter().zip(scores) {
            let digest = digests.as_mut().and_then(Iterator::next);
            if let Some(cached) = self.regions.get_mut(&slug) {
                cached.score = Some(score);
                if digest.is_some() {
                    cached.score_digests = digest;
                }
            }
        }
    }
}

impl pipeline::Reuse for Loader {
    fn settings(&mut self, root: &Path) -> Result<(SiteConfig, Methodology), LoadError> {
        if self.everything {
            self.settings = None;
        }
        if let Some(settings) = &self.settings {
            return Ok(settings.clone());
        }
        let settings = pipeline::load_settings(root)?;
        self.settings = Some(settings.clone());
        Ok(settings)
    }

    fn region_checked(&mut self, region: &Region, provinces: &[&str], m: &Methodology) -> Shared {
        if !self.provinces.iter().eq(provinces) {
            self.regions
                .values_mut()
                .for_each(|c| c.region_checked = None);
            self.provinces = provinces.iter().map(|p| p.to_string()).collect();
        }
        let check = || crate::validate::region(region, provinces, m).into();
        let Some(cached) = self.regions.get_mut(&region.slug) else {
            return check();
        };
        cached.region_checked.get_or_insert_with(check).clone()
    }

    fn innovations_checked(&mut self, region: &Region, m: &Methodology) -> Shared {
        let Some(cached) = self.regions.get_mut(&region.slug) else {
            return crate::validate::innovations(region, m).into();
        };
        cached
            .checked
            .get_or_insert_with(|| crate::validate::innovations(region, m).into())
            .clone()
    }

    fn scored(&mut self, region: &Region, m: &Methodology) -> RegionScore {
        let earlier = self
            .regions
            .get_mut(&region.slug)
            .and_then(|c| c.score.take());
        earlier.unwrap_or_else(|| score::region(region, m))
    }
}

/// `content/<slug>/<file>` → `<slug>`.
fn region_of(file: &str) -> Option<&str> {
    file.strip_prefix("content/")?.split('/').next()
}

impl content::Reuse for Loader {
    fn region(&mut self, slug: &str) -> Option<(Region, Diagnostics)> {
        let cached = self.regions.get_mut(slug)?;
        let clean = !self.everything && !self.dirty.contains(slug);
        let region = cached.region.take()?;
        if clean {
            self.stats.regions_reused += 1;
            return Some((region, cached.diags.clone()));
        }
        let digests = cached.digests.innovations.iter().copied();
        let innovations = region.innovations.into_iter().zip(digests);
        self.stash
            .extend(innovations.map(|(i, digest)| (i.file.clone(), (i, digest))));
        None
    }

    fn loaded(&mut self, region: &Region, diags: &Diagnostics) {
        self.stats.regions_read += 1;
        let digests = digests(region, &mut self.same);
        let cached = Cached {
            region: None,
            diags: diags.clone(),
            digests,
            checked: None,
            region_checked: None,
            score: None,
            score_digests: None,
        };
        self.regions.insert(region.slug.clone(), cached);
    }

    fn innovation(
        &mut self,
        text: &str,
        inn: &mut Innovation,
        diags: &mut Diagnostics,
        check: &mut EvidenceCheck<'_>,
    ) -> bool {
        let hash = Hasher128::of_bytes(text.as_bytes());
        self.seen_files.insert(inn.file.clone());
        if let Some(parsed) = self.files.get(&inn.file).filter(|p| p.hash == hash) {
            let earlier = if parsed.ok {
                self.stash.remove(&inn.file)
            } else {
                None
            };
            if parsed.ok == earlier.is_some() {
                if let Some((mut earlier, digest)) = earlier {
                    if !recheck_evidence(&mut earlier, check) {
                        self.same.insert(inn.file.clone(), digest);
                    }
                    *inn = earlier;
                }
                diags.extend(parsed.diags.clone());
                self.stats.files_reused += 1;
                return parsed.ok;
            }
        }
        let mut own = Diagnostics::default();
        let ok = content::parse_innovation(text, inn, &mut own, check);
        self.files.insert(
            inn.file.clone(),
            ParsedFile {
                hash,
                ok,
                diags: own.clone(),
            },
        );
        diags.extend(own);
        self.stats.files_parsed += 1;
        ok
    }
}

/// Evidence files are facts of the disk, not of the text: check them again; gives
/// whether any state changed.
fn recheck_evidence(inn: &mut Innovation, check: &mut EvidenceCheck<'_>) -> bool {
    let mut changed = false;
    for evidence in inn.answers.iter_mut().flat_map(|a| a.evidence.iter_mut()) {
        if let Target::File(file) = &mut evidence.target {
            let now = check(&file.path, file.pos);
            changed |= now != *file;
            *file = now;
        }
    }
    changed
}

/// Content digests of a region just loaded: everything but its innovations, and each
/// innovation (every field, including evidence states; the digest kept in `same` for
/// an innovation reused unchanged).
fn digests(region: &Region, same: &mut PathMap<u128>) -> RegionDigests {
    let Region {
        slug,
        file,
        has_index,
        name,
        kind,
        province,
        clusters,
        history,
        history_at,
        answers,
        indicators_pos,
        body,
        innovations,
        source_hash,
    } = region;
    let fields = (
        (slug, file, has_index, name, kind, province, clusters),
        (history, history_at, answers, indicators_pos, source_hash),
    );
    RegionDigests {
        own: fields_and_body(&fields, body),
        innovations: innovations
            .iter()
            .map(|inn| {
                same.remove(&inn.file)
                    .unwrap_or_else(|| innovation_digest(inn))
            })
            .collect(),
    }
}

/// The hash of every field of an innovation (listed without `..`, so a new field
/// cannot be forgotten).
fn innovation_digest(inn: &Innovation) -> u128 {
    let Innovation {
        slug,
        file,
        title,
        stage,
        form,
        digital,
        initiator,
        affairs,
        agency,
        trial_date,
        launch_date,
        tags,
        answers,
        indicators_pos,
        body,
        source_hash,
    } = inn;
    let fields = (
        (slug, file, title, stage, form, digital, initiator, affairs),
        (
            agency,
            trial_date,
            launch_date,
            tags,
            answers,
            indicators_pos,
        ),
        source_hash,
    );
    fields_and_body(&fields, body)
}

/// The hash of `fields`' `Debug` text and of `body` as bytes: its `Debug` text would
/// escape every character, which cost most of the hash.
fn fields_and_body(fields: &impl std::fmt::Debug, body: &str) -> u128 {
    let mut h = Hasher128::default();
    h.u128(hash_debug(fields)).text(body);
    h.finish()
}
