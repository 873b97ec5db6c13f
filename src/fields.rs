//! Reading typed fields out of a YAML mapping, reporting every shape problem (unknown
//! key, wrong type, missing field, impossible date) as a located diagnostic instead of
//! stopping at the first one, as serde would.
//!
//! Used for front matter and `site.yaml`. Takes a [`Node`] and gives plain values
//! wrapped in [`Spanned`], so later stages can point at the exact place of a value.

use crate::diagnostics::{key_synonym, Code, Diagnostic, Diagnostics};
use crate::yaml::{Key, Node, Pos, Value};

/// A value with the position (and length in characters) of its source text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
    pub len: u32,
}

impl<T> Spanned<T> {
    pub fn new(value: T, pos: Pos, len: usize) -> Self {
        Spanned {
            value,
            pos,
            len: u32::try_from(len).unwrap_or(u32::MAX),
        }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

/// A calendar date, checked (2023-02-30 is refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, accepting only dates that exist.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0);
        let days = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (date.day >= 1 && date.day <= days).then_some(date)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Expected value types, with their words in both languages.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Text,
    List,
    Bool,
    Number,
    Map,
}

impl Ty {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Ty::Text => ("teks", "text"),
            Ty::List => ("daftar", "a list"),
            Ty::Bool => ("true atau false", "true or false"),
            Ty::Number => ("angka", "a number"),
            Ty::Map => ("pemetaan `kunci: nilai`", "a mapping of `key: value`"),
        }
    }
}

fn found_words(node: &Node) -> (&'static str, &'static str) {
    match node.value {
        Value::Null => ("nilai kosong", "nothing"),
        Value::Bool(_) => ("true/false", "true/false"),
        Value::Int(_) | Value::Float(_) => ("angka", "a number"),
        Value::Str(_) => ("teks", "text"),
        Value::Seq(_) => ("daftar", "a list"),
        Value::Map(_) => ("pemetaan", "a mapping"),
    }
}

/// The wrong-type diagnostic for `node`, with an example of the right shape.
pub fn wrong_type(file: &str, field: &str, node: &Node, expected: Ty, example: &str) -> Diagnostic {
    let field = format!("`{field}`");
    wrong_type_named(file, (&field, &field), node, expected, example)
}

/// [`wrong_type`] for a whole mapping, named in words (Indonesian, English).
fn wrong_type_named(
    file: &str,
    field: (&str, &str),
    node: &Node,
    expected: Ty,
    example: &str,
) -> Diagnostic {
    let (exp_id, exp_en) = expected.words();
    let (found_id, found_en) = found_words(node);
    Diagnostic::new(Code::WrongType, file, node.pos)
        .span(node.len as usize)
        .arg_lang("field", field.0, field.1)
        .arg_lang("expected", exp_id, exp_en)
        .arg_lang("found", found_id, found_en)
        .arg_lang(
            "example",
            format!("Contoh: `{example}`"),
            format!("Example: `{example}`"),
        )
}

/// Where a mapping sits, for "unknown key … in {context}" messages.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub id: &'static str,
    pub en: &'static str,
}

/// A mapping being read. Every key must be one of `allowed`; the rest are reported
/// when the reader is created.
pub struct Fields<'a> {
    node: &'a Node,
    file: &'a str,
    context: Context,
    /// Keys that an unknown key was probably meant to be: not reported again as missing.
    suggested: Vec<String>,
    pub diags: &'a mut Diagnostics,
}

impl<'a> Fields<'a> {
    /// Starts reading `node` as a mapping; reports a wrong type (and returns None) if it
    /// is not one, and every key not in `allowed`.
    pub fn new(
        node: &'a Node,
        file: &'a str,
        context: Context,
        allowed: &[&str],
        example: &str,
        diags: &'a mut Diagnostics,
    ) -> Option<Fields<'a>> {
        let Some(entries) = node.as_map() else {
            let names = (capitalized(context.id), capitalized(context.en));
            diags.push(wrong_type_named(
                file,
                (&names.0, &names.1),
                node,
                Ty::Map,
                example,
            ));
            return None;
        };
        let mut suggested = Vec::new();
        for (key, _) in entries {
            if !allowed.contains(&key.text.as_str()) {
                let d = unknown_key(file, key, context, allowed);
                suggested.extend(d.suggestion.clone());
                diags.push(d);
            }
        }
        Some(Fields {
            node,
            file,
            context,
            suggested,
            diags,
        })
    }

    pub fn file(&self) -> &'a str {
        self.file
    }

    /// The raw node of `key`, if present.
    pub fn node(&self, key: &str) -> Option<&'a Node> {
        self.node.get(key)
    }

    /// Position of the key itself (for "this key's value is wrong" messages).
    pub fn key_pos(&self, key: &str) -> Pos {
        self.node
            .as_map()
            .and_then(|m| m.iter().find(|(k, _)| k.text == key))
            .map_or(self.node.pos, |(k, _)| k.pos)
    }

    fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// An optional text field. Numbers are accepted as their text (`agency: 123`).
    pub fn text(&mut self, key: &str, example: &str) -> Option<Spanned<String>> {
        let node = self.node(key)?;
        match &node.value {
            Value::Str(s) => Some(Spanned::new(s.clone(), node.pos, s.chars().count())),
            Value::Int(i) => Some(Spanned::new(i.to_string(), node.pos, i.to_string().len())),
            Value::Null => None,
            _ => {
                self.report(wrong_type(self.file, key, node, Ty::Text, example));
                None
            }
        }
    }

    /// A required, non-empty text field.
    pub fn required_text(&mut self, key: &str, example: &str) -> Option<Spanned<String>> {
        if self.node(key).is_none() {
            self.missing(key);
            return None;
        }
        let null = self.node(key).is_some_and(|n| n.value == Value::Null);
        match self.text(key, example) {
            Some(value) if !value.value.trim().is_empty() => Some(value),
            Some(_) => {
                self.empty(key);
                None
            }
            None => {
                if null {
                    self.empty(key);
                }
                None
            }
        }
    }

    /// Reports a required key as missing, at the start of the mapping, unless an
    /// unknown key (a typo of it, already reported with "did you mean") stands for it.
    pub fn missing(&mut self, key: &str) {
        if self.suggested.iter().any(|s| s == key) {
            return;
        }
        let d = Diagnostic::new(Code::MissingField, self.file, self.node.pos)
            .arg("field", key)
            .arg_lang("state", "tidak ada", "is missing")
            .arg_lang("action", "Tambahkan", "Add")
            .arg_lang("context", self.context.id, self.context.en);
        self.report(d);
    }

    /// Reports a required key that is written without a value, at the key.
    fn empty(&mut self, key: &str) {
        let d = Diagnostic::new(Code::MissingField, self.file, self.key_pos(key))
            .span(key.chars().count())
            .arg("field", key)
            .arg_lang("state", "kosong", "has no value")
            .arg_lang("action", "Isi nilai", "Give a value to")
            .arg_lang("context", self.context.id, self.context.en);
        self.report(d);
    }

    pub fn bool(&mut self, key: &str) -> Option<Spanned<bool>> {
        let node = self.node(key)?;
        match node.value {
            Value::Bool(b) => Some(Spanned::new(b, node.pos, if b { 4 } else { 5 })),
            Value::Null => None,
            _ => {
                let example = format!("{key}: true");
                self.report(wrong_type(self.file, key, node, Ty::Bool, &example));
                None
            }
        }
    }

    pub fn date(&mut self, key: &str) -> Option<Spanned<Date>> {
        let text = self.text(key, &format!("{key}: 2023-01-31"))?;
        match Date::parse(text.value.trim()) {
            Some(date) => Some(Spanned::new(date, text.pos, text.len as usize)),
            None => {
                let d = Diagnostic::new(Code::InvalidDate, self.file, text.pos)
                    .span(text.len as usize)
                    .arg("value", text.value.as_str())
                    .arg("field", key);
                self.report(d);
                None
            }
        }
    }

    /// A list of texts. A single text is accepted as a list of one (editors write
    /// `tags: desa`); anything else is a wrong type.
    pub fn text_list(&mut self, key: &str, example: &str) -> Vec<Spanned<String>> {
        let Some(node) = self.node(key) else {
            return Vec::new();
        };
        let items: &[Node] = match &node.value {
            Value::Seq(items) => items,
            Value::Str(_) => std::slice::from_ref(node),
            Value::Null => &[],
            _ => {
                self.report(wrong_type(self.file, key, node, Ty::List, example));
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match (item.as_str(), &item.value) {
                (Some(s), _) => out.push(Spanned::new(s.to_string(), item.pos, s.chars().count())),
                // A whole number reads as its digits (`tags: [2023]`), as in `text`.
                (None, Value::Int(i)) => {
                    out.push(Spanned::new(i.to_string(), item.pos, i.to_string().len()))
                }
                (None, _) => self.report(wrong_type(self.file, key, item, Ty::Text, example)),
            }
        }
        out
    }

    /// A number field (integers become floats).
    pub fn number(&mut self, key: &str, example: &str) -> Option<Spanned<f64>> {
        let node = self.node(key)?;
        number_of(node)
            .map(|n| Spanned::new(n, node.pos, 1))
            .or_else(|| {
                if !matches!(node.value, Value::Null) {
                    self.report(wrong_type(self.file, key, node, Ty::Number, example));
                }
                None
            })
    }

    /// The entries of a nested mapping field (empty if absent; wrong type reported).
    pub fn map(&mut self, key: &str, example: &str) -> &'a [(Key, Node)] {
        let Some(node) = self.node(key) else {
            return &[];
        };
        match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => {
                self.report(wrong_type(self.file, key, node, Ty::Map, example));
                &[]
            }
        }
    }
}

/// The text with its first letter in upper case (a context name opening a sentence).
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A YAML number as f64.
pub fn number_of(node: &Node) -> Option<f64> {
    match node.value {
        Value::Int(i) => Some(i as f64),
        Value::Float(f) => Some(f),
        _ => None,
    }
}

/// An unknown key, with "did you mean": the key an Indonesian word stands for
/// (`judul` → `title`) if it is allowed here, else the closest allowed key.
fn unknown_key(file: &str, key: &Key, context: Context, allowed: &[&str]) -> Diagnostic {
    let d = Diagnostic::new(Code::UnknownKey, file, key.pos)
        .span(key.text.chars().count())
        .arg("key", key.text.as_str())
        .arg_lang("context", context.id, context.en)
        .suggest(&key.text, allowed.iter().copied());
    match key_synonym(&key.text.to_lowercase()).filter(|k| allowed.contains(k)) {
        Some(meant) => Diagnostic {
            suggestion: Some(meant.to_string()),
            ..d
        },
        None => d,
    }
}

/// True for a valid slug: lower-case ASCII letters, digits and single inner hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// The closest valid slug to `s` (for hints): lower case, runs of other characters
/// become one hyphen, non-ASCII letters dropped.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase).map(unaccented) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-').to_string();
    if trimmed.is_empty() {
        "nama-baru".to_string()
    } else {
        trimmed
    }
}

/// The plain letter of a common accented Latin letter (`é` → `e`), else `c`.
fn unaccented(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    const CTX: Context = Context {
        id: "uji",
        en: "test",
    };

    #[test]
    fn a_missing_key_is_reported_unless_a_typo_stands_for_it() {
        let node = yaml::parse("nama: X\n", 0).root.expect("root");
        let mut diags = Diagnostics::default();
        let mut fields =
            Fields::new(&node, "f.md", CTX, &["name", "kind"], "", &mut diags).expect("a mapping");
        fields.required_text("name", "name: X");
        fields.required_text("kind", "kind: kota");
        let found: Vec<(Code, Option<&str>)> = diags
            .0
            .iter()
            .map(|d| (d.code, d.suggestion.as_deref()))
            .collect();
        assert_eq!(
            found,
            [(Code::UnknownKey, Some("name")), (Code::MissingField, None)]
        );
        assert_eq!(
            diags.0[1].get("field", crate::diagnostics::Lang::En),
            "kind"
        );
    }

    #[test]
    fn a_front_matter_that_is_not_a_mapping_is_named_in_words() {
        let node = yaml::parse("- a\n", 0).root.expect("root");
        let mut diags = Diagnostics::default();
        assert!(Fields::new(&node, "f.md", CTX, &[], "a: b", &mut diags).is_none());
        assert_eq!(
            diags.0[0].message(crate::diagnostics::Lang::Id),
            "Uji harus berupa pemetaan `kunci: nilai`, tetapi berisi daftar."
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(Date::parse("2023-02-28").is_some());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-30").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("23-01-01").is_none());
    }

    #[test]
    fn slugs_are_lower_case_ascii_with_inner_hyphens() {
        assert!(is_slug("kabupaten-banjar"));
        assert!(is_slug("sipandai-2"));
        for bad in ["Banjar", "kab banjar", "kabupatén", "-a", "a-", "a--b", ""] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(slugify("Kab. Banjar Baru"), "kab-banjar-baru");
        assert_eq!(slugify("Inovasi Désa"), "inovasi-desa");
    }

    #[test]
    fn every_unknown_key_and_wrong_type_is_reported() {
        let node = yaml::parse("titel: X\nstage: [a]\ndigital: ya\n", 0)
            .root
            .expect("root");
        let mut diags = Diagnostics::default();
        let mut fields = Fields::new(
            &node,
            "f.md",
            CTX,
            &["title", "stage", "digital"],
            "",
            &mut diags,
        )
        .expect("a mapping");
        assert!(fields.required_text("title", "title: X").is_none());
        assert!(fields.text("stage", "stage: penerapan").is_none());
        assert!(fields.bool("digital").is_none());
        let codes: Vec<_> = diags.0.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::UnknownKey, Code::WrongType, Code::WrongType]);
        assert_eq!(diags.0[0].suggestion.as_deref(), Some("title"));
        assert_eq!(
            diags.0[1].message(crate::diagnostics::Lang::En),
            "`stage` must be text, but it holds a list."
        );
    }
}
