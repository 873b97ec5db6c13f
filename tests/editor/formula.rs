//! The worked example of docs/guide/*/index-formula.md (and rumus-indeks.md), computed
//! by lumbung: the guide's numbers stay true.

use crate::embedded;
use lumbung::methodology::{Level, Methodology};

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
