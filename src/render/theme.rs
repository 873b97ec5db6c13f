//! Themes: templates, static assets and interface strings.
//!
//! The default theme (`themes/default/`) is embedded in the binary. A site's
//! `themes/<name>/` may override any single file of it — a template, an asset, or some
//! interface strings (merged key by key) — and add new ones. Layout of a theme folder:
//! `templates/*.html`, `static/**` (copied to the output as is), `i18n/<lang>.yaml`.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Lang};
use crate::yaml::{self, Pos};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// A static file of the theme.
#[derive(Debug, Clone, PartialEq)]
pub enum Asset {
    Embedded(&'static [u8]),
    File(PathBuf),
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (path under `templates/`) → source.
    pub templates: BTreeMap<String, String>,
    /// Output path (path under `static/`) → content.
    pub assets: BTreeMap<String, Asset>,
    /// Interface strings per language (`t` in templates).
    pub strings: BTreeMap<Lang, serde_json::Value>,
}

/// The default theme with the site's overrides from `root/themes/<name>/` applied.
pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
    let mut theme = Theme::default();
    let mut diags = Diagnostics::default();
    for (path, bytes) in DEFAULT_THEME {
        add(
            &mut theme,
            path,
            Asset::Embedded(bytes),
            bytes,
            &format!("<default>/{path}"),
            &mut diags,
        );
    }
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        let walker = walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name();
        for entry in walker
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            let label = format!("themes/{name}/{rel}");
            match std::fs::read(entry.path()) {
                Ok(bytes) => add(
                    &mut theme,
                    &rel,
                    Asset::File(entry.path().to_path_buf()),
                    &bytes,
                    &label,
                    &mut diags,
                ),
                Err(err) => diags.push(template_error(&label, &err.to_string())),
            }
        }
    } else if name != "default" {
        diags.push(template_error(
            &format!("themes/{name}"),
            "the theme folder does not exist",
        ));
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(theme)
    }
}

fn add(
    theme: &mut Theme,
    rel: &str,
    asset: Asset,
    bytes: &[u8],
    label: &str,
    diags: &mut Diagnostics,
) {
    if rel.split('/').any(|part| part.starts_with('.')) {
        return;
    }
    if let Some(name) = rel.strip_prefix("templates/") {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                theme.templates.insert(name.to_string(), text.to_string());
            }
            Err(_) => diags.push(template_error(label, "not UTF-8 text")),
        }
    } else if let Some(path) = rel.strip_prefix("static/") {
        theme.assets.insert(path.to_string(), asset);
    } else if let Some(file) = rel.strip_prefix("i18n/") {
        let Some(lang) = file.strip_suffix(".yaml").and_then(Lang::parse) else {
            return;
        };
        let text = String::from_utf8_lossy(bytes);
        let parsed = yaml::parse(&text, 0);
        if let Some(err) = parsed.errors.first() {
            diags.push(Diagnostic::from_yaml(label, err));
            return;
        }
        let value = parsed.root.map(|r| r.to_json()).unwrap_or_default();
        merge(
            theme.strings.entry(lang).or_insert(serde_json::Value::Null),
            value,
        );
    }
}

/// Deep merge: keys of `over` replace those of `base`, nested maps merge.
fn merge(base: &mut serde_json::Value, over: serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(base), serde_json::Value::Object(over)) => {
            for (k, v) in over {
                merge(base.entry(k).or_insert(serde_json::Value::Null), v);
            }
        }
        (base, over) => *base = over,
    }
}

/// A theme problem, located in the template or theme file.
pub fn template_error(label: &str, detail: &str) -> Diagnostic {
    Diagnostic::new(Code::TemplateError, label, Pos::default())
        .arg("template", label)
        .arg("detail", detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(value: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
        if let serde_json::Value::Object(map) = value {
            for (k, v) in map {
                keys(v, &format!("{prefix}{k}."), out);
            }
        } else {
            out.push(prefix.trim_end_matches('.').to_string());
        }
    }

    #[test]
    fn every_interface_string_exists_in_every_language() {
        let theme = load(Path::new("/nonexistent"), "default").expect("default theme");
        let mut id = Vec::new();
        let mut en = Vec::new();
        keys(&theme.strings[&Lang::Id], "", &mut id);
        keys(&theme.strings[&Lang::En], "", &mut en);
        assert!(!id.is_empty());
        assert_eq!(id, en);
    }

    #[test]
    fn a_site_theme_overrides_single_files_and_strings() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let dir = tmp.path().join("themes/default");
        std::fs::create_dir_all(dir.join("templates"))?;
        std::fs::create_dir_all(dir.join("i18n"))?;
        std::fs::write(dir.join("templates/404.html"), "custom")?;
        std::fs::write(dir.join("i18n/id.yaml"), "site_name_suffix: X\n")?;
        let theme = load(tmp.path(), "default").expect("theme");
        assert_eq!(theme.templates["404.html"], "custom");
        assert!(theme.templates.contains_key("base.html"));
        assert_eq!(theme.strings[&Lang::Id]["site_name_suffix"], "X");
        Ok(())
    }

    #[test]
    fn a_missing_named_theme_is_an_error() {
        assert!(load(Path::new("/nonexistent"), "nope").is_err());
    }
}
