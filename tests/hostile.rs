//! Hostile and broken input (issue 4): every case gives a located diagnostic from the
//! real binary, a non-zero exit, no panic, and stays within 1 GiB of memory and the
//! time limit. Readable cases are fixture portfolios under tests/fixtures/invalid/
//! whose `expected.txt` lists code, file, line, column and message of every problem;
//! cases that cannot live in git (megabytes, links, pipes, odd file names) are written
//! by the test.

mod support;

use std::path::Path;
use support::{time_limit, Run, Site};

/// Checks a fixture against its expected.txt, under the memory and time bound.
fn fixture(name: &str) -> Run {
    let site = Site::fixture(&format!("invalid/{name}"));
    let bounded = site.check_bounded(time_limit());
    assert_eq!(bounded.exit, 1, "{}", bounded.stderr);
    site.assert_expected()
}

fn innovation(body: &str) -> String {
    format!("---\ntitle: Uji\nstage: penerapan\n{body}---\n")
}

#[test]
fn unterminated_front_matter_is_reported_at_its_opening_line() {
    fixture("unterminated-front-matter");
}

#[test]
fn invalid_yaml_is_explained_in_plain_words_with_the_parsers_own_words_kept() {
    let run = fixture("invalid-yaml");
    let colon = &run.problems()[0];
    assert!(
        colon.hint.contains("put the whole value in quotes"),
        "{}",
        colon.hint
    );
    assert!(
        colon
            .hint
            .contains("The YAML parser said: “mapping values are not allowed in this context”"),
        "{}",
        colon.hint
    );
    let id =
        Site::fixture("invalid/invalid-yaml").run(&["check", "--format", "json", "--lang", "id"]);
    assert!(
        id.stdout
            .contains("ada titik dua (`:`) di tempat yang tidak terduga"),
        "{}",
        id.stdout
    );
}

#[test]
fn tabs_are_pointed_at_where_they_are() {
    fixture("tabs");
}

#[test]
fn wrong_types_name_the_expected_and_the_found_type_with_an_example() {
    let run = fixture("wrong-types");
    let digital = run
        .problems()
        .into_iter()
        .find(|f| f.message.starts_with("`digital`"))
        .expect("digital");
    assert_eq!(digital.hint, "Example: `digital: true`");
}

#[test]
fn duplicate_keys_point_at_the_repeat_and_name_the_first_line() {
    fixture("duplicate-keys");
}

#[test]
fn unknown_keys_get_did_you_mean_and_the_allowed_keys() {
    let run = fixture("unknown-keys");
    let hints: Vec<String> = run.problems().into_iter().map(|f| f.hint).collect();
    assert!(hints[0].contains("Did you mean `name`?"), "{}", hints[0]);
    assert!(hints[1].contains("Did you mean `title`?"), "{}", hints[1]);
    assert!(
        hints[2].contains("Did you mean `stage`?"),
        "Indonesian `tahap`: {}",
        hints[2]
    );
    assert!(
        hints[3].contains("Allowed values: option, evidence."),
        "{}",
        hints[3]
    );
}

#[test]
fn impossible_dates_are_refused() {
    fixture("invalid-dates");
}

#[test]
fn empty_files_and_empty_front_matter_are_reported() {
    fixture("empty-files");
}

#[test]
fn binary_garbage_and_invalid_utf8_are_reported_not_parsed() {
    fixture("binary-garbage");
}

#[test]
fn yaml_alias_bombs_are_refused_at_the_first_anchor() {
    fixture("alias-bomb");
}

#[test]
fn slugs_with_capitals_spaces_or_accents_are_reported_with_a_fixed_name() {
    let run = fixture("bad-slugs");
    let accented = run
        .problems()
        .into_iter()
        .find(|f| f.file.ends_with("inovasi-é.md"))
        .expect("accented");
    assert!(accented.hint.contains("`inovasi-e`"), "{}", accented.hint);
}

#[test]
fn innovation_files_outside_a_region_folder_are_reported() {
    fixture("outside-region");
}

#[test]
fn region_folders_without_an_index_are_reported() {
    fixture("region-without-index");
}

#[test]
fn evidence_with_both_or_neither_file_and_url_is_refused() {
    fixture("evidence-file-and-url");
}

#[test]
fn evidence_paths_that_are_absolute_or_climb_out_are_refused() {
    fixture("evidence-paths");
}

#[test]
fn evidence_urls_that_are_not_http_are_refused() {
    fixture("evidence-urls");
}

#[test]
fn every_invalid_fixture_has_a_test_above() {
    let source = include_str!("hostile.rs");
    for entry in std::fs::read_dir(support::fixtures().join("invalid")).expect("fixtures") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let used = source.contains(&format!("fixture(\"{name}\")")) || name == "many-errors";
        assert!(
            used,
            "tests/fixtures/invalid/{name} is not checked by any test"
        );
    }
}

#[test]
fn multi_megabyte_front_matter_is_refused_before_parsing() {
    let keys: String = (0..400_000).map(|i| format!("k{i}: v\n")).collect();
    let site = Site::minimal().write("content/banjar/besar.md", format!("---\n{keys}---\n"));
    let run = site.check_bounded(time_limit());
    assert_eq!(run.exit, 1, "{}", run.stderr);
    let found = run.one("L0113");
    assert_eq!(
        (found.file.as_str(), found.line),
        ("content/banjar/besar.md", 1)
    );
    assert!(
        found.message.contains("the limit is 262144 bytes"),
        "{}",
        found.message
    );
}

#[test]
fn a_file_with_thousands_of_problems_lists_the_first_200_and_counts_the_rest() {
    let keys: String = (0..20_000).map(|i| format!("k{i}: v\n")).collect();
    let site = Site::minimal().write("content/banjar/banyak.md", innovation(&keys));
    let run = site.check_bounded(time_limit());
    assert_eq!(run.exit, 1, "{}", run.stderr);
    let in_file = run
        .found()
        .iter()
        .filter(|f| f.file == "content/banjar/banyak.md")
        .count();
    assert_eq!(in_file, 201, "200 problems and one note");
    // 20,000 unknown keys and the indicator-missing warning, less the 200 shown.
    assert_eq!(
        run.one("L0115").message,
        "19801 more problem(s) in this file are not shown."
    );
    let human = site.run(&["check", "--lang", "en"]);
    assert!(
        human.stderr.contains("19801 more problem(s)"),
        "the human report says so too"
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused_without_recursion() {
    let flow_seq = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let flow_map = format!("{}{}", "{a: ".repeat(10_000), "}".repeat(10_000));
    let dashes = format!("{}x", "- ".repeat(10_000));
    let block: String = (0..500)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let site = Site::minimal()
        .write(
            "content/banjar/a.md",
            format!("---\ntitle: {flow_seq}\n---\n"),
        )
        .write(
            "content/banjar/b.md",
            format!("---\ntitle: {flow_map}\n---\n"),
        )
        .write("content/banjar/c.md", format!("---\n{dashes}\n---\n"))
        .write("content/banjar/d.md", format!("---\n{block}---\n"));
    let run = site.check_bounded(time_limit());
    assert_eq!(run.exit, 1, "{}", run.stderr);
    // `[[[…` stops at the parser's own limit of 255 open brackets (it reads ahead for
    // keys before lumbung sees a level); the others stop at lumbung's 64 levels.
    run.assert_found(&[
        "L0109 content/banjar/a.md:2:263",
        "L0109 content/banjar/b.md:2:260",
        "L0109 content/banjar/c.md:2:129",
        "L0109 content/banjar/d.md:66:65",
    ]);
}

#[test]
fn names_that_differ_only_in_case_collide() {
    let site = Site::minimal()
        .write("content/banjar/sipandai.md", innovation(""))
        .write("content/banjar/SIPANDAI.md", innovation(""))
        .write(
            "content/Banjar/_index.md",
            "---\nname: Banjar lagi\nkind: kabupaten\n---\n",
        );
    let run = site.check(&[]);
    assert_eq!(run.exit, 1, "{}", run.stderr);
    let collisions: Vec<String> = run.with_code("L0402").into_iter().map(|f| f.file).collect();
    assert_eq!(collisions, ["content/banjar", "content/banjar/sipandai.md"]);
}

#[test]
fn evidence_named_like_a_page_is_refused_so_it_cannot_overwrite_one() {
    // Copied to `banjar/index.html` and `banjar/sipandai/index.html`, these would
    // replace the region's page and the innovation's page with unsanitized HTML.
    let answer = "indicators:\n  regulasi-inovasi-daerah:\n    option: perkada\n    evidence:\n      - {title: A, file: index.html}\n      - {title: B, file: sipandai/Index.html}\n";
    let site = Site::minimal()
        .write("content/banjar/sipandai.md", innovation(answer))
        .write("content/banjar/index.html", "<script>alert(1)</script>")
        .write(
            "content/banjar/sipandai/Index.html",
            "<script>alert(2)</script>",
        );
    let run = site.check(&[]);
    assert_eq!(run.exit, 1, "{}", run.stderr);
    let found: Vec<(String, u64)> = run
        .with_code("L0509")
        .into_iter()
        .map(|f| (f.file, f.line))
        .collect();
    assert_eq!(
        found,
        [
            ("content/banjar/sipandai.md".to_string(), 8),
            ("content/banjar/sipandai.md".to_string(), 9)
        ]
    );
}

#[cfg(unix)]
#[test]
fn evidence_symlinked_out_of_the_region_is_refused_and_never_published() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("rahasia.pdf"), "RAHASIA-NEGARA").expect("write");
    let answer = "indicators:\n  regulasi-inovasi-daerah:\n    option: perkada\n    evidence:\n      - {title: SK, file: evidence/sk.pdf}\n      - {title: Asli, file: evidence/asli.pdf}\n";
    let site = Site::minimal()
        .write("content/banjar/sipandai.md", innovation(answer))
        .write("content/banjar/evidence/asli.pdf", "%PDF asli")
        .symlink(
            &outside.path().join("rahasia.pdf"),
            "content/banjar/evidence/sk.pdf",
        );
    let run = site.check(&[]);
    assert_eq!(run.exit, 1);
    let found = run.one("L0508");
    assert_eq!(
        (found.file.as_str(), found.line, found.column),
        ("content/banjar/sipandai.md", 8, 27)
    );

    let project = match lumbung::pipeline::load(site.root()) {
        Ok(project) => project,
        Err(_) => panic!("the portfolio loads"),
    };
    let copied: Vec<String> = lumbung::render::evidence_files(&project.input())
        .into_keys()
        .collect();
    assert_eq!(
        copied,
        ["banjar/evidence/asli.pdf"],
        "only the real file would be copied"
    );

    let out = site.root().join("public");
    let build = site.run(&["build", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(build.exit, 1, "{}", build.stderr);
    assert!(!out.exists(), "a failed build writes nothing");
}

#[cfg(unix)]
#[test]
fn content_files_linked_from_outside_are_never_read() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        outside.path().join("bocor.md"),
        innovation("").replace("Uji", "RAHASIA-NEGARA"),
    )
    .expect("write");
    let site = Site::minimal()
        .symlink(&outside.path().join("bocor.md"), "content/banjar/bocor.md")
        .symlink(
            &outside.path().join("tidak-ada.md"),
            "content/banjar/putus.md",
        )
        .symlink(outside.path(), "content/luar");
    let run = site.check(&[]);
    assert_eq!(run.exit, 1, "{}", run.stderr);
    run.assert_found(&[
        "L0407 content/banjar/bocor.md:0:0",
        "L0407 content/banjar/putus.md:0:0",
        "L0407 content/luar:0:0",
    ]);
    assert!(!run.stdout.contains("RAHASIA") && !run.stderr.contains("RAHASIA"));
}

#[cfg(unix)]
#[test]
fn named_pipes_are_reported_without_being_opened() {
    let site = Site::minimal();
    let made = std::process::Command::new("mkfifo")
        .arg(site.root().join("content/banjar/pipa.md"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let run = site.check_bounded(time_limit());
    assert_eq!(run.exit, 1, "{}", run.stderr);
    run.assert_found(&["L0408 content/banjar/pipa.md:0:0"]);
    let human = site.run(&["check"]);
    assert_eq!(
        human.exit, 1,
        "printing the report does not open the pipe either"
    );
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_reported() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::minimal();
    let name = std::ffi::OsStr::from_bytes(b"inovasi-\xff.md");
    std::fs::write(
        site.root().join("content/banjar").join(name),
        innovation(""),
    )
    .expect("write");
    let run = site.check(&[]);
    assert_eq!(run.exit, 1, "{}", run.stderr);
    run.assert_found(&["L0401 content/banjar/inovasi-\u{fffd}.md:0:0"]);
}

#[test]
fn a_site_yaml_that_is_a_folder_or_binary_is_an_error_not_a_hang() {
    let site = Site::minimal();
    std::fs::remove_file(site.root().join("site.yaml")).expect("remove");
    std::fs::create_dir(site.root().join("site.yaml")).expect("mkdir");
    let run = site.check(&[]);
    assert_eq!((run.exit, run.one("L0408").file.as_str()), (1, "site.yaml"));
    let site = Site::minimal().write("site.yaml", b"\x00\x01\x02title: x");
    assert_eq!(site.check(&[]).one("L0114").line, 1);
}

#[cfg(unix)]
#[test]
fn a_methodology_file_is_read_like_content_never_a_pipe_nor_a_file_outside() {
    let with_methodology =
        |site: Site| site.write("site.yaml", "title: Uji\nmethodology: m.yaml\n");
    let site = with_methodology(Site::minimal());
    let made = std::process::Command::new("mkfifo")
        .arg(site.root().join("m.yaml"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let run = site.check_bounded(time_limit());
    let found = run.one("L0701");
    assert_eq!(
        (run.exit, found.file.as_str(), found.line, found.column),
        (1, "site.yaml", 2, 14),
        "reported at `methodology:` without opening the pipe"
    );
    assert!(
        found.message.contains("not a regular file"),
        "{}",
        found.message
    );

    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("m.yaml"), "RAHASIA: NEGARA\n").expect("write");
    let site = with_methodology(Site::minimal()).symlink(&outside.path().join("m.yaml"), "m.yaml");
    let run = site.check(&[]);
    assert!(run
        .one("L0701")
        .message
        .contains("outside the portfolio folder"));
    assert!(!run.stdout.contains("RAHASIA") && !run.stderr.contains("RAHASIA"));
}

#[test]
fn methodology_mistakes_are_told_in_the_editors_language_with_a_suggestion() {
    let text = lumbung::methodology::EMBEDDED[0]
        .1
        .replacen("score: 3", "scor: 3", 1);
    let line = text
        .lines()
        .position(|l| l.contains("scor: 3"))
        .expect("line")
        + 1;
    let site = Site::minimal()
        .write("site.yaml", "title: Uji\nmethodology: m.yaml\n")
        .write("m.yaml", text);
    let run = site.run(&["check", "--format", "json", "--lang", "id"]);
    let found = run.one("L0701");
    assert_eq!((found.file.as_str(), found.line as usize), ("m.yaml", line));
    assert!(
        found.message.contains("kunci `scor` tidak dikenal"),
        "{}",
        found.message
    );
    assert!(found.hint.contains("`score`"), "{}", found.hint);
}

#[test]
fn a_required_key_without_a_value_is_reported_as_empty_at_its_line() {
    let site = Site::minimal().write(
        "content/banjar/sipandai.md",
        "---\ntitle:\nstage: \"\"\n---\n",
    );
    let run = site.check(&[]);
    let found: Vec<(String, u64, String)> = run
        .with_code("L0303")
        .into_iter()
        .map(|f| (f.file, f.line, f.message))
        .collect();
    let file = "content/banjar/sipandai.md".to_string();
    assert_eq!(
        found,
        [
            (
                file.clone(),
                2,
                "The required key `title` has no value.".into()
            ),
            (file, 3, "The required key `stage` has no value.".into()),
        ]
    );
}

#[test]
fn a_site_yaml_mistake_does_not_hide_the_contents_problems() {
    let site = Site::minimal()
        .write("site.yaml", "title: Uji\nyear: dua ribu\n")
        .write(
            "content/banjar/sipandai.md",
            innovation("").replace("penerapan", "penerapn"),
        );
    let run = site.check(&[]);
    assert_eq!(run.exit, 1);
    run.assert_found(&[
        "L0205 content/banjar/sipandai.md:3:8",
        "L0302 site.yaml:2:7",
    ]);
}

#[cfg(unix)]
#[test]
fn evidence_that_is_a_folder_or_a_dangling_link_is_named_for_what_it_is() {
    let answer = "indicators:\n  regulasi-inovasi-daerah:\n    option: perkada\n    evidence:\n      - {title: Folder, file: evidence/sipandai}\n      - {title: Putus, file: evidence/putus.pdf}\n";
    let site = Site::minimal()
        .write("content/banjar/sipandai.md", innovation(answer))
        .write("content/banjar/evidence/sipandai/sk.pdf", "%PDF")
        .symlink(
            Path::new("tidak-ada.pdf"),
            "content/banjar/evidence/putus.pdf",
        );
    let run = site.check(&[]);
    let found: Vec<String> = run
        .with_code("L0505")
        .into_iter()
        .map(|f| f.message)
        .collect();
    assert_eq!(
        found,
        [
            "The evidence file `evidence/sipandai` is not a regular file (a folder, pipe or device).",
            "The evidence file `evidence/putus.pdf` does not exist.",
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_folder_linked_back_up_is_not_walked_again() {
    let site = Site::minimal()
        .write("content/banjar/sipandai.md", innovation(""))
        .symlink(Path::new(".."), "content/banjar/putaran");
    let run = site.check(&[]);
    assert_eq!(run.exit, 0, "{}", run.stderr);
    assert!(run.problems().is_empty(), "{}", run.stderr);
}

#[test]
fn an_answer_key_indented_too_little_is_explained_once_with_how_to_indent_it() {
    let answer = "indicators:\n  regulasi-inovasi-daerah:\n  option: perkada\n  evidence: []\n";
    let site = Site::minimal().write("content/banjar/sipandai.md", innovation(answer));
    let run = site.check(&[]);
    let found: Vec<(String, u64, bool)> = run
        .problems()
        .into_iter()
        .filter(|f| f.severity == "error")
        .map(|f| (f.code, f.line, f.hint.contains("indented too little")))
        .collect();
    assert_eq!(
        found,
        [("L0202".into(), 6, true), ("L0202".into(), 7, true)],
        "{}",
        run.stderr
    );
}

#[test]
fn numeric_tags_read_as_their_digits() {
    let site = Site::minimal().write(
        "content/banjar/sipandai.md",
        innovation("tags: [2023, desa]\n"),
    );
    let run = site.check(&[]);
    assert_eq!(run.exit, 0, "{}", run.stderr);
}

#[test]
fn a_decimal_comma_in_history_is_named() {
    let site = Site::minimal().write(
        "content/banjar/_index.md",
        "---\nname: Kabupaten Banjar\nkind: kabupaten\nhistory: {2021: 48,10}\n---\n",
    );
    let found = site.check(&[]).one("L0305");
    assert!(
        found.message.contains("with a dot (48.10)"),
        "{}",
        found.message
    );
}

#[test]
fn history_of_the_assessed_year_or_later_is_a_warning_at_that_year() {
    let site = Site::minimal()
        .write("site.yaml", "title: Uji\nyear: 2023\n")
        .write(
            "content/banjar/_index.md",
            "---\nname: Kabupaten Banjar\nkind: kabupaten\nhistory:\n  2022: 40.5\n  2023: 50\n  2024: 55\n---\n",
        );
    let run = site.check(&[]);
    assert_eq!(run.exit, 0, "a warning: {}", run.stderr);
    let found: Vec<(String, u64)> = run
        .with_code("L0306")
        .into_iter()
        .map(|f| (f.severity, f.line))
        .collect();
    assert_eq!(found, [("warning".into(), 6), ("warning".into(), 7)]);
    assert_eq!(
        site.check(&["--strict"]).exit,
        1,
        "--strict makes it an error"
    );
}
