//! JSON Schemas (draft-07, the draft editors' YAML tooling supports best) of region and
//! innovation front matter, generated from the methodology and the content vocabulary.
//!
//! Takes a [`Methodology`]; gives `serde_json::Value`s. The schemas accept exactly the
//! shapes the loader accepts without an error — including its forgiving corners (a
//! single text where a list is expected, empty values) — and reject unknown keys,
//! unknown indicator and option ids, indicators of the other level, wrong types, unknown
//! vocabulary values and malformed evidence. What needs the filesystem (does an
//! evidence file exist?) is left to `lumbung check`.

use super::frontmatter::num;
use super::{evidence_hint, indicator_title, pick, word};
use crate::content::vocabulary;
use crate::diagnostics::Lang;
use crate::methodology::{Indicator, Level, Methodology, Term};
use serde_json::{json, Map, Value};

const DRAFT: &str = "http://json-schema.org/draft-07/schema#";
const SLUG: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const YEAR: &str = "^(19[0-9]{2}|2[01][0-9]{2}|2200)$";
/// A path that is relative (no leading `/`, `\` or drive letter) without `..` parts.
const RELATIVE_PATH: &str = r"^(?![/\\]|[A-Za-z]:)(?!(.*[/\\])?\.\.([/\\]|$)).+$";
const HTTP_URL: &str = r"^https?://[^\s/?#]+([/?#]\S*)?$";

/// The schema of `content/<region>/_index.md` front matter.
pub fn region(m: &Methodology, lang: Lang) -> Value {
    let v = vocabulary::get();
    let properties = json!({
        "name": {"type": "string", "minLength": 1, "description": word("name", lang, &[])},
        "kind": terms_enum(&v.kinds, false, &word("kind", lang, &[]), lang),
        "province": {"type": ["string", "null"], "pattern": SLUG, "description": word("province", lang, &[])},
        "clusters": list_of(terms_enum(&v.clusters, false, &word("clusters", lang, &[]), lang)),
        "history": {
            "type": ["object", "null"],
            "description": word("history", lang, &[]),
            "propertyNames": {"pattern": YEAR},
            "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100},
        },
        "indicators": indicators(m, Level::Region, lang),
    });
    document(
        m,
        "schema_region_title",
        properties,
        &["name", "kind"],
        lang,
    )
}

/// The schema of `content/<region>/<innovation>.md` front matter.
pub fn innovation(m: &Methodology, lang: Lang) -> Value {
    let v = vocabulary::get();
    let affair = terms_enum(&m.doc.affairs, false, &word("affairs", lang, &[]), lang);
    let date = |key: &str| json!({"type": ["string", "null"], "pattern": DATE, "description": word(key, lang, &[])});
    let properties = json!({
        "title": {"type": "string", "minLength": 1, "description": word("title", lang, &[])},
        "stage": terms_enum(&v.stages, false, &word("stage", lang, &[]), lang),
        "form": terms_enum(&v.forms, true, &word("form", lang, &[]), lang),
        "digital": {"type": ["boolean", "null"], "description": word("digital", lang, &[])},
        "initiator": terms_enum(&v.initiators, true, &word("initiator", lang, &[]), lang),
        "affairs": list_of(affair),
        "agency": {"type": ["string", "integer", "null"], "description": word("agency", lang, &[])},
        "trial_date": date("trial_date"),
        "launch_date": date("launch_date"),
        "tags": list_of(json!({"type": "string", "pattern": SLUG, "description": word("tags", lang, &[])})),
        "indicators": indicators(m, Level::Innovation, lang),
    });
    document(
        m,
        "schema_innovation_title",
        properties,
        &["title", "stage"],
        lang,
    )
}

/// The top level: draft, titles, strict object, and the shared evidence definition.
fn document(
    m: &Methodology,
    title: &str,
    properties: Value,
    required: &[&str],
    lang: Lang,
) -> Value {
    let methodology = [("methodology", m.doc.id.as_str())];
    json!({
        "$schema": DRAFT,
        "$comment": word("schema_comment", lang, &methodology),
        "title": word(title, lang, &methodology),
        "type": "object",
        "required": required,
        "additionalProperties": false,
        "properties": properties,
        "definitions": {"evidence": evidence(lang)},
    })
}

/// `indicators:` — one property per indicator of `level`, nothing else.
fn indicators(m: &Methodology, level: Level, lang: Lang) -> Value {
    let properties: Map<String, Value> = m
        .indicators_at(level)
        .map(|i| m.indicator(i))
        .map(|def| (def.id.clone(), answer(def, lang)))
        .collect();
    json!({
        "type": ["object", "null"],
        "description": word("schema_indicators", lang, &[]),
        "additionalProperties": false,
        "properties": properties,
    })
}

/// One indicator's answer: `option` from its options (or empty), `evidence` items.
fn answer(def: &Indicator, lang: Lang) -> Value {
    let mut ids: Vec<Value> = def.options.iter().map(|o| json!(o.id)).collect();
    let mut labels: Vec<String> = def
        .options
        .iter()
        .map(|o| {
            format!(
                "{} ({})",
                pick(&o.label, o.label_en.as_deref(), lang),
                num(o.score, lang)
            )
        })
        .collect();
    ids.push(Value::Null);
    labels.push(word("schema_empty", lang, &[]));
    let title = indicator_title(def, lang);
    let description = match evidence_hint(def, lang) {
        Some(hint) => format!("{title}. {hint}"),
        None => title,
    };
    json!({
        "type": ["object", "null"],
        "description": description,
        "additionalProperties": false,
        "properties": {
            "option": {"enum": ids, "enumDescriptions": labels, "description": word("schema_option", lang, &[])},
            "evidence": {"type": ["array", "null"], "items": {"$ref": "#/definitions/evidence"}},
        },
    })
}

/// A title and exactly one of `file` or `url`.
fn evidence(lang: Lang) -> Value {
    json!({
        "type": "object",
        "description": word("schema_evidence", lang, &[]),
        "required": ["title"],
        "additionalProperties": false,
        "properties": {
            "title": {"type": "string", "minLength": 1, "description": word("schema_evidence_title", lang, &[])},
            "file": {"type": "string", "pattern": RELATIVE_PATH, "description": word("schema_evidence_file", lang, &[])},
            "url": {"type": "string", "pattern": HTTP_URL, "description": word("schema_evidence_url", lang, &[])},
        },
        "oneOf": [{"required": ["file"]}, {"required": ["url"]}],
    })
}

/// An enum of vocabulary ids with their labels (and `null` when the field may be empty).
fn terms_enum(terms: &[Term], nullable: bool, description: &str, lang: Lang) -> Value {
    let mut ids: Vec<Value> = terms.iter().map(|t| json!(t.id)).collect();
    let mut labels: Vec<String> = terms
        .iter()
        .map(|t| pick(&t.label, t.label_en.as_deref(), lang).to_string())
        .collect();
    if nullable {
        ids.push(Value::Null);
        labels.push(word("schema_empty", lang, &[]));
    }
    json!({"enum": ids, "enumDescriptions": labels, "description": description})
}

/// A list of `item`; the loader also takes a single item or nothing.
fn list_of(item: Value) -> Value {
    let description = item.get("description").cloned().unwrap_or(Value::Null);
    json!({
        "description": description,
        "anyOf": [
            {"type": "array", "items": item},
            item,
            {"type": "null"},
        ],
    })
}
