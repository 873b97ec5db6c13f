//! `lumbung schema`: the JSON Schemas accept every real front matter (the demo, files
//! written by `init` and `new`) and reject the mistakes the loader rejects. Checked with
//! the `jsonschema` crate (draft-07), front matter converted to JSON through lumbung's
//! own YAML parser.

use crate::{assert_exit, embedded, init, lumbung, stderr};
use lumbung::diagnostics::{Code, Lang, Severity};
use lumbung::methodology::{self, Level, Methodology};
use lumbung::scaffold;
use serde_json::Value;
use std::path::{Path, PathBuf};

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
