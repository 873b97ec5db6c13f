//! `site.yaml`: the site's title, address, languages, year, methodology and theme.
//! Takes the site root, gives a [`SiteConfig`] with defaults filled in, or the
//! diagnostics that explain why it cannot be read.

use crate::content;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Lang};
use crate::fields::{is_slug, Context, Fields, Spanned};
use crate::yaml::{self, Pos, Value};
use std::path::Path;

pub const FILE: &str = "site.yaml";

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "year",
    "methodology",
    "theme",
    "notice",
];
const CTX: Context = Context {
    id: "site.yaml",
    en: "site.yaml",
};

#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    /// Shown on the home page and in meta descriptions, per language.
    pub description: Vec<(Lang, String)>,
    /// Absolute address of the published site, always ending in `/`.
    pub base_url: String,
    /// The default language (rendered at the site root).
    pub language: Lang,
    /// Every language rendered; the default first, others under `/<code>/`.
    pub languages: Vec<Lang>,
    pub year: Option<i32>,
    /// An embedded methodology id or a path relative to the site root.
    pub methodology: String,
    /// Where `methodology:` is written (for problems reading the file it names).
    pub methodology_at: Pos,
    pub theme: String,
    /// A banner shown on every page (e.g. "illustrative data"), per language.
    pub notice: Vec<(Lang, String)>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: String::new(),
            description: Vec::new(),
            base_url: "/".into(),
            language: Lang::Id,
            languages: vec![Lang::Id],
            year: None,
            methodology: "iid-2023".into(),
            methodology_at: Pos::default(),
            theme: "default".into(),
            notice: Vec::new(),
        }
    }
}

impl SiteConfig {
    /// The notice in `lang`, falling back to the default language's.
    pub fn notice(&self, lang: Lang) -> Option<&str> {
        localized(&self.notice, lang, self.language)
    }

    /// The description in `lang`, falling back to the default language's ("" if none).
    pub fn description(&self, lang: Lang) -> &str {
        localized(&self.description, lang, self.language).unwrap_or_default()
    }

    /// The path part of `base_url` ("/" or "/portal/").
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

/// Reads `root/site.yaml`.
pub fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
    let text = read(root)?;
    let mut diags = Diagnostics::default();
    let config = parse(&text, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(config)
    }
}

/// Reads `root/site.yaml` keeping what is valid, defaults for the rest; `None` when
/// the file cannot be read at all. For checking content despite a site.yaml mistake.
pub fn load_lenient(root: &Path) -> Option<SiteConfig> {
    let text = read(root).ok()?;
    Some(parse(&text, &mut Diagnostics::default()))
}

/// The text of `root/site.yaml`: a bounded regular file in UTF-8.
fn read(root: &Path) -> Result<String, Diagnostics> {
    let path = root.join(FILE);
    let bytes =
        content::read_bounded(&path, content::MAX_FRONT_MATTER_BYTES as u64).map_err(|err| {
            let d = match err {
                content::ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let shown = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
                    Diagnostic::new(Code::SiteConfigMissing, FILE, Pos::default())
                        .arg("root", shown.display().to_string())
                }
                other => content::read_error(FILE, &other, content::MAX_FRONT_MATTER_BYTES as u64),
            };
            Diagnostics(vec![d])
        })?;
    let mut diags = Diagnostics::default();
    content::decode(FILE, bytes, &mut diags).ok_or(diags)
}

/// Parses site.yaml text, reporting problems into `diags`.
pub fn parse(text: &str, diags: &mut Diagnostics) -> SiteConfig {
    let mut config = SiteConfig::default();
    let parsed = yaml::parse(text, 0);
    for err in &parsed.errors {
        diags.push(Diagnostic::from_yaml(FILE, err));
    }
    let Some(root) = parsed.root else {
        return config;
    };
    let Some(mut f) = Fields::new(
        &root,
        FILE,
        CTX,
        KEYS,
        "title: Portal Inovasi Daerah",
        diags,
    ) else {
        return config;
    };
    config.title = f
        .required_text("title", "title: Portal Inovasi Daerah")
        .map(|s| s.value)
        .unwrap_or_default();
    config.description = localized_field(
        &mut f,
        "description",
        "description: Portofolio inovasi daerah",
    );
    if let Some(url) = f.text("base_url", "base_url: https://inovasi.example.go.id/") {
        if content::is_http_url(&url.value) || url.value.starts_with('/') {
            config.base_url = if url.value.ends_with('/') {
                url.value
            } else {
                format!("{}/", url.value)
            };
        } else {
            let reason = (
                "bukan alamat http(s) lengkap atau jalur yang diawali `/`",
                "not a full http(s) address nor a path starting with `/`",
            );
            f.diags.push(invalid(
                &url,
                "base_url",
                reason,
                "base_url: https://inovasi.example.go.id/",
            ));
        }
    }
    if let Some(lang) = language(&mut f, "language") {
        config.language = lang;
    }
    let languages: Vec<Lang> = f
        .text_list("languages", "languages: [id, en]")
        .into_iter()
        .filter_map(|code| lang_or_report(&mut f, &code.value, code.pos))
        .collect();
    config.languages = std::iter::once(config.language)
        .chain(languages.into_iter().filter(|l| *l != config.language))
        .collect();
    config.languages.dedup();
    config.year = year(&mut f);
    if let Some(m) = f.text("methodology", "methodology: iid-2023") {
        if stays_inside(&m.value) {
            config.methodology = m.value;
            config.methodology_at = m.pos;
        } else {
            let reason = (
                "berkas metodologi harus berada di dalam folder portofolio",
                "a methodology file must be inside the portfolio folder",
            );
            f.diags.push(invalid(
                &m,
                "methodology",
                reason,
                "methodology: metodologi/iid-2023-daerah.yaml",
            ));
        }
    }
    if let Some(t) = f.text("theme", "theme: default") {
        if is_slug(&t.value) {
            config.theme = t.value;
        } else {
            let reason = (
                "nama tema adalah nama folder di themes/ (huruf kecil, angka, tanda hubung)",
                "a theme is the name of a folder in themes/ (lower case, digits, hyphens)",
            );
            f.diags.push(invalid(&t, "theme", reason, "theme: default"));
        }
    }
    config.notice = localized_field(
        &mut f,
        "notice",
        "notice: Data ilustratif, bukan data resmi",
    );
    config
}

/// `year:` — a whole year between 1900 and 2200, like the years of `history`.
fn year(f: &mut Fields<'_>) -> Option<i32> {
    let year = f.number("year", "year: 2023")?;
    let whole = year.value.fract() == 0.0 && (1900.0..=2200.0).contains(&year.value);
    if whole {
        return Some(year.value as i32);
    }
    let text = Spanned::new(
        year.value.to_string(),
        year.pos,
        f.node("year").map_or(1, |n| n.len as usize),
    );
    let reason = (
        "bukan tahun antara 1900 dan 2200",
        "not a year between 1900 and 2200",
    );
    f.diags.push(invalid(&text, "year", reason, "year: 2023"));
    None
}

/// A relative path without `..`: it cannot name a file outside the site root.
fn stays_inside(path: &str) -> bool {
    let absolute = path.starts_with(['/', '\\']) || path.as_bytes().get(1) == Some(&b':');
    !absolute && !path.split(['/', '\\']).any(|part| part == "..")
}

fn invalid(
    value: &Spanned<String>,
    field: &str,
    reason: (&str, &str),
    example: &str,
) -> Diagnostic {
    Diagnostic::new(Code::InvalidValue, FILE, value.pos)
        .span(value.len as usize)
        .arg("value", value.as_str())
        .arg("field", field)
        .arg_lang("reason", reason.0, reason.1)
        .arg_lang(
            "example",
            format!("Contoh: `{example}`"),
            format!("Example: `{example}`"),
        )
}

fn language(f: &mut Fields<'_>, key: &str) -> Option<Lang> {
    let code = f.text(key, "language: id")?;
    lang_or_report(f, &code.value, code.pos)
}

fn lang_or_report(f: &mut Fields<'_>, code: &str, pos: Pos) -> Option<Lang> {
    let lang = Lang::parse(code);
    if lang.is_none() {
        let d = Diagnostic::new(Code::UnknownValue, FILE, pos)
            .span(code.chars().count())
            .arg("value", code)
            .arg("field", "language")
            .suggest(code, Lang::ALL.iter().map(|l| l.code()));
        f.diags.push(d);
    }
    lang
}

/// A text in one language of `texts`, else in `default`.
fn localized(texts: &[(Lang, String)], lang: Lang, default: Lang) -> Option<&str> {
    let find = |l: Lang| {
        texts
            .iter()
            .find(|(tl, _)| *tl == l)
            .map(|(_, t)| t.as_str())
    };
    find(lang).or_else(|| find(default))
}

/// `notice:` and `description:` are a text (every language) or a mapping per
/// language (`{id: …, en: …}`).
fn localized_field(f: &mut Fields<'_>, key: &str, example: &str) -> Vec<(Lang, String)> {
    match f.node(key).map(|n| &n.value) {
        Some(Value::Map(entries)) => entries
            .iter()
            .filter_map(|(k, v)| Some((Lang::parse(&k.text)?, v.as_str()?.to_string())))
            .collect(),
        Some(_) => f
            .text(key, example)
            .map(|t| Lang::ALL.iter().map(|l| (*l, t.value.clone())).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_and_notice_may_be_given_per_language() {
        let mut diags = Diagnostics::default();
        let text = "title: T\nlanguages: [id, en]\ndescription: {id: Portal, en: Portal (EN)}\nnotice: Satu teks\n";
        let config = parse(text, &mut diags);
        assert!(diags.0.is_empty(), "{diags:?}");
        assert_eq!(config.description(Lang::Id), "Portal");
        assert_eq!(config.description(Lang::En), "Portal (EN)");
        assert_eq!(config.notice(Lang::En), Some("Satu teks"));
    }

    #[test]
    fn defaults_are_filled_in() {
        let mut diags = Diagnostics::default();
        let config = parse(
            "title: T\nbase_url: https://x.go.id/portal\nlanguages: [en]\n",
            &mut diags,
        );
        assert!(diags.0.is_empty(), "{diags:?}");
        assert_eq!(config.base_url, "https://x.go.id/portal/");
        assert_eq!(config.base_path(), "/portal/");
        assert_eq!(config.languages, vec![Lang::Id, Lang::En]);
        assert_eq!(config.methodology, "iid-2023");
    }

    #[test]
    fn paths_out_of_the_site_and_odd_addresses_are_refused() {
        let mut diags = Diagnostics::default();
        let text = "title: T\nbase_url: javascript:alert(1)\nmethodology: ../../etc/m.yaml\ntheme: ../../..\nyear: 1e10\n";
        let config = parse(text, &mut diags);
        let found: Vec<(Code, u32)> = diags
            .sorted()
            .0
            .iter()
            .map(|d| (d.code, d.pos.line))
            .collect();
        let lines = [2, 3, 4, 5].map(|line| (Code::InvalidValue, line));
        assert_eq!(found, lines);
        assert_eq!(config.year, None);
        assert_eq!(
            (config.base_url.as_str(), config.theme.as_str()),
            ("/", "default")
        );
        let mut diags = Diagnostics::default();
        parse(
            "title: T\nbase_url: /portal\nmethodology: data/iid.yaml\ntheme: biru-2\n",
            &mut diags,
        );
        assert!(diags.0.is_empty(), "{diags:?}");
    }

    #[test]
    fn unknown_languages_and_keys_are_reported() {
        let mut diags = Diagnostics::default();
        parse("title: T\nlanguage: fr\ntheem: x\n", &mut diags);
        let codes: Vec<Code> = diags.0.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::UnknownKey, Code::UnknownValue]);
    }
}
