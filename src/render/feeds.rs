//! Machine-read files: `sitemap.xml` (split into parts of at most 50,000 URLs, as the
//! protocol requires), `robots.txt`, the Atom feed's context (the markup is the
//! theme's `atom.xml`) and the static search index read by `site.js`.
//!
//! The search index is compact JSON: `regions` as `[name, path, kind]`, `taxonomies`
//! as `[id, name]`, `terms` as `[label, path, count, taxonomy]`, `items` (innovations)
//! as `[title, path, region, [terms]]`, with indices into the other lists; paths are
//! relative to the language root.
//! Nothing here reads the clock: feed dates come from launch dates.

use super::context::InnovationCard;
use super::model::{Model, SearchItems, Shared};
use super::pages::{self, Page};
use super::taxonomy::Taxonomy;
use super::views::{first_k, Ctx};
use super::Input;
use crate::diagnostics::Lang;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;

/// URLs per sitemap file (the protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// Entries in the Atom feed.
pub const FEED_ENTRIES: usize = 50;

/// Number of sitemap part files for `urls` URLs: 0 when one `sitemap.xml` holds them.
pub fn sitemap_parts(urls: usize) -> u32 {
    if urls <= SITEMAP_LIMIT {
        0
    } else {
        urls.div_ceil(SITEMAP_LIMIT) as u32
    }
}

/// `sitemap.xml` (n = 0: the URL set, or an index of the parts) or part n.
pub fn sitemap(input: &Input<'_>, jobs: &[(Lang, Page)], n: u32) -> Vec<u8> {
    let urls: Vec<String> = jobs
        .iter()
        .filter(|(_, p)| p.is_html())
        .map(|&(lang, p)| pages::url(input, lang, p))
        .collect();
    let parts = sitemap_parts(urls.len());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if parts > 0 && n == 0 {
        out.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for k in 1..=parts {
            out.push_str(&format!(
                "<sitemap><loc>{}sitemap-{k}.xml</loc></sitemap>\n",
                xml(&input.config.base_url)
            ));
        }
        out.push_str("</sitemapindex>\n");
        return out.into_bytes();
    }
    let chunk = if parts == 0 {
        &urls[..]
    } else {
        urls.chunks(SITEMAP_LIMIT)
            .nth(n as usize - 1)
            .unwrap_or(&[])
    };
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in chunk {
        out.push_str(&format!("<url><loc>{}</loc></url>\n", xml(url)));
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `robots.txt`: everything allowed; the sitemap named when `base_url` is absolute.
pub fn robots(input: &Input<'_>) -> Vec<u8> {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if input.config.base_url.starts_with("http") {
        out.push_str(&format!("Sitemap: {}sitemap.xml\n", input.config.base_url));
    }
    out.into_bytes()
}

#[derive(Serialize)]
struct Entry<'a> {
    card: &'a InnovationCard,
    /// Absolute URL.
    url: String,
    /// RFC 3339 timestamp of the launch date.
    updated: String,
}

#[derive(Serialize)]
struct FeedView<'a> {
    /// Absolute URL of the feed itself.
    self_url: String,
    /// Absolute URL of the language's home page.
    home_url: String,
    /// The newest launch date (RFC 3339), or the first day of the site's year.
    updated: String,
    entries: Vec<Entry<'a>>,
}

/// The feed's innovations: the [`FEED_ENTRIES`] latest by launch date (equal dates in
/// corpus order), as (region, innovation) positions.
pub fn latest(model: &Model) -> Vec<(usize, usize)> {
    let cards = model.innovations.iter().enumerate();
    let cards = cards.flat_map(|(r, c)| c.iter().enumerate().map(move |(i, c)| (r, i, c)));
    let dated = cards.filter(|(_, _, c)| c.launch_date.is_some());
    let latest = first_k(dated, FEED_ENTRIES, |a, b| {
        b.2.launch_date.cmp(&a.2.launch_date)
    });
    latest.into_iter().map(|(r, i, _)| (r, i)).collect()
}

/// The Atom feed's context: the newest innovations by launch date ([`latest`]).
pub fn atom(ctx: &Ctx<'_>) -> tera::TeraResult<tera::Context> {
    let stamp = |d: &str| format!("{d}T00:00:00Z");
    let home_url = pages::url(ctx.input, ctx.lang, Page::Home);
    let entries: Vec<Entry<'_>> = latest(ctx.model)
        .into_iter()
        .map(|(r, i)| &ctx.model.innovations[r][i])
        .map(|card| Entry {
            url: format!("{home_url}{}", card.path),
            updated: stamp(card.launch_date.as_deref().unwrap_or_default()),
            card,
        })
        .collect();
    let fallback = format!("{}-01-01", ctx.input.config.year.unwrap_or(2000));
    let view = FeedView {
        self_url: format!("{home_url}feed.xml"),
        updated: entries
            .first()
            .map_or_else(|| stamp(&fallback), |e| e.updated.clone()),
        home_url,
        entries,
    };
    tera::Context::from_serialize(&view)
}

/// The search index of one language. Its items (one per innovation, 3.7 MB at national
/// scale; as one serde document ~28 ms of one core) are written per region, in
/// parallel, and kept between `serve` rebuilds ([`region_items`]).
pub fn search_index(ctx: &Ctx<'_>) -> Vec<u8> {
    let regions = ctx.model.cards.iter();
    let regions = regions.map(|c| (c.name.as_str(), c.path.as_str(), c.kind_label.as_str()));
    let terms = ctx.shared.index.terms.iter().map(|(t, ids)| {
        let label = match t {
            super::taxonomy::Term::Digital(true) => ctx.t("digital_yes"),
            super::taxonomy::Term::Digital(false) => ctx.t("digital_no"),
            _ => t.label(ctx.input, ctx.lang),
        };
        let taxonomy = t.taxonomy() as usize;
        (label, ctx.link(Page::Term(*t, 1)), ids.len(), taxonomy)
    });
    // Named so the results can say which taxonomy a term is of ("Urusan: Kesehatan").
    let taxonomies = Taxonomy::ALL.map(|t| {
        let name = ctx.strings["taxonomy"][t.id()].as_str().unwrap_or(t.id());
        (t.id(), name)
    });
    let items: Vec<_> = (0..ctx.model.innovations.len())
        .into_par_iter()
        .map(|r| region_items(ctx.model, ctx.shared, r))
        .collect();
    // Sized up front: growing a national index by doubling faults in fresh memory.
    let size = items.iter().map(|i| i.json.len() + 1).sum::<usize>() + 64 * 1024;
    let mut out = Vec::with_capacity(size);
    // The fields in alphabetical order, as the index has always had them.
    out.extend_from_slice(b"{\"items\":[");
    for (k, items) in items.iter().filter(|i| !i.json.is_empty()).enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.extend_from_slice(&items.json);
    }
    out.extend_from_slice(b"],\"regions\":");
    let _ = serde_json::to_writer(&mut out, &regions.collect::<Vec<_>>());
    out.extend_from_slice(b",\"taxonomies\":");
    let _ = serde_json::to_writer(&mut out, &taxonomies);
    out.extend_from_slice(b",\"terms\":");
    let _ = serde_json::to_writer(&mut out, &terms.collect::<Vec<_>>());
    out.extend_from_slice(b",\"v\":2}\n");
    out
}

/// Region `r`'s items of the search index (title, path, region, affair and tag terms
/// of each innovation), made once per region parts and place (see
/// [`Model::search_items`]); their digest is in the index's fingerprint.
pub fn region_items(model: &Model, shared: &Shared, r: usize) -> Arc<SearchItems> {
    model.search_items(r, shared.browse_key, || {
        let mut out = Vec::new();
        for (i, card) in model.innovations[r].iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let related = shared.index.related[shared.flat.id(r, i) as usize].as_slice();
            // Writing into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, &(&card.title, &card.path, r, related));
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_split_only_above_the_protocol_limit() {
        assert_eq!(sitemap_parts(10), 0);
        assert_eq!(sitemap_parts(SITEMAP_LIMIT), 0);
        assert_eq!(sitemap_parts(SITEMAP_LIMIT + 1), 2);
        assert_eq!(sitemap_parts(3 * SITEMAP_LIMIT), 3);
    }
}
