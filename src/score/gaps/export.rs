//! `data/gaps.json` (`lumbung-gaps/1`): the typed document of `gaps-json.md`, built
//! from [`RegionGaps`] with the ids of the methodology and the slugs of the corpus.
//!
//! Key order follows the spec (serde writes fields in declaration order); regions come
//! in corpus order, which is slug order. `lumbung gaps --format json` prints one
//! [`Entry`], so the terminal and the export cannot drift apart. [`to_json`] lays the
//! text out like the spec's example: one line per improvement.

use super::{Improvement, Outcome, RegionGaps};
use crate::content::{Corpus, Region};
use crate::methodology::Methodology;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;
use serde_json::value::RawValue;
use std::io::{self, Write};

/// The `format` value of the document.
pub const FORMAT: &str = "lumbung-gaps/1";

/// The whole document; `regions` holds [`Entry`] values, or each entry's text made by
/// [`entry_json`].
#[derive(Debug, Serialize)]
pub struct Document<'a, R = Vec<Entry<'a>>> {
    pub format: &'static str,
    pub methodology: &'a str,
    pub regions: R,
}

/// One region.
#[derive(Debug, Serialize)]
pub struct Entry<'a> {
    pub slug: &'a str,
    pub iid: f64,
    pub predicate: &'a str,
    pub improvements: Vec<ImprovementEntry<'a>>,
    pub what_if: Vec<WhatIfEntry<'a>>,
    pub next_band: Option<NextBandEntry<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ImprovementEntry<'a> {
    pub kind: &'static str,
    pub indicator: Option<&'a str>,
    pub innovation: Option<&'a str>,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub evidence_needed: u32,
    pub gain: f64,
}

#[derive(Debug, Serialize)]
pub struct WhatIfEntry<'a> {
    pub top: usize,
    pub iid: f64,
    pub predicate: &'a str,
}

#[derive(Debug, Serialize)]
pub struct NextBandEntry<'a> {
    pub predicate: &'a str,
    pub improvements: usize,
    pub iid: f64,
}

/// The document for every region; `gaps` parallel to `corpus.regions`.
pub fn document<'a>(corpus: &'a Corpus, gaps: &[RegionGaps], m: &'a Methodology) -> Document<'a> {
    Document {
        format: FORMAT,
        methodology: &m.doc.id,
        regions: corpus
            .regions
            .iter()
            .zip(gaps)
            .map(|(region, g)| entry(region, g, m))
            .collect(),
    }
}

/// One region's entry as the whole document lays it out (see [`document_json`]).
/// Ranks are not in the export, so `gaps` may be [`super::unranked`].
pub fn entry_json(region: &Region, gaps: &RegionGaps, m: &Methodology) -> Box<RawValue> {
    raw(entry_text(region, gaps, m))
}

/// [`entry_json`]'s text, not checked again as JSON (serde wrote it): what `serve`
/// keeps per region as a piece of the file (~170 KB each at national scale).
pub fn entry_text(region: &Region, gaps: &RegionGaps, m: &Methodology) -> Vec<u8> {
    to_json_at(&entry(region, gaps, m), DOCUMENT_INLINE_DEPTH, 2)
}

/// The whole document's text from each region's [`entry_json`], in corpus order:
/// byte for byte the text of [`document`] (`serve` writes the file as pieces framed by
/// this function's text around marker entries, so it keeps unchanged regions' text).
pub fn document_json(m: &Methodology, entries: Vec<&RawValue>) -> Vec<u8> {
    // Sized up front: a whole national document is ~95 MB, and growing it by doubling
    // would hold two large buffers at once.
    let size = entries.iter().map(|e| e.get().len() + 16).sum::<usize>() + 256;
    document_text(m, entries, size)
}

/// [`document_json`] made one region at a time from the analyses (`gaps` parallel to
/// `corpus.regions`, ranked or not): only a few regions' text exists besides the
/// file, where [`document_json`] needs every region's text first.
pub fn document_json_from(corpus: &Corpus, gaps: &[RegionGaps], m: &Methodology) -> Vec<u8> {
    let entries = corpus.regions.iter().zip(gaps);
    // Generous (an entry is ~180 bytes per improvement): pages never written are not
    // resident, and growing past the estimate would copy the whole buffer.
    let size = entries
        .clone()
        .map(|(_, g)| 1024 + 256 * g.improvements.len())
        .sum::<usize>();
    // A few regions at a time, in parallel: the text of the chunk being written is all
    // that exists besides the file.
    let regions = corpus
        .regions
        .chunks(CHUNK)
        .zip(gaps.chunks(CHUNK))
        .flat_map(|(regions, gaps)| {
            regions
                .par_iter()
                .zip(gaps)
                .map(|(region, g)| entry_json(region, g, m))
                .collect::<Vec<_>>()
        });
    document_text(m, Lazy(std::cell::RefCell::new(Some(regions))), size)
}

/// Regions whose entries [`document_json_from`] makes at once.
const CHUNK: usize = 16;

/// The document with `regions`, written into a buffer of `size` bytes.
fn document_text(m: &Methodology, regions: impl Serialize, size: usize) -> Vec<u8> {
    let document = Document {
        format: FORMAT,
        methodology: &m.doc.id,
        regions,
    };
    let mut out = Vec::with_capacity(size);
    write_json_at(&mut out, &document, DOCUMENT_INLINE_DEPTH, 0);
    out.push(b'\n');
    out
}

/// A sequence serialized from an iterator, once.
struct Lazy<I>(std::cell::RefCell<Option<I>>);

impl<I: Iterator<Item = Box<RawValue>>> Serialize for Lazy<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.borrow_mut().take().into_iter().flatten())
    }
}

/// JSON text made by this module's serializer, as a raw value to splice into a
/// document (checked to be JSON; `null` if it were not, which cannot happen).
pub fn raw(text: Vec<u8>) -> Box<RawValue> {
    String::from_utf8(text)
        .ok()
        .and_then(|t| RawValue::from_string(t).ok())
        .or_else(|| RawValue::from_string("null".to_string()).ok())
        .unwrap_or_default()
}

/// One region's entry.
pub fn entry<'a>(region: &'a Region, gaps: &RegionGaps, m: &'a Methodology) -> Entry<'a> {
    let predicate = |p: usize| m.doc.predicates[p].label.as_str();
    Entry {
        slug: &region.slug,
        iid: gaps.iid,
        predicate: predicate(gaps.predicate),
        improvements: gaps
            .improvements
            .iter()
            .map(|i| improvement(i, region, m))
            .collect(),
        what_if: gaps
            .what_if
            .iter()
            .map(|o: &Outcome| WhatIfEntry {
                top: o.top,
                iid: o.iid,
                predicate: predicate(o.predicate),
            })
            .collect(),
        next_band: gaps.next_band.map(|o| NextBandEntry {
            predicate: predicate(o.predicate),
            improvements: o.top,
            iid: o.iid,
        }),
    }
}

fn improvement<'a>(
    i: &Improvement,
    region: &'a Region,
    m: &'a Methodology,
) -> ImprovementEntry<'a> {
    let option = |o: Option<usize>| {
        let def = m.indicator(i.indicator?);
        Some(def.options[o?].id.as_str())
    };
    ImprovementEntry {
        kind: i.kind.id(),
        indicator: i.indicator.map(|x| m.indicator(x).id.as_str()),
        innovation: i.innovation().map(|j| region.innovations[j].slug.as_str()),
        from: option(i.from),
        to: option(i.to),
        evidence_needed: i.evidence_needed,
        gain: i.gain,
    }
}

/// Nesting depth written on one line in the whole document: each improvement and
/// what-if (inside document → regions → region → list) is one line.
pub const DOCUMENT_INLINE_DEPTH: usize = 5;
/// The same for one [`Entry`] on its own (`lumbung gaps --format json`).
pub const ENTRY_INLINE_DEPTH: usize = 3;

/// JSON text laid out like the spec's example: indented by two spaces, except that
/// objects and arrays at `inline_depth` or deeper are written on one line. A national
/// portfolio lists hundreds of thousands of improvements: one line each keeps the file
/// readable and less than half the size of fully indented JSON. Ends with a newline.
pub fn to_json(value: &impl Serialize, inline_depth: usize) -> Vec<u8> {
    let mut out = to_json_at(value, inline_depth, 0);
    out.push(b'\n');
    out
}

/// [`to_json`] of a value that sits at nesting `depth` of a document (0 = the
/// document itself), without the final newline: the exact text it has in place there,
/// so that documents can be put together from parts (with `inline_depth` of
/// `usize::MAX` this is `serde_json`'s pretty layout).
pub fn to_json_at(value: &impl Serialize, inline_depth: usize, depth: usize) -> Vec<u8> {
    let mut out = Vec::new();
    write_json_at(&mut out, value, inline_depth, depth);
    out
}

/// [`to_json_at`] into `out` (empty; left empty on failure).
fn write_json_at(out: &mut Vec<u8>, value: &impl Serialize, inline_depth: usize, depth: usize) {
    let mut ser = serde_json::Serializer::with_formatter(
        &mut *out,
        Layout {
            depth,
            inline_depth,
            has_value: false,
        },
    );
    // Serializing structs of numbers and strings into memory cannot fail.
    if value.serialize(&mut ser).is_err() {
        out.clear();
    }
}

/// serde_json's pretty layout down to `inline_depth`, `{"a": 1, "b": 2}` below.
struct Layout {
    /// Depth of the container being written (1 = the top level).
    depth: usize,
    inline_depth: usize,
    /// Whether the current container has an element (PrettyFormatter's rule).
    has_value: bool,
}

impl Layout {
    fn pretty(&self) -> bool {
        self.depth < self.inline_depth
    }

    fn begin<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn end<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        let pretty = self.pretty();
        self.depth -= 1;
        if pretty && self.has_value {
            self.newline(w)?;
        }
        w.write_all(bracket)
    }

    fn element<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if self.pretty() {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            w.write_all(&b"  ".repeat(self.depth))
        } else if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n")?;
        w.write_all(&b"  ".repeat(self.depth))
    }
}

impl Formatter for Layout {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.element(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.element(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Doc {
        a: u32,
        list: Vec<Item>,
        empty: Vec<u32>,
        none: Option<u32>,
    }

    #[derive(Serialize)]
    struct Item {
        k: &'static str,
        v: Vec<f64>,
    }

    #[test]
    fn deep_values_are_written_on_one_line_and_the_rest_indented() {
        let doc = Doc {
            a: 1,
            list: vec![
                Item {
                    k: "x\"y",
                    v: vec![0.5, 2.0],
                },
                Item { k: "z", v: vec![] },
            ],
            empty: vec![],
            none: None,
        };
        let text = String::from_utf8(to_json(&doc, 3)).expect("utf-8");
        let expected = "{\n  \"a\": 1,\n  \"list\": [\n    {\"k\": \"x\\\"y\", \"v\": [0.5, 2.0]},\n    {\"k\": \"z\", \"v\": []}\n  ],\n  \"empty\": [],\n  \"none\": null\n}\n";
        assert_eq!(text, expected);
        let pretty = serde_json::to_value(&doc).expect("value");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON"),
            pretty
        );
    }

    #[test]
    fn values_laid_out_in_place_splice_into_the_same_text() {
        #[derive(Serialize)]
        struct Spliced {
            a: u32,
            list: Vec<Box<RawValue>>,
            empty: Vec<u32>,
            none: Option<u32>,
        }
        let items = || {
            vec![
                Item {
                    k: "x",
                    v: vec![0.5, 2.0],
                },
                Item { k: "z", v: vec![] },
            ]
        };
        for inline in [2, 3, 4, usize::MAX] {
            let whole = Doc {
                a: 1,
                list: items(),
                empty: vec![],
                none: None,
            };
            let spliced = Spliced {
                a: 1,
                list: items()
                    .iter()
                    .map(|i| raw(to_json_at(i, inline, 2)))
                    .collect(),
                empty: vec![],
                none: None,
            };
            assert_eq!(
                to_json(&whole, inline),
                to_json(&spliced, inline),
                "{inline}"
            );
        }
        let pretty = serde_json::to_vec_pretty(&items()).expect("json");
        let layout = to_json_at(&items(), usize::MAX, 0);
        assert_eq!(
            pretty, layout,
            "no inline depth: serde_json's pretty layout"
        );
    }
}
