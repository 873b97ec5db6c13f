//! The data-quality pages: every missing or unverified answer of the portfolio, so an
//! innovation office can work through them. The overview counts them per region; each
//! region's page lists them, grouped by the file to edit (the region's `_index.md`,
//! then each innovation), with what is missing and the evidence the methodology asks
//! for. Split per region so the pages stay small at national scale.

use super::charts::{self, Completeness};
use super::context::{self, PageView, RegionCard};
use super::pages::Page;
use super::views::Ctx;
use crate::score::{IndicatorResult, Status};
use serde::Serialize;

#[derive(Serialize)]
struct RegionRow<'a> {
    /// A [`RegionCard`].
    region: &'a tera::Value,
    /// Relative to `page.home`.
    path: String,
    completeness: Completeness,
}

#[derive(Serialize)]
struct OverviewView<'a> {
    page: PageView,
    regions: Vec<RegionRow<'a>>,
    totals: Completeness,
}

pub fn overview(ctx: &Ctx<'_>) -> tera::TeraResult<tera::Context> {
    let mut total = crate::score::StatusCount::default();
    let scores = &ctx.input.scores.regions;
    let regions = listing_order(&ctx.input.corpus.regions)
        .into_iter()
        .map(|r| {
            let s = &scores[r];
            total.verified += s.status.verified;
            total.unverified += s.status.unverified;
            total.missing += s.status.missing;
            RegionRow {
                region: ctx.model.region_value(r),
                path: ctx.link(Page::RegionQuality(r)),
                completeness: charts::completeness(s.status),
            }
        })
        .collect();
    let view = OverviewView {
        page: ctx.page(
            Page::DataQuality,
            "quality",
            ctx.t("quality_title"),
            ctx.t("quality_lead"),
        ),
        regions,
        totals: charts::completeness(total),
    };
    tera::Context::from_serialize(&view)
}

/// Region indices in the order the rankings list them: by kind as the vocabulary lists
/// kinds (provinsi, kabupaten, kota), then by name. Corpus order is by slug, which put
/// "Provinsi …" between the regencies and the cities.
fn listing_order(regions: &[crate::content::Region]) -> Vec<usize> {
    let kind = |r: usize| crate::content::vocabulary::cluster_order(&regions[r].kind.value);
    let mut order: Vec<usize> = (0..regions.len()).collect();
    order.sort_by(|&a, &b| {
        kind(a)
            .cmp(&kind(b))
            .then_with(|| regions[a].name.cmp(&regions[b].name))
    });
    order
}

/// One answer to fix.
#[derive(Serialize)]
struct Item {
    number: String,
    id: String,
    name: String,
    /// unverified | missing
    status: &'static str,
    option: Option<String>,
    evidence_valid: u32,
    evidence_min: u32,
    evidence_hint: Option<String>,
}

/// The answers to fix in one file.
#[derive(Serialize)]
struct Group {
    title: String,
    /// Whether `title` is an innovation's (content, in the portfolio's language).
    innovation: bool,
    /// The page showing it, relative to `page.home`.
    path: String,
    /// The content file to edit, relative to the site root.
    file: String,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct RegionQualityView<'a> {
    page: PageView,
    region: &'a RegionCard,
    completeness: Completeness,
    groups: Vec<Group>,
}

pub fn region(ctx: &Ctx<'_>, r: usize) -> tera::TeraResult<tera::Context> {
    let (region, score) = (&ctx.input.corpus.regions[r], &ctx.input.scores.regions[r]);
    let card = &ctx.model.cards[r];
    let mut groups = vec![Group {
        title: ctx.t("region_profile"),
        innovation: false,
        path: card.path.clone(),
        file: region.file.clone(),
        items: items(ctx, &score.indicators),
    }];
    for ((inn, s), c) in region
        .innovations
        .iter()
        .zip(&score.innovations)
        .zip(ctx.model.innovations[r].iter())
    {
        groups.push(Group {
            title: inn.title.clone(),
            innovation: true,
            path: c.path.clone(),
            file: inn.file.clone(),
            items: items(ctx, &s.indicators),
        });
    }
    groups.retain(|g| !g.items.is_empty());
    let title = format!("{} · {}", ctx.t("quality_title"), region.name);
    let view = RegionQualityView {
        page: ctx.page(
            Page::RegionQuality(r),
            "region-quality",
            title,
            ctx.t("region_quality_lead"),
        ),
        region: card,
        completeness: charts::completeness(score.status),
        groups,
    };
    tera::Context::from_serialize(&view)
}

fn items(ctx: &Ctx<'_>, results: &[IndicatorResult]) -> Vec<Item> {
    let m = ctx.input.methodology;
    results
        .iter()
        .filter(|r| r.status != Status::Verified)
        .map(|r| {
            let def = m.indicator(r.indicator);
            Item {
                number: def
                    .number
                    .as_ref()
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                id: def.id.clone(),
                name: context::pick(ctx.lang, &def.name, def.name_en.as_deref()).to_string(),
                status: context::status_id(r.status),
                option: r.option.map(|o| {
                    let opt = &def.options[o];
                    context::pick(ctx.lang, &opt.label, opt.label_en.as_deref()).to_string()
                }),
                evidence_valid: r.evidence_valid,
                evidence_min: def.evidence_min,
                evidence_hint: match ctx.lang {
                    crate::diagnostics::Lang::En => def
                        .evidence_hint_en
                        .clone()
                        .or_else(|| def.evidence_hint.clone()),
                    crate::diagnostics::Lang::Id => def.evidence_hint.clone(),
                },
            }
        })
        .collect()
}
