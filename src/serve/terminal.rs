//! What `serve` prints on the terminal (stderr), in the site's language: each build's
//! outcome and time, every diagnostic of a failed build (the same list the overlay
//! shows, with source excerpts), and start-up notes.

use super::rebuild::Built;
use super::store::Problem;
use crate::diagnostics::{report, Diagnostics, Lang, Severity};
use std::io::IsTerminal;
use std::path::PathBuf;

pub struct Out {
    pub quiet: bool,
    pub lang: Lang,
    pub root: PathBuf,
}

impl Out {
    fn say(&self, id: &str, en: &str) {
        if !self.quiet {
            eprintln!("{}", if self.lang == Lang::En { en } else { id });
        }
    }

    /// One line per build; warnings on the first build (later ones do not sort them).
    pub fn built(&self, built: &Built, first: bool) {
        let s = &built.stats;
        let ms = s.total.as_secs_f64() * 1000.0;
        if first {
            let diagnostics = built.diagnostics.sorted();
            let warnings = diagnostics.count(Severity::Warning);
            self.say(
                &format!("lumbung serve: {} wilayah, {} inovasi, {} berkas dibangun dalam {ms:.0} ms ({warnings} peringatan)", s.regions, s.innovations, built.files.len()),
                &format!("lumbung serve: {} regions, {} innovations, {} files built in {ms:.0} ms ({warnings} warnings)", s.regions, s.innovations, built.files.len()),
            );
            self.warnings(&diagnostics);
            return;
        }
        let (load, render) = (
            s.load.as_secs_f64() * 1000.0,
            s.render.as_secs_f64() * 1000.0,
        );
        let n = built.changed.len();
        self.say(
            &format!(
                "dibangun ulang dalam {ms:.1} ms (muat+skor {load:.1}, render {render:.1}): {n} berkas berubah, {} halaman dirender, {} dipakai ulang, {} berkas diurai",
                s.pages_rendered, s.pages_reused, s.loader.files_parsed
            ),
            &format!(
                "rebuilt in {ms:.1} ms (load+score {load:.1}, render {render:.1}): {n} files changed, {} pages rendered, {} reused, {} files parsed",
                s.pages_rendered, s.pages_reused, s.loader.files_parsed
            ),
        );
    }

    /// The first warnings of a successful build (it has no errors), then a count.
    fn warnings(&self, diags: &Diagnostics) {
        if !self.quiet {
            eprint!(
                "{}",
                report::short(diags, self.lang, report::WARNINGS_LISTED)
            );
        }
    }

    /// Every diagnostic with its excerpt, then where the preview stands.
    pub fn failed(&self, diags: &Diagnostics) {
        if self.quiet {
            return;
        }
        let color = std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
        eprint!(
            "{}",
            report::human(diags, &report::read_source(&self.root), self.lang, color)
        );
        eprintln!("{}", report::summary(diags, self.lang));
        self.say(
            "pratinjau tetap menampilkan versi terakhir yang berhasil, dengan daftar masalah di setiap halaman",
            "the preview keeps showing the last good build, with the problems listed on every page",
        );
    }

    pub fn port_taken(&self, wanted: u16, used: u16) {
        self.say(
            &format!("port {wanted} sedang dipakai; memakai port {used}"),
            &format!("port {wanted} is in use; using port {used}"),
        );
    }

    pub fn no_watch(&self, err: &notify::Error) {
        self.say(
            &format!("tidak dapat memantau perubahan berkas ({err}); pratinjau tidak akan diperbarui otomatis. Di Linux, naikkan fs.inotify.max_user_watches."),
            &format!("cannot watch for file changes ({err}); the preview will not update by itself. On Linux, raise fs.inotify.max_user_watches."),
        );
    }
}

/// The problems a failed build shows in the overlay: its errors (warnings do not fail
/// a build; the terminal lists them).
pub fn problems(diags: &Diagnostics, lang: Lang) -> Vec<Problem> {
    diags
        .0
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| Problem {
            file: d.file.clone(),
            line: d.pos.line,
            col: d.pos.col,
            severity: if d.severity == Severity::Error {
                "error"
            } else {
                "warning"
            },
            code: d.code.code().to_string(),
            message: d.message(lang),
        })
        .collect()
}
