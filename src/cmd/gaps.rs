//! `lumbung gaps <region>`: what each improvement would add to one region's IID, as a
//! terminal table, as Markdown for a report, or as the region's entry of
//! `data/gaps.json`. Words come from the theme's `gaps:` strings (the same as the
//! region page's "Peluang peningkatan" section), numbers from `score::gaps`.

use super::{lang, load, print_full, CONTENT_ERRORS, OK, USAGE};
use crate::cli::{GapsArgs, GapsFormat};
use lumbung::diagnostics::{closest, report, Lang};
use lumbung::pipeline::Project;
use lumbung::render::context::Labels;
use lumbung::render::gaps::{self as view, GapsView, ImprovementRow};
use lumbung::render::theme;
use lumbung::score::gaps;
use serde_json::Value;
use std::io::Write;

pub fn run(args: &GapsArgs) -> u8 {
    let project = match load(&args.common) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let lang = lang(&args.common, Some(&project));
    if project.diagnostics.has_errors() {
        print_full(&project.diagnostics, &args.common, lang);
        eprintln!("{}", report::summary(&project.diagnostics, lang));
        return CONTENT_ERRORS;
    }
    let Some(r) = project
        .corpus
        .regions
        .iter()
        .position(|x| x.slug == args.region)
    else {
        eprintln!("{}", unknown_region(&project, &args.region, lang));
        return USAGE;
    };
    let region = &project.corpus.regions[r];
    let m = &project.methodology;
    let peers = gaps::peers(&project.scores, r);
    let analysis = gaps::analyze(region, &project.scores.regions[r], m, &peers);
    if args.format == GapsFormat::Json {
        let mut entry = gaps::export::entry(region, &analysis, m);
        if let Some(top) = args.top {
            entry.improvements.truncate(top);
        }
        return emit(&gaps::export::to_json(
            &entry,
            gaps::export::ENTRY_INLINE_DEPTH,
        ));
    }
    let strings = match theme::load(&project.root, &project.config.theme) {
        Ok(theme) => theme.strings.get(&lang).cloned().unwrap_or_default(),
        Err(diags) => {
            print_full(&diags, &args.common, lang);
            return CONTENT_ERRORS;
        }
    };
    let labels = Labels { lang, m };
    let v = view::build(
        region,
        &analysis,
        &labels,
        args.top.unwrap_or(view::ROWS_MIN),
    );
    let terminal = args.format == GapsFormat::Table;
    let words = Words {
        strings: &strings,
        lang,
        terminal,
    };
    let text = if terminal {
        table(&region.name, &v, &words)
    } else {
        markdown(&region.name, &v, &words)
    };
    emit(text.as_bytes())
}

/// Writes the report on stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &[u8]) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text).and_then(|()| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: {err}");
            USAGE
        }
        _ => OK,
    }
}

/// "unknown region `x`; did you mean `y`?" with the list when it is short.
fn unknown_region(project: &Project, got: &str, lang: Lang) -> String {
    let slugs: Vec<&str> = project
        .corpus
        .regions
        .iter()
        .map(|r| r.slug.as_str())
        .collect();
    let mut text = match lang {
        Lang::Id => format!("error: wilayah `{got}` tidak ada di content/"),
        Lang::En => format!("error: there is no region `{got}` in content/"),
    };
    if let Some(suggestion) = closest(got, &slugs) {
        text.push_str(&match lang {
            Lang::Id => format!("; maksud Anda `{suggestion}`?"),
            Lang::En => format!("; did you mean `{suggestion}`?"),
        });
    } else if !slugs.is_empty() && slugs.len() <= 20 {
        text.push_str(&match lang {
            Lang::Id => format!("; wilayah yang ada: {}", slugs.join(", ")),
            Lang::En => format!("; regions: {}", slugs.join(", ")),
        });
    }
    text
}

/// The theme's strings in one language, and number formatting.
struct Words<'a> {
    strings: &'a Value,
    lang: Lang,
    /// Terminal: innovations by slug (their file name), short markers.
    terminal: bool,
}

impl Words<'_> {
    /// `t.<key>`, or `t.gaps.<key>` for keys starting with `gaps.`; the key itself if
    /// the theme lacks it.
    fn t(&self, key: &str) -> String {
        let value = key.split('.').fold(self.strings, |v, part| &v[part]);
        value.as_str().unwrap_or(key).to_string()
    }

    fn num(&self, x: f64, decimals: usize) -> String {
        let text = format!("{x:.decimals$}");
        match self.lang {
            Lang::Id => text.replace('.', ","),
            Lang::En => text,
        }
    }

    fn gain(&self, x: f64) -> String {
        format!("+{}", self.num(x, 3))
    }

    fn kind(&self, row: &ImprovementRow) -> String {
        let label = self.t(&format!("gaps.kind_{}", row.kind.replace('-', "_")));
        if row.quick_win {
            format!("{label} ({})", self.t("gaps.quick_win"))
        } else {
            label
        }
    }

    fn indicator(&self, row: &ImprovementRow) -> String {
        match (&row.number, &row.indicator) {
            (Some(n), Some(name)) => format!("{n}. {name}"),
            (None, Some(name)) => name.clone(),
            _ => self.t("gaps.new_innovation"),
        }
    }

    fn innovation(&self, row: &ImprovementRow) -> String {
        match (&row.innovation, row.kind) {
            (Some(_), _) if self.terminal => row.innovation_slug.clone().unwrap_or_default(),
            (Some(title), _) => title.clone(),
            (None, "add-innovation") => "—".into(),
            (None, _) => self.t("gaps.region_level"),
        }
    }

    fn rank(&self, rank: Option<u32>) -> String {
        rank.map_or_else(|| self.t("gaps.unranked"), |r| r.to_string())
    }

    /// "IID 57,64 · Inovatif · Peringkat 3 (Kabupaten)".
    fn headline(&self, v: &GapsView) -> String {
        format!(
            "{} {} · {} · {} {} ({})",
            self.t("iid"),
            self.num(v.iid, 2),
            v.predicate,
            self.t("rank"),
            self.rank(v.rank),
            v.rank_cluster
        )
    }

    /// The improvement rows as cells, in column order.
    fn cells(&self, row: &ImprovementRow) -> Vec<String> {
        vec![
            row.position.to_string(),
            self.gain(row.gain),
            self.kind(row),
            self.indicator(row),
            self.innovation(row),
            row.from.clone().unwrap_or_else(|| "—".into()),
            row.to.clone().unwrap_or_else(|| "—".into()),
            row.evidence_needed.to_string(),
        ]
    }

    fn headers(&self, keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| self.t(k)).collect()
    }

    fn outcome_cells(&self, o: &view::OutcomeRow) -> Vec<String> {
        vec![
            o.top.to_string(),
            self.num(o.iid, 2),
            format!("+{}", self.num(o.gain, 2)),
            o.predicate.clone(),
            self.rank(o.rank),
        ]
    }
}

const IMPROVEMENT_COLUMNS: [&str; 8] = [
    "gaps.col_position",
    "gaps.col_gain",
    "gaps.col_improvement",
    "gaps.col_indicator",
    "gaps.col_innovation",
    "gaps.col_from",
    "gaps.col_to",
    "gaps.col_evidence",
];
/// Right-aligned columns of the improvement table.
const IMPROVEMENT_NUMERIC: [bool; 8] = [true, true, false, false, false, false, false, true];
const OUTCOME_COLUMNS: [&str; 5] = [
    "gaps.col_top",
    "iid",
    "gaps.col_change",
    "predicate",
    "rank",
];
const OUTCOME_NUMERIC: [bool; 5] = [true, true, true, false, true];
const VARIABLE_COLUMNS: [&str; 4] = [
    "variable",
    "gaps.col_achieved",
    "gaps.col_max",
    "gaps.col_share",
];
const VARIABLE_NUMERIC: [bool; 4] = [false, true, true, true];
/// Longest cell in a terminal column; longer text is cut with "…".
const CELL_MAX: usize = 32;

fn variable_cells(v: &view::VariableRow, w: &Words<'_>) -> Vec<String> {
    vec![
        v.name.clone(),
        w.num(v.score, 2),
        w.num(v.max, 2),
        format!("{} %", w.num(v.percent, 1)),
    ]
}

/// The terminal report.
fn table(name: &str, v: &GapsView, w: &Words<'_>) -> String {
    let mut out = format!("{name} — {}\n{}\n", w.t("gaps.title"), w.headline(v));
    out.push_str(&format!(
        "{}: {} · {}: {}\n\n",
        w.t("gaps.count"),
        v.count,
        w.t("gaps.quick_wins"),
        v.quick_wins
    ));
    if v.rows.is_empty() {
        out.push_str(&format!("{}\n", w.t("gaps.none")));
    } else {
        let rows: Vec<Vec<String>> = v.rows.iter().map(|r| w.cells(r)).collect();
        out.push_str(&columns(
            &w.headers(&IMPROVEMENT_COLUMNS),
            &rows,
            &IMPROVEMENT_NUMERIC,
        ));
        if v.more > 0 {
            out.push_str(&format!(
                "… {} {} public/data/gaps.json (--top {})\n",
                v.more,
                w.t("gaps.more"),
                v.count
            ));
        }
    }
    if !v.what_if.is_empty() {
        out.push_str(&format!("\n{}\n", w.t("gaps.what_if_title")));
        let rows: Vec<Vec<String>> = v.what_if.iter().map(|o| w.outcome_cells(o)).collect();
        out.push_str(&columns(
            &w.headers(&OUTCOME_COLUMNS),
            &rows,
            &OUTCOME_NUMERIC,
        ));
    }
    out.push_str(&format!(
        "\n{}\n{}",
        w.t("gaps.next_band_title"),
        next_band_text(v, w, "  ")
    ));
    out.push_str(&format!("\n{}\n", w.t("gaps.variables_title")));
    let rows: Vec<Vec<String>> = v.variables.iter().map(|x| variable_cells(x, w)).collect();
    out.push_str(&columns(
        &w.headers(&VARIABLE_COLUMNS),
        &rows,
        &VARIABLE_NUMERIC,
    ));
    out.push_str(&weakest_line(v, w, "  "));
    out
}

/// "Variabel terlemah: … (35,5 %)", or nothing.
fn weakest_line(v: &GapsView, w: &Words<'_>, indent: &str) -> String {
    v.variables
        .iter()
        .find(|x| x.weakest)
        .map_or_else(String::new, |x| {
            format!(
                "{indent}{}: {} ({} %)\n",
                w.t("gaps.weakest"),
                x.name,
                w.num(x.percent, 1)
            )
        })
}

/// The next-band facts as "label: value" lines with `indent`, or the reason there are none.
fn next_band_text(v: &GapsView, w: &Words<'_>, indent: &str) -> String {
    match &v.next_band {
        _ if v.top_band => format!("{indent}{}\n", w.t("gaps.top_band")),
        None => format!("{indent}{}\n", w.t("gaps.next_band_out_of_reach")),
        Some(n) => [
            (w.t("gaps.next_band"), n.predicate.clone()),
            (
                w.t("gaps.next_band_count"),
                format!("{} (1–{})", n.top, n.top),
            ),
            (w.t("gaps.next_band_iid"), w.num(n.iid, 2)),
            (w.t("gaps.next_band_rank"), w.rank(n.rank)),
        ]
        .iter()
        .map(|(k, val)| format!("{indent}{k}: {val}\n"))
        .collect(),
    }
}

/// Aligned columns with a header line; long cells are cut.
fn columns(headers: &[String], rows: &[Vec<String>], numeric: &[bool]) -> String {
    let cut = |s: &str| -> String {
        if s.chars().count() > CELL_MAX {
            format!("{}…", s.chars().take(CELL_MAX - 1).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count())
                .chain([headers[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let pad = " ".repeat(widths[c] - s.chars().count());
                if numeric[c] {
                    format!("{pad}{s}")
                } else {
                    format!("{s}{pad}")
                }
            })
            .collect();
        format!("  {}\n", padded.join("  ").trim_end())
    };
    let mut out = line(headers);
    for row in &rows {
        out.push_str(&line(row));
    }
    out
}

/// The Markdown report.
fn markdown(name: &str, v: &GapsView, w: &Words<'_>) -> String {
    let mut out = format!(
        "## {}: {}\n\n{}\n\n",
        w.t("gaps.title"),
        md_cell(name),
        w.headline(v)
    );
    out.push_str(&format!("{}\n\n", w.t("gaps.intro")));
    out.push_str(&format!(
        "- {}: {}\n- {}: {}\n\n",
        w.t("gaps.count"),
        v.count,
        w.t("gaps.quick_wins"),
        v.quick_wins
    ));
    if v.rows.is_empty() {
        out.push_str(&format!("{}\n", w.t("gaps.none")));
    } else {
        let rows: Vec<Vec<String>> = v.rows.iter().map(|r| w.cells(r)).collect();
        out.push_str(&md_table(
            &w.headers(&IMPROVEMENT_COLUMNS),
            &rows,
            &IMPROVEMENT_NUMERIC,
        ));
        if v.more > 0 {
            out.push_str(&format!(
                "\n{} {} `public/data/gaps.json`.\n",
                v.more,
                w.t("gaps.more")
            ));
        }
    }
    if !v.what_if.is_empty() {
        out.push_str(&format!(
            "\n### {}\n\n{}\n\n",
            w.t("gaps.what_if_title"),
            w.t("gaps.what_if_intro")
        ));
        let rows: Vec<Vec<String>> = v.what_if.iter().map(|o| w.outcome_cells(o)).collect();
        out.push_str(&md_table(
            &w.headers(&OUTCOME_COLUMNS),
            &rows,
            &OUTCOME_NUMERIC,
        ));
    }
    out.push_str(&format!(
        "\n### {}\n\n{}",
        w.t("gaps.next_band_title"),
        next_band_text(v, w, "- ")
    ));
    out.push_str(&format!("\n### {}\n\n", w.t("gaps.variables_title")));
    let rows: Vec<Vec<String>> = v.variables.iter().map(|x| variable_cells(x, w)).collect();
    out.push_str(&md_table(
        &w.headers(&VARIABLE_COLUMNS),
        &rows,
        &VARIABLE_NUMERIC,
    ));
    out.push_str(&weakest_line(v, w, "\n"));
    out
}

fn md_table(headers: &[String], rows: &[Vec<String>], numeric: &[bool]) -> String {
    let line = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| md_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    let rule: Vec<String> = numeric
        .iter()
        .map(|n| if *n { "---:".into() } else { "---".into() })
        .collect();
    let mut out = line(headers);
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// Text safe inside a Markdown table cell.
fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_escape_pipes_and_line_breaks() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
    }

    #[test]
    fn columns_align_numbers_right_and_cut_long_text() {
        let headers = vec!["n".to_string(), "text".to_string()];
        let long = "x".repeat(CELL_MAX + 5);
        let text = columns(&headers, &[vec!["10".into(), long]], &[true, false]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "   n  text");
        assert!(lines[1].starts_with("  10  xxx"));
        assert!(lines[1].ends_with('…'));
        assert_eq!(lines[1].chars().count(), 2 + 2 + 2 + CELL_MAX);
    }
}
