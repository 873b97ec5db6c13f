//! The in-memory site `serve` answers from, and the news of each build.
//!
//! A build collects its files in a [`MemorySink`]; only when the whole site is there is
//! it published ([`State::publish`]) by swapping one `Arc`, so a request sees either
//! the old site or the new one, never a mix, and the reload event goes out after the
//! swap. Unchanged files share their bytes (`Arc<[u8]>`) with the previous site.
//! A failed build publishes only its diagnostics; the last good site stays.

use crate::render::{Output, Sink};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::time::Duration;

/// Output path (relative, `/`-separated) → bytes.
pub type Files = BTreeMap<String, Arc<[u8]>>;

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
            events: Mutex::new(Event { id: 0, all: true, paths: Vec::new() }),
            changed: Condvar::new(),
            stopping: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The last good site.
    pub fn site(&self) -> Arc<Files> {
        self.site.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The problems of the last build when it failed (empty after a good build).
    pub fn problems(&self) -> Arc<Vec<Problem>> {
        self.problems.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Swaps in a complete new site (and clears the overlay), then tells open pages
    /// which files changed. Nothing is sent when nothing changed.
    pub fn publish(&self, site: Files, changed: Vec<String>) {
        let had_problems = !self.problems().is_empty();
        *self.site.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(site);
        *self.problems.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(Vec::new());
        if changed.is_empty() && !had_problems {
            return;
        }
        let all = had_problems || changed.len() > MAX_LISTED || changed.iter().any(|p| !p.ends_with(".html"));
        self.notify(all, if all { Vec::new() } else { changed });
    }

    /// Keeps the last good site and shows `problems` on every page.
    pub fn fail(&self, problems: Vec<Problem>) {
        let same = *self.problems() == problems;
        *self.problems.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(problems);
        if !same {
            self.notify(true, Vec::new());
        }
    }

    fn notify(&self, all: bool, paths: Vec<String>) {
        let mut event = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        *event = Event { id: event.id + 1, all, paths };
        self.changed.notify_all();
    }

    /// The latest event id (0 before any rebuild).
    pub fn event_id(&self) -> u64 {
        self.events.lock().unwrap_or_else(PoisonError::into_inner).id
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
        self.stopping.store(true, std::sync::atomic::Ordering::SeqCst);
        let _guard = self.events.lock().unwrap_or_else(PoisonError::into_inner);
        self.changed.notify_all();
    }

    pub fn is_stopping(&self) -> bool {
        self.stopping.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// The files of one build, collected in memory. Copies (evidence, theme files) reuse
/// the previous bytes when their source is known to be unchanged, and are read
/// otherwise — only if the source still resolves inside its allowed folder, so a file
/// swapped for a symlink after the content check cannot leak out.
pub struct MemorySink<'a> {
    files: Mutex<HashMap<String, Arc<[u8]>>>,
    previous: &'a Files,
    /// Whether a copy source may have changed since the previous build.
    dirty: &'a (dyn Fn(&Path) -> bool + Sync),
    /// Folders copies must resolve inside (canonical).
    allowed: Vec<PathBuf>,
}

impl<'a> MemorySink<'a> {
    pub fn new(previous: &'a Files, dirty: &'a (dyn Fn(&Path) -> bool + Sync), allowed: Vec<PathBuf>) -> Self {
        MemorySink { files: Mutex::new(HashMap::new()), previous, dirty, allowed }
    }

    /// Puts the previous build's bytes for `path`; false when there are none.
    pub fn reuse(&self, path: &str) -> bool {
        match self.previous.get(path) {
            Some(bytes) => {
                self.insert(path, bytes.clone());
                true
            }
            None => false,
        }
    }

    fn insert(&self, path: &str, bytes: Arc<[u8]>) {
        self.files.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_string(), bytes);
    }

    /// The collected site.
    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(PoisonError::into_inner).into_iter().collect()
    }

    fn read_copy(&self, source: &Path) -> std::io::Result<Vec<u8>> {
        let real = std::fs::canonicalize(source)?;
        if !self.allowed.iter().any(|dir| real.starts_with(dir)) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!("{} resolves outside the site", source.display()),
            ));
        }
        std::fs::read(&real)
    }
}

impl Sink for MemorySink<'_> {
    fn put(&self, path: &str, output: Output) -> std::io::Result<()> {
        let bytes: Arc<[u8]> = match output {
            Output::Bytes(bytes) => match self.previous.get(path) {
                Some(old) if **old == *bytes => old.clone(),
                _ => bytes.into(),
            },
            Output::Copy(source) => match self.previous.get(path) {
                Some(old) if !(self.dirty)(&source) => old.clone(),
                _ => self.read_copy(&source)?.into(),
            },
        };
        self.insert(path, bytes);
        Ok(())
    }
}

/// The keys whose bytes differ between two sites (added, changed or removed), sorted.
pub fn changed(old: &Files, new: &Files) -> Vec<String> {
    let mut out: Vec<String> = new
        .iter()
        .filter(|(k, v)| old.get(*k).is_none_or(|o| !Arc::ptr_eq(o, v) && **o != ***v))
        .map(|(k, _)| k.clone())
        .collect();
    out.extend(old.keys().filter(|k| !new.contains_key(*k)).cloned());
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs.iter().map(|(k, v)| (k.to_string(), Arc::from(v.as_bytes()))).collect()
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
        let never = |_: &Path| false;
        let sink = MemorySink::new(&old, &never, Vec::new());
        sink.put("a.html", Output::Bytes(b"same".to_vec()))?;
        let new = sink.into_files();
        assert!(Arc::ptr_eq(&old["a.html"], &new["a.html"]));
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
        let empty = Files::new();
        let always = |_: &Path| true;
        let sink = MemorySink::new(&empty, &always, vec![std::fs::canonicalize(&inside)?]);
        sink.put("ok.pdf", Output::Copy(inside.join("ok.pdf")))?;
        assert!(sink.put("link.pdf", Output::Copy(inside.join("link.pdf"))).is_err());
        assert_eq!(sink.into_files().keys().collect::<Vec<_>>(), ["ok.pdf"]);
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
        assert_eq!(&*state.site()["index.html"], b"old");
        assert_eq!(*state.problems(), vec![problem]);
        let event = state.wait_event(0, Duration::ZERO);
        assert!(event.is_some_and(|e| e.all));
        state.publish(files(&[("index.html", "new")]), vec!["index.html".into()]);
        assert!(state.problems().is_empty());
        assert_eq!(state.wait_event(1, Duration::ZERO).map(|e| e.all), Some(true));
    }
}
