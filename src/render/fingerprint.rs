//! Page fingerprints for `serve`'s incremental rebuilds: a 128-bit hash of everything a
//! page's view-model reads, so that equal fingerprints mean equal bytes and a page
//! whose fingerprint did not change since the last build need not be rendered again.
//!
//! Takes per-region content digests (computed by the caller when it loads a region —
//! [`RegionDigests`]), per-region score digests ([`ScoreDigests`]), the build's
//! [`Models`] and a page; gives `Some(fingerprint)` or `None` when this module does not
//! know the page's inputs precisely — such pages are always rendered, so a page kind
//! added without a rule here is correct, only slower. Global inputs (site.yaml, the
//! methodology, the theme) are not in fingerprints: when they change the caller
//! renders everything.
//!
//! Invariant (checked by `tests/serve_incremental.rs`, random edits compared with
//! fresh builds byte for byte): each rule below covers every input its view-model
//! builder in `detail.rs`/`quality.rs` reads. **When you make a page read something
//! new, add it to its rule here** (or return `None`).

use super::model::Models;
use super::pages::Page;
use super::taxonomy::{Taxonomy, Term, PER_PAGE};
use super::Input;
use crate::diagnostics::Lang;
use crate::score::RegionScore;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hasher};

/// A streaming 128-bit hash (two SipHash-1-3 lanes with different prefixes). For
/// change detection, not security.
pub struct Hasher128 {
    a: DefaultHasher,
    b: DefaultHasher,
}

impl Default for Hasher128 {
    fn default() -> Self {
        let mut b = DefaultHasher::new();
        b.write_u8(0xa5);
        Hasher128 {
            a: DefaultHasher::new(),
            b,
        }
    }
}

impl Hasher128 {
    pub fn of_bytes(bytes: &[u8]) -> u128 {
        let mut h = Hasher128::default();
        h.bytes(bytes);
        h.finish()
    }

    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.a.write(bytes);
        self.b.write(bytes);
        self
    }

    /// A length-prefixed string (so "ab"+"c" differs from "a"+"bc").
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.u64(text.len() as u64).bytes(text.as_bytes())
    }

    pub fn u64(&mut self, x: u64) -> &mut Self {
        self.bytes(&x.to_le_bytes())
    }

    pub fn u128(&mut self, x: u128) -> &mut Self {
        self.bytes(&x.to_le_bytes())
    }

    pub fn finish(&self) -> u128 {
        (u128::from(self.a.finish()) << 64) | u128::from(self.b.finish())
    }
}

impl std::fmt::Write for Hasher128 {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

/// The hash of a value's `Debug` text: covers every field, including ones added later.
pub fn hash_debug<T: std::fmt::Debug + ?Sized>(value: &T) -> u128 {
    use std::fmt::Write;
    let mut h = Hasher128::default();
    let _ = write!(h, "{value:?}");
    h.finish()
}

/// Content digests of one region: `own` covers every field but its innovations,
/// `innovations` each innovation (parallel to `region.innovations`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionDigests {
    pub own: u128,
    pub innovations: Vec<u128>,
}

impl RegionDigests {
    /// One hash of the whole region.
    pub fn key(&self) -> u128 {
        let mut h = Hasher128::default();
        h.u128(self.own);
        self.innovations.iter().for_each(|d| {
            h.u128(*d);
        });
        h.finish()
    }
}

/// Score digests of one region: `whole` covers the whole [`RegionScore`], `summary`
/// all but its innovations and indicators, `innovations` each innovation's score.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreDigests {
    pub whole: u128,
    pub summary: u128,
    pub indicators: u128,
    pub innovations: Vec<u128>,
}

impl ScoreDigests {
    pub fn of(score: &RegionScore) -> ScoreDigests {
        let innovations = score.innovations.iter().map(hash_debug).collect();
        ScoreDigests::with(score, hash_debug(&score.indicators), innovations)
    }

    /// The digests of `score` when only its ranks may differ from the score `earlier`
    /// was made of (the region is unchanged; other regions may not be).
    pub fn reusing(score: &RegionScore, earlier: &ScoreDigests) -> ScoreDigests {
        ScoreDigests::with(score, earlier.indicators, earlier.innovations.clone())
    }

    fn with(score: &RegionScore, indicators: u128, innovations: Vec<u128>) -> ScoreDigests {
        let summary = summary(score);
        let mut h = Hasher128::default();
        h.u128(summary).u128(indicators);
        innovations.iter().for_each(|d| {
            h.u128(*d);
        });
        ScoreDigests {
            whole: h.finish(),
            summary,
            indicators,
            innovations,
        }
    }
}

/// The hash of every field of a score but its indicators and innovations (listed
/// without `..`, so a new field cannot be forgotten), without copying them.
fn summary(score: &RegionScore) -> u128 {
    let RegionScore {
        spd,
        sid,
        total,
        max_total,
        iid,
        predicate,
        clusters,
        rank,
        innovation_count,
        counted_innovations,
        divisor,
        basic_services_covered,
        count_score,
        variables,
        status,
        indicators: _,
        innovations: _,
    } = score;
    hash_debug(&(
        (spd, sid, total, max_total, iid, predicate, clusters, rank),
        (innovation_count, counted_innovations, divisor),
        (basic_services_covered, count_score, variables, status),
    ))
}

/// Everything fingerprints are made of for one build.
pub struct Digests<'a> {
    input: &'a Input<'a>,
    /// Parallel to `corpus.regions`.
    regions: Vec<&'a RegionDigests>,
    scores: Vec<&'a ScoreDigests>,
    /// Per cluster: its size and the IIDs of its ranked members (cards show "rank of
    /// n", the gap analysis ranks what-ifs among the peers).
    clusters: BTreeMap<&'a str, u128>,
}

impl<'a> Digests<'a> {
    /// `regions` and `scores` are parallel to `input.corpus.regions`.
    pub fn new(
        input: &'a Input<'a>,
        regions: Vec<&'a RegionDigests>,
        scores: Vec<&'a ScoreDigests>,
    ) -> Self {
        let mut members: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for score in &input.scores.regions {
            for cluster in score.rank.keys() {
                members
                    .entry(cluster)
                    .or_default()
                    .push(score.iid.to_bits());
            }
        }
        let clusters = members
            .into_iter()
            .map(|(c, mut iids)| {
                iids.sort_unstable();
                let mut h = Hasher128::default();
                iids.iter().for_each(|x| {
                    h.u64(*x);
                });
                (c, h.finish())
            })
            .collect();
        Digests {
            input,
            regions,
            scores,
            clusters,
        }
    }

    /// The content digests of every region, parallel to `corpus.regions`.
    pub fn regions(&self) -> &[&'a RegionDigests] {
        &self.regions
    }

    /// A region card: the region, its score summary and its clusters' sizes.
    fn region_card(&self, h: &mut Hasher128, r: usize) {
        h.u128(self.regions[r].own).u128(self.scores[r].summary);
        for cluster in &self.input.scores.regions[r].clusters {
            h.u128(self.clusters.get(cluster.as_str()).copied().unwrap_or(0));
        }
    }

    /// An innovation card: its region, itself and its score.
    fn innovation_card(&self, h: &mut Hasher128, r: usize, i: usize) {
        h.u128(self.regions[r].own)
            .u128(self.regions[r].innovations[i])
            .u128(self.scores[r].innovations[i]);
    }

    /// A link to a term: its slug, label and count.
    fn term(&self, h: &mut Hasher128, models: &Models, term: Term) {
        let index = &models.shared.index;
        let count = index.position(term).map_or(0, |p| index.terms[p].1.len());
        h.text(term.taxonomy().id())
            .text(term.slug(self.input))
            .u64(count as u64);
    }
}

/// The fingerprint of `page` in `lang`, or `None` when it must be rendered anyway.
pub fn page(d: &Digests<'_>, models: &Models, lang: Lang, page: Page) -> Option<u128> {
    // Pages are compared by output path, so the hash needs no index (indices shift
    // when a region or innovation is added before this one).
    let mut h = Hasher128::default();
    h.text(lang.code());
    match page {
        Page::Innovation(r, i) => innovation(d, models, &mut h, r, i),
        Page::Region(r) | Page::RegionQuality(r) => {
            h.text(if matches!(page, Page::Region(_)) {
                "region"
            } else {
                "region-quality"
            });
            d.region_card(&mut h, r);
            h.u128(d.scores[r].whole);
            for i in 0..d.regions[r].innovations.len() {
                d.innovation_card(&mut h, r, i);
            }
        }
        Page::Term(term, n) => {
            let index = &models.shared.index;
            let ids: &[u32] = index.position(term).map_or(&[], |p| &index.terms[p].1);
            h.text("term").u64(u64::from(n));
            d.term(&mut h, models, term);
            let start = (n.saturating_sub(1) as usize * PER_PAGE).min(ids.len());
            for &id in &ids[start..(start + PER_PAGE).min(ids.len())] {
                let (r, i) = models.shared.flat.locate(id);
                d.innovation_card(&mut h, r, i);
            }
            if term.taxonomy() != Taxonomy::Tag {
                for (_, (t, _)) in index.of(term.taxonomy()) {
                    d.term(&mut h, models, *t);
                }
            }
        }
        Page::NotFound => {
            h.text("not-found");
        }
        Page::Robots => {
            h.text("robots");
        }
        _ => return None,
    }
    Some(h.finish())
}

/// An innovation page: its card, profile, indicators and body (all in its digests),
/// its region's name and SID divisor, its terms with their counts, and its similar
/// innovations' cards. No region IID or rank (see `detail.rs`). Stage, form, digital
/// and initiator terms are few: all of their counts are taken, a superset of the
/// page's own.
fn innovation(d: &Digests<'_>, models: &Models, h: &mut Hasher128, r: usize, i: usize) {
    let shared = &models.shared;
    h.text("innovation");
    d.innovation_card(h, r, i);
    h.u64(d.input.scores.regions[r].divisor.to_bits());
    let id = shared.flat.id(r, i);
    let related = shared.index.related[id as usize]
        .iter()
        .map(|&t| shared.index.terms[t as usize].0);
    let fixed = shared
        .index
        .terms
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| !matches!(t.taxonomy(), Taxonomy::Affair | Taxonomy::Tag));
    for term in related.chain(fixed) {
        d.term(h, models, term);
    }
    for &other in &shared.similar[id as usize] {
        let (r2, i2) = shared.flat.locate(other);
        d.innovation_card(h, r2, i2);
    }
}
