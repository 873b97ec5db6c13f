//! `lumbung score`: the index table on stdout (table, JSON or CSV).

use super::{lang, load, OK};
use crate::cli::{ScoreArgs, TableFormat};
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
    let _ = lang(&args.common, Some(&project));
    let rows = rows(&project);
    match args.format {
        TableFormat::Table => print!("{}", table(&rows)),
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

fn table(rows: &[Row<'_>]) -> String {
    let name_width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut out = format!(
        "{:>4}  {:<10}  {:<name_width$}  {:>6}  {:<20}  {:>6}  {:>6}  {:>5}\n",
        "rank", "cluster", "region", "IID", "predicate", "SPD", "SID", "innov"
    );
    for r in rows {
        out.push_str(&format!(
            "{:>4}  {:<10}  {:<name_width$}  {:>6.2}  {:<20}  {:>6.2}  {:>6.2}  {:>5}\n",
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
