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
}

struct Table {
    texts: HashMap<(String, Lang), Text>,
    extras: [Extras; 2],
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let root = yaml::parse(SOURCE, 0).root.unwrap_or(Node {
            value: yaml::Value::Null,
            pos: yaml::Pos::default(),
        });
        let field = |node: Option<&Node>, key: &str| {
            node.and_then(|n| n.get(key))
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let mut texts = HashMap::new();
        for (key, entry) in root.as_map().unwrap_or_default() {
            for lang in Lang::ALL {
                let per_lang = entry.get(lang.code());
                let text = Text { message: field(per_lang, "message"), hint: field(per_lang, "hint") };
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
            }
        });
        Table { texts, extras }
    })
}

pub(super) fn text(code: Code, lang: Lang) -> Text {
    match table().texts.get(&(code.code().to_string(), lang)) {
        Some(t) if !t.message.is_empty() => Text { message: t.message.clone(), hint: t.hint.clone() },
        _ => Text { message: code.name().to_string(), hint: String::new() },
    }
}

pub(super) fn extras(lang: Lang) -> &'static Extras {
    &table().extras[lang as usize]
}

/// Replaces every `{name}` with the diagnostic's argument of that name.
pub(super) fn fill(template: String, d: &Diagnostic, lang: Lang) -> String {
    let mut out = template;
    for (name, value) in &d.args {
        out = out.replace(&format!("{{{name}}}"), value.text(lang));
    }
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
                assert!(!t.message.is_empty() && !t.hint.is_empty(), "{} {:?}", code.code(), lang);
            }
        }
        for lang in Lang::ALL {
            assert!(!extras(lang).did_you_mean.is_empty());
        }
    }
}
