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
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::sync::{Arc, OnceLock};

/// A streaming 128-bit hash (two SipHash-1-3 lanes with different prefixes). For
/// change detection, not security. Small writes (a fingerprint is mostly 16-byte
/// digests) are gathered in a buffer and hashed in blocks: SipHash's per-write cost
/// was most of fingerprinting a national site. Same writes, same hash.
pub struct Hasher128 {
    a: DefaultHasher,
    b: DefaultHasher,
    buf: [u8; BUFFER],
    len: usize,
}

const BUFFER: usize = 256;

impl Default for Hasher128 {
    fn default() -> Self {
        let mut b = DefaultHasher::new();
        b.write_u8(0xa5);
        Hasher128 {
            a: DefaultHasher::new(),
            b,
            buf: [0; BUFFER],
            len: 0,
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
        if self.len + bytes.len() > BUFFER {
            self.flush();
        }
        if bytes.len() > BUFFER {
            self.a.write(bytes);
            self.b.write(bytes);
        } else {
            self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
            self.len += bytes.len();
        }
        self
    }

    fn flush(&mut self) {
        self.a.write(&self.buf[..self.len]);
        self.b.write(&self.buf[..self.len]);
        self.len = 0;
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
        let (mut a, mut b) = (self.a.clone(), self.b.clone());
        a.write(&self.buf[..self.len]);
        b.write(&self.buf[..self.len]);
        (u128::from(a.finish()) << 64) | u128::from(b.finish())
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
    /// The summary without the ranks (which other regions change).
    unranked: u128,
    pub indicators: u128,
    pub innovations: Vec<u128>,
}

impl ScoreDigests {
    pub fn of(score: &RegionScore) -> ScoreDigests {
        let innovations = score.innovations.iter().map(hash_debug).collect();
        let indicators = hash_debug(&score.indicators);
        ScoreDigests::with(score, unranked(score), indicators, innovations)
    }

    /// The digests of `score` when only its ranks may differ from the score `earlier`
    /// was made of (the region is unchanged; other regions may not be).
    pub fn reusing(score: &RegionScore, earlier: &ScoreDigests) -> ScoreDigests {
        let innovations = earlier.innovations.clone();
        ScoreDigests::with(score, earlier.unranked, earlier.indicators, innovations)
    }

    fn with(
        score: &RegionScore,
        unranked: u128,
        indicators: u128,
        innovations: Vec<u128>,
    ) -> ScoreDigests {
        let mut h = Hasher128::default();
        h.u128(unranked).u64(score.rank.len() as u64);
        for (cluster, rank) in &score.rank {
            h.text(cluster).u64(u64::from(*rank));
        }
        let summary = h.finish();
        let mut h = Hasher128::default();
        h.u128(summary).u128(indicators);
        innovations.iter().for_each(|d| {
            h.u128(*d);
        });
        ScoreDigests {
            whole: h.finish(),
            summary,
            unranked,
            indicators,
            innovations,
        }
    }
}

/// The hash of every field of a score but its ranks, indicators and innovations
/// (listed without `..`, so a new field cannot be forgotten), without copying them.
fn unranked(score: &RegionScore) -> u128 {
    let RegionScore {
        spd,
        sid,
        total,
        max_total,
        iid,
        predicate,
        clusters,
        rank: _,
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
        (spd, sid, total, max_total, iid, predicate, clusters),
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
    /// Term links (taxonomy, slug, count), parallel to the index's terms.
    terms: Vec<u128>,
    /// Every stage, form, digital and initiator term link (innovation pages take all,
    /// a superset of their own: they are few).
    fixed: u128,
    /// Every term link of each taxonomy, in [`Taxonomy::ALL`] order (the siblings a
    /// term listing shows).
    taxonomies: [u128; Taxonomy::ALL.len()],
    /// Region cards, parallel to `corpus.regions`: the hash of what
    /// [`super::context::region_card`] reads (the region, its score and the sizes of
    /// its clusters; the labels are global), not of the cards themselves.
    cards: Vec<u128>,
    /// [`all_cards`] per language, without and with the innovation cards, made once
    /// for the pages that list them all.
    all_cards: Vec<(Lang, [OnceLock<u128>; 2])>,
}

impl<'a> Digests<'a> {
    /// `regions` and `scores` are parallel to `input.corpus.regions`; `models` is the
    /// build's.
    pub fn new(
        input: &'a Input<'a>,
        models: &Models,
        regions: Vec<&'a RegionDigests>,
        scores: Vec<&'a ScoreDigests>,
    ) -> Self {
        let terms: Vec<u128> = models
            .shared
            .index
            .terms
            .iter()
            .map(|(term, ids)| {
                let mut h = Hasher128::default();
                h.text(term.taxonomy().id())
                    .text(term.slug(input))
                    .u64(ids.len() as u64);
                h.finish()
            })
            .collect();
        let mut fixed = Hasher128::default();
        let mut taxonomies = Taxonomy::ALL.map(|_| Hasher128::default());
        for (p, (term, _)) in models.shared.index.terms.iter().enumerate() {
            if !matches!(term.taxonomy(), Taxonomy::Affair | Taxonomy::Tag) {
                fixed.u128(terms[p]);
            }
            taxonomies[term.taxonomy() as usize].u128(terms[p]);
        }
        let sizes: HashMap<&str, u64> = models
            .shared
            .clusters
            .iter()
            .map(|(cluster, rows)| (cluster.as_str(), rows.len() as u64))
            .collect();
        let cards = (0..regions.len())
            .map(|r| {
                let mut h = Hasher128::default();
                h.u128(regions[r].own).u128(scores[r].summary);
                for cluster in &input.scores.regions[r].clusters {
                    h.u64(sizes.get(cluster.as_str()).copied().unwrap_or(0));
                }
                h.finish()
            })
            .collect();
        let all_cards = input.config.languages.iter();
        let all_cards = all_cards
            .map(|&lang| (lang, [OnceLock::new(), OnceLock::new()]))
            .collect();
        Digests {
            input,
            regions,
            scores,
            cards,
            all_cards,
            terms,
            fixed: fixed.finish(),
            taxonomies: taxonomies.map(|h| h.finish()),
        }
    }

    /// A link to a term: its slug, label and count.
    fn term(&self, h: &mut Hasher128, models: &Models, term: Term) {
        let digest = models.shared.index.position(term).map(|p| self.terms[p]);
        h.u128(digest.unwrap_or_default());
    }
}

/// The fingerprint of `page` in `lang`, or `None` when it must be rendered anyway.
/// Cards are taken by the hash of their value ([`super::model::Model`]), so a page
/// listing a card changes only when what the card shows changes.
pub fn page(d: &Digests<'_>, models: &Models, lang: Lang, page: Page) -> Option<u128> {
    // Pages are compared by output path, so the hash needs no index (indices shift
    // when a region or innovation is added before this one).
    let model = models.get(lang);
    let mut h = Hasher128::default();
    h.text(lang.code());
    match page {
        Page::Innovation(r, i) => innovation(d, models, &mut h, lang, r, i),
        Page::Region(r) | Page::RegionQuality(r) => region(d, models, &mut h, page, lang, r),
        Page::Term(term, n) => {
            let index = &models.shared.index;
            let ids: &[u32] = index.position(term).map_or(&[], |p| &index.terms[p].1);
            h.text("term").u64(u64::from(n));
            d.term(&mut h, models, term);
            let start = (n.saturating_sub(1) as usize * PER_PAGE).min(ids.len());
            for &id in &ids[start..(start + PER_PAGE).min(ids.len())] {
                let (r, i) = models.shared.flat.locate(id);
                h.u128(model.innovation_digests[r][i]);
            }
            if term.taxonomy() != Taxonomy::Tag {
                h.u128(d.taxonomies[term.taxonomy() as usize]);
            }
        }
        // Listings of every region card (ranks and statuses are on the cards and in
        // the score summaries).
        Page::Rankings | Page::DataQuality => {
            h.text(if page == Page::Rankings {
                "rankings"
            } else {
                "quality"
            });
            all_cards(d, &mut h, models, lang, false);
        }
        // Every card (featured regions, top and latest innovations), the term links and
        // who has which terms.
        Page::Home => {
            h.text("home");
            all_cards(d, &mut h, models, lang, true);
            term_links(d, &mut h, models)?;
        }
        // The cards of its entries, picked as the feed picks them.
        Page::Feed => {
            h.text("feed");
            for (r, i) in super::feeds::latest(model) {
                h.u128(model.innovation_digests[r][i]);
            }
        }
        // Term links only.
        Page::Explore => {
            h.text("explore");
            term_links(d, &mut h, models)?;
        }
        // What `feeds::search_index` writes (code, not a template): each region's
        // name, path and kind and its items, and the term links. Scores are not in it.
        Page::SearchIndex => {
            h.text("search");
            for (r, card) in model.cards.iter().enumerate() {
                h.text(&card.name).text(&card.path).text(&card.kind_label);
                h.u128(super::feeds::region_items(model, &models.shared, r).digest());
            }
            term_links(d, &mut h, models)?;
        }
        // The URL of every page: slugs of regions, innovations and terms, and the
        // number of each term's listing pages, all under the browse key.
        Page::Sitemap(n) => {
            h.text("sitemap").u64(u64::from(n));
            browse(&mut h, models)?;
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

/// Every term link (slug and count; labels are global or tag texts, under the browse
/// key) and who has which terms.
fn term_links(d: &Digests<'_>, h: &mut Hasher128, models: &Models) -> Option<()> {
    d.terms.iter().for_each(|t| {
        h.u128(*t);
    });
    browse(h, models)
}

/// The key of the regions, innovations and terms the index was made from; `None`
/// when the models have none (made without a memo).
fn browse(h: &mut Hasher128, models: &Models) -> Option<()> {
    let key = models.shared.browse_key;
    (key != 0).then(|| {
        h.u128(key);
    })
}

/// Every region card (its digest covers the score summary) and, with `innovations`,
/// every innovation card (hashed once per build and language).
fn all_cards(d: &Digests<'_>, h: &mut Hasher128, models: &Models, lang: Lang, innovations: bool) {
    let once = d.all_cards.iter().find(|(l, _)| *l == lang);
    let digest = match once {
        Some((_, digests)) => *digests[usize::from(innovations)]
            .get_or_init(|| all_cards_digest(d, models, lang, innovations)),
        None => all_cards_digest(d, models, lang, innovations),
    };
    h.u128(digest);
}

fn all_cards_digest(d: &Digests<'_>, models: &Models, lang: Lang, innovations: bool) -> u128 {
    let model = models.get(lang);
    let mut h = Hasher128::default();
    h.u64(d.cards.len() as u64);
    for (r, card) in d.cards.iter().enumerate() {
        h.u128(*card);
        if innovations {
            h.u64(model.innovation_digests[r].len() as u64);
            model.innovation_digests[r].iter().for_each(|c| {
                h.u128(*c);
            });
        }
    }
    h.finish()
}

/// A region page or its data-quality page: its card, everything of the region and its
/// score, its innovations (content and cards) and, on the region page, the ranks of
/// its gap analysis (the rest of the analysis depends on the region alone).
fn region(d: &Digests<'_>, models: &Models, h: &mut Hasher128, page: Page, lang: Lang, r: usize) {
    let model = models.get(lang);
    h.text(if matches!(page, Page::Region(_)) {
        "region"
    } else {
        "region-quality"
    });
    h.u128(d.cards[r])
        .u128(d.regions[r].own)
        .u128(d.scores[r].whole);
    for (content, card) in d.regions[r]
        .innovations
        .iter()
        .zip(model.innovation_digests[r].iter())
    {
        h.u128(*content).u128(*card);
    }
    if matches!(page, Page::Region(_)) {
        gap_ranks(models, r).for_each(|rank| {
            h.u64(rank);
        });
    }
}

/// The ranks of region `r`'s gap analysis, now and after each outcome (0: none).
fn gap_ranks(models: &Models, r: usize) -> impl Iterator<Item = u64> + '_ {
    let gaps = &models.shared.gaps[r];
    let rank = |rank: Option<u32>| u64::from(rank.map_or(0, |x| x + 1));
    let outcomes = gaps.what_if.iter().chain(&gaps.next_band);
    std::iter::once(rank(gaps.rank)).chain(outcomes.map(move |o| rank(o.rank)))
}

/// An innovation page: its card, profile, indicators and body (all in its digests),
/// its region's name and SID divisor, its terms with their counts, and its similar
/// innovations' cards. No region IID or rank (see `detail.rs`).
fn innovation(d: &Digests<'_>, models: &Models, h: &mut Hasher128, lang: Lang, r: usize, i: usize) {
    let shared = &models.shared;
    let model = models.get(lang);
    h.text("innovation");
    h.u128(model.innovation_digests[r][i])
        .u128(d.regions[r].own)
        .u128(d.regions[r].innovations[i])
        .u128(d.scores[r].innovations[i])
        .u64(d.input.scores.regions[r].divisor.to_bits())
        .u128(d.fixed);
    let id = shared.flat.id(r, i);
    for &t in &shared.index.related[id as usize] {
        h.u128(d.terms[t as usize]);
    }
    for &other in &shared.similar[id as usize] {
        let (r2, i2) = shared.flat.locate(other);
        h.u128(model.innovation_digests[r2][i2]);
    }
}

/// What the innovation and region pages of one build read (the inputs of the
/// `innovation` and `region` rules below), kept so that the next build finds the pages whose
/// every input is unchanged by comparing digests instead of hashing 33,000
/// fingerprints again ([`PageInputs::changed`]).
pub struct PageInputs {
    /// The key of the regions, innovations, terms and similar innovations the pages
    /// were listed from (the same key gives the same page list).
    browse_key: u128,
    /// Every term link, and the stage, form, digital and initiator links.
    terms: u128,
    /// Parallel to `corpus.regions`.
    regions: Vec<RegionInputs>,
}

struct RegionInputs {
    own: u128,
    card: u128,
    score: u128,
    /// The ranks of its gap analysis, now and after each outcome.
    gap_ranks: Vec<u64>,
    divisor: u64,
    /// Each innovation's content and score digests.
    contents: Vec<u128>,
    scores: Vec<u128>,
    /// Innovation card digests, per language in `config.languages` order.
    cards: Vec<Arc<Vec<u128>>>,
}

impl PageInputs {
    pub fn new(d: &Digests<'_>, models: &Models) -> PageInputs {
        let mut terms = Hasher128::default();
        terms.u128(d.fixed);
        d.terms.iter().for_each(|t| {
            terms.u128(*t);
        });
        let languages = &d.input.config.languages;
        let regions = (0..d.regions.len())
            .map(|r| RegionInputs {
                own: d.regions[r].own,
                card: d.cards[r],
                score: d.scores[r].whole,
                gap_ranks: gap_ranks(models, r).collect(),
                divisor: d.input.scores.regions[r].divisor.to_bits(),
                contents: d.regions[r].innovations.clone(),
                scores: d.scores[r].innovations.clone(),
                cards: languages
                    .iter()
                    .map(|&lang| models.get(lang).innovation_digests[r].clone())
                    .collect(),
            })
            .collect();
        PageInputs {
            browse_key: models.shared.browse_key,
            terms: terms.finish(),
            regions,
        }
    }

    /// The innovation, term and region pages whose fingerprint may differ from the one
    /// they had in the build `earlier` describes; `None` when that cannot be told page by
    /// page (other regions, innovations or terms).
    pub fn changed(&self, earlier: &PageInputs, models: &Models) -> Option<Changed> {
        let same_list = self.browse_key != 0
            && self.browse_key == earlier.browse_key
            && self.terms == earlier.terms
            && self.regions.len() == earlier.regions.len();
        if !same_list {
            return None;
        }
        let shared = &models.shared;
        let n = shared.flat.len();
        let (mut card, mut own) = (vec![false; n], vec![false; n]);
        let mut regions = Vec::with_capacity(self.regions.len());
        for (r, (now, then)) in self.regions.iter().zip(&earlier.regions).enumerate() {
            let shape = |x: &RegionInputs| (x.contents.len(), x.scores.len(), x.cards.len());
            let listed = shared.flat.starts.get(r..r + 2).map(|s| s[1] - s[0]);
            let cards_fit = now.cards.iter().all(|c| c.len() == now.contents.len());
            if shape(now) != shape(then) || listed != Some(now.contents.len() as u32) || !cards_fit
            {
                return None;
            }
            let region = now.own != then.own || now.divisor != then.divisor;
            regions.push(
                region
                    || (now.card, now.score, &now.gap_ranks)
                        != (then.card, then.score, &then.gap_ranks)
                    || now.contents != then.contents
                    || now.cards != then.cards,
            );
            // The same cards of an unchanged region are the same `Arc`s.
            let cards_kept = now
                .cards
                .iter()
                .zip(&then.cards)
                .all(|(a, b)| Arc::ptr_eq(a, b));
            for i in 0..now.contents.len() {
                let id = shared.flat.id(r, i) as usize;
                card[id] =
                    !cards_kept && now.cards.iter().zip(&then.cards).any(|(a, b)| a[i] != b[i]);
                own[id] = region
                    || card[id]
                    || now.contents[i] != then.contents[i]
                    || now.scores[i] != then.scores[i];
            }
        }
        // Who shows a changed card: found from the few changed cards, not by reading
        // every innovation's similar list and every term listing.
        let shown_in = shared
            .shown_in
            .get_or_init(|| ShownIn::new(&shared.similar, &shared.index));
        let (mut innovations, mut terms) = (own, vec![false; shared.index.terms.len()]);
        for id in (0..n).filter(|&id| card[id]) {
            shown_in.similar.of(id).iter().for_each(|&o| {
                innovations[o as usize] = true;
            });
            shown_in.terms.of(id).iter().for_each(|&p| {
                terms[p as usize] = true;
            });
        }
        Some(Changed {
            regions,
            innovations,
            terms,
        })
    }
}

/// Where each innovation's card is shown besides its own pages, per global id: the
/// innovations that list it as similar and the term listings that hold it. Made when
/// a `serve` rebuild first needs it, and kept while the page list is the same.
pub struct ShownIn {
    similar: Lists,
    terms: Lists,
}

impl ShownIn {
    pub fn new(similar: &[Vec<u32>], index: &super::taxonomy::Index) -> ShownIn {
        let shown_as_similar = similar
            .iter()
            .enumerate()
            .flat_map(|(id, list)| list.iter().map(move |&o| (o, id as u32)));
        let listed_in_term = index
            .terms
            .iter()
            .enumerate()
            .flat_map(|(p, (_, ids))| ids.iter().map(move |&id| (id, p as u32)));
        ShownIn {
            similar: Lists::new(similar.len(), shown_as_similar),
            terms: Lists::new(similar.len(), listed_in_term),
        }
    }
}

/// A list of numbers per id, stored in one buffer.
struct Lists {
    /// Where each id's list starts in `items` (one more entry than ids).
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    /// From (id, item) pairs, ids below `n`; each list keeps the pairs' order.
    fn new(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Lists {
        let mut starts = vec![0u32; n + 1];
        pairs
            .clone()
            .for_each(|(id, _)| starts[id as usize + 1] += 1);
        for k in 0..n {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut items = vec![0u32; starts[n] as usize];
        for (id, item) in pairs {
            items[next[id as usize] as usize] = item;
            next[id as usize] += 1;
        }
        Lists { starts, items }
    }

    fn of(&self, id: usize) -> &[u32] {
        match (self.starts.get(id), self.starts.get(id + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Pages whose fingerprint may have changed since the previous build, when the page
/// list is the same ([`PageInputs::changed`]); the others are provably unchanged.
pub struct Changed {
    /// Per region: its page and its data-quality page.
    pub regions: Vec<bool>,
    /// Per global innovation id: its page.
    pub innovations: Vec<bool>,
    /// Per term position in the index: its listing pages (a card listed changed).
    pub terms: Vec<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_in_lists_exactly_who_shows_each_card() {
        let similar: Vec<Vec<u32>> = (0..50u32)
            .map(|id| (0..id % 5).map(|k| (id * 7 + k * 3) % 50).collect())
            .collect();
        let mut index = super::super::taxonomy::Index::default();
        index.terms = (0..6u8)
            .map(|t| {
                let ids = (0..50u32)
                    .filter(|id| id % (u32::from(t) + 2) == 0)
                    .collect();
                (Term::Stage(t), ids)
            })
            .collect();
        let shown = ShownIn::new(&similar, &index);
        for id in 0..50u32 {
            let by_scan: Vec<u32> = (0..50u32)
                .filter(|&o| similar[o as usize].contains(&id))
                .collect();
            let mut listed = shown.similar.of(id as usize).to_vec();
            listed.dedup();
            assert_eq!(listed, by_scan, "innovations listing {id} as similar");
            let terms: Vec<u32> = (0..6u32)
                .filter(|&p| index.terms[p as usize].1.contains(&id))
                .collect();
            assert_eq!(
                shown.terms.of(id as usize),
                &terms[..],
                "terms listing {id}"
            );
        }
        assert!(shown.similar.of(50).is_empty() && shown.terms.of(99).is_empty());
    }

    #[test]
    fn a_hash_depends_on_the_bytes_not_on_how_they_were_written() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut small = Hasher128::default();
        for chunk in bytes.chunks(13) {
            small.bytes(chunk);
        }
        let mut mixed = Hasher128::default();
        mixed
            .bytes(&bytes[..100])
            .bytes(&bytes[100..700])
            .bytes(&bytes[700..]);
        assert_eq!(small.finish(), Hasher128::of_bytes(&bytes));
        assert_eq!(mixed.finish(), Hasher128::of_bytes(&bytes));
        let mut other = bytes.clone();
        other[999] ^= 1;
        assert_ne!(Hasher128::of_bytes(&other), Hasher128::of_bytes(&bytes));
    }
}
