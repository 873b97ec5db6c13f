//! Converts a lumbung portfolio into the content layout of Hugo and Zola, so the peer
//! benchmark (`scripts/peers/run.sh`) builds the same portfolio with each generator.
//!
//! ```text
//! cargo run --release --example peer_site -- --from PORTFOLIO --hugo DIR --zola DIR
//! ```
//!
//! Takes a portfolio (loaded with lumbung's own loader, so nothing is re-parsed by
//! hand); gives `DIR/content/…` for each peer: one section per region (`_index.md`)
//! and one page per innovation with its Markdown body, its indicator answers resolved
//! to names and option labels (rendered as a table by the peer templates in
//! `scripts/peers/<peer>/`), and two taxonomies, `urusan` (affairs) and `label` (tags).
//! Templates and configuration are copied by the script, not written here.

use lumbung::content::{Answer, Innovation, Region, Target};
use lumbung::methodology::Methodology;
use lumbung::pipeline::{self, LoadError};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut from, mut hugo, mut zola) = (None, None, None);
    while let (Some(flag), Some(value)) = (args.next(), args.next()) {
        let slot = match flag.as_str() {
            "--from" => &mut from,
            "--hugo" => &mut hugo,
            "--zola" => &mut zola,
            _ => fail(&format!("unknown flag {flag}")),
        };
        *slot = Some(PathBuf::from(value));
    }
    let from =
        from.unwrap_or_else(|| fail("usage: peer_site --from PORTFOLIO [--hugo DIR] [--zola DIR]"));
    let project = match pipeline::load(&from) {
        Ok(p) => p,
        Err(LoadError::NoSite(_) | LoadError::Invalid(_)) => {
            fail("the portfolio does not load (run `lumbung check`)")
        }
    };
    for (dir, peer) in [(hugo, Peer::Hugo), (zola, Peer::Zola)] {
        if let Some(dir) = dir {
            if let Err(err) = write(&dir, peer, &project.corpus.regions, &project.methodology) {
                fail(&format!("{}: {err}", dir.display()));
            }
        }
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("peer_site: {msg}");
    std::process::exit(2)
}

#[derive(Clone, Copy, PartialEq)]
enum Peer {
    Hugo,
    Zola,
}

fn write(dir: &Path, peer: Peer, regions: &[Region], m: &Methodology) -> std::io::Result<()> {
    let content = dir.join("content");
    std::fs::create_dir_all(&content)?;
    let home = match peer {
        Peer::Hugo => "---\ntitle: \"Portal Inovasi Daerah Nasional\"\n---\n".to_string(),
        Peer::Zola => "+++\ntitle = \"Portal Inovasi Daerah Nasional\"\n+++\n".to_string(),
    };
    std::fs::write(content.join("_index.md"), home)?;
    for region in regions {
        let rdir = content.join(&region.slug);
        std::fs::create_dir_all(&rdir)?;
        std::fs::write(rdir.join("_index.md"), section(peer, region))?;
        for inn in &region.innovations {
            std::fs::write(
                rdir.join(format!("{}.md", inn.slug)),
                page(peer, region, inn, m),
            )?;
        }
    }
    Ok(())
}

/// A TOML/YAML basic string (both accept JSON string escapes for what we emit).
fn s(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

fn section(peer: Peer, region: &Region) -> String {
    let name = s(&region.name);
    match peer {
        Peer::Hugo => format!(
            "---\ntitle: {name}\nkind_label: {}\n---\n{}",
            s(&region.kind.value),
            region.body
        ),
        Peer::Zola => format!(
            "+++\ntitle = {name}\nsort_by = \"title\"\n[extra]\nkind_label = {}\n+++\n{}",
            s(&region.kind.value),
            region.body
        ),
    }
}

/// (indicator name, option label, [(evidence title, href)]) in file order.
fn answers(
    region: &Region,
    answers: &[Answer],
    m: &Methodology,
) -> Vec<(String, String, Vec<(String, String)>)> {
    answers
        .iter()
        .filter_map(|a| {
            let ind = m.indicator(m.indicator_index(&a.indicator.value)?);
            let option = a.option.as_ref()?;
            let label = ind
                .options
                .iter()
                .find(|o| o.id == option.value)?
                .label
                .clone();
            let evidence = a
                .evidence
                .iter()
                .filter_map(|e| match &e.target {
                    Target::Url(u) => Some((e.title.clone(), u.value.clone())),
                    Target::File(f) => Some((
                        e.title.clone(),
                        format!("/{}/{}", region.slug, f.normalized),
                    )),
                    Target::Invalid => None,
                })
                .collect();
            Some((ind.name.clone(), label, evidence))
        })
        .collect()
}

fn page(peer: Peer, region: &Region, inn: &Innovation, m: &Methodology) -> String {
    let affairs = list(
        inn.affairs
            .iter()
            .map(|a| s(m.affair(&a.value).map_or(&a.value, |t| &t.label))),
    );
    let tags = list(inn.tags.iter().map(|t| s(&t.value)));
    let agency = s(inn.agency.as_deref().unwrap_or(""));
    let mut fm = String::with_capacity(4096);
    match peer {
        Peer::Hugo => {
            let _ = write!(
                fm,
                "---\ntitle: {}\nurusan: {affairs}\nlabel: {tags}\n",
                s(&inn.title)
            );
            let _ = write!(
                fm,
                "stage: {}\nagency: {agency}\nindicators:\n",
                s(&inn.stage.value)
            );
            for (name, option, evidence) in answers(region, &inn.answers, m) {
                let ev = list(
                    evidence
                        .iter()
                        .map(|(t, h)| format!("{{title: {}, href: {}}}", s(t), s(h))),
                );
                let _ = writeln!(
                    fm,
                    "  - {{name: {}, option: {}, evidence: {ev}}}",
                    s(&name),
                    s(&option)
                );
            }
            fm.push_str("---\n");
        }
        Peer::Zola => {
            let _ = write!(
                fm,
                "+++\ntitle = {}\n[taxonomies]\nurusan = {affairs}\nlabel = {tags}\n",
                s(&inn.title)
            );
            let _ = write!(
                fm,
                "[extra]\nstage = {}\nagency = {agency}\n",
                s(&inn.stage.value)
            );
            for (name, option, evidence) in answers(region, &inn.answers, m) {
                let ev = list(
                    evidence
                        .iter()
                        .map(|(t, h)| format!("{{ title = {}, href = {} }}", s(t), s(h))),
                );
                let _ = write!(
                    fm,
                    "[[extra.indicators]]\nname = {}\noption = {}\nevidence = {ev}\n",
                    s(&name),
                    s(&option)
                );
            }
            fm.push_str("+++\n");
        }
    }
    fm.push_str(&inn.body);
    fm
}
