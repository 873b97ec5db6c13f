//! Gap analysis: for one region, every improvement that would raise its IID, what each
//! is worth on its own, what the top ones are worth together, and the fewest that reach
//! the next predicate band — the rules of `gaps-json.md`.
//!
//! Takes a region with its scores, the methodology and the rounded IIDs of its rivals
//! in its kind cluster; gives [`RegionGaps`] (indices into the methodology and the
//! region, so the JSON export, the region page and the terminal each label it their
//! way). Pure, like the rest of `score`.
//!
//! Invariant: every number is what a full rescoring of the changed portfolio gives, to
//! the bit (a new innovation whose slug sorts last; elsewhere in the order, the sum is
//! added in another order and may differ in the last bit). Each change is made on a
//! copy of the region's [`RegionFacts`] (rebuilt from the judged results `compute`
//! keeps) and passed through [`totals`], the arithmetic of the `aggregate` that
//! `compute` uses (without its per-variable breakdown). To keep
//! that cheap for a region with hundreds of innovations, `totals` is fed a
//! *reduced* copy in which each innovation is one result carrying its exact score:
//! `aggregate` sums each innovation's results first and then the innovations (the
//! summation order the `score` module fixes), so the reduction changes no bit.
//! `tests/gaps/` holds all this against full rescoring of edited content files.

pub mod export;

use super::{basic_services, round2, sum_scores, totals, IndicatorResult};
use super::{InnovationFacts, RegionFacts, RegionScore, Scores, Status, VariableScore};
use crate::content::{Corpus, Region};
use crate::methodology::{Level, Methodology};
use rayon::prelude::*;
use std::collections::HashMap;

/// Gains at most this large (in absolute value) count as 0 and are left out.
pub const EPSILON: f64 = 1e-9;

/// The what-if sizes: the top 1, 3, 5 and 10 improvements applied together.
pub const WHAT_IF_SIZES: [usize; 4] = [1, 3, 5, 10];

/// What an improvement does. The order is the alphabetical order of the ids, which
/// breaks ties between equal gains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Supply the missing evidence of an unverified answer.
    AddEvidence,
    /// One more counted innovation, every indicator at its best option.
    AddInnovation,
    /// Answer a missing indicator at its best option.
    Fill,
    /// Answer the best option instead of a lower one.
    Raise,
}

impl Kind {
    /// The id used in `data/gaps.json`.
    pub fn id(self) -> &'static str {
        match self {
            Kind::AddEvidence => "add-evidence",
            Kind::AddInnovation => "add-innovation",
            Kind::Fill => "fill",
            Kind::Raise => "raise",
        }
    }

    /// Needs documents only, no new work ("cukup bukti").
    pub fn is_quick_win(self) -> bool {
        self == Kind::AddEvidence
    }
}

/// Which result of the region an improvement changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Index into `RegionFacts::results` (methodology order of region indicators).
    Region(usize),
    /// Innovation index (parallel to `region.innovations`), result index within it.
    Innovation(usize, usize),
    /// A new innovation.
    NewInnovation,
}

/// One possible improvement and its exact worth.
#[derive(Debug, Clone, PartialEq)]
pub struct Improvement {
    pub kind: Kind,
    pub slot: Slot,
    /// Index into `Methodology::indicators`; None for `add-innovation`.
    pub indicator: Option<usize>,
    /// The option answered now (index within the indicator).
    pub from: Option<usize>,
    /// The option to answer.
    pub to: Option<usize>,
    /// Evidence items to add.
    pub evidence_needed: u32,
    /// Unrounded IID points this improvement alone adds.
    pub gain: f64,
}

impl Improvement {
    /// The innovation (index into `region.innovations`) it applies to, if any.
    pub fn innovation(&self) -> Option<usize> {
        match self.slot {
            Slot::Innovation(j, _) => Some(j),
            Slot::Region(_) | Slot::NewInnovation => None,
        }
    }
}

/// The region after its first `top` improvements, applied together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub top: usize,
    /// Rounded IID.
    pub iid: f64,
    /// Index into the methodology's predicates.
    pub predicate: usize,
    /// Rank in the region's kind cluster, the other regions unchanged; None if unranked.
    pub rank: Option<u32>,
}

/// A region's gap analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionGaps {
    /// Rounded IID now (equal to the scores).
    pub iid: f64,
    pub predicate: usize,
    /// Rank in the kind cluster now; None if unranked.
    pub rank: Option<u32>,
    /// Sorted by gain descending, then kind, indicator id, innovation slug.
    /// Shared, so an analysis is cheap to copy.
    pub improvements: std::sync::Arc<[Improvement]>,
    /// One per size of [`WHAT_IF_SIZES`] not larger than the list.
    pub what_if: Vec<Outcome>,
    /// The fewest improvements (in list order) reaching the band directly above, with
    /// that band's index in `predicate`; None in the top band or when out of reach.
    pub next_band: Option<Outcome>,
    /// Achieved and maximum per variable, in methodology order.
    pub variables: Vec<VariableScore>,
    /// The variable with the lowest share of its maximum (the first on ties).
    pub weakest: Option<usize>,
}

/// Gap analyses of every region, parallel to `corpus.regions`.
pub fn all(corpus: &Corpus, scores: &Scores, m: &Methodology) -> Vec<RegionGaps> {
    let peers = Peers::new(scores);
    corpus
        .regions
        .par_iter()
        .enumerate()
        .map(|(r, region)| analyze(region, &scores.regions[r], m, &peers.of(scores, r)))
        .collect()
}

/// The rounded IIDs of the other ranked regions in the kind cluster of region `r`,
/// highest first.
pub fn peers(scores: &Scores, r: usize) -> Vec<f64> {
    Peers::new(scores).of(scores, r)
}

/// The rounded IIDs of the ranked regions of each cluster, highest first: made once,
/// so that finding every region's peers is not quadratic in the regions.
pub struct Peers {
    by_cluster: HashMap<String, Vec<f64>>,
}

impl Peers {
    pub fn new(scores: &Scores) -> Peers {
        let mut by_cluster: HashMap<String, Vec<f64>> = HashMap::new();
        for s in &scores.regions {
            for cluster in s.rank.keys() {
                by_cluster.entry(cluster.clone()).or_default().push(s.iid);
            }
        }
        for iids in by_cluster.values_mut() {
            iids.sort_by(|a, b| b.total_cmp(a));
        }
        Peers { by_cluster }
    }

    /// [`peers`] of region `r`.
    pub fn of(&self, scores: &Scores, r: usize) -> Vec<f64> {
        let s = &scores.regions[r];
        let Some(kind) = s.clusters.first() else {
            return Vec::new();
        };
        let mut peers = self.by_cluster.get(kind).cloned().unwrap_or_default();
        if s.rank.contains_key(kind) {
            if let Some(own) = peers.iter().position(|o| o.total_cmp(&s.iid).is_eq()) {
                peers.remove(own);
            }
        }
        peers
    }
}

/// The gap analysis of one region, given its scores from [`super::compute`] and its
/// `peers` as given by [`peers`].
pub fn analyze(region: &Region, score: &RegionScore, m: &Methodology, peers: &[f64]) -> RegionGaps {
    let mut analysis = unranked(region, score, m);
    rank_against(&mut analysis, peers);
    analysis
}

/// [`analyze`] without the ranks (all `None`): it depends on the region and its own
/// scores alone, so `serve` keeps it while the region is unchanged, and
/// [`rank_against`] adds the ranks, which depend on the other regions.
pub fn unranked(region: &Region, score: &RegionScore, m: &Methodology) -> RegionGaps {
    let facts = facts_of(region, score, m);
    let mut improvements = candidates(&facts, m);
    let mut work = Work::new(facts, m);
    for improvement in &mut improvements {
        improvement.gain = work.gain(improvement);
    }
    improvements.retain(|i| i.gain.abs() > EPSILON);
    sort(&mut improvements, region, m);
    let (what_if, next_band) = work.cumulative(&improvements, score.predicate.checked_sub(1));
    RegionGaps {
        iid: score.iid,
        predicate: score.predicate,
        rank: None,
        improvements: improvements.into(),
        what_if,
        next_band,
        weakest: weakest(&score.variables),
        variables: score.variables.clone(),
    }
}

/// Sets the ranks of an analysis (now and after each outcome) among `peers`, highest
/// first as [`peers`] gives them.
pub fn rank_against(analysis: &mut RegionGaps, peers: &[f64]) {
    analysis.rank = rank(analysis.iid, peers);
    for o in analysis
        .what_if
        .iter_mut()
        .chain(analysis.next_band.as_mut())
    {
        o.rank = rank(o.iid, peers);
    }
}

/// The facts `aggregate` scored the region from, rebuilt from its scores (the judged
/// results are kept there): equal to `region_facts`, without judging every answer
/// and its evidence again.
fn facts_of(region: &Region, score: &RegionScore, m: &Methodology) -> RegionFacts {
    let innovations = region
        .innovations
        .iter()
        .zip(&score.innovations)
        .map(|(inn, s)| InnovationFacts {
            counted: s.counted,
            basic_services: basic_services(inn, m),
            results: s.indicators.clone(),
        })
        .collect();
    RegionFacts {
        results: score.indicators.clone(),
        innovations,
    }
}

/// Every improvement a region's results offer, with gain 0 (not yet computed).
fn candidates(facts: &RegionFacts, m: &Methodology) -> Vec<Improvement> {
    let mut out = Vec::new();
    for (k, result) in facts.results.iter().enumerate() {
        offers(result, Slot::Region(k), m, &mut out);
    }
    for (j, inn) in facts
        .innovations
        .iter()
        .enumerate()
        .filter(|(_, i)| i.counted)
    {
        for (k, result) in inn.results.iter().enumerate() {
            offers(result, Slot::Innovation(j, k), m, &mut out);
        }
    }
    out.push(Improvement {
        kind: Kind::AddInnovation,
        slot: Slot::NewInnovation,
        indicator: None,
        from: None,
        to: None,
        evidence_needed: 0,
        gain: 0.0,
    });
    out
}

/// The improvements one result offers: fill a missing answer; add evidence to an
/// unverified one; raise one below the best option (verified or not).
fn offers(result: &IndicatorResult, slot: Slot, m: &Methodology, out: &mut Vec<Improvement>) {
    let def = m.indicator(result.indicator);
    let info = &m.indicators[result.indicator];
    let mut offer = |kind, from, to| {
        out.push(Improvement {
            kind,
            slot,
            indicator: Some(result.indicator),
            from,
            to,
            evidence_needed: def.evidence_min.saturating_sub(result.evidence_valid),
            gain: 0.0,
        });
    };
    let best = Some(info.best_option);
    match (result.status, result.option) {
        (Status::Missing, _) | (_, None) => offer(Kind::Fill, None, best),
        (status, Some(option)) => {
            if status == Status::Unverified {
                offer(Kind::AddEvidence, Some(option), Some(option));
            }
            if def.options[option].score < info.max {
                offer(Kind::Raise, Some(option), best);
            }
        }
    }
}

/// Gain descending, then kind, indicator id, innovation slug (`None` first).
fn sort(list: &mut [Improvement], region: &Region, m: &Methodology) {
    let indicator = |i: &Improvement| i.indicator.map(|x| m.indicator(x).id.as_str());
    let innovation = |i: &Improvement| i.innovation().map(|j| region.innovations[j].slug.as_str());
    list.sort_by(|a, b| {
        b.gain
            .total_cmp(&a.gain)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| indicator(a).cmp(&indicator(b)))
            .then_with(|| innovation(a).cmp(&innovation(b)))
    });
}

/// The rank `iid` would have among `peers` (highest first): 1 + the number above it.
fn rank(iid: f64, peers: &[f64]) -> Option<u32> {
    (iid > 0.0).then(|| 1 + peers.partition_point(|o| *o > iid) as u32)
}

fn weakest(variables: &[VariableScore]) -> Option<usize> {
    let share = |v: &VariableScore| v.score / v.max;
    variables
        .iter()
        .enumerate()
        .filter(|(_, v)| v.max > 0.0)
        .fold(None, |best: Option<(usize, f64)>, (i, v)| match best {
            Some((_, s)) if s <= share(v) => best,
            _ => Some((i, share(v))),
        })
        .map(|(i, _)| i)
}

/// `result` as the improvement leaves it: verified, at `to` (fill, raise) or at its
/// current option (add-evidence — which, after a raise, is the raised one).
fn fix(result: &mut IndicatorResult, kind: Kind, m: &Methodology) {
    let def = m.indicator(result.indicator);
    let option = match (kind, result.option) {
        (Kind::AddEvidence, Some(current)) => current,
        _ => m.indicators[result.indicator].best_option,
    };
    result.option = Some(option);
    result.status = Status::Verified;
    result.score = def.options[option].score;
    result.evidence_valid = result.evidence_valid.max(def.evidence_min);
}

/// The innovation `add-innovation` adds: counted, no basic service, all at best.
fn best_innovation(m: &Methodology) -> InnovationFacts {
    let results = m
        .indicators_at(Level::Innovation)
        .map(|i| {
            let mut result = IndicatorResult {
                indicator: i,
                status: Status::Missing,
                option: None,
                score: 0.0,
                evidence_valid: 0,
            };
            fix(&mut result, Kind::Fill, m);
            result
        })
        .collect();
    InnovationFacts {
        counted: true,
        basic_services: Vec::new(),
        results,
    }
}

/// An innovation as one result holding its exact score (see the module docs).
fn reduce(inn: &InnovationFacts) -> InnovationFacts {
    let results = match inn.results.first() {
        Some(first) => vec![IndicatorResult {
            score: sum_scores(&inn.results),
            ..first.clone()
        }],
        None => Vec::new(),
    };
    InnovationFacts {
        counted: inn.counted,
        basic_services: inn.basic_services.clone(),
        results,
    }
}

/// A region's facts being changed: innovation results in full, and the reduced facts
/// `aggregate` reads (region results as they are, one result per innovation).
struct Work<'m> {
    m: &'m Methodology,
    innovations: Vec<Vec<IndicatorResult>>,
    reduced: RegionFacts,
    /// IID (unrounded) of the facts as loaded.
    base: f64,
    new_innovation: InnovationFacts,
}

/// How to take a change back.
enum Undo {
    Region(usize, IndicatorResult),
    Innovation(usize, usize, IndicatorResult, f64),
    NewInnovation,
}

impl<'m> Work<'m> {
    fn new(facts: RegionFacts, m: &'m Methodology) -> Self {
        let reduced = RegionFacts {
            innovations: facts.innovations.iter().map(reduce).collect(),
            results: facts.results,
        };
        let mut work = Work {
            m,
            innovations: facts.innovations.into_iter().map(|i| i.results).collect(),
            reduced,
            base: 0.0,
            new_innovation: best_innovation(m),
        };
        work.base = work.iid_raw();
        work
    }

    fn iid_raw(&self) -> f64 {
        totals(&self.reduced, self.m).iid_raw
    }

    /// What `improvement` alone adds to the IID (the facts are left unchanged).
    fn gain(&mut self, improvement: &Improvement) -> f64 {
        let undo = self.apply(improvement);
        let raw = self.iid_raw();
        self.undo(undo);
        raw - self.base
    }

    fn apply(&mut self, improvement: &Improvement) -> Undo {
        match improvement.slot {
            Slot::Region(k) => {
                let result = &mut self.reduced.results[k];
                let old = result.clone();
                fix(result, improvement.kind, self.m);
                Undo::Region(k, old)
            }
            Slot::Innovation(j, k) => {
                let old = self.innovations[j][k].clone();
                fix(&mut self.innovations[j][k], improvement.kind, self.m);
                let sum = &mut self.reduced.innovations[j].results[0].score;
                let old_sum = std::mem::replace(sum, sum_scores(&self.innovations[j]));
                Undo::Innovation(j, k, old, old_sum)
            }
            Slot::NewInnovation => {
                self.reduced.innovations.push(reduce(&self.new_innovation));
                Undo::NewInnovation
            }
        }
    }

    fn undo(&mut self, undo: Undo) {
        match undo {
            Undo::Region(k, old) => self.reduced.results[k] = old,
            Undo::Innovation(j, k, old, old_sum) => {
                self.innovations[j][k] = old;
                self.reduced.innovations[j].results[0].score = old_sum;
            }
            Undo::NewInnovation => {
                self.reduced.innovations.pop();
            }
        }
    }

    /// Applies `list` one after another (for good) and records the what-if sizes and
    /// the first size whose rounded IID reaches the band `target`.
    fn cumulative(
        &mut self,
        list: &[Improvement],
        target: Option<usize>,
    ) -> (Vec<Outcome>, Option<Outcome>) {
        let m = self.m;
        let last_size = WHAT_IF_SIZES
            .iter()
            .copied()
            .filter(|s| *s <= list.len())
            .max()
            .unwrap_or(0);
        let goal = target.map(|p| (p, m.doc.predicates[p].min));
        let mut what_if = Vec::new();
        let mut next_band = None;
        for (k, improvement) in list.iter().enumerate() {
            let top = k + 1;
            if top > last_size && (next_band.is_some() || goal.is_none()) {
                break;
            }
            self.apply(improvement);
            let iid = round2(self.iid_raw());
            let outcome = Outcome {
                top,
                iid,
                predicate: m.predicate_index(iid),
                rank: None,
            };
            if WHAT_IF_SIZES.contains(&top) {
                what_if.push(outcome);
            }
            match goal {
                Some((p, min)) if next_band.is_none() && iid >= min => {
                    next_band = Some(Outcome {
                        predicate: p,
                        ..outcome
                    });
                }
                _ => {}
            }
        }
        (what_if, next_band)
    }
}
