//! The words of diagnostics, loaded once from the embedded `messages.yaml`.
//! A test checks that every code has a message and hint in every language, so the
//! fallbacks below (the code's name) are never seen by users.

use super::{Code, Diagnostic};
use crate::yaml::{self, Node};
use std::collections::HashMap;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("messages.yaml");

/// Language of diagnostics and of the site's interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }
}

pub(super) struct Text {
    pub message: String,
    pub hint: String,
}

pub(super) struct Extras {
    pub did_you_mean: String,
    pub allowed: String,
    pub error: String,
    pub warning: String,
    /// Follows a plain-words YAML explanation: "the parser said `{parser}`".
    pub parser_said: String,
}

/// Plain words for one family of YAML parser messages (`_yaml_syntax`).
pub(super) struct SyntaxText {
    /// Fragments of the parser's English message; empty for the fallback entry.
    matches: Vec<String>,
    /// (detail, hint) per language; `{parser}` stands for the parser's own words.
    pub texts: [(String, String); 2],
}

struct Table {
    texts: HashMap<(String, Lang), Text>,
    extras: [Extras; 2],
    syntax: Vec<SyntaxText>,
    synonyms: HashMap<String, String>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let root = yaml::parse(SOURCE, 0).root.unwrap_or(Node {
            value: yaml::Value::Null,
            pos: yaml::Pos::default(),
            len: 1,
        });
        let field = |node: Option<&Node>, key: &str| {
            node.and_then(|n| n.get(key))
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let mut texts = HashMap::new();
        for (key, entry) in root.as_map().unwrap_or_default() {
            if key.text.starts_with('_') {
                continue;
            }
            for lang in Lang::ALL {
                let per_lang = entry.get(lang.code());
                let text = Text {
                    message: field(per_lang, "message"),
                    hint: field(per_lang, "hint"),
                };
                texts.insert((key.text.clone(), lang), text);
            }
        }
        let extras = Lang::ALL.map(|lang| {
            let node = root.get("_extras").and_then(|e| e.get(lang.code()));
            Extras {
                did_you_mean: field(node, "did_you_mean"),
                allowed: field(node, "allowed"),
                error: field(node, "error"),
                warning: field(node, "warning"),
                parser_said: field(node, "parser_said"),
            }
        });
        let syntax = root
            .get("_yaml_syntax")
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .map(|entry| SyntaxText {
                matches: entry
                    .get("match")
                    .and_then(Node::as_seq)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|m| m.as_str().map(str::to_string))
                    .collect(),
                texts: Lang::ALL.map(|lang| {
                    let per_lang = entry.get(lang.code());
                    (field(per_lang, "detail"), field(per_lang, "hint"))
                }),
            })
            .collect();
        let synonyms = root
            .get("_key_synonyms")
            .and_then(Node::as_map)
            .unwrap_or_default()
            .iter()
            .filter_map(|(k, v)| Some((k.text.clone(), v.as_str()?.to_string())))
            .collect();
        Table {
            texts,
            extras,
            syntax,
            synonyms,
        }
    })
}

/// The key lumbung expects for a key an Indonesian editor may write (`judul` → `title`).
pub fn key_synonym(key: &str) -> Option<&'static str> {
    table().synonyms.get(key).map(String::as_str)
}

/// The plain-words entry for a YAML parser message: the first whose fragment occurs
/// in it, else the fallback (the entry without fragments).
pub(super) fn yaml_syntax(parser: &str) -> Option<&'static SyntaxText> {
    let entries = &table().syntax;
    entries
        .iter()
        .find(|e| e.matches.iter().any(|m| parser.contains(m.as_str())))
        .or_else(|| entries.iter().find(|e| e.matches.is_empty()))
}

pub(super) fn text(code: Code, lang: Lang) -> Text {
    match table().texts.get(&(code.code().to_string(), lang)) {
        Some(t) if !t.message.is_empty() => Text {
            message: t.message.clone(),
            hint: t.hint.clone(),
        },
        _ => Text {
            message: code.name().to_string(),
            hint: String::new(),
        },
    }
}

pub(super) fn extras(lang: Lang) -> &'static Extras {
    &table().extras[lang as usize]
}

/// Replaces every `{name}` with the diagnostic's argument of that name, in one pass,
/// so braces inside a value (a hostile key such as `{hint}`) stay as written.
pub(super) fn fill(template: String, d: &Diagnostic, lang: Lang) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name = after.find('}').map(|close| &after[..close]);
        match name.and_then(|n| d.args.iter().find(|(a, _)| *a == n)) {
            Some((name, value)) => {
                out.push_str(value.text(lang));
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_words_in_every_language() {
        for code in Code::ALL {
            for lang in Lang::ALL {
                let t = table().texts.get(&(code.code().to_string(), lang));
                let t = t.unwrap_or_else(|| panic!("{} has no {:?} text", code.code(), lang));
                assert!(
                    !t.message.is_empty() && !t.hint.is_empty(),
                    "{} {:?}",
                    code.code(),
                    lang
                );
            }
        }
        for lang in Lang::ALL {
            assert!(!extras(lang).did_you_mean.is_empty());
            assert!(extras(lang).parser_said.contains("{parser}"));
        }
    }

    #[test]
    fn every_yaml_syntax_entry_has_words_and_one_is_the_fallback() {
        let entries = &table().syntax;
        assert!(entries.len() > 10);
        assert_eq!(entries.iter().filter(|e| e.matches.is_empty()).count(), 1);
        for entry in entries {
            for (detail, hint) in &entry.texts {
                assert!(
                    !detail.is_empty() && !hint.is_empty(),
                    "{:?}",
                    entry.matches
                );
            }
        }
    }

    #[test]
    fn indonesian_key_names_map_to_the_keys_lumbung_expects() {
        assert_eq!(key_synonym("judul"), Some("title"));
        assert_eq!(key_synonym("bukti"), Some("evidence"));
        assert_eq!(key_synonym("title"), None);
    }

    #[test]
    fn fill_does_not_expand_braces_inside_values() {
        let d = Diagnostic::new(Code::UnknownKey, "f.md", crate::yaml::Pos::default())
            .arg("key", "{context}")
            .arg("context", "site.yaml");
        assert_eq!(
            fill("`{key}` in {context} {other}".into(), &d, Lang::En),
            "`{context}` in site.yaml {other}"
        );
    }
}
