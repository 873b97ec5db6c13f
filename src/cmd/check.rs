//! `lumbung check`: validate and score, print every problem, write nothing.

use super::{completeness, lang, load, print_full, CONTENT_ERRORS, OK};
use crate::cli::CheckArgs;
use lumbung::diagnostics::report::{self, Format};

pub fn run(args: &CheckArgs) -> u8 {
    let mut project = match load(&args.common) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let lang = lang(&args.common, Some(&project));
    if args.strict {
        project.diagnostics.make_strict();
    }
    let diags = &project.diagnostics;
    match args.format {
        Format::Human => {
            print_full(diags, &args.common, lang);
            eprintln!("{}", report::summary(diags, lang));
            eprintln!("{}", completeness(&project, lang));
        }
        Format::Json => print!("{}", report::json(diags, lang)),
        Format::Github => {
            print!("{}", report::github(diags, lang));
            eprintln!("{}", report::summary(diags, lang));
        }
    }
    if diags.has_errors() {
        CONTENT_ERRORS
    } else {
        OK
    }
}
