//! Scoring tests, one per formula element (see the module docs of `score`).
