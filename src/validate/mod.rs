//! Stage 2, validate: judges the meaning of a loaded [`Corpus`] against the methodology
//! and the content format's vocabularies. Pure: no I/O.
//!
//! One small rule per diagnostic code; every rule runs on every file, so an editor sees
//! all problems of a portfolio in one run. Errors fail the build; warnings (missing and
//! unverified indicators, empty evidence files) are listed and, with `--strict`, fail it.

use crate::content::{vocabulary, Answer, Corpus, Evidence, FileState, Innovation, Region, Target};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Lang};
use crate::fields::{is_slug, slugify, Spanned};
use crate::methodology::{Level, Methodology, Term};
use crate::render::pages::RESERVED_SLUGS;
use crate::score::{self, Status};
use std::collections::HashMap;

/// Every meaning problem of the corpus.
pub fn check(corpus: &Corpus, m: &Methodology) -> Diagnostics {
    let mut diags = regions(corpus, m);
    for region in &corpus.regions {
        diags.extend(innovations(region, m));
    }
    diags
}

/// The problems of the regions themselves: slugs (which depend on every region) and
/// each region's `_index.md`. With [`innovations`] of every region, [`check`]; `serve`
/// keeps the latter for unchanged regions.
pub fn regions(corpus: &Corpus, m: &Methodology) -> Diagnostics {
    let mut diags = region_slugs(corpus);
    let provinces = provinces(corpus);
    for r in &corpus.regions {
        diags.extend(region(r, &provinces, m));
    }
    diags
}

/// The slugs of the provinces in the corpus (what a region's `province` may name).
pub fn provinces(corpus: &Corpus) -> Vec<&str> {
    corpus
        .regions
        .iter()
        .filter(|r| r.kind.value == "provinsi")
        .map(|r| r.slug.as_str())
        .collect()
}

/// The problems of one region's `_index.md`, given the corpus's [`provinces`]: they
/// depend on nothing else, so `serve` keeps them for an unchanged region.
pub fn region(region: &Region, provinces: &[&str], m: &Methodology) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if region.has_index {
        check_region(region, provinces, m, &mut diags);
    }
    diags
}

/// The problems of a region's innovations: their slugs and files. They depend on the
/// region alone.
pub fn innovations(region: &Region, m: &Methodology) -> Diagnostics {
    let mut diags = Diagnostics::default();
    innovation_slugs(region, &mut diags);
    for inn in &region.innovations {
        check_innovation(inn, m, &mut diags);
    }
    diags
}

/// Region slugs that collide (case-insensitively) or that the site itself uses.
pub fn region_slugs(corpus: &Corpus) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let items: Vec<(&str, String)> = corpus
        .regions
        .iter()
        .map(|r| (r.slug.as_str(), format!("content/{}", r.slug)))
        .collect();
    slugs(&items, &mut diags);
    for (slug, file) in items.iter().filter(|(s, _)| RESERVED_SLUGS.contains(s)) {
        diags.push(
            Diagnostic::new(Code::ReservedSlug, file.as_str(), Default::default())
                .arg("slug", *slug)
                .arg("reserved", RESERVED_SLUGS.join(", ")),
        );
    }
    diags
}

/// `history` years that are not before the assessed `year` (site.yaml): the index of
/// that year is computed here, and later years are not yet assessed.
pub fn history_years(corpus: &Corpus, year: Option<i32>) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let Some(year) = year else {
        return diags;
    };
    for region in &corpus.regions {
        for (&(history_year, _), &pos) in region.history.iter().zip(&region.history_at) {
            if history_year >= year {
                let written = history_year.to_string();
                diags.push(
                    Diagnostic::new(Code::HistoryNotEarlier, region.file.as_str(), pos)
                        .span(written.len())
                        .arg("history_year", written)
                        .arg("year", year.to_string()),
                );
            }
        }
    }
    diags
}

fn innovation_slugs(region: &Region, diags: &mut Diagnostics) {
    let items: Vec<(&str, String)> = region
        .innovations
        .iter()
        .map(|i| (i.slug.as_str(), i.file.clone()))
        .collect();
    slugs(&items, diags);
}

/// Bad slugs, and slugs equal but for case (they would share one address).
fn slugs(items: &[(&str, String)], diags: &mut Diagnostics) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (slug, file) in items {
        if !is_slug(slug) {
            diags.push(
                Diagnostic::new(Code::BadSlug, file.as_str(), Default::default())
                    .arg("slug", *slug)
                    .arg("fixed", slugify(slug)),
            );
        }
        if let Some(other) = seen.insert(slug.to_lowercase(), slug) {
            diags.push(
                Diagnostic::new(Code::DuplicateSlug, file.as_str(), Default::default())
                    .arg("slug", *slug)
                    .arg("other", other),
            );
        }
    }
}

fn check_region(region: &Region, provinces: &[&str], m: &Methodology, diags: &mut Diagnostics) {
    let v = vocabulary::get();
    let file = region.file.as_str();
    if !region.kind.value.is_empty() {
        term(file, "kind", &region.kind, &v.kinds, diags);
    }
    for cluster in &region.clusters {
        term(file, "clusters", cluster, &v.clusters, diags);
    }
    if let Some(province) = &region.province {
        if !provinces.contains(&province.as_str()) && region.kind.value != "provinsi" {
            diags.push(
                Diagnostic::new(Code::UnknownProvince, file, province.pos)
                    .span(province.len as usize)
                    .arg("province", province.as_str())
                    .suggest(province.as_str(), provinces.iter().copied()),
            );
        }
    }
    answers(
        file,
        &region.answers,
        Level::Region,
        region.indicators_pos,
        m,
        diags,
    );
}

fn check_innovation(inn: &Innovation, m: &Methodology, diags: &mut Diagnostics) {
    let v = vocabulary::get();
    let file = inn.file.as_str();
    if !inn.stage.value.is_empty() {
        term(file, "stage", &inn.stage, &v.stages, diags);
    }
    if let Some(form) = &inn.form {
        term(file, "form", form, &v.forms, diags);
    }
    if let Some(initiator) = &inn.initiator {
        term(file, "initiator", initiator, &v.initiators, diags);
    }
    for affair in &inn.affairs {
        if m.affair(&affair.value).is_none() {
            diags.push(
                Diagnostic::new(Code::UnknownAffair, file, affair.pos)
                    .span(affair.len as usize)
                    .arg("affair", affair.as_str())
                    .suggest(affair.as_str(), m.doc.affairs.iter().map(|a| a.id.as_str())),
            );
        }
    }
    for tag in &inn.tags {
        if !is_slug(&tag.value) {
            diags.push(
                Diagnostic::new(Code::BadSlug, file, tag.pos)
                    .span(tag.len as usize)
                    .arg("slug", tag.as_str())
                    .arg("fixed", slugify(&tag.value)),
            );
        }
    }
    answers(
        file,
        &inn.answers,
        Level::Innovation,
        inn.indicators_pos,
        m,
        diags,
    );
}

/// A closed-vocabulary value (stage, form, kind…).
fn term(file: &str, field: &str, value: &Spanned<String>, terms: &[Term], diags: &mut Diagnostics) {
    if !terms.iter().any(|t| t.id == value.value) {
        diags.push(
            Diagnostic::new(Code::UnknownValue, file, value.pos)
                .span(value.len as usize)
                .arg("value", value.as_str())
                .arg("field", field)
                .suggest(value.as_str(), vocabulary::ids(terms)),
        );
    }
}

/// Indicator ids, levels, options, evidence; then missing and unverified warnings.
fn answers(
    file: &str,
    answers: &[Answer],
    level: Level,
    indicators_pos: crate::yaml::Pos,
    m: &Methodology,
    diags: &mut Diagnostics,
) {
    for answer in answers {
        answer_meaning(file, answer, level, m, diags);
        for evidence in &answer.evidence {
            evidence_target(file, evidence, diags);
        }
    }
    let results = score::judge(answers, level, m);
    let missing: Vec<&str> = results
        .iter()
        .filter(|r| r.status == Status::Missing)
        .map(|r| m.indicator(r.indicator).id.as_str())
        .filter(|id| {
            !answers
                .iter()
                .any(|a| a.indicator.value == *id && a.option.is_some())
        })
        .collect();
    if !missing.is_empty() {
        diags.push(
            Diagnostic::new(Code::IndicatorMissing, file, indicators_pos)
                .arg("count", missing.len().to_string())
                .arg("indicators", missing.join(", ")),
        );
    }
    for r in results.iter().filter(|r| r.status == Status::Unverified) {
        let def = m.indicator(r.indicator);
        let Some(answer) = answers.iter().find(|a| a.indicator.value == def.id) else {
            continue;
        };
        diags.push(
            Diagnostic::new(Code::IndicatorUnverified, file, answer.indicator.pos)
                .span(answer.indicator.len as usize)
                .arg("indicator", def.id.as_str())
                .arg("have", r.evidence_valid.to_string())
                .arg("need", def.evidence_min.to_string()),
        );
    }
}

fn answer_meaning(
    file: &str,
    answer: &Answer,
    level: Level,
    m: &Methodology,
    diags: &mut Diagnostics,
) {
    let id = &answer.indicator;
    let Some(index) = m.indicator_index(&id.value) else {
        let candidates = m.indicators_at(level).map(|i| m.indicator(i).id.as_str());
        diags.push(
            Diagnostic::new(Code::UnknownIndicator, file, id.pos)
                .span(id.len as usize)
                .arg("indicator", id.as_str())
                .arg("methodology", m.doc.id.as_str())
                .arg_lang(
                    "indentation",
                    indentation_hint(&id.value, Lang::Id),
                    indentation_hint(&id.value, Lang::En),
                )
                .suggest(id.as_str(), candidates),
        );
        return;
    };
    if m.indicators[index].level != level {
        diags.push(wrong_level(file, id, m.indicators[index].level));
        return;
    }
    let def = m.indicator(index);
    if let Some(option) = &answer.option {
        if !def.options.iter().any(|o| o.id == option.value) {
            diags.push(
                Diagnostic::new(Code::UnknownOption, file, option.pos)
                    .span(option.len as usize)
                    .arg("option", option.as_str())
                    .arg("indicator", def.id.as_str())
                    .arg("methodology", m.doc.id.as_str())
                    .suggest(option.as_str(), def.options.iter().map(|o| o.id.as_str())),
            );
        }
    }
}

fn wrong_level(file: &str, id: &Spanned<String>, expected: Level) -> Diagnostic {
    let d = Diagnostic::new(Code::IndicatorWrongLevel, file, id.pos)
        .span(id.len as usize)
        .arg("indicator", id.as_str());
    match expected {
        Level::Region => d
            .arg_lang("expected", "wilayah", "region")
            .arg_lang("found", "inovasi", "an innovation")
            .arg_lang("where", "`_index.md` wilayah", "the region's `_index.md`"),
        Level::Innovation => d
            .arg_lang("expected", "inovasi", "innovation")
            .arg_lang("found", "wilayah (_index.md)", "a region (_index.md)")
            .arg_lang("where", "berkas setiap inovasi", "each innovation's file"),
    }
}

/// For an answer's own key written as an indicator (`option:` one indent too far
/// left, the most common slip): how to indent it. Empty for other ids.
fn indentation_hint(id: &str, lang: Lang) -> String {
    if !crate::content::ANSWER_KEYS.contains(&id) {
        return String::new();
    }
    match lang {
        Lang::Id => format!(
            "`{id}:` tampaknya kurang menjorok: tulis di bawah indikatornya, dua spasi lebih \
             ke kanan (`regulasi-inovasi-daerah:` lalu `    {id}: …`). "
        ),
        Lang::En => format!(
            "`{id}:` seems indented too little: write it under its indicator, two spaces \
             further right (`regulasi-inovasi-daerah:` then `    {id}: …`). "
        ),
    }
}

/// Evidence files outside the region or missing, and URLs that are not http(s).
fn evidence_target(file: &str, evidence: &Evidence, diags: &mut Diagnostics) {
    match &evidence.target {
        Target::File(f) => {
            let (id, en) = match f.state {
                FileState::NotAFile => (
                    "bukan berkas biasa (folder, pipa atau perangkat)",
                    "is not a regular file (a folder, pipe or device)",
                ),
                _ => ("tidak ditemukan", "does not exist"),
            };
            let code = match f.state {
                FileState::Ok { .. } => return,
                FileState::Empty => Code::EvidenceEmptyFile,
                FileState::Missing | FileState::NotAFile => Code::EvidenceNotFound,
                FileState::Absolute => Code::EvidenceAbsolutePath,
                FileState::Escapes => Code::EvidencePathEscapes,
                FileState::SymlinkEscapes => Code::EvidenceSymlinkEscapes,
                FileState::PageName => Code::EvidencePageName,
            };
            let d = Diagnostic::new(code, file, f.pos)
                .span(f.path.chars().count())
                .arg("path", f.path.as_str())
                .arg_lang("problem", id, en);
            diags.push(Diagnostic {
                suggestion: f.suggestion.clone(),
                ..d
            });
        }
        Target::Url(url) if !crate::content::is_http_url(&url.value) => {
            diags.push(
                Diagnostic::new(Code::EvidenceBadUrl, file, url.pos)
                    .span(url.len as usize)
                    .arg("url", url.as_str()),
            );
        }
        Target::Url(_) | Target::Invalid => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::Pos;

    #[test]
    fn a_region_named_like_a_site_folder_is_refused() {
        let m =
            crate::methodology::load("iid-2023", std::path::Path::new(".")).expect("methodology");
        let region = |slug: &str| Region {
            slug: slug.to_string(),
            has_index: true,
            name: slug.to_string(),
            kind: Spanned::new("kota".to_string(), Pos::default(), 4),
            ..Region::default()
        };
        let corpus = Corpus {
            regions: vec![region("kota-baru"), region("peringkat")],
        };
        let diags = check(&corpus, &m);
        let reserved: Vec<&str> = diags
            .0
            .iter()
            .filter(|d| d.code == Code::ReservedSlug)
            .map(|d| d.file.as_str())
            .collect();
        assert_eq!(reserved, ["content/peringkat"]);
    }
}
