//! `lumbung new region <slug>` and `lumbung new innovation <region> <slug>`: a new
//! content file with every indicator of the site's methodology at the file's level,
//! options and evidence needs as comments, so an editor only chooses. Never overwrites;
//! writes the JSON Schemas too when the site has none yet (the files' modeline points
//! at them).

use super::{color, OK, USAGE};
use crate::cli::{Common, LangArg, NewArgs, NewInnovationArgs, NewRegionArgs, NewWhat};
use lumbung::config;
use lumbung::content::{vocabulary, CONTENT_DIR};
use lumbung::diagnostics::{report, Lang};
use lumbung::methodology::{self, Level, Methodology, Term};
use lumbung::render::pages::RESERVED_SLUGS;
use lumbung::scaffold::frontmatter::{self, InnovationProfile, RegionProfile};
use lumbung::scaffold::{self, site, NewFile, WriteError};

pub fn run(args: &NewArgs) -> u8 {
    let result = match &args.what {
        NewWhat::Region(a) => region(a),
        NewWhat::Innovation(a) => innovation(a),
    };
    result.unwrap_or_else(|code| code)
}

fn region(args: &NewRegionArgs) -> Result<u8, u8> {
    let (m, lang) = site_methodology(&args.common)?;
    slug_or_fail(&args.slug, lang)?;
    if RESERVED_SLUGS.contains(&args.slug.as_str()) {
        let reserved = RESERVED_SLUGS.join(", ");
        eprintln!(
            "{}",
            match lang {
                Lang::Id => format!(
                    "lumbung: `{}` dipakai alamat halaman situs sendiri; pilih nama daerahnya, \
                     mis. `kabupaten-banjar`. Nama yang dipakai situs: {reserved}.",
                    args.slug
                ),
                Lang::En => format!(
                    "lumbung: `{}` is an address the site's own pages use; name it after the \
                     region, e.g. `kabupaten-banjar`. Names the site uses: {reserved}.",
                    args.slug
                ),
            }
        );
        return Err(USAGE);
    }
    let kinds = &vocabulary::get().kinds;
    let kind = match &args.kind {
        Some(kind) => term_or_fail(kind, kinds, "--kind", lang)?,
        None => scaffold::kind_from_slug(&args.slug, kinds.iter().map(|k| k.id.as_str()))
            .unwrap_or_else(|| {
                let allowed = vocabulary::ids(kinds).collect::<Vec<_>>().join(", ");
                eprintln!(
                    "{}",
                    match lang {
                        Lang::Id => format!(
                            "lumbung: nama `{}` tidak menyebut jenis wilayah, jadi ditulis \
                             `kind: kabupaten`; untuk provinsi atau kota ubah `kind:` atau \
                             pakai --kind ({allowed}).",
                            args.slug
                        ),
                        Lang::En => format!(
                            "lumbung: the name `{}` does not say what kind of region it is, so \
                             `kind: kabupaten` is written; for a province or a city change \
                             `kind:` or pass --kind ({allowed}).",
                            args.slug
                        ),
                    }
                );
                "kabupaten"
            }),
    };
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| scaffold::title_from_slug(&args.slug));
    let dir = format!("{CONTENT_DIR}/{}", args.slug);
    let text = frontmatter::region(&m, &RegionProfile { name: &name, kind }, &[], lang);
    let mut files = vec![NewFile::new(format!("{dir}/_index.md"), text)];
    keep_folder(&args.common, &format!("{dir}/evidence"), &mut files);
    write(&args.common, files, &m, Level::Region, lang)
}

fn innovation(args: &NewInnovationArgs) -> Result<u8, u8> {
    let (m, lang) = site_methodology(&args.common)?;
    slug_or_fail(&args.region, lang)?;
    slug_or_fail(&args.slug, lang)?;
    region_or_fail(&args.common, &args.region, lang)?;
    let stages = &vocabulary::get().stages;
    let stage = match &args.stage {
        Some(stage) => term_or_fail(stage, stages, "--stage", lang)?,
        None => stages.first().map_or("inisiatif", |s| s.id.as_str()),
    };
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| scaffold::title_from_slug(&args.slug));
    let profile = InnovationProfile {
        title: &title,
        stage,
        slug: &args.slug,
    };
    let dir = format!("{CONTENT_DIR}/{}", args.region);
    let mut files = vec![NewFile::new(
        format!("{dir}/{}.md", args.slug),
        frontmatter::innovation(&m, &profile, &[], lang),
    )];
    keep_folder(
        &args.common,
        &format!("{dir}/evidence/{}", args.slug),
        &mut files,
    );
    write(&args.common, files, &m, Level::Innovation, lang)
}

/// The methodology named in site.yaml and the language of messages; or the exit code after
/// printing why they cannot be read.
pub(crate) fn site_methodology(common: &Common) -> Result<(Methodology, Lang), u8> {
    let fallback = match common.lang {
        Some(LangArg::En) => Lang::En,
        _ => Lang::Id,
    };
    let fail = |diags: lumbung::diagnostics::Diagnostics, code: u8| {
        eprint!(
            "{}",
            report::human(
                &diags,
                &report::read_source(&common.root),
                fallback,
                color()
            )
        );
        code
    };
    let config = config::load(&common.root).map_err(|d| {
        let missing =
            d.0.iter()
                .any(|x| x.code == lumbung::diagnostics::Code::SiteConfigMissing);
        fail(
            d,
            if missing {
                USAGE
            } else {
                super::CONTENT_ERRORS
            },
        )
    })?;
    let m = methodology::load_named(&config.methodology, &common.root, config.methodology_at)
        .map_err(|d| fail(d, super::CONTENT_ERRORS))?;
    let lang = match common.lang {
        Some(LangArg::Id) => Lang::Id,
        Some(LangArg::En) => Lang::En,
        None => config.language,
    };
    Ok((m, lang))
}

/// Writes the files (and the schemas when missing), then says what to do next.
fn write(
    common: &Common,
    mut files: Vec<NewFile>,
    m: &Methodology,
    level: Level,
    lang: Lang,
) -> Result<u8, u8> {
    let main = files[0].path.clone();
    let schemas: Vec<NewFile> = site::schema_files(m, lang)
        .into_iter()
        .filter(|f| !common.root.join(&f.path).exists())
        .collect();
    files.extend(schemas.iter().cloned());
    scaffold::write_new(&common.root, &files, false)
        .map_err(|err| report_write_error(&err, lang, ""))?;
    let count = m.indicators_at(level).count();
    let text = match lang {
        Lang::Id => format!("lumbung: menulis {main} ({count} indikator, semua belum diisi).\nPilih `option` setiap indikator dan tambahkan data dukung, lalu jalankan `lumbung check`."),
        Lang::En => format!("lumbung: wrote {main} ({count} indicators, none answered yet).\nChoose each indicator's `option` and add evidence, then run `lumbung check`."),
    };
    eprintln!("{text}");
    for schema in &schemas {
        eprintln!(
            "lumbung: {} {}",
            if lang == Lang::En { "wrote" } else { "menulis" },
            schema.path
        );
    }
    Ok(OK)
}

/// Adds `<folder>/.gitkeep` when the folder does not exist yet, so git keeps it.
fn keep_folder(common: &Common, folder: &str, files: &mut Vec<NewFile>) {
    if !common.root.join(folder).exists() {
        files.push(NewFile::new(format!("{folder}/.gitkeep"), ""));
    }
}

fn slug_or_fail(slug: &str, lang: Lang) -> Result<(), u8> {
    scaffold::check_slug(slug).map_err(|fixed| {
        let text = match lang {
            Lang::Id => format!("lumbung: `{slug}` bukan slug yang sah: pakai huruf kecil a-z, angka dan tanda -, mis. `{fixed}`."),
            Lang::En => format!("lumbung: `{slug}` is not a valid slug: use lower-case a-z, digits and -, e.g. `{fixed}`."),
        };
        eprintln!("{text}");
        USAGE
    })
}

fn term_or_fail<'a>(value: &str, terms: &'a [Term], flag: &str, lang: Lang) -> Result<&'a str, u8> {
    terms
        .iter()
        .find(|t| t.id == value)
        .map(|t| t.id.as_str())
        .ok_or_else(|| {
            let allowed = vocabulary::ids(terms).collect::<Vec<_>>().join(", ");
            let text = match lang {
                Lang::Id => format!(
                    "lumbung: {flag} `{value}` tidak dikenal. Nilai yang diizinkan: {allowed}."
                ),
                Lang::En => {
                    format!("lumbung: unknown {flag} `{value}`. Allowed values: {allowed}.")
                }
            };
            eprintln!("{text}");
            USAGE
        })
}

/// An innovation belongs in an existing region folder with its `_index.md`.
fn region_or_fail(common: &Common, region: &str, lang: Lang) -> Result<(), u8> {
    if common
        .root
        .join(CONTENT_DIR)
        .join(region)
        .join("_index.md")
        .is_file()
    {
        return Ok(());
    }
    let mut regions: Vec<String> = std::fs::read_dir(common.root.join(CONTENT_DIR))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("_index.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    regions.sort();
    let list = if regions.is_empty() {
        "-".to_string()
    } else {
        regions.join(", ")
    };
    let text = match lang {
        Lang::Id => format!("lumbung: wilayah `{region}` belum ada (tidak ada {CONTENT_DIR}/{region}/_index.md).\nWilayah yang ada: {list}.\nBuat dulu dengan `lumbung new region {region}`."),
        Lang::En => format!("lumbung: there is no region `{region}` (no {CONTENT_DIR}/{region}/_index.md).\nExisting regions: {list}.\nCreate it first with `lumbung new region {region}`."),
    };
    eprintln!("{text}");
    Err(USAGE)
}

/// Prints why nothing (or not everything) was written; gives the exit code.
pub(crate) fn report_write_error(err: &WriteError, lang: Lang, force_hint: &str) -> u8 {
    match err {
        WriteError::Exists(paths) => {
            let list: Vec<String> = paths.iter().map(|p| format!("  {}", p.display())).collect();
            let hint = match (lang, force_hint.is_empty()) {
                (Lang::Id, false) => {
                    format!("\nTimpa dengan `{force_hint}` bila memang itu yang Anda inginkan.")
                }
                (Lang::En, false) => {
                    format!("\nOverwrite them with `{force_hint}` if that is what you want.")
                }
                (_, true) => String::new(),
            };
            let head = match lang {
                Lang::Id => "lumbung: berkas ini sudah ada; tidak ada yang ditulis:",
                Lang::En => "lumbung: these files already exist; nothing was written:",
            };
            eprintln!("{head}\n{}{hint}", list.join("\n"));
        }
        WriteError::Io(path, err) => eprintln!("lumbung: {}: {err}", path.display()),
    }
    USAGE
}
