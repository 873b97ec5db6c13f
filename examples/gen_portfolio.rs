//! A deterministic synthetic portfolio for benchmarks: regions of Indonesia with their
//! innovations, in lumbung's content format, against a real embedded methodology.
//!
//! ```text
//! cargo run --release --example gen_portfolio -- --regions 550 --innovations 60 --seed 1 --out DIR
//! ```
//!
//! Takes a region count, innovations per region, a seed and an output folder; writes
//! `DIR/site.yaml` and `DIR/content/<region>/{_index.md,<innovation>.md,evidence/…}`.
//! Invariants: the same arguments give byte-identical files (one random stream per
//! region, derived from the seed, so regions are generated in parallel); every id comes
//! from the loaded methodology or the content vocabulary, never from this file, so the
//! portfolio passes `lumbung check` with 0 errors (some indicators are left missing or
//! unverified on purpose: those are warnings, as in real portfolios). Innovation bodies
//! are Indonesian Markdown of 300–600 words with headings, lists, a table and links.

use lumbung::content::vocabulary;
use lumbung::methodology::{self, Level, Methodology};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(msg) => {
            eprintln!("gen_portfolio: {msg}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(msg) = run(&args) {
        eprintln!("gen_portfolio: {msg}");
        std::process::exit(2);
    }
}

const USAGE: &str = "usage: gen_portfolio --out DIR [--regions 550] [--innovations 60] [--seed 1] \
[--methodology iid-2023] [--languages id|id,en] [--force]";

struct Args {
    out: PathBuf,
    regions: usize,
    innovations: usize,
    seed: u64,
    methodology: String,
    languages: String,
    force: bool,
}

impl Args {
    fn parse(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut args = Args {
            out: PathBuf::new(),
            regions: 550,
            innovations: 60,
            seed: 1,
            methodology: "iid-2023".into(),
            languages: "id".into(),
            force: false,
        };
        while let Some(flag) = it.next() {
            if flag == "--force" {
                args.force = true;
                continue;
            }
            let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let number = |v: &str| {
                v.parse::<u64>()
                    .map_err(|_| format!("{flag}: `{v}` is not a number"))
            };
            match flag.as_str() {
                "--out" => args.out = PathBuf::from(value),
                "--regions" => args.regions = number(&value)? as usize,
                "--innovations" => args.innovations = number(&value)? as usize,
                "--seed" => args.seed = number(&value)?,
                "--methodology" => args.methodology = value,
                "--languages" => args.languages = value,
                _ => return Err(format!("unknown flag {flag}")),
            }
        }
        if args.out.as_os_str().is_empty() {
            return Err("--out is required".into());
        }
        Ok(args)
    }
}

fn run(args: &Args) -> Result<(), String> {
    let m = methodology::load(&args.methodology, Path::new(".")).map_err(|d| {
        format!(
            "methodology `{}` does not load ({} problems)",
            args.methodology,
            d.0.len()
        )
    })?;
    prepare(&args.out, args.force)?;
    let ids = Ids::new(&m);
    let regions = plan_regions(args.regions, args.seed);
    let io = |e: std::io::Error| e.to_string();
    std::fs::write(args.out.join("site.yaml"), site_yaml(args)).map_err(io)?;
    regions
        .par_iter()
        .enumerate()
        .try_for_each(|(i, region)| write_region(&args.out, region, &regions, &ids, args, i as u64))
        .map_err(io)?;
    eprintln!(
        "gen_portfolio: {} regions, {} innovations → {}",
        regions.len(),
        regions.len() * args.innovations,
        args.out.display()
    );
    Ok(())
}

/// Refuses to mix with existing content unless `--force`, which replaces `content/` only.
fn prepare(out: &Path, force: bool) -> Result<(), String> {
    let content = out.join("content");
    if content.exists() {
        if !force {
            return Err(format!(
                "{} exists (use --force to replace it)",
                content.display()
            ));
        }
        std::fs::remove_dir_all(&content).map_err(|e| e.to_string())?;
    }
    std::fs::create_dir_all(&content).map_err(|e| e.to_string())
}

fn site_yaml(args: &Args) -> String {
    let languages: Vec<&str> = args.languages.split(',').map(str::trim).collect();
    format!(
        "title: Portal Inovasi Daerah Nasional\n\
         description: Portofolio sintetis seluruh wilayah untuk uji kinerja lumbung.\n\
         base_url: https://inovasi.example.go.id/\n\
         language: {}\nlanguages: [{}]\nyear: 2023\nmethodology: {}\n\
         notice:\n  id: Data sintetis untuk uji kinerja, bukan data resmi.\n  \
         en: Synthetic data for performance tests, not official data.\n",
        languages[0],
        languages.join(", "),
        args.methodology
    )
}

/// SplitMix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        rng.next();
        rng
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// The ids the content may use: from the methodology and the content vocabulary.
struct Ids {
    region: Vec<Indicator>,
    innovation: Vec<Indicator>,
    affairs: Vec<String>,
    stages: Vec<String>,
    forms: Vec<String>,
    initiators: Vec<String>,
}

struct Indicator {
    id: String,
    name: String,
    evidence_min: usize,
    options: Vec<String>,
}

impl Ids {
    fn new(m: &Methodology) -> Ids {
        let at = |level| {
            m.indicators_at(level)
                .map(|i| {
                    let ind = m.indicator(i);
                    Indicator {
                        id: ind.id.clone(),
                        name: ind.name.clone(),
                        evidence_min: ind.evidence_min as usize,
                        options: ind.options.iter().map(|o| o.id.clone()).collect(),
                    }
                })
                .collect()
        };
        let v = vocabulary::get();
        let terms = |t: &[methodology::Term]| t.iter().map(|t| t.id.clone()).collect();
        Ids {
            region: at(Level::Region),
            innovation: at(Level::Innovation),
            affairs: m.doc.affairs.iter().map(|a| a.id.clone()).collect(),
            stages: terms(&v.stages),
            forms: terms(&v.forms),
            initiators: terms(&v.initiators),
        }
    }
}

/// A region's identity, planned up front so names and provinces are globally unique.
struct RegionPlan {
    slug: String,
    name: String,
    kind: &'static str,
    province: Option<usize>,
    clusters: Vec<&'static str>,
}

const PLACE_A: &[&str] = &[
    "Sungai", "Tanjung", "Batu", "Bukit", "Muara", "Pulau", "Lubuk", "Teluk", "Padang", "Air",
    "Gunung", "Rantau", "Kuala", "Tanah", "Bandar", "Lembah", "Danau", "Sei", "Pasir", "Kampung",
];
const PLACE_B: &[&str] = &[
    "Jaya",
    "Baru",
    "Indah",
    "Makmur",
    "Raya",
    "Sari",
    "Agung",
    "Permai",
    "Lestari",
    "Mulia",
    "Sejahtera",
    "Utama",
    "Barat",
    "Timur",
    "Selatan",
    "Utara",
    "Tengah",
    "Hulu",
    "Hilir",
    "Emas",
    "Panjang",
    "Besar",
    "Merah",
    "Putih",
];

fn plan_regions(count: usize, seed: u64) -> Vec<RegionPlan> {
    let mut rng = Rng::new(seed, u64::MAX);
    let provinces = count.div_ceil(15).clamp(1, 38).min(count);
    let mut seen = std::collections::HashSet::new();
    let mut plans = Vec::with_capacity(count);
    for i in 0..count {
        let kind = if i < provinces {
            "provinsi"
        } else if rng.chance(22) {
            "kota"
        } else {
            "kabupaten"
        };
        let mut place = format!("{} {}", rng.pick(PLACE_A), rng.pick(PLACE_B));
        let mut n = 2;
        while !seen.insert(format!("{kind}-{place}")) {
            place = format!("{} {} {}", rng.pick(PLACE_A), rng.pick(PLACE_B), roman(n));
            n += 1;
        }
        let title = match kind {
            "provinsi" => "Provinsi",
            "kota" => "Kota",
            _ => "Kabupaten",
        };
        let mut clusters = Vec::new();
        for (cluster, percent) in [("daerah-tertinggal", 14), ("perbatasan", 6), ("papua", 3)] {
            if kind != "provinsi" && rng.chance(percent) {
                clusters.push(cluster);
            }
        }
        plans.push(RegionPlan {
            slug: slug(&format!("{kind} {place}")),
            name: format!("{title} {place}"),
            kind,
            province: (i >= provinces).then(|| rng.below(provinces)),
            clusters,
        });
    }
    plans
}

fn roman(n: usize) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
        .get(n % 10)
        .copied()
        .unwrap_or("X")
}

/// Lowercase ASCII letters, digits and single `-`.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// YAML double-quoted scalar.
fn q(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Region-level evidence documents, shared by its innovations.
const REGION_FILES: &[(&str, &str)] = &[
    (
        "perda-inovasi-daerah.pdf",
        "Peraturan Daerah tentang Inovasi Daerah",
    ),
    ("rpjmd-2021-2026.pdf", "RPJMD 2021–2026"),
    (
        "sk-tim-inovasi-2023.pdf",
        "Keputusan Kepala Daerah tentang Tim Inovasi Daerah 2023",
    ),
    ("lkjip-2022.pdf", "Laporan Kinerja Instansi Pemerintah 2022"),
];

fn write_region(
    out: &Path,
    plan: &RegionPlan,
    all: &[RegionPlan],
    ids: &Ids,
    args: &Args,
    i: u64,
) -> std::io::Result<()> {
    let mut rng = Rng::new(args.seed, i);
    let dir = out.join("content").join(&plan.slug);
    std::fs::create_dir_all(dir.join("evidence"))?;
    let host = format!("{}.example.go.id", plan.slug.replace('-', ""));
    for (name, title) in REGION_FILES {
        std::fs::write(
            dir.join("evidence").join(name),
            fake_pdf(&format!("{title} — {}", plan.name), &mut rng),
        )?;
    }
    std::fs::write(
        dir.join("_index.md"),
        region_md(plan, all, ids, &host, &mut rng),
    )?;
    let mut slugs = std::collections::HashSet::new();
    for _ in 0..args.innovations {
        let inn = Innovation::new(plan, &host, &mut rng, &mut slugs);
        if let Some((path, title)) = &inn.own_file {
            std::fs::create_dir_all(dir.join("evidence").join(&inn.slug))?;
            std::fs::write(dir.join(path), fake_pdf(title, &mut rng))?;
        }
        std::fs::write(
            dir.join(format!("{}.md", inn.slug)),
            inn.markdown(ids, &mut rng),
        )?;
    }
    Ok(())
}

/// A small PDF-looking file (a few hundred bytes to a few KB).
fn fake_pdf(title: &str, rng: &mut Rng) -> Vec<u8> {
    let mut text = format!("%PDF-1.4\n% {title}\n");
    for n in 0..rng.range(4, 40) {
        let _ = writeln!(
            text,
            "{n} 0 obj << /Length {} >> stream BT ({title}) Tj ET endstream endobj",
            rng.below(9000)
        );
    }
    text.push_str("%%EOF\n");
    text.into_bytes()
}

fn region_md(
    plan: &RegionPlan,
    all: &[RegionPlan],
    ids: &Ids,
    host: &str,
    rng: &mut Rng,
) -> String {
    let mut md = format!("---\nname: {}\nkind: {}\n", q(&plan.name), plan.kind);
    if let Some(p) = plan.province {
        let _ = writeln!(md, "province: {}", all[p].slug);
    }
    if !plan.clusters.is_empty() {
        let _ = writeln!(md, "clusters: [{}]", plan.clusters.join(", "));
    }
    let base = 20.0 + rng.below(4500) as f64 / 100.0;
    let _ = writeln!(
        md,
        "history:\n  2021: {base:.2}\n  2022: {:.2}",
        base + rng.below(800) as f64 / 100.0
    );
    md.push_str("indicators:\n");
    for ind in &ids.region {
        if !rng.chance(92) {
            continue; // left missing: a warning, as in real portfolios
        }
        let title = format!("{} — {}", ind.name, plan.name);
        answer(&mut md, ind, rng, |rng, n| {
            if rng.chance(30) {
                let (file, _) = REGION_FILES[rng.below(REGION_FILES.len())];
                format!("title: {}\n        file: evidence/{file}", q(&title))
            } else {
                format!(
                    "title: {}\n        url: https://{host}/dokumen/{}-{n}.pdf",
                    q(&title),
                    ind.id
                )
            }
        });
    }
    md.push_str("---\n");
    let _ = write!(
        md,
        "## Ekosistem inovasi\n\n{} membina inovasi di seluruh perangkat daerah melalui tim inovasi daerah \
         yang ditetapkan setiap tahun. Laporan lengkap tersedia di [situs resmi](https://{host}/inovasi).\n",
        plan.name
    );
    md
}

/// Writes one indicator answer; `evidence(rng, n)` gives the item's `title:`/`file:|url:` lines.
fn answer(
    md: &mut String,
    ind: &Indicator,
    rng: &mut Rng,
    mut evidence: impl FnMut(&mut Rng, usize) -> String,
) {
    let option = &ind.options[rng.below(ind.options.len())];
    let _ = write!(md, "  {}:\n    option: {option}\n", ind.id);
    if rng.chance(6) {
        return; // no evidence: unverified (a warning) unless the option scores 0
    }
    md.push_str("    evidence:\n");
    for n in 0..ind.evidence_min.max(1) {
        let _ = writeln!(md, "      - {}", evidence(rng, n));
    }
}

const PROGRAM: &[&str] = &[
    "Sistem", "Layanan", "Gerakan", "Program", "Aplikasi", "Rumah", "Klinik", "Sekolah", "Pusat",
    "Jaringan",
];
const ACTION: &[&str] = &[
    "Pelayanan",
    "Informasi",
    "Pengaduan",
    "Pemantauan",
    "Pendampingan",
    "Pendataan",
    "Penjemputan",
    "Konsultasi",
    "Percepatan",
    "Pembinaan",
];
const OBJECT: &[&str] = &[
    "Administrasi Desa",
    "Kesehatan Ibu dan Anak",
    "Perizinan Usaha",
    "Gizi Balita",
    "Pertanian Organik",
    "Pendidikan Anak Usia Dini",
    "Air Bersih",
    "Sampah Rumah Tangga",
    "Usaha Mikro",
    "Lansia",
    "Pajak Daerah",
    "Kependudukan",
    "Bencana Banjir",
    "Ketahanan Pangan",
    "Wisata Desa",
    "Nelayan Kecil",
    "Disabilitas",
    "Pengendalian Stunting",
    "Arsip Digital",
    "Transportasi Pelajar",
];
const MANNER: &[&str] = &[
    "Terintegrasi",
    "Digital",
    "Terpadu",
    "Keliling",
    "Berbasis Masyarakat",
    "Daring",
    "Cepat",
    "Ramah Anak",
];
const AGENCIES: &[&str] = &[
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Sosial",
    "Badan Perencanaan Pembangunan Daerah",
    "Dinas Penanaman Modal dan PTSP",
    "Dinas Pertanian",
    "Dinas Komunikasi dan Informatika",
    "Dinas Lingkungan Hidup",
    "Badan Pendapatan Daerah",
    "Sekretariat Daerah",
    "Dinas Perhubungan",
    "Dinas Pariwisata",
    "Dinas Kelautan dan Perikanan",
    "Badan Penanggulangan Bencana Daerah",
];
const TAGS: &[&str] = &[
    "desa",
    "layanan-administrasi",
    "kesehatan-ibu",
    "stunting",
    "umkm",
    "perizinan",
    "pajak",
    "lansia",
    "disabilitas",
    "pendidikan-dasar",
    "air-bersih",
    "sampah",
    "bencana",
    "pertanian",
    "nelayan",
    "pariwisata",
    "transparansi",
    "pengaduan",
    "data-terpadu",
    "aplikasi-seluler",
    "pelayanan-keliling",
    "perempuan",
    "anak",
    "pemuda",
    "pangan",
    "energi",
    "transportasi",
    "arsip",
    "keuangan-daerah",
    "investasi",
];

/// One innovation's facts; the body is written by [`Innovation::markdown`].
struct Innovation {
    slug: String,
    title: String,
    acronym: String,
    agency: &'static str,
    host: String,
    region: String,
    own_file: Option<(String, String)>,
}

impl Innovation {
    fn new(
        plan: &RegionPlan,
        host: &str,
        rng: &mut Rng,
        slugs: &mut std::collections::HashSet<String>,
    ) -> Innovation {
        let words = [
            rng.pick(PROGRAM),
            rng.pick(ACTION),
            rng.pick(OBJECT),
            rng.pick(MANNER),
        ];
        let first = |w: &str, n: usize| {
            w.split(' ')
                .next()
                .and_then(|x| x.get(..n))
                .unwrap_or("")
                .to_string()
        };
        let acronym = format!(
            "{}{}{}",
            first(words[0], 2),
            first(words[1], 3),
            first(words[2], 3)
        )
        .to_uppercase();
        let mut slug_text = slug(&acronym);
        let mut n = 2;
        while !slugs.insert(slug_text.clone()) {
            slug_text = format!("{}-{n}", slug(&acronym));
            n += 1;
        }
        let own_file = rng.chance(8).then(|| {
            (
                format!("evidence/{slug_text}/laporan-2023.pdf"),
                format!("Laporan pelaksanaan {acronym} 2023"),
            )
        });
        Innovation {
            title: format!("{acronym} — {}", words.join(" ")),
            slug: slug_text,
            acronym,
            agency: rng.pick(AGENCIES),
            host: host.to_string(),
            region: plan.name.clone(),
            own_file,
        }
    }

    fn markdown(&self, ids: &Ids, rng: &mut Rng) -> String {
        let mut md = String::with_capacity(8192);
        self.front_matter(&mut md, ids, rng);
        md.push_str("---\n");
        body(&mut md, self, rng);
        md
    }

    fn front_matter(&self, md: &mut String, ids: &Ids, rng: &mut Rng) {
        let stage = &ids.stages[[0, 1, 1, 2, 2, 2, 2][rng.below(7)].min(ids.stages.len() - 1)];
        let _ = write!(md, "---\ntitle: {}\nstage: {stage}\n", q(&self.title));
        let _ = writeln!(md, "form: {}", ids.forms[rng.below(ids.forms.len())]);
        let _ = writeln!(md, "digital: {}", rng.chance(60));
        let _ = writeln!(
            md,
            "initiator: {}",
            ids.initiators[rng.below(ids.initiators.len())]
        );
        let first = rng.below(6.min(ids.affairs.len())); // basic services come first
        let mut affairs = vec![ids.affairs[first].as_str()];
        if rng.chance(40) {
            let other = ids.affairs[rng.below(ids.affairs.len())].as_str();
            if other != affairs[0] {
                affairs.push(other);
            }
        }
        let _ = writeln!(
            md,
            "affairs: [{}]\nagency: {}",
            affairs.join(", "),
            q(self.agency)
        );
        let year = 2019 + rng.below(4);
        if stage != "inisiatif" {
            let _ = writeln!(
                md,
                "trial_date: {year}-{:02}-{:02}",
                rng.range(1, 12),
                rng.range(1, 28)
            );
        }
        if stage == "penerapan" {
            let _ = writeln!(
                md,
                "launch_date: {}-{:02}-{:02}",
                year + 1,
                rng.range(1, 12),
                rng.range(1, 28)
            );
        }
        let mut tags: Vec<&str> = (0..rng.range(1, 4)).map(|_| rng.pick(TAGS)).collect();
        tags.sort_unstable();
        tags.dedup();
        let _ = writeln!(md, "tags: [{}]\nindicators:", tags.join(", "));
        for ind in &ids.innovation {
            if !rng.chance(88) {
                continue;
            }
            answer(md, ind, rng, |rng, n| self.evidence_item(ind, rng, n));
        }
    }

    fn evidence_item(&self, ind: &Indicator, rng: &mut Rng, n: usize) -> String {
        let title = q(&format!("{} {}", ind.name, self.acronym));
        match &self.own_file {
            Some((path, _)) if rng.chance(50) => format!("title: {title}\n        file: {path}"),
            _ if rng.chance(8) => {
                let (file, _) = REGION_FILES[rng.below(REGION_FILES.len())];
                format!("title: {title}\n        file: evidence/{file}")
            }
            _ => format!(
                "title: {title}\n        url: https://{}/inovasi/{}/{}-{n}",
                self.host, self.slug, ind.id
            ),
        }
    }
}

const PROBLEMS: &[&str] = &[
    "Warga di desa terpencil harus menempuh perjalanan jauh untuk mendapatkan layanan dasar",
    "Data penerima layanan tersebar di beberapa perangkat daerah dan sering tidak sama",
    "Waktu tunggu layanan rata-rata lebih dari satu minggu",
    "Pengaduan masyarakat tidak tercatat sehingga tindak lanjutnya sulit ditelusuri",
    "Biaya yang dikeluarkan warga untuk mengurus layanan masih tinggi",
    "Petugas lapangan belum memiliki panduan kerja yang seragam",
];
const SENTENCES: &[&str] = &[
    "{a} dirancang bersama {agency} setelah rapat koordinasi dengan camat dan kepala desa.",
    "Setiap laporan yang masuk diverifikasi petugas dalam waktu paling lama dua hari kerja.",
    "Warga dapat memantau status layanan melalui pesan singkat atau papan informasi di kantor desa.",
    "Pelaksanaan {a} melibatkan kader, tokoh masyarakat dan organisasi perangkat daerah terkait.",
    "Anggaran kegiatan bersumber dari APBD dan dukungan dana desa sesuai kewenangan masing-masing.",
    "Petugas mendapat pelatihan teknis sebelum {a} diterapkan di kecamatan percontohan.",
    "Hasil pemantauan dibahas setiap bulan dalam rapat evaluasi yang dipimpin sekretaris daerah.",
    "Inovasi ini juga mendorong perangkat daerah lain untuk berbagi data secara terbuka.",
    "Kendala utama pada tahap awal adalah keterbatasan jaringan internet di wilayah pegunungan.",
    "{region} menyiapkan petunjuk teknis agar pelaksanaan di setiap kecamatan seragam.",
    "Masukan warga dikumpulkan melalui survei kepuasan yang dilakukan dua kali setahun.",
    "Keberlanjutan {a} dijamin dengan memasukkannya ke dalam rencana kerja perangkat daerah.",
];
const BENEFITS: &[&str] = &[
    "Waktu layanan lebih singkat dan dapat diperkirakan",
    "Biaya perjalanan warga berkurang",
    "Data penerima layanan menjadi satu dan mutakhir",
    "Pengaduan tercatat dan dapat ditelusuri",
    "Kelompok rentan terjangkau lebih awal",
    "Perangkat daerah dapat merencanakan anggaran berdasarkan data",
    "Transparansi layanan meningkat",
];

fn fill(template: &str, inn: &Innovation) -> String {
    template
        .replace("{a}", &inn.acronym)
        .replace("{agency}", inn.agency)
        .replace("{region}", &inn.region)
}

/// Indonesian Markdown of 300–600 words: headings, paragraphs, two lists, a table, links.
fn body(md: &mut String, inn: &Innovation, rng: &mut Rng) {
    let target = rng.range(300, 584); // the last sentence adds at most 16 words
    let start = md.len();
    let words = |md: &String| md[start..].split_whitespace().count();
    let _ = write!(
        md,
        "## Latar belakang\n\n{}. {} Inovasi {} lahir untuk menjawab masalah tersebut di {}.\n\n",
        rng.pick(PROBLEMS),
        fill(rng.pick(SENTENCES), inn),
        inn.acronym,
        inn.region
    );
    md.push_str("## Tujuan\n\n");
    for _ in 0..3 {
        let _ = writeln!(md, "- {}.", rng.pick(BENEFITS));
    }
    let _ = write!(
        md,
        "\n## Rancang bangun\n\n{} {}\n\n",
        fill(rng.pick(SENTENCES), inn),
        fill(rng.pick(SENTENCES), inn)
    );
    md.push_str("| Tahap | Kegiatan | Waktu |\n|---|---|---|\n");
    for (step, what) in [
        ("1", "Pendataan dan sosialisasi"),
        ("2", "Uji coba terbatas"),
        ("3", "Penerapan penuh"),
    ] {
        let _ = writeln!(md, "| {step} | {what} | {} bulan |", rng.range(1, 6));
    }
    md.push_str("\n## Manfaat\n\n");
    for n in 1..=3 {
        let _ = writeln!(md, "{n}. {}.", rng.pick(BENEFITS));
    }
    let _ = write!(
        md,
        "\n## Hasil\n\nSejak diterapkan, waktu layanan turun **{} %** dan {} warga telah terlayani. \
         Rincian capaian dapat dibaca pada [laporan tahunan](https://{}/inovasi/{}/laporan) dan \
         [dasbor data](https://{}/data).\n\n",
        rng.range(10, 70),
        rng.range(120, 25_000),
        inn.host,
        inn.slug,
        inn.host
    );
    md.push_str("## Catatan pelaksanaan\n\n");
    while words(md) < target {
        let _ = write!(md, "{} ", fill(rng.pick(SENTENCES), inn));
        if rng.chance(25) {
            md.push_str("\n\n");
        }
    }
    md.push('\n');
}
