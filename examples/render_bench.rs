//! Render cost per page kind: loads a portfolio, builds the per-build models once, then
//! renders every page of each kind on one thread (no writing) and prints the CPU time
//! per page and the page size. CPU time is read from `/proc/thread-self/schedstat`, so
//! the numbers hold on a busy machine.
//!
//! ```text
//! cargo run --release --example render_bench -- PORTFOLIO_DIR
//! ```

use lumbung::pipeline;
use lumbung::render::{pages, Models, Page};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// CPU time of the current thread in nanoseconds (0 where /proc is missing).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn kind(page: Page) -> &'static str {
    match page {
        Page::Home => "home",
        Page::Rankings => "rankings",
        Page::Region(_) => "region",
        Page::Innovation(..) => "innovation",
        Page::Explore => "explore",
        Page::Term(..) => "term",
        Page::DataQuality => "quality",
        Page::RegionQuality(_) => "region-quality",
        Page::OpenData => "open-data",
        Page::Methodology => "methodology",
        Page::NotFound => "404",
        Page::Feed => "feed",
        Page::SearchIndex => "search-index",
        Page::Sitemap(_) => "sitemap",
        Page::Robots => "robots",
    }
}

fn main() {
    let Some(root) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: render_bench PORTFOLIO_DIR");
        std::process::exit(2);
    };
    let Ok(project) = pipeline::load(&root) else {
        eprintln!("render_bench: cannot load {}", root.display());
        std::process::exit(1);
    };
    let Ok(renderer) = project.renderer() else {
        eprintln!("render_bench: the theme does not compile");
        std::process::exit(1);
    };
    let input = project.input();
    let started = cpu_ns();
    let models = Models::new(&input);
    let models_ms = (cpu_ns() - started) as f64 / 1e6;
    let lang = project.config.language;
    let mut by_kind: BTreeMap<&str, (usize, u64, usize)> = BTreeMap::new();
    for page in pages::all(&input, &models.shared.index) {
        let t = cpu_ns();
        let bytes = renderer
            .page(&input, &models, lang, page)
            .map(|b| b.len())
            .unwrap_or(0);
        let entry = by_kind.entry(kind(page)).or_default();
        entry.0 += 1;
        entry.1 += cpu_ns() - t;
        entry.2 += bytes;
    }
    let t = cpu_ns();
    let mut n = 0;
    for region in &project.corpus.regions {
        for inn in &region.innovations {
            n += lumbung::render::markdown::to_html(&inn.body, 1)
                .len()
                .min(1);
        }
    }
    let markdown_us = (cpu_ns() - t) as f64 / n.max(1) as f64 / 1e3;
    println!("models (once per build, all languages): {models_ms:.1} ms CPU");
    println!("innovation body Markdown → sanitized HTML alone: {markdown_us:.0} µs CPU/page");
    println!(
        "{:<16} {:>7} {:>12} {:>10}",
        "page kind", "pages", "µs CPU/page", "KB/page"
    );
    for (kind, (n, ns, bytes)) in by_kind {
        println!(
            "{kind:<16} {n:>7} {:>12.0} {:>10.1}",
            ns as f64 / n as f64 / 1e3,
            bytes as f64 / n as f64 / 1024.0
        );
    }
}
