//! The site's pages: which exist ([`all`]), where each is written ([`output_path`]),
//! the template engine of a language ([`engine`]) and the dispatch from a page to its
//! view-model builder and template ([`render`]).
//!
//! Invariants: every page's bytes depend only on the inputs (no clock, no hash-map
//! order), so builds are reproducible; links are relative (`page.root`,
//! `page.home`) except canonical/OpenGraph/feed/sitemap URLs, which use `base_url`.

use super::context::{self, Alternate, PageView, SiteView};
pub use super::model::{Model, Models};
use super::taxonomy::{self, Index, Term};
use super::{feeds, theme, views, Input, RenderError, Theme};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Lang};
use crate::methodology::Methodology;

/// A page of the site (in some language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Home,
    /// All rankings, one table per cluster.
    Rankings,
    /// Index into `corpus.regions`.
    Region(usize),
    /// Region index, innovation index within it.
    Innovation(usize, usize),
    /// Every taxonomy with its terms and counts (also the no-JavaScript search page).
    Explore,
    /// One term's innovations; the second value is the listing page, from 1.
    Term(Term, u32),
    /// Missing and unverified answers: the overview by region.
    DataQuality,
    /// Missing and unverified answers of one region.
    RegionQuality(usize),
    /// The open-data downloads.
    OpenData,
    /// How the index is computed: bands, rules, indicators and their points.
    Methodology,
    NotFound,
    /// Atom feed of innovations by launch date.
    Feed,
    /// The static search index read by `site.js`.
    SearchIndex,
    /// `sitemap.xml` (0) or one of its parts (1…) when it needs splitting. Shared by
    /// all languages.
    Sitemap(u32),
    /// `robots.txt`. Shared by all languages.
    Robots,
}

impl Page {
    /// Whether the page is one file for all languages (rendered with the default one).
    pub fn is_shared(self) -> bool {
        matches!(self, Page::Sitemap(_) | Page::Robots)
    }

    /// Whether the page is an HTML page (listed in the sitemap).
    pub fn is_html(self) -> bool {
        !matches!(
            self,
            Page::Feed | Page::SearchIndex | Page::Sitemap(_) | Page::Robots | Page::NotFound
        )
    }
}

/// Region slugs that would collide with the site's own folders.
pub const RESERVED_SLUGS: &[&str] = &[
    "assets",
    "data",
    "en",
    "id",
    "peringkat",
    "jelajahi",
    "kualitas-data",
    "urusan",
    "tahapan",
    "bentuk",
    "jenis",
    "inisiator",
    "label",
    "metodologi",
];

/// Every page of one language, in a stable order (shared pages included; see
/// [`jobs`] for the pages of a whole build). `index` is the build's.
pub fn all(input: &Input<'_>, index: &Index) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Rankings,
        Page::Explore,
        Page::DataQuality,
        Page::OpenData,
        Page::Methodology,
        Page::NotFound,
    ];
    for (r, region) in input.corpus.regions.iter().enumerate() {
        pages.push(Page::Region(r));
        pages.push(Page::RegionQuality(r));
        pages.extend((0..region.innovations.len()).map(|i| Page::Innovation(r, i)));
    }
    for (term, ids) in &index.terms {
        pages.extend((1..=taxonomy::page_count(ids.len())).map(|n| Page::Term(*term, n)));
    }
    pages.extend([Page::Feed, Page::SearchIndex, Page::Robots]);
    let urls = pages.iter().filter(|p| p.is_html()).count() * input.config.languages.len();
    pages.extend((0..=feeds::sitemap_parts(urls)).map(Page::Sitemap));
    pages
}

/// Every (language, page) of a build: each page in each language, shared pages once.
pub fn jobs(input: &Input<'_>, index: &Index) -> Vec<(Lang, Page)> {
    let pages = all(input, index);
    let default = input.config.language;
    input
        .config
        .languages
        .iter()
        .flat_map(|&lang| {
            pages
                .iter()
                .filter(move |p| lang == default || !p.is_shared())
                .map(move |&p| (lang, p))
        })
        .collect()
}

/// The language's folder prefix: "" for the default language, "en/" for others.
pub fn lang_prefix(config: &SiteConfig, lang: Lang) -> String {
    if lang == config.language {
        String::new()
    } else {
        format!("{}/", lang.code())
    }
}

/// The page's folder relative to its language root ("" for home), percent-encoded.
pub fn page_dir(input: &Input<'_>, page: Page) -> String {
    use super::context::encode_path as enc;
    let regions = &input.corpus.regions;
    match page {
        Page::Region(r) => format!("{}/", enc(&regions[r].slug)),
        Page::Innovation(r, i) => format!(
            "{}/{}/",
            enc(&regions[r].slug),
            enc(&regions[r].innovations[i].slug)
        ),
        Page::Rankings => "peringkat/".into(),
        Page::Explore => "jelajahi/".into(),
        Page::Term(term, n) => term_dir(input, term, n),
        Page::DataQuality => "kualitas-data/".into(),
        Page::RegionQuality(r) => format!("kualitas-data/{}/", enc(&regions[r].slug)),
        Page::OpenData => "data/".into(),
        Page::Methodology => "metodologi/".into(),
        _ => String::new(),
    }
}

/// A term listing's folder: `urusan/kesehatan/`, its second page `urusan/kesehatan/2/`.
pub fn term_dir(input: &Input<'_>, term: Term, n: u32) -> String {
    let base = format!(
        "{}/{}/",
        term.taxonomy().segment(),
        super::context::encode_path(term.slug(input))
    );
    if n > 1 {
        format!("{base}{n}/")
    } else {
        base
    }
}

/// Where the page is written, relative to the output folder.
pub fn output_path(input: &Input<'_>, lang: Lang, page: Page) -> String {
    let prefix = lang_prefix(input.config, lang);
    match page {
        Page::NotFound => format!("{prefix}404.html"),
        Page::Feed => format!("{prefix}feed.xml"),
        Page::SearchIndex => format!("{prefix}search-index.json"),
        Page::Sitemap(0) => "sitemap.xml".into(),
        Page::Sitemap(n) => format!("sitemap-{n}.xml"),
        Page::Robots => "robots.txt".into(),
        _ => format!("{prefix}{}index.html", page_dir(input, page)),
    }
}

/// The absolute URL of an HTML page.
pub fn url(input: &Input<'_>, lang: Lang, page: Page) -> String {
    format!(
        "{}{}{}",
        input.config.base_url,
        lang_prefix(input.config, lang),
        page_dir(input, page)
    )
}

/// Compiles the theme for one language: templates, its strings as `t`, `site`, `lang`
/// and the number filter.
pub fn engine(
    theme: &Theme,
    config: &SiteConfig,
    m: &Methodology,
    lang: Lang,
) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter(
        "num",
        move |x: f64, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let decimals = kwargs.get::<i64>("d")?.unwrap_or(2).clamp(0, 6) as usize;
            Ok(format_number(x, decimals, lang))
        },
    );
    let strings = theme.strings.get(&lang).cloned().unwrap_or_default();
    let fold = !theme
        .templates
        .values()
        .any(|source| rebinds_strings(source));
    let templates: Vec<(&str, std::borrow::Cow<'_, str>)> = theme
        .templates
        .iter()
        .map(|(name, source)| {
            let escaped = name.ends_with(".html") || name.ends_with(".xml");
            let source = if fold {
                fold_strings(source, &strings, escaped)
            } else {
                source.into()
            };
            (name.as_str(), source)
        })
        .collect();
    tera.add_raw_templates(templates.iter().map(|(name, source)| (*name, &**source)))
        .map_err(|e| theme::template_error("templates", &error_chain(&e)))?;
    let site = SiteView {
        title: config.title.clone(),
        description: config.description(lang).to_string(),
        base_url: config.base_url.clone(),
        year: config.year,
        notice: config.notice(lang).map(str::to_string),
        methodology_id: m.doc.id.clone(),
        methodology_name: m.doc.name.clone(),
        lang: lang.code(),
        content_lang: (lang != config.language).then(|| config.language.code()),
        locale: match lang {
            Lang::Id => "id_ID",
            Lang::En => "en_US",
        },
    };
    let global = tera.global_context();
    global.insert("t", &strings);
    global.insert("site", &site);
    global.insert("lang", lang.code());
    Ok(tera)
}

/// `source` with each `{{ t.key }}` (or `{{ t.group.key }}`) whose string is known
/// replaced by that string, escaped as the engine would print it: the interface strings
/// are constants of a language's engine, and looking them up was a tenth of rendering
/// an innovation page. Anything else is left for the engine, unchanged: other forms
/// (filters, `t[...]`, whitespace control), keys it does not know (so its error stays
/// the same), strings with template syntax or line breaks, and `{% raw %}` templates.
fn fold_strings<'a>(
    source: &'a str,
    strings: &serde_json::Value,
    escaped: bool,
) -> std::borrow::Cow<'a, str> {
    const OPEN: &str = "{{ t.";
    if !source.contains(OPEN) || source.contains("{% raw") || source.contains("{%- raw") {
        return source.into();
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let path_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
            .count();
        let (path, tail) = after.split_at(path_len);
        let text = tail
            .strip_prefix(" }}")
            .and(path.split('.').try_fold(strings, |v, key| v.get(key)))
            .and_then(serde_json::Value::as_str)
            .filter(|t| !["{{", "{%", "{#", "\n"].iter().any(|s| t.contains(s)));
        out.push_str(&rest[..at]);
        match text {
            Some(text) => {
                if escaped {
                    out.push_str(&escaped_text(text));
                } else {
                    out.push_str(text);
                }
                rest = &tail[" }}".len()..];
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// Whether a template's tags may bind `t` to something else (`set t`, a loop or
/// macro variable named `t`): then no template's strings are folded.
fn rebinds_strings(source: &str) -> bool {
    source.split("{%").skip(1).any(|tag| {
        let tag = tag.split("%}").next().unwrap_or_default();
        let bytes = tag.as_bytes();
        tag.match_indices('t').any(|(i, _)| {
            let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            let before = i.checked_sub(1).and_then(|j| bytes.get(j));
            let after = bytes.get(i + 1);
            !word(before) && !word(after) && !matches!(after, Some(b'.') | Some(b'['))
        })
    })
}

/// `text` as [`escape_html`] writes it.
pub fn escaped_text(text: &str) -> String {
    let mut html = Vec::with_capacity(text.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = escape_html(text, &mut html);
    String::from_utf8_lossy(&html).into_owned()
}

/// Escapes `&<>"'` exactly as Tera's own escape function, faster for the usual case
/// of text with none of them: one branch-free (vectorized) pass, then one write.
/// Tera's went through two writer adapters per call, and a page makes ~250 calls.
pub fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let special = |b: u8| b == b'&' || b == b'<' || b == b'>' || b == b'"' || b == b'\'';
    if !text.bytes().fold(false, |any, b| any | special(b)) {
        return out.write_all(text.as_bytes());
    }
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let replacement: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&text.as_bytes()[start..i])?;
        out.write_all(replacement)?;
        start = i + 1;
    }
    out.write_all(&text.as_bytes()[start..])
}

/// Tera's error with its causes (the line of the template is in a cause).
pub fn error_chain(err: &dyn std::error::Error) -> String {
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
        Lang::Id => (b'.', b','),
        Lang::En => (b',', b'.'),
    };
    let digits = fixed_digits(x.abs(), decimals);
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let negative = x < 0.0 && digits.bytes().any(|b| (b'1'..=b'9').contains(&b));
    let mut out = Vec::with_capacity(digits.len() + int.len() / 3 + 1);
    if negative {
        out.push(b'-');
    }
    for (i, b) in int.bytes().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(b);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.extend_from_slice(frac.as_bytes());
    }
    // Only ASCII digits, signs and separators were written.
    String::from_utf8(out).unwrap_or_default()
}

/// `x` (not negative) with `decimals` digits after the point, rounded exactly as
/// `format!("{:.*}")` rounds. That formatter's exact mode falls back to big-number
/// arithmetic for many values and was a quarter of a page's render time; scaling to an
/// integer gives the same digits whenever the scaled value is small and not within
/// 10⁻⁶ of a tie (the float error of the scaling is below 2·10⁻⁷ there).
fn fixed_digits(x: f64, decimals: usize) -> String {
    let scaled = x * 10f64.powi(decimals as i32);
    let tie_distance = (scaled.fract() - 0.5).abs();
    if !(scaled < 1e9 && tie_distance > 1e-6) {
        return format!("{x:.decimals$}");
    }
    // Digits from the right, with the point after `decimals` of them.
    let (mut n, mut written) = (scaled.round() as u64, 0);
    let mut buf = [0u8; 32];
    let mut at = buf.len();
    while n > 0 || written <= decimals {
        if written == decimals && decimals > 0 {
            at -= 1;
            buf[at] = b'.';
        }
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        written += 1;
    }
    String::from_utf8_lossy(&buf[at..]).into_owned()
}

/// The `page` value of a page's context: title, links to the roots, canonical URL,
/// alternates.
pub fn page_view(
    input: &Input<'_>,
    lang: Lang,
    page: Page,
    kind: &'static str,
    title: String,
    description: String,
) -> PageView {
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
            url: url(input, l, page),
            current: l == lang,
        })
        .collect();
    PageView {
        kind,
        title,
        description,
        canonical: (page != Page::NotFound).then(|| url(input, lang, page)),
        root,
        home,
        alternates,
        og_type: "website",
        jsonld: None,
    }
}

/// Renders one page in one language.
pub fn render(
    engine: &tera::Tera,
    strings: &serde_json::Value,
    rows: &context::Rows,
    input: &Input<'_>,
    models: &Models,
    lang: Lang,
    page: Page,
) -> Result<Vec<u8>, RenderError> {
    let ctx = views::Ctx {
        input,
        shared: &models.shared,
        model: models.get(lang),
        lang,
        strings,
        rows,
    };
    let (template, context) = match page {
        Page::SearchIndex => return Ok(feeds::search_index(&ctx)),
        Page::Sitemap(n) => return Ok(feeds::sitemap(input, models.shared.jobs(input), n)),
        Page::Robots => return Ok(feeds::robots(input)),
        Page::Feed => ("atom.xml", feeds::atom(&ctx)),
        _ => views::build(&ctx, page),
    };
    let fail = |e: &dyn std::error::Error| {
        RenderError::Template(theme::template_error(template, &error_chain(e)))
    };
    let context = context.map_err(|e| fail(&e))?;
    let mut out = Vec::with_capacity(16 * 1024);
    engine
        .render_to(template, &context, &mut out)
        .map_err(|e| fail(&e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_teras_own() {
        let texts = [
            "",
            "plain text, no specials at all, longer than sixteen bytes",
            "a & b < c > d \" e ' f",
            "&&<<>>\"\"''",
            "Sosialisasi & Publikasi: “kutipan” — é ü 日本 <script>alert('x')</script>",
            "'",
            "ends with &",
        ];
        for text in texts {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(text, &mut ours).expect("into a Vec");
            tera::escape_html(text, &mut teras).expect("into a Vec");
            assert_eq!(ours, teras, "{text}");
        }
    }

    /// Renders `source` as template `name` with `strings` as `t`.
    fn render_with_strings(name: &str, source: &str, strings: &serde_json::Value) -> String {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_template(name, source)
            .expect("template compiles");
        tera.global_context().insert("t", strings);
        let ctx = tera::Context::new();
        tera.render(name, &ctx).expect("template renders")
    }

    #[test]
    fn folded_strings_render_as_the_engine_would() {
        let strings = serde_json::json!({
            "plain": "Indikator",
            "special": "A & B <i>\"q\"</i> 'x'",
            "gaps": { "title": "Peluang & peningkatan" },
            "syntax": "{{ not a tag }}",
            "number": 3,
        });
        let source = "<p>{{ t.plain }}|{{ t.special }}|{{ t.gaps.title }}|{{ t.syntax }}|\
                      {{ t.number }}|{{ t.plain | upper }}|{{t.plain}}</p>";
        for name in ["page.html", "feed.txt"] {
            let folded = fold_strings(source, &strings, name.ends_with(".html"));
            assert_eq!(
                render_with_strings(name, &folded, &strings),
                render_with_strings(name, source, &strings),
                "{name}"
            );
        }
        let folded = fold_strings(source, &strings, true);
        assert!(
            folded.starts_with("<p>Indikator|A &amp; B &lt;i&gt;"),
            "{folded}"
        );
        for kept in [
            "{{ t.syntax }}",
            "{{ t.number }}",
            "{{ t.plain | upper }}",
            "{{t.plain}}",
        ] {
            assert!(
                folded.contains(kept),
                "{kept} stays for the engine: {folded}"
            );
        }
        let unknown = "{{ t.missing }}";
        assert_eq!(fold_strings(unknown, &strings, true), unknown);
        let raw = "{% raw %}{{ t.plain }}{% endraw %}";
        assert_eq!(fold_strings(raw, &strings, true), raw);
    }

    #[test]
    fn a_template_that_rebinds_t_turns_folding_off() {
        for source in [
            "{% for t in list %}{% endfor %}",
            "{% set t = 1 %}",
            "{%- for k, t in m %}",
        ] {
            assert!(rebinds_strings(source), "{source}");
        }
        let reads = "{% if t.a %}{{ t.b }}{% endif %}{% set list = top %}{{ t.files[f.name] }}";
        assert!(!rebinds_strings(reads));
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(format_number(1234.5, 2, Lang::Id), "1.234,50");
        assert_eq!(format_number(1234.5, 2, Lang::En), "1,234.50");
        assert_eq!(format_number(57.644, 2, Lang::Id), "57,64");
        assert_eq!(format_number(-0.001, 2, Lang::En), "0.00");
        assert_eq!(format_number(100.0, 0, Lang::Id), "100");
        assert_eq!(format_number(0.125, 2, Lang::En), format!("{:.2}", 0.125));
        assert_eq!(format_number(f64::NAN, 2, Lang::En), "NaN");
    }

    #[test]
    fn fixed_digits_round_exactly_as_the_formatter() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            let bits = next();
            let x = match bits % 4 {
                0 => (bits >> 11) as f64 / (1u64 << 53) as f64 * 100.0,
                1 => ((bits >> 20) % 100_000) as f64 / 1000.0,
                2 => ((bits >> 20) % 1_000_000) as f64 / 8.0,
                _ => f64::from_bits(bits >> 2),
            };
            for d in 0..=6 {
                assert_eq!(fixed_digits(x, d), format!("{x:.d$}"), "{x:e} with {d}");
            }
        }
    }
}
