//! Values computed once per build and shared by every page: region and innovation
//! cards per language, the taxonomy index, similar innovations, ranking tables and the
//! open-data exports. Page builders only borrow from here, so no page repeats work
//! that another page already did, and nothing is quadratic in the portfolio size.
//!
//! Takes an [`Input`], gives [`Models`]. Invariant: cards are parallel to
//! `corpus.regions` (and to each region's innovations).

use super::context::{self, InnovationCard, Labels, RegionCard};
use super::taxonomy::{Flat, Index};
use super::{exports, markdown, similar, Input};
use crate::diagnostics::Lang;
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Characters of an innovation's summary on cards.
const SUMMARY_CHARS: usize = 200;

/// Language-independent values.
pub struct Shared {
    pub flat: Flat,
    pub index: Index,
    /// Similar innovation ids per global innovation id.
    pub similar: Vec<Vec<u32>>,
    /// Region indices per cluster in rank order (ranked regions only), clusters in
    /// vocabulary order.
    pub clusters: Vec<(String, Vec<usize>)>,
    /// Every open-data export: (output path, bytes).
    pub exports: Vec<(&'static str, Vec<u8>)>,
    /// Gap analyses parallel to `corpus.regions`, computed once for `data/gaps.json`
    /// and every language's region pages.
    pub gaps: Vec<crate::score::gaps::RegionGaps>,
}

/// Values of one language.
pub struct Model {
    pub lang: Lang,
    /// Parallel to `corpus.regions`.
    pub cards: Vec<RegionCard>,
    /// Parallel to `corpus.regions`, then to each region's innovations.
    pub innovations: Vec<Vec<InnovationCard>>,
}

/// Everything pages share, for every language of the site.
pub struct Models {
    pub shared: Shared,
    langs: Vec<Model>,
}

impl Models {
    pub fn new(input: &Input<'_>) -> Models {
        let flat = Flat::new(input);
        let index = Index::new(input);
        let similar = similar::compute(&index, &flat);
        let summaries: Vec<Vec<String>> = input
            .corpus
            .regions
            .par_iter()
            .map(|r| {
                r.innovations
                    .iter()
                    .map(|i| markdown::summary(&i.body, SUMMARY_CHARS))
                    .collect()
            })
            .collect();
        let gaps = crate::score::gaps::all(input.corpus, input.scores, input.methodology);
        let shared = Shared {
            clusters: clusters(input),
            exports: exports::all(input, &gaps),
            gaps,
            flat,
            index,
            similar,
        };
        let langs = input
            .config
            .languages
            .iter()
            .map(|&lang| Model::new(input, &shared, &summaries, lang))
            .collect();
        Models { shared, langs }
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
    fn new(input: &Input<'_>, shared: &Shared, summaries: &[Vec<String>], lang: Lang) -> Model {
        let labels = Labels {
            lang,
            m: input.methodology,
        };
        let sizes: BTreeMap<&str, u32> = shared
            .clusters
            .iter()
            .map(|(c, rows)| (c.as_str(), rows.len() as u32))
            .collect();
        let pairs = || input.corpus.regions.iter().zip(&input.scores.regions);
        let cards = pairs()
            .map(|(region, score)| {
                let ranked: Vec<u32> = score
                    .clusters
                    .iter()
                    .map(|c| sizes.get(c.as_str()).copied().unwrap_or(0))
                    .collect();
                context::region_card(region, score, &ranked, &labels)
            })
            .collect();
        let innovations = pairs()
            .zip(summaries)
            .map(|((region, score), summaries)| {
                region
                    .innovations
                    .iter()
                    .zip(&score.innovations)
                    .zip(summaries)
                    .map(|((inn, s), summary)| {
                        context::innovation_card(region, inn, s, summary.clone(), &labels)
                    })
                    .collect()
            })
            .collect();
        Model {
            lang,
            cards,
            innovations,
        }
    }

    /// The card of a global innovation id.
    pub fn card(&self, flat: &Flat, id: u32) -> &InnovationCard {
        let (r, i) = flat.locate(id);
        &self.innovations[r][i]
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
    let v = crate::content::vocabulary::get();
    let order = |id: &str| {
        v.kinds
            .iter()
            .chain(&v.clusters)
            .position(|t| t.id == id)
            .unwrap_or(usize::MAX)
    };
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
