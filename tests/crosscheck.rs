//! Cross-check: `data/scores.json` written by the real binary agrees, for every region
//! and innovation, with an independent implementation of `methodology-format.md` and
//! `scores-json.md` on randomly generated portfolios of hundreds of regions.
//!
//! The independent side never uses lumbung's loader or scorer: it scores the generator's
//! own in-memory answers against `data/methodology.json` read as plain JSON.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// One answer as generated: option id (None = key present but empty), and evidence
/// items, each valid or not (an empty file does not count).
struct GenAnswer {
    indicator: String,
    option: Option<String>,
    evidence: Vec<bool>,
}

struct GenInnovation {
    slug: String,
    stage: &'static str,
    affairs: Vec<String>,
    answers: Vec<GenAnswer>,
}

struct GenRegion {
    slug: String,
    kind: &'static str,
    clusters: Vec<&'static str>,
    answers: Vec<GenAnswer>,
    innovations: Vec<GenInnovation>,
}

/// (indicator id, level, option ids) from the methodology JSON.
fn indicators(m: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for aspect in m["aspects"].as_array().into_iter().flatten() {
        let level = aspect["level"].as_str().unwrap_or_default().to_string();
        for var in aspect["variables"].as_array().into_iter().flatten() {
            for ind in var["indicators"].as_array().into_iter().flatten() {
                let options = ind["options"].as_array().into_iter().flatten();
                let options = options
                    .map(|o| o["id"].as_str().unwrap_or_default().to_string())
                    .collect();
                out.push((
                    ind["id"].as_str().unwrap_or_default().to_string(),
                    level.clone(),
                    options,
                ));
            }
        }
    }
    out
}

fn gen_answers(
    rng: &mut Rng,
    indicators: &[(String, String, Vec<String>)],
    level: &str,
) -> Vec<GenAnswer> {
    let mut out = Vec::new();
    for (id, l, options) in indicators {
        if l != level || rng.chance(15) {
            continue;
        }
        let option = if rng.chance(5) {
            None
        } else {
            Some(options[rng.below(options.len())].clone())
        };
        let evidence = (0..rng.below(3)).map(|_| !rng.chance(10)).collect();
        out.push(GenAnswer {
            indicator: id.clone(),
            option,
            evidence,
        });
    }
    out
}

fn generate(seed: u64, regions: usize, m: &Value) -> Vec<GenRegion> {
    let mut rng = Rng(seed);
    let inds = indicators(m);
    let affairs: Vec<String> = m["affairs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| a["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let stages = ["inisiatif", "uji-coba", "penerapan"];
    (0..regions)
        .map(|r| {
            let kind = ["provinsi", "kabupaten", "kota"][rng.below(3)];
            let clusters = ["daerah-tertinggal", "perbatasan", "papua"]
                .into_iter()
                .filter(|_| rng.chance(15))
                .collect();
            let n = [0, 1, 3, 9, 10, 11, 17, 25][rng.below(8)];
            let innovations = (0..n)
                .map(|i| GenInnovation {
                    slug: format!("inovasi-{i:02}"),
                    stage: stages[rng.below(3)],
                    affairs: (0..rng.below(3))
                        .map(|_| affairs[rng.below(10)].clone())
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                    answers: gen_answers(&mut rng, &inds, "innovation"),
                })
                .collect();
            GenRegion {
                slug: format!("daerah-{r:03}"),
                kind,
                clusters,
                answers: gen_answers(&mut rng, &inds, "region"),
                innovations,
            }
        })
        .collect()
}

fn answers_yaml(answers: &[GenAnswer]) -> String {
    let mut out = String::from("indicators:\n");
    for a in answers {
        out.push_str(&format!("  {}:\n", a.indicator));
        match &a.option {
            Some(o) => out.push_str(&format!("    option: {o}\n")),
            None => out.push_str("    option:\n"),
        }
        if !a.evidence.is_empty() {
            out.push_str("    evidence:\n");
            for (i, valid) in a.evidence.iter().enumerate() {
                let file = if *valid {
                    "evidence/ok.pdf"
                } else {
                    "evidence/empty.pdf"
                };
                if i % 2 == 0 {
                    out.push_str(&format!("      - {{title: Bukti {i}, file: {file}}}\n"));
                } else if *valid {
                    out.push_str(&format!(
                        "      - {{title: Bukti {i}, url: 'https://example.go.id/{i}.pdf'}}\n"
                    ));
                } else {
                    out.push_str(&format!("      - {{title: Bukti {i}, file: {file}}}\n"));
                }
            }
        }
    }
    out
}

fn write_portfolio(dir: &Path, regions: &[GenRegion]) -> std::io::Result<()> {
    std::fs::write(
        dir.join("site.yaml"),
        "title: Uji silang\nbase_url: https://uji.example.go.id/\nyear: 2023\n",
    )?;
    for r in regions {
        let rdir = dir.join("content").join(&r.slug);
        std::fs::create_dir_all(rdir.join("evidence"))?;
        std::fs::write(rdir.join("evidence/ok.pdf"), b"%PDF-1.4 bukti")?;
        std::fs::write(rdir.join("evidence/empty.pdf"), b"")?;
        let clusters = r.clusters.join(", ");
        let index = format!(
            "---\nname: Daerah {}\nkind: {}\nclusters: [{clusters}]\n{}---\nProfil.\n",
            r.slug,
            r.kind,
            answers_yaml(&r.answers)
        );
        std::fs::write(rdir.join("_index.md"), index)?;
        for inn in &r.innovations {
            let text = format!(
                "---\ntitle: Inovasi {}\nstage: {}\naffairs: [{}]\n{}---\nUraian.\n",
                inn.slug,
                inn.stage,
                inn.affairs.join(", "),
                answers_yaml(&inn.answers)
            );
            std::fs::write(rdir.join(format!("{}.md", inn.slug)), text)?;
        }
    }
    Ok(())
}

/// The independent scorer's view of one indicator.
struct Ind {
    level: String,
    variable: String,
    evidence_min: usize,
    options: BTreeMap<String, f64>,
    max: f64,
}

struct Expected {
    regions: BTreeMap<String, Value>,
    innovations: BTreeMap<(String, String), (f64, bool, [u64; 3])>,
}

/// Scores every region from the generated answers, per the spec's text.
fn expected(m: &Value, regions: &[GenRegion]) -> Expected {
    let mut inds: BTreeMap<String, Ind> = BTreeMap::new();
    let mut var_order = Vec::new();
    for aspect in m["aspects"].as_array().into_iter().flatten() {
        for var in aspect["variables"].as_array().into_iter().flatten() {
            let vid = var["id"].as_str().unwrap_or_default().to_string();
            var_order.push(vid.clone());
            for ind in var["indicators"].as_array().into_iter().flatten() {
                let options: BTreeMap<String, f64> = ind["options"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|o| {
                        (
                            o["id"].as_str().unwrap_or_default().to_string(),
                            o["score"].as_f64().unwrap_or(0.0),
                        )
                    })
                    .collect();
                let max = options.values().cloned().fold(0.0, f64::max);
                inds.insert(
                    ind["id"].as_str().unwrap_or_default().to_string(),
                    Ind {
                        level: aspect["level"].as_str().unwrap_or_default().to_string(),
                        variable: vid.clone(),
                        evidence_min: ind["evidence_min"].as_u64().unwrap_or(1) as usize,
                        options,
                        max,
                    },
                );
            }
        }
    }
    let count = &m["innovation_count"];
    let per = count["per_innovation"].as_f64().unwrap_or(0.0);
    let cap = count["cap"].as_f64().unwrap_or(0.0);
    let count_var = count["variable"].as_str().unwrap_or_default().to_string();
    let bs_min = count["basic_services_min"].as_u64();
    let basic: Vec<String> = m["basic_services"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect();
    let counted_stages: Vec<String> = m["counted_stages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s.as_str().unwrap_or_default().to_string())
        .collect();
    let divisor_min = m["innovation_divisor_min"].as_f64().unwrap_or(1.0);
    let max_total: f64 = inds.values().map(|i| i.max).sum::<f64>() + cap * per;

    // (score, status index 0 verified / 1 unverified / 2 missing)
    let judge = |level: &str, answers: &[GenAnswer], id: &str| -> (f64, usize) {
        let ind = &inds[id];
        assert_eq!(ind.level, level);
        let Some(a) = answers.iter().find(|a| a.indicator == id) else {
            return (0.0, 2);
        };
        let Some(opt) = &a.option else {
            return (0.0, 2);
        };
        let points = ind.options[opt];
        let valid = a.evidence.iter().filter(|v| **v).count();
        if points == 0.0 || valid >= ind.evidence_min {
            (points, 0)
        } else {
            (0.0, 1)
        }
    };

    let mut out = Expected {
        regions: BTreeMap::new(),
        innovations: BTreeMap::new(),
    };
    let mut iids: Vec<(String, Vec<String>, f64)> = Vec::new();
    for r in regions {
        let mut status = [0u64; 3];
        let mut var_score: BTreeMap<String, (f64, f64)> = BTreeMap::new(); // (region part, innovation part)
        let mut spd = 0.0;
        for (id, ind) in inds.iter().filter(|(_, i)| i.level == "region") {
            let (s, st) = judge("region", &r.answers, id);
            spd += s;
            status[st] += 1;
            var_score.entry(ind.variable.clone()).or_default().0 += s;
        }
        let mut n = 0;
        let mut covered = BTreeSet::new();
        let mut inn_sum = 0.0;
        for inn in &r.innovations {
            let counted = counted_stages.iter().any(|s| s == inn.stage);
            let mut own = [0u64; 3];
            let mut score = 0.0;
            for (id, ind) in inds.iter().filter(|(_, i)| i.level == "innovation") {
                let (s, st) = judge("innovation", &inn.answers, id);
                score += s;
                own[st] += 1;
                if counted {
                    var_score.entry(ind.variable.clone()).or_default().1 += s;
                }
            }
            for i in 0..3 {
                status[i] += own[i];
            }
            if counted {
                n += 1;
                inn_sum += score;
                covered.extend(inn.affairs.iter().filter(|a| basic.contains(a)).cloned());
            }
            out.innovations
                .insert((r.slug.clone(), inn.slug.clone()), (score, counted, own));
        }
        let divisor = divisor_min.max(n as f64);
        let eligible = bs_min.is_none_or(|min| covered.len() as u64 >= min);
        let count_score = if eligible {
            (n as f64).min(cap) * per
        } else {
            0.0
        };
        let sid = inn_sum / divisor + count_score;
        let total = spd + sid;
        let iid = (total / max_total * 100.0 * 100.0).round() / 100.0;
        let mut clusters = vec![r.kind.to_string()];
        clusters.extend(r.clusters.iter().map(|c| c.to_string()));
        iids.push((r.slug.clone(), clusters.clone(), iid));
        let predicate = m["predicates"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["min"].as_f64().unwrap_or(0.0) <= iid)
            .map(|p| p["label"].clone())
            .unwrap_or(Value::Null);
        let variables: serde_json::Map<String, Value> = var_order
            .iter()
            .map(|v| {
                let (rp, ip) = var_score.get(v).copied().unwrap_or_default();
                let extra = if *v == count_var { count_score } else { 0.0 };
                (v.clone(), serde_json::json!(rp + ip / divisor + extra))
            })
            .collect();
        out.regions.insert(
            r.slug.clone(),
            serde_json::json!({
                "spd": spd, "sid": sid, "total": total, "iid": iid, "predicate": predicate,
                "clusters": clusters, "innovation_count": r.innovations.len(), "counted_innovations": n,
                "basic_services_covered": covered.len(), "count_score": count_score, "variables": variables,
                "indicator_status": {"verified": status[0], "unverified": status[1], "missing": status[2]},
                "max_total": max_total,
            }),
        );
    }
    // Ranks: 1 + number of regions in the cluster with a strictly higher IID.
    for (slug, clusters, iid) in &iids {
        let rank: serde_json::Map<String, Value> = if *iid > 0.0 {
            clusters
                .iter()
                .map(|c| {
                    let above = iids
                        .iter()
                        .filter(|(_, cs, o)| *o > 0.0 && cs.contains(c) && o > iid)
                        .count();
                    (c.clone(), serde_json::json!(above + 1))
                })
                .collect()
        } else {
            serde_json::Map::new()
        };
        if let Some(Value::Object(region)) = out.regions.get_mut(slug) {
            region.insert("rank".into(), Value::Object(rank));
        }
    }
    out
}

fn close(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        _ => a == b,
    }
}

fn run_crosscheck(seed: u64, regions: usize) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let methodology: Value = {
        // The methodology as the engine exports it is the contract the independent side reads.
        let probe = tmp.path().join("probe");
        std::fs::create_dir_all(probe.join("content/x")).expect("probe");
        std::fs::write(probe.join("site.yaml"), "title: x\n").expect("site");
        std::fs::write(
            probe.join("content/x/_index.md"),
            "---\nname: X\nkind: kota\n---\n",
        )
        .expect("index");
        let status = Command::new(env!("CARGO_BIN_EXE_lumbung"))
            .args(["build", "--root"])
            .arg(&probe)
            .arg("--out")
            .arg(probe.join("public"))
            .output()
            .expect("run lumbung");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        serde_json::from_slice(
            &std::fs::read(probe.join("public/data/methodology.json")).expect("methodology.json"),
        )
        .expect("json")
    };
    let site = tmp.path().join("site");
    std::fs::create_dir_all(&site).expect("site dir");
    let generated = generate(seed, regions, &methodology);
    write_portfolio(&site, &generated).expect("write portfolio");
    let out = site.join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(["build", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run lumbung");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let scores: Value =
        serde_json::from_slice(&std::fs::read(out.join("data/scores.json")).expect("scores.json"))
            .expect("json");
    let expected = expected(&methodology, &generated);

    let regions_json = scores["regions"].as_array().expect("regions");
    assert_eq!(regions_json.len(), expected.regions.len());
    let slugs: Vec<&str> = regions_json
        .iter()
        .filter_map(|r| r["slug"].as_str())
        .collect();
    let mut sorted = slugs.clone();
    sorted.sort();
    assert_eq!(slugs, sorted, "regions sorted by slug");
    for region in regions_json {
        let slug = region["slug"].as_str().expect("slug");
        let want = &expected.regions[slug];
        for key in [
            "spd",
            "sid",
            "total",
            "max_total",
            "iid",
            "predicate",
            "clusters",
            "innovation_count",
            "counted_innovations",
            "basic_services_covered",
            "count_score",
            "indicator_status",
            "rank",
        ] {
            assert!(
                close(&region[key], &want[key]),
                "{slug}.{key}: lumbung {} vs independent {}",
                region[key],
                want[key]
            );
        }
        for (var, value) in want["variables"].as_object().expect("variables") {
            assert!(
                close(&region["variables"][var]["score"], value),
                "{slug}.variables.{var}: {} vs {value}",
                region["variables"][var]["score"]
            );
        }
    }
    let innovations = scores["innovations"].as_array().expect("innovations");
    assert_eq!(innovations.len(), expected.innovations.len());
    for inn in innovations {
        let key = (
            inn["region"].as_str().unwrap_or_default().to_string(),
            inn["slug"].as_str().unwrap_or_default().to_string(),
        );
        let (score, counted, status) = expected.innovations[&key];
        assert!(
            (inn["score"].as_f64().unwrap_or(-1.0) - score).abs() < 1e-9,
            "{key:?} score"
        );
        assert_eq!(inn["counted"], counted, "{key:?} counted");
        assert_eq!(
            inn["indicator_status"],
            serde_json::json!({"verified": status[0], "unverified": status[1], "missing": status[2]}),
            "{key:?}"
        );
    }
}

#[test]
fn scores_json_agrees_with_an_independent_implementation_on_generated_portfolios() {
    for seed in [1, 2, 3] {
        run_crosscheck(seed, 200);
    }
}
