//! Scoring tests, one per element of the formula in `methodology-format.md`, on small
//! methodologies whose arithmetic can be checked by hand.

use super::*;
use crate::content::{Evidence, Target};
use crate::fields::Spanned;
use crate::methodology::{self, Methodology};
use crate::yaml::Pos;

/// Region indicator r1 (0/2/4), innovation indicators i1 (0/5/10) and i2 (1/3, two
/// evidence items); count score 0.5 per innovation, cap 4, at least 2 of 3 basic
/// services; divisor max(10, n). max_total = 4 + 13 + 2 = 19.
const SMALL: &str = r#"
id: small
name: Small
predicates:
  - {label: Sangat Inovatif, min: 60.01}
  - {label: Inovatif, min: 35.00}
  - {label: Kurang Inovatif, min: 0.01}
  - {label: Tidak Dapat Dinilai, min: 0}
innovation_divisor_min: 10
counted_stages: [uji-coba, penerapan]
innovation_count: {variable: hasil, per_innovation: 0.5, cap: 4, basic_services_min: 2}
basic_services: [pendidikan, kesehatan, sosial]
affairs:
  - {id: pendidikan, label: Pendidikan}
  - {id: kesehatan, label: Kesehatan}
  - {id: sosial, label: Sosial}
  - {id: pariwisata, label: Pariwisata}
aspects:
  - id: spd
    name: SPD
    level: region
    variables:
      - id: institusi
        name: Institusi
        indicators:
          - id: r1
            name: R1
            options: [{id: a, label: A, score: 0}, {id: b, label: B, score: 2}, {id: c, label: C, score: 4}]
  - id: sid
    name: SID
    level: innovation
    variables:
      - id: teknologi
        name: Teknologi
        indicators:
          - id: i1
            name: I1
            options: [{id: x, label: X, score: 0}, {id: y, label: Y, score: 5}, {id: z, label: Z, score: 10}]
      - id: hasil
        name: Hasil
        indicators:
          - id: i2
            name: I2
            evidence_min: 2
            options: [{id: p, label: P, score: 1}, {id: q, label: Q, score: 3}]
"#;

/// One region indicator whose options score exactly the IID (max_total 100).
const BANDS: &str = r#"
id: bands
name: Bands
predicates:
  - {label: Sangat Inovatif, min: 60.01}
  - {label: Inovatif, min: 35.00}
  - {label: Kurang Inovatif, min: 0.01}
  - {label: Tidak Dapat Dinilai, min: 0}
aspects:
  - id: spd
    name: SPD
    level: region
    variables:
      - id: v
        name: V
        indicators:
          - id: nilai
            name: Nilai
            options:
              - {id: o0, label: "0", score: 0}
              - {id: o3499, label: "34.99", score: 34.99}
              - {id: o35, label: "35", score: 35}
              - {id: o60, label: "60", score: 60}
              - {id: o6001, label: "60.01", score: 60.01}
              - {id: o100, label: "100", score: 100}
"#;

fn methodology(text: &str) -> Methodology {
    methodology::parse(text, "test.yaml").unwrap_or_else(|d| panic!("{:?}", d.0))
}

fn url_evidence(n: usize) -> Vec<Evidence> {
    (0..n)
        .map(|i| Evidence {
            title: format!("Bukti {i}"),
            target: Target::Url(Spanned::new(
                format!("https://example.go.id/{i}.pdf"),
                Pos::default(),
                0,
            )),
            pos: Pos::default(),
        })
        .collect()
}

fn answer(indicator: &str, option: &str, evidence: usize) -> Answer {
    Answer {
        indicator: Spanned::new(indicator.to_string(), Pos::default(), indicator.len()),
        option: Some(Spanned::new(
            option.to_string(),
            Pos::default(),
            option.len(),
        )),
        evidence: url_evidence(evidence),
    }
}

fn innovation(slug: &str, stage: &str, affairs: &[&str], answers: Vec<Answer>) -> Innovation {
    Innovation {
        slug: slug.to_string(),
        title: slug.to_uppercase(),
        stage: Spanned::new(stage.to_string(), Pos::default(), stage.len()),
        affairs: affairs
            .iter()
            .map(|a| Spanned::new(a.to_string(), Pos::default(), a.len()))
            .collect(),
        answers,
        ..Innovation::default()
    }
}

fn region(slug: &str, kind: &str, answers: Vec<Answer>, innovations: Vec<Innovation>) -> Region {
    Region {
        slug: slug.to_string(),
        name: slug.to_string(),
        has_index: true,
        kind: Spanned::new(kind.to_string(), Pos::default(), kind.len()),
        answers,
        innovations,
        ..Region::default()
    }
}

/// `n` counted innovations each scoring i1 = y (5) and covering `affairs`.
fn innovations(n: usize, affairs: &[&str]) -> Vec<Innovation> {
    (0..n)
        .map(|i| {
            innovation(
                &format!("inovasi-{i:03}"),
                "penerapan",
                affairs,
                vec![answer("i1", "y", 1)],
            )
        })
        .collect()
}

fn score_one(m: &Methodology, region: Region) -> RegionScore {
    compute(
        &Corpus {
            regions: vec![region],
        },
        m,
    )
    .regions
    .remove(0)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn max_total_sums_every_maximum_and_the_count_cap() {
    assert!(close(methodology(SMALL).max_total, 19.0));
}

#[test]
fn fewer_than_ten_innovations_are_divided_by_ten() {
    let m = methodology(SMALL);
    let s = score_one(
        &m,
        region("r", "kota", vec![], innovations(4, &["pariwisata"])),
    );
    assert_eq!(s.counted_innovations, 4);
    assert!(close(s.divisor, 10.0));
    assert!(close(s.sid, 4.0 * 5.0 / 10.0), "{}", s.sid);
}

#[test]
fn more_than_ten_innovations_are_divided_by_their_number() {
    let m = methodology(SMALL);
    let s = score_one(
        &m,
        region("r", "kota", vec![], innovations(12, &["pariwisata"])),
    );
    assert!(close(s.divisor, 12.0));
    assert!(close(s.sid, 5.0), "{}", s.sid);
}

#[test]
fn count_score_grows_per_innovation_up_to_the_cap() {
    let m = methodology(SMALL);
    let covered = ["pendidikan", "kesehatan"];
    let three = score_one(&m, region("r", "kota", vec![], innovations(3, &covered)));
    assert!(close(three.count_score, 1.5));
    let cap = score_one(&m, region("r", "kota", vec![], innovations(8, &covered)));
    assert!(close(cap.count_score, 2.0), "cap 4 × 0.5");
}

#[test]
fn count_score_is_zero_when_too_few_basic_services_are_covered() {
    let m = methodology(SMALL);
    let one = score_one(
        &m,
        region(
            "r",
            "kota",
            vec![],
            innovations(3, &["pendidikan", "pariwisata"]),
        ),
    );
    assert_eq!(one.basic_services_covered, 1);
    assert!(close(one.count_score, 0.0));
    let mut two = innovations(2, &["pendidikan"]);
    two.push(innovation("lain", "penerapan", &["sosial"], vec![]));
    let two = score_one(&m, region("r", "kota", vec![], two));
    assert_eq!(two.basic_services_covered, 2);
    assert!(close(two.count_score, 1.5));
}

#[test]
fn uncounted_stages_score_but_add_nothing_to_the_region() {
    let m = methodology(SMALL);
    let inns = vec![
        innovation(
            "a",
            "penerapan",
            &["pendidikan"],
            vec![answer("i1", "z", 1)],
        ),
        innovation("b", "inisiatif", &["kesehatan"], vec![answer("i1", "z", 1)]),
    ];
    let s = score_one(&m, region("r", "kota", vec![], inns));
    assert_eq!((s.innovation_count, s.counted_innovations), (2, 1));
    assert_eq!(
        s.basic_services_covered, 1,
        "the uncounted innovation's affairs do not count"
    );
    assert!(close(s.innovations[1].score, 10.0));
    assert!(!s.innovations[1].counted);
    assert!(close(s.sid, 1.0));
    assert_eq!(
        s.status.verified, 2,
        "both innovations' answers count in the status"
    );
}

#[test]
fn unverified_answer_scores_zero_and_missing_scores_zero() {
    let m = methodology(SMALL);
    let inns = vec![innovation(
        "a",
        "penerapan",
        &[],
        vec![answer("i1", "z", 0), answer("i2", "q", 1)],
    )];
    let s = score_one(&m, region("r", "kota", vec![], inns));
    let inn = &s.innovations[0];
    assert_eq!(inn.indicators[0].status, Status::Unverified);
    assert_eq!(
        inn.indicators[1].status,
        Status::Unverified,
        "i2 needs two evidence items"
    );
    assert!(close(inn.score, 0.0));
    assert_eq!(s.indicators[0].status, Status::Missing);
    assert_eq!(
        s.status,
        StatusCount {
            verified: 0,
            unverified: 2,
            missing: 1
        }
    );
}

#[test]
fn options_worth_zero_need_no_evidence() {
    let m = methodology(SMALL);
    let s = score_one(&m, region("r", "kota", vec![answer("r1", "a", 0)], vec![]));
    assert_eq!(s.indicators[0].status, Status::Verified);
    assert!(close(s.spd, 0.0));
}

#[test]
fn an_unknown_option_counts_as_missing() {
    let m = methodology(SMALL);
    let s = score_one(
        &m,
        region("r", "kota", vec![answer("r1", "nope", 1)], vec![]),
    );
    assert_eq!(s.indicators[0].status, Status::Missing);
}

#[test]
fn variable_scores_add_up_to_the_total_and_maxima_to_max_total() {
    let m = methodology(SMALL);
    let inns = vec![
        innovation(
            "a",
            "penerapan",
            &["pendidikan"],
            vec![answer("i1", "z", 1), answer("i2", "q", 2)],
        ),
        innovation(
            "b",
            "uji-coba",
            &["kesehatan"],
            vec![answer("i1", "y", 1), answer("i2", "p", 2)],
        ),
    ];
    let s = score_one(&m, region("r", "kota", vec![answer("r1", "c", 1)], inns));
    let sum: f64 = s.variables.iter().map(|v| v.score).sum();
    let max: f64 = s.variables.iter().map(|v| v.max).sum();
    assert!(close(sum, s.total), "{sum} vs {}", s.total);
    assert!(close(max, s.max_total));
    // hasil = (3 + 1) / 10 + count score 2 × 0.5
    assert!(close(s.variables[2].score, 0.4 + 1.0), "{:?}", s.variables);
    assert!(close(s.total, 4.0 + (10.0 + 3.0 + 5.0 + 1.0) / 10.0 + 1.0));
}

#[test]
fn iid_is_total_over_max_total_rounded_half_away_from_zero() {
    assert_eq!(round2(57.644999), 57.64);
    assert_eq!(round2(0.125), 0.13);
    assert_eq!(round2(60.005), 60.01);
    let m = methodology(SMALL);
    let s = score_one(&m, region("r", "kota", vec![answer("r1", "b", 1)], vec![]));
    assert_eq!(s.iid, round2(2.0 / 19.0 * 100.0));
    assert_eq!(s.iid, 10.53);
}

fn band(option: &str) -> (f64, String) {
    let m = methodology(BANDS);
    let s = score_one(
        &m,
        region("r", "kota", vec![answer("nilai", option, 1)], vec![]),
    );
    (s.iid, m.doc.predicates[s.predicate].label.clone())
}

#[test]
fn predicate_boundaries_follow_the_rounded_iid() {
    assert_eq!(band("o3499"), (34.99, "Kurang Inovatif".into()));
    assert_eq!(band("o35"), (35.0, "Inovatif".into()));
    assert_eq!(band("o60"), (60.0, "Inovatif".into()));
    assert_eq!(band("o6001"), (60.01, "Sangat Inovatif".into()));
    assert_eq!(band("o100"), (100.0, "Sangat Inovatif".into()));
    assert_eq!(band("o0"), (0.0, "Tidak Dapat Dinilai".into()));
}

#[test]
fn ranking_is_competition_style_within_each_cluster() {
    let m = methodology(BANDS);
    let r = |slug: &str, kind: &str, option: &str, extra: &[&str]| {
        let mut region = region(slug, kind, vec![answer("nilai", option, 1)], vec![]);
        region.clusters = extra
            .iter()
            .map(|c| Spanned::new(c.to_string(), Pos::default(), c.len()))
            .collect();
        region
    };
    let corpus = Corpus {
        regions: vec![
            r("a", "kabupaten", "o60", &["perbatasan"]),
            r("b", "kabupaten", "o6001", &[]),
            r("c", "kabupaten", "o60", &[]),
            r("d", "kabupaten", "o35", &["perbatasan"]),
            r("e", "kabupaten", "o0", &["perbatasan"]),
            r("f", "kota", "o35", &[]),
        ],
    };
    let scores = compute(&corpus, &m);
    let ranks: Vec<Vec<(String, u32)>> = scores
        .regions
        .iter()
        .map(|s| s.rank.iter().map(|(c, r)| (c.clone(), *r)).collect())
        .collect();
    let k = |r: u32| ("kabupaten".to_string(), r);
    let p = |r: u32| ("perbatasan".to_string(), r);
    assert_eq!(ranks[0], vec![k(2), p(1)]);
    assert_eq!(ranks[1], vec![k(1)]);
    assert_eq!(ranks[2], vec![k(2)], "ties share a rank");
    assert_eq!(ranks[3], vec![k(4), p(2)], "the next rank skips");
    assert!(ranks[4].is_empty(), "IID 0 is not ranked");
    assert_eq!(ranks[5], vec![("kota".to_string(), 1)]);
    assert_eq!(scores.regions[0].clusters, vec!["kabupaten", "perbatasan"]);
}

#[test]
fn summation_order_is_fixed_so_scores_are_reproducible() {
    let m = methodology(SMALL);
    let build = || {
        score_one(
            &m,
            region(
                "r",
                "kota",
                vec![answer("r1", "b", 1)],
                innovations(13, &["pendidikan"]),
            ),
        )
    };
    assert_eq!(build(), build());
}
