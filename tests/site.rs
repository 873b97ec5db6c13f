//! Checks of the whole built demo site (the portfolio at the repository root), no
//! browser needed: every internal `href`/`src` resolves (fragments included), pages are
//! well-formed HTML with one `<h1>` and unique ids, the English copy mirrors the
//! Indonesian one, and the machine-read files (sitemap, feed, robots, search index,
//! data package) describe what is really there; English pages mark the portfolio's
//! Indonesian texts. Also: editing one innovation's answers changes no other
//! innovation's page.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the portfolio at `root` into `out` with the real binary.
fn build(root: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run lumbung");
    assert!(
        status.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// The demo, built once for all tests of this file.
fn demo() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        build(repo(), &dir.path().join("site"));
        dir
    })
    .path()
    .join("site")
    .leak()
}

/// Every file of the site, relative path → absolute path.
fn files(site: &Path) -> BTreeMap<String, PathBuf> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(site)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/"),
                e.path().to_path_buf(),
            )
        })
        .collect()
}

fn html_pages(site: &Path) -> Vec<(String, String)> {
    files(site)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, path)| (rel, std::fs::read_to_string(path).expect("utf-8 page")))
        .collect()
}

/// Values of `attr="…"` in `html`, entity `&amp;` decoded.
fn attributes<'a>(html: &'a str, attr: &'a str) -> impl Iterator<Item = String> + 'a {
    let needle = format!(" {attr}=\"");
    html.match_indices(needle.clone().leak() as &str)
        .filter_map(move |(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `link`, found in the page at `from` (relative to the site root, served at
/// `/`), to a file of the site and a fragment; None for links that leave the site.
fn resolve(from: &str, link: &str) -> Option<(String, Option<String>)> {
    if link.contains("://")
        || link.starts_with("mailto:")
        || link.starts_with("tel:")
        || link.starts_with("data:")
    {
        return None;
    }
    let (link, fragment) = match link.split_once('#') {
        Some((l, f)) => (l, Some(f.to_string())),
        None => (link, None),
    };
    let link = link.split('?').next().unwrap_or("");
    if link.is_empty() {
        return Some((from.to_string(), fragment));
    }
    let mut parts: Vec<String> = if link.starts_with('/') {
        Vec::new()
    } else {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(percent_decode(s)),
        }
    }
    let path = parts.join("/");
    let path = match (link.ends_with('/'), path.is_empty()) {
        (_, true) => "index.html".to_string(),
        (true, false) => format!("{path}/index.html"),
        (false, false) => path,
    };
    Some((path, fragment))
}

fn ids(html: &str) -> BTreeSet<String> {
    attributes(html, "id").collect()
}

#[test]
fn every_internal_link_and_asset_of_the_demo_resolves() {
    let site = demo();
    let all = files(site);
    let pages: HashMap<String, String> = html_pages(site).into_iter().collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (from, html) in &pages {
        for link in attributes(html, "href").chain(attributes(html, "src")) {
            let Some((target, fragment)) = resolve(from, &link) else {
                continue;
            };
            checked += 1;
            let exists =
                all.contains_key(&target) || all.contains_key(&format!("{target}/index.html"));
            if !exists {
                broken.push(format!("{from}: {link} → {target}"));
            } else if let (Some(f), Some(page)) =
                (fragment.filter(|f| !f.is_empty()), pages.get(&target))
            {
                if !ids(page).contains(&f) {
                    broken.push(format!("{from}: {link} → no id `{f}` in {target}"));
                }
            }
        }
    }
    assert!(checked > 10_000, "only {checked} links checked");
    assert!(
        broken.is_empty(),
        "{} broken links, first: {:#?}",
        broken.len(),
        &broken[..broken.len().min(20)]
    );
}

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Checks that start and end tags nest properly (a well-formedness proxy for valid
/// HTML): returns the first problem.
fn nesting_problem(html: &str) -> Option<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--") {
            rest = &rest[rest.find("-->")? + 3..];
            continue;
        }
        if rest.starts_with('!') {
            continue;
        }
        let end = rest.find('>')?;
        let tag = &rest[..end];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        rest = &rest[end + 1..];
        if name.is_empty() || VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if closing {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Some(format!("</{name}> closes <{}>", other.unwrap_or_default())),
            }
        } else if name == "script" || name == "style" {
            rest = &rest[rest.find(&format!("</{name}>"))? + name.len() + 3..];
        } else {
            stack.push(name);
        }
    }
    (!stack.is_empty()).then(|| format!("unclosed: {stack:?}"))
}

#[test]
fn every_page_is_well_formed_with_one_h1_a_title_a_language_and_unique_ids() {
    for (rel, html) in html_pages(demo()) {
        assert!(html.starts_with("<!doctype html>"), "{rel}: doctype");
        assert!(
            html.contains("<html lang=\"id\">") || html.contains("<html lang=\"en\">"),
            "{rel}: lang"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{rel}: one h1");
        assert!(
            html.contains("<title>") && html.contains("<main id=\"main\""),
            "{rel}: title and main"
        );
        if let Some(problem) = nesting_problem(&html) {
            panic!("{rel}: {problem}");
        }
        let all: Vec<String> = attributes(&html, "id").collect();
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(all.len(), unique.len(), "{rel}: duplicate ids");
    }
}

#[test]
fn links_resolve_like_a_static_host() {
    assert_eq!(
        resolve("a/b/index.html", "../c/"),
        Some(("a/c/index.html".into(), None))
    );
    assert_eq!(
        resolve("index.html", "assets/x.css"),
        Some(("assets/x.css".into(), None))
    );
    assert_eq!(
        resolve("404.html", "/en/#x"),
        Some(("en/index.html".into(), Some("x".into())))
    );
    assert_eq!(
        resolve("a/index.html", "b/SK%20A.pdf"),
        Some(("a/b/SK A.pdf".into(), None))
    );
    assert_eq!(resolve("a/index.html", "https://x.id/"), None);
}

#[test]
fn the_nesting_check_catches_misnested_tags() {
    assert_eq!(
        nesting_problem("<p><a href=x>y</a></p><br><svg><rect/></svg>"),
        None
    );
    assert!(nesting_problem("<p><a>y</p></a>").is_some());
    assert!(nesting_problem("<div><p>x</p>").is_some());
}

#[test]
fn the_english_copy_mirrors_every_indonesian_page() {
    let all = files(demo());
    let missing: Vec<&String> = all
        .keys()
        .filter(|rel| rel.ends_with(".html") && !rel.starts_with("en/"))
        .filter(|rel| !all.contains_key(&format!("en/{rel}")))
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
    let en = std::fs::read_to_string(demo().join("en/index.html")).expect("en home");
    assert!(en.contains("<html lang=\"en\">") && en.contains("hreflang=\"id\""));
}

/// The first element `<tag` in `html` with its attributes (`<h1 lang="id">` → `lang="id"`).
fn open_tag<'a>(html: &'a str, tag: &str) -> &'a str {
    let start = html.find(&format!("<{tag}")).expect("the tag") + tag.len() + 1;
    let end = start + html[start..].find('>').expect("tag end");
    html[start..end].trim()
}

#[test]
fn english_pages_mark_portfolio_content_as_indonesian() {
    let page = |rel: &str| std::fs::read_to_string(demo().join(rel)).expect(rel);
    let innovation = "kabupaten-banjar/ambulans-desa/index.html";
    let (id, en) = (page(innovation), page(&format!("en/{innovation}")));
    // The title, summary and body come from the portfolio, in Indonesian.
    assert_eq!(open_tag(&en, "h1"), "lang=\"id\"");
    assert!(en.contains("<p class=\"lead\" lang=\"id\">"));
    assert!(en.contains("<div class=\"prose\" lang=\"id\">"));
    // The interface around them is English, and Indonesian pages need no marks.
    assert!(en.contains("<html lang=\"en\">"));
    assert_eq!(open_tag(&id, "h1"), "");
    assert!(!id.contains("class=\"prose\" lang="));
    let cards = page("en/urusan/kesehatan/index.html");
    assert!(cards.contains("<h3 lang=\"id\"><a"), "innovation cards");
}

#[test]
fn every_page_has_a_description_its_own_title_and_absolute_alternates() {
    let base = "https://inovasi-kalsel.example.go.id/";
    let title = |html: &str| -> String {
        let after = html.split("<title>").nth(1).expect("a title");
        after
            .split("</title>")
            .next()
            .expect("title end")
            .to_string()
    };
    let mut later_pages = 0;
    for (rel, html) in html_pages(demo()) {
        let not_found = rel.ends_with("404.html");
        // The 404 page is served at any address: no canonical URL, no alternates.
        assert_eq!(
            !not_found,
            html.contains("rel=\"canonical\""),
            "{rel}: canonical"
        );
        assert_eq!(
            !not_found,
            html.contains("property=\"og:url\""),
            "{rel}: og:url"
        );
        if not_found {
            assert!(!html.contains("<link rel=\"alternate\" hreflang"), "{rel}");
            continue;
        }
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{rel}"
        );
        assert!(html.contains("<meta property=\"og:description\""), "{rel}");
        let alternates = html
            .lines()
            .filter(|l| l.starts_with("<link rel=\"alternate\" hreflang"));
        for line in alternates {
            assert!(line.contains(&format!("href=\"{base}")), "{rel}: {line}");
        }
        // A listing's pages 2, 3… (`urusan/kesehatan/2/index.html`) are titled apart
        // from its first page.
        let parts: Vec<&str> = rel.split('/').collect();
        let n = parts.len();
        if n >= 4 && parts[n - 2].bytes().all(|b| b.is_ascii_digit()) {
            let first = format!("{}/index.html", parts[..n - 2].join("/"));
            let first = std::fs::read_to_string(demo().join(&first)).expect("page 1");
            assert_ne!(title(&html), title(&first), "{rel}");
            later_pages += 1;
        }
    }
    assert!(later_pages > 0, "the demo has paginated listings");
}

#[test]
fn numbers_follow_one_convention_per_language() {
    for (rel, html) in html_pages(demo()) {
        // No space before the percent sign, in either language.
        for d in '0'..='9' {
            assert!(!html.contains(&format!("{d} %")), "{rel}: \"{d} %\"");
        }
    }
    let page = |rel: &str| std::fs::read_to_string(demo().join(rel)).expect(rel);
    // The data-quality total counts thousands of indicators: grouped as each language
    // groups them, and the share with one decimal.
    let caption = |html: &str| -> String {
        let after = html.split("<figcaption>").nth(1).expect("a caption");
        after
            .split("</figcaption>")
            .next()
            .expect("caption end")
            .to_string()
    };
    let (id, en) = (
        caption(&page("kualitas-data/index.html")),
        caption(&page("en/kualitas-data/index.html")),
    );
    let grouped = |text: &str, sep: char| {
        text.split(|c: char| !c.is_ascii_digit() && c != sep)
            .any(|n| n.len() == 5 && n.as_bytes()[1] == sep as u8)
    };
    assert!(
        grouped(&id, '.') && id.contains(",") && id.contains("%"),
        "{id}"
    );
    assert!(
        grouped(&en, ',') && en.contains(".") && en.contains("%"),
        "{en}"
    );
}

#[test]
fn the_sitemap_lists_every_page_once_with_absolute_urls() {
    let site = demo();
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).expect("sitemap");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    let pages = files(site)
        .keys()
        .filter(|r| r.ends_with("index.html"))
        .count();
    assert_eq!(locs.len(), pages, "one URL per index.html");
    assert_eq!(
        locs.iter().collect::<BTreeSet<_>>().len(),
        locs.len(),
        "no duplicates"
    );
    assert!(locs
        .iter()
        .all(|l| l.starts_with("https://inovasi-kalsel.example.go.id/")));
    let robots = std::fs::read_to_string(site.join("robots.txt")).expect("robots");
    assert!(
        robots.contains("Sitemap: https://inovasi-kalsel.example.go.id/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn the_atom_feed_lists_innovations_newest_first() {
    let feed = std::fs::read_to_string(demo().join("feed.xml")).expect("feed");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(
        nesting_problem(&feed.replace("<?xml", "<!xml")).is_none(),
        "well-formed"
    );
    let dates: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .filter_map(|e| e.split("<updated>").nth(1)?.split('<').next())
        .collect();
    assert!(dates.len() >= 10, "{} entries", dates.len());
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn the_search_index_names_every_innovation_with_a_page_that_exists() {
    let site = demo();
    for prefix in ["", "en/"] {
        let text = std::fs::read_to_string(site.join(format!("{prefix}search-index.json")))
            .expect("index");
        let index: serde_json::Value = serde_json::from_str(&text).expect("json");
        let items = index["items"].as_array().expect("items");
        let pages = files(site)
            .keys()
            .filter(|r| {
                !r.starts_with("en/") && r.matches('/').count() == 2 && r.ends_with("/index.html")
            })
            .filter(|r| {
                ![
                    "urusan",
                    "tahapan",
                    "bentuk",
                    "jenis",
                    "inisiator",
                    "label",
                    "kualitas-data",
                ]
                .contains(&r.split('/').next().unwrap_or(""))
            })
            .count();
        assert_eq!(items.len(), pages, "{prefix}: one item per innovation page");
        for item in items {
            let path = item[1].as_str().expect("path");
            assert!(
                site.join(prefix).join(path).join("index.html").is_file(),
                "{path}"
            );
        }
        assert!(text.len() < 64 * 1024, "compact: {} bytes", text.len());
    }
}

#[test]
fn the_data_package_describes_every_export_with_its_size() {
    let site = demo();
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("data/datapackage.json")).expect("package"),
    )
    .expect("json");
    let resources = package["resources"].as_array().expect("resources");
    let listed: BTreeSet<&str> = resources
        .iter()
        .filter_map(|r| r["path"].as_str())
        .collect();
    let exported: BTreeSet<String> = files(&site.join("data"))
        .into_keys()
        .filter(|f| {
            f != "datapackage.json" && f != "index.html" && f.contains('.') && !f.contains('/')
        })
        .collect();
    assert_eq!(
        listed
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>(),
        exported
    );
    for r in resources {
        let path = site.join("data").join(r["path"].as_str().expect("path"));
        let size = std::fs::metadata(&path).expect("exists").len();
        assert_eq!(r["bytes"].as_u64(), Some(size), "{path:?}");
        if r["format"] == "csv" {
            let header = std::fs::read_to_string(&path)
                .expect("csv")
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            let fields: Vec<&str> = r["schema"]["fields"]
                .as_array()
                .expect("schema")
                .iter()
                .filter_map(|f| f["name"].as_str())
                .collect();
            assert_eq!(fields.join(","), header);
        }
    }
}

/// Copies the demo portfolio (content, site.yaml) into a temporary folder.
fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
    for entry in walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = dir
            .path()
            .join(entry.path().strip_prefix(repo()).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    dir
}

#[test]
fn editing_one_innovations_answers_changes_no_other_innovation_page() {
    let portfolio = demo_copy();
    let before = portfolio.path().join("before");
    build(portfolio.path(), &before);
    // Drop every indicator answer of one innovation (its score falls to 0).
    let region = portfolio.path().join("content/kabupaten-banjar");
    let file = walkdir::WalkDir::new(&region)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .find(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
        .expect("an innovation");
    let text = std::fs::read_to_string(&file).expect("read");
    let (front, body) = text[4..].split_once("\n---\n").expect("front matter");
    let kept: Vec<&str> = front
        .lines()
        .take_while(|l| !l.starts_with("indicators:"))
        .collect();
    std::fs::write(&file, format!("---\n{}\n---\n{body}", kept.join("\n"))).expect("write");
    let after = portfolio.path().join("after");
    build(portfolio.path(), &after);
    let edited = file
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .to_string();
    let changed: Vec<String> = files(&before)
        .into_iter()
        .filter(|(rel, _)| {
            rel.ends_with("/index.html")
                && rel.split('/').count() == 3 + usize::from(rel.starts_with("en/"))
        })
        .filter(|(rel, _)| !rel.contains(&format!("/{edited}/")))
        .filter(|(rel, path)| std::fs::read(path).ok() != std::fs::read(after.join(rel)).ok())
        .map(|(rel, _)| rel)
        .filter(|rel| {
            ![
                "urusan",
                "tahapan",
                "bentuk",
                "jenis",
                "inisiator",
                "label",
                "kualitas-data",
            ]
            .iter()
            .any(|t| rel.trim_start_matches("en/").starts_with(t))
        })
        .collect();
    assert!(
        changed.is_empty(),
        "other innovation pages changed: {changed:?}"
    );
    let page = |dir: &Path| {
        std::fs::read_to_string(dir.join(format!("kabupaten-banjar/{edited}/index.html")))
            .expect("page")
    };
    assert_ne!(
        page(&before),
        page(&after),
        "the edited innovation's own page changes"
    );
}

#[test]
fn the_methodology_page_shows_every_band_indicator_and_answer_of_the_methodology_in_use() {
    let m = lumbung::methodology::load("iid-2023", repo()).expect("the demo's methodology");
    let text = |path: &str| {
        let html = std::fs::read_to_string(demo().join(path)).expect(path);
        html.replace("&#x27;", "'").replace("&amp;", "&")
    };
    let (id, en) = (
        text("metodologi/index.html"),
        text("en/metodologi/index.html"),
    );
    let decimal = |x: f64| format!("{x:.2}").replace('.', ",");
    for band in &m.doc.predicates {
        assert!(id.contains(&band.label), "band {}", band.label);
        assert!(id.contains(&decimal(band.min)), "band minimum {}", band.min);
        let english = band.label_en.as_deref().unwrap_or(&band.label);
        assert!(en.contains(english), "English band {english}");
    }
    for aspect in &m.doc.aspects {
        for var in &aspect.variables {
            for ind in &var.indicators {
                assert!(id.contains(&ind.name), "indicator {}", ind.name);
                for option in &ind.options {
                    assert!(id.contains(&option.label), "answer {}", option.label);
                }
            }
        }
    }
    assert!(id.contains(&decimal(m.max_total)), "the maximum score");
    let home = text("index.html");
    assert!(
        home.contains("href=\"metodologi/\""),
        "the footer links to it"
    );
}

#[test]
fn the_data_quality_overview_lists_regions_as_the_rankings_do_province_regencies_cities_by_name() {
    let html = std::fs::read_to_string(demo().join("kualitas-data/index.html")).expect("page");
    let names: Vec<String> = html
        .split("<th scope=\"row\" data-value=\"")
        .skip(1)
        .filter_map(|row| row.split('"').next().map(str::to_string))
        .collect();
    // The demo's names start with their kind.
    let kind = |name: &str| {
        ["Provinsi", "Kabupaten", "Kota"]
            .iter()
            .position(|k| name.starts_with(k))
    };
    let keys: Vec<(Option<usize>, &str)> = names.iter().map(|n| (kind(n), n.as_str())).collect();
    assert!(
        keys.len() >= 3 && keys.iter().all(|k| k.0.is_some()),
        "{names:?}"
    );
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "by kind, then name: {names:?}"
    );
}
