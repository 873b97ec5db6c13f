//! One file per command; shared here: loading a project and printing diagnostics.

pub mod build;
pub mod check;
pub mod gaps;
pub mod init;
pub mod new;
pub mod schema;
pub mod score;
pub mod serve;

use crate::cli::{Common, LangArg};
use lumbung::diagnostics::{report, Diagnostics, Lang};
use lumbung::pipeline::{self, LoadError, Project};
use std::io::IsTerminal;

/// Exit codes.
pub const OK: u8 = 0;
pub const CONTENT_ERRORS: u8 = 1;
pub const USAGE: u8 = 2;

/// The language of messages: `--lang`, else the site's language.
pub fn lang(common: &Common, project: Option<&Project>) -> Lang {
    match common.lang {
        Some(LangArg::Id) => Lang::Id,
        Some(LangArg::En) => Lang::En,
        None => project.map_or(Lang::Id, |p| p.config.language),
    }
}

/// Loads the project, or prints why not and returns the exit code.
pub fn load(common: &Common) -> Result<Project, u8> {
    match pipeline::load(&common.root) {
        Ok(project) => Ok(project),
        Err(LoadError::NoSite(diags)) => {
            print_full(&diags, common, lang(common, None));
            Err(USAGE)
        }
        Err(LoadError::Invalid(diags)) => {
            print_full(&diags, common, lang(common, None));
            eprintln!("{}", report::summary(&diags, lang(common, None)));
            Err(CONTENT_ERRORS)
        }
    }
}

/// Colours on a terminal, unless NO_COLOR is set.
pub fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Every diagnostic with its source excerpt, on stderr.
pub fn print_full(diags: &Diagnostics, common: &Common, lang: Lang) {
    let source = report::read_source(&common.root);
    eprint!("{}", report::human(diags, &source, lang, color()));
}

/// "12 % indikator belum lengkap" — the data-completeness figure assessors quote.
pub fn completeness(project: &Project, lang: Lang) -> String {
    let mut status = lumbung::score::StatusCount::default();
    for r in &project.scores.regions {
        status.verified += r.status.verified;
        status.unverified += r.status.unverified;
        status.missing += r.status.missing;
    }
    let percent = status.incomplete_percent();
    match lang {
        Lang::Id => format!(
            "kelengkapan data: {:.2} % indikator belum diisi atau belum terverifikasi ({} belum diisi, {} belum terverifikasi dari {})",
            percent, status.missing, status.unverified, status.total()
        )
        .replace('.', ","),
        Lang::En => format!(
            "data completeness: {:.2} % of indicators missing or unverified ({} missing, {} unverified of {})",
            percent, status.missing, status.unverified, status.total()
        ),
    }
}
