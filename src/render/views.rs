//! View-model builders of the listing pages: home, rankings, explore (taxonomies),
//! term listings, data quality and open data. Region and innovation pages are in
//! `detail.rs`. Each builder borrows the per-build [`Model`] and [`Shared`] values and
//! returns the Tera context of one page; `docs/theme.md` lists every field.

use super::charts::{self, Bar};
use super::context::{self, InnovationCard, Labels, PageView, RegionCard};
use super::model::{Model, Shared};
use super::pages::{self, page_view, Page};
use super::taxonomy::{self, Taxonomy, Term, PER_PAGE};
use super::{detail, Input};
use crate::diagnostics::Lang;
use serde::Serialize;

/// What every builder gets.
pub struct Ctx<'a> {
    pub input: &'a Input<'a>,
    pub shared: &'a Shared,
    pub model: &'a Model,
    pub lang: Lang,
    /// The theme's interface strings of `lang` (`t` in templates).
    pub strings: &'a serde_json::Value,
    /// Indicator row texts and heads of `lang`.
    pub rows: &'a context::Rows,
}

/// The words for verified, unverified and missing answers in `strings` (`t`).
pub fn status_labels(strings: &serde_json::Value) -> [&str; 3] {
    let word = |key: &str| strings[key].as_str().unwrap_or_default();
    [
        word("status_verified"),
        word("status_unverified"),
        word("status_missing"),
    ]
}

impl<'a> Ctx<'a> {
    pub fn labels(&self) -> Labels<'_> {
        Labels {
            lang: self.lang,
            m: self.input.methodology,
        }
    }

    /// The words for verified, unverified and missing answers.
    pub fn status_labels(&self) -> [&'a str; 3] {
        status_labels(self.strings)
    }

    /// An interface string (top-level key of the theme's i18n file), or the key itself.
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(key)
            .to_string()
    }

    pub fn page(
        &self,
        page: Page,
        kind: &'static str,
        title: String,
        description: String,
    ) -> PageView {
        page_view(self.input, self.lang, page, kind, title, description)
    }

    /// The href of a page in this language, relative to the language root.
    pub fn link(&self, page: Page) -> String {
        pages::page_dir(self.input, page)
    }
}

/// The template and context of an HTML page.
pub fn build(ctx: &Ctx<'_>, page: Page) -> (&'static str, tera::TeraResult<tera::Context>) {
    match page {
        Page::Home => ("home.html", home(ctx)),
        Page::Rankings => ("rankings.html", rankings(ctx)),
        Page::Region(r) => ("region.html", detail::region(ctx, r)),
        Page::Innovation(r, i) => ("innovation.html", detail::innovation(ctx, r, i)),
        Page::Explore => ("explore.html", explore(ctx)),
        Page::Term(term, n) => ("term.html", term_page(ctx, term, n)),
        Page::DataQuality => ("quality.html", super::quality::overview(ctx)),
        Page::RegionQuality(r) => ("region_quality.html", super::quality::region(ctx, r)),
        Page::OpenData => ("open_data.html", open_data(ctx)),
        Page::Methodology => ("methodology.html", super::methodology::page(ctx)),
        _ => ("404.html", not_found(ctx)),
    }
}

/// A link to a term page with its count.
#[derive(Serialize)]
pub struct TermLink {
    pub label: String,
    /// Relative to `page.home`.
    pub path: String,
    pub count: usize,
    /// Set for the digital taxonomy: the template labels it with `t.digital_yes/no`.
    pub digital: Option<bool>,
}

impl TermLink {
    pub fn new(ctx: &Ctx<'_>, term: Term, count: usize) -> TermLink {
        TermLink {
            label: term.label(ctx.input, ctx.lang),
            path: ctx.link(Page::Term(term, 1)),
            count,
            digital: match term {
                Term::Digital(d) => Some(d),
                _ => None,
            },
        }
    }
}

#[derive(Serialize)]
struct HomeView<'a> {
    page: PageView,
    regions: usize,
    innovations: usize,
    assessable: usize,
    /// Up to six regions, highest IID first.
    featured: Vec<&'a RegionCard>,
    /// Says which regions `featured` are (`t.glance_top`) when they are not all.
    featured_note: Option<String>,
    /// Regions per predicate band.
    distribution: Vec<Bar>,
    top_innovations: Vec<&'a InnovationCard>,
    latest_innovations: Vec<&'a InnovationCard>,
    /// The most used government affairs.
    affairs: Vec<TermLink>,
}

fn home(ctx: &Ctx<'_>) -> tera::TeraResult<tera::Context> {
    let input = ctx.input;
    let cards = &ctx.model.cards;
    let mut featured: Vec<&RegionCard> = cards.iter().collect();
    featured.sort_by(|a, b| b.iid.total_cmp(&a.iid).then_with(|| a.name.cmp(&b.name)));
    featured.truncate(6);
    let all = || ctx.model.innovations.iter().flat_map(|c| c.iter());
    let top = first_k(all(), 6, |a, b| b.score.total_cmp(&a.score));
    let dated = all().filter(|c| c.launch_date.is_some());
    let latest = first_k(dated, 6, |a, b| b.launch_date.cmp(&a.launch_date));
    let mut affairs: Vec<TermLink> = ctx
        .shared
        .index
        .of(Taxonomy::Affair)
        .map(|(_, (t, ids))| TermLink::new(ctx, *t, ids.len()))
        .collect();
    affairs.sort_by(|a, b| b.count.cmp(&a.count));
    affairs.truncate(8);
    let view = HomeView {
        page: ctx.page(
            Page::Home,
            "home",
            input.config.title.clone(),
            input.config.description(ctx.lang).to_string(),
        ),
        regions: cards.len(),
        featured_note: (featured.len() < cards.len()).then(|| {
            let count = |n: usize| pages::format_number(n as f64, 0, ctx.lang);
            ctx.t("glance_top")
                .replace("{shown}", &count(featured.len()))
                .replace("{total}", &count(cards.len()))
        }),
        innovations: ctx.model.innovations.iter().map(|c| c.len()).sum(),
        assessable: cards.iter().filter(|c| c.assessable).count(),
        featured,
        distribution: distribution(ctx),
        top_innovations: top,
        latest_innovations: latest,
        affairs,
    };
    tera::Context::from_serialize(&view)
}

/// The first `k` of `items` in the order a stable sort by `cmp` gives, without sorting
/// them all (home and feed show a few of up to 33,000 innovations).
pub fn first_k<T>(
    items: impl IntoIterator<Item = T>,
    k: usize,
    cmp: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    let mut best: Vec<T> = Vec::with_capacity(k + 1);
    for item in items {
        // Most items do not precede the last kept one: one comparison, not a search.
        if best.len() == k && best.last().is_some_and(|last| cmp(last, &item).is_le()) {
            continue;
        }
        // After the kept items it does not precede (equal ones keep their order).
        let at = best.partition_point(|kept| cmp(kept, &item).is_le());
        if at < k {
            best.insert(at, item);
            best.truncate(k);
        }
    }
    best
}

/// One bar per predicate band: how many regions are in it.
fn distribution(ctx: &Ctx<'_>) -> Vec<Bar> {
    let labels = ctx.labels();
    let bands = ctx.input.methodology.doc.predicates.len();
    let mut counts = vec![0usize; bands];
    for score in &ctx.input.scores.regions {
        if let Some(c) = counts.get_mut(score.predicate) {
            *c += 1;
        }
    }
    let total = ctx.input.scores.regions.len().max(1) as f64;
    counts
        .iter()
        .enumerate()
        .map(|(band, &n)| {
            charts::bar(
                labels.predicate(band),
                n as f64,
                total,
                total,
                &format!("band-{band}"),
            )
        })
        .collect()
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
    /// A [`RegionCard`].
    region: &'a tera::Value,
}

#[derive(Serialize)]
struct PredicateOption {
    label: String,
    class: String,
}

#[derive(Serialize)]
struct RankingsView<'a> {
    page: PageView,
    clusters: Vec<ClusterTable<'a>>,
    /// IID 0: not assessable, not ranked ([`RegionCard`]s).
    not_assessable: Vec<&'a tera::Value>,
    /// The basic-services rule failed, so the innovation-count score is 0.
    not_eligible: Vec<&'a tera::Value>,
    basic_services_min: Option<u32>,
    predicates: Vec<PredicateOption>,
}

fn rankings(ctx: &Ctx<'_>) -> tera::TeraResult<tera::Context> {
    let labels = ctx.labels();
    let cards = &ctx.model.cards;
    let clusters = ctx
        .shared
        .clusters
        .iter()
        .map(|(id, regions)| ClusterTable {
            id: id.clone(),
            label: labels.cluster(id),
            rows: regions
                .iter()
                .map(|&r| RankedRow {
                    rank: ctx.input.scores.regions[r]
                        .rank
                        .get(id)
                        .copied()
                        .unwrap_or(0),
                    region: ctx.model.region_value(r),
                })
                .collect(),
        })
        .collect();
    let listed = |which: &dyn Fn(&RegionCard) -> bool| {
        let r = (0..cards.len()).filter(|&r| which(&cards[r]));
        r.map(|r| ctx.model.region_value(r)).collect()
    };
    let m = ctx.input.methodology;
    let view = RankingsView {
        page: ctx.page(
            Page::Rankings,
            "rankings",
            ctx.t("rankings_title"),
            ctx.t("rankings_lead"),
        ),
        clusters,
        not_assessable: listed(&|c| !c.assessable),
        not_eligible: listed(&|c| !c.eligible && c.assessable),
        basic_services_min: m
            .doc
            .innovation_count
            .as_ref()
            .and_then(|c| c.basic_services_min),
        predicates: (0..m.doc.predicates.len())
            .map(|b| PredicateOption {
                label: labels.predicate(b),
                class: format!("band-{b}"),
            })
            .collect(),
    };
    tera::Context::from_serialize(&view)
}

#[derive(Serialize)]
struct TaxonomyView {
    id: &'static str,
    terms: Vec<TermLink>,
}

#[derive(Serialize)]
struct ExploreView {
    page: PageView,
    taxonomies: Vec<TaxonomyView>,
}

fn explore(ctx: &Ctx<'_>) -> tera::TeraResult<tera::Context> {
    let taxonomies = Taxonomy::ALL
        .iter()
        .map(|&tax| TaxonomyView {
            id: tax.id(),
            terms: ctx
                .shared
                .index
                .of(tax)
                .map(|(_, (t, ids))| TermLink::new(ctx, *t, ids.len()))
                .collect(),
        })
        .filter(|t| !t.terms.is_empty())
        .collect();
    let view = ExploreView {
        page: ctx.page(
            Page::Explore,
            "explore",
            ctx.t("explore_title"),
            ctx.t("explore_lead"),
        ),
        taxonomies,
    };
    tera::Context::from_serialize(&view)
}

#[derive(Serialize)]
struct Pager {
    current: u32,
    total: u32,
    /// Relative to `page.home`.
    prev: Option<String>,
    next: Option<String>,
}

#[derive(Serialize)]
struct TermView<'a> {
    page: PageView,
    taxonomy: &'static str,
    term: TermLink,
    innovations: Vec<&'a tera::Value>,
    pager: Pager,
    /// Other terms of the same taxonomy (not for tags, which can be many).
    siblings: Vec<TermLink>,
}

fn term_page(ctx: &Ctx<'_>, term: Term, n: u32) -> tera::TeraResult<tera::Context> {
    let index = &ctx.shared.index;
    let ids: &[u32] = index.position(term).map_or(&[], |p| &index.terms[p].1);
    let total = taxonomy::page_count(ids.len());
    let start = (n.saturating_sub(1) as usize * PER_PAGE).min(ids.len());
    let end = (start + PER_PAGE).min(ids.len());
    let link = TermLink::new(ctx, term, ids.len());
    let siblings = if term.taxonomy() == Taxonomy::Tag {
        Vec::new()
    } else {
        index
            .of(term.taxonomy())
            .map(|(_, (t, ids))| TermLink::new(ctx, *t, ids.len()))
            .collect()
    };
    let view = TermView {
        page: ctx.page(
            Page::Term(term, n),
            "term",
            term_title(ctx, &shown_label(ctx, &link), n),
            term_description(ctx, term, &link),
        ),
        taxonomy: term.taxonomy().id(),
        innovations: ids[start..end]
            .iter()
            .map(|&id| ctx.model.card_value(&ctx.shared.flat, id))
            .collect(),
        pager: Pager {
            current: n,
            total,
            prev: (n > 1).then(|| ctx.link(Page::Term(term, n - 1))),
            next: (n < total).then(|| ctx.link(Page::Term(term, n + 1))),
        },
        term: link,
        siblings,
    };
    tera::Context::from_serialize(&view)
}

/// A term listing's title: its label, and the page number after the first page (so
/// that every page of a listing has its own title).
fn term_title(ctx: &Ctx<'_>, label: &str, n: u32) -> String {
    if n > 1 {
        format!("{label} · {} {n}", ctx.t("page_label"))
    } else {
        label.to_string()
    }
}

/// A term's label as term_label.html shows it (digital terms are labelled from the
/// interface strings).
fn shown_label(ctx: &Ctx<'_>, link: &TermLink) -> String {
    match link.digital {
        Some(true) => ctx.t("digital_yes"),
        Some(false) => ctx.t("digital_no"),
        None => link.label.clone(),
    }
}

/// A term listing's description (`t.term_description` with its taxonomy, label and
/// count filled in).
fn term_description(ctx: &Ctx<'_>, term: Term, link: &TermLink) -> String {
    let taxonomy = ctx.strings["taxonomy"][term.taxonomy().id()]
        .as_str()
        .unwrap_or_default();
    ctx.t("term_description")
        .replace("{taxonomy}", taxonomy)
        .replace("{label}", &shown_label(ctx, link))
        .replace(
            "{count}",
            &pages::format_number(link.count as f64, 0, ctx.lang),
        )
}

#[derive(Serialize)]
struct DataFile {
    /// Relative to `page.root`.
    path: &'static str,
    /// File name without folder, the key of its description in `t.files`.
    name: &'static str,
    format: &'static str,
    bytes: usize,
}

#[derive(Serialize)]
struct OpenDataView {
    page: PageView,
    files: Vec<DataFile>,
}

fn open_data(ctx: &Ctx<'_>) -> tera::TeraResult<tera::Context> {
    let files = ctx
        .shared
        .export_sizes
        .iter()
        .map(|&(path, bytes)| {
            let name = path.rsplit('/').next().unwrap_or(path);
            DataFile {
                path,
                name,
                format: name.rsplit('.').next().unwrap_or(""),
                bytes,
            }
        })
        .collect();
    let view = OpenDataView {
        page: ctx.page(
            Page::OpenData,
            "open-data",
            ctx.t("open_data_title"),
            ctx.t("open_data_lead"),
        ),
        files,
    };
    tera::Context::from_serialize(&view)
}

#[derive(Serialize)]
struct NotFoundView {
    page: PageView,
}

fn not_found(ctx: &Ctx<'_>) -> tera::TeraResult<tera::Context> {
    tera::Context::from_serialize(&NotFoundView {
        page: ctx.page(
            Page::NotFound,
            "not-found",
            ctx.t("not_found_title"),
            String::new(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::first_k;

    #[test]
    fn first_k_is_the_head_of_a_stable_sort() {
        // (key, original position): many ties, so stability matters.
        let items: Vec<(u32, usize)> = (0..500).map(|i| ((i * 7919 % 13) as u32, i)).collect();
        for k in [0, 1, 6, 50, 499, 500, 600] {
            let mut sorted = items.clone();
            sorted.sort_by(|a, b| b.0.cmp(&a.0));
            sorted.truncate(k);
            let picked = first_k(items.iter().copied(), k, |a, b| b.0.cmp(&a.0));
            assert_eq!(picked, sorted, "k = {k}");
        }
    }
}
