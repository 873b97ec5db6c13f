//! Problems found in a portfolio: what every stage reports instead of failing.
//!
//! A [`Diagnostic`] has a stable [`Code`], a severity, a file (relative to the site
//! root, `/`-separated), a 1-based line and column, and named arguments. Its words come
//! from `messages.yaml` (Indonesian and English), never from the code that raised it,
//! so the same problem reads the same everywhere and can be translated. Stages collect
//! diagnostics into a [`Diagnostics`] and keep going; only the caller decides to stop.

mod messages;
pub mod report;

pub use messages::{key_synonym, Lang};

use crate::yaml::{self, ErrorKind, Pos};
use rayon::slice::ParallelSliceMut;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident = $code:literal $name:literal $severity:ident,)*) => {
        /// Stable diagnostic codes. Numbers and names never change meaning; new problems
        /// get new codes. The table in `docs/diagnostics.md` lists them all.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, e.g. `L0201`.
            pub fn code(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The stable name, e.g. `unknown-option`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// Severity before `--strict`.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    InvalidUtf8 = "L0101" "invalid-utf8" Error,
    EmptyFile = "L0102" "empty-file" Error,
    MissingFrontMatter = "L0103" "missing-front-matter" Error,
    UnterminatedFrontMatter = "L0104" "unterminated-front-matter" Error,
    YamlSyntax = "L0105" "yaml-syntax" Error,
    YamlTab = "L0106" "yaml-tab" Error,
    DuplicateKey = "L0107" "duplicate-key" Error,
    YamlAlias = "L0108" "yaml-alias" Error,
    YamlTooDeep = "L0109" "yaml-too-deep" Error,
    FileTooLarge = "L0110" "file-too-large" Error,
    YamlUnsupported = "L0111" "yaml-unsupported" Error,
    EmptyFrontMatter = "L0112" "empty-front-matter" Error,
    FrontMatterTooLarge = "L0113" "front-matter-too-large" Error,
    ControlCharacter = "L0114" "control-character" Error,
    TooManyProblems = "L0115" "too-many-problems" Warning,
    UnknownOption = "L0201" "unknown-option" Error,
    UnknownIndicator = "L0202" "unknown-indicator" Error,
    IndicatorWrongLevel = "L0203" "indicator-wrong-level" Error,
    UnknownAffair = "L0204" "unknown-affair" Error,
    UnknownValue = "L0205" "unknown-value" Error,
    UnknownProvince = "L0206" "unknown-province" Error,
    UnknownKey = "L0301" "unknown-key" Error,
    WrongType = "L0302" "wrong-type" Error,
    MissingField = "L0303" "missing-field" Error,
    InvalidDate = "L0304" "invalid-date" Error,
    InvalidValue = "L0305" "invalid-value" Error,
    HistoryNotEarlier = "L0306" "history-not-earlier" Warning,
    BadSlug = "L0401" "bad-slug" Error,
    DuplicateSlug = "L0402" "duplicate-slug" Error,
    OutsideRegion = "L0403" "innovation-outside-region" Error,
    RegionWithoutIndex = "L0404" "region-without-index" Error,
    StrayFile = "L0405" "stray-file" Warning,
    UnreadableFile = "L0406" "unreadable-file" Error,
    SymlinkOutside = "L0407" "symlink-outside" Error,
    SpecialFile = "L0408" "special-file" Error,
    ReservedSlug = "L0409" "reserved-slug" Error,
    EvidenceFileAndUrl = "L0501" "evidence-file-and-url" Error,
    EvidenceNoTarget = "L0502" "evidence-no-target" Error,
    EvidenceAbsolutePath = "L0503" "evidence-absolute-path" Error,
    EvidencePathEscapes = "L0504" "evidence-path-escapes" Error,
    EvidenceNotFound = "L0505" "evidence-not-found" Error,
    EvidenceBadUrl = "L0506" "evidence-bad-url" Error,
    EvidenceEmptyFile = "L0507" "evidence-empty-file" Warning,
    EvidenceSymlinkEscapes = "L0508" "evidence-symlink-escapes" Error,
    EvidencePageName = "L0509" "evidence-page-name" Error,
    IndicatorMissing = "L0601" "indicator-missing" Warning,
    IndicatorUnverified = "L0602" "indicator-unverified" Warning,
    MethodologyInvalid = "L0701" "methodology-invalid" Error,
    TemplateError = "L0702" "template-error" Error,
    SiteConfigMissing = "L0703" "site-config-missing" Error,
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based; line 0 means "the whole file".
    pub pos: Pos,
    /// Length of the offending text in characters (at least 1), for the marker.
    pub len: u32,
    /// Named values substituted into the message and hint, e.g. `option`.
    pub args: Vec<(&'static str, Arg)>,
    /// "Did you mean …?"
    pub suggestion: Option<String>,
    /// The allowed values, when the list is short enough to print.
    pub allowed: Vec<String>,
}

/// A diagnostic argument: the same in every language (an id, a path) or translated.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Plain(String),
    Lang([String; 2]),
}

impl Arg {
    pub fn text(&self, lang: Lang) -> &str {
        match self {
            Arg::Plain(s) => s,
            Arg::Lang(texts) => &texts[lang as usize],
        }
    }
}

/// Lists longer than this are not printed in a hint (the docs list them).
const MAX_ALLOWED_SHOWN: usize = 12;

impl Diagnostic {
    pub fn new(code: Code, file: impl Into<String>, pos: Pos) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            file: file.into(),
            pos,
            len: 1,
            args: Vec::new(),
            suggestion: None,
            allowed: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Plain(value.into())));
        self
    }

    /// An argument whose words depend on the language (Indonesian, English).
    pub fn arg_lang(
        mut self,
        name: &'static str,
        id: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        self.args.push((name, Arg::Lang([id.into(), en.into()])));
        self
    }

    /// Marks `len` characters from the position (e.g. the whole unknown word).
    pub fn span(mut self, len: usize) -> Self {
        self.len = u32::try_from(len.max(1)).unwrap_or(u32::MAX);
        self
    }

    /// Adds "did you mean …?" (the closest candidate, if close enough) and, for short
    /// lists, every allowed value.
    pub fn suggest<'a>(mut self, got: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let candidates: Vec<&str> = candidates.into_iter().collect();
        self.suggestion = closest(got, &candidates).map(str::to_string);
        if candidates.len() <= MAX_ALLOWED_SHOWN {
            self.allowed = candidates.iter().map(|c| c.to_string()).collect();
        }
        self
    }

    /// The diagnostic for a YAML parser error in `file`.
    pub fn from_yaml(file: &str, err: &yaml::Error) -> Diagnostic {
        let d = |code| Diagnostic::new(code, file, err.pos);
        match &err.kind {
            ErrorKind::Syntax(parser) => yaml_syntax(d(Code::YamlSyntax), parser),
            ErrorKind::Tab => d(Code::YamlTab),
            ErrorKind::DuplicateKey { key, first } => d(Code::DuplicateKey)
                .span(key.chars().count())
                .arg("key", key.as_str())
                .arg("first_line", first.line.to_string()),
            ErrorKind::Alias => d(Code::YamlAlias),
            ErrorKind::TooDeep => d(Code::YamlTooDeep).arg("max", yaml::MAX_DEPTH.to_string()),
            ErrorKind::ComplexKey => d(Code::YamlUnsupported).arg_lang(
                "detail",
                "kunci berupa daftar atau pemetaan",
                "a key that is a list or mapping",
            ),
            ErrorKind::MultipleDocuments => d(Code::YamlUnsupported).arg_lang(
                "detail",
                "lebih dari satu dokumen YAML",
                "more than one YAML document",
            ),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The value of a named argument in `lang` ("" if absent).
    pub fn get(&self, name: &str, lang: Lang) -> &str {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.text(lang))
    }

    /// The message in `lang`, with arguments filled in.
    pub fn message(&self, lang: Lang) -> String {
        messages::fill(messages::text(self.code, lang).message, self, lang)
    }

    /// The hint in `lang`, followed by the suggestion and allowed values.
    pub fn hint(&self, lang: Lang) -> String {
        let mut hint = messages::fill(messages::text(self.code, lang).hint, self, lang);
        let extras = messages::extras(lang);
        if let Some(s) = &self.suggestion {
            hint.push(' ');
            hint.push_str(&extras.did_you_mean.replace("{suggestion}", s));
        }
        if !self.allowed.is_empty() {
            hint.push(' ');
            hint.push_str(
                &extras
                    .allowed
                    .replace("{allowed}", &self.allowed.join(", ")),
            );
        }
        hint.trim().to_string()
    }
}

/// Fills a YAML syntax diagnostic with plain words for the parser's message `parser`
/// (from `_yaml_syntax` in messages.yaml), keeping the parser's own words after the hint.
fn yaml_syntax(d: Diagnostic, parser: &str) -> Diagnostic {
    let Some(entry) = messages::yaml_syntax(parser) else {
        return d.arg("detail", parser).arg("hint", "");
    };
    let [id, en] = Lang::ALL.map(|lang| {
        let (detail, hint) = &entry.texts[lang as usize];
        let said = messages::extras(lang)
            .parser_said
            .replace("{parser}", parser);
        let hint = if detail.contains("{parser}") {
            hint.clone()
        } else {
            format!("{hint} {said}")
        };
        (detail.replace("{parser}", parser), hint)
    });
    d.arg_lang("detail", id.0, en.0)
        .arg_lang("hint", id.1, en.1)
}

/// The candidate closest to `got`, if it is plausibly a typo of it.
pub fn closest<'a>(got: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let got_lower = got.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&got_lower, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// More problems than this in one file are counted, not listed: such a file is
/// damaged or hostile, and listing them all would bury the other files' problems.
pub const MAX_PER_FILE: usize = 200;

/// Problems of one file left out of the list.
#[derive(Default)]
struct Hidden {
    count: usize,
    /// Whether an error is among them: then the note is an error too, so a run never
    /// passes because its only error was beyond the first [`MAX_PER_FILE`].
    error: bool,
}

/// After the last kept diagnostic of a file, notes how many of its problems were left out.
fn flush_hidden(kept: &mut Vec<Diagnostic>, hidden: &mut Hidden) {
    if hidden.count > 0 {
        if let Some(last) = kept.last() {
            let mut note = Diagnostic::new(Code::TooManyProblems, last.file.clone(), last.pos)
                .arg("count", hidden.count.to_string());
            if hidden.error {
                note.severity = Severity::Error;
            }
            kept.push(note);
        }
    }
    *hidden = Hidden::default();
}

/// Every diagnostic of a run, in the order found; [`Diagnostics::sorted`] orders them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// `--strict`: every warning becomes an error.
    pub fn make_strict(&mut self) {
        for d in &mut self.0 {
            d.severity = Severity::Error;
        }
    }

    /// Sorted by file, line, column, then code: the order they are printed in. A file
    /// with more than [`MAX_PER_FILE`] problems keeps its first ones and a
    /// `too-many-problems` note saying how many more there are.
    pub fn sorted(mut self) -> Self {
        // In parallel: a national portfolio has tens of thousands of warnings.
        self.0
            .par_sort_by(|a, b| (&a.file, a.pos, a.code).cmp(&(&b.file, b.pos, b.code)));
        self.0.dedup();
        self.cap_per_file();
        self
    }

    fn cap_per_file(&mut self) {
        let mut kept: Vec<Diagnostic> = Vec::with_capacity(self.0.len());
        let mut shown = 0;
        let mut hidden = Hidden::default();
        for d in std::mem::take(&mut self.0) {
            if kept.last().is_some_and(|last| last.file != d.file) {
                flush_hidden(&mut kept, &mut hidden);
                shown = 0;
            }
            shown += 1;
            if shown <= MAX_PER_FILE {
                kept.push(d);
            } else {
                hidden.count += 1;
                hidden.error |= d.is_error();
            }
        }
        flush_hidden(&mut kept, &mut hidden);
        self.0 = kept;
    }

    /// Number of distinct files with at least one diagnostic.
    pub fn file_count(&self) -> usize {
        let mut files: Vec<&str> = self.0.iter().map(|d| d.file.as_str()).collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }
}

/// Diagnostics kept whole between runs and shared rather than copied (in `serve`, the
/// problems of one region's innovations), knowing whether they hold an error.
#[derive(Debug, Clone, Default)]
pub struct Shared {
    list: Arc<Diagnostics>,
    errors: bool,
}

impl From<Diagnostics> for Shared {
    fn from(list: Diagnostics) -> Shared {
        Shared {
            errors: list.has_errors(),
            list: Arc::new(list),
        }
    }
}

impl Shared {
    pub fn has_errors(&self) -> bool {
        self.errors
    }

    /// The list, moved out when this is its only holder.
    fn into_list(self) -> Vec<Diagnostic> {
        Arc::try_unwrap(self.list).map_or_else(|list| list.0.clone(), |list| list.0)
    }
}

/// Every diagnostic of a run, some owned and some [`Shared`], sorted only when read: a
/// national portfolio has tens of thousands of warnings, and a `serve` rebuild that
/// succeeds needs none of them. [`Gathered::sorted`] is [`Diagnostics::sorted`] of all.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    own: Diagnostics,
    shared: Vec<Shared>,
}

impl Gathered {
    pub fn new(own: Diagnostics, shared: Vec<Shared>) -> Gathered {
        Gathered { own, shared }
    }

    /// The sorted list when it has an error. Sorting only drops duplicates and a
    /// file's problems beyond [`MAX_PER_FILE`] (adding a note that is an error when
    /// they hold one), so with an error before sorting there is one after, and without
    /// one nothing is sorted.
    pub fn errors(&self) -> Option<Diagnostics> {
        let any = self.own.has_errors() || self.shared.iter().any(Shared::has_errors);
        any.then(|| self.sorted()).filter(Diagnostics::has_errors)
    }

    /// All of them, sorted (copies the shared ones).
    pub fn sorted(&self) -> Diagnostics {
        let mut all = self.own.0.clone();
        for run in &self.shared {
            all.extend_from_slice(&run.list.0);
        }
        Diagnostics(all).sorted()
    }

    /// All of them, sorted, moving what is not shared with anyone else.
    pub fn into_sorted(self) -> Diagnostics {
        let mut all = self.own.0;
        for run in self.shared {
            all.extend(run.into_list());
        }
        Diagnostics(all).sorted()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.code()), "duplicate {}", code.code());
            assert!(code.code().starts_with('L') && code.code().len() == 5);
        }
    }

    #[test]
    fn a_typo_gets_the_closest_candidate() {
        let d = Diagnostic::new(Code::UnknownValue, "f.md", Pos::default())
            .suggest("penerapn", ["inisiatif", "uji-coba", "penerapan"]);
        assert_eq!(d.suggestion.as_deref(), Some("penerapan"));
        assert_eq!(d.allowed.len(), 3);
    }

    #[test]
    fn unrelated_words_get_no_suggestion() {
        assert_eq!(closest("zzz", &["pendidikan", "kesehatan"]), None);
    }

    #[test]
    fn a_file_with_too_many_problems_is_cut_short_with_a_count() {
        let mut all = Diagnostics::default();
        for line in 1..=(MAX_PER_FILE as u32 + 50) {
            all.push(Diagnostic::new(
                Code::UnknownKey,
                "b.md",
                Pos { line, col: 1 },
            ));
        }
        all.push(Diagnostic::new(
            Code::UnknownKey,
            "a.md",
            Pos { line: 1, col: 1 },
        ));
        all.push(Diagnostic::new(
            Code::UnknownKey,
            "c.md",
            Pos { line: 1, col: 1 },
        ));
        let sorted = all.sorted();
        assert_eq!(sorted.0.len(), MAX_PER_FILE + 3);
        let note = &sorted.0[MAX_PER_FILE + 1];
        assert_eq!(
            (note.code, note.file.as_str(), note.get("count", Lang::En)),
            (Code::TooManyProblems, "b.md", "50")
        );
        assert_eq!(sorted.0.last().map(|d| d.file.as_str()), Some("c.md"));
        assert!(note.is_error(), "the hidden problems are errors");
    }

    #[test]
    fn hidden_warnings_give_a_warning_note() {
        let all = Diagnostics(
            (1..=MAX_PER_FILE as u32 + 5)
                .map(|line| Diagnostic::new(Code::IndicatorMissing, "a.md", Pos { line, col: 1 }))
                .collect(),
        );
        let sorted = all.sorted();
        assert_eq!(sorted.0.last().map(|d| d.code), Some(Code::TooManyProblems));
        assert!(!sorted.has_errors());
    }

    #[test]
    fn strict_turns_warnings_into_errors() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::new(
            Code::IndicatorMissing,
            "a.md",
            Pos::default(),
        ));
        assert!(!all.has_errors());
        all.make_strict();
        assert!(all.has_errors());
    }

    #[test]
    fn gathered_diagnostics_sort_like_one_list_and_see_only_kept_errors() {
        let at = |file: &str, line, code| Diagnostic::new(code, file, Pos { line, col: 1 });
        let own = Diagnostics(vec![at("b.md", 2, Code::IndicatorMissing)]);
        let run = Diagnostics(vec![
            at("c.md", 1, Code::IndicatorMissing),
            at("a.md", 5, Code::IndicatorUnverified),
        ]);
        let mut all = own.clone();
        all.extend(run.clone());
        let gathered = Gathered::new(own, vec![run.into(), Diagnostics::default().into()]);
        assert_eq!(gathered.sorted(), all.clone().sorted());
        assert_eq!(gathered.errors(), None);
        assert_eq!(gathered.into_sorted(), all.sorted());
        // An error beyond the first MAX_PER_FILE problems of its file is not listed,
        // but its note is an error: the run still fails.
        let many: Vec<Diagnostic> = (1..=MAX_PER_FILE as u32 + 1)
            .map(|line| at("d.md", line, Code::IndicatorMissing))
            .collect();
        let mut hidden = Diagnostics(many);
        hidden.push(at("d.md", MAX_PER_FILE as u32 + 2, Code::UnknownKey));
        let hidden = Shared::from(hidden);
        assert!(hidden.has_errors());
        let errors = Gathered::new(Diagnostics::default(), vec![hidden]).errors();
        let last = errors.as_ref().and_then(|e| e.0.last());
        assert_eq!(
            last.map(|d| (d.code, d.is_error())),
            Some((Code::TooManyProblems, true))
        );
        let error = Diagnostics(vec![at("e.md", 1, Code::UnknownKey)]);
        let shown = Gathered::new(Diagnostics::default(), vec![error.clone().into()]);
        assert_eq!(shown.errors(), Some(error));
    }
}
