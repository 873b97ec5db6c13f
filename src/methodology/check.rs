//! What is wrong with a methodology document, in words for its author: the
//! self-check run on every load, and serde's shape errors retold in Indonesian and
//! English (without quoting long values: a mistaken file must not be echoed).

use super::{Document, ALL_STAGES};
use crate::diagnostics::closest;
use std::collections::HashMap;

/// One problem: a dotted path into the document and its description (id, en).
#[derive(Debug)]
pub struct Problem {
    pub path: String,
    pub id: String,
    pub en: String,
    /// "Did you mean …?" for an unknown key or value.
    pub suggestion: Option<String>,
}

fn problem(path: impl Into<String>, id: String, en: String) -> Problem {
    Problem {
        path: path.into(),
        id,
        en,
        suggestion: None,
    }
}

impl Problem {
    /// Adds "did you mean …?": the candidate closest to `got`, if close enough.
    fn suggesting(mut self, got: &str, candidates: &[&str]) -> Problem {
        self.suggestion = closest(got, candidates).map(str::to_string);
        self
    }
}

/// The self-check: every problem of a document that deserialized.
pub fn check(doc: &Document) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_aspects(doc, &mut problems);
    check_references(doc, &mut problems);
    check_rules(doc, &mut problems);
    problems
}

fn check_aspects(doc: &Document, problems: &mut Vec<Problem>) {
    let mut seen_indicators = HashMap::new();
    let mut seen_variables = HashMap::new();
    for (a, aspect) in doc.aspects.iter().enumerate() {
        for (v, var) in aspect.variables.iter().enumerate() {
            let vpath = format!("aspects.{a}.variables.{v}");
            if seen_variables.insert(var.id.as_str(), ()).is_some() {
                problems.push(problem(
                    vpath.clone(),
                    format!("id variabel `{}` ganda", var.id),
                    format!("duplicate variable id `{}`", var.id),
                ));
            }
            for (i, ind) in var.indicators.iter().enumerate() {
                let ipath = format!("{vpath}.indicators.{i}");
                if seen_indicators.insert(ind.id.as_str(), ()).is_some() {
                    problems.push(problem(
                        ipath.clone(),
                        format!("id indikator `{}` ganda", ind.id),
                        format!("duplicate indicator id `{}`", ind.id),
                    ));
                }
                if ind.options.is_empty() {
                    problems.push(problem(
                        ipath.clone(),
                        format!("indikator `{}` tidak punya pilihan jawaban", ind.id),
                        format!("indicator `{}` has no options", ind.id),
                    ));
                }
                let mut option_ids = HashMap::new();
                for (o, opt) in ind.options.iter().enumerate() {
                    let opath = format!("{ipath}.options.{o}");
                    if option_ids.insert(opt.id.as_str(), ()).is_some() {
                        problems.push(problem(
                            opath.clone(),
                            format!("id pilihan `{}` ganda di `{}`", opt.id, ind.id),
                            format!("duplicate option id `{}` in `{}`", opt.id, ind.id),
                        ));
                    }
                    if !(opt.score.is_finite() && opt.score >= 0.0) {
                        problems.push(problem(
                            opath,
                            format!("skor pilihan `{}` negatif atau tidak sah", opt.id),
                            format!("option `{}` has a negative or invalid score", opt.id),
                        ));
                    }
                }
            }
        }
    }
}

/// The index divides by the maximum score: a methodology in which no answer scores
/// above 0 cannot give one ([`super::Methodology::max_total`] is 0).
pub fn no_maximum() -> Problem {
    problem(
        "aspects",
        "tidak ada jawaban yang bernilai lebih dari 0, jadi indeks (total ÷ nilai \
         maksimum) tidak dapat dihitung"
            .into(),
        "no answer scores above 0, so the index (total ÷ maximum) cannot be computed".into(),
    )
}

fn check_references(doc: &Document, problems: &mut Vec<Problem>) {
    let mut affair_ids = HashMap::new();
    for (i, affair) in doc.affairs.iter().enumerate() {
        if affair_ids.insert(affair.id.as_str(), ()).is_some() {
            problems.push(problem(
                format!("affairs.{i}"),
                format!("id urusan `{}` ganda", affair.id),
                format!("duplicate affair id `{}`", affair.id),
            ));
        }
    }
    let affairs: Vec<&str> = doc.affairs.iter().map(|a| a.id.as_str()).collect();
    for (i, service) in doc.basic_services.iter().enumerate() {
        if !affair_ids.contains_key(service.as_str()) {
            let p = problem(
                format!("basic_services.{i}"),
                format!("layanan dasar `{service}` tidak ada di `affairs`"),
                format!("basic service `{service}` is not one of `affairs`"),
            );
            problems.push(p.suggesting(service, &affairs));
        }
    }
    for (i, stage) in doc.counted_stages.iter().enumerate() {
        if !ALL_STAGES.contains(&stage.as_str()) {
            let p = problem(
                format!("counted_stages.{i}"),
                format!("tahapan `{stage}` tidak dikenal (inisiatif, uji-coba, penerapan)"),
                format!("unknown stage `{stage}` (inisiatif, uji-coba, penerapan)"),
            );
            problems.push(p.suggesting(stage, &ALL_STAGES));
        }
    }
    if let Some(count) = &doc.innovation_count {
        let variables: Vec<&str> = doc
            .aspects
            .iter()
            .flat_map(|a| a.variables.iter().map(|v| v.id.as_str()))
            .collect();
        if !variables.contains(&count.variable.as_str()) {
            let p = problem(
                "innovation_count.variable",
                format!("variabel `{}` tidak ada", count.variable),
                format!("unknown variable `{}`", count.variable),
            );
            problems.push(p.suggesting(&count.variable, &variables));
        }
    }
}

fn check_rules(doc: &Document, problems: &mut Vec<Problem>) {
    if let Some(count) = &doc.innovation_count {
        if !(count.per_innovation >= 0.0 && count.cap >= 0.0) {
            problems.push(problem(
                "innovation_count",
                "per_innovation dan cap harus ≥ 0".into(),
                "per_innovation and cap must be ≥ 0".into(),
            ));
        }
    }
    // A lowest band above 0 is allowed (spec v1 does not forbid it): an index below
    // every band takes the lowest one, as it always has.
    if doc.predicates.is_empty() {
        problems.push(problem(
            "predicates",
            "paling sedikit satu predikat diperlukan".into(),
            "at least one predicate band is needed".into(),
        ));
    }
    for (i, pair) in doc.predicates.windows(2).enumerate() {
        if pair[0].min <= pair[1].min {
            problems.push(problem(
                format!("predicates.{}", i + 1),
                "predikat harus berurutan dari `min` tertinggi".into(),
                "predicates must be ordered highest `min` first".into(),
            ));
        }
    }
    if !(doc.innovation_divisor_min.is_finite() && doc.innovation_divisor_min >= 1.0) {
        problems.push(problem(
            "innovation_divisor_min",
            "harus berupa angka ≥ 1".into(),
            "must be a number ≥ 1".into(),
        ));
    }
}

/// Retells one of serde's shape errors ("unknown field `scor`, expected one of …",
/// "missing field `name`", "invalid type: string \"…\", expected f64") in both
/// languages. Quoted values are left out: they may be a whole mistaken file.
pub fn shape_error(path: &str, message: &str) -> Problem {
    let quoted = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(|s| shorten(s))
            .collect()
    };
    // (prefix, Indonesian noun and place, English noun and place)
    let unknown = [
        ("unknown field ", "kunci", " di sini", "key", " here"),
        ("unknown variant ", "nilai", "", "value", ""),
    ];
    for (prefix, id_noun, id_place, en_noun, en_place) in unknown {
        if let Some(rest) = message.strip_prefix(prefix) {
            let names = quoted(rest);
            let got = names.first().cloned().unwrap_or_default();
            let allowed: Vec<&str> = names.iter().skip(1).map(String::as_str).collect();
            let listed = list(&allowed);
            return problem(
                path,
                format!("{id_noun} `{got}` tidak dikenal{id_place}; yang diizinkan: {listed}"),
                format!("unknown {en_noun} `{got}`{en_place}; allowed: {listed}"),
            )
            .suggesting(&got, &allowed);
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let key = quoted(rest).into_iter().next().unwrap_or_default();
        return problem(
            path,
            format!("kunci wajib `{key}` tidak ada"),
            format!("the required key `{key}` is missing"),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let (found_id, found_en) = kind(found);
        let (want_id, want_en) = kind(expected);
        return problem(
            path,
            format!("jenis nilai salah: {found_id}, seharusnya {want_id}"),
            format!("wrong kind of value: {found_en} where {want_en} is expected"),
        );
    }
    let detail = shorten(message);
    problem(path, detail.clone(), detail)
}

/// The kind of a YAML value as serde names it ("string \"x\"", "f64", "a sequence").
fn kind(serde_kind: &str) -> (&'static str, &'static str) {
    let word = serde_kind
        .trim_start_matches("a ")
        .trim_start_matches("an ")
        .split([' ', '`', '"'])
        .next()
        .unwrap_or_default();
    match word {
        "string" | "char" => ("teks", "text"),
        "integer" | "floating" | "f64" | "f32" | "u32" | "u64" | "i32" | "i64" | "usize" => {
            ("angka", "a number")
        }
        "boolean" | "bool" => ("true/false", "true/false"),
        "sequence" | "tuple" => ("daftar", "a list"),
        "map" | "struct" => ("pemetaan (kunci: nilai)", "a mapping (key: value)"),
        "unit" | "null" | "none" => ("kosong", "nothing"),
        "enum" => (
            "salah satu nilai yang diizinkan",
            "one of the allowed values",
        ),
        _ => ("nilai lain", "another value"),
    }
}

fn list(items: &[&str]) -> String {
    if items.is_empty() {
        return "—".into();
    }
    items.join(", ")
}

/// At most 60 characters of something quoted from the file.
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_errors_are_retold_without_the_value() {
        let p = shape_error(
            "x",
            "invalid type: string \"root:x:0:0:root\", expected f64",
        );
        assert_eq!(p.en, "wrong kind of value: text where a number is expected");
        assert!(!p.id.contains("root"), "{}", p.id);
        let p = shape_error(
            "x",
            "unknown field `scor`, expected one of `id`, `label`, `score`",
        );
        assert_eq!(p.suggestion.as_deref(), Some("score"));
        assert!(p.id.contains("id, label, score"), "{}", p.id);
        let p = shape_error("x", "missing field `name`");
        assert_eq!(p.id, "kunci wajib `name` tidak ada");
    }
}
