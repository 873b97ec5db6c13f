//! Per-stage benchmarks (divan): YAML, front matter, load, validate, score, the shared
//! view-models, Markdown, and rendering pages: one innovation, one region, and the
//! listings every score change renders again (rankings, data quality, feed, home).
//!
//! ```text
//! cargo bench --bench stages                                   # the demo portfolio
//! LUMBUNG_BENCH_SITE=/work/perf-bench/p1k cargo bench --bench stages
//! ```
//!
//! Takes a portfolio folder (default: the repository's demo, `site.yaml` + `content/`);
//! gives time per call of each stage. Whole builds (with writing) are measured by
//! `scripts/bench/run.sh`; see BENCHMARKS.md. Invariant: the portfolio must load
//! without errors (checked once before measuring).

use lumbung::content::{self, EvidenceFile, FileState, Innovation};
use lumbung::diagnostics::Diagnostics;
use lumbung::pipeline::{self, Project};
use lumbung::render::{markdown, Models, Page};
use lumbung::{score, validate, yaml};
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    std::env::var_os("LUMBUNG_BENCH_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The portfolio, loaded once.
fn project() -> &'static Project {
    static PROJECT: OnceLock<Project> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let project = pipeline::load(&root())
            .unwrap_or_else(|_| panic!("{} does not load", root().display()));
        assert!(
            !project.diagnostics.has_errors(),
            "the benchmark portfolio has errors"
        );
        project
    })
}

/// The text of the first innovation file.
fn innovation_text() -> &'static (String, Innovation) {
    static TEXT: OnceLock<(String, Innovation)> = OnceLock::new();
    TEXT.get_or_init(|| {
        let inn = &project()
            .corpus
            .regions
            .iter()
            .find(|r| !r.innovations.is_empty())
            .expect("an innovation")
            .innovations[0];
        let text = std::fs::read_to_string(root().join(&inn.file)).expect("readable");
        let blank = Innovation {
            slug: inn.slug.clone(),
            file: inn.file.clone(),
            ..Innovation::default()
        };
        (text, blank)
    })
}

#[divan::bench]
fn yaml_front_matter(b: divan::Bencher) {
    let (text, _) = innovation_text();
    let yaml_text = text
        .split("\n---")
        .next()
        .unwrap_or("")
        .trim_start_matches("---\n");
    b.bench(|| yaml::parse(divan::black_box(yaml_text), 1));
}

#[divan::bench]
fn parse_innovation_file(b: divan::Bencher) {
    let (text, blank) = innovation_text();
    let mut check = |path: &str, pos| EvidenceFile {
        path: path.to_string(),
        normalized: path.to_string(),
        state: FileState::Ok { size: 1 },
        pos,
        suggestion: None,
    };
    b.bench_local(|| {
        let (mut inn, mut diags) = (blank.clone(), Diagnostics::default());
        content::parse_innovation(divan::black_box(text), &mut inn, &mut diags, &mut check);
        inn
    });
}

#[divan::bench(sample_count = 10)]
fn load_portfolio() -> (content::Corpus, Diagnostics) {
    content::load(&root())
}

#[divan::bench(sample_count = 20)]
fn validate_portfolio() -> Diagnostics {
    let p = project();
    validate::check(&p.corpus, &p.methodology)
}

#[divan::bench(sample_count = 20)]
fn score_portfolio() -> score::Scores {
    let p = project();
    score::compute(&p.corpus, &p.methodology)
}

#[divan::bench(sample_count = 10)]
fn prepare_view_models() -> Models {
    Models::new(&project().input())
}

#[divan::bench]
fn markdown_body(b: divan::Bencher) {
    let inn = &project()
        .corpus
        .regions
        .iter()
        .flat_map(|r| &r.innovations)
        .next()
        .expect("an innovation");
    b.bench(|| markdown::to_html(divan::black_box(&inn.body), 1));
}

#[divan::bench]
fn render_innovation_page(b: divan::Bencher) {
    render_page(b, |r| Page::Innovation(r, 0));
}

#[divan::bench]
fn render_region_page(b: divan::Bencher) {
    render_page(b, Page::Region);
}

/// The listings every score change renders again.
#[divan::bench(args = [Page::Rankings, Page::DataQuality, Page::Feed, Page::Home])]
fn render_listing(b: divan::Bencher, page: Page) {
    render_page(b, move |_| page);
}

/// Renders one page of the first region with innovations, again and again.
fn render_page(b: divan::Bencher, page: impl Fn(usize) -> Page + Sync) {
    let p = project();
    let input = p.input();
    let models = Models::new(&input);
    let renderer = p
        .renderer()
        .unwrap_or_else(|_| panic!("the theme compiles"));
    let r = p
        .corpus
        .regions
        .iter()
        .position(|r| !r.innovations.is_empty())
        .unwrap_or(0);
    let lang = p.config.language;
    b.bench(|| {
        renderer
            .page(&input, &models, lang, page(r))
            .map(|html| html.len())
            .unwrap_or(0)
    });
}
