//! The filesystem facts about evidence files ("data dukung"): does the named file
//! exist inside its region folder, is it empty, is it a link to somewhere else?
//!
//! Paths are relative to the region folder. An absolute path, a `..` component or a
//! symlink (of the file or of a folder on the way) resolving outside the region folder
//! is refused without reading the file, so no file outside the portfolio can reach the
//! published site. File states and canonical folders are cached, so a national
//! portfolio's hundreds of thousands of evidence items cost one `stat` per distinct file.

use crate::yaml::Pos;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// An evidence `file:` as written, with what the filesystem says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceFile {
    /// The path as written (relative to the region folder).
    pub path: String,
    /// The path normalised to `/` separators without `.` components; empty unless
    /// the state is `Ok` or `Empty`. This is where the file is copied in the output.
    pub normalized: String,
    pub state: FileState,
    /// Where `file:` is written.
    pub pos: Pos,
    /// For a missing file: the closest name in the same folder ("did you mean").
    pub suggestion: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    Ok {
        size: u64,
    },
    Empty,
    Missing,
    /// A folder, pipe or device: never copied.
    NotAFile,
    Absolute,
    Escapes,
    SymlinkEscapes,
    /// Named `index.html`: the site's pages have that name (a region's page and its
    /// innovations' pages), so the copy would overwrite one.
    PageName,
}

/// A region folder and (lazily) its canonical path.
pub struct RegionDir {
    dir: PathBuf,
}

impl RegionDir {
    pub fn new(dir: &Path) -> Self {
        RegionDir {
            dir: dir.to_path_buf(),
        }
    }
}

/// Checks evidence paths, caching across calls what one load may ask many times: the
/// state of each file (a region's RPJMD is named by most of its innovations), canonical
/// folders and, for suggestions, the file names of folders where a named file is
/// missing. A checker lives for one load, so a later load sees files as they are then.
#[derive(Default)]
pub struct Checker {
    states: HashMap<PathBuf, FileState>,
    canonical: HashMap<PathBuf, Option<PathBuf>>,
    listings: HashMap<PathBuf, Vec<String>>,
}

impl Checker {
    /// The state of `path` (as written in front matter) inside `region`.
    pub fn check(&mut self, region: &RegionDir, path: &str, pos: Pos) -> EvidenceFile {
        let (state, normalized) = match normalize(path) {
            Err(state) => (state, String::new()),
            Ok(normalized) => (self.state(region, &normalized), normalized),
        };
        let suggestion = match state {
            FileState::Missing if !normalized.is_empty() => self.closest(region, &normalized),
            _ => None,
        };
        let keep = matches!(state, FileState::Ok { .. } | FileState::Empty);
        let normalized = if keep { normalized } else { String::new() };
        EvidenceFile {
            path: path.to_string(),
            normalized,
            state,
            pos,
            suggestion,
        }
    }

    /// The existing file of the same folder whose name is closest to a missing one,
    /// as a path relative to the region folder.
    fn closest(&mut self, region: &RegionDir, normalized: &str) -> Option<String> {
        let (folder, name) = normalized.rsplit_once('/').unwrap_or(("", normalized));
        let dir = region.dir.join(folder);
        let names = self
            .listings
            .entry(dir.clone())
            .or_insert_with(|| file_names(&dir));
        if names.len() > MAX_SUGGESTION_CANDIDATES {
            return None;
        }
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        let found = crate::diagnostics::closest(name, &candidates)?;
        Some(if folder.is_empty() {
            found.to_string()
        } else {
            format!("{folder}/{found}")
        })
    }

    fn state(&mut self, region: &RegionDir, normalized: &str) -> FileState {
        let full = region.dir.join(normalized);
        if let Some(state) = self.states.get(&full) {
            return *state;
        }
        let state = self.state_on_disk(region, &full);
        self.states.insert(full, state);
        state
    }

    fn state_on_disk(&mut self, region: &RegionDir, full: &Path) -> FileState {
        let Ok(link_meta) = std::fs::symlink_metadata(full) else {
            return FileState::Missing;
        };
        let Some(region_real) = self.canonical(&region.dir) else {
            return FileState::Missing;
        };
        // A symlinked folder on the way shows up in the parent's canonical path.
        let parent_inside = full
            .parent()
            .and_then(|p| self.canonical(p))
            .is_some_and(|p| p.starts_with(&region_real));
        let is_link = link_meta.file_type().is_symlink();
        let target = is_link.then(|| std::fs::canonicalize(full));
        if let Some(Err(_)) = target {
            return FileState::Missing; // A link to nothing.
        }
        let file_inside = match target {
            Some(Ok(real)) => real.starts_with(&region_real),
            _ => true,
        };
        if !(parent_inside && file_inside) {
            return FileState::SymlinkEscapes;
        }
        // A plain file's own metadata is already at hand; a link's target needs one more.
        let meta = if is_link {
            std::fs::metadata(full)
        } else {
            Ok(link_meta)
        };
        match meta {
            Ok(meta) if meta.is_file() && meta.len() == 0 => FileState::Empty,
            Ok(meta) if meta.is_file() => FileState::Ok { size: meta.len() },
            Ok(_) => FileState::NotAFile,
            Err(_) => FileState::Missing,
        }
    }

    fn canonical(&mut self, dir: &Path) -> Option<PathBuf> {
        self.canonical
            .entry(dir.to_path_buf())
            .or_insert_with(|| std::fs::canonicalize(dir).ok())
            .clone()
    }
}

/// Folders with more files than this get no "did you mean" for a missing file, so
/// many typos in a huge evidence folder cannot make checking quadratic.
const MAX_SUGGESTION_CANDIDATES: usize = 500;

/// The names of the regular files directly in `dir` (none if it cannot be listed).
fn file_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect()
}

/// `evidence/./a.pdf` → `evidence/a.pdf`; refuses absolute paths and `..`.
fn normalize(path: &str) -> Result<String, FileState> {
    let looks_absolute = path.starts_with(['/', '\\'])
        || path.as_bytes().get(1) == Some(&b':')
        || Path::new(path).is_absolute();
    if looks_absolute {
        return Err(FileState::Absolute);
    }
    let mut parts = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(FileState::Escapes),
            other => parts.push(other),
        }
    }
    match parts.last() {
        None => Err(FileState::Missing),
        Some(name) if name.eq_ignore_ascii_case("index.html") => Err(FileState::PageName),
        Some(_) => Ok(parts.join("/")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(dir: &Path, path: &str) -> FileState {
        Checker::default()
            .check(&RegionDir::new(dir), path, Pos::default())
            .state
    }

    #[test]
    fn paths_are_normalized_and_escapes_refused() {
        assert_eq!(
            normalize("evidence/./a.pdf"),
            Ok("evidence/a.pdf".to_string())
        );
        assert_eq!(normalize("/etc/passwd"), Err(FileState::Absolute));
        assert_eq!(normalize("C:\\x.pdf"), Err(FileState::Absolute));
        assert_eq!(normalize("evidence/../../x.pdf"), Err(FileState::Escapes));
        assert_eq!(normalize("index.html"), Err(FileState::PageName));
        assert_eq!(normalize("inovasi-a/Index.HTML"), Err(FileState::PageName));
        assert_eq!(
            normalize("evidence/index.htm"),
            Ok("evidence/index.htm".to_string())
        );
    }

    #[test]
    fn files_are_found_empty_or_missing() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        std::fs::create_dir(tmp.path().join("evidence"))?;
        std::fs::write(tmp.path().join("evidence/a.pdf"), b"%PDF")?;
        std::fs::write(tmp.path().join("evidence/empty.pdf"), b"")?;
        assert_eq!(
            check(tmp.path(), "evidence/a.pdf"),
            FileState::Ok { size: 4 }
        );
        assert_eq!(check(tmp.path(), "evidence/empty.pdf"), FileState::Empty);
        assert_eq!(check(tmp.path(), "evidence/b.pdf"), FileState::Missing);
        assert_eq!(check(tmp.path(), "evidence"), FileState::NotAFile);
        Ok(())
    }

    #[test]
    fn a_missing_file_gets_the_closest_name_in_its_folder() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        std::fs::create_dir(tmp.path().join("evidence"))?;
        std::fs::write(tmp.path().join("evidence/sk-bupati-2021.pdf"), b"%PDF")?;
        let mut checker = Checker::default();
        let region = RegionDir::new(tmp.path());
        let typo = checker.check(&region, "evidence/sk-bupati-2012.pdf", Pos::default());
        assert_eq!(
            typo.suggestion.as_deref(),
            Some("evidence/sk-bupati-2021.pdf")
        );
        let unrelated = checker.check(&region, "evidence/foto.jpg", Pos::default());
        assert_eq!(unrelated.suggestion, None);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_region_are_refused_and_inside_allowed() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let region = tmp.path().join("region");
        std::fs::create_dir_all(region.join("evidence"))?;
        std::fs::write(tmp.path().join("secret.txt"), b"secret")?;
        std::fs::write(region.join("evidence/a.pdf"), b"%PDF")?;
        std::os::unix::fs::symlink(
            tmp.path().join("secret.txt"),
            region.join("evidence/link.pdf"),
        )?;
        std::os::unix::fs::symlink(
            region.join("evidence/a.pdf"),
            region.join("evidence/inner.pdf"),
        )?;
        std::os::unix::fs::symlink(tmp.path(), region.join("up"))?;
        assert_eq!(
            check(&region, "evidence/link.pdf"),
            FileState::SymlinkEscapes
        );
        assert_eq!(check(&region, "up/secret.txt"), FileState::SymlinkEscapes);
        assert_eq!(
            check(&region, "evidence/inner.pdf"),
            FileState::Ok { size: 4 }
        );
        Ok(())
    }
}
