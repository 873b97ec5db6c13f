//! `serve`'s incremental rebuilds are never stale: after every random edit, creation,
//! rename or deletion of innovation, region and evidence files, the site the preview
//! would publish equals a fresh full build byte for byte (every path, every byte), and
//! its diagnostics equal the fresh build's — while most work is in fact skipped.

mod serve_support;

use lumbung::serve::rebuild::{Builder, Changes};
use lumbung::serve::store::{Entry, Files};
use lumbung::serve::watch::{Classifier, Meaning};
use serve_support::{fresh_build, repair, Portfolio, Touched};
use std::path::Path;

/// The change set the watcher would hand over for these touched paths.
fn changes(classifier: &Classifier, root: &Path, touched: &Touched) -> Changes {
    let mut changes = Changes::default();
    for rel in touched {
        match classifier.meaning(&root.join(rel)) {
            Meaning::Region(slug) => {
                changes.regions.insert(slug);
            }
            Meaning::Theme => changes.theme = true,
            Meaning::All => changes.all = true,
            Meaning::Ignore => {}
        }
    }
    changes
}

#[derive(Default)]
struct Tally {
    compared: usize,
    failed_both: usize,
    pages_reused: usize,
    /// Of those, pages found unchanged by their inputs alone (no fingerprint made).
    pages_same: usize,
    pages_rendered: usize,
    files_reused: usize,
}

/// Builds incrementally and freshly, and insists they agree.
fn step(
    builder: &mut Builder,
    changes: &Changes,
    published: &mut Files,
    root: &Path,
    tally: &mut Tally,
    what: &str,
) -> Option<lumbung::diagnostics::Diagnostics> {
    let incremental = builder.build(changes, published);
    match (incremental, fresh_build(root)) {
        (Ok(built), Ok((fresh, warnings))) => {
            let mut ours: Vec<&str> = built.files.keys().map(|k| &**k).collect();
            ours.sort();
            let theirs: Vec<&str> = fresh.keys().map(String::as_str).collect();
            assert_eq!(
                ours, theirs,
                "{what}: the preview has different files than a fresh build"
            );
            for (path, bytes) in &fresh {
                let ours = match &built.files[path.as_str()] {
                    Entry::Bytes(b) => b.to_vec(),
                    Entry::Pieces(p) => p.to_vec(),
                    Entry::File(source) => std::fs::read(source).expect("copied file"),
                };
                assert!(
                    ours == *bytes,
                    "{what}: {path} is stale:\n--- preview ---\n{}\n--- fresh ---\n{}",
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(bytes)
                );
            }
            assert_eq!(
                built.diagnostics.sorted(),
                warnings,
                "{what}: different warnings"
            );
            tally.compared += 1;
            tally.pages_reused += built.stats.pages_reused;
            tally.pages_same += built.stats.pages_same;
            tally.pages_rendered += built.stats.pages_rendered;
            tally.files_reused += built.stats.loader.files_reused;
            *published = built.files;
            None
        }
        (Err(ours), Err(theirs)) => {
            assert_eq!(
                ours, theirs,
                "{what}: different diagnostics than a fresh build"
            );
            tally.failed_both += 1;
            Some(theirs)
        }
        (Ok(_), Err(d)) => panic!("{what}: the preview built but a fresh build fails: {d:?}"),
        (Err(d), Ok(_)) => panic!("{what}: the preview failed but a fresh build succeeds: {d:?}"),
    }
}

fn run(seed: u64, steps: usize) -> Tally {
    let mut p = Portfolio::new(seed, 4);
    let root = std::fs::canonicalize(p.root()).expect("root");
    let classifier = Classifier::new(&root, None);
    let mut builder = Builder::new(&root);
    builder.verify_same();
    let mut published = Files::default();
    let mut tally = Tally::default();
    let everything = Changes::everything();
    let mut errors = step(
        &mut builder,
        &everything,
        &mut published,
        &root,
        &mut tally,
        "first build",
    );
    for i in 0..steps {
        let touched = match errors.take() {
            Some(diags) if p.rng.chance(50) => repair(&mut p, &diags),
            _ => p.random_edit(),
        };
        let what = format!("seed {seed}, step {i}, touched {touched:?}");
        errors = step(
            &mut builder,
            &changes(&classifier, &root, &touched),
            &mut published,
            &root,
            &mut tally,
            &what,
        );
    }
    tally
}

#[test]
fn random_edits_keep_the_preview_equal_to_a_fresh_build() {
    let mut total = Tally::default();
    // LUMBUNG_TEST_SEEDS=N tries more seeds (a longer hunt for stale pages).
    let seeds = std::env::var("LUMBUNG_TEST_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4);
    for seed in 1..=seeds {
        let tally = run(seed, 30);
        total.compared += tally.compared;
        total.failed_both += tally.failed_both;
        total.pages_reused += tally.pages_reused;
        total.pages_same += tally.pages_same;
        total.pages_rendered += tally.pages_rendered;
        total.files_reused += tally.files_reused;
    }
    assert!(
        total.compared >= 45,
        "too few successful builds were compared: {}",
        total.compared
    );
    assert!(total.failed_both > 0, "no failing build was exercised");
    // Small sites are mostly listing pages, which every edit changes; still, a good
    // share of pages must have been reused, or the test proves nothing about reuse.
    let all = total.pages_reused + total.pages_rendered;
    assert!(
        total.pages_reused * 4 > all,
        "little was reused: {} reused, {} rendered",
        total.pages_reused,
        total.pages_rendered
    );
    assert!(
        total.pages_same > 0,
        "no page was found unchanged by its inputs alone"
    );
    assert!(total.files_reused > 0, "no parse was reused");
}

#[test]
fn a_body_edit_re_renders_only_the_pages_that_show_it() {
    let p = Portfolio::new(7, 4);
    let root = std::fs::canonicalize(p.root()).expect("root");
    let mut builder = Builder::new(&root);
    let first = builder
        .build(&Changes::everything(), &Files::default())
        .expect("first build");
    let region = p.regions()[1].clone();
    let inn = p.innovations(&region)[0].clone();
    let rel = format!("content/{region}/{inn}.md");
    let text = std::fs::read_to_string(root.join(&rel)).expect("read");
    std::fs::write(
        root.join(&rel),
        format!("{text}\nKalimat baru yang unik.\n"),
    )
    .expect("write");
    let changes = Changes {
        regions: [region.clone()].into_iter().collect(),
        ..Changes::default()
    };
    let built = builder.build(&changes, &first.files).expect("rebuild");
    let page = format!("{region}/{inn}/index.html");
    assert!(
        built.changed.contains(&page) && built.changed.contains(&format!("en/{page}")),
        "{:?}",
        built.changed
    );
    let Entry::Bytes(html) = &built.files[page.as_str()] else {
        panic!("a page is bytes")
    };
    assert!(String::from_utf8_lossy(html).contains("Kalimat baru yang unik."));
    assert_eq!(
        built.stats.loader.files_parsed, 1,
        "only the edited file is parsed again"
    );
    assert!(
        built.stats.pages_rendered < built.stats.pages_reused,
        "{} rendered, {} reused",
        built.stats.pages_rendered,
        built.stats.pages_reused
    );
}
