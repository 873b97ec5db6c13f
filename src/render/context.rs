//! View-models: the explicit, typed values templates see. Built from the corpus, the
//! scores and the methodology for one language; templates never see domain structs,
//! so a template change cannot leak into the domain types. `docs/theme.md` documents
//! every field.
//!
//! Links: `page.root` is the relative path to the site root (assets, evidence),
//! `page.home` to the current language's root; `path` fields of cards are relative to
//! `page.home`. Relative links make the site work under any host and sub-folder.

use super::pages::format_number;
use crate::content::{Innovation, Region, Target};
use crate::diagnostics::Lang;
use crate::methodology::Methodology;
use crate::score::{IndicatorResult, RegionScore, Status};
use serde::Serialize;

/// Site-wide values, in every template's global context as `site`.
#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub year: Option<i32>,
    pub notice: Option<String>,
    pub methodology_id: String,
    pub methodology_name: String,
    pub lang: &'static str,
    /// The portfolio's language (site.yaml `language`) when it is not the page's: the
    /// texts that come from the content (titles, summaries, bodies, tags, agencies,
    /// evidence titles) are marked with it (`lang`), as WCAG 3.1.2 asks.
    pub content_lang: Option<&'static str>,
    /// OpenGraph locale of the language ("id_ID", "en_US").
    pub locale: &'static str,
}

/// Per-page values, as `page`.
#[derive(Debug, Serialize)]
pub struct PageView {
    /// The template's page kind: home, region, innovation, not-found…
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    /// Relative path to the site root ("" or "../../").
    pub root: String,
    /// Relative path to this language's root.
    pub home: String,
    /// Absolute URL of this page; `None` for the 404 page, which is served at any
    /// address and so has none.
    pub canonical: Option<String>,
    /// This page in every language.
    pub alternates: Vec<Alternate>,
    /// OpenGraph type: "website" or "article".
    pub og_type: &'static str,
    /// Schema.org JSON-LD, already safe to put inside `<script>` (region and
    /// innovation pages).
    pub jsonld: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Alternate {
    pub lang: &'static str,
    /// Relative link (the language switch).
    pub href: String,
    /// Absolute URL (`<link rel="alternate" hreflang>`, which must be absolute).
    pub url: String,
    pub current: bool,
}

/// A region in lists and rankings.
#[derive(Debug, Clone, Serialize)]
pub struct RegionCard {
    pub slug: String,
    /// Relative to `page.home`.
    pub path: String,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    pub iid: f64,
    pub predicate: String,
    /// CSS class of the predicate: "band-0" (highest band) … "band-3".
    pub predicate_class: String,
    pub ranks: Vec<RankView>,
    pub innovations: u32,
    pub counted_innovations: u32,
    pub spd: f64,
    pub sid: f64,
    /// IID above 0: ranked. Otherwise "not assessable".
    pub assessable: bool,
    /// Whether the basic-services rule of the count score holds (true without a rule).
    pub eligible: bool,
    pub basic_services_covered: u32,
    /// Share of indicators missing or unverified, percent.
    pub incomplete_percent: f64,
    /// `iid`, `spd` and `sid` as `num(d=2)` writes them, and the verified share as
    /// `num(d=1)` writes the data-quality pages' `verified_percent` (the same number
    /// wherever it is shown): the rankings list every region, and four filter calls
    /// per row were most of that page's time.
    pub iid_text: String,
    pub spd_text: String,
    pub sid_text: String,
    pub complete_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankView {
    pub cluster: String,
    pub label: String,
    pub rank: u32,
    /// Regions ranked in that cluster.
    pub of: u32,
}

/// An innovation in lists.
#[derive(Debug, Clone, Serialize)]
pub struct InnovationCard {
    pub slug: String,
    /// Relative to `page.home`.
    pub path: String,
    pub title: String,
    pub region: String,
    /// Relative to `page.home`.
    pub region_path: String,
    pub stage: String,
    pub stage_label: String,
    pub digital: Option<bool>,
    pub score: f64,
    /// `score` as the `num` filter writes it with two decimals (listings show it for
    /// every card; a filter call costs more than the card's other fields together).
    pub score_text: String,
    pub counted: bool,
    pub summary: String,
    /// `YYYY-MM-DD`.
    pub launch_date: Option<String>,
}

/// One indicator in an indicator table.
#[derive(Debug, Serialize)]
pub struct IndicatorRow<'a> {
    /// The row up to its evidence cell as `indicator_row_head.html` renders it: the
    /// same for every row with this indicator, answer and status, so it is rendered
    /// once per build (see [`Rows`]). Marked safe.
    pub head: &'a tera::Value,
    /// `number`, `id`, `name`, `variable`, `max_text` and `evidence_hint` are the same
    /// for every row of the indicator in a language: shared [`RowText`] values, already
    /// HTML-escaped (marked safe).
    pub number: &'a tera::Value,
    pub id: &'a tera::Value,
    pub name: &'a tera::Value,
    pub variable: &'a tera::Value,
    /// verified | unverified | missing
    pub status: &'static str,
    /// `status` in words (`t.status_verified` …).
    pub status_label: &'a str,
    pub option: Option<&'a str>,
    pub score: f64,
    pub max: f64,
    /// `score` and `max` as `num(d=2)` writes them (the table is on every innovation
    /// page; forty filter calls were an eighth of rendering one).
    pub score_text: String,
    pub max_text: &'a tera::Value,
    pub evidence: Vec<EvidenceLink<'a>>,
    pub evidence_min: u32,
    pub evidence_hint: Option<&'a tera::Value>,
}

/// What an indicator row shows that does not depend on the answer, in one language:
/// made once per build as template values, so the ~20 rows of each of 33,000
/// innovation pages share them instead of copying and escaping them again.
#[derive(Debug)]
pub struct RowText {
    number: tera::Value,
    id: tera::Value,
    name: tera::Value,
    variable: tera::Value,
    max_text: tera::Value,
    evidence_hint: Option<tera::Value>,
}

/// Everything about indicator rows that does not depend on the page, in one language:
/// the texts of each indicator and the rendered head of every row there can be (each
/// indicator missing, or with each option verified or not). ~400 heads are rendered
/// when the engine is made, instead of the same template code for ~20 rows on each of
/// 33,000 innovation pages.
pub struct Rows {
    texts: Vec<RowText>,
    heads: Vec<tera::Value>,
    /// Where each indicator's heads start in `heads`: missing, then for each option
    /// verified and unverified.
    first: Vec<usize>,
}

impl Rows {
    /// Renders every row head with `engine` (whose templates include
    /// `indicator_row_head.html`).
    pub fn new(
        engine: &tera::Tera,
        labels: &Labels<'_>,
        status_labels: [&str; 3],
    ) -> Result<Rows, tera::Error> {
        let m = labels.m;
        let texts = RowText::all(labels);
        let empty = tera::Value::safe_string("");
        let (mut heads, mut first) = (Vec::new(), Vec::new());
        for x in 0..m.indicators.len() {
            let def = m.indicator(x);
            first.push(heads.len());
            let missing = [(Status::Missing, None)].into_iter();
            let answered = (0..def.options.len())
                .flat_map(|o| [(Status::Verified, Some(o)), (Status::Unverified, Some(o))]);
            for (status, option) in missing.chain(answered) {
                let score = match (status, option) {
                    (Status::Verified, Some(o)) => def.options[o].score,
                    _ => 0.0,
                };
                let result = IndicatorResult {
                    indicator: x,
                    status,
                    option,
                    score,
                    evidence_valid: 0,
                };
                let row =
                    indicator_row(&result, None, "", "", labels, &texts, &empty, status_labels);
                let mut context = tera::Context::new();
                context.insert("row", &row);
                let html = engine.render(ROW_HEAD, &context)?;
                heads.push(tera::Value::safe_string(&html));
            }
        }
        Ok(Rows {
            texts,
            heads,
            first,
        })
    }

    fn head(&self, result: &IndicatorResult) -> &tera::Value {
        let slot = match (result.status, result.option) {
            (Status::Verified, Some(o)) => 1 + 2 * o,
            (Status::Unverified, Some(o)) => 2 + 2 * o,
            _ => 0,
        };
        &self.heads[self.first[result.indicator] + slot]
    }
}

/// The template of a row head (see [`Rows`]).
pub const ROW_HEAD: &str = "indicator_row_head.html";

impl RowText {
    /// The texts of every indicator of `labels.m`, by indicator index.
    pub fn all(labels: &Labels<'_>) -> Vec<RowText> {
        let m = labels.m;
        (0..m.indicators.len())
            .map(|x| {
                let def = m.indicator(x);
                let variable = m.variable(m.indicators[x].variable);
                let hint = match labels.lang {
                    Lang::En => def
                        .evidence_hint_en
                        .as_deref()
                        .or(def.evidence_hint.as_deref()),
                    Lang::Id => def.evidence_hint.as_deref(),
                };
                RowText {
                    number: escaped(
                        &def.number
                            .as_ref()
                            .map(|n| n.to_string())
                            .unwrap_or_default(),
                    ),
                    id: escaped(&def.id),
                    name: escaped(pick(labels.lang, &def.name, def.name_en.as_deref())),
                    variable: escaped(pick(
                        labels.lang,
                        &variable.name,
                        variable.name_en.as_deref(),
                    )),
                    max_text: escaped(&format_number(m.indicators[x].max, 2, labels.lang)),
                    evidence_hint: hint.map(escaped),
                }
            })
            .collect()
    }
}

/// `text` escaped by the template engine's escape function, marked safe so it is not
/// escaped twice.
fn escaped(text: &str) -> tera::Value {
    tera::Value::safe_string(&super::pages::escaped_text(text))
}

#[derive(Debug, Serialize)]
pub struct EvidenceLink<'a> {
    pub title: &'a str,
    /// Ready to use in `href` from this page.
    pub href: String,
    pub external: bool,
    /// Whether it counts (exists, non-empty, allowed).
    pub valid: bool,
}

/// Labels in the current language.
pub struct Labels<'a> {
    pub lang: Lang,
    pub m: &'a Methodology,
}

impl<'a> Labels<'a> {
    /// The label of `id` in a vocabulary list, in this language.
    pub fn term(&self, terms: &'a [crate::methodology::Term], id: &'a str) -> String {
        terms
            .iter()
            .find(|t| t.id == id)
            .map_or(id, |t| pick(self.lang, &t.label, t.label_en.as_deref()))
            .to_string()
    }

    pub fn predicate(&self, index: usize) -> String {
        self.m.doc.predicates.get(index).map_or(String::new(), |p| {
            pick(self.lang, &p.label, p.label_en.as_deref()).to_string()
        })
    }

    pub fn kind(&self, id: &'a str) -> String {
        self.term(&crate::content::vocabulary::get().kinds, id)
    }

    pub fn stage(&self, id: &'a str) -> String {
        self.term(&crate::content::vocabulary::get().stages, id)
    }

    /// A cluster: a kind (provinsi…) or an extra cluster (perbatasan…).
    pub fn cluster(&self, id: &'a str) -> String {
        let v = crate::content::vocabulary::get();
        if v.kinds.iter().any(|k| k.id == id) {
            self.kind(id)
        } else {
            self.term(&v.clusters, id)
        }
    }
}

/// The English text when the language is English and one exists, else Indonesian.
pub fn pick<'a>(lang: Lang, id: &'a str, en: Option<&'a str>) -> &'a str {
    match (lang, en) {
        (Lang::En, Some(en)) => en,
        _ => id,
    }
}

/// Percent-encodes a relative path for use in `href` (keeps `/`).
pub fn encode_path(path: &str) -> String {
    let safe = |b: u8| b.is_ascii_alphanumeric() || b"-._~/".contains(&b);
    if path.bytes().all(safe) {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if safe(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn region_card(
    region: &Region,
    score: &RegionScore,
    ranked: &[u32],
    labels: &Labels<'_>,
) -> RegionCard {
    let rule_min = labels
        .m
        .doc
        .innovation_count
        .as_ref()
        .and_then(|c| c.basic_services_min);
    RegionCard {
        slug: region.slug.clone(),
        path: format!("{}/", encode_path(&region.slug)),
        name: region.name.clone(),
        kind: region.kind.value.clone(),
        kind_label: labels.kind(&region.kind.value),
        iid: score.iid,
        predicate: labels.predicate(score.predicate),
        predicate_class: format!("band-{}", score.predicate),
        ranks: score
            .clusters
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                Some(RankView {
                    cluster: c.clone(),
                    label: labels.cluster(c),
                    rank: *score.rank.get(c)?,
                    of: ranked[i],
                })
            })
            .collect(),
        innovations: score.innovation_count,
        counted_innovations: score.counted_innovations,
        spd: score.spd,
        sid: score.sid,
        assessable: score.iid > 0.0,
        eligible: rule_min.is_none_or(|min| score.basic_services_covered >= min),
        basic_services_covered: score.basic_services_covered,
        incomplete_percent: score.status.incomplete_percent(),
        iid_text: format_number(score.iid, 2, labels.lang),
        spd_text: format_number(score.spd, 2, labels.lang),
        sid_text: format_number(score.sid, 2, labels.lang),
        complete_text: format_number(
            super::charts::completeness(score.status).verified_percent,
            1,
            labels.lang,
        ),
    }
}

/// An innovation's card; `summary` is computed once per build by the caller.
pub fn innovation_card(
    region: &Region,
    inn: &Innovation,
    score: &crate::score::InnovationScore,
    summary: String,
    labels: &Labels<'_>,
) -> InnovationCard {
    let region_path = format!("{}/", encode_path(&region.slug));
    InnovationCard {
        slug: inn.slug.clone(),
        path: format!("{region_path}{}/", encode_path(&inn.slug)),
        title: inn.title.clone(),
        region: region.name.clone(),
        region_path,
        stage: inn.stage.value.clone(),
        stage_label: labels.stage(&inn.stage.value),
        digital: inn.digital,
        score: score.score,
        score_text: format_number(score.score, 2, labels.lang),
        counted: score.counted,
        summary,
        launch_date: inn.launch_date.map(|d| d.to_string()),
    }
}

/// Indicator rows for a list of results, with evidence links relative to `root`.
/// `status_labels` are the words for verified, unverified and missing.
pub fn indicator_rows<'a>(
    results: &[IndicatorResult],
    answers: &'a [crate::content::Answer],
    region_slug: &str,
    root: &str,
    labels: &Labels<'a>,
    rows: &'a Rows,
    status_labels: [&'a str; 3],
) -> Vec<IndicatorRow<'a>> {
    results
        .iter()
        .map(|r| {
            let id = &labels.m.indicator(r.indicator).id;
            let answer = answers.iter().find(|a| a.indicator.value == *id);
            let head = rows.head(r);
            indicator_row(
                r,
                answer,
                region_slug,
                root,
                labels,
                &rows.texts,
                head,
                status_labels,
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn indicator_row<'a>(
    r: &IndicatorResult,
    answer: Option<&'a crate::content::Answer>,
    region_slug: &str,
    root: &str,
    labels: &Labels<'a>,
    texts: &'a [RowText],
    head: &'a tera::Value,
    status_labels: [&'a str; 3],
) -> IndicatorRow<'a> {
    let m = labels.m;
    let def = m.indicator(r.indicator);
    let text = &texts[r.indicator];
    IndicatorRow {
        head,
        number: &text.number,
        id: &text.id,
        name: &text.name,
        variable: &text.variable,
        status: status_id(r.status),
        status_label: match r.status {
            Status::Verified => status_labels[0],
            Status::Unverified => status_labels[1],
            Status::Missing => status_labels[2],
        },
        option: r.option.map(|o| {
            pick(
                labels.lang,
                &def.options[o].label,
                def.options[o].label_en.as_deref(),
            )
        }),
        score: r.score,
        max: m.indicators[r.indicator].max,
        score_text: format_number(r.score, 2, labels.lang),
        max_text: &text.max_text,
        evidence: answer.map_or_else(Vec::new, |a| evidence_links(a, region_slug, root)),
        evidence_min: def.evidence_min,
        evidence_hint: text.evidence_hint.as_ref(),
    }
}

pub fn status_id(status: Status) -> &'static str {
    match status {
        Status::Verified => "verified",
        Status::Unverified => "unverified",
        Status::Missing => "missing",
    }
}

fn evidence_links<'a>(
    answer: &'a crate::content::Answer,
    region_slug: &str,
    root: &str,
) -> Vec<EvidenceLink<'a>> {
    answer
        .evidence
        .iter()
        .filter_map(|e| {
            let (href, external) = match &e.target {
                Target::File(f) if !f.normalized.is_empty() => (
                    format!("{root}{}/{}", region_slug, encode_path(&f.normalized)),
                    false,
                ),
                Target::Url(url) if crate::content::is_http_url(&url.value) => {
                    (url.value.clone(), true)
                }
                _ => return None,
            };
            Some(EvidenceLink {
                title: &e.title,
                href,
                external,
                valid: e.is_valid(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_paths_are_percent_encoded() {
        assert_eq!(
            encode_path("evidence/SK Bupati (2023).pdf"),
            "evidence/SK%20Bupati%20%282023%29.pdf"
        );
    }
}
