//! The only place that parses YAML: text → a small tree of [`Node`]s, each tagged with
//! its line and column in the *containing file*.
//!
//! Everything else (front matter, site.yaml, methodology files) reads this tree, so the
//! parser can be swapped here alone. Two parsers give the same tree: a fast line-based
//! one for the subset real files use (`fast.rs`), and saphyr-parser for everything
//! else (the fast one gives up rather than guess). Invariants:
//! - positions are 1-based and already shifted by `line_offset`, so a front-matter
//!   error points at the line of the `.md` file, not of the YAML block;
//! - anchors/aliases are refused (no "billion laughs"), nesting is capped at
//!   [`MAX_DEPTH`], duplicate keys are reported: hostile input stays linear in time and
//!   memory;
//! - plain scalars are typed by the YAML 1.2 core schema (`yes` stays a string);
//!   quoted scalars are always strings; map keys are kept as text.

mod fast;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// Deeper nesting than this is refused: real front matter needs five levels.
pub const MAX_DEPTH: usize = 64;

/// A line/column position in a file, both 1-based (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A parsed YAML value with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// Characters of a scalar's source text when it fits on one line (quotes
    /// included), else 1: the width of the marker under a wrong value.
    pub len: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key: always text (`2021:` is the key "2021").
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: String,
    pub pos: Pos,
}

/// What went wrong while parsing; the caller turns it into a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// The text is not YAML; the parser's own words.
    Syntax(String),
    /// A tab where YAML needs spaces.
    Tab,
    /// The same key twice in one mapping; `first` is where it was first written.
    DuplicateKey { key: String, first: Pos },
    /// `&anchor` / `*alias` are not supported.
    Alias,
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// A mapping key that is itself a list or mapping.
    ComplexKey,
    /// More than one YAML document.
    MultipleDocuments,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub pos: Pos,
}

/// The result of a parse: the tree (absent if the text is not usable YAML) and every
/// problem found. Duplicate keys are reported but do not discard the tree.
#[derive(Debug, Default)]
pub struct Parsed {
    pub root: Option<Node>,
    pub errors: Vec<Error>,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The entry for `key` in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.text == key)
            .map(|(_, v)| v)
    }

    /// A short name for the value's type, used in "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "text",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }

    /// Converts to JSON (for serde-typed files such as the methodology).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.clone()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.text.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// Follows a JSON-style path ("aspects", "0", "name") and returns the position of
    /// the deepest node reached: serde errors carry paths, diagnostics need lines.
    pub fn locate(&self, path: &[String]) -> Pos {
        let mut node = self;
        for step in path {
            let next = match &node.value {
                Value::Map(entries) => entries.iter().find(|(k, _)| &k.text == step).map(|e| &e.1),
                Value::Seq(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        node.pos
    }
}

/// Parses one YAML document. `line_offset` is added to every line (the number of file
/// lines before the YAML text starts).
pub fn parse(text: &str, line_offset: u32) -> Parsed {
    fast::parse(text, line_offset).unwrap_or_else(|| parse_general(text, line_offset))
}

/// The fast parser alone: `None` when the text is outside its subset. For the
/// differential tests that hold it equal to [`parse_general`].
#[doc(hidden)]
pub fn parse_fast(text: &str, line_offset: u32) -> Option<Parsed> {
    fast::parse(text, line_offset)
}

/// The general parser (saphyr-parser) alone: any YAML, every error.
#[doc(hidden)]
pub fn parse_general(text: &str, line_offset: u32) -> Parsed {
    let mut builder = Builder {
        offset: line_offset,
        stack: Vec::new(),
        parsed: Parsed::default(),
        documents: 0,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                if !builder.event(event, span) {
                    break;
                }
            }
            Err(err) => {
                let pos = builder.pos_of(err.marker().line(), err.marker().col());
                let error = syntax_error(text, pos, line_offset, err.info());
                builder.parsed.errors.push(error);
                builder.parsed.root = None;
                break;
            }
        }
    }
    builder.parsed
}

/// Sorts a parser error into the kinds editors can act on. Tabs are the commonest
/// YAML mistake of people used to word processors: such errors point at the tab.
fn syntax_error(text: &str, pos: Pos, line_offset: u32, info: &str) -> Error {
    let line = pos.line.saturating_sub(line_offset);
    let line_text = text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("");
    let tab_col = line_text.chars().position(|c| c == '\t');
    let about_space =
        info.contains("tab") || info.contains("whitespace") || info.contains("indent");
    match tab_col {
        Some(col) if about_space || line_text.starts_with('\t') => {
            let col = u32::try_from(col).unwrap_or(u32::MAX).saturating_add(1);
            Error {
                kind: ErrorKind::Tab,
                pos: Pos {
                    line: pos.line,
                    col,
                },
            }
        }
        _ if info.contains("recursion limit") => Error {
            kind: ErrorKind::TooDeep,
            pos,
        },
        _ if info.contains("anchor") => Error {
            kind: ErrorKind::Alias,
            pos,
        },
        _ => Error {
            kind: ErrorKind::Syntax(info.to_string()),
            pos,
        },
    }
}

/// Characters from `start` to `end` when both are on one line, else 1.
fn span_len(span: &Span) -> u32 {
    let (start, end) = (span.start, span.end);
    let same_line = start.line() == end.line() && end.col() > start.col();
    if same_line {
        u32::try_from(end.col() - start.col()).unwrap_or(u32::MAX)
    } else {
        1
    }
}

/// A mapping under construction: its entries, the key waiting for its value, and an
/// index of the keys seen (built once the mapping is large, so checking for duplicate
/// keys stays linear however many keys a hostile file writes).
struct MapFrame {
    pos: Pos,
    entries: Vec<(Key, Node)>,
    pending: Option<Key>,
    index: HashMap<String, Pos>,
}

/// Below this many entries a linear scan beats hashing.
const INDEX_FROM: usize = 16;

impl MapFrame {
    fn new(pos: Pos) -> Self {
        MapFrame {
            pos,
            entries: Vec::new(),
            pending: None,
            index: HashMap::new(),
        }
    }

    /// Where `key` was first written, if it already is in this mapping.
    fn first(&self, key: &str) -> Option<Pos> {
        if self.entries.len() < INDEX_FROM {
            return self
                .entries
                .iter()
                .find(|(k, _)| k.text == key)
                .map(|(k, _)| k.pos);
        }
        self.index.get(key).copied()
    }

    fn insert(&mut self, key: Key, node: Node) {
        if self.entries.len() + 1 == INDEX_FROM {
            self.index = self
                .entries
                .iter()
                .map(|(k, _)| (k.text.clone(), k.pos))
                .collect();
        }
        if self.entries.len() + 1 >= INDEX_FROM {
            self.index.insert(key.text.clone(), key.pos);
        }
        self.entries.push((key, node));
    }
}

enum Frame {
    Seq(Pos, Vec<Node>),
    Map(MapFrame),
}

struct Builder {
    offset: u32,
    stack: Vec<Frame>,
    parsed: Parsed,
    documents: usize,
}

impl Builder {
    fn pos_of(&self, line: usize, col: usize) -> Pos {
        Pos {
            line: u32::try_from(line)
                .unwrap_or(u32::MAX)
                .saturating_add(self.offset),
            col: u32::try_from(col).unwrap_or(u32::MAX).saturating_add(1),
        }
    }

    fn fail(&mut self, kind: ErrorKind, pos: Pos) -> bool {
        self.parsed.errors.push(Error { kind, pos });
        self.parsed.root = None;
        false
    }

    /// Feeds one parser event; returns false to stop parsing.
    fn event(&mut self, event: Event<'_>, span: Span) -> bool {
        let pos = self.pos_of(span.start.line(), span.start.col());
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return self.fail(ErrorKind::MultipleDocuments, pos);
                }
                true
            }
            Event::Alias(_) => self.fail(ErrorKind::Alias, pos),
            Event::Scalar(_, _, anchor, _)
            | Event::SequenceStart(anchor, _)
            | Event::MappingStart(anchor, _)
                if anchor > 0 =>
            {
                self.fail(ErrorKind::Alias, pos)
            }
            Event::Scalar(text, style, _, _) => {
                let value = scalar(&text, style);
                let node = Node {
                    value,
                    pos,
                    len: span_len(&span),
                };
                self.push_node(node, Some(text.into_owned()))
            }
            Event::SequenceStart(..) => self.open(Frame::Seq(pos, Vec::new()), pos),
            Event::MappingStart(..) => self.open(Frame::Map(MapFrame::new(pos)), pos),
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            _ => true,
        }
    }

    fn open(&mut self, frame: Frame, pos: Pos) -> bool {
        if self.stack.len() >= MAX_DEPTH {
            return self.fail(ErrorKind::TooDeep, pos);
        }
        if let Some(Frame::Map(MapFrame { pending: None, .. })) = self.stack.last() {
            return self.fail(ErrorKind::ComplexKey, pos);
        }
        self.stack.push(frame);
        true
    }

    fn close(&mut self) -> bool {
        let node = match self.stack.pop() {
            Some(Frame::Seq(pos, items)) => Node {
                value: Value::Seq(items),
                pos,
                len: 1,
            },
            Some(Frame::Map(map)) => Node {
                value: Value::Map(map.entries),
                pos: map.pos,
                len: 1,
            },
            None => return true,
        };
        self.push_node(node, None)
    }

    /// Attaches a finished node to its parent (or makes it the root). `raw` is the
    /// scalar's source text, used when the node is a mapping key.
    fn push_node(&mut self, node: Node, raw: Option<String>) -> bool {
        match self.stack.last_mut() {
            None => self.parsed.root = Some(node),
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(map)) => match map.pending.take() {
                Some(key) => match map.first(&key.text) {
                    Some(first) => {
                        let kind = ErrorKind::DuplicateKey {
                            key: key.text,
                            first,
                        };
                        self.parsed.errors.push(Error { kind, pos: key.pos });
                    }
                    None => map.insert(key, node),
                },
                None => {
                    map.pending = Some(Key {
                        text: raw.unwrap_or_default(),
                        pos: node.pos,
                    })
                }
            },
        }
        true
    }
}

/// Types a scalar by the YAML 1.2 core schema.
fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::Str(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => number(text).unwrap_or_else(|| Value::Str(text.to_string())),
    }
}

fn number(text: &str) -> Option<Value> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let first = digits.chars().next()?;
    if !(first.is_ascii_digit() || first == '.') {
        return None;
    }
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().ok().map(Value::Int);
    }
    let is_float = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if is_float {
        return text
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Value::Float);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Node {
        let parsed = parse(text, 0);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        parsed.root.expect("a root node")
    }

    #[test]
    fn scalars_are_typed_by_the_core_schema() {
        let node = root("a: 1\nb: 1.5\nc: true\nd: yes\ne: '1'\nf:\ng: 2023-02-30\n");
        assert_eq!(node.get("a").map(|n| &n.value), Some(&Value::Int(1)));
        assert_eq!(node.get("b").map(|n| &n.value), Some(&Value::Float(1.5)));
        assert_eq!(node.get("c").map(|n| &n.value), Some(&Value::Bool(true)));
        assert_eq!(node.get("d").and_then(Node::as_str), Some("yes"));
        assert_eq!(node.get("e").and_then(Node::as_str), Some("1"));
        assert_eq!(node.get("f").map(|n| &n.value), Some(&Value::Null));
        assert_eq!(node.get("g").and_then(Node::as_str), Some("2023-02-30"));
    }

    #[test]
    fn positions_are_shifted_by_the_line_offset() {
        let node = parse("title: x\nstage:  penerapan\n", 1)
            .root
            .expect("root");
        assert_eq!(
            node.get("stage").map(|n| n.pos),
            Some(Pos { line: 3, col: 9 })
        );
    }

    #[test]
    fn duplicate_keys_are_reported_with_both_positions() {
        let parsed = parse("a: 1\nb: 2\na: 3\n", 0);
        assert_eq!(
            parsed.errors,
            vec![Error {
                kind: ErrorKind::DuplicateKey {
                    key: "a".into(),
                    first: Pos { line: 1, col: 1 }
                },
                pos: Pos { line: 3, col: 1 },
            }]
        );
        assert!(parsed.root.is_some());
    }

    #[test]
    fn duplicate_keys_in_a_large_mapping_are_found_through_the_index() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k3: again\n");
        let parsed = parse(&text, 0);
        let kind = ErrorKind::DuplicateKey {
            key: "k3".into(),
            first: Pos { line: 4, col: 1 },
        };
        assert_eq!(
            parsed.errors,
            vec![Error {
                kind,
                pos: Pos { line: 41, col: 1 }
            }]
        );
        assert_eq!(
            parsed.root.and_then(|r| r.as_map().map(<[_]>::len)),
            Some(40)
        );
    }

    #[test]
    fn a_tab_after_a_colon_is_pointed_at() {
        let parsed = parse("a: 1\nb:\tx\n", 1);
        assert_eq!(
            parsed.errors,
            vec![Error {
                kind: ErrorKind::Tab,
                pos: Pos { line: 3, col: 3 }
            }]
        );
    }

    #[test]
    fn scalars_know_the_width_of_their_source_text() {
        let node = root("a: 'xyz'\nb: plain text\nc: |\n  block\n");
        let width = |key: &str| node.get(key).map(|n| n.len);
        assert_eq!(
            (width("a"), width("b"), width("c")),
            (Some(5), Some(10), Some(1))
        );
    }

    #[test]
    fn aliases_to_unknown_anchors_are_alias_errors() {
        assert_eq!(parse("a: *nowhere\n", 0).errors[0].kind, ErrorKind::Alias);
    }

    #[test]
    fn aliases_are_refused() {
        let parsed = parse("a: &x [1, 2]\nb: *x\n", 0);
        assert_eq!(parsed.errors[0].kind, ErrorKind::Alias);
        assert!(parsed.root.is_none());
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let parsed = parse(&text, 0);
        assert_eq!(parsed.errors[0].kind, ErrorKind::TooDeep);
    }

    #[test]
    fn tabs_get_their_own_error() {
        let parsed = parse("a:\n\tb: 1\n", 0);
        assert_eq!(parsed.errors[0].kind, ErrorKind::Tab);
        assert_eq!(parsed.errors[0].pos.line, 2);
    }

    #[test]
    fn locate_follows_a_path_to_the_deepest_node() {
        let node = root("aspects:\n  - id: spd\n    name: x\n");
        let path = ["aspects".to_string(), "0".to_string(), "name".to_string()];
        assert_eq!(node.locate(&path), Pos { line: 3, col: 11 });
    }
}
