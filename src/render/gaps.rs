//! The "Peluang peningkatan" (improvement opportunities) view-model of a region page,
//! and the `data/gaps.json` export. The terminal's `lumbung gaps` prints the same
//! view-model, so the page, the export and the terminal show the same numbers.
//!
//! Takes a region's [`RegionGaps`] and [`Labels`] for one language; gives labelled
//! rows (indicator names, option labels, innovation titles and links in that
//! language). Interface words are not here: they live in the theme's
//! `i18n/*.yaml` under `gaps:`.

use super::context::{pick, Labels};
use super::Input;
use crate::content::Region;
use crate::score::gaps::{self, Improvement, Outcome, RegionGaps};
use serde::Serialize;

/// Rows shown on a region page at least (and by default in the terminal).
pub const ROWS_MIN: usize = 10;
/// Rows shown on a region page at most (the whole list is in `data/gaps.json`).
pub const ROWS_MAX: usize = 50;

/// The section's values, as `gaps` in `region.html` / `region_gaps.html`.
#[derive(Debug, Serialize)]
pub struct GapsView {
    pub iid: f64,
    pub predicate: String,
    pub predicate_class: String,
    /// Rank in the kind cluster; None if unranked.
    pub rank: Option<u32>,
    /// The kind cluster's label ("Kabupaten").
    pub rank_cluster: String,
    /// How many improvements there are in all.
    pub count: usize,
    /// How many of them need evidence only.
    pub quick_wins: usize,
    /// The first improvements: enough to show the next-band set, between
    /// [`ROWS_MIN`] and [`ROWS_MAX`] (or the `--top` of the terminal).
    pub rows: Vec<ImprovementRow>,
    /// Improvements not shown (`count - rows.len()`).
    pub more: usize,
    pub what_if: Vec<OutcomeRow>,
    /// The fewest top improvements reaching the band above.
    pub next_band: Option<OutcomeRow>,
    /// Whether the region is already in the top band.
    pub top_band: bool,
    pub variables: Vec<VariableRow>,
    /// The name of the weakest variable.
    pub weakest: Option<String>,
}

/// One improvement, labelled.
#[derive(Debug, Serialize)]
pub struct ImprovementRow {
    /// 1-based position in the list.
    pub position: usize,
    /// add-evidence | add-innovation | fill | raise
    pub kind: &'static str,
    /// Evidence only: no new work, just documents.
    pub quick_win: bool,
    /// Indicator id, number and name; None for add-innovation.
    pub indicator_id: Option<String>,
    pub number: Option<String>,
    pub indicator: Option<String>,
    /// Innovation title and path (relative to `page.home`); None for region level.
    pub innovation: Option<String>,
    /// The innovation's slug (its file name without `.md`).
    pub innovation_slug: Option<String>,
    pub innovation_path: Option<String>,
    /// Option labels.
    pub from: Option<String>,
    pub to: Option<String>,
    pub evidence_needed: u32,
    /// Unrounded IID points this improvement alone adds.
    pub gain: f64,
    /// Whether it belongs to the fewest top improvements reaching the next band.
    pub next_band: bool,
}

/// The region after some top improvements.
#[derive(Debug, Serialize)]
pub struct OutcomeRow {
    pub top: usize,
    pub iid: f64,
    /// IID points above today's IID (rounded values).
    pub gain: f64,
    pub predicate: String,
    pub predicate_class: String,
    pub rank: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct VariableRow {
    pub id: String,
    pub name: String,
    pub score: f64,
    pub max: f64,
    /// score / max × 100 (0 when the maximum is 0).
    pub percent: f64,
    pub weakest: bool,
}

/// The section of a region page (`analysis` from [`gaps::all`], computed once per
/// build), in the labels' language.
pub fn view(region: &Region, analysis: &RegionGaps, labels: &Labels<'_>) -> GapsView {
    let rows = analysis
        .next_band
        .map_or(0, |n| n.top)
        .clamp(ROWS_MIN, ROWS_MAX);
    build(region, analysis, labels, rows)
}

/// The view of an analysis, with its first `rows` improvements.
pub fn build(region: &Region, analysis: &RegionGaps, labels: &Labels<'_>, rows: usize) -> GapsView {
    let m = labels.m;
    let outcome = |o: &Outcome| OutcomeRow {
        top: o.top,
        iid: o.iid,
        gain: o.iid - analysis.iid,
        predicate: labels.predicate(o.predicate),
        predicate_class: predicate_class(labels, o.predicate),
        rank: o.rank,
    };
    let list = &analysis.improvements;
    let needed = analysis.next_band.map_or(0, |n| n.top);
    let shown: Vec<ImprovementRow> = list
        .iter()
        .take(rows)
        .enumerate()
        .map(|(k, i)| ImprovementRow {
            next_band: k < needed,
            ..row(k + 1, i, region, labels)
        })
        .collect();
    GapsView {
        iid: analysis.iid,
        predicate: labels.predicate(analysis.predicate),
        predicate_class: predicate_class(labels, analysis.predicate),
        rank: analysis.rank,
        rank_cluster: labels.cluster(&region.kind.value),
        count: list.len(),
        quick_wins: list.iter().filter(|i| i.kind.is_quick_win()).count(),
        more: list.len() - shown.len(),
        rows: shown,
        what_if: analysis.what_if.iter().map(outcome).collect(),
        next_band: analysis.next_band.as_ref().map(outcome),
        top_band: analysis.predicate == 0,
        variables: analysis
            .variables
            .iter()
            .enumerate()
            .map(|(v, s)| {
                let var = m.variable(v);
                VariableRow {
                    id: var.id.clone(),
                    name: pick(labels.lang, &var.name, var.name_en.as_deref()).to_string(),
                    score: s.score,
                    max: s.max,
                    percent: if s.max > 0.0 {
                        s.score / s.max * 100.0
                    } else {
                        0.0
                    },
                    weakest: analysis.weakest == Some(v),
                }
            })
            .collect(),
        weakest: analysis.weakest.map(|v| {
            let var = m.variable(v);
            pick(labels.lang, &var.name, var.name_en.as_deref()).to_string()
        }),
    }
}

fn row(position: usize, i: &Improvement, region: &Region, labels: &Labels<'_>) -> ImprovementRow {
    let m = labels.m;
    let def = i.indicator.map(|x| m.indicator(x));
    let option = |o: Option<usize>| {
        let opt = &def?.options[o?];
        Some(pick(labels.lang, &opt.label, opt.label_en.as_deref()).to_string())
    };
    let innovation = i.innovation().map(|j| &region.innovations[j]);
    ImprovementRow {
        position,
        kind: i.kind.id(),
        quick_win: i.kind.is_quick_win(),
        indicator_id: def.map(|d| d.id.clone()),
        number: def.and_then(|d| d.number.as_ref()).map(|n| n.to_string()),
        indicator: def.map(|d| pick(labels.lang, &d.name, d.name_en.as_deref()).to_string()),
        innovation: innovation.map(|inn| inn.title.clone()),
        innovation_slug: innovation.map(|inn| inn.slug.clone()),
        innovation_path: innovation.map(|inn| format!("{}/{}/", region.slug, inn.slug)),
        from: option(i.from),
        to: option(i.to),
        evidence_needed: i.evidence_needed,
        gain: i.gain,
        next_band: false,
    }
}

fn predicate_class(labels: &Labels<'_>, predicate: usize) -> String {
    let label = labels
        .m
        .doc
        .predicates
        .get(predicate)
        .map_or("", |p| p.label.as_str());
    crate::fields::slugify(&label.to_lowercase())
}

/// `data/gaps.json`, exactly per `gaps-json.md`.
/// `analyses` parallel to `corpus.regions`, as [`gaps::all`] gives them.
pub fn json(input: &Input<'_>, analyses: &[RegionGaps]) -> Vec<u8> {
    let document = gaps::export::document(input.corpus, analyses, input.methodology);
    gaps::export::to_json(&document, gaps::export::DOCUMENT_INLINE_DEPTH)
}
