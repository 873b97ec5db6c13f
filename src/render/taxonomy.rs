//! Taxonomies: the ways to browse innovations (government affair, stage, form,
//! digital/non-digital, initiator, tag) and, per term, the innovations that carry it.
//!
//! Takes the corpus and methodology, gives an [`Index`] built in one pass (O(total
//! terms)). Invariants: terms with no innovation have no entry; terms are ordered by
//! taxonomy, then in vocabulary order (tags alphabetically); each term's innovation
//! list holds global innovation ids (see [`Flat`]) ascending. A [`Term`] is `Copy` and
//! resolves to its slug in O(1), so pages can name terms without a lookup table.

use super::context::{pick, Labels};
use super::Input;
use crate::diagnostics::Lang;
use std::collections::HashMap;

/// A way to browse innovations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Taxonomy {
    Affair,
    Stage,
    Form,
    Digital,
    Initiator,
    Tag,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 6] = [
        Taxonomy::Affair,
        Taxonomy::Stage,
        Taxonomy::Form,
        Taxonomy::Digital,
        Taxonomy::Initiator,
        Taxonomy::Tag,
    ];

    /// The URL folder of the taxonomy's term pages.
    pub fn segment(self) -> &'static str {
        match self {
            Taxonomy::Affair => "urusan",
            Taxonomy::Stage => "tahapan",
            Taxonomy::Form => "bentuk",
            Taxonomy::Digital => "jenis",
            Taxonomy::Initiator => "inisiator",
            Taxonomy::Tag => "label",
        }
    }

    /// The id templates see (`taxonomy.id`), also the key of its interface string.
    pub fn id(self) -> &'static str {
        match self {
            Taxonomy::Affair => "affairs",
            Taxonomy::Stage => "stage",
            Taxonomy::Form => "form",
            Taxonomy::Digital => "digital",
            Taxonomy::Initiator => "initiator",
            Taxonomy::Tag => "tags",
        }
    }
}

/// One term of a taxonomy. Indices point into the methodology's affairs or the content
/// vocabulary; a tag is named by its first use (region, innovation, tag index), which
/// keeps `Term` small and `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    Affair(u16),
    Stage(u8),
    Form(u8),
    Digital(bool),
    Initiator(u8),
    Tag {
        region: u32,
        innovation: u32,
        tag: u16,
    },
}

impl Term {
    pub fn taxonomy(self) -> Taxonomy {
        match self {
            Term::Affair(_) => Taxonomy::Affair,
            Term::Stage(_) => Taxonomy::Stage,
            Term::Form(_) => Taxonomy::Form,
            Term::Digital(_) => Taxonomy::Digital,
            Term::Initiator(_) => Taxonomy::Initiator,
            Term::Tag { .. } => Taxonomy::Tag,
        }
    }

    /// The term's id, used as its URL slug.
    pub fn slug<'a>(self, input: &'a Input<'_>) -> &'a str {
        let v = crate::content::vocabulary::get();
        let id = |terms: &'static [crate::methodology::Term], i: u8| {
            terms.get(i as usize).map_or("", |t| t.id.as_str())
        };
        match self {
            Term::Affair(i) => input
                .methodology
                .doc
                .affairs
                .get(i as usize)
                .map_or("", |t| t.id.as_str()),
            Term::Stage(i) => id(&v.stages, i),
            Term::Form(i) => id(&v.forms, i),
            Term::Initiator(i) => id(&v.initiators, i),
            Term::Digital(true) => "digital",
            Term::Digital(false) => "non-digital",
            Term::Tag {
                region,
                innovation,
                tag,
            } => input
                .corpus
                .regions
                .get(region as usize)
                .and_then(|r| r.innovations.get(innovation as usize))
                .and_then(|i| i.tags.get(tag as usize))
                .map_or("", |t| t.value.as_str()),
        }
    }

    /// The term's label in `lang`. Digital terms are labelled from the theme's strings
    /// by the template (`t.digital_yes`/`t.digital_no`); here they get their slug.
    pub fn label(self, input: &Input<'_>, lang: Lang) -> String {
        let labels = Labels {
            lang,
            m: input.methodology,
        };
        let v = crate::content::vocabulary::get();
        match self {
            Term::Affair(i) => input
                .methodology
                .doc
                .affairs
                .get(i as usize)
                .map_or(String::new(), |t| {
                    pick(lang, &t.label, t.label_en.as_deref()).to_string()
                }),
            Term::Stage(_) => labels.term(&v.stages, self.slug(input)),
            Term::Form(_) => labels.term(&v.forms, self.slug(input)),
            Term::Initiator(_) => labels.term(&v.initiators, self.slug(input)),
            Term::Digital(_) => self.slug(input).to_string(),
            Term::Tag { .. } => tag_label(self.slug(input)),
        }
    }
}

/// A tag as people read it: `layanan-administrasi` → "layanan administrasi".
pub fn tag_label(slug: &str) -> String {
    slug.replace('-', " ")
}

/// Global innovation ids: innovations numbered in corpus order (region, then slug).
#[derive(Debug, Clone, Default)]
pub struct Flat {
    /// `starts[r]` is the id of region r's first innovation; one extra entry at the end.
    pub starts: Vec<u32>,
    /// Region of each id.
    pub region_of: Vec<u32>,
}

impl Flat {
    pub fn new(input: &Input<'_>) -> Flat {
        let mut starts = Vec::with_capacity(input.corpus.regions.len() + 1);
        let mut region_of = Vec::new();
        for (r, region) in input.corpus.regions.iter().enumerate() {
            starts.push(region_of.len() as u32);
            region_of.extend(std::iter::repeat_n(r as u32, region.innovations.len()));
        }
        starts.push(region_of.len() as u32);
        Flat { starts, region_of }
    }

    pub fn id(&self, region: usize, innovation: usize) -> u32 {
        self.starts[region] + innovation as u32
    }

    /// (region, innovation index) of a global id.
    pub fn locate(&self, id: u32) -> (usize, usize) {
        let r = self.region_of[id as usize] as usize;
        (r, (id - self.starts[r]) as usize)
    }

    pub fn len(&self) -> usize {
        self.region_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.region_of.is_empty()
    }
}

/// Every term in use with its innovations, and each innovation's affair and tag terms.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// (term, global innovation ids ascending), in display order.
    pub terms: Vec<(Term, Vec<u32>)>,
    /// Per global innovation id: indices into `terms` of its affairs and tags.
    pub related: Vec<Vec<u32>>,
    lookup: HashMap<Term, u32>,
}

impl Index {
    /// Builds the index in one pass over the innovations.
    pub fn new(input: &Input<'_>) -> Index {
        let v = crate::content::vocabulary::get();
        let affair_ids: HashMap<&str, u16> = input
            .methodology
            .doc
            .affairs
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as u16))
            .collect();
        let position = |terms: &[crate::methodology::Term], id: &str| {
            terms.iter().position(|t| t.id == id).map(|p| p as u8)
        };
        let mut ids: HashMap<Term, u32> = HashMap::new();
        let mut tags: HashMap<&str, Term> = HashMap::new();
        let mut terms: Vec<(Term, Vec<u32>)> = Vec::new();
        let mut related = Vec::new();
        let mut add = |term: Term, id: u32, terms: &mut Vec<(Term, Vec<u32>)>| -> u32 {
            let t = *ids.entry(term).or_insert_with(|| {
                terms.push((term, Vec::new()));
                terms.len() as u32 - 1
            });
            if terms[t as usize].1.last() != Some(&id) {
                terms[t as usize].1.push(id);
            }
            t
        };
        let mut id = 0u32;
        for (r, region) in input.corpus.regions.iter().enumerate() {
            for (i, inn) in region.innovations.iter().enumerate() {
                let mut own = Vec::new();
                for a in inn
                    .affairs
                    .iter()
                    .filter_map(|a| affair_ids.get(a.value.as_str()))
                {
                    own.push(add(Term::Affair(*a), id, &mut terms));
                }
                for (t, tag) in inn.tags.iter().enumerate() {
                    let term = *tags.entry(tag.value.as_str()).or_insert(Term::Tag {
                        region: r as u32,
                        innovation: i as u32,
                        tag: t as u16,
                    });
                    own.push(add(term, id, &mut terms));
                }
                if let Some(s) = position(&v.stages, &inn.stage.value) {
                    add(Term::Stage(s), id, &mut terms);
                }
                if let Some(f) = inn.form.as_ref().and_then(|f| position(&v.forms, &f.value)) {
                    add(Term::Form(f), id, &mut terms);
                }
                if let Some(d) = inn.digital {
                    add(Term::Digital(d), id, &mut terms);
                }
                if let Some(x) = inn
                    .initiator
                    .as_ref()
                    .and_then(|x| position(&v.initiators, &x.value))
                {
                    add(Term::Initiator(x), id, &mut terms);
                }
                own.sort_unstable();
                own.dedup();
                related.push(own);
                id += 1;
            }
        }
        let mut index = Index {
            terms,
            related,
            lookup: HashMap::new(),
        };
        index.sort(input);
        index
    }

    /// Puts terms in display order and renumbers `related` to match.
    fn sort(&mut self, input: &Input<'_>) {
        let mut order: Vec<u32> = (0..self.terms.len() as u32).collect();
        let key = |t: Term| match t {
            // Digital first, then non-digital.
            Term::Digital(d) => (t.taxonomy(), u32::from(!d), ""),
            Term::Tag { .. } => (t.taxonomy(), 0, t.slug(input)),
            Term::Affair(i) => (t.taxonomy(), u32::from(i), ""),
            Term::Stage(i) | Term::Form(i) | Term::Initiator(i) => (t.taxonomy(), u32::from(i), ""),
        };
        order.sort_by(|a, b| key(self.terms[*a as usize].0).cmp(&key(self.terms[*b as usize].0)));
        let mut new_index = vec![0u32; order.len()];
        for (new, old) in order.iter().enumerate() {
            new_index[*old as usize] = new as u32;
        }
        let mut old_terms: Vec<Option<(Term, Vec<u32>)>> = std::mem::take(&mut self.terms)
            .into_iter()
            .map(Some)
            .collect();
        self.terms = order
            .iter()
            .filter_map(|o| old_terms[*o as usize].take())
            .collect();
        for own in &mut self.related {
            for t in own.iter_mut() {
                *t = new_index[*t as usize];
            }
            own.sort_unstable();
        }
        self.lookup = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (*t, i as u32))
            .collect();
    }

    /// Terms of one taxonomy, with their positions in `terms`.
    pub fn of(&self, taxonomy: Taxonomy) -> impl Iterator<Item = (usize, &(Term, Vec<u32>))> {
        self.terms
            .iter()
            .enumerate()
            .filter(move |(_, (t, _))| t.taxonomy() == taxonomy)
    }

    /// Position of `term` in `terms`.
    pub fn position(&self, term: Term) -> Option<usize> {
        self.lookup.get(&term).map(|p| *p as usize)
    }
}

/// Innovations per page of a term listing.
pub const PER_PAGE: usize = 60;

/// Number of listing pages for `count` innovations (at least 1).
pub fn page_count(count: usize) -> u32 {
    count.div_ceil(PER_PAGE).max(1) as u32
}
