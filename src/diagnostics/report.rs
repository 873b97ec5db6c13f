//! Printing diagnostics: `human` (source line with a marker under the span, via
//! codespan-reporting), `json` (one document for tools) and `github` (workflow-command
//! annotations so a pull request shows problems inline), plus the summary line.

use super::{messages, Diagnostic, Diagnostics, Lang, Severity};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

/// Output formats of `lumbung check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Source files larger than this are not read for excerpts (content files are capped
/// at this size anyway, so only a file changed since loading can be larger).
const MAX_SOURCE_BYTES: u64 = crate::content::MAX_FILE_BYTES;

/// Lines longer than this (in bytes) are not excerpted: the location is printed
/// instead, so one hostile megabyte-long line cannot flood the terminal.
const MAX_EXCERPT_LINE: usize = 1000;

/// Reads a diagnostic's file (relative to the site root) for the source excerpt. Only
/// regular files within the size cap are read: never a pipe, device or huge file.
pub fn read_source(root: &Path) -> impl Fn(&str) -> Option<String> + '_ {
    move |file| {
        crate::content::read_bounded(&root.join(file), MAX_SOURCE_BYTES)
            .ok()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// A source file registered with codespan, and the byte offset of each of its lines.
struct Source {
    id: usize,
    line_starts: Vec<usize>,
}

/// Renders every diagnostic for a person. `color` adds ANSI colours. Each file is read
/// once, and only if some diagnostic points at one of its lines.
pub fn human(
    diags: &Diagnostics,
    source: &dyn Fn(&str) -> Option<String>,
    lang: Lang,
    color: bool,
) -> String {
    let mut files = SimpleFiles::new();
    let mut sources: HashMap<&str, Source> = HashMap::new();
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    let excerpted: HashSet<&str> = diags
        .0
        .iter()
        .filter(|d| d.pos.line > 0)
        .map(|d| d.file.as_str())
        .collect();
    for d in &diags.0 {
        let src = sources.entry(d.file.as_str()).or_insert_with(|| {
            // Excerpts are printable text; columns count characters, which this keeps.
            let text = if excerpted.contains(d.file.as_str()) {
                printable(&source(&d.file).unwrap_or_default())
            } else {
                String::new()
            };
            Source {
                line_starts: line_starts(&text),
                id: files.add(printable(&d.file), text),
            }
        });
        let text = files
            .get(src.id)
            .map(|f| f.source().as_str())
            .unwrap_or_default();
        let report = to_report(d, src.id, byte_range(text, &src.line_starts, d), lang);
        // A file changed while printing is the only failure; the line is then skipped.
        let _ = term::emit_to_write_style(&mut buffer, &config, &files, &report);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn to_report(
    d: &Diagnostic,
    file_id: usize,
    range: Option<Range<usize>>,
    lang: Lang,
) -> Report<usize> {
    let report = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    };
    let report = report
        .with_code(d.code.code())
        .with_message(printable(&d.message(lang)));
    let mut notes = Vec::new();
    let report = match range {
        Some(range) => report.with_labels(vec![Label::primary(file_id, range)]),
        None => {
            notes.push(printable(&location(d)));
            report
        }
    };
    let hint = printable(&d.hint(lang));
    if !hint.is_empty() {
        notes.push(format!(
            "{}: {hint}",
            if lang == Lang::Id { "saran" } else { "hint" }
        ));
    }
    report.with_notes(notes)
}

/// Text safe to print on a terminal: control characters (which a hostile file could
/// use to send escape sequences) become their visible pictures (U+2400…), and bidi
/// overrides become U+FFFD. One character stays one character, so columns still match.
/// Line breaks and tabs are kept; the `\r` of a `\r\n` line end is dropped.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\t' => out.push(c),
            '\0'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'))
            }
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                out.push('\u{fffd}')
            }
            _ => out.push(c),
        }
    }
    out
}

/// `file:line:col`, or just `file` for whole-file problems.
fn location(d: &Diagnostic) -> String {
    if d.pos.line == 0 {
        d.file.clone()
    } else {
        format!("{}:{}:{}", d.file, d.pos.line, d.pos.col)
    }
}

/// The byte range of the diagnostic's span in `text`, if its line exists and is short
/// enough to show.
fn byte_range(text: &str, line_starts: &[usize], d: &Diagnostic) -> Option<Range<usize>> {
    let line_start = *line_starts.get((d.pos.line as usize).checked_sub(1)?)?;
    if line_start >= text.len() && !text.is_empty() {
        return None;
    }
    let line = text.get(line_start..)?.split('\n').next()?;
    if line.len() > MAX_EXCERPT_LINE {
        return None;
    }
    let char_offset = |chars: usize| {
        line.char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| i)
    };
    let start = char_offset(d.pos.col.saturating_sub(1) as usize);
    let end = char_offset(d.pos.col.saturating_sub(1) as usize + d.len as usize).max(start);
    Some(line_start + start..line_start + end)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format: &'static str,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    file: &'a str,
    line: u32,
    column: u32,
    message: String,
    hint: String,
}

/// One JSON document listing every diagnostic.
pub fn json(diags: &Diagnostics, lang: Lang) -> String {
    let report = JsonReport {
        format: "lumbung-diagnostics/1",
        errors: diags.count(Severity::Error),
        warnings: diags.count(Severity::Warning),
        diagnostics: diags
            .0
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code.code(),
                name: d.code.name(),
                severity: d.severity,
                file: &d.file,
                line: d.pos.line,
                column: d.pos.col,
                message: d.message(lang),
                hint: d.hint(lang),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(diags: &Diagnostics, lang: Lang) -> String {
    let mut out = String::new();
    for d in &diags.0 {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let text = printable(&format!("{} {}", d.message(lang), d.hint(lang)));
        out.push_str(&format!(
            "::{level} file={},line={},col={},title={}::{}\n",
            escape_property(&printable(&d.file)),
            d.pos.line.max(1),
            d.pos.col.max(1),
            escape_property(&format!("{} {}", d.code.code(), d.code.name())),
            escape_data(&text),
        ));
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// "2 galat, 5 peringatan di 3 berkas" — the last line of every check.
pub fn summary(diags: &Diagnostics, lang: Lang) -> String {
    let errors = diags.count(Severity::Error);
    let warnings = diags.count(Severity::Warning);
    let files = diags.file_count();
    let extras = messages::extras(lang);
    match lang {
        Lang::Id => format!(
            "{errors} {}, {warnings} {} di {files} berkas",
            extras.error, extras.warning
        ),
        Lang::En => format!(
            "{errors} error{}, {warnings} warning{} in {files} file{}",
            plural(errors),
            plural(warnings),
            plural(files)
        ),
    }
}

/// Warnings listed one per line by `build` and `serve`, at most; `check` lists all.
pub const WARNINGS_LISTED: usize = 20;

/// One line per diagnostic (`file:line:col: severity[code]: message`), listing at most
/// `limit` warnings and then how many more there are (errors are always listed).
pub fn short(diags: &Diagnostics, lang: Lang, limit: usize) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut warnings = 0;
    for d in &diags.0 {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => {
                warnings += 1;
                if warnings > limit {
                    continue;
                }
                "warning"
            }
        };
        let _ = writeln!(
            out,
            "{}:{}:{}: {severity}[{}]: {}",
            d.file,
            d.pos.line,
            d.pos.col,
            d.code.code(),
            d.message(lang)
        );
    }
    if warnings > limit {
        let more = warnings - limit;
        let _ = match lang {
            Lang::Id => writeln!(
                out,
                "… dan {more} peringatan lain (`lumbung check` menampilkan semuanya)"
            ),
            Lang::En => writeln!(
                out,
                "… and {more} more warnings (`lumbung check` lists them all)"
            ),
        };
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::yaml::Pos;

    fn sample() -> Diagnostics {
        let d = Diagnostic::new(
            Code::UnknownValue,
            "content/banjar/a.md",
            Pos { line: 3, col: 8 },
        )
        .arg("value", "penerapn")
        .arg("field", "stage")
        .span(8)
        .suggest("penerapn", ["inisiatif", "uji-coba", "penerapan"]);
        Diagnostics(vec![d])
    }

    #[test]
    fn human_output_shows_the_line_and_a_marker_under_the_span() {
        let source = |_: &str| Some("---\ntitle: X\nstage: penerapn\n---\n".to_string());
        let text = human(&sample(), &source, Lang::En, false);
        assert!(
            text.contains("error[L0205]: Unknown value `penerapn` for `stage`."),
            "{text}"
        );
        assert!(text.contains("content/banjar/a.md:3:8"), "{text}");
        assert!(text.contains("stage: penerapn"), "{text}");
        assert!(text.contains("^^^^^^^^"), "{text}");
        assert!(text.contains("Did you mean `penerapan`?"), "{text}");
    }

    #[test]
    fn a_whole_file_problem_first_does_not_hide_later_excerpts() {
        let mut all = sample();
        all.0.insert(
            0,
            Diagnostic::new(Code::BadSlug, "content/banjar/a.md", Pos::default()).arg("slug", "A"),
        );
        let source = |_: &str| Some("---\ntitle: X\nstage: penerapn\n---\n".to_string());
        let text = human(&all, &source, Lang::En, false);
        assert!(text.contains("stage: penerapn"), "{text}");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::new(
            Code::ControlCharacter,
            "content/r/a\u{1b}[31m.md",
            Pos { line: 1, col: 9 },
        )
        .arg("char", "U+001B");
        let source = |_: &str| Some("title: a\u{1b}]0;pwned\u{7}b\n".to_string());
        for text in [
            human(&Diagnostics(vec![d.clone()]), &source, Lang::En, false),
            github(&Diagnostics(vec![d]), Lang::En),
        ] {
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{text:?}"
            );
        }
        let text = human(
            &Diagnostics(vec![Diagnostic::new(
                Code::ControlCharacter,
                "a.md",
                Pos { line: 1, col: 9 },
            )]),
            &source,
            Lang::En,
            false,
        );
        assert!(text.contains("title: a\u{241b}]0;pwned\u{2407}b"), "{text}");
        assert!(text.contains("        ^"), "{text}");
    }

    #[test]
    fn github_annotations_escape_their_properties() {
        let text = github(&sample(), Lang::Id);
        assert!(text.starts_with(
            "::error file=content/banjar/a.md,line=3,col=8,title=L0205 unknown-value::"
        ));
        assert!(text.contains("Nilai `penerapn` tidak dikenal"));
    }

    #[test]
    fn json_lists_code_severity_location_message_and_hint() {
        let value: serde_json::Value =
            serde_json::from_str(&json(&sample(), Lang::En)).expect("json");
        let d = &value["diagnostics"][0];
        assert_eq!(d["code"], "L0205");
        assert_eq!(d["severity"], "error");
        assert_eq!(d["line"], 3);
        assert_eq!(d["column"], 8);
        assert!(d["hint"].as_str().unwrap_or_default().contains("penerapan"));
    }
}
