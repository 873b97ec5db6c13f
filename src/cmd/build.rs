//! `lumbung build`: validate, score, render, and swap the new site into place.

use super::{lang, load, print_full, print_short, CONTENT_ERRORS, OK, USAGE};
use crate::cli::BuildArgs;
use lumbung::diagnostics::{report, Lang, Severity};
use lumbung::output::Cleanup;
use std::time::Instant;

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
    print_short(&project.diagnostics, lang);
    let out = if args.out.is_absolute() { args.out.clone() } else { std::env::current_dir().map(|d| d.join(&args.out)).unwrap_or_else(|_| args.out.clone()) };
    let summary = match project.write_site(&out, Cleanup::Background) {
        Ok(summary) => summary,
        Err(diags) => {
            print_full(&diags, &args.common, lang);
            let io_failure = diags.0.iter().all(|d| d.file.starts_with('/'));
            return if io_failure { USAGE } else { CONTENT_ERRORS };
        }
    };
    if args.timings {
        let t = project.timings;
        eprintln!(
            "timings: config {:.3}s, load+parse {:.3}s, validate {:.3}s, score {:.3}s, render+write {:.3}s",
            t.config.as_secs_f64(), t.load.as_secs_f64(), t.validate.as_secs_f64(), t.score.as_secs_f64(),
            t.render_write.as_secs_f64()
        );
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
    OK
}
