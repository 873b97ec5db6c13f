//! `data/gaps.json` (`lumbung-gaps/1`): the typed document of `gaps-json.md`, built
//! from [`RegionGaps`] with the ids of the methodology and the slugs of the corpus.
//!
//! Key order follows the spec (serde writes fields in declaration order); regions come
//! in corpus order, which is slug order. `lumbung gaps --format json` prints one
//! [`Entry`], so the terminal and the export cannot drift apart.

use super::{Improvement, Outcome, RegionGaps};
use crate::content::{Corpus, Region};
use crate::methodology::Methodology;
use serde::Serialize;

/// The `format` value of the document.
pub const FORMAT: &str = "lumbung-gaps/1";

/// The whole document.
#[derive(Debug, Serialize)]
pub struct Document<'a> {
    pub format: &'static str,
    pub methodology: &'a str,
    pub regions: Vec<Entry<'a>>,
}

/// One region.
#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    pub slug: &'a str,
    pub iid: f64,
    pub predicate: &'a str,
    pub improvements: Vec<ImprovementEntry<'a>>,
    pub what_if: Vec<WhatIfEntry<'a>>,
    pub next_band: Option<NextBandEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ImprovementEntry<'a> {
    pub kind: &'static str,
    pub indicator: Option<&'a str>,
    pub innovation: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub evidence_needed: u32,
    pub gain: f64,
}

#[derive(Debug, Serialize)]
pub struct WhatIfEntry<'a> {
    pub top: usize,
    pub iid: f64,
    pub predicate: &'a str,
}

#[derive(Debug, Serialize)]
pub struct NextBandEntry<'a> {
    pub predicate: &'a str,
    pub improvements: usize,
    pub iid: f64,
}

/// The document for every region; `gaps` parallel to `corpus.regions`.
pub fn document<'a>(corpus: &'a Corpus, gaps: &[RegionGaps], m: &'a Methodology) -> Document<'a> {
    Document {
        format: FORMAT,
        methodology: &m.doc.id,
        regions: corpus
            .regions
            .iter()
            .zip(gaps)
            .map(|(region, g)| entry(region, g, m))
            .collect(),
    }
}

/// One region's entry.
pub fn entry<'a>(region: &'a Region, gaps: &RegionGaps, m: &'a Methodology) -> Entry<'a> {
    let predicate = |p: usize| m.doc.predicates[p].label.as_str();
    Entry {
        slug: &region.slug,
        iid: gaps.iid,
        predicate: predicate(gaps.predicate),
        improvements: gaps
            .improvements
            .iter()
            .map(|i| improvement(i, region, m))
            .collect(),
        what_if: gaps
            .what_if
            .iter()
            .map(|o: &Outcome| WhatIfEntry {
                top: o.top,
                iid: o.iid,
                predicate: predicate(o.predicate),
            })
            .collect(),
        next_band: gaps.next_band.map(|o| NextBandEntry {
            predicate: predicate(o.predicate),
            improvements: o.top,
            iid: o.iid,
        }),
    }
}

fn improvement<'a>(
    i: &Improvement,
    region: &'a Region,
    m: &'a Methodology,
) -> ImprovementEntry<'a> {
    let option = |o: Option<usize>| {
        let def = m.indicator(i.indicator?);
        Some(def.options[o?].id.as_str())
    };
    ImprovementEntry {
        kind: i.kind.id(),
        indicator: i.indicator.map(|x| m.indicator(x).id.as_str()),
        innovation: i.innovation().map(|j| region.innovations[j].slug.as_str()),
        from: option(i.from),
        to: option(i.to),
        evidence_needed: i.evidence_needed,
        gain: i.gain,
    }
}
