//! Values computed once per build and shared by every page: region and innovation
//! cards per language, the taxonomy index, similar innovations, ranking tables and the
//! open-data exports. Page builders only borrow from here, so no page repeats work
//! that another page already did, and nothing is quadratic in the portfolio size.
//!
//! Takes an [`Input`], gives [`Models`]. Invariant: cards are parallel to
//! `corpus.regions` (and to each region's innovations).
//!
//! `serve` passes a [`Memo`]: a region's [`Parts`] (what depends on that region alone:
//! card summaries, innovation cards, the unranked gap analysis, its rows of the
//! exports) are kept from the
//! previous build while the region's key — a hash of its content the caller computes —
//! is unchanged. What depends on several regions (ranks, cluster sizes) is always
//! computed here, except the taxonomy index and similar innovations, which are kept
//! while no region's terms changed (the usual edit).

use super::context::{self, InnovationCard, Labels, RegionCard};
use super::fingerprint::{hash_debug, Hasher128, ShownIn};
use super::pages::{self, Page};
use super::taxonomy::{Flat, Index};
use super::{exports, markdown, similar, Input};
use crate::content::Region;
use crate::diagnostics::Lang;
use crate::fields::Spanned;
use crate::score::gaps::{self, RegionGaps};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// Characters of an innovation's summary on cards.
const SUMMARY_CHARS: usize = 200;

/// Language-independent values.
pub struct Shared {
    pub flat: Flat,
    pub index: Index,
    /// Similar innovation ids per global innovation id.
    pub similar: Vec<Vec<u32>>,
    /// Who lists each innovation (`serve`; made when first needed, kept with the
    /// taxonomy index).
    pub shown_in: OnceLock<ShownIn>,
    /// Every (language, page) of the build (see [`Shared::jobs`]).
    jobs: OnceLock<Vec<(Lang, Page)>>,
    /// Region indices per cluster in rank order (ranked regions only), clusters in
    /// vocabulary order.
    pub clusters: Vec<(String, Vec<usize>)>,
    /// Every open-data export: (output path, bytes), in `exports::FILES` order.
    /// `lumbung build` takes them out to write them first and let them go.
    pub exports: Vec<(&'static str, Arc<super::Pieces>)>,
    /// Their sizes in bytes, in the same order (for the open-data page).
    pub export_sizes: Vec<(&'static str, usize)>,
    /// Gap analyses parallel to `corpus.regions`, computed once for `data/gaps.json`
    /// and every language's region pages.
    pub gaps: Vec<RegionGaps>,
    /// The hash of what `flat`, `index` and `similar` were made from (`serve`; 0
    /// without a [`Memo`]).
    pub browse_key: u128,
}

/// Values of one language.
pub struct Model {
    pub lang: Lang,
    /// Parallel to `corpus.regions`.
    pub cards: Vec<RegionCard>,
    /// The same cards as template values, made when first needed: the rankings and
    /// the data-quality overview list them all.
    card_values: Vec<OnceLock<tera::Value>>,
    /// Parallel to `corpus.regions`, then to each region's innovations.
    pub innovations: Vec<Arc<Vec<InnovationCard>>>,
    /// The same cards as template values, parallel to `innovations`, made when first
    /// needed: listings, similar innovations and innovation pages would otherwise
    /// serialize them again (~500,000 times in a national build).
    pub innovation_values: Vec<Arc<Vec<OnceLock<tera::Value>>>>,
    /// Hashes of the innovation cards, for page fingerprints: made only for models
    /// kept between builds (`serve`), empty otherwise.
    pub innovation_digests: Vec<Arc<Vec<u128>>>,
    /// Each region's items of the search index, parallel to `innovations`, made when
    /// first needed and kept with the region's parts (see [`Model::search_items`]).
    search_items: Vec<Arc<Mutex<Option<Arc<SearchItems>>>>>,
}

/// A region's items of the search index as JSON, and what they were made from beside
/// the region's own cards: its place in the region list and the taxonomy index.
pub struct SearchItems {
    region: usize,
    browse_key: u128,
    pub json: Vec<u8>,
    /// The hash of `json`, made when a fingerprint first needs it (`serve` only).
    digest: OnceLock<u128>,
}

impl SearchItems {
    pub fn digest(&self) -> u128 {
        *self.digest.get_or_init(|| Hasher128::of_bytes(&self.json))
    }
}

/// What depends on one region alone (and on the global inputs: site.yaml, the
/// methodology).
pub struct Parts {
    /// Gap analysis without ranks ([`gaps::unranked`]).
    gaps: RegionGaps,
    /// What the region adds to the open-data exports.
    exports: exports::Fragments,
    /// A hash of what the taxonomy index and similar innovations read of the region.
    terms: u128,
    /// Its valid evidence files ([`super::region_evidence`]).
    evidence: Vec<(String, std::path::PathBuf)>,
    /// Innovation cards per language, in `config.languages` order, and their hashes.
    cards: Vec<Arc<Vec<InnovationCard>>>,
    values: Vec<Arc<Vec<OnceLock<tera::Value>>>>,
    digests: Vec<Arc<Vec<u128>>>,
    /// Per language: the region's search index items (see [`Model::search_items`]).
    search_items: Vec<Arc<Mutex<Option<Arc<SearchItems>>>>>,
}

/// [`Parts`] of the previous build by region slug, with the key they were made for,
/// and the previous build's taxonomy index and similar innovations.
#[derive(Default)]
pub struct Memo {
    regions: HashMap<String, (u128, Arc<Parts>)>,
    browse: Option<Browse>,
    exports: exports::Made,
}

/// Global innovation ids, the taxonomy index and similar innovations, and the hash of
/// the terms of every region they were made from.
struct Browse {
    key: u128,
    flat: Flat,
    index: Index,
    similar: Vec<Vec<u32>>,
    shown_in: OnceLock<ShownIn>,
    jobs: OnceLock<Vec<(Lang, Page)>>,
}

impl Browse {
    fn new(input: &Input<'_>, key: u128) -> Browse {
        let flat = Flat::new(input);
        let index = Index::new(input);
        let similar = similar::compute(&index, &flat);
        Browse {
            key,
            flat,
            index,
            similar,
            shown_in: OnceLock::new(),
            jobs: OnceLock::new(),
        }
    }
}

impl Shared {
    /// Every (language, page) of the build ([`pages::jobs`]), made once and kept with
    /// the taxonomy index: the same regions, innovations and terms (and the same
    /// global inputs, or the memo is cleared) list the same pages.
    pub fn jobs(&self, input: &Input<'_>) -> &[(Lang, Page)] {
        self.jobs.get_or_init(|| pages::jobs(input, &self.index))
    }
}

impl Memo {
    /// Forgets everything (the global inputs changed).
    pub fn clear(&mut self) {
        self.regions.clear();
        self.browse = None;
        self.exports = exports::Made::default();
    }

    /// Takes back what the next build can reuse of `models`, made with this memo.
    /// Gives back the rest, for the caller to free when it suits it.
    pub fn keep(&mut self, models: Models) -> Spent {
        let shared = models.shared;
        let spent = Spent {
            _held: (models.langs, models.parts, shared.gaps, shared.exports),
        };
        self.browse = Some(Browse {
            key: shared.browse_key,
            flat: shared.flat,
            index: shared.index,
            similar: shared.similar,
            shown_in: shared.shown_in,
            jobs: shared.jobs,
        });
        spent
    }
}

/// What a build's models hold besides what the [`Memo`] keeps: every region's cards,
/// parts and gap analysis. `serve` frees it after publishing the new site (~1 ms at
/// national scale).
pub struct Spent {
    _held: (
        Vec<Model>,
        Vec<Arc<Parts>>,
        Vec<RegionGaps>,
        Vec<(&'static str, Arc<super::Pieces>)>,
    ),
}

/// What a build may reuse from the previous one (`serve`).
pub struct Reusing<'a> {
    /// Per region (parallel to `corpus.regions`), a hash of its content: its [`Parts`]
    /// in `memo` are reused while it is the same.
    pub keys: &'a [u128],
    /// Per region, a hash of its own fields and its score but the indicators and
    /// innovations: what its rows of `data/scores.json` and `data/scores.csv` read
    /// (see `exports::all`).
    pub summaries: &'a [u128],
    pub memo: &'a mut Memo,
}

/// Everything pages share, for every language of the site.
pub struct Models {
    pub shared: Shared,
    langs: Vec<Model>,
    parts: Vec<Arc<Parts>>,
}

impl Models {
    pub fn new(input: &Input<'_>) -> Models {
        Models::reusing(input, None)
    }

    /// [`Models::new`], reusing what `reusing` allows; its memo is then this build's.
    pub fn reusing(input: &Input<'_>, reusing: Option<Reusing<'_>>) -> Models {
        let t = Instant::now();
        let mut none = Memo::default();
        let once = reusing.is_none();
        let summaries = reusing.as_ref().map(|r| r.summaries);
        let (mut parts, browse, memo) = match reusing {
            Some(Reusing { keys, memo, .. }) => {
                let parts = memo.update(input, keys);
                let key = browse_key(&parts);
                let earlier = memo.browse.take().filter(|b| b.key == key);
                (
                    parts,
                    earlier.unwrap_or_else(|| Browse::new(input, key)),
                    memo,
                )
            }
            None => {
                // The taxonomy index and similar innovations (~0.15 s at national
                // scale, mostly serial) are made beside the regions' parts.
                let (parts, browse) = rayon::join(
                    || {
                        (0..input.corpus.regions.len())
                            .into_par_iter()
                            .map(|r| Arc::new(Parts::new(input, r, false)))
                            .collect::<Vec<_>>()
                    },
                    || Browse::new(input, 0),
                );
                (parts, browse, &mut none)
            }
        };
        let t = super::trace("  parts and browse", t);
        let gaps = ranked_gaps(input, &parts);
        let t = super::trace("  ranked gaps", t);
        let fragments: Vec<&exports::Fragments> = parts.iter().map(|p| &p.exports).collect();
        let analyses = once.then_some(&gaps[..]);
        memo.exports = exports::all(input, &fragments, &memo.exports, summaries, analyses);
        let t = super::trace("  exports", t);
        if once {
            free_fragments(&mut parts);
        }
        let exports: Vec<(&'static str, Arc<super::Pieces>)> = exports::FILES
            .iter()
            .filter_map(|path| Some((*path, memo.exports.files.get(path)?.1.clone())))
            .collect();
        let shared = Shared {
            clusters: clusters(input),
            export_sizes: exports.iter().map(|(p, b)| (*p, b.len())).collect(),
            exports,
            gaps,
            flat: browse.flat,
            index: browse.index,
            similar: browse.similar,
            shown_in: browse.shown_in,
            jobs: browse.jobs,
            browse_key: browse.key,
        };
        let langs = input
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(k, &lang)| Model::new(input, &shared, &parts, k, lang))
            .collect();
        super::trace("  language models", t);
        Models {
            shared,
            langs,
            parts,
        }
    }

    /// Every valid evidence file once: (output path, source path), as
    /// [`super::evidence_files`] lists them.
    pub fn evidence(&self) -> impl Iterator<Item = &(String, std::path::PathBuf)> {
        self.parts.iter().flat_map(|p| p.evidence.iter())
    }

    /// The model of `lang` (the first language's if `lang` is not configured).
    pub fn get(&self, lang: Lang) -> &Model {
        self.langs
            .iter()
            .find(|m| m.lang == lang)
            .unwrap_or(&self.langs[0])
    }
}

impl Model {
    fn new(
        input: &Input<'_>,
        shared: &Shared,
        parts: &[Arc<Parts>],
        k: usize,
        lang: Lang,
    ) -> Model {
        let labels = Labels {
            lang,
            m: input.methodology,
        };
        let sizes: BTreeMap<&str, u32> = shared
            .clusters
            .iter()
            .map(|(c, rows)| (c.as_str(), rows.len() as u32))
            .collect();
        let cards: Vec<RegionCard> = input
            .corpus
            .regions
            .iter()
            .zip(&input.scores.regions)
            .map(|(region, score)| {
                let ranked: Vec<u32> = score
                    .clusters
                    .iter()
                    .map(|c| sizes.get(c.as_str()).copied().unwrap_or(0))
                    .collect();
                context::region_card(region, score, &ranked, &labels)
            })
            .collect();
        Model {
            lang,
            card_values: cards.iter().map(|_| OnceLock::new()).collect(),
            cards,
            innovations: parts.iter().map(|p| p.cards[k].clone()).collect(),
            innovation_values: parts.iter().map(|p| p.values[k].clone()).collect(),
            innovation_digests: parts.iter().map(|p| p.digests[k].clone()).collect(),
            search_items: parts.iter().map(|p| p.search_items[k].clone()).collect(),
        }
    }

    /// The card of region `r` as a template value.
    pub fn region_value(&self, r: usize) -> &tera::Value {
        self.card_values[r].get_or_init(|| tera::Value::from_serializable(&self.cards[r]))
    }

    /// The card of a global innovation id.
    pub fn card(&self, flat: &Flat, id: u32) -> &InnovationCard {
        let (r, i) = flat.locate(id);
        &self.innovations[r][i]
    }

    /// [`Model::card`] as a template value.
    pub fn card_value(&self, flat: &Flat, id: u32) -> &tera::Value {
        let (r, i) = flat.locate(id);
        self.innovation_value(r, i)
    }

    /// The card of innovation `i` of region `r` as a template value.
    pub fn innovation_value(&self, r: usize, i: usize) -> &tera::Value {
        self.innovation_values[r][i]
            .get_or_init(|| tera::Value::from_serializable(&self.innovations[r][i]))
    }

    /// Region `r`'s items of the search index: made by `make`, or kept from an earlier
    /// build of the same region parts (same cards) when they were made at the same
    /// place in the region list with the same taxonomy index (`browse_key`). A `serve`
    /// rebuild after a title edit so writes one region's items, not 33,000.
    pub fn search_items(
        &self,
        r: usize,
        browse_key: u128,
        make: impl FnOnce() -> Vec<u8>,
    ) -> Arc<SearchItems> {
        let mut kept = self.search_items[r]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match &*kept {
            Some(items) if items.region == r && items.browse_key == browse_key => items.clone(),
            _ => {
                let items = Arc::new(SearchItems {
                    region: r,
                    browse_key,
                    json: make(),
                    digest: OnceLock::new(),
                });
                *kept = Some(items.clone());
                items
            }
        }
    }
}

/// Ranked regions per cluster, by rank then name; clusters in vocabulary order.
fn clusters(input: &Input<'_>) -> Vec<(String, Vec<usize>)> {
    let mut by_cluster: BTreeMap<&str, Vec<(u32, usize)>> = BTreeMap::new();
    for (r, score) in input.scores.regions.iter().enumerate() {
        for (cluster, rank) in &score.rank {
            by_cluster.entry(cluster).or_default().push((*rank, r));
        }
    }
    let order = crate::content::vocabulary::cluster_order;
    let mut out: Vec<(String, Vec<usize>)> = by_cluster
        .into_iter()
        .map(|(cluster, mut rows)| {
            let regions = &input.corpus.regions;
            rows.sort_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| regions[a.1].name.cmp(&regions[b.1].name))
            });
            (
                cluster.to_string(),
                rows.into_iter().map(|(_, r)| r).collect(),
            )
        })
        .collect();
    out.sort_by_key(|(c, _)| (order(c), c.clone()));
    out
}

impl Parts {
    /// The parts of region `r`; `kept`: they are kept for the next build (`serve`),
    /// so they also hold its `data/gaps.json` entry and the hashes a next build
    /// compares (cards, terms, export fragments), which `build` never reads.
    fn new(input: &Input<'_>, r: usize, kept: bool) -> Parts {
        let (region, score) = (&input.corpus.regions[r], &input.scores.regions[r]);
        let summaries: Vec<String> = region
            .innovations
            .iter()
            .map(|i| markdown::summary(&i.body, SUMMARY_CHARS))
            .collect();
        let cards: Vec<Arc<Vec<InnovationCard>>> = input
            .config
            .languages
            .iter()
            .map(|&lang| {
                let labels = Labels {
                    lang,
                    m: input.methodology,
                };
                let cards = region
                    .innovations
                    .iter()
                    .zip(&score.innovations)
                    .zip(&summaries)
                    .map(|((inn, s), summary)| {
                        context::innovation_card(region, inn, s, summary.clone(), &labels)
                    })
                    .collect();
                Arc::new(cards)
            })
            .collect();
        let values = cards
            .iter()
            .map(|c| Arc::new(c.iter().map(|_| OnceLock::new()).collect()))
            .collect();
        let gaps = gaps::unranked(region, score, input.methodology);
        let digests = cards
            .iter()
            .map(|c| {
                Arc::new(if kept {
                    c.iter().map(hash_debug).collect()
                } else {
                    Vec::new()
                })
            })
            .collect();
        Parts {
            evidence: super::region_evidence(input, r),
            search_items: cards.iter().map(|_| Arc::default()).collect(),
            digests,
            terms: if kept { terms_digest(region) } else { 0 },
            exports: exports::Fragments::new(input, r, kept.then_some(&gaps)),
            gaps,
            cards,
            values,
        }
    }
}

impl Memo {
    /// The parts of every region, reused where the key matches; keeps only these.
    fn update(&mut self, input: &Input<'_>, keys: &[u128]) -> Vec<Arc<Parts>> {
        let regions = &input.corpus.regions;
        let parts: Vec<Arc<Parts>> = (0..regions.len())
            .into_par_iter()
            .map(|r| match self.regions.get(&regions[r].slug) {
                Some((key, parts)) if Some(key) == keys.get(r) => parts.clone(),
                _ => Arc::new(Parts::new(input, r, true)),
            })
            .collect();
        self.regions = regions
            .iter()
            .zip(keys)
            .zip(&parts)
            .map(|((region, key), p)| (region.slug.clone(), (*key, p.clone())))
            .collect();
        parts
    }
}

/// Frees each region's export fragments (~110 MB at national scale) once the files
/// are made, when nothing is kept for a next build (`lumbung build`).
fn free_fragments(parts: &mut [Arc<Parts>]) {
    for p in parts {
        if let Some(p) = Arc::get_mut(p) {
            p.exports = exports::Fragments::empty();
        }
    }
}

/// Gap analyses parallel to `corpus.regions`, ranked among each region's peers.
fn ranked_gaps(input: &Input<'_>, parts: &[Arc<Parts>]) -> Vec<RegionGaps> {
    let peers = gaps::Peers::new(input.scores);
    parts
        .iter()
        .enumerate()
        .map(|(r, p)| {
            let mut analysis = p.gaps.clone();
            gaps::rank_against(&mut analysis, &peers.of(input.scores, r));
            analysis
        })
        .collect()
}

/// An optional term's value, or a text no term has.
fn optional(v: Option<&Spanned<String>>) -> &str {
    v.map_or("\u{0}", |v| v.value.as_str())
}

/// The key of the taxonomy index and similar innovations: every region's terms.
fn browse_key(parts: &[Arc<Parts>]) -> u128 {
    let mut h = Hasher128::default();
    parts.iter().for_each(|p| {
        h.u128(p.terms);
    });
    h.finish()
}

/// What [`Flat`], [`Index`] and [`similar`] read of a region: its innovations in
/// order, with their slugs and terms.
fn terms_digest(region: &Region) -> u128 {
    let mut h = Hasher128::default();
    h.text(&region.slug).u64(region.innovations.len() as u64);
    for inn in &region.innovations {
        h.text(&inn.slug).u64(inn.affairs.len() as u64);
        for term in inn.affairs.iter().chain(&inn.tags) {
            h.text(&term.value);
        }
        h.text(&inn.stage.value)
            .text(optional(inn.form.as_ref()))
            .text(optional(inn.initiator.as_ref()))
            .u64(inn.digital.map_or(2, u64::from));
    }
    h.finish()
}
