//! Stage 3, score: (&Corpus, &Methodology) → [`Scores`], exactly as
//! `methodology-format.md` defines the index. Pure: no I/O, no globals.
//!
//! The computation is split in two so the gap analysis can rescore what-ifs with the
//! very same arithmetic: [`judge`] turns answers into per-indicator results, and
//! [`aggregate`] turns a region's results ([`RegionFacts`]) into SPD, SID, total,
//! IID and variable scores. Summation order is fixed (methodology order within an
//! innovation, slug order across innovations), so results are reproducible to the bit.

pub mod gaps;

use crate::content::{Answer, Corpus, Innovation, Region};
use crate::methodology::{Level, Methodology};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Whether an indicator counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Answered with enough valid evidence (or with an option worth 0 points).
    Verified,
    /// Answered above zero without enough evidence: scores 0.
    Unverified,
    /// Not answered (or answered with an unknown option): scores 0.
    Missing,
}

/// One indicator as judged.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorResult {
    /// Index into `Methodology::indicators`.
    pub indicator: usize,
    pub status: Status,
    /// Index of the chosen option within the indicator.
    pub option: Option<usize>,
    /// Points counted: the option's score if verified, else 0.
    pub score: f64,
    /// Valid evidence items attached.
    pub evidence_valid: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StatusCount {
    pub verified: u32,
    pub unverified: u32,
    pub missing: u32,
}

impl StatusCount {
    fn add(&mut self, status: Status) {
        match status {
            Status::Verified => self.verified += 1,
            Status::Unverified => self.unverified += 1,
            Status::Missing => self.missing += 1,
        }
    }

    fn merge(&mut self, other: StatusCount) {
        self.verified += other.verified;
        self.unverified += other.unverified;
        self.missing += other.missing;
    }

    pub fn total(&self) -> u32 {
        self.verified + self.unverified + self.missing
    }

    /// Share of indicators missing or unverified, in percent (the figure assessors
    /// quote); 0 when there are no indicators.
    pub fn incomplete_percent(&self) -> f64 {
        match self.total() {
            0 => 0.0,
            total => f64::from(self.unverified + self.missing) * 100.0 / f64::from(total),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct VariableScore {
    pub score: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InnovationScore {
    pub score: f64,
    pub counted: bool,
    pub status: StatusCount,
    /// Innovation-level indicators in methodology order.
    pub indicators: Vec<IndicatorResult>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RegionScore {
    pub spd: f64,
    pub sid: f64,
    pub total: f64,
    pub max_total: f64,
    /// Rounded to 2 decimals.
    pub iid: f64,
    /// Index into the methodology's predicates.
    pub predicate: usize,
    /// The region's kind followed by its extra clusters.
    pub clusters: Vec<String>,
    /// Rank per cluster; empty when unranked (IID 0).
    pub rank: BTreeMap<String, u32>,
    pub innovation_count: u32,
    pub counted_innovations: u32,
    /// max(divisor_min, n).
    pub divisor: f64,
    pub basic_services_covered: u32,
    pub count_score: f64,
    /// Per variable, in methodology order.
    pub variables: Vec<VariableScore>,
    pub status: StatusCount,
    /// Region-level indicators in methodology order.
    pub indicators: Vec<IndicatorResult>,
    /// Parallel to the region's innovations.
    pub innovations: Vec<InnovationScore>,
}

/// Scores of a whole corpus, parallel to `corpus.regions`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub regions: Vec<RegionScore>,
}

/// What `aggregate` needs of one innovation.
#[derive(Debug, Clone, PartialEq)]
pub struct InnovationFacts {
    pub counted: bool,
    /// Indices into `methodology.basic_services` covered by its affairs.
    pub basic_services: Vec<usize>,
    /// Innovation-level results in methodology order.
    pub results: Vec<IndicatorResult>,
}

/// What `aggregate` needs of one region: everything the index depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionFacts {
    pub results: Vec<IndicatorResult>,
    pub innovations: Vec<InnovationFacts>,
}

/// The index arithmetic of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    pub spd: f64,
    pub sid: f64,
    pub total: f64,
    /// total / max_total × 100, unrounded.
    pub iid_raw: f64,
    /// Rounded half away from zero to 2 decimals.
    pub iid: f64,
    pub counted: u32,
    pub divisor: f64,
    pub basic_services_covered: u32,
    pub count_score: f64,
    pub variables: Vec<VariableScore>,
}

/// Rounds half away from zero to 2 decimals (the spec's rounding).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Scores every region and ranks them within their clusters.
pub fn compute(corpus: &Corpus, m: &Methodology) -> Scores {
    ranked(corpus.regions.par_iter().map(|r| region(r, m)).collect())
}

/// Ranks region scores (each from [`region`], in corpus order) within their clusters.
pub fn ranked(mut regions: Vec<RegionScore>) -> Scores {
    for score in &mut regions {
        score.rank.clear();
    }
    rank(&mut regions);
    Scores { regions }
}

/// Judges every answer of a region and innovation level into results, in methodology
/// order (missing indicators included).
pub fn judge(answers: &[Answer], level: Level, m: &Methodology) -> Vec<IndicatorResult> {
    let mut by_indicator: Vec<Option<&Answer>> = vec![None; m.indicators.len()];
    for answer in answers {
        if let Some(i) = m.indicator_index(&answer.indicator.value) {
            by_indicator[i] = Some(answer);
        }
    }
    m.indicators_at(level)
        .map(|i| judge_one(i, by_indicator[i], m))
        .collect()
}

/// The result of one indicator given its answer (if any).
pub fn judge_one(indicator: usize, answer: Option<&Answer>, m: &Methodology) -> IndicatorResult {
    let missing = IndicatorResult {
        indicator,
        status: Status::Missing,
        option: None,
        score: 0.0,
        evidence_valid: 0,
    };
    let Some(answer) = answer else { return missing };
    let evidence_valid = answer.evidence.iter().filter(|e| e.is_valid()).count() as u32;
    let def = m.indicator(indicator);
    let option = answer
        .option
        .as_ref()
        .and_then(|o| def.options.iter().position(|opt| opt.id == o.value));
    let Some(option) = option else {
        return IndicatorResult {
            evidence_valid,
            ..missing
        };
    };
    let points = def.options[option].score;
    let verified = points == 0.0 || evidence_valid >= def.evidence_min;
    IndicatorResult {
        indicator,
        status: if verified {
            Status::Verified
        } else {
            Status::Unverified
        },
        option: Some(option),
        score: if verified { points } else { 0.0 },
        evidence_valid,
    }
}

/// The facts of one innovation.
pub fn innovation_facts(inn: &Innovation, m: &Methodology) -> InnovationFacts {
    InnovationFacts {
        counted: m.is_counted_stage(&inn.stage.value),
        basic_services: basic_services(inn, m),
        results: judge(&inn.answers, Level::Innovation, m),
    }
}

/// Indices into `methodology.basic_services` covered by an innovation's affairs.
pub fn basic_services(inn: &Innovation, m: &Methodology) -> Vec<usize> {
    m.doc
        .basic_services
        .iter()
        .enumerate()
        .filter(|(_, s)| inn.affairs.iter().any(|a| &a.value == *s))
        .map(|(i, _)| i)
        .collect()
}

/// The facts of one region.
pub fn region_facts(region: &Region, m: &Methodology) -> RegionFacts {
    RegionFacts {
        results: judge(&region.answers, Level::Region, m),
        innovations: region
            .innovations
            .iter()
            .map(|i| innovation_facts(i, m))
            .collect(),
    }
}

/// Sum of a slice of results' scores, in order.
pub fn sum_scores(results: &[IndicatorResult]) -> f64 {
    results.iter().map(|r| r.score).sum()
}

/// The index of one region from its facts.
pub fn aggregate(facts: &RegionFacts, m: &Methodology) -> Totals {
    let mut totals = totals(facts, m);
    let counted: Vec<&InnovationFacts> = facts.innovations.iter().filter(|i| i.counted).collect();
    totals.variables = variable_scores(facts, &counted, totals.divisor, totals.count_score, m);
    totals
}

/// [`aggregate`] without the per-variable breakdown (`variables` left empty): the gap
/// analysis asks for the IID of thousands of what-ifs per region.
pub fn totals(facts: &RegionFacts, m: &Methodology) -> Totals {
    let counted = || facts.innovations.iter().filter(|i| i.counted);
    let n = counted().count() as u32;
    let divisor = m.doc.innovation_divisor_min.max(f64::from(n));
    let mut covered = vec![false; m.doc.basic_services.len()];
    for inn in counted() {
        for &s in &inn.basic_services {
            covered[s] = true;
        }
    }
    let basic_services_covered = covered.iter().filter(|c| **c).count() as u32;
    let count_score = m.doc.innovation_count.as_ref().map_or(0.0, |rule| {
        let eligible = rule
            .basic_services_min
            .is_none_or(|min| basic_services_covered >= min);
        if eligible {
            f64::from(n).min(rule.cap) * rule.per_innovation
        } else {
            0.0
        }
    });
    let spd = sum_scores(&facts.results);
    let innovation_sum: f64 = counted().map(|i| sum_scores(&i.results)).sum();
    let sid = innovation_sum / divisor + count_score;
    let total = spd + sid;
    let iid_raw = if m.max_total > 0.0 {
        total / m.max_total * 100.0
    } else {
        0.0
    };
    Totals {
        spd,
        sid,
        total,
        iid_raw,
        iid: round2(iid_raw),
        counted: n,
        divisor,
        basic_services_covered,
        count_score,
        variables: Vec::new(),
    }
}

fn variable_scores(
    facts: &RegionFacts,
    counted: &[&InnovationFacts],
    divisor: f64,
    count_score: f64,
    m: &Methodology,
) -> Vec<VariableScore> {
    let mut region_part = vec![0.0; m.variables.len()];
    let mut innovation_part = vec![0.0; m.variables.len()];
    for r in &facts.results {
        region_part[m.indicators[r.indicator].variable] += r.score;
    }
    for inn in counted {
        for r in &inn.results {
            innovation_part[m.indicators[r.indicator].variable] += r.score;
        }
    }
    m.variables
        .iter()
        .enumerate()
        .map(|(v, info)| {
            let count = if info.has_count {
                (count_score, m.count_max())
            } else {
                (0.0, 0.0)
            };
            VariableScore {
                score: region_part[v] + innovation_part[v] / divisor + count.0,
                max: info.region_max + info.innovation_max + count.1,
            }
        })
        .collect()
}

/// One region's score, unranked: it depends on the region alone.
pub fn region(region: &Region, m: &Methodology) -> RegionScore {
    let facts = region_facts(region, m);
    let totals = aggregate(&facts, m);
    let mut status = StatusCount::default();
    for r in &facts.results {
        status.add(r.status);
    }
    let innovations: Vec<InnovationScore> = facts
        .innovations
        .into_iter()
        .map(|inn| {
            let mut own = StatusCount::default();
            for r in &inn.results {
                own.add(r.status);
            }
            status.merge(own);
            InnovationScore {
                score: sum_scores(&inn.results),
                counted: inn.counted,
                status: own,
                indicators: inn.results,
            }
        })
        .collect();
    let clusters = std::iter::once(region.kind.value.clone())
        .chain(region.clusters.iter().map(|c| c.value.clone()))
        .fold(Vec::new(), |mut acc, c| {
            if !acc.contains(&c) {
                acc.push(c);
            }
            acc
        });
    RegionScore {
        spd: totals.spd,
        sid: totals.sid,
        total: totals.total,
        max_total: m.max_total,
        iid: totals.iid,
        predicate: m.predicate_index(totals.iid),
        clusters,
        rank: BTreeMap::new(),
        innovation_count: region.innovations.len() as u32,
        counted_innovations: totals.counted,
        divisor: totals.divisor,
        basic_services_covered: totals.basic_services_covered,
        count_score: totals.count_score,
        variables: totals.variables,
        status,
        indicators: facts.results,
        innovations,
    }
}

/// Competition ranking ("1, 2, 2, 4") by rounded IID within each cluster; regions
/// with IID 0 are not ranked.
pub fn rank(regions: &mut [RegionScore]) {
    let mut by_cluster: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in regions.iter().enumerate() {
        if r.iid > 0.0 {
            for c in &r.clusters {
                by_cluster.entry(c.clone()).or_default().push(i);
            }
        }
    }
    for (cluster, mut members) in by_cluster {
        members.sort_by(|a, b| regions[*b].iid.total_cmp(&regions[*a].iid));
        let mut previous: Option<(f64, u32)> = None;
        for (position, &i) in members.iter().enumerate() {
            let rank = match previous {
                Some((iid, rank)) if iid == regions[i].iid => rank,
                _ => position as u32 + 1,
            };
            previous = Some((regions[i].iid, rank));
            regions[i].rank.insert(cluster.clone(), rank);
        }
    }
}

#[cfg(test)]
mod tests;
