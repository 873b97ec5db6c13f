//! "Similar innovations": for each innovation, a few innovations of OTHER regions that
//! share its government affairs or tags — the replication view regions ask for.
//!
//! Takes the taxonomy [`Index`] (postings per affair and tag), gives per global
//! innovation id up to [`LIMIT`] similar ids. Cost is linear: each innovation looks at
//! no more than [`WINDOW`] other-region neighbours in each of its postings, next to
//! its own position, so popular affairs never make the work quadratic. The result
//! depends only on affairs, tags and slugs, never on scores: editing one innovation's
//! answers changes no other page. Order is deterministic: shared weight (a tag counts
//! 2, an affair 1) descending, then id ascending.

use super::taxonomy::{Flat, Index, Term};
use rayon::prelude::*;

/// Similar innovations shown per innovation.
pub const LIMIT: usize = 6;

/// Neighbours taken on each side of an innovation's own region in one posting list.
pub const WINDOW: usize = 12;

/// Similar innovation ids for every innovation, indexed by global id.
pub fn compute(index: &Index, flat: &Flat) -> Vec<Vec<u32>> {
    (0..flat.len() as u32)
        .into_par_iter()
        .map(|id| for_one(id, index, flat))
        .collect()
}

fn for_one(id: u32, index: &Index, flat: &Flat) -> Vec<u32> {
    let region = flat.region_of[id as usize] as usize;
    let (own_start, own_end) = (flat.starts[region], flat.starts[region + 1]);
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    for &t in &index.related[id as usize] {
        let (term, posting) = &index.terms[t as usize];
        let weight = if matches!(term, Term::Tag { .. }) {
            2
        } else {
            1
        };
        neighbours(posting, own_start, own_end, |other| {
            candidates.push((other, weight))
        });
    }
    candidates.sort_unstable_by_key(|c| c.0);
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(candidates.len());
    for (other, weight) in candidates {
        match merged.last_mut() {
            Some(last) if last.0 == other => last.1 += weight,
            _ => merged.push((other, weight)),
        }
    }
    merged.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    merged
        .into_iter()
        .take(LIMIT)
        .map(|(other, _)| other)
        .collect()
}

/// Calls `f` with up to [`WINDOW`] ids after the own region's range and up to
/// [`WINDOW`] before it, wrapping around the posting list, each id at most once.
fn neighbours(posting: &[u32], own_start: u32, own_end: u32, mut f: impl FnMut(u32)) {
    let before = posting.partition_point(|&x| x < own_start);
    let after = posting.partition_point(|&x| x < own_end);
    let others = posting.len() - (after - before);
    let take = others.min(2 * WINDOW);
    let forward = take.min(WINDOW);
    let backward = take - forward;
    // The k-th id outside the own range, in cyclic order starting just after it (the
    // own range is contiguous, so `others` steps from `after` never re-enter it).
    let cyclic = |k: usize| posting[(after + k) % posting.len()];
    for k in 0..forward {
        f(cyclic(k));
    }
    for k in 0..backward {
        f(cyclic(others - 1 - k));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(posting: &[u32], start: u32, end: u32) -> Vec<u32> {
        let mut out = Vec::new();
        neighbours(posting, start, end, |x| out.push(x));
        out.sort_unstable();
        out
    }

    #[test]
    fn neighbours_skip_the_own_region_and_wrap_around() {
        let posting: Vec<u32> = (0..10).collect();
        assert_eq!(collect(&posting, 3, 6), vec![0, 1, 2, 6, 7, 8, 9]);
        assert_eq!(collect(&posting, 8, 10), (0..8).collect::<Vec<_>>());
    }

    #[test]
    fn neighbours_are_bounded_by_the_window() {
        let posting: Vec<u32> = (0..10_000).collect();
        let got = collect(&posting, 5_000, 5_010);
        assert_eq!(got.len(), 2 * WINDOW);
        assert!(got.contains(&5_010) && got.contains(&4_999), "{got:?}");
        assert!(!got.iter().any(|x| (5_000..5_010).contains(x)));
    }
}
