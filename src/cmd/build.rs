//! `lumbung build`: validate, score, render, and swap the new site into place.

use super::{lang, load, print_full, CONTENT_ERRORS, OK, USAGE};
use crate::cli::BuildArgs;
use lumbung::diagnostics::{report, Lang, Severity};
use lumbung::output::Cleanup;
use lumbung::pipeline::Timings;
use std::time::{Duration, Instant};

pub fn run(args: &BuildArgs) -> u8 {
    let started = Instant::now();
    let mut project = match load(&args.common) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let lang = lang(&args.common, Some(&project));
    if args.strict {
        project.diagnostics.make_strict();
    }
    if project.diagnostics.has_errors() {
        print_full(&project.diagnostics, &args.common, lang);
        eprintln!("{}", report::summary(&project.diagnostics, lang));
        return CONTENT_ERRORS;
    }
    let reported = Instant::now();
    eprint!(
        "{}",
        report::short(&project.diagnostics, lang, report::WARNINGS_LISTED)
    );
    let report_time = reported.elapsed();
    let out = if args.out.is_absolute() {
        args.out.clone()
    } else {
        std::env::current_dir()
            .map(|d| d.join(&args.out))
            .unwrap_or_else(|_| args.out.clone())
    };
    let summary = match project.write_site(&out, Cleanup::Background) {
        Ok(summary) => summary,
        Err(diags) => {
            print_full(&diags, &args.common, lang);
            let io_failure = diags.0.iter().all(|d| d.file.starts_with('/'));
            return if io_failure { USAGE } else { CONTENT_ERRORS };
        }
    };
    if args.timings {
        print_timings(&project.timings, report_time, started.elapsed());
    }
    let warnings = project.diagnostics.count(Severity::Warning);
    let seconds = started.elapsed().as_secs_f64();
    let (regions, innovations) = (project.corpus.regions.len(), project.innovation_count());
    let line = match lang {
        Lang::Id => format!(
            "lumbung: {regions} wilayah, {innovations} inovasi, {} halaman, {warnings} peringatan, {:.2} s → {}",
            summary.pages, seconds, out.display()
        ),
        Lang::En => format!(
            "lumbung: {regions} regions, {innovations} innovations, {} pages, {warnings} warnings, {:.2} s → {}",
            summary.pages, seconds, out.display()
        ),
    };
    eprintln!("{line}");
    // The process ends here: freeing the corpus piece by piece would keep one core busy
    // for ~60 ms at 10k innovations; the OS takes the memory back at once.
    std::mem::forget(project);
    OK
}

/// One line of `name seconds` pairs (scripts/bench/run.sh reads it), then what they mean.
/// Stage names follow the pipeline: load = read + parse, render+write = prepare + render
/// + write; read, parse, render and write are summed over threads.
fn print_timings(t: &Timings, report: Duration, total: Duration) {
    let stages = [
        ("config", t.config),
        ("load", t.load),
        ("read", t.files.read),
        ("parse", t.files.parse),
        ("validate", t.validate),
        ("score", t.score),
        ("report", report),
        ("render+write", t.render_write),
        ("prepare", t.render.prepare),
        ("render", t.render.render),
        ("write", t.render.write),
        ("total", total),
    ];
    let line: Vec<String> = stages
        .iter()
        .map(|(name, d)| format!("{name} {:.3}s", d.as_secs_f64()))
        .collect();
    eprintln!("timings: {}", line.join(", "));
    eprintln!(
        "timings: wall time per stage; read, parse, render and write are summed over {} threads",
        rayon::current_num_threads()
    );
}
