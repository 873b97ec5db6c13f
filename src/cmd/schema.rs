//! `lumbung schema [--out DIR]`: JSON Schemas of region and innovation front matter,
//! generated from the site's methodology, for editors' YAML tooling. Replaces earlier
//! schemas (they are generated files).

use super::new::{report_write_error, site_methodology};
use super::OK;
use crate::cli::SchemaArgs;
use lumbung::diagnostics::Lang;
use lumbung::scaffold::{self, site, NewFile};

pub fn run(args: &SchemaArgs) -> u8 {
    let (m, lang) = match site_methodology(&args.common) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.common.root.join(scaffold::SCHEMA_DIR));
    // The files are named relative to the output folder, not the site root.
    let files: Vec<NewFile> = site::schema_files(&m, lang)
        .into_iter()
        .map(|f| NewFile::new(f.path.rsplit('/').next().unwrap_or(&f.path), f.contents))
        .collect();
    match scaffold::write_new(&out, &files, true) {
        Ok(paths) => {
            for path in paths {
                let verb = if lang == Lang::En { "wrote" } else { "menulis" };
                eprintln!("lumbung: {verb} {} ({})", path.display(), m.doc.id);
            }
            OK
        }
        Err(err) => report_write_error(&err, lang, ""),
    }
}
