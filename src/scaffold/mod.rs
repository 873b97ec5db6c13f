//! Scaffolding for editors: the files `lumbung init` and `lumbung new` write, and the
//! JSON Schemas `lumbung schema` writes.
//!
//! Takes a [`Methodology`](crate::methodology::Methodology) (never a hard-coded indicator list) and gives file texts:
//! [`frontmatter`] renders region and innovation files with every indicator of the right
//! level pre-filled as an empty answer plus its options, scores and evidence as YAML
//! comments; [`schema`] renders JSON Schemas of the same front matter; [`site`] renders
//! a whole new portfolio. Everything but [`write_new`] is pure. Invariants: a freshly
//! rendered file validates with no errors (missing indicators are warnings), and
//! [`write_new`] never overwrites a file unless asked to.

pub mod frontmatter;
pub mod schema;
pub mod site;

use crate::diagnostics::Lang;
use crate::fields::{is_slug, slugify};
use crate::methodology::Indicator;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where `init` and `schema` put the JSON Schemas, relative to the site root.
pub const SCHEMA_DIR: &str = "schemas";
pub const REGION_SCHEMA: &str = "region.schema.json";
pub const INNOVATION_SCHEMA: &str = "innovation.schema.json";

/// A file to create, at a `/`-separated path relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub path: String,
    pub contents: String,
}

impl NewFile {
    pub fn new(path: impl Into<String>, contents: impl Into<String>) -> Self {
        NewFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// Why [`write_new`] wrote nothing (or stopped).
#[derive(Debug)]
pub enum WriteError {
    /// These files already exist; nothing was written.
    Exists(Vec<PathBuf>),
    /// Reading or writing this path failed.
    Io(PathBuf, std::io::Error),
}

/// Writes `files` under `root`, creating folders. Without `force`, refuses (and writes
/// nothing) when any of them exists, and creates each file with `create_new`, so a file
/// appearing meanwhile is not overwritten either. With `force`, each file is written
/// beside its target and renamed over it: an existing file is replaced whole or not at
/// all.
pub fn write_new(root: &Path, files: &[NewFile], force: bool) -> Result<Vec<PathBuf>, WriteError> {
    let paths: Vec<PathBuf> = files.iter().map(|f| root.join(&f.path)).collect();
    if !force {
        let existing: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
        if !existing.is_empty() {
            return Err(WriteError::Exists(existing));
        }
    }
    for (file, path) in files.iter().zip(&paths) {
        let written = if force {
            replace(path, &file.contents)
        } else {
            create(path, &file.contents)
        };
        written.map_err(|err| WriteError::Io(path.clone(), err))?;
    }
    Ok(paths)
}

/// Creates a file that must not exist yet.
fn create(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

/// Writes `path` through a temporary sibling and a rename.
fn replace(path: &Path, contents: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.lumbung-tmp"));
    let _ = std::fs::remove_file(&temp);
    create(&temp, contents)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// Checks a slug given on the command line; the error is the closest valid slug.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if is_slug(slug) {
        Ok(())
    } else {
        Err(slugify(slug))
    }
}

/// "kabupaten-hulu-sungai-selatan" → "Kabupaten Hulu Sungai Selatan".
pub fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The region kind a slug starts with (`kota-banjarbaru` → `kota`), if it names one.
pub fn kind_from_slug<'a>(slug: &str, kinds: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let first = slug.split('-').next().unwrap_or(slug);
    kinds.into_iter().find(|k| *k == first)
}

/// The `lang` version of a methodology or vocabulary text (Indonesian, maybe English).
pub(crate) fn pick<'a>(id: &'a str, en: Option<&'a str>, lang: Lang) -> &'a str {
    match lang {
        Lang::En => en.unwrap_or(id),
        Lang::Id => id,
    }
}

/// "16. Regulasi Inovasi Daerah": an indicator's number and name in `lang`.
pub(crate) fn indicator_title(def: &Indicator, lang: Lang) -> String {
    let name = pick(&def.name, def.name_en.as_deref(), lang);
    match &def.number {
        Some(number) => format!("{number}. {name}"),
        None => name.to_string(),
    }
}

/// An indicator's evidence hint in `lang`, else in the other language.
pub(crate) fn evidence_hint(def: &Indicator, lang: Lang) -> Option<&str> {
    let (id, en) = (
        def.evidence_hint.as_deref(),
        def.evidence_hint_en.as_deref(),
    );
    match lang {
        Lang::En => en.or(id),
        Lang::Id => id.or(en),
    }
}

/// A word from `words.yaml` in `lang`, with every `{name}` replaced from `args`.
/// Unknown keys come back as `⟦key⟧` (a test keeps them from reaching users).
pub(crate) fn word(key: &str, lang: Lang, args: &[(&str, &str)]) -> String {
    let text = words()
        .get(&(key.to_string(), lang))
        .cloned()
        .unwrap_or_else(|| format!("⟦{key}⟧"));
    fill(&text, args)
}

/// Replaces every `{{name}}` (templates) or `{name}` (words) with its value.
pub(crate) fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{{{name}}}}}"), value)
                .replace(&format!("{{{name}}}"), value)
        })
}

fn words() -> &'static HashMap<(String, Lang), String> {
    static WORDS: OnceLock<HashMap<(String, Lang), String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let root = crate::yaml::parse(include_str!("words.yaml"), 0).root;
        let mut table = HashMap::new();
        for (key, entry) in root.as_ref().and_then(|r| r.as_map()).unwrap_or_default() {
            for lang in Lang::ALL {
                if let Some(text) = entry.get(lang.code()).and_then(|n| n.as_str()) {
                    table.insert((key.text.clone(), lang), text.to_string());
                }
            }
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_exists_in_every_language() {
        let keys: std::collections::BTreeSet<&String> = words().keys().map(|(k, _)| k).collect();
        assert!(keys.len() > 20, "words.yaml did not parse: {keys:?}");
        for key in keys {
            for lang in Lang::ALL {
                assert!(
                    words().contains_key(&(key.clone(), lang)),
                    "{key} has no {lang:?} text"
                );
            }
        }
    }

    #[test]
    fn titles_and_kinds_are_read_from_slugs() {
        assert_eq!(
            title_from_slug("kabupaten-hulu-sungai-selatan"),
            "Kabupaten Hulu Sungai Selatan"
        );
        assert_eq!(title_from_slug("sipandai"), "Sipandai");
        let kinds = ["provinsi", "kabupaten", "kota"];
        assert_eq!(kind_from_slug("kota-banjarbaru", kinds), Some("kota"));
        assert_eq!(kind_from_slug("banjar", kinds), None);
    }

    #[test]
    fn bad_slugs_come_back_with_a_fixed_suggestion() {
        assert_eq!(check_slug("kota-banjarbaru"), Ok(()));
        assert_eq!(
            check_slug("Kota Banjarbaru"),
            Err("kota-banjarbaru".to_string())
        );
    }

    #[test]
    fn existing_files_are_never_overwritten_without_force() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        std::fs::write(tmp.path().join("a.txt"), "keep")?;
        let files = [NewFile::new("a.txt", "new"), NewFile::new("b/c.txt", "c")];
        match write_new(tmp.path(), &files, false) {
            Err(WriteError::Exists(paths)) => assert_eq!(paths, vec![tmp.path().join("a.txt")]),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(std::fs::read_to_string(tmp.path().join("a.txt"))?, "keep");
        assert!(
            !tmp.path().join("b/c.txt").exists(),
            "nothing is written when one file exists"
        );
        write_new(tmp.path(), &files, true).map_err(|e| std::io::Error::other(format!("{e:?}")))?;
        assert_eq!(std::fs::read_to_string(tmp.path().join("a.txt"))?, "new");
        assert!(
            !tmp.path().join(".a.txt.lumbung-tmp").exists(),
            "no temporary file is left"
        );
        assert_eq!(std::fs::read_to_string(tmp.path().join("b/c.txt"))?, "c");
        Ok(())
    }
}
