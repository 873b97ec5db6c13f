//! The test harness of `tests/gaps`: portfolios described in Rust, written as content
//! files (site.yaml, `_index.md`, innovation files, empty evidence files), loaded with
//! the real pipeline, and edited the way an outside test applies an improvement listed
//! in `data/gaps.json`. Also a small methodology with every rule the analysis models,
//! and a seeded generator of random portfolios.

use lumbung::methodology::{Level, Methodology};
use lumbung::pipeline::{self, Project};
use serde_json::Value;
use std::path::Path;

/// A small methodology with every rule the analysis must model: a divisor minimum
/// small enough to cross, a stage that does not count, a count score with a
/// basic-services condition, evidence_min 2, tied best options, fractional scores.
pub const MINI: &str = r#"
id: mini
name: Mini
predicates:
  - {label: Sangat Inovatif, label_en: Very Innovative, min: 60.01}
  - {label: Inovatif, label_en: Innovative, min: 35.00}
  - {label: Kurang Inovatif, label_en: Less Innovative, min: 0.01}
  - {label: Tidak Dapat Dinilai, label_en: Cannot Be Assessed, min: 0}
innovation_divisor_min: 3
counted_stages: [uji-coba, penerapan]
innovation_count: {variable: hasil, per_innovation: 0.7, cap: 4, basic_services_min: 2}
basic_services: [pendidikan, kesehatan, sosial]
affairs:
  - {id: pendidikan, label: Pendidikan}
  - {id: kesehatan, label: Kesehatan}
  - {id: sosial, label: Sosial}
  - {id: pariwisata, label: Pariwisata}
aspects:
  - id: spd
    name: Satuan Pemerintahan Daerah
    level: region
    variables:
      - id: tata
        name: Tata kelola
        indicators:
          - id: visi
            number: 1
            name: Visi dan misi
            options: [{id: tidak, label: Tidak ada, score: 0}, {id: misi, label: Misi, score: 0.1}, {id: visi-misi, label: Visi dan misi, score: 0.3}]
          - id: regulasi
            number: 2
            name: Regulasi inovasi
            evidence_min: 2
            options: [{id: sk, label: SK, score: 2}, {id: perda, label: Perda, score: 6}, {id: perda-juga, label: Perda juga, score: 6}]
      - id: dana
        name: Anggaran
        indicators:
          - id: anggaran
            number: 3
            name: Anggaran inovasi
            options: [{id: kecil, label: Kecil, score: 1.7}, {id: besar, label: Besar, score: 4.9}]
  - id: sid
    name: Satuan Inovasi Daerah
    level: innovation
    variables:
      - id: mutu
        name: Mutu
        indicators:
          - id: kematangan
            number: 4
            name: Kematangan
            options: [{id: rendah, label: Rendah, score: 0.7}, {id: sedang, label: Sedang, score: 2.1}, {id: tinggi, label: Tinggi, score: 3.3}]
          - id: digital
            number: 5
            name: Digitalisasi
            evidence_min: 2
            options: [{id: manual, label: Manual, score: 0}, {id: daring, label: Daring, score: 1.1}]
      - id: hasil
        name: Hasil kreatif
        indicators:
          - id: manfaat
            number: 6
            name: Manfaat
            options: [{id: sedikit, label: Sedikit, score: 0.2}, {id: banyak, label: Banyak, score: 0.9}]
"#;

pub const STAGES: [&str; 3] = ["inisiatif", "uji-coba", "penerapan"];
pub const AFFAIRS: [&str; 4] = ["pendidikan", "kesehatan", "sosial", "pariwisata"];

#[derive(Debug, Clone)]
pub struct AnswerSpec {
    pub indicator: String,
    pub option: String,
    /// Valid evidence items (URLs).
    pub valid: u32,
    /// Empty evidence files: they exist but never count.
    pub empty: u32,
}

#[derive(Debug, Clone)]
pub struct InnovationSpec {
    pub slug: String,
    pub stage: String,
    pub affairs: Vec<String>,
    pub answers: Vec<AnswerSpec>,
}

#[derive(Debug, Clone)]
pub struct RegionSpec {
    pub slug: String,
    pub kind: String,
    pub answers: Vec<AnswerSpec>,
    pub innovations: Vec<InnovationSpec>,
}

/// A portfolio written as content files.
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// Methodology YAML written beside site.yaml; None for the embedded iid-2023.
    pub methodology: Option<&'static str>,
    pub regions: Vec<RegionSpec>,
}

pub fn answers_yaml(answers: &[AnswerSpec], prefix: &str, dir: &Path) -> String {
    if answers.is_empty() {
        return String::new();
    }
    let mut out = String::from("indicators:\n");
    for a in answers {
        out.push_str(&format!("  {}:\n    option: {}\n", a.indicator, a.option));
        if a.valid + a.empty > 0 {
            out.push_str("    evidence:\n");
        }
        for n in 0..a.valid {
            out.push_str(&format!("      - url: https://example.go.id/{prefix}/{}/{n}.pdf\n        title: Bukti {n}\n", a.indicator));
        }
        for n in 0..a.empty {
            let file = format!("evidence/{prefix}-{}-{n}.pdf", a.indicator);
            std::fs::write(dir.join(&file), b"").expect("write empty evidence");
            out.push_str(&format!(
                "      - file: {file}\n        title: Kosong {n}\n"
            ));
        }
    }
    out
}

impl Portfolio {
    pub fn write(&self, root: &Path) {
        let methodology = match self.methodology {
            Some(text) => {
                std::fs::write(root.join("m.yaml"), text).expect("write methodology");
                "m.yaml"
            }
            None => "iid-2023",
        };
        let site = format!("title: Uji Peluang\nbase_url: https://example.go.id/\nlanguages: [id, en]\nmethodology: {methodology}\n");
        std::fs::write(root.join("site.yaml"), site).expect("write site.yaml");
        for region in &self.regions {
            let dir = root.join("content").join(&region.slug);
            std::fs::create_dir_all(dir.join("evidence")).expect("create region folder");
            let answers = answers_yaml(&region.answers, "daerah", &dir);
            let index = format!(
                "---\nname: {}\nkind: {}\n{answers}---\nProfil.\n",
                region.slug, region.kind
            );
            std::fs::write(dir.join("_index.md"), index).expect("write _index.md");
            for inn in &region.innovations {
                let answers = answers_yaml(&inn.answers, &inn.slug, &dir);
                let text = format!(
                    "---\ntitle: Inovasi {}\nstage: {}\naffairs: [{}]\n{answers}---\nUraian.\n",
                    inn.slug,
                    inn.stage,
                    inn.affairs.join(", ")
                );
                std::fs::write(dir.join(format!("{}.md", inn.slug)), text)
                    .expect("write innovation");
            }
        }
    }

    /// Writes, loads and scores the portfolio; content errors fail the test.
    pub fn load(&self) -> Project {
        let tmp = tempfile::tempdir().expect("temp dir");
        self.write(tmp.path());
        let project =
            pipeline::load(tmp.path()).unwrap_or_else(|_| panic!("portfolio does not load"));
        let errors: Vec<String> = project
            .diagnostics
            .0
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d.file,
                    d.pos.line,
                    d.message(lumbung::diagnostics::Lang::En)
                )
            })
            .collect();
        assert!(errors.is_empty(), "content errors: {errors:?}");
        project
    }

    /// Applies one improvement as listed in gaps.json, to the content.
    pub fn apply(&mut self, region: &str, imp: &Value, m: &Methodology) {
        let region = self
            .regions
            .iter_mut()
            .find(|r| r.slug == region)
            .expect("region");
        let kind = imp["kind"].as_str().expect("kind");
        if kind == "add-innovation" {
            let slug = format!("zz-baru-{}", region.innovations.len());
            region.innovations.push(best_innovation(slug, m));
            return;
        }
        let answers = match imp["innovation"].as_str() {
            Some(slug) => {
                &mut region
                    .innovations
                    .iter_mut()
                    .find(|i| i.slug == slug)
                    .expect("innovation")
                    .answers
            }
            None => &mut region.answers,
        };
        let indicator = imp["indicator"].as_str().expect("indicator");
        let needed = imp["evidence_needed"].as_u64().expect("evidence_needed") as u32;
        let to = imp["to"].as_str().expect("to").to_string();
        let existing = answers.iter_mut().find(|a| a.indicator == indicator);
        match (kind, existing) {
            ("fill", None) => answers.push(AnswerSpec {
                indicator: indicator.into(),
                option: to,
                valid: needed,
                empty: 0,
            }),
            ("add-evidence", Some(a)) => a.valid += needed,
            ("raise", Some(a)) => {
                a.option = to;
                a.valid += needed;
            }
            (kind, a) => panic!("{kind} cannot apply to {a:?}"),
        }
    }

    pub fn apply_first(&self, region: &str, entry: &Value, n: usize, m: &Methodology) -> Portfolio {
        let mut edited = self.clone();
        for imp in entry["improvements"]
            .as_array()
            .expect("list")
            .iter()
            .take(n)
        {
            edited.apply(region, imp, m);
        }
        edited
    }
}

/// A new counted innovation, every innovation-level indicator at a best option with
/// enough evidence, and no affair (so basic-services coverage does not change).
pub fn best_innovation(slug: String, m: &Methodology) -> InnovationSpec {
    let answers = m
        .indicators_at(Level::Innovation)
        .map(|i| {
            let def = m.indicator(i);
            let best = &def.options[m.indicators[i].best_option];
            let valid = if best.score > 0.0 {
                def.evidence_min
            } else {
                0
            };
            AnswerSpec {
                indicator: def.id.clone(),
                option: best.id.clone(),
                valid,
                empty: 0,
            }
        })
        .collect();
    InnovationSpec {
        slug,
        stage: m.doc.counted_stages[0].clone(),
        affairs: Vec::new(),
        answers,
    }
}

pub fn answer(indicator: &str, option: &str, valid: u32, empty: u32) -> AnswerSpec {
    AnswerSpec {
        indicator: indicator.into(),
        option: option.into(),
        valid,
        empty,
    }
}

pub fn innovation(
    slug: &str,
    stage: &str,
    affairs: &[&str],
    answers: Vec<AnswerSpec>,
) -> InnovationSpec {
    InnovationSpec {
        slug: slug.into(),
        stage: stage.into(),
        affairs: affairs.iter().map(|a| a.to_string()).collect(),
        answers,
    }
}

/// xorshift64*: a deterministic generator for the property test (seeded, no crate).
pub struct Rng(u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

/// Random answers at `level`: each indicator missing or at a random option, with 0–2
/// valid and 0–1 empty evidence items.
pub fn random_answers(rng: &mut Rng, m: &Methodology, level: Level) -> Vec<AnswerSpec> {
    m.indicators_at(level)
        .filter_map(|i| {
            let def = m.indicator(i);
            let pick = rng.below(def.options.len() + 1);
            let (valid, empty) = (rng.below(3) as u32, rng.below(2) as u32);
            def.options
                .get(pick)
                .map(|o| answer(&def.id, &o.id, valid, empty))
        })
        .collect()
}

/// 1–3 regions of either kind with 0–5 innovations of any stage and affairs.
pub fn random_portfolio(seed: u64) -> Portfolio {
    let m = lumbung::methodology::parse(MINI, "m.yaml").unwrap_or_else(|_| panic!("mini"));
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let regions = (0..1 + rng.below(3))
        .map(|r| RegionSpec {
            slug: format!("daerah-{r}"),
            kind: ["kabupaten", "kota"][rng.below(2)].into(),
            answers: random_answers(&mut rng, &m, Level::Region),
            innovations: (0..rng.below(6))
                .map(|n| InnovationSpec {
                    slug: format!("inovasi-{n}"),
                    stage: STAGES[rng.below(3)].into(),
                    affairs: AFFAIRS
                        .iter()
                        .filter(|_| rng.below(3) == 0)
                        .map(|a| a.to_string())
                        .collect(),
                    answers: random_answers(&mut rng, &m, Level::Innovation),
                })
                .collect(),
        })
        .collect();
    Portfolio {
        methodology: Some(MINI),
        regions,
    }
}
