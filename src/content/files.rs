//! Reading the content tree defensively: listing folders, telling regular files from
//! links and special files, and reading text with a size cap.
//!
//! Takes folder and file paths, gives sorted [`Entry`]s and decoded text, reporting
//! problems as diagnostics. Invariants: a symbolic link is followed only when it
//! resolves inside `content/`; a named pipe, socket or device is never opened (reading
//! one could block for ever or never end); no read takes more than the cap plus one
//! byte, whatever the file claims its size is; a file name that is not UTF-8 is
//! reported, never guessed at.

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::fields::slugify;
use crate::yaml::Pos;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What a folder entry is, after links are resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Dir,
    File,
    /// A symbolic link resolving outside `content/`, or to nothing: never read.
    Outside,
    /// A named pipe, socket or device: never opened.
    Special,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub name: String,
    pub kind: Kind,
}

/// The entries of `dir` sorted by name, hidden ones (`.git`, `.DS_Store`) left out.
/// `rel` is `dir` relative to the site root, for diagnostics; `inside` is the
/// canonical `content/` folder that links must stay in.
pub(super) fn entries(
    dir: &Path,
    rel: &str,
    inside: &Path,
    diags: &mut Diagnostics,
) -> std::io::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            diags.push(non_utf8_name(rel, &entry.file_name().to_string_lossy()));
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let file_type = entry.file_type()?;
        let kind = if file_type.is_symlink() {
            resolve(&entry.path(), inside)
        } else {
            kind_of(&file_type)
        };
        entries.push(Entry { name, kind });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

fn kind_of(file_type: &std::fs::FileType) -> Kind {
    if file_type.is_dir() {
        Kind::Dir
    } else if file_type.is_file() {
        Kind::File
    } else {
        Kind::Special
    }
}

/// The kind of a symbolic link's target, if it stays inside `inside`.
fn resolve(link: &Path, inside: &Path) -> Kind {
    match std::fs::canonicalize(link) {
        Ok(real) if real.starts_with(inside) => match std::fs::metadata(&real) {
            Ok(meta) => kind_of(&meta.file_type()),
            Err(_) => Kind::Outside,
        },
        _ => Kind::Outside,
    }
}

/// The canonical form of `content/` (or the path as given if it cannot be resolved,
/// in which case listing it fails and is reported anyway).
pub(super) fn canonical(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The diagnostic for an entry that is neither a folder nor a regular file.
pub(super) fn not_readable(rel: &str, kind: Kind) -> Option<Diagnostic> {
    let code = match kind {
        Kind::Outside => Code::SymlinkOutside,
        Kind::Special => Code::SpecialFile,
        Kind::Dir | Kind::File => return None,
    };
    Some(Diagnostic::new(code, rel, Pos::default()))
}

fn non_utf8_name(dir_rel: &str, lossy: &str) -> Diagnostic {
    Diagnostic::new(Code::BadSlug, format!("{dir_rel}/{lossy}"), Pos::default())
        .arg("slug", lossy)
        .arg("fixed", slugify(lossy.trim_end_matches(".md")))
}

/// Why [`read_bounded`] gave no bytes.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// Larger than the cap; the size seen so far (at least cap + 1).
    TooLarge(u64),
    /// Not a regular file (a folder, pipe, socket or device).
    NotAFile,
}

/// Reads at most `max` bytes of a regular file. The size is checked on the open
/// handle and again while reading, so a file that grows or lies about its size
/// cannot make the read unbounded.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    let read = bytes.len() as u64;
    if read > max {
        return Err(ReadError::TooLarge(read));
    }
    Ok(bytes)
}

/// The diagnostic for a failed [`read_bounded`] of `rel`.
pub fn read_error(rel: &str, err: &ReadError, max: u64) -> Diagnostic {
    match err {
        ReadError::Io(err) => unreadable(rel, err),
        ReadError::TooLarge(size) => Diagnostic::new(Code::FileTooLarge, rel, Pos::default())
            .arg("size", size.to_string())
            .arg("max", max.to_string()),
        ReadError::NotAFile => Diagnostic::new(Code::SpecialFile, rel, Pos::default()),
    }
}

pub(super) fn unreadable(file: &str, err: &std::io::Error) -> Diagnostic {
    Diagnostic::new(Code::UnreadableFile, file, Pos::default()).arg("detail", err.to_string())
}

/// Bytes → text: valid UTF-8 (a leading byte-order mark is dropped), not blank, and
/// free of control characters other than tab and line breaks (their presence means a
/// binary file, or one damaged in transfer). Problems are located at line and column.
pub fn decode(rel: &str, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<String> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let pos = position(&err.as_bytes()[..offset]);
            diags.push(
                Diagnostic::new(Code::InvalidUtf8, rel, pos).arg("offset", offset.to_string()),
            );
            return None;
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.trim().is_empty() {
        diags.push(Diagnostic::new(
            Code::EmptyFile,
            rel,
            Pos { line: 1, col: 1 },
        ));
        return None;
    }
    if let Some((at, c)) = first_control(&text) {
        // A lone carriage return is a line ending of old Macs: say how to save instead.
        let line_endings = match c {
            '\r' => (
                " (U+000D sendirian berarti akhir baris gaya Mac lama: simpan dengan akhir baris Windows atau Unix)",
                " (a lone U+000D means old Mac line endings: save with Windows or Unix line endings)",
            ),
            _ => ("", ""),
        };
        let d = Diagnostic::new(
            Code::ControlCharacter,
            rel,
            position(&text.as_bytes()[..at]),
        )
        .arg("char", format!("U+{:04X}", u32::from(c)))
        .arg_lang("line_endings", line_endings.0, line_endings.1);
        diags.push(d);
        return None;
    }
    Some(text)
}

/// The first control character other than a tab, a line feed or the carriage return
/// of a `\r\n` line end. A lone `\r` counts: YAML would take it for a line break
/// that editors and lumbung's line numbers do not count, so positions would drift.
fn first_control(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    // Fast path: control characters are C0 bytes, DEL, or C1 (U+0080–U+009F, encoded
    // 0xC2 0x80–0x9F); a text with none of those bytes but `\t` and `\n` has none.
    // One branch-free pass (the compiler vectorizes it): every file goes through here.
    let suspicious = |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') | (b == 0x7f) | (b == 0xc2);
    if !bytes.iter().fold(false, |found, &b| found | suspicious(b)) {
        return None;
    }
    text.char_indices().find(|&(at, c)| match c {
        '\t' | '\n' => false,
        '\r' => bytes.get(at + 1) != Some(&b'\n'),
        _ => c.is_control(),
    })
}

/// The line and column (in characters) just after `before`.
fn position(before: &[u8]) -> Pos {
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(col).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_one(bytes: &[u8]) -> (Option<String>, Vec<(Code, Pos)>) {
        let mut diags = Diagnostics::default();
        let text = decode("a.md", bytes.to_vec(), &mut diags);
        (text, diags.0.iter().map(|d| (d.code, d.pos)).collect())
    }

    #[test]
    fn invalid_utf8_is_located_at_its_line_and_column() {
        let (text, found) = decode_one(b"---\nab\xffc\n");
        assert!(text.is_none());
        assert_eq!(found, [(Code::InvalidUtf8, Pos { line: 2, col: 3 })]);
    }

    #[test]
    fn only_a_lone_carriage_return_is_told_about_line_endings() {
        let hint = |bytes: &[u8]| {
            let mut diags = Diagnostics::default();
            decode("a.md", bytes.to_vec(), &mut diags);
            diags.0[0].hint(crate::diagnostics::Lang::En)
        };
        assert!(hint(b"title: A\rB\n").contains("old Mac line endings"));
        assert!(!hint(b"title: A\x07B\n").contains("line endings"));
    }

    #[test]
    fn control_characters_are_refused_where_they_are() {
        let (text, found) = decode_one("---\ntitle: é\0\n".as_bytes());
        assert!(text.is_none());
        assert_eq!(found, [(Code::ControlCharacter, Pos { line: 2, col: 9 })]);
        let (text, found) = decode_one(b"---\r\ntitle:\tA\r\n---\r\n");
        assert!(text.is_some() && found.is_empty(), "{found:?}");
        let (text, found) = decode_one(b"---\ntitle: A\rstage: x\n");
        assert!(text.is_none());
        assert_eq!(found, [(Code::ControlCharacter, Pos { line: 2, col: 9 })]);
        for (control, col) in [("\u{7f}", 9), ("\u{85}", 9), ("\u{9f}", 9), ("\u{1b}", 9)] {
            let (text, found) = decode_one(format!("---\ntitle: A{control}\n").as_bytes());
            assert!(text.is_none(), "{control:?}");
            assert_eq!(found, [(Code::ControlCharacter, Pos { line: 2, col })]);
        }
        let (text, found) = decode_one("---\ntitle: \u{a0}Á¿x\n".as_bytes());
        assert!(text.is_some() && found.is_empty(), "{found:?}");
    }

    #[test]
    fn blank_files_and_a_lone_byte_order_mark_are_empty() {
        assert_eq!(
            decode_one(b" \n\n").1,
            [(Code::EmptyFile, Pos { line: 1, col: 1 })]
        );
        assert_eq!(
            decode_one("\u{feff}".as_bytes()).1,
            [(Code::EmptyFile, Pos { line: 1, col: 1 })]
        );
        assert_eq!(
            decode_one("\u{feff}---\n".as_bytes()).0.as_deref(),
            Some("---\n")
        );
    }

    #[test]
    fn reads_stop_at_the_cap() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let path = tmp.path().join("a.md");
        std::fs::write(&path, b"12345")?;
        assert_eq!(read_bounded(&path, 5).ok(), Some(b"12345".to_vec()));
        assert!(matches!(
            read_bounded(&path, 4),
            Err(ReadError::TooLarge(5))
        ));
        assert!(matches!(
            read_bounded(tmp.path(), 4),
            Err(ReadError::NotAFile)
        ));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_content_and_special_files_are_classified() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let content = tmp.path().join("content");
        std::fs::create_dir_all(content.join("r"))?;
        std::fs::write(tmp.path().join("secret.md"), b"x")?;
        std::fs::write(content.join("r/a.md"), b"x")?;
        std::os::unix::fs::symlink(tmp.path().join("secret.md"), content.join("r/out.md"))?;
        std::os::unix::fs::symlink(content.join("r/a.md"), content.join("r/in.md"))?;
        std::os::unix::fs::symlink(tmp.path().join("nothing"), content.join("r/dangling.md"))?;
        let inside = canonical(&content);
        let mut diags = Diagnostics::default();
        let found = entries(&content.join("r"), "content/r", &inside, &mut diags)?;
        let kinds: Vec<(&str, Kind)> = found.iter().map(|e| (e.name.as_str(), e.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("a.md", Kind::File),
                ("dangling.md", Kind::Outside),
                ("in.md", Kind::File),
                ("out.md", Kind::Outside)
            ]
        );
        assert!(diags.0.is_empty());
        Ok(())
    }
}
