//! Open-data exports: `data/scores.json` and `data/methodology.json` exactly per
//! `scores-json.md` and `methodology-format.md`, flat CSV tables for spreadsheets, and
//! a Frictionless `data/datapackage.json` describing every other export (CSV columns
//! typed from their header). Key and row order are fixed, so exports are
//! byte-identical across builds. To add an export, add one line to [`all`]: the data
//! package and the open-data page pick it up.

use super::fingerprint::Hasher128;
use super::{Input, Piece, Pieces};
use crate::score::gaps::{export, RegionGaps};
use crate::score::StatusCount;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// What one region adds to the exports, made from that region alone (its text at its
/// place in each file), so `serve` keeps it while the region is unchanged. Per
/// innovation rows are the bulk of the exports at national scale.
/// Each text is shared as a piece of its file (see [`all`]).
pub struct Fragments {
    /// Its innovations in `data/scores.json`, as they are laid out in the list.
    scores: Piece,
    /// Its rows of `data/innovations.csv`.
    innovations_csv: Piece,
    /// Its entry of `data/gaps.json` (`gaps` may be unranked: ranks are not exported).
    gaps: Piece,
    /// Hashes of the three texts above.
    digests: [u128; 3],
}

impl Fragments {
    /// No text: what a region keeps once `build` has made the files (it keeps
    /// nothing for a next build).
    pub fn empty() -> Fragments {
        Fragments {
            scores: Piece::default(),
            innovations_csv: Piece::default(),
            gaps: Piece::new(b"null".to_vec()),
            digests: [0; 3],
        }
    }

    /// Region `r`'s fragments. `serve` gives `gaps` and keeps the fragments, with the
    /// hashes that let a next build keep an unchanged file; `build` gives none: the
    /// `data/gaps.json` entry is left out (it writes that file from the analyses, see
    /// [`all`]) and nothing is hashed.
    pub fn new(input: &Input<'_>, r: usize, gaps: Option<&RegionGaps>) -> Fragments {
        let region = &input.corpus.regions[r];
        let rows: Vec<Vec<u8>> = innovation_rows(input, r)
            .map(|row| export::to_json_at(&row, usize::MAX, 2))
            .collect();
        let scores = Piece::new(rows.join(row_separator()));
        let innovations_csv = Piece::new(csv(&innovations_csv_rows(input, r)));
        let kept = gaps.is_some();
        let gaps = gaps.map_or_else(
            || Piece::new(b"null".to_vec()),
            |g| Piece::new(export::entry_text(region, g, input.methodology)),
        );
        let digests = if kept {
            [
                Hasher128::of_bytes(&scores),
                Hasher128::of_bytes(&innovations_csv),
                Hasher128::of_bytes(&gaps),
            ]
        } else {
            [0; 3]
        };
        Fragments {
            scores,
            innovations_csv,
            gaps,
            digests,
        }
    }
}

/// Export files of a build by path, with the hash of what each was made from, and
/// each region's rows of the region tables by the hash of what they read (`serve`
/// keeps both for its next build).
#[derive(Default)]
pub struct Made {
    pub files: Files,
    rows: HashMap<u128, Arc<RegionRows>>,
}

/// Export files by path, with the hash of what each was made from.
pub type Files = HashMap<&'static str, (u128, Arc<Pieces>)>;

/// A region's row of `data/scores.json` (laid out in place) and of `data/scores.csv`.
struct RegionRows {
    json: Box<RawValue>,
    csv: Vec<u8>,
}

/// Every export: (output path, bytes); `fragments` parallel to `corpus.regions`. A file
/// made from the same parts as in `earlier` (`serve`'s previous build) keeps its bytes;
/// `summaries` (per region, the hash of what its rows of `data/scores.json` and
/// `data/scores.csv` read: its own fields and score but its indicators and
/// innovations) are given when the caller keeps `earlier`, whose rows are then kept
/// too. With `analyses` (`build`, whose fragments have no gaps text), `data/gaps.json`
/// is written from them one region at a time: ~95 MB less at national scale.
pub fn all(
    input: &Input<'_>,
    fragments: &[&Fragments],
    earlier: &Made,
    summaries: Option<&[u128]>,
    analyses: Option<&[RegionGaps]>,
) -> Made {
    let key = |k: usize| {
        let mut h = Hasher128::default();
        fragments.iter().for_each(|f| {
            h.u128(f.digests[k]);
        });
        h
    };
    let regions_key = summaries.map(|s| {
        let mut h = Hasher128::default();
        s.iter().for_each(|k| {
            h.u128(*k);
        });
        h.finish()
    });
    let made = |path| earlier.files.get(path).map(|(k, _)| *k);
    let scores_key = regions_key.map(|k| key(0).u128(k).finish());
    // Region rows are needed when a file that has them is made again.
    let remade = made(SCORES_JSON) != scores_key || made(SCORES_CSV) != regions_key;
    let rows = if summaries.is_none() || remade {
        region_rows(input, summaries, &earlier.rows)
    } else {
        Vec::new()
    };
    let gaps = || fragments.iter().map(|f| f.gaps.clone()).collect();
    let one = Pieces::one;
    type Make<'m> = &'m (dyn Fn() -> Pieces + Sync);
    let files: [(&'static str, Option<u128>, Make<'_>); 5] = [
        (SCORES_JSON, scores_key, &|| {
            scores_json(input, &rows, fragments)
        }),
        ("data/methodology.json", Some(0), &|| {
            one(methodology_json(input))
        }),
        (SCORES_CSV, regions_key, &|| one(scores_csv(&rows))),
        (INNOVATIONS_CSV, Some(key(1).finish()), &|| {
            innovations_csv(fragments)
        }),
        (GAPS_JSON, Some(key(2).finish()), &|| match analyses {
            Some(analyses) => one(export::document_json_from(
                input.corpus,
                analyses,
                input.methodology,
            )),
            None => gaps_pieces(input.methodology, gaps()),
        }),
    ];
    // Made side by side (~0.15 s of one core at 10k innovations when made in turn).
    let mut files: Files = files
        .into_par_iter()
        .map(|(path, key, make)| {
            let bytes = match (key, earlier.files.get(path)) {
                (Some(key), Some((k, bytes))) if key == *k => bytes.clone(),
                _ => make().into(),
            };
            (path, (key.unwrap_or_default(), bytes))
        })
        .collect();
    let package = datapackage(input, &files);
    files.insert(DATAPACKAGE, (0, Pieces::one(package).into()));
    let rows = match summaries {
        Some(summaries) if remade => summaries.iter().copied().zip(rows).collect(),
        Some(_) => earlier.rows.clone(),
        None => HashMap::new(),
    };
    Made { files, rows }
}

/// The export files in the order of the data package and the open-data page.
pub const FILES: [&str; 6] = [
    SCORES_JSON,
    "data/methodology.json",
    SCORES_CSV,
    INNOVATIONS_CSV,
    GAPS_JSON,
    DATAPACKAGE,
];

const SCORES_JSON: &str = "data/scores.json";
const SCORES_CSV: &str = "data/scores.csv";
const INNOVATIONS_CSV: &str = "data/innovations.csv";
const GAPS_JSON: &str = "data/gaps.json";

const DATAPACKAGE: &str = "data/datapackage.json";

/// Titles of the known exports in the data package.
fn resource_title(file: &str) -> &'static str {
    match file {
        "scores.json" => "Scores of every region and innovation (lumbung-scores/1)",
        "methodology.json" => "The index methodology used for the scores",
        "scores.csv" => "Scores per region",
        "innovations.csv" => "Innovations with their profile and score",
        "gaps.json" => "Improvement opportunities per region (lumbung-gaps/1)",
        _ => "",
    }
}

/// The Frictionless type of a CSV column, by its name.
fn column_type(name: &str) -> &'static str {
    match name {
        "iid" | "spd" | "sid" | "total" | "max_total" | "count_score" | "score" => "number",
        "innovation_count"
        | "counted_innovations"
        | "basic_services_covered"
        | "verified"
        | "unverified"
        | "missing" => "integer",
        "digital" | "counted" => "boolean",
        "trial_date" | "launch_date" => "date",
        _ => "string",
    }
}

/// `data/datapackage.json` (Frictionless Data Package v1) describing `files`.
fn datapackage(input: &Input<'_>, files: &Files) -> Vec<u8> {
    let resources: Vec<serde_json::Value> = FILES
        .iter()
        .filter_map(|path| Some(resource(path, &files.get(path)?.1)))
        .collect();
    let package = serde_json::json!({
        "profile": "data-package",
        "name": format!("lumbung-{}", crate::fields::slugify(&input.config.title)),
        "title": input.config.title,
        "description": input.config.description(input.config.language),
        "homepage": input.config.base_url,
        "keywords": ["indeks-inovasi-daerah", input.methodology.doc.id],
        "resources": resources,
    });
    to_json(&package)
}

/// One resource of the data package; CSV files get a typed schema from their header.
fn resource(path: &str, file_pieces: &Pieces) -> serde_json::Value {
    let file = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let mut r = serde_json::json!({
        "name": format!("{stem}-{ext}"),
        "path": file,
        "title": resource_title(file),
        "format": ext,
        "mediatype": if ext == "csv" { "text/csv" } else { "application/json" },
        "encoding": "utf-8",
        "bytes": file_pieces.len(),
        "profile": "data-resource",
    });
    if ext == "csv" {
        // A CSV file's first piece starts with its header line.
        let first = file_pieces.0.first().map_or(&[][..], |p| p.as_slice());
        let header = first
            .split(|b| *b == b'\r' || *b == b'\n')
            .next()
            .unwrap_or_default();
        let fields: Vec<serde_json::Value> = String::from_utf8_lossy(header)
            .split(',')
            .map(|name| serde_json::json!({"name": name, "type": column_type(name)}))
            .collect();
        r["profile"] = "tabular-data-resource".into();
        r["dialect"] =
            serde_json::json!({"delimiter": ",", "lineTerminator": "\r\n", "header": true});
        r["schema"] = serde_json::json!({"fields": fields});
    }
    r
}

#[derive(Serialize)]
struct ScoresFile<'a> {
    format: &'static str,
    methodology: &'a str,
    year: Option<i32>,
    /// [`RegionRow`]s, laid out in place ([`region_rows`]).
    regions: Vec<&'a RawValue>,
    /// [`InnovationRow`]s, laid out in place by [`Fragments`].
    innovations: Vec<&'a RawValue>,
}

#[derive(Serialize)]
struct RegionRow<'a> {
    slug: &'a str,
    name: &'a str,
    kind: &'a str,
    clusters: &'a [String],
    spd: f64,
    sid: f64,
    total: f64,
    max_total: f64,
    iid: f64,
    predicate: &'a str,
    rank: &'a BTreeMap<String, u32>,
    innovation_count: u32,
    counted_innovations: u32,
    basic_services_covered: u32,
    count_score: f64,
    variables: BTreeMap<&'a str, Variable>,
    indicator_status: StatusCount,
}

#[derive(Serialize)]
struct Variable {
    score: f64,
    max: f64,
}

#[derive(Serialize)]
struct InnovationRow<'a> {
    region: &'a str,
    slug: &'a str,
    score: f64,
    counted: bool,
    indicator_status: StatusCount,
}

/// The scores document; `regions` by slug, `innovations` by region then slug (the
/// corpus is already in that order): each region's innovation rows are a piece of it.
fn scores_json(input: &Input<'_>, regions: &[Arc<RegionRows>], fragments: &[&Fragments]) -> Pieces {
    let document = |innovations: Vec<&RawValue>| {
        to_json(&ScoresFile {
            format: "lumbung-scores/1",
            methodology: &input.methodology.doc.id,
            year: input.config.year,
            regions: regions.iter().map(|rows| &*rows.json).collect(),
            innovations,
        })
    };
    let marks = marks();
    let framed = document(marks.iter().map(|m| &**m).collect());
    assemble(
        Framing::cut(&framed),
        fragments.iter().map(|f| f.scores.clone()),
    )
    .unwrap_or_else(|| Pieces::one(document(Vec::new())))
}

/// `data/gaps.json` from each region's entry text (in corpus order): the framing of
/// [`export::document_json`] around the entries, shared as they are.
fn gaps_pieces(m: &crate::methodology::Methodology, entries: Vec<Piece>) -> Pieces {
    let marks = marks();
    let framed = export::document_json(m, marks.iter().map(|m| &**m).collect());
    assemble(Framing::cut(&framed), entries)
        .unwrap_or_else(|| Pieces::one(export::document_json(m, Vec::new())))
}

/// A document's text before the first item of its big list, between two items and
/// after the last, found by writing it with two [`marks`] as the items.
struct Framing {
    head: Piece,
    separator: Piece,
    tail: Piece,
}

/// Two list items that no document otherwise contains.
fn marks() -> [Box<RawValue>; 2] {
    MARKS.map(|mark| export::raw(mark.as_bytes().to_vec()))
}

const MARKS: [&str; 2] = ["\"@lumbung-item-1@\"", "\"@lumbung-item-2@\""];

/// What separates two items of a list of the scores document (the `innovations` rows
/// are at depth 2), found once by framing a list written there.
fn row_separator() -> &'static [u8] {
    static SEPARATOR: std::sync::OnceLock<Piece> = std::sync::OnceLock::new();
    SEPARATOR.get_or_init(|| Framing::of_list(1).separator)
}

impl Framing {
    /// The framing of a list that sits at nesting `depth` of a document (its items at
    /// `depth + 1`, as [`export::to_json_at`] writes them there).
    fn of_list(depth: usize) -> Framing {
        Framing::cut(&export::to_json_at(&marks(), usize::MAX, depth))
    }

    /// `text`, written with the two [`marks`] as the list's items, cut around them
    /// (raw values are written as they are, so both are there).
    fn cut(text: &[u8]) -> Framing {
        // From the end: the big list ends the document, so the marks are near its
        // end (the scores document has 550 region rows before them).
        let find = |mark: &str| {
            let at = text.windows(mark.len()).rposition(|w| w == mark.as_bytes());
            debug_assert!(at.is_some(), "{mark} is written as it is");
            let at = at.unwrap_or(text.len());
            (at, (at + mark.len()).min(text.len()))
        };
        let ((head, first_end), (second, tail)) = (find(MARKS[0]), find(MARKS[1]));
        Framing {
            head: Piece::new(text[..head].to_vec()),
            separator: Piece::new(text[first_end..second.max(first_end)].to_vec()),
            tail: Piece::new(text[tail..].to_vec()),
        }
    }
}

/// The pieces of a document from its framing and the items of its list in `chunks`
/// (each one item or several joined by the separator; empty chunks are left out), or
/// none without any item (serde writes an empty list differently).
fn assemble(framing: Framing, chunks: impl IntoIterator<Item = Piece>) -> Option<Pieces> {
    let mut pieces = vec![framing.head];
    for chunk in chunks.into_iter().filter(|c| !c.is_empty()) {
        if pieces.len() > 1 {
            pieces.push(framing.separator.clone());
        }
        pieces.push(chunk);
    }
    if pieces.len() == 1 {
        return None;
    }
    pieces.push(framing.tail);
    Some(Pieces(pieces))
}

/// Each region's rows of the region tables, kept from `earlier` by `summaries` (see
/// [`all`]) or made.
fn region_rows(
    input: &Input<'_>,
    summaries: Option<&[u128]>,
    earlier: &HashMap<u128, Arc<RegionRows>>,
) -> Vec<Arc<RegionRows>> {
    (0..input.corpus.regions.len())
        .into_par_iter()
        .map(|r| {
            let kept = summaries.and_then(|s| earlier.get(s.get(r)?));
            kept.cloned().unwrap_or_else(|| {
                Arc::new(RegionRows {
                    json: export::raw(export::to_json_at(&region_row(input, r), usize::MAX, 2)),
                    csv: csv(&[scores_csv_row(input, r)]),
                })
            })
        })
        .collect()
}

/// Region `r`'s row of the scores document.
fn region_row<'a>(input: &'a Input<'_>, r: usize) -> RegionRow<'a> {
    let m = input.methodology;
    let (region, s) = (&input.corpus.regions[r], &input.scores.regions[r]);
    RegionRow {
        slug: &region.slug,
        name: &region.name,
        kind: &region.kind.value,
        clusters: &s.clusters,
        spd: s.spd,
        sid: s.sid,
        total: s.total,
        max_total: s.max_total,
        iid: s.iid,
        predicate: &m.doc.predicates[s.predicate].label,
        rank: &s.rank,
        innovation_count: s.innovation_count,
        counted_innovations: s.counted_innovations,
        basic_services_covered: s.basic_services_covered,
        count_score: s.count_score,
        variables: s
            .variables
            .iter()
            .enumerate()
            .map(|(v, vs)| {
                (
                    m.variable(v).id.as_str(),
                    Variable {
                        score: vs.score,
                        max: vs.max,
                    },
                )
            })
            .collect(),
        indicator_status: s.status,
    }
}

/// The `innovations` rows of region `r` in the scores document.
fn innovation_rows<'a>(input: &'a Input<'_>, r: usize) -> impl Iterator<Item = InnovationRow<'a>> {
    let (region, s) = (&input.corpus.regions[r], &input.scores.regions[r]);
    region
        .innovations
        .iter()
        .zip(&s.innovations)
        .map(|(inn, is)| InnovationRow {
            region: &region.slug,
            slug: &inn.slug,
            score: is.score,
            counted: is.counted,
            indicator_status: is.status,
        })
}

pub fn methodology_json(input: &Input<'_>) -> Vec<u8> {
    to_json(&input.methodology.doc)
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap_or_default();
    out.push(b'\n');
    out
}

/// One row per region.
fn scores_csv(rows: &[Arc<RegionRows>]) -> Vec<u8> {
    let header = [
        "slug",
        "name",
        "kind",
        "clusters",
        "iid",
        "predicate",
        "spd",
        "sid",
        "total",
        "max_total",
        "innovation_count",
        "counted_innovations",
        "basic_services_covered",
        "count_score",
        "rank",
        "verified",
        "unverified",
        "missing",
    ];
    let mut out = csv(&[header.map(String::from).to_vec()]);
    rows.iter().for_each(|row| out.extend_from_slice(&row.csv));
    out
}

/// Region `r`'s row of `data/scores.csv`.
fn scores_csv_row(input: &Input<'_>, r: usize) -> Vec<String> {
    let (region, s) = (&input.corpus.regions[r], &input.scores.regions[r]);
    let rank = s
        .rank
        .iter()
        .map(|(c, r)| format!("{c}:{r}"))
        .collect::<Vec<_>>()
        .join(" ");
    vec![
        region.slug.clone(),
        region.name.clone(),
        region.kind.value.clone(),
        s.clusters.join(" "),
        format!("{:.2}", s.iid),
        input.methodology.doc.predicates[s.predicate].label.clone(),
        s.spd.to_string(),
        s.sid.to_string(),
        s.total.to_string(),
        s.max_total.to_string(),
        s.innovation_count.to_string(),
        s.counted_innovations.to_string(),
        s.basic_services_covered.to_string(),
        s.count_score.to_string(),
        rank,
        s.status.verified.to_string(),
        s.status.unverified.to_string(),
        s.status.missing.to_string(),
    ]
}

/// One row per innovation, with its profile.
fn innovations_csv(fragments: &[&Fragments]) -> Pieces {
    let header = vec![[
        "region",
        "slug",
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
        "score",
        "counted",
        "verified",
        "unverified",
        "missing",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>()];
    let rows = fragments.iter().map(|f| f.innovations_csv.clone());
    Pieces(
        std::iter::once(Piece::new(csv(&header)))
            .chain(rows)
            .collect(),
    )
}

/// The rows of region `r`'s innovations in `innovations.csv`.
fn innovations_csv_rows(input: &Input<'_>, r: usize) -> Vec<Vec<String>> {
    let (region, s) = (&input.corpus.regions[r], &input.scores.regions[r]);
    let join = |items: &[crate::fields::Spanned<String>]| {
        items
            .iter()
            .map(|i| i.value.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    region
        .innovations
        .iter()
        .zip(&s.innovations)
        .map(|(inn, is)| {
            vec![
                region.slug.clone(),
                inn.slug.clone(),
                inn.title.clone(),
                inn.stage.value.clone(),
                inn.form
                    .as_ref()
                    .map(|f| f.value.clone())
                    .unwrap_or_default(),
                inn.digital.map(|d| d.to_string()).unwrap_or_default(),
                inn.initiator
                    .as_ref()
                    .map(|i| i.value.clone())
                    .unwrap_or_default(),
                join(&inn.affairs),
                inn.agency.clone().unwrap_or_default(),
                inn.trial_date.map(|d| d.to_string()).unwrap_or_default(),
                inn.launch_date.map(|d| d.to_string()).unwrap_or_default(),
                join(&inn.tags),
                is.score.to_string(),
                is.counted.to_string(),
                is.status.verified.to_string(),
                is.status.unverified.to_string(),
                is.status.missing.to_string(),
            ]
        })
        .collect()
}

/// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled.
/// Fields starting with `=`, `+`, `-` or `@` get a leading `'` so spreadsheets do
/// not run them as formulas.
fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn csv_field(field: &str) -> String {
    let is_number = field.parse::<f64>().is_ok();
    let field = if !is_number && field.starts_with(['=', '+', '-', '@']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items as the exports lay them out (some on several lines).
    fn items() -> Vec<Box<RawValue>> {
        let texts = [
            "{\"a\": 1}",
            "{\n    \"b\": [1, 2]\n  }",
            "\"x, \\\"y\\\"\"",
            "null",
        ];
        texts
            .iter()
            .map(|t| export::raw(t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn framed_pieces_and_joined_rows_concatenate_to_the_document_serde_writes() {
        let regions = [export::raw(b"{\"slug\": \"r\"}".to_vec())];
        let file = |innovations| ScoresFile {
            format: "lumbung-scores/1",
            methodology: "iid-2023",
            year: Some(2023),
            regions: regions.iter().map(|r| &**r).collect(),
            innovations,
        };
        let marks = marks();
        let framing = || Framing::cut(&to_json(&file(marks.iter().map(|m| &**m).collect())));
        let rows = items();
        for n in 0..=rows.len() {
            let chunks = rows[..n]
                .iter()
                .map(|r| Piece::new(r.get().as_bytes().to_vec()));
            let whole = to_json(&file(rows[..n].iter().map(|r| &**r).collect()));
            match assemble(framing(), chunks) {
                Some(pieces) => {
                    assert_eq!(pieces.to_vec(), whole, "{n} items");
                    assert!(pieces.eq_bytes(&whole) && pieces.same(&Pieces::one(whole.clone())));
                }
                None => assert_eq!(n, 0, "only an empty list has no pieces"),
            }
            // A region's rows joined as `Fragments` joins them, and a region without any.
            let texts: Vec<&[u8]> = rows[..n].iter().map(|r| r.get().as_bytes()).collect();
            let joined = Piece::new(texts.join(row_separator()));
            if let Some(pieces) = assemble(framing(), [joined, Piece::default()]) {
                assert_eq!(pieces.to_vec(), whole, "{n} items in one piece");
            }
        }
    }

    #[test]
    fn pieces_compare_by_their_bytes_wherever_they_are_cut() {
        let pieces = |parts: &[&str]| {
            Pieces(
                parts
                    .iter()
                    .map(|p| Piece::new(p.as_bytes().to_vec()))
                    .collect(),
            )
        };
        let abc = pieces(&["ab", "c"]);
        assert!(abc.same(&pieces(&["a", "", "bc"])) && abc.same(&pieces(&["abc"])));
        assert!(!abc.same(&pieces(&["a", "bd"])) && !abc.same(&pieces(&["ab"])));
        assert!(abc.eq_bytes(b"abc") && !abc.eq_bytes(b"abcd") && !abc.eq_bytes(b"ab"));
        let shared = Pieces(vec![abc.0[0].clone(), Piece::new(b"d".to_vec())]);
        assert!(!abc.same(&shared) && shared.same(&pieces(&["abd"])));
    }

    #[test]
    fn gaps_pieces_concatenate_to_the_document() {
        let m = crate::methodology::load("iid-2023", std::path::Path::new("."))
            .unwrap_or_else(|d| panic!("{:?}", d.0));
        let entries = items();
        for n in 0..=entries.len() {
            let whole = export::document_json(&m, entries[..n].iter().map(|e| &**e).collect());
            let shared = entries[..n]
                .iter()
                .map(|e| Piece::new(e.get().as_bytes().to_vec()))
                .collect();
            let pieces = gaps_pieces(&m, shared);
            assert_eq!(pieces.to_vec(), whole, "{n} entries");
            assert_eq!(
                pieces.0.len(),
                if n == 0 { 1 } else { 2 * n + 1 },
                "shared, not copied"
            );
        }
    }

    #[test]
    fn csv_columns_get_frictionless_types() {
        assert_eq!(column_type("iid"), "number");
        assert_eq!(column_type("missing"), "integer");
        assert_eq!(column_type("launch_date"), "date");
        assert_eq!(column_type("name"), "string");
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("-1.5"), "-1.5");
    }
}
