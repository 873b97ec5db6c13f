//! `lumbung init`: a portfolio that builds as it is, CI files, no overwriting.

use crate::{assert_exit, init, lumbung, stderr};

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
