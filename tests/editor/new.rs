//! `lumbung new`: every file it writes validates, lists every indicator of its level,
//! and it refuses bad slugs, missing regions and existing files.

use crate::{assert_exit, embedded, init, lumbung, stderr};
use lumbung::diagnostics::{Code, Lang, Severity};
use lumbung::methodology::{Level, Methodology};

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
    let out = lumbung(&["new", "region", "peringkat"], &root);
    assert_exit(&out, 2, "a name the site's own pages use");
    assert!(
        stderr(&out).contains("kabupaten-banjar"),
        "{}",
        stderr(&out)
    );
    assert!(!root.join("content/peringkat").exists());
}

#[test]
fn new_region_says_which_kind_it_guessed_when_the_name_does_not_tell() {
    let (_tmp, root) = init(&[]);
    let out = lumbung(&["new", "region", "kalimantan-selatan"], &root);
    assert_exit(&out, 0, "a region whose kind is not in its name");
    assert!(stderr(&out).contains("--kind"), "{}", stderr(&out));
    let out = lumbung(&["new", "region", "kota-banjarbaru"], &root);
    assert!(!stderr(&out).contains("--kind"), "{}", stderr(&out));
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
