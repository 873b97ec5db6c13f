//! Watching the site root: which file events matter, and when a burst of them is over.
//!
//! Watched: `site.yaml` and the methodology file (everything is read again), `content/`
//! (the region folder of each event is read again), `themes/` (the theme is reloaded).
//! Not watched: anything else under the root, so the output folder, `.git/` and editor
//! litter elsewhere never trigger a build. Ignored inside `content/`: names the loader
//! skips (starting with `.`: vim's `.x.swp`, Emacs' `.#x` locks, `.goutputstream-…`)
//! and plain reads. Editors that save through a temporary file and a rename, or in
//! several writes, produce a burst of events: [`Batch`] waits until the folder has been
//! quiet for [`QUIET`] and no file is still open for writing, then hands over every
//! path of the burst at once, so one save is one build, and a build never reads a
//! half-written file that is still being written.

use super::rebuild::Changes;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{Event, RecursiveMode, Watcher};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// A burst of events is over after this long without another.
pub const QUIET: Duration = Duration::from_millis(10);
/// A file open for writing longer than this is built anyway.
const WRITE_PATIENCE: Duration = Duration::from_millis(1500);
/// A continuous stream of events still gets a build this often.
const LONGEST_BURST: Duration = Duration::from_secs(2);

/// What the build thread receives.
pub enum Message {
    Fs(notify::Result<Event>),
    Stop,
}

/// Which paths matter and what each one means.
#[derive(Debug, Clone)]
pub struct Classifier {
    root: PathBuf,
    content: PathBuf,
    themes: PathBuf,
    site_yaml: PathBuf,
    methodology: Option<PathBuf>,
}

/// What an event path means for the next build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    Region(String),
    Theme,
    All,
    Ignore,
}

impl Classifier {
    /// `root` should be canonical (events carry absolute paths). `methodology` is the
    /// site's methodology file, if it is a file rather than an embedded id.
    pub fn new(root: &Path, methodology: Option<PathBuf>) -> Classifier {
        Classifier {
            root: root.to_path_buf(),
            content: root.join(crate::content::CONTENT_DIR),
            themes: root.join("themes"),
            site_yaml: root.join(crate::config::FILE),
            methodology,
        }
    }

    pub fn meaning(&self, path: &Path) -> Meaning {
        if path == self.site_yaml || self.methodology.as_deref() == Some(path) {
            return Meaning::All;
        }
        if let Ok(rest) = path.strip_prefix(&self.content) {
            let mut parts = rest.components().filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy()),
                _ => None,
            });
            return match (parts.next(), parts.next()) {
                (None, _) => Meaning::All,
                (Some(slug), _) if slug.starts_with('.') => Meaning::Ignore,
                (Some(_), Some(name)) if name.starts_with('.') => Meaning::Ignore,
                (Some(slug), _) => Meaning::Region(slug.into_owned()),
            };
        }
        if let Ok(rest) = path.strip_prefix(&self.themes) {
            let hidden = rest
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            return if hidden {
                Meaning::Ignore
            } else {
                Meaning::Theme
            };
        }
        if path == self.content || path == self.themes || self.may_be_methodology(path) {
            return Meaning::All;
        }
        Meaning::Ignore
    }

    /// A YAML file elsewhere in the site (not in a hidden folder such as `.github/`):
    /// site.yaml may have been pointed at it since serve started, and the methodology
    /// is kept between builds until a full reload.
    fn may_be_methodology(&self, path: &Path) -> bool {
        let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        let hidden = |rest: &Path| {
            rest.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        };
        yaml && path
            .strip_prefix(&self.root)
            .is_ok_and(|rest| !hidden(rest))
    }

    /// Starts watching; events go to `tx`. Folders that do not exist yet are seen
    /// through the root's watch (creating one triggers a full build).
    pub fn watch(&self, tx: Sender<Message>) -> notify::Result<notify::RecommendedWatcher> {
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            if event.as_ref().map_or(true, matters) {
                let _ = tx.send(Message::Fs(event));
            }
        })?;
        self.add_watches(&mut watcher)?;
        Ok(watcher)
    }

    /// (Re)adds the watches; call again after `content/` or `themes/` appear.
    pub fn add_watches(&self, watcher: &mut notify::RecommendedWatcher) -> notify::Result<()> {
        watcher.watch(&self.root, RecursiveMode::NonRecursive)?;
        for dir in [&self.content, &self.themes] {
            if dir.is_dir() {
                watcher.watch(dir, RecursiveMode::Recursive)?;
            }
        }
        if let Some(parent) = self.methodology.as_deref().and_then(Path::parent) {
            if parent != self.root
                && !parent.starts_with(&self.content)
                && !parent.starts_with(&self.themes)
            {
                watcher.watch(parent, RecursiveMode::NonRecursive)?;
            }
        }
        Ok(())
    }
}

/// Reads and opens change nothing; everything else may.
fn matters(event: &Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The events of one burst, turned into [`Changes`].
#[derive(Default)]
pub struct Batch {
    pub changes: Changes,
    /// Files written to but not closed yet.
    open: HashSet<PathBuf>,
    /// Whether `content/` or `themes/` appeared (watches must be added).
    pub new_folders: bool,
    /// From the first event to the end of the burst.
    pub burst: Duration,
}

impl Batch {
    /// Waits for the first event, then for the burst to end. `None` when told to stop.
    pub fn collect(rx: &Receiver<Message>, classifier: &Classifier) -> Option<Batch> {
        let mut batch = Batch::default();
        match rx.recv() {
            Ok(Message::Fs(event)) => batch.add(event, classifier),
            Ok(Message::Stop) | Err(_) => return None,
        }
        let started = Instant::now();
        let mut last_write = Instant::now();
        loop {
            let waiting_for_writes =
                !batch.open.is_empty() && last_write.elapsed() < WRITE_PATIENCE;
            let wait = if waiting_for_writes { QUIET * 5 } else { QUIET };
            match rx.recv_timeout(wait) {
                Ok(Message::Fs(event)) => {
                    last_write = Instant::now();
                    batch.add(event, classifier);
                }
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) if !waiting_for_writes => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
            if started.elapsed() > LONGEST_BURST {
                break;
            }
        }
        batch.burst = started.elapsed();
        Some(batch)
    }

    fn add(&mut self, event: notify::Result<Event>, classifier: &Classifier) {
        let event = match event {
            Ok(event) if !event.need_rescan() => event,
            // Lost events (queue overflow) or a watcher error: trust nothing.
            _ => {
                self.changes.all = true;
                return;
            }
        };
        for path in &event.paths {
            self.track_writes(&event.kind, path);
            match classifier.meaning(path) {
                Meaning::Region(slug) => {
                    self.changes.regions.insert(slug);
                }
                Meaning::Theme => self.changes.theme = true,
                Meaning::All => {
                    self.changes.all = true;
                    self.new_folders |= *path == classifier.content || *path == classifier.themes;
                }
                Meaning::Ignore => {}
            }
        }
    }

    fn track_writes(&mut self, kind: &EventKind, path: &Path) {
        match kind {
            EventKind::Modify(ModifyKind::Data(_)) => {
                self.open.insert(path.to_path_buf());
            }
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Name(_)) => {
                self.open.remove(path);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classifier() -> Classifier {
        Classifier::new(
            Path::new("/site"),
            Some(PathBuf::from("/site/metodologi.yaml")),
        )
    }

    #[test]
    fn events_are_classified_by_what_they_touch() {
        let c = classifier();
        assert_eq!(
            c.meaning(Path::new("/site/content/banjar/sipandai.md")),
            Meaning::Region("banjar".into())
        );
        assert_eq!(
            c.meaning(Path::new("/site/content/banjar/evidence/a.pdf")),
            Meaning::Region("banjar".into())
        );
        assert_eq!(
            c.meaning(Path::new("/site/content/banjar")),
            Meaning::Region("banjar".into())
        );
        assert_eq!(c.meaning(Path::new("/site/site.yaml")), Meaning::All);
        assert_eq!(c.meaning(Path::new("/site/metodologi.yaml")), Meaning::All);
        assert_eq!(
            c.meaning(Path::new("/site/metodologi/iid-2024.yml")),
            Meaning::All,
            "site.yaml may point at another methodology file later"
        );
        assert_eq!(
            c.meaning(Path::new("/site/.github/workflows/lumbung.yml")),
            Meaning::Ignore
        );
        assert_eq!(
            c.meaning(Path::new("/site/themes/default/templates/base.html")),
            Meaning::Theme
        );
        assert_eq!(c.meaning(Path::new("/site/content")), Meaning::All);
    }

    #[test]
    fn editor_litter_the_output_and_other_files_are_ignored() {
        let c = classifier();
        for path in [
            "/site/content/banjar/.sipandai.md.swp",
            "/site/content/banjar/.#sipandai.md",
            "/site/content/banjar/.goutputstream-XYZ",
            "/site/content/.hidden/x.md",
            "/site/themes/default/templates/.base.html.swp",
            "/site/public/index.html",
            "/site/.git/index",
            "/site/README.md",
        ] {
            assert_eq!(c.meaning(Path::new(path)), Meaning::Ignore, "{path}");
        }
    }

    #[test]
    fn a_temp_file_and_rename_save_is_one_batch_for_one_region() {
        use notify::event::{CreateKind, DataChange, RenameMode};
        let (tx, rx) = std::sync::mpsc::channel();
        let c = classifier();
        let ev = |kind, path: &str| Message::Fs(Ok(Event::new(kind).add_path(PathBuf::from(path))));
        let _ = tx.send(ev(
            EventKind::Create(CreateKind::File),
            "/site/content/banjar/4913",
        ));
        let _ = tx.send(ev(
            EventKind::Remove(notify::event::RemoveKind::File),
            "/site/content/banjar/4913",
        ));
        let _ = tx.send(ev(
            EventKind::Create(CreateKind::File),
            "/site/content/banjar/.sipandai.md.tmp",
        ));
        let _ = tx.send(ev(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            "/site/content/banjar/.sipandai.md.tmp",
        ));
        let _ = tx.send(ev(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "/site/content/banjar/.sipandai.md.tmp",
        ));
        let _ = tx.send(ev(
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            "/site/content/banjar/.sipandai.md.tmp",
        ));
        let _ = tx.send(ev(
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            "/site/content/banjar/sipandai.md",
        ));
        let batch = Batch::collect(&rx, &c).expect("a batch");
        assert_eq!(batch.changes.regions.iter().collect::<Vec<_>>(), ["banjar"]);
        assert!(!batch.changes.all && !batch.changes.theme);
    }

    #[test]
    fn lost_events_mean_reading_everything() {
        let (tx, rx) = std::sync::mpsc::channel();
        let _ = tx.send(Message::Fs(Ok(
            Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan)
        )));
        let batch = Batch::collect(&rx, &classifier()).expect("a batch");
        assert!(batch.changes.all);
    }
}
