//! View-models of the two detail pages: a region (index, breakdown, charts, indicator
//! table, innovations) and an innovation (profile, score, indicators, body, similar
//! innovations), with their Schema.org JSON-LD.
//!
//! Innovation pages are the bulk of a site (tens of thousands), so their context is
//! kept small: borrowed cards, Markdown rendered exactly once. An innovation page shows
//! nothing that depends on another innovation's answers (no region IID or rank, no
//! scores of similar innovations), so editing one innovation's answers re-renders
//! only its own page and the listing pages.

use super::charts::{self, Bar, Completeness, Trend};
use super::context::{self, IndicatorRow, PageView, RegionCard};
use super::markdown;
use super::pages::Page;
use super::taxonomy::{tag_label, Term};
use super::views::{Ctx, TermLink};
use crate::methodology::Level;
use serde::Serialize;
use serde_json::json;

#[derive(Serialize)]
struct RegionView<'a> {
    page: PageView,
    region: &'a RegionCard,
    body_html: String,
    total: f64,
    max_total: f64,
    spd_max: f64,
    sid_max: f64,
    count_score: f64,
    count_max: f64,
    divisor: f64,
    basic_services_covered: u32,
    basic_services_min: Option<u32>,
    /// SPD and SID against their maxima.
    breakdown: Vec<Bar>,
    /// One bar per variable, score against maximum.
    variables: Vec<Bar>,
    trend: Option<Trend>,
    completeness: Completeness,
    indicators: Vec<IndicatorRow<'a>>,
    innovations: Vec<&'a tera::Value>,
    /// Stages present among the innovations, for the filter: (id, label).
    stages: Vec<(String, String)>,
    /// Relative to `page.home`.
    quality_path: String,
    /// "Peluang peningkatan": see `render/gaps.rs` and `region_gaps.html`.
    gaps: super::gaps::GapsView,
}

/// SPD and SID maxima: Σ region-level indicator maxima; the rest of the total.
fn aspect_maxima(m: &crate::methodology::Methodology) -> (f64, f64) {
    let spd: f64 = m
        .indicators_at(Level::Region)
        .map(|i| m.indicators[i].max)
        .sum();
    (spd, m.max_total - spd)
}

pub fn region(ctx: &Ctx<'_>, r: usize) -> tera::TeraResult<tera::Context> {
    let input = ctx.input;
    let labels = ctx.labels();
    let (region, score, m) = (
        &input.corpus.regions[r],
        &input.scores.regions[r],
        input.methodology,
    );
    let card = &ctx.model.cards[r];
    let mut page = ctx.page(
        Page::Region(r),
        "region",
        region.name.clone(),
        markdown::summary(&region.body, 160),
    );
    page.jsonld = Some(region_jsonld(ctx, card, &page));
    let (spd_max, sid_max) = aspect_maxima(m);
    let widest = score.variables.iter().map(|v| v.max).fold(0.0, f64::max);
    let variables = score
        .variables
        .iter()
        .enumerate()
        .map(|(v, s)| {
            let var = m.variable(v);
            let name = context::pick(ctx.lang, &var.name, var.name_en.as_deref()).to_string();
            charts::bar(name, s.score, s.max, widest, "fill")
        })
        .collect();
    let aspect_widest = spd_max.max(sid_max);
    let breakdown = vec![
        charts::bar(
            ctx.t("spd_long"),
            score.spd,
            spd_max,
            aspect_widest,
            "fill-spd",
        ),
        charts::bar(
            ctx.t("sid_long"),
            score.sid,
            sid_max,
            aspect_widest,
            "fill-sid",
        ),
    ];
    let mut stages: Vec<(String, String)> = Vec::new();
    for inn in ctx.model.innovations[r].iter() {
        if !stages.iter().any(|(id, _)| *id == inn.stage) {
            stages.push((inn.stage.clone(), inn.stage_label.clone()));
        }
    }
    let view = RegionView {
        indicators: context::indicator_rows(
            &score.indicators,
            &region.answers,
            &region.slug,
            &page.root,
            &labels,
            ctx.rows,
            ctx.status_labels(),
        ),
        page,
        region: card,
        body_html: markdown::to_html(&region.body, 1),
        total: score.total,
        max_total: score.max_total,
        spd_max,
        sid_max,
        count_score: score.count_score,
        count_max: m.count_max(),
        divisor: score.divisor,
        basic_services_covered: score.basic_services_covered,
        basic_services_min: m
            .doc
            .innovation_count
            .as_ref()
            .and_then(|c| c.basic_services_min),
        breakdown,
        variables,
        trend: charts::trend(&region.history, input.config.year.map(|y| (y, score.iid))),
        completeness: charts::completeness(score.status),
        innovations: (0..ctx.model.innovations[r].len())
            .map(|i| ctx.model.innovation_value(r, i))
            .collect(),
        stages,
        quality_path: ctx.link(Page::RegionQuality(r)),
        gaps: super::gaps::view(region, &ctx.shared.gaps[r], &labels),
    };
    tera::Context::from_serialize(&view)
}

/// The region facts an innovation page shows: no IID or ranks, which depend on other
/// innovations' answers (see the module doc).
#[derive(Serialize)]
struct RegionRef<'a> {
    name: &'a str,
    path: &'a str,
    kind_label: &'a str,
}

#[derive(Serialize)]
struct SimilarView<'a> {
    card: &'a tera::Value,
    /// Labels of the affairs and tags it shares with this innovation.
    shared: Vec<String>,
}

#[derive(Serialize)]
struct InnovationView<'a> {
    page: PageView,
    region: RegionRef<'a>,
    innovation: &'a tera::Value,
    stage: TermLink,
    form: Option<TermLink>,
    digital: Option<TermLink>,
    initiator: Option<TermLink>,
    affairs: Vec<TermLink>,
    tags: Vec<TermLink>,
    agency: Option<&'a str>,
    trial_date: Option<String>,
    max: f64,
    /// Points this innovation adds to the region's SID (score / divisor), if counted.
    contribution: f64,
    divisor: f64,
    indicators: Vec<IndicatorRow<'a>>,
    body_html: String,
    similar: Vec<SimilarView<'a>>,
}

pub fn innovation(ctx: &Ctx<'_>, r: usize, i: usize) -> tera::TeraResult<tera::Context> {
    let (input, shared) = (ctx.input, ctx.shared);
    let region = &input.corpus.regions[r];
    let inn = &region.innovations[i];
    let region_score = &input.scores.regions[r];
    let score = &region_score.innovations[i];
    let m = input.methodology;
    let card = &ctx.model.innovations[r][i];
    let region_card = &ctx.model.cards[r];
    let mut page = ctx.page(
        Page::Innovation(r, i),
        "innovation",
        inn.title.clone(),
        card.summary.clone(),
    );
    page.og_type = "article";
    page.jsonld = Some(innovation_jsonld(ctx, r, i, &page));
    let id = shared.flat.id(r, i);
    let own = &shared.index.related[id as usize];
    let term_link = |term: Term| {
        let count = shared
            .index
            .position(term)
            .map_or(0, |p| shared.index.terms[p].1.len());
        TermLink::new(ctx, term, count)
    };
    let find = |term: Term| shared.index.position(term).map(|_| term_link(term));
    let view = InnovationView {
        indicators: context::indicator_rows(
            &score.indicators,
            &inn.answers,
            &region.slug,
            &page.root,
            &ctx.labels(),
            ctx.rows,
            ctx.status_labels(),
        ),
        page,
        region: RegionRef {
            name: &region_card.name,
            path: &region_card.path,
            kind_label: &region_card.kind_label,
        },
        innovation: ctx.model.innovation_value(r, i),
        stage: stage_term(&inn.stage.value).map_or_else(
            || TermLink {
                label: card.stage_label.clone(),
                path: String::new(),
                count: 0,
                digital: None,
            },
            term_link,
        ),
        form: vocab_term(&crate::content::vocabulary::get().forms, inn.form.as_ref())
            .map(Term::Form)
            .and_then(find),
        digital: inn.digital.map(Term::Digital).and_then(find),
        initiator: vocab_term(
            &crate::content::vocabulary::get().initiators,
            inn.initiator.as_ref(),
        )
        .map(Term::Initiator)
        .and_then(find),
        affairs: own
            .iter()
            .filter(|&&t| matches!(shared.index.terms[t as usize].0, Term::Affair(_)))
            .map(|&t| term_link(shared.index.terms[t as usize].0))
            .collect(),
        tags: own
            .iter()
            .filter(|&&t| matches!(shared.index.terms[t as usize].0, Term::Tag { .. }))
            .map(|&t| term_link(shared.index.terms[t as usize].0))
            .collect(),
        agency: inn.agency.as_deref(),
        trial_date: inn.trial_date.map(|d| d.to_string()),
        max: m
            .indicators_at(Level::Innovation)
            .map(|x| m.indicators[x].max)
            .sum(),
        contribution: if score.counted && region_score.divisor > 0.0 {
            score.score / region_score.divisor
        } else {
            0.0
        },
        divisor: region_score.divisor,
        body_html: markdown::to_html(&inn.body, 1),
        similar: similar(ctx, id),
    };
    tera::Context::from_serialize(&view)
}

fn stage_term(stage: &str) -> Option<Term> {
    crate::content::vocabulary::get()
        .stages
        .iter()
        .position(|s| s.id == stage)
        .map(|p| Term::Stage(p as u8))
}

fn vocab_term(
    terms: &[crate::methodology::Term],
    value: Option<&crate::fields::Spanned<String>>,
) -> Option<u8> {
    let value = value?;
    terms
        .iter()
        .position(|t| t.id == value.value)
        .map(|p| p as u8)
}

/// The similar innovations of global id `id`, with the affairs and tags they share.
fn similar<'a>(ctx: &Ctx<'a>, id: u32) -> Vec<SimilarView<'a>> {
    let shared = ctx.shared;
    let own = &shared.index.related[id as usize];
    shared.similar[id as usize]
        .iter()
        .map(|&other| {
            let common = shared.index.related[other as usize]
                .iter()
                .filter(|t| own.binary_search(t).is_ok());
            SimilarView {
                card: ctx.model.card_value(&shared.flat, other),
                shared: common
                    .map(|&t| shared.index.terms[t as usize].0.label(ctx.input, ctx.lang))
                    .collect(),
            }
        })
        .collect()
}

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped so the
/// text can never close the script element.
fn script_json(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

fn region_jsonld(ctx: &Ctx<'_>, card: &RegionCard, page: &PageView) -> String {
    let value = json!({
        "@context": "https://schema.org",
        "@type": "AdministrativeArea",
        "name": card.name,
        "url": page.canonical,
        "description": page.description,
        "additionalProperty": [
            {"@type": "PropertyValue", "name": ctx.t("iid_long"), "value": card.iid, "maxValue": 100},
            {"@type": "PropertyValue", "name": ctx.t("predicate"), "value": card.predicate},
            {"@type": "PropertyValue", "name": ctx.t("innovations"), "value": card.innovations},
        ],
    });
    script_json(&value)
}

fn innovation_jsonld(ctx: &Ctx<'_>, r: usize, i: usize, page: &PageView) -> String {
    let region = &ctx.input.corpus.regions[r];
    let inn = &region.innovations[i];
    let mut keywords: Vec<String> = inn
        .affairs
        .iter()
        .filter_map(|a| ctx.input.methodology.affair(&a.value))
        .map(|t| context::pick(ctx.lang, &t.label, t.label_en.as_deref()).to_string())
        .collect();
    keywords.extend(inn.tags.iter().map(|t| tag_label(&t.value)));
    let value = InnovationLd {
        context: "https://schema.org",
        kind: "CreativeWork",
        creator: Named {
            kind: "GovernmentOrganization",
            name: inn.agency.as_deref().unwrap_or(&region.name),
        },
        date_created: inn.trial_date.map(|d| d.to_string()),
        date_published: inn.launch_date.map(|d| d.to_string()),
        description: &page.description,
        in_language: ctx.lang.code(),
        keywords,
        name: &inn.title,
        spatial_coverage: Named {
            kind: "AdministrativeArea",
            name: &region.name,
        },
        url: page.canonical.as_deref().unwrap_or_default(),
    };
    script_json(&value)
}

/// Schema.org JSON-LD of an innovation page. Fields in alphabetical order, as the
/// region page's `json!` map writes them.
#[derive(Serialize)]
struct InnovationLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    creator: Named<'a>,
    #[serde(rename = "dateCreated", skip_serializing_if = "Option::is_none")]
    date_created: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    description: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'static str,
    keywords: Vec<String>,
    name: &'a str,
    #[serde(rename = "spatialCoverage")]
    spatial_coverage: Named<'a>,
    url: &'a str,
}

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let text = script_json(&json!({"name": "</script><script>alert(1)</script> & co"}));
        assert!(
            !text.contains('<') && !text.contains('>') && !text.contains('&'),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back["name"], "</script><script>alert(1)</script> & co");
    }
}
