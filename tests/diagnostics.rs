//! `lumbung check` as editors and CI see it, through the built binary: every problem
//! in one run and in order, exit codes, `--strict`, the three formats, the language,
//! and the exact human output of representative cases (insta snapshots).

mod support;

use std::collections::BTreeSet;
use support::{Found, Site};

fn errors(found: &[Found]) -> Vec<&Found> {
    found.iter().filter(|f| f.severity == "error").collect()
}

#[test]
fn a_portfolio_with_forty_errors_gets_every_one_reported_in_one_run_sorted_by_file_and_line() {
    let site = Site::fixture("invalid/many-errors");
    let run = site.assert_expected();
    let found = run.found();
    let errors = errors(&found);
    let codes: BTreeSet<&str> = errors.iter().map(|f| f.code.as_str()).collect();
    assert!(
        errors.len() >= 40 && codes.len() >= 30,
        "{} errors, {} codes",
        errors.len(),
        codes.len()
    );
    let order: Vec<(&str, u64, u64)> = found
        .iter()
        .map(|f| (f.file.as_str(), f.line, f.column))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "sorted by file, line and column");

    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(report["errors"].as_u64(), Some(errors.len() as u64));

    let human = site.run(&["check", "--lang", "en"]);
    assert_eq!(human.exit, 1);
    assert_eq!(
        human.stderr.matches("\nerror[L").count() + usize::from(human.stderr.starts_with("error[")),
        errors.len()
    );
    let files: BTreeSet<&str> = found.iter().map(|f| f.file.as_str()).collect();
    let summary = format!(
        "{} errors, {} warnings in {} files",
        errors.len(),
        found.len() - errors.len(),
        files.len()
    );
    assert!(
        human.stderr.contains(&summary),
        "{summary}\n{}",
        human.stderr
    );
    assert!(
        human.stderr.contains("data completeness: "),
        "the completeness figure ends the report"
    );

    let github = site.run(&["check", "--format", "github", "--lang", "en"]);
    assert_eq!(github.exit, 1);
    assert_eq!(
        github
            .stdout
            .lines()
            .filter(|l| l.starts_with("::error file="))
            .count(),
        errors.len()
    );
}

#[test]
fn a_folder_without_site_yaml_is_a_usage_error_in_every_format() {
    let site = Site::minimal();
    std::fs::remove_file(site.root().join("site.yaml")).expect("remove");
    let human = site.run(&["check"]);
    assert_eq!(human.exit, 2);
    assert!(
        human.stderr.contains("site.yaml tidak ditemukan"),
        "{}",
        human.stderr
    );
    let json = site.check(&[]);
    assert_eq!(json.exit, 2);
    assert_eq!(json.one("L0703").file, "site.yaml");
}

#[test]
fn bad_flags_and_values_are_usage_errors() {
    let site = Site::minimal();
    assert_eq!(site.run(&["check", "--formt", "json"]).exit, 2);
    assert_eq!(site.run(&["check", "--format", "xml"]).exit, 2);
    assert_eq!(site.run(&["check", "--lang", "fr"]).exit, 2);
}

#[test]
fn warnings_alone_pass_and_strict_makes_them_fail() {
    let site = Site::minimal()
        .write("content/banjar/evidence/kosong.pdf", "")
        .write(
            "content/banjar/sipandai.md",
            "---\ntitle: SIPANDAI\nstage: penerapan\nindicators:\n  replikasi:\n    option: 1-kali\n    evidence:\n      - {title: Kosong, file: evidence/kosong.pdf}\n---\n",
        );
    let run = site.check(&[]);
    assert_eq!(run.exit, 0, "{}", run.stdout);
    let codes: Vec<String> = run
        .found()
        .into_iter()
        .map(|f| format!("{} {}", f.code, f.severity))
        .collect();
    assert_eq!(
        codes,
        [
            "L0601 warning",
            "L0601 warning",
            "L0602 warning",
            "L0507 warning"
        ],
        "missing (region), missing, unverified and empty evidence (innovation)"
    );
    let strict = site.check(&["--strict"]);
    assert_eq!(strict.exit, 1);
    assert!(strict.found().iter().all(|f| f.severity == "error"));
    let human = site.run(&["check", "--strict", "--lang", "en"]);
    assert!(
        human.stderr.contains("4 errors, 0 warnings in 2 files"),
        "{}",
        human.stderr
    );
}

#[test]
fn a_clean_portfolio_exits_zero() {
    let run = Site::fixture("valid/basic").check(&[]);
    assert_eq!(run.exit, 0, "{}", run.stdout);
    assert!(errors(&run.found()).is_empty());
}

#[test]
fn messages_follow_lang_else_the_site_language() {
    let typo = "---\ntitle: A\nstage: penerapn\n---\n";
    let id_site = Site::minimal().write("content/banjar/a.md", typo);
    let en_site = Site::minimal()
        .write("site.yaml", "title: T\nlanguage: en\n")
        .write("content/banjar/a.md", typo);
    let message = |site: &Site, args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        site.run(&all).one("L0205").message
    };
    assert_eq!(
        message(&id_site, &[]),
        "Nilai `penerapn` tidak dikenal untuk `stage`."
    );
    assert_eq!(
        message(&en_site, &[]),
        "Unknown value `penerapn` for `stage`."
    );
    assert_eq!(
        message(&id_site, &["--lang", "en"]),
        "Unknown value `penerapn` for `stage`."
    );
    assert_eq!(
        message(&en_site, &["--lang", "id"]),
        "Nilai `penerapn` tidak dikenal untuk `stage`."
    );
}

#[test]
fn every_unknown_id_gets_did_you_mean_and_short_lists_of_allowed_values() {
    let site = Site::fixture("invalid/many-errors");
    let hints: Vec<(String, String)> = site
        .check(&[])
        .found()
        .into_iter()
        .map(|f| (f.code, f.hint))
        .collect();
    let hint_of = |code: &str, needle: &str| {
        hints
            .iter()
            .find(|(c, h)| c == code && h.contains(needle))
            .unwrap_or_else(|| panic!("no {code} hint with {needle:?}: {hints:#?}"))
            .1
            .clone()
    };
    assert!(hint_of("L0205", "`kabupaten`").contains("Allowed values: provinsi, kabupaten, kota."));
    assert!(
        hint_of("L0205", "`penerapan`").contains("Allowed values: inisiatif, uji-coba, penerapan.")
    );
    hint_of("L0205", "`pelayanan-publik`");
    hint_of(
        "L0205",
        "Allowed values: daerah-tertinggal, perbatasan, papua.",
    );
    hint_of("L0201", "`perkada`");
    hint_of("L0201", "`visi-dan-misi`");
    hint_of("L0204", "`pendidikan`");
    hint_of("L0301", "`title`");
    let language = Site::minimal()
        .write("site.yaml", "title: T\nlanguage: ID\n")
        .check(&[]);
    assert!(language
        .one("L0205")
        .hint
        .contains("Did you mean `id`? Allowed values: id, en."));
    let indicator = Site::minimal()
        .write(
            "content/banjar/a.md",
            "---\ntitle: A\nstage: penerapan\nindicators:\n  replikasii: {option: 1-kali}\n---\n",
        )
        .check(&[]);
    assert!(indicator
        .one("L0202")
        .hint
        .contains("Did you mean `replikasi`?"));
    let file = Site::fixture("invalid/evidence-paths").check(&[]);
    assert!(file
        .one("L0505")
        .hint
        .contains("Did you mean `evidence/sk-bupati-2021.pdf`?"));
}

#[test]
fn the_reference_table_lists_every_code_with_its_name_and_severity() {
    use lumbung::diagnostics::{Code, Severity};
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"),
    )
    .expect("docs/diagnostics.md");
    let rows: Vec<&str> = doc.lines().filter(|l| l.starts_with("| L0")).collect();
    assert_eq!(rows.len(), Code::ALL.len(), "one row per code");
    for code in Code::ALL {
        let severity = match code.default_severity() {
            Severity::Error => "galat / error",
            Severity::Warning => "peringatan / warning",
        };
        let start = format!("| {} | `{}` | {severity} |", code.code(), code.name());
        assert!(
            rows.iter().any(|r| r.starts_with(&start)),
            "docs/diagnostics.md lacks `{start}`"
        );
    }
}

/// The exact human report of a fixture, as an editor sees it on the terminal.
fn human(fixture: &str, lang: &str) -> String {
    let run = Site::fixture(&format!("invalid/{fixture}")).run(&["check", "--lang", lang]);
    assert_eq!(run.exit, 1);
    run.stderr
}

#[test]
fn yaml_syntax_errors_read_like_this_in_indonesian() {
    insta::assert_snapshot!(human("invalid-yaml", "id"));
}

#[test]
fn unknown_keys_read_like_this_in_english() {
    insta::assert_snapshot!(human("unknown-keys", "en"));
}

#[test]
fn evidence_path_errors_read_like_this_in_indonesian() {
    insta::assert_snapshot!(human("evidence-paths", "id"));
}

#[test]
fn github_annotations_look_like_this() {
    let run =
        Site::fixture("invalid/wrong-types").run(&["check", "--format", "github", "--lang", "en"]);
    insta::assert_snapshot!(run.stdout);
}
