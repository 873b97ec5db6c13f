//! The methodology page (`/metodologi/`): how the index is computed, read from the
//! methodology in use — predicate bands, the divisor, the innovation-count rule and
//! every aspect, variable, indicator and answer with its points — so a reader can see
//! what "Sangat Inovatif" takes without opening `data/methodology.json`.

use super::context::{pick, Labels};
use super::pages::Page;
use super::views::Ctx;
use crate::methodology::{Aspect, Indicator, Level, Methodology};
use serde::Serialize;

#[derive(Serialize)]
struct MethodologyView {
    page: super::context::PageView,
    name: String,
    max_total: f64,
    divisor_min: f64,
    counted_stages: Vec<String>,
    bands: Vec<Band>,
    count_rule: Option<CountRule>,
    aspects: Vec<AspectView>,
    sources: Vec<Source>,
}

/// A predicate band: IID from `min` up to (not including) `below`, if any.
#[derive(Serialize)]
struct Band {
    label: String,
    class: String,
    min: f64,
    below: Option<f64>,
}

#[derive(Serialize)]
struct CountRule {
    per_innovation: f64,
    cap: f64,
    max: f64,
    variable: String,
    services_min: Option<u32>,
    services: Vec<String>,
}

#[derive(Serialize)]
struct AspectView {
    name: String,
    /// "region" or "innovation".
    level: &'static str,
    /// Points of the aspect in `max_total`.
    max: f64,
    /// Share of `max_total`, in percent.
    share: f64,
    variables: Vec<VariableView>,
}

#[derive(Serialize)]
struct VariableView {
    name: String,
    max: f64,
    /// Share of `max_total`, in percent.
    share: f64,
    /// Whether the innovation-count score belongs to it (included in `max`).
    has_count: bool,
    indicators: Vec<IndicatorView>,
}

#[derive(Serialize)]
struct IndicatorView {
    number: Option<String>,
    name: String,
    max: f64,
    evidence_min: u32,
    evidence_hint: Option<String>,
    options: Vec<OptionView>,
}

#[derive(Serialize)]
struct OptionView {
    label: String,
    score: f64,
}

#[derive(Serialize)]
struct Source {
    title: String,
    url: Option<String>,
}

pub fn page(ctx: &Ctx<'_>) -> tera::TeraResult<tera::Context> {
    let m = ctx.input.methodology;
    let labels = ctx.labels();
    let doc = &m.doc;
    let view = MethodologyView {
        page: ctx.page(
            Page::Methodology,
            "methodology",
            ctx.t("methodology_title"),
            ctx.t("methodology_lead"),
        ),
        name: doc.name.clone(),
        max_total: m.max_total,
        divisor_min: doc.innovation_divisor_min,
        counted_stages: doc.counted_stages.iter().map(|s| labels.stage(s)).collect(),
        bands: bands(m, &labels),
        count_rule: count_rule(m, &labels),
        aspects: doc
            .aspects
            .iter()
            .enumerate()
            .map(|(a, aspect)| aspect_view(m, &labels, a, aspect))
            .collect(),
        sources: doc
            .sources
            .iter()
            .map(|s| Source {
                title: s.title.clone(),
                url: s.url.clone(),
            })
            .collect(),
    };
    tera::Context::from_serialize(&view)
}

fn bands(m: &Methodology, labels: &Labels<'_>) -> Vec<Band> {
    let predicates = &m.doc.predicates;
    (0..predicates.len())
        .map(|i| Band {
            label: labels.predicate(i),
            class: format!("band-{i}"),
            min: predicates[i].min,
            below: i.checked_sub(1).map(|above| predicates[above].min),
        })
        .collect()
}

fn count_rule(m: &Methodology, labels: &Labels<'_>) -> Option<CountRule> {
    let rule = m.doc.innovation_count.as_ref()?;
    let variable = m
        .variables
        .iter()
        .position(|v| v.has_count)
        .map(|v| {
            let var = m.variable(v);
            pick(labels.lang, &var.name, var.name_en.as_deref()).to_string()
        })
        .unwrap_or_default();
    Some(CountRule {
        per_innovation: rule.per_innovation,
        cap: rule.cap,
        max: m.count_max(),
        variable,
        services_min: rule.basic_services_min,
        services: m
            .doc
            .basic_services
            .iter()
            .map(|s| labels.term(&m.doc.affairs, s))
            .collect(),
    })
}

fn aspect_view(m: &Methodology, labels: &Labels<'_>, a: usize, aspect: &Aspect) -> AspectView {
    let lang = labels.lang;
    let variables: Vec<VariableView> = m
        .variables
        .iter()
        .enumerate()
        .filter(|(_, info)| info.aspect == a)
        .map(|(v, info)| {
            let var = m.variable(v);
            let count = if info.has_count { m.count_max() } else { 0.0 };
            let max = info.region_max + info.innovation_max + count;
            VariableView {
                name: pick(lang, &var.name, var.name_en.as_deref()).to_string(),
                max,
                share: percent(max, m.max_total),
                has_count: info.has_count,
                indicators: m
                    .indicators
                    .iter()
                    .enumerate()
                    .filter(|(_, info)| info.variable == v)
                    .map(|(i, info)| indicator_view(labels, m.indicator(i), info.max))
                    .collect(),
            }
        })
        .collect();
    let max: f64 = variables.iter().map(|v| v.max).sum();
    AspectView {
        name: pick(lang, &aspect.name, aspect.name_en.as_deref()).to_string(),
        level: match aspect.level {
            Level::Region => "region",
            Level::Innovation => "innovation",
        },
        max,
        share: percent(max, m.max_total),
        variables,
    }
}

fn indicator_view(labels: &Labels<'_>, ind: &Indicator, max: f64) -> IndicatorView {
    let lang = labels.lang;
    IndicatorView {
        number: ind.number.as_ref().map(ToString::to_string),
        name: pick(lang, &ind.name, ind.name_en.as_deref()).to_string(),
        max,
        evidence_min: ind.evidence_min,
        evidence_hint: ind
            .evidence_hint
            .as_deref()
            .map(|hint| pick(lang, hint, ind.evidence_hint_en.as_deref()).to_string()),
        options: ind
            .options
            .iter()
            .map(|o| OptionView {
                label: pick(lang, &o.label, o.label_en.as_deref()).to_string(),
                score: o.score,
            })
            .collect(),
    }
}

/// `part` as a percentage of `whole` (0 when the whole is 0).
fn percent(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole * 100.0
    } else {
        0.0
    }
}
