//! A benchmark, not a test: how long `serve` takes to rebuild after one innovation is
//! saved, on a real portfolio, and where the time goes. It asserts nothing about time.
//!
//! ```text
//! LUMBUNG_BENCH_ROOT=/path/to/a/copy/of/a/portfolio cargo test --release --test serve_bench -- --ignored --nocapture
//! ```
//! Optional: `LUMBUNG_BENCH_EDITS` (default 20).

use lumbung::serve::rebuild::{Builder, Changes};
use lumbung::serve::store::Files;
use std::path::PathBuf;
use std::time::Instant;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

#[test]
#[ignore = "benchmark: needs LUMBUNG_BENCH_ROOT; run with --ignored --nocapture in release"]
fn rebuild_after_one_innovation_edit() {
    let root = PathBuf::from(std::env::var("LUMBUNG_BENCH_ROOT").expect("LUMBUNG_BENCH_ROOT"));
    let root = std::fs::canonicalize(root).expect("root");
    let edits: usize = std::env::var("LUMBUNG_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let started = Instant::now();
    let mut builder = Builder::new(&root);
    let first = builder
        .build(&Changes::everything(), &Files::default())
        .expect("first build");
    println!(
        "first build: {:.2} s, {} files",
        started.elapsed().as_secs_f64(),
        first.files.len()
    );
    let mut site = first.files;
    let Ok(project) = lumbung::pipeline::load(&root) else {
        panic!("the portfolio does not load")
    };
    let t = Instant::now();
    let models = lumbung::render::Models::new(&project.input());
    println!(
        "Models::new alone: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    drop(models);
    let region = project.corpus.regions[project.corpus.regions.len() / 2].clone();
    let methodology = project.methodology.clone();
    drop(project);
    let file = root.join(&region.innovations[0].file);
    let original = std::fs::read_to_string(&file).expect("read");
    let _restore = Restore(file.clone(), original.clone());
    for mode in ["body", "answer"] {
        let mut times = Vec::new();
        for i in 0..edits {
            let text = match mode {
                "body" => format!("{original}\nKalimat uji {i}.\n"),
                _ => flip_first_option(&original, i, &methodology),
            };
            std::fs::write(&file, text).expect("write");
            let changes = Changes {
                regions: [region.slug.clone()].into_iter().collect(),
                ..Changes::default()
            };
            let t = Instant::now();
            let Ok(built) = builder.build(&changes, &site) else {
                panic!("the edited portfolio has errors")
            };
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            times.push(ms);
            let s = built.stats;
            println!(
                "{mode} {i}: {ms:.1} ms (load+validate+score {:.1}, render {:.1}, collect {:.1}); {} changed, {} pages rendered, {} reused",
                s.load.as_secs_f64() * 1000.0,
                s.render.as_secs_f64() * 1000.0,
                s.collect.as_secs_f64() * 1000.0,
                built.changed.len(),
                s.pages_rendered,
                s.pages_reused
            );
            site = built.files;
        }
        std::fs::write(&file, &original).expect("restore");
        times.sort_by(f64::total_cmp);
        println!(
            "{mode}: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times[times.len() - 1]
        );
    }
}

/// Puts the edited file back, even when the benchmark panics.
struct Restore(PathBuf, String);

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.0, &self.1);
    }
}

/// Every other call, the first answered indicator gets another option of its own.
fn flip_first_option(text: &str, i: usize, m: &lumbung::methodology::Methodology) -> String {
    let lines: Vec<&str> = text.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        let (Some(id), Some(next)) = (line.trim().strip_suffix(':'), lines.get(n + 1)) else {
            continue;
        };
        let (Some(index), Some(current)) =
            (m.indicator_index(id), next.trim().strip_prefix("option: "))
        else {
            continue;
        };
        let Some(other) = m
            .indicator(index)
            .options
            .iter()
            .map(|o| o.id.as_str())
            .find(|o| *o != current)
        else {
            continue;
        };
        if i % 2 == 1 {
            return text.to_string();
        }
        return text.replacen(
            &format!("{line}\n{next}"),
            &format!("{line}\n{}", next.replace(current, other)),
            1,
        );
    }
    text.to_string()
}
