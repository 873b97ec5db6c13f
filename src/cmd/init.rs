//! `lumbung init [DIR]`: a new portfolio that builds as it is — site.yaml, an example
//! region and innovation, evidence folder, JSON Schemas, GitHub Actions and GitLab CI
//! workflows, `.gitignore`. Refuses to overwrite anything unless `--force`; an existing
//! `.gitignore` only gets the missing lines.

use super::new::report_write_error;
use super::{OK, USAGE};
use crate::cli::{InitArgs, LangArg};
use lumbung::diagnostics::{report, Lang};
use lumbung::methodology;
use lumbung::scaffold::{self, site, NewFile};
use std::path::Path;

pub fn run(args: &InitArgs) -> u8 {
    let lang = match args.lang {
        Some(LangArg::En) => Lang::En,
        _ => Lang::Id,
    };
    let m = match methodology::load(&args.methodology, &args.dir) {
        Ok(m) => m,
        Err(diags) => {
            eprint!(
                "{}",
                report::human(
                    &diags,
                    &report::read_source(&args.dir),
                    lang,
                    super::color()
                )
            );
            return USAGE;
        }
    };
    let options = options(args, &m);
    let mut files = site::files(&m, &options, lang);
    let gitignore = match merged_gitignore(&args.dir, &mut files, lang) {
        Ok(g) => g,
        Err(code) => return code,
    };
    let written = match scaffold::write_new(&args.dir, &files, args.force) {
        Ok(written) => written,
        Err(err) => return report_write_error(&err, lang, "lumbung init --force"),
    };
    if let Some(text) = gitignore {
        if let Err(err) = std::fs::write(args.dir.join(site::GITIGNORE), text) {
            eprintln!(
                "lumbung: {}: {err}",
                args.dir.join(site::GITIGNORE).display()
            );
            return USAGE;
        }
    }
    print_next_steps(&args.dir, written.len(), lang);
    OK
}

/// Flags over defaults; the year follows the methodology's (`iid-2025` → 2025).
fn options(args: &InitArgs, m: &methodology::Methodology) -> site::InitOptions {
    let mut options = site::InitOptions::default();
    if let Some(title) = &args.title {
        options.title.clone_from(title);
    }
    if let Some(url) = &args.base_url {
        options.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    let digits: String = m
        .doc
        .id
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    if let Ok(year) = digits.chars().rev().collect::<String>().parse::<i32>() {
        options.year = year;
    }
    options
}

/// Takes `.gitignore` out of the file list when one exists: it is merged, not replaced.
/// Gives the merged text when lines are missing.
fn merged_gitignore(
    dir: &Path,
    files: &mut Vec<NewFile>,
    lang: Lang,
) -> Result<Option<String>, u8> {
    let path = dir.join(site::GITIGNORE);
    if !path.exists() {
        return Ok(None);
    }
    files.retain(|f| f.path != site::GITIGNORE);
    match std::fs::read_to_string(&path) {
        Ok(existing) => Ok(site::merge_gitignore(&existing, lang)),
        Err(err) => {
            eprintln!("lumbung: {}: {err}", path.display());
            Err(USAGE)
        }
    }
}

fn print_next_steps(dir: &Path, count: usize, lang: Lang) {
    let shown = dir.display();
    let region = site::EXAMPLE_REGION;
    let text = match lang {
        Lang::Id => format!(
            "lumbung: portofolio baru di {shown} ({count} berkas).\n\nLangkah berikutnya:\n  cd {shown}\n  lumbung serve                 pratinjau di http://127.0.0.1:1111/ sambil menyunting\n  lumbung build                 bangun situs ke public/ (untuk diunggah ke hosting web)\n  lumbung check                 periksa isi; daftar indikator yang belum diisi\n  lumbung new region <slug>     tambah wilayah, mis. kabupaten-banjar\n  lumbung new innovation {region} <slug>\n                                tambah inovasi di wilayah contoh\n\nSebelum push pertama: ganti title dan base_url di site.yaml, dan isi LUMBUNG_REPO di\n.github/workflows/lumbung.yml atau .gitlab-ci.yml dengan alamat repositori lumbung\n(tanyakan ke tim TI atau provinsi) bila masih bertuliskan GANTI."
        ),
        Lang::En => format!(
            "lumbung: new portfolio in {shown} ({count} files).\n\nNext steps:\n  cd {shown}\n  lumbung serve                 preview at http://127.0.0.1:1111/ while you edit\n  lumbung build                 build the site into public/ (to upload to a web host)\n  lumbung check                 check the content; lists unanswered indicators\n  lumbung new region <slug>     add a region, e.g. kabupaten-banjar\n  lumbung new innovation {region} <slug>\n                                add an innovation to the example region\n\nBefore the first push: change title and base_url in site.yaml, and set LUMBUNG_REPO in\n.github/workflows/lumbung.yml or .gitlab-ci.yml to the lumbung repository's address\n(ask your IT team or province) if it still says GANTI."
        ),
    };
    eprintln!("{text}");
}
