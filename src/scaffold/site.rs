//! A whole new portfolio for `lumbung init`: site.yaml, one example region with one
//! answered indicator and its evidence file, one example innovation, the JSON Schemas,
//! CI workflows for GitHub Pages and GitLab Pages, `.gitignore` and VS Code tasks.
//!
//! Takes the methodology and a few choices ([`InitOptions`]); gives [`NewFile`]s. The
//! templates live in `templates/<lang>/` (Indonesian and English comments; a test keeps
//! their non-comment lines equal). Invariant: the files build with no errors as they are.

use super::frontmatter::{self, InnovationProfile, Prefill, RegionProfile};
use super::{fill, schema, title_from_slug, NewFile, INNOVATION_SCHEMA, REGION_SCHEMA, SCHEMA_DIR};
use crate::content::vocabulary;
use crate::diagnostics::Lang;
use crate::methodology::{Level, Methodology, EMBEDDED};

/// The example region and innovation `init` writes.
pub const EXAMPLE_REGION: &str = "kabupaten-contoh";
pub const EXAMPLE_INNOVATION: &str = "inovasi-contoh";
/// The example evidence file, relative to the example region's folder.
pub const EXAMPLE_EVIDENCE: &str = "evidence/contoh-data-dukung.txt";
/// Written in the CI files when the lumbung repository is not known at build time;
/// the workflows stop with a clear message until it is replaced.
pub const REPO_PLACEHOLDER: &str = "https://github.com/GANTI-PEMILIK/lumbung";

/// What `init` asks for (all with defaults).
#[derive(Debug, Clone)]
pub struct InitOptions {
    pub title: String,
    pub base_url: String,
    pub year: i32,
    /// The git repository CI installs lumbung from.
    pub lumbung_repo: String,
    /// The branch, tag or commit CI installs.
    pub lumbung_ref: String,
}

impl Default for InitOptions {
    fn default() -> Self {
        let repo = option_env!("CARGO_PKG_REPOSITORY")
            .filter(|r| !r.is_empty())
            .unwrap_or(REPO_PLACEHOLDER);
        InitOptions {
            title: "Portal Inovasi Daerah".into(),
            base_url: "https://inovasi.example.go.id/".into(),
            year: 2023,
            lumbung_repo: repo.into(),
            lumbung_ref: "main".into(),
        }
    }
}

/// Every file of a new portfolio whose site.yaml names `m` (by its id).
pub fn files(m: &Methodology, opts: &InitOptions, lang: Lang) -> Vec<NewFile> {
    let year = opts.year.to_string();
    let methodologies = EMBEDDED
        .iter()
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(", ");
    let site = fill(
        template("site.yaml", lang),
        &[
            ("title", &frontmatter::scalar(&opts.title)),
            ("base_url", &frontmatter::scalar(&opts.base_url)),
            ("year", &year),
            ("methodology", &m.doc.id),
            ("methodologies", &methodologies),
        ],
    );
    let ci = [
        ("lumbung_repo", opts.lumbung_repo.as_str()),
        ("lumbung_ref", opts.lumbung_ref.as_str()),
    ];
    let region_dir = format!("content/{EXAMPLE_REGION}");
    let mut files = vec![
        NewFile::new(crate::config::FILE, site),
        NewFile::new(format!("{region_dir}/_index.md"), example_region(m, lang)),
        NewFile::new(
            format!("{region_dir}/{EXAMPLE_EVIDENCE}"),
            template("evidence.txt", lang),
        ),
        NewFile::new(
            format!("{region_dir}/{EXAMPLE_INNOVATION}.md"),
            example_innovation(m, lang),
        ),
        NewFile::new(
            format!("{region_dir}/evidence/{EXAMPLE_INNOVATION}/.gitkeep"),
            "",
        ),
        NewFile::new(
            ".github/workflows/lumbung.yml",
            fill(template("github-workflow.yml", lang), &ci),
        ),
        NewFile::new(".gitlab-ci.yml", fill(template("gitlab-ci.yml", lang), &ci)),
        NewFile::new(GITIGNORE, template("gitignore", lang)),
        NewFile::new(
            ".vscode/extensions.json",
            template("vscode-extensions.json", lang),
        ),
        NewFile::new(".vscode/tasks.json", template("vscode-tasks.json", lang)),
    ];
    files.extend(schema_files(m, lang));
    files
}

/// The two JSON Schemas, at `schemas/` under the site root.
pub fn schema_files(m: &Methodology, lang: Lang) -> Vec<NewFile> {
    [
        (REGION_SCHEMA, schema::region(m, lang)),
        (INNOVATION_SCHEMA, schema::innovation(m, lang)),
    ]
    .into_iter()
    .map(|(name, value)| {
        let text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
        NewFile::new(format!("{SCHEMA_DIR}/{name}"), text)
    })
    .collect()
}

pub const GITIGNORE: &str = ".gitignore";

/// An existing `.gitignore` with lumbung's lines added, or None when it has them.
pub fn merge_gitignore(existing: &str, lang: Lang) -> Option<String> {
    let has = |line: &str| {
        existing
            .lines()
            .any(|l| l.trim() == line || l.trim() == line.trim_end_matches('/'))
    };
    let missing: Vec<&str> = template("gitignore", lang)
        .lines()
        .filter(|l| !l.starts_with('#') && !has(l))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mut merged = existing.to_string();
    if !merged.is_empty() && !merged.ends_with('\n') {
        merged.push('\n');
    }
    merged.push_str(template("gitignore", lang));
    Some(merged)
}

/// The example region: every indicator empty except the first, answered with its
/// lowest non-zero option and the example evidence file.
fn example_region(m: &Methodology, lang: Lang) -> String {
    let first = m
        .indicators_at(Level::Region)
        .next()
        .map(|i| m.indicator(i));
    let option = first.and_then(|def| {
        def.options
            .iter()
            .find(|o| o.score > 0.0)
            .or(def.options.first())
    });
    let evidence_title = match lang {
        Lang::Id => "Contoh data dukung (ganti dengan dokumen asli)",
        Lang::En => "Example evidence (replace with the real document)",
    };
    let count = first.map_or(1, |def| def.evidence_min.max(1)) as usize;
    let evidence: Vec<(&str, &str)> = vec![(evidence_title, EXAMPLE_EVIDENCE); count];
    let prefill: Vec<Prefill<'_>> = match (first, option) {
        (Some(def), Some(option)) => vec![Prefill {
            indicator: &def.id,
            option: &option.id,
            evidence: &evidence,
        }],
        _ => Vec::new(),
    };
    let kind = vocabulary::get()
        .kinds
        .iter()
        .map(|k| k.id.as_str())
        .find(|k| EXAMPLE_REGION.starts_with(k));
    let profile = RegionProfile {
        name: &title_from_slug(EXAMPLE_REGION),
        kind: kind.unwrap_or("kabupaten"),
    };
    frontmatter::region(m, &profile, &prefill, lang)
}

fn example_innovation(m: &Methodology, lang: Lang) -> String {
    let stage = vocabulary::get()
        .stages
        .first()
        .map_or("inisiatif", |s| s.id.as_str());
    let profile = InnovationProfile {
        title: &title_from_slug(EXAMPLE_INNOVATION),
        stage,
        slug: EXAMPLE_INNOVATION,
    };
    frontmatter::innovation(m, &profile, &[], lang)
}

/// An embedded template in `lang`.
fn template(name: &str, lang: Lang) -> &'static str {
    TEMPLATES
        .iter()
        .find(|(n, l, _)| *n == name && *l == lang)
        .map_or("", |(_, _, text)| text)
}

const TEMPLATES: &[(&str, Lang, &str)] = &[
    (
        "site.yaml",
        Lang::Id,
        include_str!("templates/id/site.yaml"),
    ),
    (
        "site.yaml",
        Lang::En,
        include_str!("templates/en/site.yaml"),
    ),
    (
        "github-workflow.yml",
        Lang::Id,
        include_str!("templates/id/github-workflow.yml"),
    ),
    (
        "github-workflow.yml",
        Lang::En,
        include_str!("templates/en/github-workflow.yml"),
    ),
    (
        "gitlab-ci.yml",
        Lang::Id,
        include_str!("templates/id/gitlab-ci.yml"),
    ),
    (
        "gitlab-ci.yml",
        Lang::En,
        include_str!("templates/en/gitlab-ci.yml"),
    ),
    (
        "gitignore",
        Lang::Id,
        include_str!("templates/id/gitignore"),
    ),
    (
        "gitignore",
        Lang::En,
        include_str!("templates/en/gitignore"),
    ),
    (
        "evidence.txt",
        Lang::Id,
        include_str!("templates/id/evidence.txt"),
    ),
    (
        "evidence.txt",
        Lang::En,
        include_str!("templates/en/evidence.txt"),
    ),
    (
        "vscode-tasks.json",
        Lang::Id,
        include_str!("templates/id/vscode-tasks.json"),
    ),
    (
        "vscode-tasks.json",
        Lang::En,
        include_str!("templates/en/vscode-tasks.json"),
    ),
    (
        "vscode-extensions.json",
        Lang::Id,
        include_str!("templates/vscode-extensions.json"),
    ),
    (
        "vscode-extensions.json",
        Lang::En,
        include_str!("templates/vscode-extensions.json"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines that carry behaviour: not comments, not human-readable names or messages.
    fn logic(text: &str) -> Vec<&str> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#') && !l.starts_with("//"))
            .filter(|l| !l.contains("name:") && !l.contains("\"label\"") && !l.contains("echo \""))
            .map(|l| l.split(" #").next().unwrap_or(l).trim_end())
            .collect()
    }

    #[test]
    fn templates_differ_between_languages_only_in_words() {
        for name in [
            "site.yaml",
            "github-workflow.yml",
            "gitlab-ci.yml",
            "gitignore",
            "vscode-tasks.json",
        ] {
            let (id, en) = (template(name, Lang::Id), template(name, Lang::En));
            assert!(!id.is_empty() && id != en, "{name} needs both languages");
            assert_eq!(logic(id), logic(en), "{name}");
        }
    }

    #[test]
    fn gitignore_lines_are_added_once() {
        let merged = merge_gitignore("target/", Lang::Id).expect("public/ is missing");
        assert!(
            merged.starts_with("target/\n") && merged.contains("\npublic/\n"),
            "{merged}"
        );
        assert_eq!(merge_gitignore(&merged, Lang::En), None);
        assert!(
            merge_gitignore("/public\n", Lang::Id).is_some(),
            "/public is not public/"
        );
        assert_eq!(merge_gitignore("public\n", Lang::Id), None);
    }
}
