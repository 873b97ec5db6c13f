//! The site's pages: which exist, where each is written, and the context each
//! template gets. One function per page kind builds its view-model.

use super::context::{self, Alternate, InnovationCard, Labels, PageView, RegionCard, SiteView};
use super::{markdown, theme, Input, RenderError, Theme};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Lang};
use crate::methodology::Methodology;
use serde::Serialize;
use std::collections::BTreeMap;

/// A page of the site (in some language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Home,
    /// Index into `corpus.regions`.
    Region(usize),
    /// Region index, innovation index within it.
    Innovation(usize, usize),
    NotFound,
}

/// Every page, in a stable order.
pub fn all(input: &Input<'_>) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::NotFound];
    for (r, region) in input.corpus.regions.iter().enumerate() {
        pages.push(Page::Region(r));
        pages.extend((0..region.innovations.len()).map(|i| Page::Innovation(r, i)));
    }
    pages
}

/// The language's folder prefix: "" for the default language, "en/" for others.
pub fn lang_prefix(config: &SiteConfig, lang: Lang) -> String {
    if lang == config.language {
        String::new()
    } else {
        format!("{}/", lang.code())
    }
}

/// The page's folder relative to its language root ("" for home).
fn page_dir(input: &Input<'_>, page: Page) -> String {
    let regions = &input.corpus.regions;
    match page {
        Page::Home | Page::NotFound => String::new(),
        Page::Region(r) => format!("{}/", regions[r].slug),
        Page::Innovation(r, i) => format!("{}/{}/", regions[r].slug, regions[r].innovations[i].slug),
    }
}

/// Where the page is written, relative to the output folder.
pub fn output_path(input: &Input<'_>, lang: Lang, page: Page) -> String {
    let prefix = lang_prefix(input.config, lang);
    match page {
        Page::NotFound => format!("{prefix}404.html"),
        _ => format!("{prefix}{}index.html", page_dir(input, page)),
    }
}

/// Compiles the theme for one language: templates, its strings as `t`, `site`, `lang`
/// and the number filter.
pub fn engine(theme: &Theme, config: &SiteConfig, m: &Methodology, lang: Lang) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("num", move |x: f64, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
        let decimals = kwargs.get::<i64>("d")?.unwrap_or(2).clamp(0, 6) as usize;
        Ok(format_number(x, decimals, lang))
    });
    let templates: Vec<(&str, &str)> = theme.templates.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    tera.add_raw_templates(templates)
        .map_err(|e| theme::template_error("templates", &error_chain(&e)))?;
    let strings = theme.strings.get(&lang).cloned().unwrap_or_default();
    let site = SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        base_url: config.base_url.clone(),
        year: config.year,
        notice: config.notice(lang).map(str::to_string),
        methodology_id: m.doc.id.clone(),
        methodology_name: m.doc.name.clone(),
        lang: lang.code(),
    };
    let global = tera.global_context();
    global.insert("t", &strings);
    global.insert("site", &site);
    global.insert("lang", lang.code());
    Ok(tera)
}

/// Tera's error with its causes (the line of the template is in a cause).
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `1234.5` → "1.234,50" (id) or "1,234.50" (en).
pub fn format_number(x: f64, decimals: usize, lang: Lang) -> String {
    let (thousands, decimal) = match lang {
        Lang::Id => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac}")
    }
}

/// Values shared by every page of one language, computed once per build.
pub struct Model {
    pub lang: Lang,
    /// Parallel to `corpus.regions`.
    pub cards: Vec<RegionCard>,
}

/// One [`Model`] per language.
pub struct Models(Vec<Model>);

impl Models {
    pub fn new(input: &Input<'_>) -> Models {
        Models(input.config.languages.iter().map(|&lang| Model::new(input, lang)).collect())
    }

    pub fn get(&self, lang: Lang) -> &Model {
        self.0.iter().find(|m| m.lang == lang).unwrap_or(&self.0[0])
    }
}

impl Model {
    fn new(input: &Input<'_>, lang: Lang) -> Model {
        let labels = Labels { lang, m: input.methodology };
        let mut cluster_sizes: BTreeMap<&str, u32> = BTreeMap::new();
        for score in &input.scores.regions {
            for cluster in score.rank.keys() {
                *cluster_sizes.entry(cluster).or_default() += 1;
            }
        }
        let cards = input
            .corpus
            .regions
            .iter()
            .zip(&input.scores.regions)
            .map(|(region, score)| {
                let sizes: Vec<u32> = score.clusters.iter().map(|c| cluster_sizes.get(c.as_str()).copied().unwrap_or(0)).collect();
                context::region_card(region, score, &sizes, &labels)
            })
            .collect();
        Model { lang, cards }
    }
}

fn page_view(input: &Input<'_>, lang: Lang, page: Page, kind: &'static str, title: String, description: String) -> PageView {
    let dir = page_dir(input, page);
    let prefix = lang_prefix(input.config, lang);
    let depth = format!("{prefix}{dir}").matches('/').count();
    let (root, home) = match page {
        // The 404 page is served at any depth: its links start from the site's path.
        Page::NotFound => {
            let base = input.config.base_path().to_string();
            (base.clone(), format!("{base}{prefix}"))
        }
        _ => ("../".repeat(depth), "../".repeat(dir.matches('/').count())),
    };
    let alternates = input
        .config
        .languages
        .iter()
        .map(|&l| Alternate {
            lang: l.code(),
            href: format!("{root}{}{dir}", lang_prefix(input.config, l)),
            current: l == lang,
        })
        .collect();
    PageView {
        kind,
        title,
        description,
        canonical: format!("{}{prefix}{dir}", input.config.base_url),
        root,
        home,
        alternates,
    }
}

#[derive(Serialize)]
struct HomeView<'a> {
    page: PageView,
    regions: &'a [RegionCard],
    clusters: Vec<ClusterTable<'a>>,
    /// Regions with IID 0: not assessable, not ranked.
    unranked: Vec<&'a RegionCard>,
}

#[derive(Serialize)]
struct ClusterTable<'a> {
    id: String,
    label: String,
    rows: Vec<RankedRow<'a>>,
}

#[derive(Serialize)]
struct RankedRow<'a> {
    rank: u32,
    region: &'a RegionCard,
}

#[derive(Serialize)]
struct RegionView<'a> {
    page: PageView,
    region: &'a RegionCard,
    body_html: String,
    total: f64,
    max_total: f64,
    count_score: f64,
    divisor: f64,
    counted_innovations: u32,
    basic_services_covered: u32,
    basic_services_min: Option<u32>,
    variables: Vec<VariableView>,
    history: Vec<(i32, f64)>,
    indicators: Vec<context::IndicatorRow>,
    innovations: Vec<InnovationCard>,
}

#[derive(Serialize)]
struct VariableView {
    id: String,
    name: String,
    score: f64,
    max: f64,
    percent: f64,
}

#[derive(Serialize)]
struct InnovationView<'a> {
    page: PageView,
    region: &'a RegionCard,
    innovation: InnovationCard,
    form: Option<String>,
    digital: Option<bool>,
    initiator: Option<String>,
    affairs: Vec<String>,
    agency: Option<String>,
    trial_date: Option<String>,
    launch_date: Option<String>,
    tags: Vec<String>,
    max: f64,
    /// Points this innovation adds to the region's SID (score / divisor), if counted.
    contribution: f64,
    indicators: Vec<context::IndicatorRow>,
    body_html: String,
}

#[derive(Serialize)]
struct NotFoundView {
    page: PageView,
}

/// Renders one page.
pub fn render(engine: &tera::Tera, input: &Input<'_>, model: &Model, page: Page) -> Result<Vec<u8>, RenderError> {
    let (template, context) = match page {
        Page::Home => ("home.html", home(input, model)),
        Page::Region(r) => ("region.html", region(input, model, r)),
        Page::Innovation(r, i) => ("innovation.html", innovation(input, model, r, i)),
        Page::NotFound => {
            let view = NotFoundView { page: page_view(input, model.lang, page, "not-found", String::new(), String::new()) };
            ("404.html", tera::Context::from_serialize(&view))
        }
    };
    let context = context.map_err(|e| RenderError::Template(theme::template_error(template, &error_chain(&e))))?;
    let mut out = Vec::with_capacity(16 * 1024);
    engine
        .render_to(template, &context, &mut out)
        .map_err(|e| RenderError::Template(theme::template_error(template, &error_chain(&e))))?;
    Ok(out)
}

fn home(input: &Input<'_>, model: &Model) -> tera::TeraResult<tera::Context> {
    let labels = Labels { lang: model.lang, m: input.methodology };
    let mut clusters: BTreeMap<&str, Vec<(u32, &RegionCard)>> = BTreeMap::new();
    for (card, score) in model.cards.iter().zip(&input.scores.regions) {
        for (cluster, rank) in &score.rank {
            clusters.entry(cluster).or_default().push((*rank, card));
        }
    }
    let order = |id: &str| crate::content::vocabulary::get().kinds.iter().chain(&crate::content::vocabulary::get().clusters).position(|t| t.id == id);
    let mut clusters: Vec<ClusterTable<'_>> = clusters
        .into_iter()
        .map(|(id, mut rows)| {
            rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
            let rows = rows.into_iter().map(|(rank, region)| RankedRow { rank, region }).collect();
            ClusterTable { id: id.to_string(), label: labels.cluster(id), rows }
        })
        .collect();
    clusters.sort_by_key(|c| order(&c.id));
    let view = HomeView {
        page: page_view(input, model.lang, Page::Home, "home", input.config.title.clone(), input.config.description.clone()),
        regions: &model.cards,
        clusters,
        unranked: model.cards.iter().filter(|c| c.ranks.is_empty()).collect(),
    };
    tera::Context::from_serialize(&view)
}

fn region(input: &Input<'_>, model: &Model, r: usize) -> tera::TeraResult<tera::Context> {
    let labels = Labels { lang: model.lang, m: input.methodology };
    let region = &input.corpus.regions[r];
    let score = &input.scores.regions[r];
    let m = input.methodology;
    let page = page_view(input, model.lang, Page::Region(r), "region", region.name.clone(), markdown::summary(&region.body, 160));
    let variables = score
        .variables
        .iter()
        .enumerate()
        .map(|(v, s)| {
            let var = m.variable(v);
            VariableView {
                id: var.id.clone(),
                name: context::pick(model.lang, &var.name, var.name_en.as_deref()).to_string(),
                score: s.score,
                max: s.max,
                percent: if s.max > 0.0 { s.score / s.max * 100.0 } else { 0.0 },
            }
        })
        .collect();
    let innovations = region
        .innovations
        .iter()
        .zip(&score.innovations)
        .map(|(inn, s)| context::innovation_card(region, inn, s.score, s.counted, &labels))
        .collect();
    let view = RegionView {
        indicators: context::indicator_rows(&score.indicators, &region.answers, &region.slug, &page.root, &labels),
        page,
        region: &model.cards[r],
        body_html: markdown::to_html(&region.body, 1),
        total: score.total,
        max_total: score.max_total,
        count_score: score.count_score,
        divisor: score.divisor,
        counted_innovations: score.counted_innovations,
        basic_services_covered: score.basic_services_covered,
        basic_services_min: m.doc.innovation_count.as_ref().and_then(|c| c.basic_services_min),
        variables,
        history: region.history.clone(),
        innovations,
    };
    tera::Context::from_serialize(&view)
}

fn innovation(input: &Input<'_>, model: &Model, r: usize, i: usize) -> tera::TeraResult<tera::Context> {
    let labels = Labels { lang: model.lang, m: input.methodology };
    let v = crate::content::vocabulary::get();
    let region = &input.corpus.regions[r];
    let inn = &region.innovations[i];
    let region_score = &input.scores.regions[r];
    let score = &region_score.innovations[i];
    let m = input.methodology;
    let card = context::innovation_card(region, inn, score.score, score.counted, &labels);
    let page = page_view(input, model.lang, Page::Innovation(r, i), "innovation", inn.title.clone(), card.summary.clone());
    let view = InnovationView {
        indicators: context::indicator_rows(&score.indicators, &inn.answers, &region.slug, &page.root, &labels),
        page,
        region: &model.cards[r],
        form: inn.form.as_ref().map(|f| labels.term(&v.forms, &f.value)),
        digital: inn.digital,
        initiator: inn.initiator.as_ref().map(|x| labels.term(&v.initiators, &x.value)),
        affairs: inn
            .affairs
            .iter()
            .map(|a| m.affair(&a.value).map_or(a.value.clone(), |t| context::pick(model.lang, &t.label, t.label_en.as_deref()).to_string()))
            .collect(),
        agency: inn.agency.clone(),
        trial_date: inn.trial_date.map(|d| d.to_string()),
        launch_date: inn.launch_date.map(|d| d.to_string()),
        tags: inn.tags.iter().map(|t| t.value.clone()).collect(),
        max: m.indicators_at(crate::methodology::Level::Innovation).map(|x| m.indicators[x].max).sum(),
        contribution: if score.counted { score.score / region_score.divisor } else { 0.0 },
        body_html: markdown::to_html(&inn.body, 1),
        innovation: card,
    };
    tera::Context::from_serialize(&view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(format_number(1234.5, 2, Lang::Id), "1.234,50");
        assert_eq!(format_number(1234.5, 2, Lang::En), "1,234.50");
        assert_eq!(format_number(57.644, 2, Lang::Id), "57,64");
        assert_eq!(format_number(-0.001, 2, Lang::En), "0.00");
        assert_eq!(format_number(100.0, 0, Lang::Id), "100");
    }
}
