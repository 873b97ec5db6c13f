//! `lumbung score`: the index table on stdout (table, JSON or CSV).

use super::{lang, load, OK};
use crate::cli::{ScoreArgs, TableFormat};
use lumbung::content::vocabulary;
use lumbung::diagnostics::Lang;
use lumbung::pipeline::Project;
use serde::Serialize;

#[derive(Serialize)]
struct Row<'a> {
    rank: Option<u32>,
    slug: &'a str,
    name: &'a str,
    kind: &'a str,
    iid: f64,
    predicate: &'a str,
    spd: f64,
    sid: f64,
    innovations: u32,
}

pub fn run(args: &ScoreArgs) -> u8 {
    let project = match load(&args.common) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let lang = lang(&args.common, Some(&project));
    let rows = rows(&project);
    match args.format {
        TableFormat::Table => print!("{}", table(&rows, lang)),
        TableFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        ),
        TableFormat::Csv => {
            println!("rank,slug,name,kind,iid,predicate,spd,sid,innovations");
            for r in &rows {
                println!(
                    "{},{},\"{}\",{},{:.2},{},{},{},{}",
                    r.rank.map(|x| x.to_string()).unwrap_or_default(),
                    r.slug,
                    r.name.replace('"', "\"\""),
                    r.kind,
                    r.iid,
                    r.predicate,
                    r.spd,
                    r.sid,
                    r.innovations
                );
            }
        }
    }
    OK
}

/// Regions by IID descending (then name); rank is within the region's kind, which
/// the table shows as its cluster column.
fn rows(project: &Project) -> Vec<Row<'_>> {
    let m = &project.methodology;
    let mut rows: Vec<Row<'_>> = project
        .corpus
        .regions
        .iter()
        .zip(&project.scores.regions)
        .map(|(region, s)| Row {
            rank: s.rank.get(&region.kind.value).copied(),
            slug: &region.slug,
            name: &region.name,
            kind: &region.kind.value,
            iid: s.iid,
            predicate: &m.doc.predicates[s.predicate].label,
            spd: s.spd,
            sid: s.sid,
            innovations: s.innovation_count,
        })
        .collect();
    rows.sort_by(|a, b| b.iid.total_cmp(&a.iid).then_with(|| a.name.cmp(b.name)));
    rows
}

/// The table for a person: one block per kind of region (ranks are within it), in
/// the vocabulary's order (provinsi, kabupaten, kota), headers in `lang`.
fn table(rows: &[Row<'_>], lang: Lang) -> String {
    let mut grouped: Vec<&Row<'_>> = rows.iter().collect();
    grouped.sort_by_key(|r| vocabulary::cluster_order(r.kind)); // Stable: IID order within a kind.
    let name_width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(6)
        .max(7);
    let headers = match lang {
        Lang::Id => ["peringkat", "jenis", "wilayah", "predikat", "inovasi"],
        Lang::En => ["rank", "cluster", "region", "predicate", "innov"],
    };
    let [rank, cluster, region, predicate, innov] = headers;
    let mut out = format!(
        "{rank:>9}  {cluster:<10}  {region:<name_width$}  {:>6}  {predicate:<20}  {:>6}  {:>6}  {innov:>7}\n",
        "IID", "SPD", "SID"
    );
    for r in grouped {
        out.push_str(&format!(
            "{:>9}  {:<10}  {:<name_width$}  {:>6.2}  {:<20}  {:>6.2}  {:>6.2}  {:>7}\n",
            r.rank.map(|x| x.to_string()).unwrap_or_else(|| "-".into()),
            r.kind,
            r.name,
            r.iid,
            r.predicate,
            r.spd,
            r.sid,
            r.innovations
        ));
    }
    out
}
