//! The in-memory site `serve` answers from, and the news of each build.
//!
//! A build collects its files in a [`MemorySink`]; only when the whole site is there is
//! it published ([`State::publish`]) by swapping one `Arc`, so a request sees either
//! the old site or the new one, never a mix, and the reload event goes out after the
//! swap. Unchanged files share their bytes (`Arc<Vec<u8>>`) with the previous site, and
//! the open-data exports their pieces ([`Pieces`]).
//! Copies (evidence documents, theme files) are kept as their source path and read
//! when requested — a national portfolio has hundreds of thousands of them — after
//! checking that the path still resolves inside the site (see `http.rs`).
//! A failed build publishes only its diagnostics; the last good site stays.

use crate::render::{Output, Pieces, Sink};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::time::Duration;

/// One file of the site.
#[derive(Debug, Clone)]
pub enum Entry {
    Bytes(Arc<Vec<u8>>),
    /// The bytes of its pieces, in order (the open-data exports).
    Pieces(Arc<Pieces>),
    /// A copy of this source file (read when requested).
    File(Arc<Path>),
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        match (self, other) {
            (Entry::Bytes(a), Entry::Bytes(b)) => Arc::ptr_eq(a, b) || a == b,
            (Entry::Pieces(a), Entry::Pieces(b)) => Arc::ptr_eq(a, b) || a.same(b),
            // As bytes: `Path`'s own equality parses components, slow for 400,000 files.
            (Entry::File(a), Entry::File(b)) => Arc::ptr_eq(a, b) || a.as_os_str() == b.as_os_str(),
            _ => false,
        }
    }
}

/// Output path (relative, `/`-separated) → content. A hash map: a national site has
/// hundreds of thousands of files, and a build must not sort them. Shared keys: each
/// build starts from a copy of the previous site.
pub type Files = HashMap<Arc<str>, Entry, ahash::RandomState>;

/// A map keyed by paths (or slugs). ahash rather than the default SipHash: a rebuild
/// looks each page's path up several times, and SipHash took a tenth of it. Keys are
/// the site's own paths (requests only look up).
pub type PathMap<V> = HashMap<String, V, ahash::RandomState>;
/// A set of paths (or slugs), hashed like [`PathMap`].
pub type PathSet = HashSet<String, ahash::RandomState>;

/// One problem shown in the overlay and on the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u32,
    pub col: u32,
    /// "error" or "warning".
    pub severity: &'static str,
    pub code: String,
    pub message: String,
}

/// What open pages are told after a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Increases with every published build (good or failed).
    pub id: u64,
    /// Reload every page (assets, the overlay or many pages changed).
    pub all: bool,
    /// Changed site files (keys), when not `all`.
    pub paths: Vec<String>,
}

/// Everything the HTTP side reads.
pub struct State {
    site: RwLock<Arc<Files>>,
    problems: RwLock<Arc<Vec<Problem>>>,
    events: Mutex<Event>,
    changed: Condvar,
    stopping: std::sync::atomic::AtomicBool,
}

/// Above this many changed files a reload event says "all" instead of listing them.
const MAX_LISTED: usize = 200;

impl State {
    pub fn new(site: Files, problems: Vec<Problem>) -> State {
        State {
            site: RwLock::new(Arc::new(site)),
            problems: RwLock::new(Arc::new(problems)),
            events: Mutex::new(Event {
                id: 0,
                all: true,
                paths: Vec::new(),
            }),
            changed: Condvar::new(),
            stopping: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The last good site.
    pub fn site(&self) -> Arc<Files> {
        self.site
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The problems of the last build when it failed (empty after a good build).
    pub fn problems(&self) -> Arc<Vec<Problem>> {
        self.problems
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Swaps in a complete new site (and clears the overlay), then tells open pages
    /// which files changed. Nothing is sent when nothing changed.
    pub fn publish(&self, site: Files, changed: Vec<String>) {
        let had_problems = !self.problems().is_empty();
        *self.site.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(site);
        *self
            .problems
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(Vec::new());
        if changed.is_empty() && !had_problems {
            return;
        }
        // Pages show assets (style, scripts, images); data files are only linked.
        let all = had_problems
            || changed.len() > MAX_LISTED
            || changed.iter().any(|p| p.starts_with("assets/"));
        self.notify(all, if all { Vec::new() } else { changed });
    }

    /// Keeps the last good site and shows `problems` on every page.
    pub fn fail(&self, problems: Vec<Problem>) {
        let same = *self.problems() == problems;
        *self
            .problems
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(problems);
        if !same {
            self.notify(true, Vec::new());
        }
    }

    fn notify(&self, all: bool, paths: Vec<String>) {
        let mut event = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        *event = Event {
            id: event.id + 1,
            all,
            paths,
        };
        self.changed.notify_all();
    }

    /// The latest event id (0 before any rebuild).
    pub fn event_id(&self) -> u64 {
        self.events
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .id
    }

    /// Waits up to `timeout` for an event newer than `seen`.
    pub fn wait_event(&self, seen: u64, timeout: Duration) -> Option<Event> {
        let guard = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |e| e.id <= seen && !self.is_stopping())
            .unwrap_or_else(PoisonError::into_inner);
        (guard.id > seen).then(|| guard.clone())
    }

    /// Wakes every waiting event stream so the server can stop.
    pub fn stop(&self) {
        self.stopping
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let _guard = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        self.changed.notify_all();
    }

    pub fn is_stopping(&self) -> bool {
        self.stopping.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// The files of one build, collected in memory: a copy of the previous site that the
/// build's puts overwrite (bytes equal to the previous site's are shared with it), so
/// that pages a build keeps cost nothing. The paths put with other content are noted.
pub struct MemorySink<'a> {
    files: Mutex<Files>,
    previous: &'a Files,
    /// Every path put in this build.
    put: Mutex<PathSet>,
    /// Paths whose content differs from the previous site's (or is new).
    changed: Mutex<Vec<String>>,
}

impl<'a> MemorySink<'a> {
    pub fn new(previous: &'a Files) -> Self {
        MemorySink {
            files: Mutex::new(previous.clone()),
            previous,
            put: Mutex::new(PathSet::default()),
            changed: Mutex::new(Vec::new()),
        }
    }

    /// The collected site: the files put, and the previous site's content for the
    /// paths `kept` (pages not put again because they are provably unchanged); the
    /// previous site's other files are left out. Also gives the keys whose content
    /// differs from the previous site (added, changed or removed), sorted: [`changed`]
    /// without comparing every file. `kept` and the paths put must not overlap (pages
    /// have their own paths: validation keeps evidence off them).
    pub fn into_files<'k>(self, kept: &[&'k str]) -> (Files, Vec<String>) {
        let mut files = self
            .files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let put = self
            .put
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut changed = self
            .changed
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        // `files` holds the previous site and every path put: when they are as many as
        // the paths of this build, none of the previous site's is left over.
        if kept.len() + put.len() != files.len() {
            let kept: PathSet = kept.iter().map(|k| k.to_string()).collect();
            files.retain(|path, _| {
                let wanted = put.contains(&**path) || kept.contains(&**path);
                if !wanted {
                    changed.push(path.to_string());
                }
                wanted
            });
        }
        changed.sort();
        changed.dedup();
        (files, changed)
    }
}

impl Sink for MemorySink<'_> {
    fn put(&self, path: &str, output: Output) -> std::io::Result<()> {
        let previous = self.previous.get(path);
        let entry = match output {
            Output::Bytes(bytes) => Entry::Bytes(bytes.into()),
            Output::Shared(pieces) => Entry::Pieces(pieces),
            Output::Copy(source) => Entry::File(source.into()),
        };
        // Equal content keeps the previous site's entry, so the sites share it.
        let (entry, same) = match previous {
            Some(old) if *old == entry => (old.clone(), true),
            _ => (entry, false),
        };
        let first = self
            .put
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string());
        if !same {
            self.changed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(path.to_string());
        }
        // `files` already holds the previous content, unless this build put the path
        // before (the last put wins).
        if !same || !first {
            self.files
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(path.into(), entry);
        }
        Ok(())
    }
}

/// Reads a copied file, only if it still resolves inside one of `allowed` (canonical
/// folders): a file swapped for a symlink after the content check cannot leak out.
pub fn read_contained(source: &Path, allowed: &[PathBuf]) -> std::io::Result<Vec<u8>> {
    let real = std::fs::canonicalize(source)?;
    if !allowed.iter().any(|dir| real.starts_with(dir)) || !real.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "outside the site",
        ));
    }
    std::fs::read(&real)
}

/// The keys whose bytes differ between two sites (added, changed or removed), sorted.
pub fn changed(old: &Files, new: &Files) -> Vec<String> {
    let mut out: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k) != Some(*v))
        .map(|(k, _)| k.to_string())
        .collect();
    out.extend(
        old.keys()
            .filter(|k| !new.contains_key(*k))
            .map(|k| k.to_string()),
    );
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(k, v)| (Arc::from(*k), Entry::Bytes(Arc::new(v.as_bytes().to_vec()))))
            .collect()
    }

    fn bytes(entry: &Entry) -> &[u8] {
        match entry {
            Entry::Bytes(b) => b,
            Entry::Pieces(_) | Entry::File(_) => b"",
        }
    }

    #[test]
    fn changes_list_added_changed_and_removed_files() {
        let old = files(&[("a.html", "1"), ("b.html", "2"), ("c.html", "3")]);
        let new = files(&[("a.html", "1"), ("b.html", "two"), ("d.html", "4")]);
        assert_eq!(changed(&old, &new), ["b.html", "c.html", "d.html"]);
    }

    #[test]
    fn unchanged_bytes_are_shared_with_the_previous_site() -> std::io::Result<()> {
        let old = files(&[("a.html", "same")]);
        let sink = MemorySink::new(&old);
        sink.put("a.html", Output::Bytes(b"same".to_vec()))?;
        sink.put("b.html", Output::Bytes(b"new".to_vec()))?;
        let (new, changed) = sink.into_files(&[]);
        assert_eq!(changed, ["b.html"]);
        assert_eq!(changed, super::changed(&old, &new));
        match (&old["a.html"], &new["a.html"]) {
            (Entry::Bytes(a), Entry::Bytes(b)) => assert!(Arc::ptr_eq(a, b)),
            _ => panic!("bytes expected"),
        }
        Ok(())
    }

    #[test]
    fn kept_paths_share_the_previous_bytes_and_missing_files_count_as_removed(
    ) -> std::io::Result<()> {
        let old = files(&[("a.html", "1"), ("b.html", "2"), ("c.html", "3")]);
        let sink = MemorySink::new(&old);
        sink.put("b.html", Output::Bytes(b"2".to_vec()))?;
        sink.put("d.html", Output::Bytes(b"4".to_vec()))?;
        let (new, changed) = sink.into_files(&["a.html"]);
        assert_eq!(changed, ["c.html", "d.html"]);
        assert_eq!(changed, super::changed(&old, &new));
        match (&old["a.html"], &new["a.html"]) {
            (Entry::Bytes(a), Entry::Bytes(b)) => assert!(Arc::ptr_eq(a, b)),
            _ => panic!("bytes expected"),
        }
        let sink = MemorySink::new(&old);
        sink.put("c.html", Output::Bytes(b"three".to_vec()))?;
        let (new, changed) = sink.into_files(&["a.html", "b.html"]);
        assert_eq!(changed, ["c.html"]);
        assert_eq!(changed, super::changed(&old, &new));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_copy_that_resolves_outside_the_allowed_folders_is_refused() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let inside = tmp.path().join("content");
        std::fs::create_dir(&inside)?;
        std::fs::write(tmp.path().join("secret"), "secret")?;
        std::fs::write(inside.join("ok.pdf"), "ok")?;
        std::os::unix::fs::symlink(tmp.path().join("secret"), inside.join("link.pdf"))?;
        let allowed = vec![std::fs::canonicalize(&inside)?];
        assert_eq!(read_contained(&inside.join("ok.pdf"), &allowed)?, b"ok");
        assert!(read_contained(&inside.join("link.pdf"), &allowed).is_err());
        assert!(
            read_contained(&inside, &allowed).is_err(),
            "a folder is not a file"
        );
        Ok(())
    }

    #[test]
    fn a_failed_build_keeps_the_site_and_a_good_one_clears_the_overlay() {
        let state = State::new(files(&[("index.html", "old")]), Vec::new());
        let problem = Problem {
            file: "content/a/b.md".into(),
            line: 3,
            col: 1,
            severity: "error",
            code: "L0101".into(),
            message: "bad".into(),
        };
        state.fail(vec![problem.clone()]);
        assert_eq!(bytes(&state.site()["index.html"]), b"old");
        assert_eq!(*state.problems(), vec![problem]);
        let event = state.wait_event(0, Duration::ZERO);
        assert!(event.is_some_and(|e| e.all));
        state.publish(files(&[("index.html", "new")]), vec!["index.html".into()]);
        assert!(state.problems().is_empty());
        assert_eq!(
            state.wait_event(1, Duration::ZERO).map(|e| e.all),
            Some(true)
        );
    }
}
