//! The content format's closed vocabularies (stages, forms, initiators, region kinds,
//! extra clusters) with their labels, loaded once from the embedded `vocabulary.yaml`.

use crate::methodology::Term;
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub stages: Vec<Term>,
    pub forms: Vec<Term>,
    pub initiators: Vec<Term>,
    pub kinds: Vec<Term>,
    pub clusters: Vec<Term>,
}

/// The vocabulary. The embedded file is checked by a test, so it always parses.
pub fn get() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let root = crate::yaml::parse(include_str!("vocabulary.yaml"), 0).root;
        root.and_then(|r| serde_json::from_value(r.to_json()).ok())
            .unwrap_or(Vocabulary {
                stages: Vec::new(),
                forms: Vec::new(),
                initiators: Vec::new(),
                kinds: Vec::new(),
                clusters: Vec::new(),
            })
    })
}

/// Where a kind or extra cluster comes in listings: region kinds in vocabulary order
/// (provinsi, kabupaten, kota), then the extra clusters; unknown ids last.
pub fn cluster_order(id: &str) -> usize {
    let v = get();
    v.kinds
        .iter()
        .chain(&v.clusters)
        .position(|t| t.id == id)
        .unwrap_or(usize::MAX)
}

/// The ids of a vocabulary list, for validation and suggestions.
pub fn ids(terms: &[Term]) -> impl Iterator<Item = &str> + Clone {
    terms.iter().map(|t| t.id.as_str())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_vocabulary_parses() {
        let v = super::get();
        assert_eq!(v.stages.len(), 3);
        assert_eq!(v.kinds.len(), 3);
        assert!(v.clusters.iter().any(|c| c.id == "perbatasan"));
    }
}
