//! The fast path of [`super::parse`]: a line-based parser for the part of YAML that
//! front matter, site.yaml and the theme's strings actually use, about ten times
//! faster than the general parser.
//!
//! Takes the YAML text and the line offset; gives the same [`Parsed`] the general
//! (saphyr) path would — the same nodes, positions, widths and duplicate-key errors —
//! or `None` when the text steps outside the subset, and the caller then runs the
//! general parser, so every diagnostic stays exactly what it was.
//!
//! The subset: block mappings and sequences indented with spaces; plain, single- and
//! double-quoted scalars on one line (no backslash escapes); flow sequences `[a, b]`
//! and flow mappings `{k: v}` of scalars on one line; comments; empty values; `\r\n`
//! line ends. Everything else gives up: anchors, aliases, tags, block scalars,
//! multi-line scalars or flow collections, tabs, document markers and directives,
//! complex or unusual keys, nesting deeper than [`MAX_NESTING`], characters YAML
//! treats specially (byte-order marks, C1 controls, Unicode line separators).
//! Invariant (checked by `tests/yaml_differential.rs` and every fuzz case): whenever
//! this returns `Some`, it equals the general parser's result.

use super::{Error, ErrorKind, Key, MapFrame, Node, Parsed, Pos, Value};
use saphyr_parser::ScalarStyle;

/// Deeper than this the general parser decides (its limit is reported the same way).
const MAX_NESTING: usize = 32;

/// Plain keys longer than this are left to the general parser (YAML caps implicit
/// keys at 1024 characters).
const MAX_KEY_BYTES: usize = 256;

/// The text is outside the subset: the general parser takes over.
struct Bail;

type Step<T> = Result<T, Bail>;

/// A line with content (blank and comment-only lines are dropped).
struct Line<'a> {
    /// 1-based, in the YAML text.
    number: u32,
    /// Leading spaces.
    indent: usize,
    /// The whole line without its line break.
    text: &'a str,
    ascii: bool,
}

impl Line<'_> {
    fn content(&self) -> &str {
        &self.text[self.indent..]
    }
}

/// Parses `text` if it is inside the subset (see the module doc).
pub(super) fn parse(text: &str, line_offset: u32) -> Option<Parsed> {
    let lines = lines(text).ok()?;
    if lines.is_empty() {
        return None;
    }
    let mut parser = Parser {
        lines,
        next: 0,
        offset: line_offset,
        errors: Vec::new(),
        depth: 0,
    };
    let root = parser.block(0).ok()?;
    if parser.next != parser.lines.len() {
        return None;
    }
    Some(Parsed {
        root: Some(root),
        errors: parser.errors,
    })
}

/// The content lines, or `Bail` on a character or line the subset does not cover.
fn lines(text: &str) -> Step<Vec<Line<'_>>> {
    let mut out = Vec::with_capacity(text.len() / 24);
    for (n, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let ascii = check_chars(line)?;
        if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
            return Err(Bail);
        }
        let indent = line.bytes().take_while(|&b| b == b' ').count();
        let content = &line[indent..];
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let number = u32::try_from(n + 1).map_err(|_| Bail)?;
        out.push(Line {
            number,
            indent,
            text: line,
            ascii,
        });
    }
    Ok(out)
}

/// Whether the line is ASCII; `Bail` on tabs, control characters and the characters
/// YAML gives a meaning of their own (BOM, NEL, C1 controls, line separators).
fn check_chars(line: &str) -> Step<bool> {
    // Branch-free folds (vectorized): every line of every file passes here.
    let bytes = line.as_bytes();
    if bytes
        .iter()
        .fold(false, |bad, &b| bad | (b < 0x20) | (b == 0x7f))
    {
        return Err(Bail);
    }
    let ascii = bytes.iter().fold(true, |ascii, &b| ascii & (b < 0x80));
    if !ascii {
        let odd = |c: char| {
            matches!(
                c,
                '\u{80}'
                    ..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
        };
        if line.chars().any(odd) {
            return Err(Bail);
        }
    }
    Ok(ascii)
}

/// `-` alone or followed by a space: a block sequence entry.
fn is_dash(s: &str) -> bool {
    s == "-" || s.starts_with("- ")
}

/// Characters that cannot start a plain scalar (or that the subset leaves out).
fn is_indicator(b: u8) -> bool {
    b"-?:,[]{}#&*!|>'\"%@`".contains(&b)
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

fn skip_spaces(s: &[u8], mut at: usize) -> usize {
    while s.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    /// The first line not consumed yet.
    next: usize,
    offset: u32,
    errors: Vec<Error>,
    depth: usize,
}

impl Parser<'_> {
    /// The position of byte `at` of line `l` (columns count characters).
    fn pos(&self, l: usize, at: usize) -> Pos {
        let line = &self.lines[l];
        let col = if line.ascii {
            at
        } else {
            line.text[..at].chars().count()
        };
        Pos {
            line: line.number.saturating_add(self.offset),
            col: u32::try_from(col).unwrap_or(u32::MAX).saturating_add(1),
        }
    }

    /// Characters between two bytes of line `l`, or 1 when empty (like the general
    /// parser's widths).
    fn width(&self, l: usize, from: usize, to: usize) -> u32 {
        let line = &self.lines[l];
        let n = if line.ascii {
            to - from
        } else {
            line.text[from..to].chars().count()
        };
        if n == 0 {
            1
        } else {
            u32::try_from(n).unwrap_or(u32::MAX)
        }
    }

    fn enter(&mut self) -> Step<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Bail);
        }
        Ok(())
    }

    fn scalar(&self, l: usize, from: usize, to: usize, value: Value) -> Node {
        Node {
            value,
            pos: self.pos(l, from),
            len: self.width(l, from, to),
        }
    }

    /// The block collection starting on line `l` at its indentation.
    fn block(&mut self, l: usize) -> Step<Node> {
        let line = &self.lines[l];
        let indent = line.indent;
        if is_dash(line.content()) {
            self.seq(l, indent, false)
        } else if self.key(l, indent)?.is_some() {
            self.map(l, indent)
        } else {
            Err(Bail)
        }
    }

    /// A block mapping whose first key is at byte `c` of line `l`; later keys are on
    /// lines indented by exactly `c`.
    fn map(&mut self, l: usize, c: usize) -> Step<Node> {
        self.enter()?;
        let pos = self.pos(l, c);
        let mut frame = MapFrame::new(pos);
        let mut line = l;
        loop {
            self.next = line + 1;
            let (key, after) = self.key(line, c)?.ok_or(Bail)?;
            let value = self.map_value(line, c, after)?;
            match frame.first(&key.text) {
                Some(first) => self.errors.push(Error {
                    kind: ErrorKind::DuplicateKey {
                        key: key.text,
                        first,
                    },
                    pos: key.pos,
                }),
                None => frame.insert(key, value),
            }
            match self.lines.get(self.next) {
                Some(n) if n.indent == c && !is_dash(n.content()) => line = self.next,
                Some(n) if n.indent < c => break,
                None => break,
                Some(_) => return Err(Bail),
            }
        }
        self.depth -= 1;
        Ok(Node {
            value: Value::Map(frame.entries),
            pos,
            len: 1,
        })
    }

    /// The value after a key's colon (byte `after` of line `l`, in a mapping indented
    /// by `c`): inline, a nested block, or empty.
    fn map_value(&mut self, l: usize, c: usize, after: usize) -> Step<Node> {
        let text = self.lines[l].text;
        let at = skip_spaces(text.as_bytes(), after);
        if at < text.len() && !text[at..].starts_with('#') {
            return self.inline(l, at);
        }
        match self.lines.get(self.next) {
            Some(n) if n.indent > c => self.block(self.next),
            Some(n) if n.indent == c && is_dash(n.content()) => self.seq(self.next, c, true),
            // The general parser puts an empty value at the key's colon.
            _ => Ok(self.scalar(l, after - 1, after - 1, Value::Null)),
        }
    }

    /// A block sequence whose first `-` is at byte `s` of line `l`. An indentless one
    /// (a mapping value at the key's own indentation) starts, for the general parser,
    /// where its first entry's content does.
    fn seq(&mut self, l: usize, s: usize, indentless: bool) -> Step<Node> {
        self.enter()?;
        let mut items = Vec::new();
        let mut pos = self.pos(l, s);
        let mut line = l;
        loop {
            self.next = line + 1;
            let text = self.lines[line].text;
            let at = skip_spaces(text.as_bytes(), s + 1);
            let rest = &text[at..];
            let empty = rest.is_empty() || rest.starts_with('#');
            if indentless && line == l {
                pos = self.pos(line, if empty { text.len() } else { at });
            }
            let item = if empty {
                match self.lines.get(self.next) {
                    Some(n) if n.indent > s => self.block(self.next)?,
                    _ => self.scalar(line, text.len(), text.len(), Value::Null),
                }
            } else if is_dash(rest) {
                return Err(Bail);
            } else if self.key(line, at)?.is_some() {
                self.map(line, at)?
            } else {
                self.inline(line, at)?
            };
            items.push(item);
            match self.lines.get(self.next) {
                Some(n) if n.indent == s && is_dash(n.content()) => line = self.next,
                Some(n) if n.indent <= s => break,
                None => break,
                Some(_) => return Err(Bail),
            }
        }
        self.depth -= 1;
        Ok(Node {
            value: Value::Seq(items),
            pos,
            len: 1,
        })
    }

    /// A mapping key at byte `at` of line `l`, and the byte after its colon; `None`
    /// when the text there is not a key.
    fn key(&self, l: usize, at: usize) -> Step<Option<(Key, usize)>> {
        let text = self.lines[l].text;
        let bytes = text.as_bytes();
        let colon_ends =
            |i: usize| bytes.get(i) == Some(&b':') && matches!(bytes.get(i + 1), None | Some(b' '));
        if matches!(bytes.get(at), Some(b'"' | b'\'')) {
            let (value, end) = quoted(text, at)?;
            if !colon_ends(end) {
                return Ok(None);
            }
            let key = Key {
                text: value,
                pos: self.pos(l, at),
            };
            return Ok(Some((key, end + 1)));
        }
        if matches!(bytes.get(at), Some(b'[' | b'{')) {
            return Ok(None);
        }
        let Some(colon) = (at..bytes.len()).find(|&i| colon_ends(i)) else {
            return Ok(None);
        };
        let key = &bytes[at..colon];
        let plain = !key.is_empty()
            && key.len() <= MAX_KEY_BYTES
            && (key[0].is_ascii_alphanumeric() || key[0] == b'_')
            && key.iter().all(|&b| is_key_byte(b));
        if !plain {
            return Err(Bail);
        }
        let key = Key {
            text: text[at..colon].to_string(),
            pos: self.pos(l, at),
        };
        Ok(Some((key, colon + 1)))
    }

    /// A scalar or flow collection at byte `at` of line `l`, which must end the line
    /// (a comment may follow).
    fn inline(&mut self, l: usize, at: usize) -> Step<Node> {
        let text = self.lines[l].text;
        let bytes = text.as_bytes();
        let (node, end) = match bytes[at] {
            b'[' => self.flow_seq(l, at)?,
            b'{' => self.flow_map(l, at)?,
            b'"' | b'\'' => {
                let (value, end) = quoted(text, at)?;
                // The general parser's width of a quoted scalar runs to the end of
                // the line when only spaces or a comment follow.
                let node = self.scalar(l, at, text.len(), Value::Str(value));
                (node, end)
            }
            b if is_indicator(b) => return Err(Bail),
            _ => return self.plain_block(l, at),
        };
        let rest = skip_spaces(bytes, end);
        let comment = rest > end && bytes.get(rest) == Some(&b'#');
        if rest == bytes.len() || comment {
            Ok(node)
        } else {
            Err(Bail)
        }
    }

    /// A plain scalar running to the end of the line or to a comment.
    fn plain_block(&self, l: usize, at: usize) -> Step<Node> {
        let text = self.lines[l].text;
        let mut end = find_pair(&text[at..], b' ', b'#').map_or(text.len(), |i| at + i);
        end = at + text[at..end].trim_end_matches(' ').len();
        let value = &text[at..end];
        if find_pair(value, b':', b' ').is_some() || value.ends_with(':') {
            return Err(Bail);
        }
        Ok(self.scalar(l, at, end, super::scalar(value, ScalarStyle::Plain)))
    }

    /// A scalar inside a flow collection, ending before `,` or `close`; gives the node
    /// and the byte after it (and after the spaces that follow it).
    fn flow_scalar(&self, l: usize, at: usize, close: u8) -> Step<(Node, usize)> {
        let text = self.lines[l].text;
        let bytes = text.as_bytes();
        match bytes.get(at) {
            Some(b'"' | b'\'') => {
                let (value, end) = quoted(text, at)?;
                let after = skip_spaces(bytes, end);
                Ok((self.scalar(l, at, after, Value::Str(value)), after))
            }
            Some(&b) if !is_indicator(b) => {
                let stop = (at..bytes.len())
                    .find(|&i| bytes[i] == b',' || bytes[i] == close)
                    .ok_or(Bail)?;
                let value = text[at..stop].trim_end_matches(' ');
                let vb = value.as_bytes();
                // `#` after a space starts a comment, `: ` ends a key: both left out.
                let odd = |i: usize| match vb[i] {
                    b'[' | b']' | b'{' | b'}' => true,
                    b'#' => vb[i - 1] == b' ',
                    b':' => matches!(vb.get(i + 1), None | Some(b' ')),
                    _ => false,
                };
                if (1..vb.len()).any(odd) {
                    return Err(Bail);
                }
                let end = at + value.len();
                let node = self.scalar(l, at, end, super::scalar(value, ScalarStyle::Plain));
                Ok((node, stop))
            }
            _ => Err(Bail),
        }
    }

    /// `[a, b]` on one line; gives the node and the byte after `]`.
    fn flow_seq(&mut self, l: usize, at: usize) -> Step<(Node, usize)> {
        self.enter()?;
        let bytes = self.lines[l].text.as_bytes();
        let mut items = Vec::new();
        let mut i = skip_spaces(bytes, at + 1);
        if bytes.get(i) != Some(&b']') {
            loop {
                let (item, after) = self.flow_scalar(l, i, b']')?;
                items.push(item);
                match bytes.get(after) {
                    Some(b',') => i = skip_spaces(bytes, after + 1),
                    Some(b']') => {
                        i = after;
                        break;
                    }
                    _ => return Err(Bail),
                }
            }
        }
        self.depth -= 1;
        let node = Node {
            value: Value::Seq(items),
            pos: self.pos(l, at),
            len: 1,
        };
        Ok((node, i + 1))
    }

    /// A key of a flow mapping at byte `at`: quoted, or plain with the characters of
    /// block keys; gives the key and the byte after it.
    fn flow_key(&self, l: usize, at: usize) -> Step<(Key, usize)> {
        let text = self.lines[l].text;
        let bytes = text.as_bytes();
        let pos = self.pos(l, at);
        if matches!(bytes.get(at), Some(b'"' | b'\'')) {
            let (text, end) = quoted(text, at)?;
            return Ok((Key { text, pos }, end));
        }
        let end = (at..bytes.len())
            .find(|&i| !is_key_byte(bytes[i]))
            .unwrap_or(bytes.len());
        let first = bytes.get(at).copied().unwrap_or(b' ');
        if !(first.is_ascii_alphanumeric() || first == b'_') || end - at > MAX_KEY_BYTES {
            return Err(Bail);
        }
        Ok((
            Key {
                text: text[at..end].to_string(),
                pos,
            },
            end,
        ))
    }

    /// `{k: v, l: w}` on one line; gives the node and the byte after `}`.
    fn flow_map(&mut self, l: usize, at: usize) -> Step<(Node, usize)> {
        self.enter()?;
        let pos = self.pos(l, at);
        let bytes = self.lines[l].text.as_bytes();
        let mut frame = MapFrame::new(pos);
        let mut i = skip_spaces(bytes, at + 1);
        if bytes.get(i) != Some(&b'}') {
            loop {
                let (key, after) = self.flow_key(l, i)?;
                if bytes.get(after) != Some(&b':') || bytes.get(after + 1) != Some(&b' ') {
                    return Err(Bail);
                }
                let (value, end) = self.flow_scalar(l, skip_spaces(bytes, after + 1), b'}')?;
                match frame.first(&key.text) {
                    Some(first) => self.errors.push(Error {
                        kind: ErrorKind::DuplicateKey {
                            key: key.text,
                            first,
                        },
                        pos: key.pos,
                    }),
                    None => frame.insert(key, value),
                }
                match bytes.get(end) {
                    Some(b',') => i = skip_spaces(bytes, end + 1),
                    Some(b'}') => {
                        i = end;
                        break;
                    }
                    _ => return Err(Bail),
                }
            }
        }
        self.depth -= 1;
        let node = Node {
            value: Value::Map(frame.entries),
            pos,
            len: 1,
        };
        Ok((node, i + 1))
    }
}

/// A quoted scalar starting at byte `at` (a `"` or `'`) and closing on the same line:
/// its text and the byte after the closing quote. Backslash escapes are left to the
/// general parser; `''` inside single quotes is one quote.
fn quoted(text: &str, at: usize) -> Step<(String, usize)> {
    let bytes = text.as_bytes();
    let quote = bytes[at];
    let mut value = String::new();
    let mut from = at + 1;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => return Err(Bail),
            b if b == quote => {
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    value.push_str(&text[from..=i]);
                    i += 2;
                    from = i;
                    continue;
                }
                value.push_str(&text[from..i]);
                return Ok((value, i + 1));
            }
            _ => i += 1,
        }
    }
    Err(Bail)
}

/// Where the two ASCII bytes `a` `b` first occur together in `text` (`str::find` with a
/// two-byte pattern, but searching for the byte that is not a space with memchr: this
/// runs on every scalar of every file).
fn find_pair(text: &str, a: u8, b: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    if a == b' ' {
        text.match_indices(char::from(b))
            .map(|(i, _)| i)
            .find(|&i| i > 0 && bytes[i - 1] == a)
            .map(|i| i - 1)
    } else {
        text.match_indices(char::from(a))
            .map(|(i, _)| i)
            .find(|&i| bytes.get(i + 1) == Some(&b))
    }
}

#[cfg(test)]
mod tests {
    use super::find_pair;

    #[test]
    fn find_pair_finds_what_str_find_finds() {
        for text in [
            "", "#", " #", "a #b #", "a#b #c", "x: y", "x:y: z", ":", "a :", "é #ü", "::  ",
        ] {
            assert_eq!(find_pair(text, b' ', b'#'), text.find(" #"), "{text:?}");
            assert_eq!(find_pair(text, b':', b' '), text.find(": "), "{text:?}");
        }
    }
}
