//! `lumbung check`: validate and score, print every problem, write nothing.
//!
//! Every outcome, including a missing or invalid `site.yaml`, is printed in the
//! requested `--format`, so CI tools always get JSON or annotations they can read.
//! Exit codes: 0 clean (warnings allowed unless `--strict`), 1 content errors, 2 no
//! portfolio here (usage).

use super::{completeness, lang, print_full, CONTENT_ERRORS, OK, USAGE};
use crate::cli::CheckArgs;
use lumbung::diagnostics::report::{self, Format};
use lumbung::diagnostics::{Diagnostics, Lang};
use lumbung::pipeline::{self, LoadError, Project};

pub fn run(args: &CheckArgs) -> u8 {
    let mut project = match pipeline::load(&args.common.root) {
        Ok(project) => project,
        Err(err) => {
            let (diags, code) = match err {
                LoadError::NoSite(diags) => (diags, USAGE),
                LoadError::Invalid(diags) => (diags, CONTENT_ERRORS),
            };
            print(&diags.sorted(), args, lang(&args.common, None), None);
            return code;
        }
    };
    let lang = lang(&args.common, Some(&project));
    if args.strict {
        project.diagnostics.make_strict();
    }
    print(&project.diagnostics, args, lang, Some(&project));
    if project.diagnostics.has_errors() {
        CONTENT_ERRORS
    } else {
        OK
    }
}

/// Prints the diagnostics in the requested format; the human and GitHub formats end
/// with the summary line (and, for a loaded project, the data-completeness figure).
fn print(diags: &Diagnostics, args: &CheckArgs, lang: Lang, project: Option<&Project>) {
    match args.format {
        Format::Human => {
            print_full(diags, &args.common, lang);
            eprintln!("{}", report::summary(diags, lang));
        }
        Format::Json => print!("{}", report::json(diags, lang)),
        Format::Github => {
            print!("{}", report::github(diags, lang));
            eprintln!("{}", report::summary(diags, lang));
        }
    }
    if let (Some(project), Format::Human | Format::Github) = (project, args.format) {
        eprintln!("{}", completeness(project, lang));
    }
}
