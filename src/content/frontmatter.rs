//! Front matter: splitting a `.md` file into YAML and Markdown, and reading the YAML
//! into a [`Region`] or [`Innovation`] with every shape problem reported.
//!
//! Line numbers are those of the `.md` file (the opening `---` is line 1). Meaning —
//! whether an indicator or option exists, slugs, evidence states — is judged later by
//! `validate`; this module only records what is written and where.

use super::{hash_bytes, Answer, Evidence, EvidenceFile, Innovation, Region, Target};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::fields::{number_of, wrong_type, Context, Fields, Spanned, Ty};
use crate::yaml::{self, Node, Pos, Value};

/// Checks an evidence `file:` path (relative to the region folder) at a position.
pub type EvidenceCheck<'a> = dyn FnMut(&str, Pos) -> EvidenceFile + 'a;

const REGION_KEYS: &[&str] = &[
    "name",
    "kind",
    "province",
    "clusters",
    "history",
    "indicators",
];
const INNOVATION_KEYS: &[&str] = &[
    "title",
    "stage",
    "form",
    "digital",
    "initiator",
    "affairs",
    "agency",
    "trial_date",
    "launch_date",
    "tags",
    "indicators",
];
/// The keys of an indicator answer.
pub const ANSWER_KEYS: &[&str] = &["option", "evidence"];
const EVIDENCE_KEYS: &[&str] = &["title", "file", "url"];

const REGION_CTX: Context = Context {
    id: "front matter wilayah (_index.md)",
    en: "region front matter (_index.md)",
};
const INNOVATION_CTX: Context = Context {
    id: "front matter inovasi",
    en: "innovation front matter",
};
const ANSWER_CTX: Context = Context {
    id: "jawaban indikator",
    en: "an indicator answer",
};
const EVIDENCE_CTX: Context = Context {
    id: "bukti (evidence)",
    en: "an evidence item",
};

/// Front matter larger than this is refused before parsing: real front matter is a
/// few kilobytes, and the cap keeps a hostile file's parse well under a second.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;

/// The parts of a content file.
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
}

/// Splits `---\n<yaml>\n---\n<body>`. The YAML starts on file line 2.
pub fn split<'a>(text: &'a str, file: &str, diags: &mut Diagnostics) -> Option<Split<'a>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        diags.push(
            Diagnostic::new(Code::MissingFrontMatter, file, Pos { line: 1, col: 1 })
                .span(first.trim_end().chars().count()),
        );
        return None;
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            return checked_size(
                Split {
                    yaml: &text[yaml_start..offset],
                    body: &text[offset + line.len()..],
                },
                file,
                diags,
            );
        }
        offset += line.len();
    }
    diags.push(
        Diagnostic::new(Code::UnterminatedFrontMatter, file, Pos { line: 1, col: 1 }).span(3),
    );
    None
}

fn checked_size<'a>(split: Split<'a>, file: &str, diags: &mut Diagnostics) -> Option<Split<'a>> {
    if split.yaml.len() <= MAX_FRONT_MATTER_BYTES {
        return Some(split);
    }
    let d = Diagnostic::new(Code::FrontMatterTooLarge, file, Pos { line: 1, col: 1 })
        .span(3)
        .arg("size", split.yaml.len().to_string())
        .arg("max", MAX_FRONT_MATTER_BYTES.to_string());
    diags.push(d);
    None
}

/// Parses the YAML of a split file, turning parser errors into diagnostics. Front
/// matter with nothing in it (or only comments) is reported, not silently skipped.
fn parse_yaml(yaml_text: &str, file: &str, diags: &mut Diagnostics) -> Option<Node> {
    let parsed = yaml::parse(yaml_text, 1);
    for err in &parsed.errors {
        diags.push(Diagnostic::from_yaml(file, err));
    }
    let empty = match &parsed.root {
        None => parsed.errors.is_empty(),
        Some(root) => root.value == Value::Null,
    };
    if empty {
        diags.push(Diagnostic::new(Code::EmptyFrontMatter, file, Pos { line: 1, col: 1 }).span(3));
        return None;
    }
    parsed.root
}

/// Reads `_index.md` into `region`.
pub fn region(
    text: &str,
    region: &mut Region,
    diags: &mut Diagnostics,
    check: &mut EvidenceCheck<'_>,
) {
    region.source_hash = hash_bytes(text.as_bytes());
    let file = region.file.clone();
    let Some(split) = split(text, &file, diags) else {
        return;
    };
    region.body = split.body.to_string();
    let Some(root) = parse_yaml(split.yaml, &file, diags) else {
        return;
    };
    let Some(mut f) = Fields::new(
        &root,
        &file,
        REGION_CTX,
        REGION_KEYS,
        "name: Kabupaten Banjar",
        diags,
    ) else {
        return;
    };
    region.name = f
        .required_text("name", "name: Kabupaten Banjar")
        .map(|s| s.value)
        .unwrap_or_default();
    region.kind = f
        .required_text("kind", "kind: kabupaten")
        .unwrap_or_default();
    region.province = f.text("province", "province: kalimantan-selatan");
    region.clusters = f.text_list("clusters", "clusters: [daerah-tertinggal]");
    (region.history, region.history_at) = history(&mut f).into_iter().unzip();
    region.indicators_pos = f.key_pos("indicators");
    region.answers = answers(&mut f, check);
}

/// Reads an innovation file. Returns false when nothing usable was read (the file is
/// then left out of the corpus; its problems are already reported).
pub fn innovation(
    text: &str,
    inn: &mut Innovation,
    diags: &mut Diagnostics,
    check: &mut EvidenceCheck<'_>,
) -> bool {
    inn.source_hash = hash_bytes(text.as_bytes());
    let file = inn.file.clone();
    let Some(split) = split(text, &file, diags) else {
        return false;
    };
    inn.body = split.body.to_string();
    let Some(root) = parse_yaml(split.yaml, &file, diags) else {
        return false;
    };
    let Some(mut f) = Fields::new(
        &root,
        &file,
        INNOVATION_CTX,
        INNOVATION_KEYS,
        "title: SIPANDAI",
        diags,
    ) else {
        return false;
    };
    inn.title = f
        .required_text("title", "title: SIPANDAI")
        .map(|s| s.value)
        .unwrap_or_default();
    inn.stage = f
        .required_text("stage", "stage: penerapan")
        .unwrap_or_default();
    inn.form = f.text("form", "form: pelayanan-publik");
    inn.digital = f.bool("digital").map(|b| b.value);
    inn.initiator = f.text("initiator", "initiator: opd");
    inn.affairs = f.text_list("affairs", "affairs: [pendidikan, kesehatan]");
    inn.agency = f.text("agency", "agency: Dinas Kesehatan").map(|s| s.value);
    inn.trial_date = f.date("trial_date").map(|d| d.value);
    inn.launch_date = f.date("launch_date").map(|d| d.value);
    inn.tags = f.text_list("tags", "tags: [desa, layanan-administrasi]");
    inn.indicators_pos = f.key_pos("indicators");
    inn.answers = answers(&mut f, check);
    true
}

/// `history: {2021: 48.1}`: years as keys, IID (0–100) as values, each with where its
/// year is written; ascending by year.
fn history(f: &mut Fields<'_>) -> Vec<((i32, f64), Pos)> {
    let example = "history: {2021: 48.10, 2022: 52.53}";
    let mut out = Vec::new();
    for (key, value) in f.map("history", example) {
        let year = key
            .text
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2200).contains(y));
        let iid = number_of(value).filter(|v| (0.0..=100.0).contains(v));
        match (year, iid) {
            (Some(year), Some(iid)) => out.push(((year, iid), key.pos)),
            (None, _) => {
                // `{2021: 48,10}` splits at the comma into `48` and a key `10`.
                let decimals = key.text.len() <= 2 && key.text.bytes().all(|b| b.is_ascii_digit());
                let reason = if decimals {
                    (
                        "bukan tahun; angka desimal ditulis dengan titik (48.10), bukan koma",
                        "not a year; decimals are written with a dot (48.10), not a comma",
                    )
                } else {
                    ("bukan tahun", "not a year")
                };
                f.diags.push(invalid_value(
                    f.file(),
                    key.pos,
                    &key.text,
                    "history",
                    reason,
                    example,
                ))
            }
            (_, None) => {
                let text = scalar_text(value);
                let reason = (
                    "IID harus angka 0–100",
                    "an IID must be a number from 0 to 100",
                );
                f.diags.push(invalid_value(
                    f.file(),
                    value.pos,
                    &text,
                    "history",
                    reason,
                    example,
                ));
            }
        }
    }
    out.sort_by_key(|((year, _), _)| *year);
    out
}

fn scalar_text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => x.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => node.type_name().to_string(),
    }
}

fn invalid_value(
    file: &str,
    pos: Pos,
    value: &str,
    field: &str,
    reason: (&str, &str),
    example: &str,
) -> Diagnostic {
    Diagnostic::new(Code::InvalidValue, file, pos)
        .span(value.chars().count())
        .arg("value", value)
        .arg("field", field)
        .arg_lang("reason", reason.0, reason.1)
        .arg_lang(
            "example",
            format!("Contoh: `{example}`"),
            format!("Example: `{example}`"),
        )
}

/// `indicators:` — one answer per indicator id.
fn answers(f: &mut Fields<'_>, check: &mut EvidenceCheck<'_>) -> Vec<Answer> {
    let example = "indicators: {regulasi-inovasi-daerah: {option: perkada, evidence: [...]}}";
    let file = f.file();
    let entries = f.map("indicators", example);
    let mut out = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let indicator = Spanned::new(key.text.clone(), key.pos, key.text.chars().count());
        out.push(answer(indicator, value, file, f.diags, check));
    }
    out
}

fn answer(
    indicator: Spanned<String>,
    node: &Node,
    file: &str,
    diags: &mut Diagnostics,
    check: &mut EvidenceCheck<'_>,
) -> Answer {
    let mut answer = Answer {
        indicator,
        option: None,
        evidence: Vec::new(),
    };
    // `option: x` one indent too far left: validation names the slip (L0202 with an
    // indentation hint); "an answer must be a mapping" would only add noise.
    let misplaced = ANSWER_KEYS.contains(&answer.indicator.as_str());
    if node.value == Value::Null || (misplaced && !matches!(node.value, Value::Map(_))) {
        return answer;
    }
    let example = "option: perkada";
    let Some(mut f) = Fields::new(node, file, ANSWER_CTX, ANSWER_KEYS, example, diags) else {
        return answer;
    };
    answer.option = f.text("option", example);
    let evidence_example = "evidence: [{title: SK Bupati, file: evidence/sk.pdf}]";
    let items: &[Node] = match f.node("evidence").map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        Some(Value::Null) | None => &[],
        Some(_) => {
            let n = f.node("evidence").unwrap_or(node);
            f.diags
                .push(wrong_type(file, "evidence", n, Ty::List, evidence_example));
            &[]
        }
    };
    for item in items {
        if let Some(evidence) = evidence(item, file, f.diags, check) {
            answer.evidence.push(evidence);
        }
    }
    answer
}

fn evidence(
    node: &Node,
    file: &str,
    diags: &mut Diagnostics,
    check: &mut EvidenceCheck<'_>,
) -> Option<Evidence> {
    let example = "{title: SK Bupati, file: evidence/sk.pdf}";
    let mut f = Fields::new(node, file, EVIDENCE_CTX, EVIDENCE_KEYS, example, diags)?;
    let title = f
        .required_text("title", "title: SK Bupati tentang Inovasi Daerah")
        .map(|s| s.value)
        .unwrap_or_default();
    let path = f.text("file", "file: evidence/sk.pdf");
    let url = f.text("url", "url: https://example.go.id/dokumen.pdf");
    let target = match (path, url) {
        (Some(path), None) => Target::File(check(&path.value, path.pos)),
        (None, Some(url)) => Target::Url(url),
        (Some(_), Some(_)) => {
            f.diags
                .push(Diagnostic::new(Code::EvidenceFileAndUrl, file, node.pos));
            Target::Invalid
        }
        (None, None) => {
            f.diags
                .push(Diagnostic::new(Code::EvidenceNoTarget, file, node.pos));
            Target::Invalid
        }
    };
    Some(Evidence {
        title,
        target,
        pos: node.pos,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::FileState;

    fn no_files(path: &str, pos: Pos) -> EvidenceFile {
        EvidenceFile {
            path: path.to_string(),
            normalized: String::new(),
            state: FileState::Missing,
            pos,
            suggestion: None,
        }
    }

    fn read(text: &str) -> (Innovation, Diagnostics) {
        let mut inn = Innovation {
            file: "content/r/a.md".into(),
            ..Innovation::default()
        };
        let mut diags = Diagnostics::default();
        innovation(text, &mut inn, &mut diags, &mut no_files);
        (inn, diags)
    }

    #[test]
    fn positions_are_lines_of_the_markdown_file() {
        let (inn, diags) = read("---\ntitle: A\nstage: penerapan\nindicators:\n  replikasi:\n    option: 1-kali\n---\nBody\n");
        assert!(diags.0.is_empty(), "{diags:?}");
        assert_eq!(inn.stage.pos, Pos { line: 3, col: 8 });
        assert_eq!(inn.answers[0].indicator.pos, Pos { line: 5, col: 3 });
        assert_eq!(inn.answers[0].option.as_ref().map(|o| o.pos.line), Some(6));
        assert_eq!(inn.body, "Body\n");
    }

    #[test]
    fn unterminated_front_matter_is_reported_at_line_one() {
        let (_, diags) = read("---\ntitle: A\n");
        assert_eq!(diags.0[0].code, Code::UnterminatedFrontMatter);
        assert_eq!(diags.0[0].pos.line, 1);
    }

    #[test]
    fn evidence_needs_exactly_one_target() {
        let text = "---\ntitle: A\nstage: penerapan\nindicators:\n  replikasi:\n    option: 1-kali\n    evidence:\n      - {title: A, file: a.pdf, url: 'https://a.id'}\n      - {title: B}\n---\n";
        let (_, diags) = read(text);
        let found: Vec<(Code, u32)> = diags.0.iter().map(|d| (d.code, d.pos.line)).collect();
        assert_eq!(
            found,
            [(Code::EvidenceFileAndUrl, 8), (Code::EvidenceNoTarget, 9)]
        );
    }

    #[test]
    fn history_rejects_non_years_and_out_of_range_values() {
        let mut region = Region {
            file: "content/r/_index.md".into(),
            ..Region::default()
        };
        let mut diags = Diagnostics::default();
        let text =
            "---\nname: R\nkind: kota\nhistory:\n  2021: 48.1\n  dua: 50\n  2022: 101\n---\n";
        super::region(text, &mut region, &mut diags, &mut no_files);
        assert_eq!(region.history, vec![(2021, 48.1)]);
        let lines: Vec<u32> = diags.0.iter().map(|d| d.pos.line).collect();
        assert_eq!(lines, [6, 7]);
    }
}
