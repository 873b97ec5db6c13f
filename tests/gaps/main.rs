//! Gap analysis against full rescoring. Every promised gain, what-if and next band is
//! checked the way an outside test would: apply the listed improvement to the content
//! files themselves (option, evidence items, a new innovation file), load the portfolio
//! again and score it with `score::compute`. Gains must match to the bit; nothing may
//! be promised that the index would not give. Also: the CLI's three formats, and the
//! export and the region pages in a real build.

mod check;
mod portfolio;

use check::{analysis, check_against_rescoring};
use lumbung::methodology::Level;
use lumbung::score::gaps;
use portfolio::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Two kabupaten and a kota on the mini methodology, with every kind of gap.
fn mini_portfolio() -> Portfolio {
    let banjar = RegionSpec {
        slug: "kabupaten-banjar".into(),
        kind: "kabupaten".into(),
        // visi verified below best; regulasi unverified (1 valid + 1 empty of 2);
        // anggaran missing.
        answers: vec![answer("visi", "misi", 1, 0), answer("regulasi", "sk", 1, 1)],
        innovations: vec![
            innovation(
                "sipandai",
                "penerapan",
                &["pendidikan"],
                vec![
                    answer("kematangan", "sedang", 1, 0),
                    answer("digital", "daring", 1, 0),
                ],
            ),
            innovation(
                "ujicoba-sekolah",
                "uji-coba",
                &["kesehatan"],
                vec![
                    answer("kematangan", "tinggi", 0, 0),
                    answer("digital", "manual", 0, 0),
                    answer("manfaat", "banyak", 1, 0),
                ],
            ),
            // Not counted: offers nothing.
            innovation(
                "gagasan",
                "inisiatif",
                &["sosial"],
                vec![answer("kematangan", "rendah", 0, 0)],
            ),
        ],
    };
    let tapin = RegionSpec {
        slug: "kabupaten-tapin".into(),
        kind: "kabupaten".into(),
        answers: vec![
            answer("visi", "visi-misi", 1, 0),
            answer("regulasi", "perda", 2, 0),
            answer("anggaran", "besar", 1, 0),
        ],
        innovations: vec![innovation(
            "layanan",
            "penerapan",
            &["pariwisata"],
            vec![answer("kematangan", "tinggi", 1, 0)],
        )],
    };
    let kota = RegionSpec {
        slug: "kota-banjarbaru".into(),
        kind: "kota".into(),
        answers: vec![],
        innovations: vec![],
    };
    Portfolio {
        methodology: Some(MINI),
        regions: vec![banjar, tapin, kota],
    }
}

#[test]
fn every_gain_what_if_and_next_band_matches_full_rescoring_on_the_mini_methodology() {
    check_against_rescoring(&mini_portfolio());
}

#[test]
fn the_listed_improvements_follow_the_spec_rules() {
    let portfolio = mini_portfolio();
    let project = portfolio.load();
    let (analysis, entry) = analysis(&project, "kabupaten-banjar");
    let list = entry["improvements"].as_array().expect("list");
    let find = |kind: &str, indicator: Option<&str>, innovation: Option<&str>| {
        list.iter()
            .find(|i| {
                i["kind"] == kind
                    && i["indicator"].as_str() == indicator
                    && i["innovation"].as_str() == innovation
            })
            .unwrap_or_else(|| panic!("{kind} {indicator:?} {innovation:?} missing from {list:?}"))
    };
    // Unverified below best: both add-evidence (at its option) and raise (from 0).
    let evidence = find("add-evidence", Some("regulasi"), None);
    assert_eq!(
        (evidence["from"].as_str(), evidence["to"].as_str()),
        (Some("sk"), Some("sk"))
    );
    assert_eq!(
        evidence["evidence_needed"], 1,
        "the empty file does not count"
    );
    let raise = find("raise", Some("regulasi"), None);
    assert!(raise["to"] == "perda" || raise["to"] == "perda-juga");
    assert!(raise["gain"].as_f64() > evidence["gain"].as_f64());
    let fill = find("fill", Some("anggaran"), None);
    assert_eq!(
        (
            fill["from"].is_null(),
            fill["to"].as_str(),
            fill["evidence_needed"].as_u64()
        ),
        (true, Some("besar"), Some(1))
    );
    // A verified answer scoring 0 is raised with all its evidence still to add.
    let manual = find("raise", Some("digital"), Some("ujicoba-sekolah"));
    assert_eq!(manual["evidence_needed"], 2);
    find("add-evidence", Some("kematangan"), Some("ujicoba-sekolah"));
    // add-innovation: once, with nulls and no evidence.
    let adds: Vec<&Value> = list
        .iter()
        .filter(|i| i["kind"] == "add-innovation")
        .collect();
    assert_eq!(adds.len(), 1);
    assert!(
        adds[0]["indicator"].is_null()
            && adds[0]["to"].is_null()
            && adds[0]["evidence_needed"] == 0
    );
    // The uncounted innovation offers nothing.
    assert!(list.iter().all(|i| i["innovation"] != "gagasan"));
    // Sorted by gain descending, ties by kind, indicator, innovation.
    for pair in analysis.improvements.windows(2) {
        assert!(pair[0].gain >= pair[1].gain);
    }
    // Keys in the spec's order (serde_json's Value would sort them: look at the text).
    let text = serde_json::to_string(&gaps::export::entry(
        &project.corpus.regions[0],
        &analysis,
        &project.methodology,
    ))
    .expect("json");
    let order = [
        "\"slug\"",
        "\"iid\"",
        "\"predicate\"",
        "\"improvements\"",
        "\"kind\"",
        "\"indicator\"",
        "\"innovation\"",
        "\"from\"",
        "\"to\"",
        "\"evidence_needed\"",
        "\"gain\"",
        "\"what_if\"",
        "\"top\"",
        "\"next_band\"",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|k| text.find(k).unwrap_or(usize::MAX))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
}

/// Named to sort first, the new innovation's score enters the sum in another order than
/// the analysis adds it (last): the gain may differ in the last bits, never more.
#[test]
fn a_new_innovation_anywhere_in_slug_order_gets_its_gain_up_to_rounding() {
    let portfolio = mini_portfolio();
    let project = portfolio.load();
    let slug = "kabupaten-banjar";
    let (analysis, _) = analysis(&project, slug);
    let add = analysis
        .improvements
        .iter()
        .find(|i| i.kind == gaps::Kind::AddInnovation)
        .expect("add-innovation listed");
    let mut edited = portfolio.clone();
    edited.regions[0]
        .innovations
        .insert(0, best_innovation("aaa-baru".into(), &project.methodology));
    let rescored = check::iid_raw(&edited.load(), slug) - check::iid_raw(&project, slug);
    assert!(
        (add.gain - rescored).abs() < 1e-12,
        "{} vs {rescored}",
        add.gain
    );
}

#[test]
fn a_region_at_its_maximum_is_listed_with_only_the_innovation_to_add() {
    let mut portfolio = mini_portfolio();
    let m = portfolio.load().methodology;
    portfolio.regions.truncate(1);
    let region = &mut portfolio.regions[0];
    region.answers = vec![
        answer("visi", "visi-misi", 1, 0),
        answer("regulasi", "perda-juga", 2, 0),
        answer("anggaran", "besar", 1, 0),
    ];
    region.innovations = (0..5)
        .map(|i| best_innovation(format!("inovasi-{i}"), &m))
        .collect();
    for inn in &mut region.innovations {
        inn.affairs = vec!["pendidikan".into(), "kesehatan".into()];
    }
    let project = portfolio.load();
    let (analysis, entry) = analysis(&project, "kabupaten-banjar");
    // n = 5 > divisor_min and every innovation at max: one more adds only to the count
    // score (0.7 of a 4-innovation cap already reached): nothing to gain at all.
    assert!(analysis.improvements.is_empty(), "{entry}");
    assert_eq!(entry["what_if"], Value::Array(vec![]));
    assert_eq!(analysis.iid, 100.0);
    assert!(entry["next_band"].is_null());
}

#[test]
fn adding_an_innovation_models_the_divisor_and_the_count_score() {
    let mut portfolio = mini_portfolio();
    let m = portfolio.load().methodology;
    portfolio.regions.truncate(1);
    // Three counted innovations = divisor_min; two basic services covered.
    portfolio.regions[0].innovations = (0..3)
        .map(|i| {
            let mut inn = best_innovation(format!("inovasi-{i}"), &m);
            inn.affairs = vec![AFFAIRS[i % 2].to_string()];
            inn.answers[0].option = "rendah".into();
            inn
        })
        .collect();
    check_against_rescoring(&portfolio);
    // Without the basic services, the count score stays 0 whatever n is.
    for inn in &mut portfolio.regions[0].innovations {
        inn.affairs = vec!["pariwisata".into()];
    }
    check_against_rescoring(&portfolio);
}

/// A realistic region on the embedded iid-2023: three in four indicators answered at
/// assorted options with 0–2 evidence items, eight innovations of every stage.
fn iid_2023_portfolio() -> Portfolio {
    let m = lumbung::methodology::load("iid-2023", Path::new("."))
        .unwrap_or_else(|_| panic!("iid-2023"));
    let pick = |i: usize, k: usize| {
        let def = m.indicator(i);
        answer(
            &def.id,
            &def.options[k % def.options.len()].id,
            (k % 3) as u32,
            0,
        )
    };
    let answers = m
        .indicators_at(Level::Region)
        .enumerate()
        .filter(|(k, _)| k % 4 != 0)
        .map(|(k, i)| pick(i, k))
        .collect();
    let innovations = (0..8)
        .map(|n| {
            let answers = m
                .indicators_at(Level::Innovation)
                .enumerate()
                .filter(|(k, _)| (k + n) % 5 != 0)
                .map(|(k, i)| pick(i, k + n))
                .collect();
            innovation(
                &format!("inovasi-{n:02}"),
                STAGES[n % 3],
                &[["pendidikan", "kesehatan", "statistik"][n % 3]],
                answers,
            )
        })
        .collect();
    let region = RegionSpec {
        slug: "kabupaten-banjar".into(),
        kind: "kabupaten".into(),
        answers,
        innovations,
    };
    let other = RegionSpec {
        slug: "kabupaten-hulu".into(),
        kind: "kabupaten".into(),
        answers: region.answers.clone(),
        innovations: vec![],
    };
    Portfolio {
        methodology: None,
        regions: vec![region, other],
    }
}

#[test]
fn gains_on_the_embedded_iid_2023_match_full_rescoring() {
    check_against_rescoring(&iid_2023_portfolio());
}

/// The law of the analysis: on any portfolio, every gain, what-if and next band is
/// what full rescoring of the edited content gives. On failure the seed is printed.
#[test]
fn gains_are_exact_on_random_portfolios() {
    for seed in 0..24 {
        let portfolio = random_portfolio(seed);
        let run = std::panic::catch_unwind(|| check_against_rescoring(&portfolio));
        assert!(run.is_ok(), "seed {seed}: {portfolio:#?}");
    }
}

/// Runs the built binary.
fn lumbung(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(args)
        .output()
        .expect("run lumbung")
}

#[test]
fn the_cli_prints_the_export_entry_a_table_and_markdown() {
    let tmp = tempfile::tempdir().expect("temp dir");
    mini_portfolio().write(tmp.path());
    let root = tmp.path().to_str().expect("utf-8 path");
    let out = tmp.path().join("public");
    let build = lumbung(&[
        "build",
        "--root",
        root,
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let export: Value =
        serde_json::from_slice(&std::fs::read(out.join("data/gaps.json")).expect("gaps.json"))
            .expect("json");
    assert_eq!(export["format"], "lumbung-gaps/1");
    assert_eq!(export["methodology"], "mini");
    let slugs: Vec<&str> = export["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .map(|r| r["slug"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        slugs,
        ["kabupaten-banjar", "kabupaten-tapin", "kota-banjarbaru"]
    );

    let json = lumbung(&[
        "gaps",
        "kabupaten-banjar",
        "--root",
        root,
        "--format",
        "json",
    ]);
    assert!(json.status.success());
    let entry: Value = serde_json::from_slice(&json.stdout).expect("json entry");
    assert_eq!(
        entry, export["regions"][0],
        "the CLI's JSON is the export's entry"
    );

    let table = String::from_utf8(lumbung(&["gaps", "kabupaten-banjar", "--root", root]).stdout)
        .expect("utf-8");
    assert!(
        table.starts_with("kabupaten-banjar — Peluang peningkatan\n"),
        "{table}"
    );
    let first_gain = entry["improvements"][0]["gain"].as_f64().expect("gain");
    assert!(
        table.contains(&format!("+{:.3}", first_gain).replace('.', ",")),
        "{table}"
    );
    assert!(
        table.contains("Bagaimana jika") && table.contains("Capaian per variabel"),
        "{table}"
    );

    let english = String::from_utf8(
        lumbung(&[
            "gaps",
            "kabupaten-banjar",
            "--root",
            root,
            "--lang",
            "en",
            "--top",
            "2",
        ])
        .stdout,
    )
    .expect("utf-8");
    assert!(
        english.contains("Improvement opportunities")
            && english.contains(&format!("+{first_gain:.3}")),
        "{english}"
    );
    let count = entry["improvements"].as_array().map_or(0, Vec::len);
    assert!(
        english.contains(&format!("… {} more improvements", count - 2)),
        "{english}"
    );

    let md = String::from_utf8(
        lumbung(&["gaps", "kabupaten-banjar", "--root", root, "--format", "md"]).stdout,
    )
    .expect("utf-8");
    assert!(
        md.starts_with("## Peluang peningkatan: kabupaten-banjar\n"),
        "{md}"
    );
    assert!(
        md.contains("| No. | Tambahan IID | Perbaikan |") && md.contains("|---:|---:|---|"),
        "{md}"
    );

    let page =
        std::fs::read_to_string(out.join("kabupaten-banjar/index.html")).expect("region page");
    assert!(
        page.contains("Peluang peningkatan") && page.contains("cukup bukti"),
        "region page has the section"
    );
    let page_en =
        std::fs::read_to_string(out.join("en/kabupaten-banjar/index.html")).expect("english page");
    assert!(page_en.contains("Improvement opportunities") && page_en.contains("evidence only"));
}

#[test]
fn an_unknown_region_is_a_usage_error_with_a_suggestion() {
    let tmp = tempfile::tempdir().expect("temp dir");
    mini_portfolio().write(tmp.path());
    let root = tmp.path().to_str().expect("utf-8 path");
    let run = lumbung(&["gaps", "kabupaten-banjr", "--root", root, "--lang", "en"]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("did you mean `kabupaten-banjar`?"),
        "{stderr}"
    );
    assert!(run.stdout.is_empty());
}
