//! Shared by the `serve` tests: a small portfolio on disk that random edits change
//! (with the paths each edit touched), and a fresh full build to compare against.

#![allow(dead_code)]

use lumbung::diagnostics::Diagnostics;
use lumbung::methodology::{Level, Methodology};
use lumbung::pipeline::LoadError;
use lumbung::render::{self, Output, Sink};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A deterministic pseudo-random sequence (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "desa",
    "layanan",
    "data",
    "warga",
    "sekolah",
    "pasar",
    "air",
    "jalan",
    "sampah",
    "kesehatan",
];
const AFFAIRS: &[&str] = &[
    "pendidikan",
    "kesehatan",
    "sosial",
    "pertanian",
    "perhubungan",
    "komunikasi-informatika",
];
const STAGES: &[&str] = &["inisiatif", "uji-coba", "penerapan"];
const FORMS: &[&str] = &["tata-kelola", "pelayanan-publik", "lainnya"];
const INITIATORS: &[&str] = &["kepala-daerah", "opd", "asn", "masyarakat"];

/// A portfolio folder and the generator of its files.
pub struct Portfolio {
    pub dir: tempfile::TempDir,
    pub rng: Rng,
    methodology: Methodology,
    next_id: usize,
}

/// Files an edit touched (relative to the site root), for the change set.
pub type Touched = Vec<String>;

impl Portfolio {
    /// `regions` regions with 1–3 innovations each, in Indonesian and English.
    pub fn new(seed: u64, regions: usize) -> Portfolio {
        let dir = tempfile::tempdir().expect("temp dir");
        let methodology =
            lumbung::methodology::load("iid-2023", dir.path()).expect("embedded methodology");
        let mut p = Portfolio {
            dir,
            rng: Rng::new(seed),
            methodology,
            next_id: 0,
        };
        p.write("site.yaml", "title: Uji Serve\nbase_url: https://uji.example.go.id/\nlanguage: id\nlanguages: [id, en]\nyear: 2023\nmethodology: iid-2023\n");
        for r in 0..regions {
            let kind = if r == 0 { "provinsi" } else { "kabupaten" };
            p.new_region_with(kind);
        }
        p
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }

    fn fresh_slug(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{}", self.next_id)
    }

    /// Region folders, sorted.
    pub fn regions(&self) -> Vec<String> {
        list(&self.root().join("content"), |p| p.is_dir())
    }

    /// Innovation files of a region (without `.md`), sorted.
    pub fn innovations(&self, region: &str) -> Vec<String> {
        list(&self.root().join("content").join(region), |p| {
            p.extension().is_some_and(|e| e == "md")
        })
        .into_iter()
        .filter(|n| n != "_index.md")
        .map(|n| n.trim_end_matches(".md").to_string())
        .collect()
    }

    fn evidence_files(&self, region: &str) -> Vec<String> {
        list(
            &self.root().join("content").join(region).join("evidence"),
            |p| p.is_file(),
        )
    }

    fn new_region_with(&mut self, kind: &str) -> Touched {
        let slug = self.fresh_slug("wilayah");
        self.write(&format!("content/{slug}/evidence/sk.pdf"), "%PDF sk");
        let text = self.region_text(&slug, kind);
        self.write(&format!("content/{slug}/_index.md"), &text);
        let mut touched = vec![format!("content/{slug}/_index.md")];
        for _ in 0..1 + self.rng.below(3) {
            touched.extend(self.new_innovation(&slug));
        }
        touched
    }

    /// Answers to a few indicators of `level`, evidence files that exist (or, rarely, URLs).
    fn answers(&mut self, level: Level, region: &str) -> String {
        let ids: Vec<usize> = self.methodology.indicators_at(level).collect();
        let mut out = String::from("indicators:\n");
        for _ in 0..1 + self.rng.below(4) {
            let def = self.methodology.indicator(*self.rng.pick(&ids)).clone();
            if out.contains(&format!("  {}:\n", def.id)) {
                continue;
            }
            let option = &self.rng.pick(&def.options).id;
            out.push_str(&format!("  {}:\n    option: {option}\n", def.id));
            let files = self.evidence_files(region);
            match self.rng.below(3) {
                0 if !files.is_empty() => {
                    let file = self.rng.pick(&files).clone();
                    out.push_str(&format!("    evidence:\n      - {{title: Bukti {file}, file: evidence/{file}}}\n"));
                }
                1 => out.push_str("    evidence:\n      - {title: Tautan, url: 'https://example.go.id/bukti.pdf'}\n"),
                _ => {}
            }
        }
        out
    }

    pub fn region_text(&mut self, slug: &str, kind: &str) -> String {
        let clusters = if self.rng.chance(30) {
            "clusters: [perbatasan]\n"
        } else {
            ""
        };
        let answers = self.answers(Level::Region, slug);
        let n = self.rng.below(1000);
        format!("---\nname: Wilayah {slug} {n}\nkind: {kind}\n{clusters}history:\n  2022: {}.5\n{answers}---\nProfil {}.\n", 30 + self.rng.below(40), self.words(8))
    }

    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| *self.rng.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn innovation_text(&mut self, region: &str) -> String {
        let affairs: Vec<&str> = (0..1 + self.rng.below(2))
            .map(|_| *self.rng.pick(AFFAIRS))
            .collect();
        let mut affairs_unique = affairs.clone();
        affairs_unique.dedup();
        let tags = format!("[{}, {}]", self.rng.pick(WORDS), self.rng.pick(WORDS));
        let digital = if self.rng.chance(50) { "true" } else { "false" };
        let answers = self.answers(Level::Innovation, region);
        format!(
            "---\ntitle: Inovasi {} {}\nstage: {}\nform: {}\ndigital: {digital}\ninitiator: {}\naffairs: [{}]\nagency: Dinas {}\nlaunch_date: 2022-0{}-15\ntags: {tags}\n{answers}---\n## Latar\n\n{}\n\n- {}\n",
            self.words(2),
            self.rng.below(100),
            self.rng.pick(STAGES),
            self.rng.pick(FORMS),
            self.rng.pick(INITIATORS),
            affairs_unique.join(", "),
            self.words(1),
            1 + self.rng.below(9),
            self.words(20),
            self.words(5),
        )
    }

    fn new_innovation(&mut self, region: &str) -> Touched {
        let slug = self.fresh_slug("inovasi");
        let text = self.innovation_text(region);
        let rel = format!("content/{region}/{slug}.md");
        self.write(&rel, &text);
        vec![rel]
    }

    /// One random edit, creation, rename or deletion; gives the paths it touched.
    pub fn random_edit(&mut self) -> Touched {
        let regions = self.regions();
        let region = self.rng.pick(&regions).clone();
        let innovations = self.innovations(&region);
        let content = format!("content/{region}");
        match self.rng.below(17) {
            0..=2 if !innovations.is_empty() => {
                let inn = self.rng.pick(&innovations).clone();
                let text = self.innovation_text(&region);
                let rel = format!("{content}/{inn}.md");
                self.write(&rel, &text);
                vec![rel]
            }
            3 if !innovations.is_empty() => {
                // A body-only edit: the front matter stays the same.
                let inn = self.rng.pick(&innovations).clone();
                let rel = format!("{content}/{inn}.md");
                let text = std::fs::read_to_string(self.root().join(&rel)).expect("read");
                let extra = self.words(6);
                self.write(&rel, &format!("{text}\nTambahan: {extra}.\n"));
                vec![rel]
            }
            4 => self.new_innovation(&region),
            5 if innovations.len() > 1 => {
                let rel = format!("{content}/{}.md", self.rng.pick(&innovations));
                std::fs::remove_file(self.root().join(&rel)).expect("remove");
                vec![rel]
            }
            6 if !innovations.is_empty() => {
                let from = format!("{content}/{}.md", self.rng.pick(&innovations));
                let to = format!("{content}/{}.md", self.fresh_slug("inovasi"));
                std::fs::rename(self.root().join(&from), self.root().join(&to)).expect("rename");
                vec![from, to]
            }
            7 => {
                let kind = if region == regions[0] {
                    "provinsi"
                } else {
                    *self.rng.pick(&["kabupaten", "kota"])
                };
                let text = self.region_text(&region, kind);
                let rel = format!("{content}/_index.md");
                self.write(&rel, &text);
                vec![rel]
            }
            8 if regions.len() < 6 => self.new_region_with("kota"),
            9 if regions.len() > 2 && region != regions[0] => {
                std::fs::remove_dir_all(self.root().join(&content)).expect("remove region");
                vec![content]
            }
            10 if region != regions[0] => {
                let to = format!("content/{}", self.fresh_slug("wilayah"));
                std::fs::rename(self.root().join(&content), self.root().join(&to))
                    .expect("rename region");
                vec![content, to]
            }
            11 => {
                // Evidence: a new file, new bytes, an emptied file, or a deleted one.
                let files = self.evidence_files(&region);
                let rel = match (self.rng.below(4), files.is_empty()) {
                    (0, _) | (_, true) => {
                        format!("{content}/evidence/{}.pdf", self.fresh_slug("bukti"))
                    }
                    _ => format!("{content}/evidence/{}", self.rng.pick(&files)),
                };
                match self.rng.below(3) {
                    0 if rel.ends_with("sk.pdf") || !self.root().join(&rel).exists() => {
                        self.write(&rel, "%PDF baru")
                    }
                    0 => std::fs::remove_file(self.root().join(&rel)).expect("remove evidence"),
                    1 => self.write(&rel, ""),
                    _ => {
                        let bytes = format!("%PDF {}", self.rng.below(1000));
                        self.write(&rel, &bytes);
                    }
                }
                vec![rel]
            }
            12 if !innovations.is_empty() => {
                // Broken front matter (an unknown key); a later edit rewrites it.
                let rel = format!("{content}/{}.md", self.rng.pick(&innovations));
                let text = std::fs::read_to_string(self.root().join(&rel)).expect("read");
                self.write(&rel, &text.replacen("stage:", "stgae:", 1));
                vec![rel]
            }
            13 | 14 if !innovations.is_empty() => {
                // Only the answers (scores, ranks, gap analyses) or only the tags
                // (terms, similar innovations) of an innovation change.
                let rel = format!("{content}/{}.md", self.rng.pick(&innovations));
                let text = std::fs::read_to_string(self.root().join(&rel)).expect("read");
                let fresh = self.innovation_text(&region);
                let answers_only = self.rng.chance(50);
                // The tags line, or what follows it up to the end of the front matter.
                let part = |t: &str| -> Option<(usize, usize)> {
                    let tags = t.find("\ntags:")? + 1;
                    let line_end = tags + t[tags..].find('\n')?;
                    match answers_only {
                        true => Some((line_end, tags + t[tags..].find("\n---\n")?)),
                        false => Some((tags, line_end)),
                    }
                };
                let text = match (part(&text), part(&fresh)) {
                    (Some((a, b)), Some((c, d))) => {
                        format!("{}{}{}", &text[..a], &fresh[c..d], &text[b..])
                    }
                    _ => fresh,
                };
                self.write(&rel, &text);
                vec![rel]
            }
            15 if !innovations.is_empty() => {
                // Only the title: its card changes (on listings and on the pages of
                // similar innovations in other regions), its terms do not.
                let rel = format!("{content}/{}.md", self.rng.pick(&innovations));
                let text = std::fs::read_to_string(self.root().join(&rel)).expect("read");
                let title = format!("title: Inovasi {}", self.words(2));
                let text = match text.find("title:") {
                    Some(start) => {
                        let end = start + text[start..].find('\n').unwrap_or(0);
                        format!("{}{title}{}", &text[..start], &text[end..])
                    }
                    None => text,
                };
                self.write(&rel, &text);
                vec![rel]
            }
            _ => self.new_innovation(&region),
        }
    }
}

fn list(dir: &Path, keep: impl Fn(&Path) -> bool) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| keep(&e.path()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A fresh full build in memory: path → bytes and the warnings, or every diagnostic
/// when the content has errors.
pub fn fresh_build(root: &Path) -> Result<(BTreeMap<String, Vec<u8>>, Diagnostics), Diagnostics> {
    let project = match lumbung::pipeline::load(root) {
        Ok(project) => project,
        Err(LoadError::NoSite(d) | LoadError::Invalid(d)) => return Err(d),
    };
    if project.diagnostics.has_errors() {
        return Err(project.diagnostics);
    }
    let renderer = project.renderer()?;
    let sink = PlainSink::default();
    render::site(&renderer, &project.input(), &sink)
        .map_err(render::RenderError::into_diagnostics)?;
    Ok((sink.0.into_inner().unwrap_or_default(), project.diagnostics))
}

/// Rewrites the content files that have errors with new, valid text.
pub fn repair(p: &mut Portfolio, diags: &Diagnostics) -> Touched {
    let mut touched = Vec::new();
    for d in diags.0.iter().filter(|d| d.is_error()) {
        let Some(rest) = d.file.strip_prefix("content/") else {
            continue;
        };
        let Some((region, name)) = rest.split_once('/') else {
            continue;
        };
        if touched.contains(&d.file) || !p.root().join(&d.file).is_file() {
            continue;
        }
        let text = if name == "_index.md" {
            let kind = if p.regions().first().map(String::as_str) == Some(region) {
                "provinsi"
            } else {
                "kota"
            };
            p.region_text(region, kind)
        } else {
            p.innovation_text(region)
        };
        p.write(&d.file, &text);
        touched.push(d.file.clone());
    }
    touched
}

#[derive(Default)]
pub struct PlainSink(pub Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for PlainSink {
    fn put(&self, path: &str, output: Output) -> std::io::Result<()> {
        let bytes = match output {
            Output::Bytes(b) => b,
            Output::Shared(b) => b.to_vec(),
            Output::Copy(p) => std::fs::read(p)?,
        };
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// The absolute path of a site file.
pub fn abs(root: &Path, rel: &str) -> PathBuf {
    root.join(rel)
}
