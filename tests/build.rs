//! End-to-end tests of `lumbung build`, `check` and `score` through the real binary on
//! the fixture portfolios under tests/fixtures/valid/.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A copy of a fixture portfolio in a temporary folder.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/valid")
                .join(name),
            dir.path(),
        );
        Site { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_lumbung"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run lumbung")
    }

    fn build(&self) -> Output {
        let out = self.out();
        let out = out.to_str().expect("utf-8 path");
        self.run(&["build", "--out", out])
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root().join(rel), text).expect("write");
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir`: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn build_writes_pages_in_both_languages_the_exports_and_the_evidence() {
    let site = Site::fixture("basic");
    let result = site.build();
    assert!(result.status.success(), "{}", stderr(&result));
    for page in [
        "index.html",
        "404.html",
        "kota-contoh/index.html",
        "kota-contoh/layanan-cepat/index.html",
        "kabupaten-contoh/desa-digital/index.html",
        "en/index.html",
        "en/kota-contoh/layanan-cepat/index.html",
        "data/scores.json",
        "data/methodology.json",
        "data/scores.csv",
        "data/innovations.csv",
        "kota-contoh/evidence/perwali-inovasi.pdf",
        "kota-contoh/evidence/SK Tim Inovasi.pdf",
    ] {
        assert!(site.out().join(page).is_file(), "{page} missing");
    }
    let page = site.read("kota-contoh/layanan-cepat/index.html");
    assert!(
        page.contains("href=\"../../kota-contoh/evidence/SK%20Tim%20Inovasi.pdf\""),
        "evidence link"
    );
    assert!(page.contains("<html lang=\"id\">"));
    assert!(site
        .read("en/kota-contoh/layanan-cepat/index.html")
        .contains("<html lang=\"en\">"));
    let summary = stderr(&result);
    assert!(summary.contains("3 wilayah, 3 inovasi"), "{summary}");
}

#[test]
fn a_theme_may_override_the_row_head_or_the_whole_indicator_table() {
    let site = Site::fixture("basic");
    std::fs::create_dir_all(site.root().join("themes/default/templates")).expect("mkdir");
    site.write(
        "themes/default/templates/indicator_row_head.html",
        "<tr data-head=\"{{ row.id }} {{ row.status }} {{ row.score_text }}\">",
    );
    let result = site.build();
    assert!(result.status.success(), "{}", stderr(&result));
    let page = site.read("kota-contoh/layanan-cepat/index.html");
    let heads = page.matches("<tr data-head=\"").count();
    assert!(
        heads > 10,
        "every row starts with the overridden head: {heads}"
    );
    assert!(page.contains(" verified "), "verified rows: {page}");
    let english = site.read("en/kota-contoh/layanan-cepat/index.html");
    assert!(
        english.contains("<tr data-head=\""),
        "the English engine has its heads too"
    );

    // A table written before row heads existed still gets every field of a row.
    site.write(
        "themes/default/templates/indicator_table.html",
        "{% for row in indicators %}<p class=\"old\">{{ row.number }}. {{ row.name }}: \
         {{ row.status_label }} {{ row.score_text }}/{{ row.max_text }}</p>{% endfor %}",
    );
    let result = site.build();
    assert!(result.status.success(), "{}", stderr(&result));
    let page = site.read("kota-contoh/layanan-cepat/index.html");
    assert!(
        !page.contains("data-head"),
        "the table no longer prints heads"
    );
    assert!(page.contains("<p class=\"old\">"), "old-style rows: {page}");
    assert!(page.contains("Terverifikasi"), "status words: {page}");
}

#[test]
fn scores_json_has_every_field_of_the_spec() {
    let site = Site::fixture("basic");
    assert!(site.build().status.success());
    let scores: serde_json::Value =
        serde_json::from_str(&site.read("data/scores.json")).expect("json");
    assert_eq!(scores["format"], "lumbung-scores/1");
    assert_eq!(scores["methodology"], "iid-2023");
    assert_eq!(scores["year"], 2023);
    let slugs: Vec<&str> = scores["regions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["slug"].as_str())
        .collect();
    assert_eq!(
        slugs,
        ["kabupaten-contoh", "kota-contoh", "provinsi-contoh"],
        "sorted by slug"
    );
    let region = &scores["regions"][1];
    for key in [
        "slug",
        "name",
        "kind",
        "clusters",
        "spd",
        "sid",
        "total",
        "max_total",
        "iid",
        "predicate",
        "rank",
        "innovation_count",
        "counted_innovations",
        "basic_services_covered",
        "count_score",
        "variables",
        "indicator_status",
    ] {
        assert!(region.get(key).is_some(), "regions[].{key}");
    }
    assert_eq!(region["clusters"], serde_json::json!(["kota"]));
    assert_eq!(
        scores["regions"][0]["clusters"],
        serde_json::json!(["kabupaten", "perbatasan"])
    );
    assert_eq!(region["max_total"], 250.0);
    let innovation = &scores["innovations"][0];
    assert_eq!(
        (innovation["region"].as_str(), innovation["slug"].as_str()),
        (Some("kabupaten-contoh"), Some("desa-digital"))
    );
    for key in ["region", "slug", "score", "counted", "indicator_status"] {
        assert!(innovation.get(key).is_some(), "innovations[].{key}");
    }
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = Site::fixture("basic");
    assert!(site.build().status.success());
    let first = tree(&site.out());
    assert!(site.build().status.success());
    let second = tree(&site.out());
    assert!(first.len() > 15);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture("basic");
    assert!(site.build().status.success());
    let before = tree(&site.out());
    site.write(
        "content/kota-contoh/sekolah-aman.md",
        "---\ntitle: Rusak\nstage: penerapn\n---\n",
    );
    let result = site.build();
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    assert!(
        stderr(&result).contains("content/kota-contoh/sekolah-aman.md:3:8"),
        "{}",
        stderr(&result)
    );
    assert_eq!(tree(&site.out()), before);
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .expect("read root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn every_error_of_a_broken_portfolio_is_reported_in_one_run() {
    let site = Site::fixture("basic");
    site.write(
        "content/kota-contoh/sekolah-aman.md",
        "---\ntitle: Sekolah\nstage: penerapn\nfrom: x\n---\n",
    );
    site.write(
        "content/kabupaten-contoh/desa-digital.md",
        "---\ntitle: Desa\nstage: inisiatif\nlaunch_date: 2023-02-30\nindicators:\n  online-sistem:\n    option: web-aplikasi-x\n---\n",
    );
    site.write(
        "content/provinsi-contoh/_index.md",
        "---\nname: P\nkind: provinsi\n",
    );
    let result = site.run(&["check", "--format", "json"]);
    assert_eq!(result.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&result.stdout).expect("json report");
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let expected = [
        ("L0304", "content/kabupaten-contoh/desa-digital.md", 4),
        ("L0201", "content/kabupaten-contoh/desa-digital.md", 7),
        ("L0301", "content/kota-contoh/sekolah-aman.md", 4),
        ("L0205", "content/kota-contoh/sekolah-aman.md", 3),
        ("L0104", "content/provinsi-contoh/_index.md", 1),
    ];
    for (code, file, line) in expected {
        assert!(
            found.contains(&(code.to_string(), file.to_string(), line)),
            "{code} {file}:{line} not in {found:?}"
        );
    }
}

#[test]
fn check_passes_with_warnings_and_strict_fails_on_them() {
    let site = Site::fixture("basic");
    let relaxed = site.run(&["check"]);
    assert_eq!(relaxed.status.code(), Some(0), "{}", stderr(&relaxed));
    assert!(stderr(&relaxed).contains("0 galat"));
    assert!(stderr(&relaxed).contains("kelengkapan data"));
    let strict = site.run(&["check", "--strict", "--lang", "en"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("0 warnings"),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn a_folder_without_site_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let result = Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("site.yaml"), "{}", stderr(&result));
}

#[test]
fn score_prints_the_index_table_as_table_json_and_csv() {
    let site = Site::fixture("basic");
    let table = String::from_utf8(site.run(&["score", "--lang", "en"]).stdout).expect("utf-8");
    assert!(table
        .lines()
        .next()
        .is_some_and(|l| l.contains("rank") && l.contains("IID") && l.contains("predicate")));
    assert!(table.contains("Kota Contoh"));
    let tabel = String::from_utf8(site.run(&["score"]).stdout).expect("utf-8");
    assert!(tabel
        .lines()
        .next()
        .is_some_and(|l| l.contains("peringkat") && l.contains("predikat")));
    let kinds: Vec<&str> = tabel
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    let mut grouped = kinds.clone();
    grouped.dedup();
    let mut unique = grouped.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(grouped.len(), unique.len(), "one block per kind: {kinds:?}");
    let json: serde_json::Value =
        serde_json::from_slice(&site.run(&["score", "--format", "json"]).stdout).expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(3));
    let first_iid = json[0]["iid"].as_f64().expect("iid");
    assert!(
        json.as_array()
            .into_iter()
            .flatten()
            .all(|r| r["iid"].as_f64().unwrap_or(0.0) <= first_iid),
        "sorted by IID"
    );
    let csv = String::from_utf8(site.run(&["score", "--format", "csv"]).stdout).expect("utf-8");
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.starts_with("rank,slug,name,kind,iid,predicate,spd,sid,innovations"));
}

#[test]
fn every_command_explains_itself_with_an_example() {
    for command in ["build", "check", "score"] {
        let help = Command::new(env!("CARGO_BIN_EXE_lumbung"))
            .args([command, "--help"])
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(help.status.success());
        assert!(
            text.contains("Example"),
            "{command} --help has no example:\n{text}"
        );
    }
}

#[test]
fn the_demo_portfolio_reproduces_the_published_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(["score", "--format", "json", "--root"])
        .arg(root)
        .output()
        .expect("run lumbung");
    assert!(result.status.success(), "{}", stderr(&result));
    let rows: serde_json::Value = serde_json::from_slice(&result.stdout).expect("json");
    let find = |slug: &str| {
        rows.as_array()
            .into_iter()
            .flatten()
            .find(|r| r["slug"] == slug)
            .cloned()
            .expect(slug)
    };
    let banjar = find("kabupaten-banjar");
    assert_eq!(
        (
            banjar["iid"].as_f64(),
            banjar["predicate"].as_str(),
            banjar["innovations"].as_u64()
        ),
        (Some(57.64), Some("Inovatif"), Some(49))
    );
    let banjarmasin = find("kota-banjarmasin");
    assert_eq!(
        (
            banjarmasin["iid"].as_f64(),
            banjarmasin["predicate"].as_str()
        ),
        (Some(60.72), Some("Sangat Inovatif"))
    );
    assert_eq!(
        rows.as_array().map(Vec::len),
        Some(14),
        "the province and its 13 regencies and cities"
    );
}
