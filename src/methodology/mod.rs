//! The index methodology as data: types mirroring `methodology-format.md`, loading
//! (embedded ids such as `iid-2023`, or a YAML file named in site.yaml), and the
//! self-check run on load.
//!
//! Takes YAML text, gives a [`Methodology`]: the document itself (serialized again as
//! `data/methodology.json`) plus flat lookup tables the scorer and validator use.
//! Invariant after a successful load: ids are unique, every option id is unique within
//! its indicator, scores are finite and ≥ 0, predicates are ordered highest first, and
//! every variable and affair a rule refers to exists. No IID rule lives in Rust.

mod check;

use crate::content::ReadError;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::yaml::{self, Pos};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Methodologies compiled into the binary, by id.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("iid-2023", include_str!("iid-2023.yaml")),
    ("iid-2025", include_str!("iid-2025.yaml")),
];

/// The stages of the content format; `counted_stages` defaults to all of them.
pub(crate) const ALL_STAGES: [&str; 3] = ["inisiatif", "uji-coba", "penerapan"];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub sources: Vec<Source>,
    pub predicates: Vec<Predicate>,
    #[serde(default = "default_divisor_min")]
    pub innovation_divisor_min: f64,
    #[serde(default = "default_counted_stages")]
    pub counted_stages: Vec<String>,
    #[serde(default)]
    pub innovation_count: Option<InnovationCount>,
    #[serde(default)]
    pub basic_services: Vec<String>,
    #[serde(default)]
    pub affairs: Vec<Term>,
    pub aspects: Vec<Aspect>,
}

fn default_divisor_min() -> f64 {
    1.0
}

fn default_counted_stages() -> Vec<String> {
    ALL_STAGES.iter().map(|s| s.to_string()).collect()
}

fn default_evidence_min() -> u32 {
    1
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Predicate {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    pub min: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InnovationCount {
    pub variable: String,
    pub per_innovation: f64,
    pub cap: f64,
    #[serde(default)]
    pub basic_services_min: Option<u32>,
}

/// An id with its labels (affairs, and the content vocabularies).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Region,
    Innovation,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Aspect {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub level: Level,
    pub variables: Vec<Variable>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub indicators: Vec<Indicator>,
}

/// Indicator numbers are `1` or `"2a"` in the official tables.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Number {
    Int(u32),
    Text(String),
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(n) => write!(f, "{n}"),
            Number::Text(s) => f.write_str(s),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Number>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(default = "default_evidence_min")]
    pub evidence_min: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_hint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_hint_en: Option<String>,
    pub options: Vec<AnswerOption>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_en: Option<String>,
    pub score: f64,
}

/// Flat facts about one indicator, in methodology order.
#[derive(Debug, Clone)]
pub struct IndicatorInfo {
    pub level: Level,
    /// Index into [`Methodology::variables`].
    pub variable: usize,
    /// Position in the document: aspect, variable within it, indicator within that.
    pub path: (usize, usize, usize),
    /// The highest option score.
    pub max: f64,
    /// Index of an option with the highest score (the first such).
    pub best_option: usize,
}

/// Flat facts about one variable, in methodology order.
#[derive(Debug, Clone)]
pub struct VariableInfo {
    pub aspect: usize,
    pub path: (usize, usize),
    /// Σ of its region-level indicator maxima.
    pub region_max: f64,
    /// Σ of its innovation-level indicator maxima (per innovation).
    pub innovation_max: f64,
    /// Whether the innovation-count score belongs to it.
    pub has_count: bool,
}

/// A loaded, checked methodology.
#[derive(Debug, Clone)]
pub struct Methodology {
    pub doc: Document,
    pub indicators: Vec<IndicatorInfo>,
    pub variables: Vec<VariableInfo>,
    by_id: HashMap<String, usize>,
    /// Σ region maxima + Σ innovation maxima + cap × per_innovation.
    pub max_total: f64,
}

impl Methodology {
    /// Index of the indicator with this id.
    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn indicator(&self, index: usize) -> &Indicator {
        let (a, v, i) = self.indicators[index].path;
        &self.doc.aspects[a].variables[v].indicators[i]
    }

    pub fn variable(&self, index: usize) -> &Variable {
        let (a, v) = self.variables[index].path;
        &self.doc.aspects[a].variables[v]
    }

    /// Indices of the indicators answered at `level`, in methodology order.
    pub fn indicators_at(&self, level: Level) -> impl Iterator<Item = usize> + '_ {
        self.indicators
            .iter()
            .enumerate()
            .filter(move |(_, info)| info.level == level)
            .map(|(i, _)| i)
    }

    pub fn is_counted_stage(&self, stage: &str) -> bool {
        self.doc.counted_stages.iter().any(|s| s == stage)
    }

    pub fn affair(&self, id: &str) -> Option<&Term> {
        self.doc.affairs.iter().find(|a| a.id == id)
    }

    /// The count-score cap × points (0 without an `innovation_count` rule).
    pub fn count_max(&self) -> f64 {
        self.doc
            .innovation_count
            .as_ref()
            .map_or(0.0, |c| c.cap * c.per_innovation)
    }

    /// The predicate band index for a rounded IID (bands are highest first).
    pub fn predicate_index(&self, iid: f64) -> usize {
        self.doc
            .predicates
            .iter()
            .position(|p| p.min <= iid)
            .unwrap_or(self.doc.predicates.len().saturating_sub(1))
    }
}

/// Loads a methodology named in site.yaml: an embedded id, or a path to a YAML file
/// (relative paths against the site root). Diagnostics name the file and line.
pub fn load(spec: &str, root: &Path) -> Result<Methodology, Diagnostics> {
    load_named(spec, root, Pos::default())
}

/// [`load`] for the `methodology:` value at `at` in site.yaml, where a file that
/// cannot be read is reported. The file is read like content: a regular file inside
/// the site root (symbolic links included), of bounded size, in UTF-8.
pub fn load_named(spec: &str, root: &Path, at: Pos) -> Result<Methodology, Diagnostics> {
    if let Some((_, text)) = EMBEDDED.iter().find(|(id, _)| *id == spec) {
        return parse(text, &format!("<{spec}>"));
    }
    let unreadable = |id: String, en: String| {
        let known: Vec<&str> = EMBEDDED.iter().map(|(id, _)| *id).collect();
        let d = Diagnostic::new(Code::MethodologyInvalid, crate::config::FILE, at)
            .span(spec.chars().count())
            .arg_lang(
                "detail",
                format!("`{spec}`: {id}"),
                format!("`{spec}`: {en}"),
            )
            .suggest(spec, known);
        Diagnostics(vec![d])
    };
    let path = root.join(spec);
    let inside = match (path.canonicalize(), root.canonicalize()) {
        (Ok(file), Ok(root)) => file.starts_with(root),
        _ => true, // Not found: reported by the read below.
    };
    if !inside {
        return Err(unreadable(
            "berkas ini berada di luar folder portofolio (lewat tautan simbolik)".into(),
            "this file is outside the portfolio folder (through a symbolic link)".into(),
        ));
    }
    let bytes = crate::content::read_bounded(&path, MAX_FILE_BYTES).map_err(|err| match err {
        ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => unreadable(
            "bukan metodologi bawaan dan tidak ada berkas dengan nama ini".into(),
            "neither an embedded methodology nor an existing file".into(),
        ),
        ReadError::NotAFile => unreadable(
            "bukan berkas biasa (folder, pipa atau perangkat)".into(),
            "not a regular file (a folder, pipe or device)".into(),
        ),
        ReadError::TooLarge(size) => unreadable(
            format!("berkas {size} byte, lebih dari batas {MAX_FILE_BYTES} byte"),
            format!("the file has {size} bytes, more than the limit of {MAX_FILE_BYTES}"),
        ),
        ReadError::Io(e) => unreadable(e.to_string(), e.to_string()),
    })?;
    let mut diags = Diagnostics::default();
    let text = crate::content::decode(spec, bytes, &mut diags).ok_or(diags)?;
    parse(&text, spec)
}

/// Methodology files are small (the embedded ones ~50 KB); this bounds a mistake.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Parses and checks methodology YAML. `file` labels diagnostics.
pub fn parse(text: &str, file: &str) -> Result<Methodology, Diagnostics> {
    let parsed = yaml::parse(text, 0);
    if !parsed.errors.is_empty() {
        let diags = parsed.errors.iter().map(|e| Diagnostic::from_yaml(file, e));
        return Err(Diagnostics(diags.collect()));
    }
    let Some(root) = parsed.root else {
        let d = Diagnostic::new(Code::MethodologyInvalid, file, Pos { line: 1, col: 1 }).arg_lang(
            "detail",
            "berkasnya kosong",
            "the file is empty",
        );
        return Err(Diagnostics(vec![d]));
    };
    let located = |p: check::Problem| {
        let path: Vec<String> = p.path.split('.').map(str::to_string).collect();
        let mut d = Diagnostic::new(Code::MethodologyInvalid, file, root.locate(&path))
            .arg_lang("detail", p.id, p.en);
        d.suggestion = p.suggestion;
        d
    };
    let doc: Document = match serde_path_to_error::deserialize(root.to_json()) {
        Ok(doc) => doc,
        Err(err) => {
            // Segments read `aspects`, `[0]`, `level`; the tree is indexed by `0`.
            let path: Vec<String> = err
                .path()
                .iter()
                .map(|s| s.to_string().trim_matches(['[', ']']).to_string())
                .collect();
            let problem = check::shape_error(&path.join("."), &err.inner().to_string());
            return Err(Diagnostics(vec![located(problem)]));
        }
    };
    let methodology = index(doc);
    let mut problems = check::check(&methodology.doc);
    if !(methodology.max_total > 0.0) {
        problems.push(check::no_maximum());
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems.into_iter().map(located).collect()));
    }
    Ok(methodology)
}

/// Builds the flat lookup tables of a document ([`parse`] then checks it, reading
/// `max_total` from them).
fn index(doc: Document) -> Methodology {
    let count_variable = doc.innovation_count.as_ref().map(|c| c.variable.clone());
    let mut indicators = Vec::new();
    let mut variables = Vec::new();
    let mut by_id = HashMap::new();
    for (a, aspect) in doc.aspects.iter().enumerate() {
        for (v, var) in aspect.variables.iter().enumerate() {
            let mut info = VariableInfo {
                aspect: a,
                path: (a, v),
                region_max: 0.0,
                innovation_max: 0.0,
                has_count: count_variable.as_deref() == Some(var.id.as_str()),
            };
            for (i, ind) in var.indicators.iter().enumerate() {
                let (best_option, max) =
                    ind.options
                        .iter()
                        .enumerate()
                        .fold((0, 0.0_f64), |best, (o, opt)| {
                            if opt.score > best.1 {
                                (o, opt.score)
                            } else {
                                best
                            }
                        });
                match aspect.level {
                    Level::Region => info.region_max += max,
                    Level::Innovation => info.innovation_max += max,
                }
                by_id.insert(ind.id.clone(), indicators.len());
                indicators.push(IndicatorInfo {
                    level: aspect.level,
                    variable: variables.len(),
                    path: (a, v, i),
                    max,
                    best_option,
                });
            }
            variables.push(info);
        }
    }
    let mut methodology = Methodology {
        doc,
        indicators,
        variables,
        by_id,
        max_total: 0.0,
    };
    methodology.max_total = methodology
        .variables
        .iter()
        .map(|v| v.region_max + v.innovation_max)
        .sum::<f64>()
        + methodology.count_max();
    methodology
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embedded(id: &str) -> Methodology {
        load(id, Path::new(".")).unwrap_or_else(|d| panic!("{id}: {:?}", d.0))
    }

    #[test]
    fn iid_2023_has_the_published_maxima() {
        let m = embedded("iid-2023");
        let region: f64 = m
            .indicators_at(Level::Region)
            .map(|i| m.indicators[i].max)
            .sum();
        let innovation: f64 = m
            .indicators_at(Level::Innovation)
            .map(|i| m.indicators[i].max)
            .sum();
        assert!((region - 63.0).abs() < 1e-9, "{region}");
        assert!((innovation - 111.0).abs() < 1e-9, "{innovation}");
        assert!((m.count_max() - 76.0).abs() < 1e-9);
        assert!((m.max_total - 250.0).abs() < 1e-9);
        assert_eq!(m.doc.innovation_divisor_min, 10.0);
    }

    #[test]
    fn every_embedded_methodology_loads() {
        for (id, _) in EMBEDDED {
            assert_eq!(&embedded(id).doc.id, id);
        }
    }

    #[test]
    fn predicate_bands_follow_their_minimum() {
        let m = embedded("iid-2023");
        let label = |iid: f64| m.doc.predicates[m.predicate_index(iid)].label.as_str();
        assert_eq!(label(60.01), "Sangat Inovatif");
        assert_eq!(label(60.0), "Inovatif");
        assert_eq!(label(35.0), "Inovatif");
        assert_eq!(label(34.99), "Kurang Inovatif");
        assert_eq!(label(0.0), "Tidak Dapat Dinilai");
    }

    #[test]
    fn a_shape_error_points_at_its_line() {
        let text = "id: x\nname: X\npredicates:\n  - {label: A, min: 0}\naspects:\n  - id: a\n    name: A\n    level: regency\n    variables: []\n";
        let err = parse(text, "m.yaml").expect_err("bad level");
        assert_eq!(err.0[0].pos.line, 8);
        assert!(err.0[0]
            .get("detail", crate::diagnostics::Lang::En)
            .contains("regency"));
    }

    #[test]
    fn a_methodology_whose_maximum_is_zero_is_refused() {
        let text = "id: x\nname: X\npredicates:\n  - {label: A, min: 10}\naspects:\n  - id: a\n    name: A\n    level: region\n    variables:\n      - id: v\n        name: V\n        indicators:\n          - {id: i, name: I, options: [{id: o, label: O, score: 0}]}\n";
        let err = parse(text, "m.yaml").expect_err("invalid");
        let details: Vec<(u32, &str)> = err
            .0
            .iter()
            .map(|d| (d.pos.line, d.get("detail", crate::diagnostics::Lang::En)))
            .collect();
        assert_eq!(
            details,
            [(
                6,
                "no answer scores above 0, so the index (total ÷ maximum) cannot be computed"
            )]
        );
    }

    #[test]
    fn the_self_check_finds_duplicates_and_dangling_references() {
        let text = "id: x\nname: X\npredicates:\n  - {label: A, min: 0}\n  - {label: B, min: 1}\nbasic_services: [nope]\ninnovation_count: {variable: v9, per_innovation: 1, cap: 2}\naspects:\n  - id: a\n    name: A\n    level: region\n    variables:\n      - id: v\n        name: V\n        indicators:\n          - {id: i, name: I, options: [{id: o, label: O, score: 1}, {id: o, label: P, score: -1}]}\n";
        let err = parse(text, "m.yaml").expect_err("invalid");
        let details: Vec<String> = err
            .0
            .iter()
            .map(|d| d.get("detail", crate::diagnostics::Lang::En).to_string())
            .collect();
        assert_eq!(details.len(), 5, "{details:?}");
    }
}
