//! Region and innovation files pre-filled from the methodology, for `lumbung new` and
//! `lumbung init`.
//!
//! Takes a [`Methodology`], a profile (name, kind / title, stage) and optional answers;
//! gives the text of a `.md` file whose front matter lists *every* indicator of the
//! file's level, in methodology order, with `option:` empty, `evidence: []`, and the
//! indicator's number, name, options (with scores) and evidence needs as comments.
//! Invariants: the text parses and validates with no errors (empty options are
//! "missing" warnings); the first line after `---` is the yaml-language-server modeline.

use super::{
    evidence_hint, indicator_title, pick, word, INNOVATION_SCHEMA, REGION_SCHEMA, SCHEMA_DIR,
};
use crate::content::vocabulary;
use crate::diagnostics::Lang;
use crate::methodology::{Indicator, Level, Methodology, Term};
use std::fmt::Write;

/// The profile of a new region.
pub struct RegionProfile<'a> {
    pub name: &'a str,
    /// One of the vocabulary's kinds.
    pub kind: &'a str,
}

/// The profile of a new innovation.
pub struct InnovationProfile<'a> {
    pub title: &'a str,
    /// One of the vocabulary's stages.
    pub stage: &'a str,
    /// The innovation's slug: its evidence folder is `evidence/<slug>/`.
    pub slug: &'a str,
}

/// An answer written in instead of an empty one (the example portfolio of `init`).
pub struct Prefill<'a> {
    pub indicator: &'a str,
    pub option: &'a str,
    /// (title, file) pairs.
    pub evidence: &'a [(&'a str, &'a str)],
}

/// The text of `content/<region>/_index.md`.
pub fn region(
    m: &Methodology,
    profile: &RegionProfile<'_>,
    prefill: &[Prefill<'_>],
    lang: Lang,
) -> String {
    let v = vocabulary::get();
    let w = |key: &str| word(key, lang, &[]);
    let mut out = header(REGION_SCHEMA, "region_intro", lang);
    for (key, value, comment) in [
        ("name", scalar(profile.name), w("name")),
        (
            "kind",
            profile.kind.to_string(),
            choices("kind", &v.kinds, lang),
        ),
        ("province", String::new(), w("province")),
        (
            "clusters",
            "[]".into(),
            format!("{}: {}", w("clusters"), ids(&v.clusters)),
        ),
        ("history", "{}".into(), w("history")),
    ] {
        field(&mut out, key, &value, &comment);
    }
    indicators(&mut out, m, Level::Region, "evidence", prefill, lang);
    body(out, "region_body", lang)
}

/// The text of `content/<region>/<innovation>.md`.
pub fn innovation(
    m: &Methodology,
    profile: &InnovationProfile<'_>,
    prefill: &[Prefill<'_>],
    lang: Lang,
) -> String {
    let v = vocabulary::get();
    let w = |key: &str| word(key, lang, &[]);
    let mut out = header(INNOVATION_SCHEMA, "innovation_intro", lang);
    for (key, value, comment) in [
        ("title", scalar(profile.title), w("title")),
        (
            "stage",
            profile.stage.to_string(),
            choices("stage", &v.stages, lang),
        ),
        ("form", String::new(), choices("form", &v.forms, lang)),
        ("digital", String::new(), w("digital")),
        (
            "initiator",
            String::new(),
            choices("initiator", &v.initiators, lang),
        ),
        ("affairs", "[]".into(), affairs(m, lang)),
        ("agency", String::new(), w("agency")),
        ("trial_date", String::new(), w("trial_date")),
        ("launch_date", String::new(), w("launch_date")),
        ("tags", "[]".into(), w("tags")),
    ] {
        field(&mut out, key, &value, &comment);
    }
    let evidence_dir = format!("evidence/{}", profile.slug);
    indicators(&mut out, m, Level::Innovation, &evidence_dir, prefill, lang);
    body(out, "innovation_body", lang)
}

/// `---`, the modeline, and the intro as comments.
fn header(schema: &str, intro: &str, lang: Lang) -> String {
    let mut out = format!("---\n# yaml-language-server: $schema=../../{SCHEMA_DIR}/{schema}\n");
    comment_block(&mut out, "", &word(intro, lang, &[]));
    out.push('\n');
    out
}

fn body(mut out: String, key: &str, lang: Lang) -> String {
    out.push_str("---\n");
    out.push_str(&word(key, lang, &[]));
    out.push('\n');
    out
}

/// `# comment` then `key: value`. The comment goes above, not after: editors'
/// YAML completion does not offer values on a line that ends in a comment.
fn field(out: &mut String, key: &str, value: &str, comment: &str) {
    comment_block(out, "", comment);
    if value.is_empty() {
        let _ = writeln!(out, "{key}:");
    } else {
        let _ = writeln!(out, "{key}: {value}");
    }
}

/// "kind of region — choose: provinsi | kabupaten | kota".
fn choices(key: &str, terms: &[Term], lang: Lang) -> String {
    format!(
        "{}; {}: {}",
        word(key, lang, &[]),
        word("choose", lang, &[]),
        ids(terms)
    )
}

fn ids(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| t.id.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// What `affairs` means, then the methodology's affairs, basic services first.
fn affairs(m: &Methodology, lang: Lang) -> String {
    let basic: Vec<&str> = m.doc.basic_services.iter().map(String::as_str).collect();
    let other: Vec<&str> = m
        .doc
        .affairs
        .iter()
        .map(|a| a.id.as_str())
        .filter(|id| !basic.contains(id))
        .collect();
    let mut text = word("affairs", lang, &[]);
    for (key, list) in [("affairs_basic", &basic), ("affairs_other", &other)] {
        if !list.is_empty() {
            text.push_str(&format!(
                "\n\n{}: {}",
                word(key, lang, &[]),
                list.join(", ")
            ));
        }
    }
    text
}

/// `indicators:` with one entry per indicator at `level`, grouped by variable.
fn indicators(
    out: &mut String,
    m: &Methodology,
    level: Level,
    evidence_dir: &str,
    prefill: &[Prefill<'_>],
    lang: Lang,
) {
    let intro = word(
        "indicators_intro",
        lang,
        &[("methodology", &m.doc.name), ("evidence_dir", evidence_dir)],
    );
    out.push('\n');
    comment_block(out, "", &intro);
    out.push_str("indicators:\n");
    let mut variable = usize::MAX;
    for index in m.indicators_at(level) {
        if m.indicators[index].variable != variable {
            variable = m.indicators[index].variable;
            let var = m.variable(variable);
            let name = pick(&var.name, var.name_en.as_deref(), lang);
            let _ = writeln!(out, "\n  # ── {name} ──");
        } else {
            out.push('\n');
        }
        let def = m.indicator(index);
        let answer = prefill.iter().find(|p| p.indicator == def.id);
        indicator(out, def, m.indicators[index].max, answer, lang);
    }
}

fn indicator(
    out: &mut String,
    def: &Indicator,
    max: f64,
    answer: Option<&Prefill<'_>>,
    lang: Lang,
) {
    let title = indicator_title(def, lang);
    let _ = writeln!(
        out,
        "  # {title} ({} {})",
        word("max", lang, &[]),
        num(max, lang)
    );
    for option in &def.options {
        let label = pick(&option.label, option.label_en.as_deref(), lang);
        let _ = writeln!(
            out,
            "  #   {} ({}): {}",
            option.id,
            num(option.score, lang),
            one_line(label)
        );
    }
    let _ = writeln!(out, "  {}:", def.id);
    let choose = def
        .options
        .iter()
        .map(|o| format!("{} ({})", o.id, num(o.score, lang)))
        .collect::<Vec<_>>();
    let choose = format!("{}: {}", word("choose", lang, &[]), choose.join(" | "));
    comment_block(out, "    ", &choose);
    match answer {
        Some(a) => {
            let _ = writeln!(out, "    option: {}", a.option);
            comment_block(out, "    ", &evidence_need(def, lang));
            out.push_str("    evidence:\n");
            for (title, file) in a.evidence {
                let _ = writeln!(
                    out,
                    "      - title: {}\n        file: {}",
                    scalar(title),
                    scalar(file)
                );
            }
        }
        None => {
            out.push_str("    option:\n");
            comment_block(out, "    ", &evidence_need(def, lang));
            out.push_str("    evidence: []\n");
        }
    }
}

/// "evidence (at least 1 when the score is > 0): RPJMD pages …".
fn evidence_need(def: &Indicator, lang: Lang) -> String {
    let needs_any = def.evidence_min > 0 && def.options.iter().any(|o| o.score > 0.0);
    if !needs_any {
        return word("evidence_none", lang, &[]);
    }
    let need = word(
        "evidence_needed",
        lang,
        &[("count", &def.evidence_min.to_string())],
    );
    match evidence_hint(def, lang) {
        Some(hint) => format!("{need}: {hint}"),
        None => need,
    }
}

/// Writes text as `#` comment lines. Consecutive unindented lines form a paragraph,
/// wrapped at about 88 columns; indented lines (examples) are kept as they are.
fn comment_block(out: &mut String, indent: &str, text: &str) {
    let mut paragraph: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with(' ') {
            wrap(out, indent, &paragraph);
            paragraph.clear();
            let _ = if line.is_empty() {
                writeln!(out, "{indent}#")
            } else {
                writeln!(out, "{indent}# {line}")
            };
        } else {
            paragraph.extend(line.split_whitespace());
        }
    }
    wrap(out, indent, &paragraph);
}

fn wrap(out: &mut String, indent: &str, words: &[&str]) {
    let mut current = String::new();
    for w in words {
        if !current.is_empty() && indent.len() + current.len() + w.len() >= 86 {
            let _ = writeln!(out, "{indent}# {current}");
            current.clear();
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(w);
    }
    if !current.is_empty() {
        let _ = writeln!(out, "{indent}# {current}");
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A score as people write it: 3, 0,75 (Indonesian) or 0.75 (English).
pub(crate) fn num(x: f64, lang: Lang) -> String {
    let text = format!("{x:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text.to_string(),
    }
}

/// A YAML scalar for `text`: plain when the parser reads it back unchanged as text,
/// else double-quoted (JSON string syntax is valid YAML).
pub(crate) fn scalar(text: &str) -> String {
    let plain = crate::yaml::parse(&format!("k: {text}\n"), 0);
    let same = plain.errors.is_empty()
        && plain
            .root
            .as_ref()
            .and_then(|r| r.get("k"))
            .and_then(|n| n.as_str())
            == Some(text)
        && !text.contains(" #")
        && text.trim() == text;
    if same {
        text.to_string()
    } else {
        serde_json::Value::String(text.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_written_the_way_people_read_them() {
        assert_eq!(num(3.0, Lang::Id), "3");
        assert_eq!(num(0.75, Lang::Id), "0,75");
        assert_eq!(num(0.75, Lang::En), "0.75");
        assert_eq!(num(4.5, Lang::En), "4.5");
        assert_eq!(num(0.0, Lang::En), "0");
    }

    #[test]
    fn scalars_are_quoted_only_when_yaml_would_misread_them() {
        assert_eq!(scalar("Kabupaten Banjar"), "Kabupaten Banjar");
        assert_eq!(scalar("SIPANDAI: Sistem Desa"), "\"SIPANDAI: Sistem Desa\"");
        assert_eq!(scalar("2023"), "\"2023\"");
        assert_eq!(scalar("yes"), "yes");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("# x"), "\"# x\"");
        assert_eq!(scalar("a # b"), "\"a # b\"");
    }

    #[test]
    fn long_comments_wrap_and_keep_their_indent() {
        let mut out = String::new();
        let text = format!(
            "{}\n{}\n  nested  line\n\nend",
            "kata ".repeat(20),
            "lagi ".repeat(20)
        );
        comment_block(&mut out, "  ", &text);
        assert!(
            out.lines().all(|l| l.len() <= 90 && l.starts_with("  #")),
            "{out}"
        );
        assert_eq!(out.matches("kata").count(), 20, "{out}");
        assert!(
            out.contains("kata lagi"),
            "consecutive lines form one paragraph: {out}"
        );
        assert!(
            out.contains("  #   nested  line\n"),
            "indented lines are kept verbatim: {out}"
        );
        assert!(
            out.ends_with("  #\n  # end\n"),
            "an empty line stays a bare comment: {out}"
        );
    }
}
