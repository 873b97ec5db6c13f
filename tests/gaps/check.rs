//! The checks of `tests/gaps`: every claim of an analysis (each gain, each what-if,
//! the next band, and that nothing is missed) against full rescoring of the content
//! with the improvements applied.

use super::portfolio::Portfolio;
use lumbung::methodology::Methodology;
use lumbung::pipeline::Project;
use lumbung::score::gaps::{self, RegionGaps};
use serde_json::Value;

pub fn position(project: &Project, slug: &str) -> usize {
    project
        .corpus
        .regions
        .iter()
        .position(|r| r.slug == slug)
        .expect("region present")
}

/// The unrounded IID exactly as `aggregate` computes it.
pub fn iid_raw(project: &Project, slug: &str) -> f64 {
    let s = &project.scores.regions[position(project, slug)];
    s.total / s.max_total * 100.0
}

pub fn analysis(project: &Project, slug: &str) -> (RegionGaps, Value) {
    let r = position(project, slug);
    let region = &project.corpus.regions[r];
    let m = &project.methodology;
    let analysis = gaps::analyze(
        region,
        &project.scores.regions[r],
        m,
        &gaps::peers(&project.scores, r),
    );
    let entry = serde_json::to_value(gaps::export::entry(region, &analysis, m)).expect("json");
    (analysis, entry)
}

/// Checks every claim of every region's analysis by rescoring edited content.
pub fn check_against_rescoring(portfolio: &Portfolio) {
    let project = portfolio.load();
    let m = &project.methodology;
    for (r, region) in project.corpus.regions.iter().enumerate() {
        let slug = region.slug.as_str();
        let (analysis, entry) = analysis(&project, slug);
        let score = &project.scores.regions[r];
        assert_eq!(analysis.iid, score.iid, "{slug}: iid equals the scores");
        assert_eq!(
            entry["predicate"],
            m.doc.predicates[score.predicate].label.as_str()
        );
        let before = iid_raw(&project, slug);
        for (k, imp) in analysis.improvements.iter().enumerate() {
            let mut edited = portfolio.clone();
            edited.apply(slug, &entry["improvements"][k], m);
            let rescored = iid_raw(&edited.load(), slug) - before;
            assert_eq!(
                imp.gain, rescored,
                "{slug}: gain of {}",
                entry["improvements"][k]
            );
            assert!(imp.gain.abs() > gaps::EPSILON);
        }
        check_what_if(portfolio, slug, &analysis, &entry, m);
        check_next_band(portfolio, slug, &analysis, &entry, m);
        check_nothing_left(portfolio, slug, &entry, m);
    }
}

pub fn check_what_if(
    portfolio: &Portfolio,
    slug: &str,
    analysis: &RegionGaps,
    entry: &Value,
    m: &Methodology,
) {
    let sizes: Vec<usize> = gaps::WHAT_IF_SIZES
        .iter()
        .copied()
        .filter(|s| *s <= analysis.improvements.len())
        .collect();
    assert_eq!(
        analysis.what_if.iter().map(|w| w.top).collect::<Vec<_>>(),
        sizes,
        "{slug}: what-if sizes"
    );
    for (w, json) in analysis
        .what_if
        .iter()
        .zip(entry["what_if"].as_array().expect("what_if"))
    {
        let project = portfolio.apply_first(slug, entry, w.top, m).load();
        let score = &project.scores.regions[position(&project, slug)];
        assert_eq!(w.iid, score.iid, "{slug}: what-if top {}", w.top);
        assert_eq!(json["iid"].as_f64(), Some(score.iid));
        assert_eq!(
            json["predicate"],
            m.doc.predicates[score.predicate].label.as_str()
        );
        let kind = &project.corpus.regions[position(&project, slug)].kind.value;
        assert_eq!(
            w.rank,
            score.rank.get(kind).copied(),
            "{slug}: rank after top {}",
            w.top
        );
    }
}

pub fn check_next_band(
    portfolio: &Portfolio,
    slug: &str,
    analysis: &RegionGaps,
    entry: &Value,
    m: &Methodology,
) {
    let iid_after = |n: usize| {
        let project = portfolio.apply_first(slug, entry, n, m).load();
        project.scores.regions[position(&project, slug)].iid
    };
    let Some(target) = analysis.predicate.checked_sub(1) else {
        assert!(
            entry["next_band"].is_null(),
            "{slug}: top band has no next band"
        );
        return;
    };
    let min = m.doc.predicates[target].min;
    match analysis.next_band {
        Some(next) => {
            assert_eq!(next.predicate, target);
            assert_eq!(
                entry["next_band"]["improvements"].as_u64(),
                Some(next.top as u64)
            );
            assert_eq!(
                entry["next_band"]["predicate"],
                m.doc.predicates[target].label.as_str()
            );
            let reached = iid_after(next.top);
            assert_eq!(reached, next.iid);
            assert!(reached >= min, "{slug}: {reached} reaches {min}");
            assert!(
                iid_after(next.top - 1) < min,
                "{slug}: one fewer does not reach {min}"
            );
        }
        None => {
            assert!(entry["next_band"].is_null());
            assert!(
                iid_after(analysis.improvements.len()) < min,
                "{slug}: the whole list falls short"
            );
        }
    }
}

/// After every listed improvement but `add-innovation`, every region-level indicator
/// and every indicator of a counted innovation scores its maximum (judged by the
/// scorer, not by the analysis): the analysis misses no improvement.
pub fn check_nothing_left(portfolio: &Portfolio, slug: &str, entry: &Value, m: &Methodology) {
    let mut edited = portfolio.clone();
    for imp in entry["improvements"].as_array().expect("list") {
        if imp["kind"] != "add-innovation" {
            edited.apply(slug, imp, m);
        }
    }
    let project = edited.load();
    let score = &project.scores.regions[position(&project, slug)];
    let counted = score.innovations.iter().filter(|i| i.counted);
    let results = score
        .indicators
        .iter()
        .chain(counted.flat_map(|i| &i.indicators));
    for result in results {
        let id = &m.indicator(result.indicator).id;
        let max = m.indicators[result.indicator].max;
        assert_eq!(result.score, max, "{slug}: {id} left below its maximum");
    }
}
