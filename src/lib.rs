//! lumbung: a static site generator for regional innovation portfolios scored with the
//! Indeks Inovasi Daerah (IID).
//!
//! The pipeline, one module per stage:
//! [`content::load`] (files → corpus) → [`validate::check`] (meaning) →
//! [`score::compute`] (the index) → [`render::site`] (pages, streamed) →
//! [`output::write_atomically`] (swap into place). [`pipeline`] runs them in order.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fields;
pub mod methodology;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod score;
pub mod serve;
pub mod validate;
pub mod yaml;
