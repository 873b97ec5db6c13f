//! The editor's path from nothing to a published portfolio: `lumbung init` builds as it
//! is, every file `lumbung new` writes validates, and the JSON Schemas `lumbung schema`
//! writes accept every real front matter (the demo portfolio, new files) and reject the
//! mistakes the loader rejects.
//!
//! Commands run the built binary in temporary folders; the schemas are checked with the
//! `jsonschema` crate (draft-07), front matter converted to JSON through lumbung's own
//! YAML parser, as an editor's YAML tooling would see it.

use lumbung::diagnostics::{Code, Lang, Severity};
use lumbung::methodology::{self, Level, Methodology};
use lumbung::scaffold;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn lumbung(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the lumbung binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_exit(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
}

/// A new portfolio made by `lumbung init` in a temporary folder.
fn init(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut args = vec!["init", "portal"];
    args.extend_from_slice(extra);
    assert_exit(&lumbung(&args, tmp.path()), 0, "lumbung init");
    let root = tmp.path().join("portal");
    (tmp, root)
}

fn embedded(id: &str) -> Methodology {
    methodology::load(id, Path::new(".")).unwrap_or_else(|d| panic!("{id}: {d:?}"))
}

// ── init ─────────────────────────────────────────────────────────────────────────

#[test]
fn init_then_build_succeeds_and_publishes_the_example() {
    let (_tmp, root) = init(&[]);
    for file in [
        "site.yaml",
        "content/kabupaten-contoh/_index.md",
        "content/kabupaten-contoh/inovasi-contoh.md",
        "content/kabupaten-contoh/evidence/contoh-data-dukung.txt",
        "schemas/region.schema.json",
        "schemas/innovation.schema.json",
        ".github/workflows/lumbung.yml",
        ".gitlab-ci.yml",
        ".gitignore",
        ".vscode/tasks.json",
    ] {
        assert!(root.join(file).is_file(), "init writes {file}");
    }
    let out = lumbung(&["build"], &root);
    assert_exit(&out, 0, "lumbung build in a fresh portfolio");
    assert!(root.join("public/index.html").is_file());
    assert!(root.join("public/data/scores.json").is_file());
    let check = lumbung(&["check"], &root);
    assert_exit(&check, 0, "lumbung check in a fresh portfolio");
    assert!(stderr(&check).contains("0 galat"), "{}", stderr(&check));
}

#[test]
fn the_example_region_scores_its_one_answered_indicator() {
    let (_tmp, root) = init(&[]);
    let project =
        lumbung::pipeline::load(&root).unwrap_or_else(|_| panic!("the new portfolio loads"));
    let region = &project.scores.regions[0];
    assert!(
        region.spd > 0.0,
        "the example answer with its evidence file counts: {}",
        region.spd
    );
    assert_eq!(region.status.verified, 1);
}

#[test]
fn ci_files_check_with_github_annotations_and_publish_the_build() {
    let (_tmp, root) = init(&[]);
    let github =
        std::fs::read_to_string(root.join(".github/workflows/lumbung.yml")).expect("workflow");
    let gitlab = std::fs::read_to_string(root.join(".gitlab-ci.yml")).expect("gitlab ci");
    for (name, text) in [("github", &github), ("gitlab", &gitlab)] {
        assert!(text.contains("lumbung check --format github"), "{name}");
        assert!(text.contains("lumbung build --out public"), "{name}");
        assert!(
            text.contains("cargo install --locked") && text.contains("--git \"$LUMBUNG_REPO\""),
            "{name}"
        );
        assert!(
            !text.replace("${{", "").contains("{{"),
            "{name}: an unfilled placeholder"
        );
        let parsed = lumbung::yaml::parse(text, 0);
        assert!(
            parsed.errors.is_empty() && parsed.root.is_some(),
            "{name} is YAML: {:?}",
            parsed.errors
        );
    }
    for step in [
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
        "id-token: write",
        "pages: write",
    ] {
        assert!(github.contains(step), "{step}");
    }
    assert!(gitlab.contains("\npages:\n") && gitlab.contains("paths: [public]"));
    let ignore = std::fs::read_to_string(root.join(".gitignore")).expect("gitignore");
    assert!(ignore.lines().any(|l| l == "public/"));
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing_unless_forced() {
    let (tmp, root) = init(&[]);
    std::fs::write(root.join("site.yaml"), "title: Milik saya\n").expect("write");
    std::fs::remove_file(root.join(".gitlab-ci.yml")).expect("remove");
    let out = lumbung(&["init", "portal"], tmp.path());
    assert_exit(&out, 2, "a second init");
    assert!(
        stderr(&out).contains("site.yaml") && stderr(&out).contains("--force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(root.join("site.yaml")).expect("read"),
        "title: Milik saya\n"
    );
    assert!(
        !root.join(".gitlab-ci.yml").exists(),
        "nothing is written when anything exists"
    );
    assert_exit(
        &lumbung(&["init", "portal", "--force"], tmp.path()),
        0,
        "init --force",
    );
    assert!(std::fs::read_to_string(root.join("site.yaml"))
        .expect("read")
        .contains("methodology: iid-2023"));
}

#[test]
fn init_adds_its_lines_to_an_existing_gitignore() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join(".gitignore"), "*.bak\n").expect("write");
    assert_exit(
        &lumbung(&["init"], tmp.path()),
        0,
        "init into a folder with a .gitignore",
    );
    let ignore = std::fs::read_to_string(tmp.path().join(".gitignore")).expect("read");
    assert!(
        ignore.starts_with("*.bak\n") && ignore.contains("\npublic/\n"),
        "{ignore}"
    );
}

#[test]
fn init_in_english_writes_english_comments_for_the_same_site() {
    let (_tmp, root) = init(&[
        "--lang",
        "en",
        "--title",
        "Portal: Kalsel",
        "--methodology",
        "iid-2025",
    ]);
    let site = std::fs::read_to_string(root.join("site.yaml")).expect("site.yaml");
    assert!(
        site.contains("# Configuration of the regional innovation portal"),
        "{site}"
    );
    assert!(
        site.contains("language: id")
            && site.contains("methodology: iid-2025")
            && site.contains("year: 2025")
    );
    let config = lumbung::config::load(&root).expect("site.yaml loads");
    assert_eq!(config.title, "Portal: Kalsel");
    let region =
        std::fs::read_to_string(root.join("content/kabupaten-contoh/_index.md")).expect("region");
    assert!(region.contains("# choose:") && !region.contains("# pilih:"));
    assert_exit(&lumbung(&["check"], &root), 0, "check");
}

// ── new ──────────────────────────────────────────────────────────────────────────

/// Warnings of a file: only "missing indicators", naming every indicator of its level.
fn assert_only_missing(
    project: &lumbung::pipeline::Project,
    file: &str,
    m: &Methodology,
    level: Level,
) {
    let diags: Vec<_> = project
        .diagnostics
        .0
        .iter()
        .filter(|d| d.file == file)
        .collect();
    assert_eq!(diags.len(), 1, "{file}: {diags:#?}");
    assert_eq!(
        (diags[0].code, diags[0].severity),
        (Code::IndicatorMissing, Severity::Warning)
    );
    let count = m.indicators_at(level).count();
    assert_eq!(
        diags[0].get("count", Lang::En),
        count.to_string(),
        "{file}: every indicator is listed empty"
    );
}

#[test]
fn every_file_new_writes_validates_with_only_missing_indicator_warnings() {
    for methodology_id in ["iid-2023", "iid-2025"] {
        for lang in ["id", "en"] {
            let (_tmp, root) = init(&["--methodology", methodology_id]);
            let region = ["new", "region", "kota-banjarbaru", "--lang", lang];
            assert_exit(&lumbung(&region, &root), 0, "new region");
            let title = "SIPANDAI: Sistem Pelayanan # Desa";
            let innovation = [
                "new",
                "innovation",
                "kota-banjarbaru",
                "sipandai",
                "--title",
                title,
                "--stage",
                "penerapan",
                "--lang",
                lang,
            ];
            assert_exit(&lumbung(&innovation, &root), 0, "new innovation");
            let project = lumbung::pipeline::load(&root).unwrap_or_else(|_| panic!("loads"));
            assert!(
                !project.diagnostics.has_errors(),
                "{methodology_id}/{lang}: {:#?}",
                project.diagnostics.0
            );
            let m = embedded(methodology_id);
            assert_only_missing(
                &project,
                "content/kota-banjarbaru/_index.md",
                &m,
                Level::Region,
            );
            assert_only_missing(
                &project,
                "content/kota-banjarbaru/sipandai.md",
                &m,
                Level::Innovation,
            );
            let r = project
                .corpus
                .regions
                .iter()
                .find(|r| r.slug == "kota-banjarbaru")
                .expect("region");
            assert_eq!(
                (r.name.as_str(), r.kind.value.as_str()),
                ("Kota Banjarbaru", "kota")
            );
            assert_eq!(r.innovations[0].title, title);
            assert_eq!(r.innovations[0].stage.value, "penerapan");
            assert!(root
                .join("content/kota-banjarbaru/evidence/sipandai")
                .is_dir());
        }
    }
}

#[test]
fn new_files_list_each_indicator_with_its_options_scores_and_evidence_as_comments() {
    let (_tmp, root) = init(&[]);
    assert_exit(
        &lumbung(&["new", "region", "kabupaten-banjar"], &root),
        0,
        "new region",
    );
    let text =
        std::fs::read_to_string(root.join("content/kabupaten-banjar/_index.md")).expect("read");
    assert!(
        text.starts_with("---\n# yaml-language-server: $schema=../../schemas/region.schema.json\n")
    );
    let m = embedded("iid-2023");
    for index in m.indicators_at(Level::Region) {
        let def = m.indicator(index);
        let choose: Vec<String> = def
            .options
            .iter()
            .map(|o| format!("{} ({})", o.id, o.score).replace('.', ","))
            .collect();
        let block = format!(
            "  {}:\n    # pilih: {}\n    option:\n",
            def.id,
            choose.join(" | ")
        );
        assert!(text.contains(&block), "{block}");
    }
    assert!(
        text.contains("    # data dukung (min. 1 bila nilai > 0): Dokumen RPJMD"),
        "the evidence hint is a comment"
    );
    assert!(
        !text.contains("regulasi-inovasi-daerah:"),
        "no innovation-level indicator in a region file"
    );
}

#[test]
fn new_refuses_bad_slugs_missing_regions_and_existing_files() {
    let (_tmp, root) = init(&[]);
    let out = lumbung(&["new", "region", "Kota Banjarbaru"], &root);
    assert_exit(&out, 2, "a bad slug");
    assert!(
        stderr(&out).contains("`kota-banjarbaru`"),
        "suggests the fixed slug: {}",
        stderr(&out)
    );
    let out = lumbung(&["new", "innovation", "kota-banjarbaru", "sipandai"], &root);
    assert_exit(&out, 2, "an innovation in a missing region");
    assert!(
        stderr(&out).contains("kabupaten-contoh")
            && stderr(&out).contains("lumbung new region kota-banjarbaru"),
        "{}",
        stderr(&out)
    );
    let out = lumbung(
        &["new", "innovation", "kabupaten-contoh", "inovasi-contoh"],
        &root,
    );
    assert_exit(&out, 2, "an existing innovation");
    assert!(
        stderr(&out).contains("inovasi-contoh.md"),
        "{}",
        stderr(&out)
    );
    let out = lumbung(
        &[
            "new",
            "region",
            "kabupaten-banjar",
            "--kind",
            "kecamatan",
            "--lang",
            "en",
        ],
        &root,
    );
    assert_exit(&out, 2, "an unknown kind");
    assert!(
        stderr(&out).contains("Allowed values: provinsi, kabupaten, kota"),
        "{}",
        stderr(&out)
    );
    assert!(
        !root.join("content/kabupaten-banjar").exists(),
        "nothing written on a refusal"
    );
}

#[test]
fn new_writes_the_schemas_its_modeline_points_at_when_they_are_missing() {
    let (_tmp, root) = init(&[]);
    std::fs::remove_dir_all(root.join("schemas")).expect("remove schemas");
    assert_exit(
        &lumbung(&["new", "region", "kabupaten-banjar"], &root),
        0,
        "new region",
    );
    let file = root.join("content/kabupaten-banjar/_index.md");
    let text = std::fs::read_to_string(&file).expect("read");
    let target = text
        .lines()
        .nth(1)
        .and_then(|l| l.split("$schema=").nth(1))
        .expect("a modeline");
    let schema = file.parent().expect("folder").join(target);
    assert!(schema.is_file(), "{} exists", schema.display());
}

// ── the guide's worked example ───────────────────────────────────────────────────

/// `indicators:` answering every indicator of `level` with `choose(its options)`, each
/// with as many URL evidence items as the indicator needs.
fn answers(m: &Methodology, level: Level, choose: impl Fn(usize) -> usize) -> String {
    let mut out = String::from("indicators:\n");
    for index in m.indicators_at(level) {
        let def = m.indicator(index);
        let option = &def.options[choose(index)];
        out.push_str(&format!(
            "  {}:\n    option: {}\n    evidence:\n",
            def.id, option.id
        ));
        for _ in 0..def.evidence_min.max(1) {
            out.push_str("      - {title: Dokumen, url: 'https://contoh.go.id/dokumen.pdf'}\n");
        }
    }
    out
}

/// docs/guide/*/index-formula.md: SPD 41; innovations scoring 111, 74, 37 and 0 with
/// two basic services covered give IID 25.89, "Kurang Inovatif".
#[test]
fn the_guides_worked_example_scores_as_documented() {
    let m = embedded("iid-2023");
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("content/kabupaten-contoh");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        tmp.path().join("site.yaml"),
        "title: Contoh\nmethodology: iid-2023\n",
    )
    .expect("site");
    let first = m.indicators_at(Level::Region).next();
    let region = answers(&m, Level::Region, |i| if Some(i) == first { 0 } else { 1 });
    std::fs::write(
        dir.join("_index.md"),
        format!("---\nname: Kabupaten Contoh\nkind: kabupaten\n{region}---\n"),
    )
    .expect("region");
    let highest = answers(&m, Level::Innovation, |i| m.indicators[i].best_option);
    let innovations = [
        ("a", "[kesehatan]", highest),
        ("b", "[pendidikan]", answers(&m, Level::Innovation, |_| 1)),
        ("c", "[pertanian]", answers(&m, Level::Innovation, |_| 0)),
        ("d", "[]", String::new()),
    ];
    for (slug, affairs, indicators) in innovations {
        let text = format!(
            "---\ntitle: Inovasi {slug}\nstage: penerapan\naffairs: {affairs}\n{indicators}---\n"
        );
        std::fs::write(dir.join(format!("inovasi-{slug}.md")), text).expect("innovation");
    }
    let project = lumbung::pipeline::load(tmp.path()).unwrap_or_else(|_| panic!("loads"));
    assert!(
        !project.diagnostics.has_errors(),
        "{:#?}",
        project.diagnostics.0
    );
    let r = &project.scores.regions[0];
    let scores: Vec<f64> = r.innovations.iter().map(|i| i.score).collect();
    assert_eq!(scores, [111.0, 74.0, 37.0, 0.0]);
    assert_eq!(
        (r.spd, r.divisor, r.basic_services_covered),
        (41.0, 10.0, 2)
    );
    assert!(
        (r.count_score - 1.52).abs() < 1e-9 && (r.sid - 23.72).abs() < 1e-9,
        "{} {}",
        r.count_score,
        r.sid
    );
    assert!((r.total - 64.72).abs() < 1e-9 && r.max_total == 250.0);
    assert_eq!(r.iid, 25.89);
    assert_eq!(m.doc.predicates[r.predicate].label, "Kurang Inovatif");
}

// ── schema ───────────────────────────────────────────────────────────────────────

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::new(schema).unwrap_or_else(|e| panic!("a valid draft-07 schema: {e}"))
}

/// The front matter of a `.md` file as JSON, through lumbung's YAML parser.
fn front_matter(text: &str) -> Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---").expect("closing ---");
    let parsed = lumbung::yaml::parse(&rest[..end + 1], 1);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.root.expect("a mapping").to_json()
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every `.md` under `content/` of `root`: (is the region index, text).
fn content_files(root: &Path) -> Vec<(PathBuf, bool, String)> {
    let mut files = Vec::new();
    for region in std::fs::read_dir(root.join("content"))
        .expect("content/")
        .flatten()
    {
        for entry in std::fs::read_dir(region.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).expect("read");
                files.push((path.clone(), path.ends_with("_index.md"), text));
            }
        }
    }
    files
}

fn assert_schemas_accept(root: &Path, m: &Methodology) -> usize {
    let region = validator(&scaffold::schema::region(m, Lang::Id));
    let innovation = validator(&scaffold::schema::innovation(m, Lang::En));
    let files = content_files(root);
    for (path, is_region, text) in &files {
        let v = if *is_region { &region } else { &innovation };
        let found = errors(v, &front_matter(text));
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
    }
    files.len()
}

#[test]
fn the_schemas_accept_every_front_matter_of_the_demo_portfolio() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = lumbung::config::load(root).expect("the demo's site.yaml");
    let m = methodology::load(&config.methodology, root).expect("the demo's methodology");
    let checked = assert_schemas_accept(root, &m);
    assert!(
        checked > 100,
        "the demo has 13 regencies and cities, a province and 100+ innovations: {checked}"
    );
}

#[test]
fn the_schemas_accept_files_written_by_init_and_new() {
    let (_tmp, root) = init(&[]);
    assert_exit(
        &lumbung(&["new", "region", "provinsi-kalsel"], &root),
        0,
        "new region",
    );
    assert_exit(
        &lumbung(&["new", "innovation", "provinsi-kalsel", "sipandai"], &root),
        0,
        "new innovation",
    );
    assert_eq!(assert_schemas_accept(&root, &embedded("iid-2023")), 4);
}

#[test]
fn the_schema_command_writes_both_schemas_from_the_site_methodology() {
    let (tmp, root) = init(&["--methodology", "iid-2025"]);
    let out_dir = tmp.path().join("out");
    let out = lumbung(
        &["schema", "--out", out_dir.to_str().expect("utf-8")],
        &root,
    );
    assert_exit(&out, 0, "lumbung schema");
    let m = embedded("iid-2025");
    for (name, expected) in [
        (
            scaffold::REGION_SCHEMA,
            scaffold::schema::region(&m, Lang::Id),
        ),
        (
            scaffold::INNOVATION_SCHEMA,
            scaffold::schema::innovation(&m, Lang::Id),
        ),
    ] {
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(out_dir.join(name)).expect(name))
                .expect("JSON");
        assert_eq!(written, expected, "{name}");
        assert_eq!(
            written["$schema"],
            "http://json-schema.org/draft-07/schema#"
        );
    }
    let default_dir = lumbung(&["schema"], &root);
    assert_exit(&default_dir, 0, "lumbung schema into schemas/");
    assert!(stderr(&default_dir).contains(&format!("schemas/{}", scaffold::REGION_SCHEMA)));
}

/// A valid innovation front matter to break one way at a time.
const GOOD_INNOVATION: &str = "---
title: SIPANDAI
stage: penerapan
form: pelayanan-publik
digital: true
initiator: opd
affairs: [kesehatan]
agency: Dinas Kesehatan
trial_date: 2021-03-01
launch_date: 2021-09-01
tags: [desa]
indicators:
  regulasi-inovasi-daerah:
    option: perkada
    evidence:
      - {title: Perbup, url: 'https://jdih.example.go.id/perbup.pdf'}
      - {title: Foto, file: evidence/foto.pdf}
---
";

const GOOD_REGION: &str = "---
name: Kabupaten Banjar
kind: kabupaten
clusters: daerah-tertinggal
history: {2021: 48.1, 2022: 52}
indicators:
  visi-misi:
    option: visi
    evidence: []
---
";

/// (what is wrong, the text with the mistake, the diagnostic the loader gives).
fn known_bad() -> Vec<(&'static str, bool, String, Code)> {
    let inn = |from: &str, to: &str| GOOD_INNOVATION.replacen(from, to, 1);
    let reg = |from: &str, to: &str| GOOD_REGION.replacen(from, to, 1);
    vec![
        (
            "unknown key",
            false,
            inn("agency:", "agensi:"),
            Code::UnknownKey,
        ),
        (
            "unknown option",
            false,
            inn("option: perkada", "option: perda"),
            Code::UnknownOption,
        ),
        (
            "unknown indicator",
            false,
            inn("regulasi-inovasi-daerah:", "regulasi-inovasi:"),
            Code::UnknownIndicator,
        ),
        (
            "indicator of the other level",
            false,
            inn("regulasi-inovasi-daerah:", "visi-misi:"),
            Code::IndicatorWrongLevel,
        ),
        (
            "bad stage",
            false,
            inn("stage: penerapan", "stage: diterapkan"),
            Code::UnknownValue,
        ),
        (
            "missing stage",
            false,
            inn("stage: penerapan\n", ""),
            Code::MissingField,
        ),
        (
            "wrong type: digital",
            false,
            inn("digital: true", "digital: ya"),
            Code::WrongType,
        ),
        (
            "wrong type: affairs",
            false,
            inn("affairs: [kesehatan]", "affairs: {kesehatan: 1}"),
            Code::WrongType,
        ),
        (
            "wrong type: option",
            false,
            inn("option: perkada", "option: [perkada]"),
            Code::WrongType,
        ),
        (
            "unknown affair",
            false,
            inn("[kesehatan]", "[kesehatan-masyarakat]"),
            Code::UnknownAffair,
        ),
        (
            "bad date",
            false,
            inn("2021-03-01", "1 Maret 2021"),
            Code::InvalidDate,
        ),
        (
            "evidence with file and url",
            false,
            inn(
                "{title: Foto, file: evidence/foto.pdf}",
                "{title: Foto, file: evidence/foto.pdf, url: 'https://a.id'}",
            ),
            Code::EvidenceFileAndUrl,
        ),
        (
            "evidence without target",
            false,
            inn("{title: Foto, file: evidence/foto.pdf}", "{title: Foto}"),
            Code::EvidenceNoTarget,
        ),
        (
            "evidence url not http",
            false,
            inn(
                "'https://jdih.example.go.id/perbup.pdf'",
                "'ftp://jdih.example.go.id/perbup.pdf'",
            ),
            Code::EvidenceBadUrl,
        ),
        (
            "evidence path escaping",
            false,
            inn("file: evidence/foto.pdf", "file: ../foto.pdf"),
            Code::EvidencePathEscapes,
        ),
        (
            "evidence absolute path",
            false,
            inn("file: evidence/foto.pdf", "file: /etc/foto.pdf"),
            Code::EvidenceAbsolutePath,
        ),
        (
            "bad tag",
            false,
            inn("tags: [desa]", "tags: [Desa Wisata]"),
            Code::BadSlug,
        ),
        (
            "bad kind",
            true,
            reg("kind: kabupaten", "kind: kabupatan"),
            Code::UnknownValue,
        ),
        (
            "bad cluster",
            true,
            reg("clusters: daerah-tertinggal", "clusters: [tertinggal]"),
            Code::UnknownValue,
        ),
        (
            "bad history year",
            true,
            reg("2021: 48.1", "dua: 48.1"),
            Code::InvalidValue,
        ),
        (
            "history above 100",
            true,
            reg("2022: 52", "2022: 152"),
            Code::InvalidValue,
        ),
        (
            "region without name",
            true,
            reg("name: Kabupaten Banjar\n", ""),
            Code::MissingField,
        ),
    ]
}

/// Loads one front matter as a portfolio file; gives the error codes.
fn loader_errors(is_region: bool, text: &str) -> Vec<Code> {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("content/kabupaten-banjar");
    std::fs::create_dir_all(dir.join("evidence")).expect("mkdir");
    std::fs::write(dir.join("evidence/foto.pdf"), "%PDF").expect("evidence");
    std::fs::write(tmp.path().join("site.yaml"), "title: T\n").expect("site");
    if is_region {
        std::fs::write(dir.join("_index.md"), text).expect("write");
    } else {
        std::fs::write(dir.join("_index.md"), GOOD_REGION).expect("write");
        std::fs::write(dir.join("sipandai.md"), text).expect("write");
    }
    let project = lumbung::pipeline::load(tmp.path()).unwrap_or_else(|_| panic!("loads"));
    project
        .diagnostics
        .0
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect()
}

#[test]
fn the_schemas_accept_the_good_examples_the_loader_accepts() {
    let m = embedded("iid-2023");
    assert_eq!(loader_errors(false, GOOD_INNOVATION), Vec::<Code>::new());
    assert_eq!(loader_errors(true, GOOD_REGION), Vec::<Code>::new());
    assert_eq!(
        errors(
            &validator(&scaffold::schema::innovation(&m, Lang::Id)),
            &front_matter(GOOD_INNOVATION)
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        errors(
            &validator(&scaffold::schema::region(&m, Lang::Id)),
            &front_matter(GOOD_REGION)
        ),
        Vec::<String>::new()
    );
}

#[test]
fn the_schemas_reject_known_bad_front_matter_that_the_loader_rejects() {
    let m = embedded("iid-2023");
    let region = validator(&scaffold::schema::region(&m, Lang::Id));
    let innovation = validator(&scaffold::schema::innovation(&m, Lang::Id));
    for (what, is_region, text, code) in known_bad() {
        assert!(
            loader_errors(is_region, &text).contains(&code),
            "{what}: the loader reports {code:?}"
        );
        let v = if is_region { &region } else { &innovation };
        assert!(
            !v.is_valid(&front_matter(&text)),
            "{what}: the schema rejects it"
        );
    }
}

#[test]
fn the_schema_tells_editors_the_options_of_each_indicator() {
    let m = embedded("iid-2023");
    let schema = scaffold::schema::innovation(&m, Lang::Id);
    let option = &schema["properties"]["indicators"]["properties"]["regulasi-inovasi-daerah"]
        ["properties"]["option"];
    let ids: Vec<&str> = option["enum"]
        .as_array()
        .expect("enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        ids,
        ["sk-kepala-perangkat-daerah", "sk-kepala-daerah", "perkada"]
    );
    assert_eq!(
        option["enumDescriptions"].as_array().map(Vec::len),
        Some(4),
        "one description per value, null included"
    );
    let region = scaffold::schema::region(&m, Lang::Id);
    let region_ids = region["properties"]["indicators"]["properties"]
        .as_object()
        .expect("indicators")
        .len();
    assert_eq!(region_ids, m.indicators_at(Level::Region).count());
}
