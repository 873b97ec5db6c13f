//! Benchmark of the gap analysis on a portfolio on disk.
//!
//! ```text
//! cargo run --release --example gaps_bench -- DIR [--runs 5]
//! ```
//!
//! Loads and scores DIR once, then times `score::gaps::all` (every region, on all cores
//! and on one thread), the `data/gaps.json` export, and the analysis of the slowest
//! single region. Prints medians over the runs. Times only the analysis: loading,
//! validating and scoring are `lumbung build --timings`' business.

use lumbung::score::gaps;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: gaps_bench DIR [--runs N]");
        std::process::exit(2);
    };
    let runs = match (args.next().as_deref(), args.next()) {
        (Some("--runs"), Some(n)) => n.parse().unwrap_or(5),
        _ => 5,
    };
    let Ok(project) = lumbung::pipeline::load(&root) else {
        eprintln!(
            "gaps_bench: {} does not load (run lumbung check)",
            root.display()
        );
        std::process::exit(2);
    };
    let (corpus, scores, m) = (&project.corpus, &project.scores, &project.methodology);
    let all = || gaps::all(corpus, scores, m);
    let analyses = all();
    let improvements: usize = analyses.iter().map(|g| g.improvements.len()).sum();
    let innovations: usize = corpus.regions.iter().map(|r| r.innovations.len()).sum();
    let regions = corpus.regions.len().max(1);
    println!(
        "{}: {} regions, {innovations} innovations, {improvements} improvements ({} per region on average)",
        root.display(),
        corpus.regions.len(),
        improvements / regions
    );
    let parallel = median(runs, || drop(all()));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build();
    let one_thread = pool
        .as_ref()
        .map(|p| median(runs, || p.install(|| drop(all()))))
        .unwrap_or_default();
    // CPU time of the calling thread (mean over the runs; the kernel counts it in ticks):
    // on a shared, loaded machine wall time overstates.
    let cpu = pool.as_ref().ok().and_then(|p| {
        p.install(|| cpu_time(|| (0..runs).for_each(|_| drop(all()))))
            .map(|t| t / runs.max(1) as u32)
    });
    let export = median(runs, || {
        drop(lumbung::render::gaps::json(&project.input(), &analyses))
    });
    let (slowest, slowest_time) = (0..corpus.regions.len())
        .map(|r| {
            let peers = gaps::peers(scores, r);
            (
                r,
                median(runs, || {
                    drop(gaps::analyze(
                        &corpus.regions[r],
                        &scores.regions[r],
                        m,
                        &peers,
                    ))
                }),
            )
        })
        .max_by_key(|(_, t)| *t)
        .unwrap_or_default();
    let per_region = one_thread / regions as u32;
    println!(
        "all regions, {} threads: {:.1} ms",
        rayon::current_num_threads(),
        ms(parallel)
    );
    println!(
        "all regions, 1 thread:  {:.1} ms ({:.3} ms per region)",
        ms(one_thread),
        ms(per_region)
    );
    if let Some(cpu) = cpu {
        println!(
            "all regions, 1 thread, CPU time: {:.1} ms ({:.3} ms per region)",
            ms(cpu),
            ms(cpu / regions as u32)
        );
    }
    let bytes = lumbung::render::gaps::json(&project.input(), &analyses).len();
    println!(
        "data/gaps.json export:  {:.1} ms, {:.1} MB",
        ms(export),
        bytes as f64 / 1e6
    );
    if let Some(region) = corpus.regions.get(slowest) {
        println!(
            "slowest region: {} ({} innovations, {} improvements): {:.3} ms",
            region.slug,
            region.innovations.len(),
            analyses[slowest].improvements.len(),
            ms(slowest_time)
        );
    }
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// CPU time `f` took on this thread (Linux: /proc/thread-self/schedstat), if known.
fn cpu_time(f: impl FnOnce()) -> Option<Duration> {
    let read = || -> Option<u64> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        text.split_whitespace().next()?.parse().ok()
    };
    let before = read()?;
    f();
    Some(Duration::from_nanos(read()?.saturating_sub(before)))
}
