//! Stage 5, write: puts a rendered site on disk atomically.
//!
//! Pages are streamed into a fresh temporary folder beside the output (same
//! filesystem, so the final step is a rename). Only when everything was written is the
//! old site moved aside and the new one renamed into place; the old one is then deleted
//! in the background, off the build's critical path (deleting a large tree before
//! writing a new one makes file creation very slow on ext4). A failed or killed build
//! leaves the previous output untouched. Pages that did not change since the previous
//! site are hard-linked from it rather than written again.

use crate::render::{Output, Pieces, Sink};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes files under a folder, creating parent folders as needed. With a previous
/// site, a page whose bytes equal the previous site's file at the same path is
/// hard-linked from it instead of written: no new inode, no data written.
pub struct DirSink {
    dir: PathBuf,
    previous: Option<PathBuf>,
}

impl DirSink {
    pub fn new(dir: &Path) -> Self {
        DirSink {
            dir: dir.to_path_buf(),
            previous: None,
        }
    }

    /// Like [`DirSink::new`], reusing unchanged files of the site in `previous`.
    pub fn reusing(dir: &Path, previous: &Path) -> Self {
        DirSink {
            dir: dir.to_path_buf(),
            previous: Some(previous.to_path_buf()),
        }
    }

    /// Hard-links `target` to the previous site's `path` if that is a regular file of
    /// `len` bytes that `same` accepts; false (nothing done) otherwise, or where links
    /// fail.
    fn link_unchanged(
        &self,
        path: &str,
        target: &Path,
        len: usize,
        same: impl FnOnce(&[u8]) -> bool,
    ) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(path);
        let same_size =
            std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == len as u64);
        same_size
            && std::fs::read(&old).is_ok_and(|old_bytes| same(&old_bytes))
            && std::fs::hard_link(&old, target).is_ok()
    }
}

impl Sink for DirSink {
    fn put(&self, path: &str, output: Output) -> std::io::Result<()> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        match output {
            Output::Bytes(bytes)
                if self.link_unchanged(path, &target, bytes.len(), |old| old == bytes) =>
            {
                Ok(())
            }
            Output::Bytes(bytes) => std::fs::write(&target, bytes),
            Output::Shared(pieces)
                if self.link_unchanged(path, &target, pieces.len(), |old| pieces.eq_bytes(old)) =>
            {
                Ok(())
            }
            Output::Shared(pieces) => write_pieces(&target, &pieces),
            Output::Copy(source) => std::fs::copy(&source, &target).map(|_| ()),
        }
    }
}

/// Writes `pieces` one after the other into a new file at `target`.
fn write_pieces(target: &Path, pieces: &Pieces) -> std::io::Result<()> {
    let mut file = std::fs::File::create(target)?;
    for piece in &pieces.0 {
        file.write_all(piece)?;
    }
    Ok(())
}

/// How the previous site is removed after the swap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleanup {
    /// A detached `rm -rf` (Unix) so the command returns at once.
    Background,
    /// Removed before returning (tests, non-Unix).
    Now,
}

/// Runs `write` against a sink in a temporary folder beside `out`, then swaps it in.
/// If `write` fails, the temporary folder is removed and `out` is left as it was.
pub fn write_atomically<T, E: From<std::io::Error>>(
    out: &Path,
    cleanup: Cleanup,
    write: impl FnOnce(&dyn Sink) -> Result<T, E>,
) -> Result<T, E> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    std::fs::create_dir(&tmp)?;
    let previous_site = std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir());
    let sink = if previous_site {
        DirSink::reusing(&tmp, out)
    } else {
        DirSink::new(&tmp)
    };
    let result = write(&sink);
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
        return result;
    }
    let old = parent.join(format!(".{name}.old-{pid}"));
    let had_old = match std::fs::rename(out, &old) {
        Ok(()) => true,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => false,
        Err(err) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(err.into());
        }
    };
    if let Err(err) = std::fs::rename(&tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(err.into());
    }
    if had_old {
        remove(&old, cleanup);
    }
    result
}

fn remove(path: &Path, cleanup: Cleanup) {
    if cleanup == Cleanup::Background && cfg!(unix) {
        let spawned = std::process::Command::new("rm")
            .arg("-rf")
            .arg("--")
            .arg(path)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if spawned.is_ok() {
            return;
        }
    }
    let _ = std::fs::remove_dir_all(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(sink: &dyn Sink, path: &str, text: &str) -> std::io::Result<()> {
        sink.put(path, Output::Bytes(text.as_bytes().to_vec()))
    }

    #[test]
    fn a_successful_write_replaces_the_output() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let out = tmp.path().join("public");
        write_atomically(&out, Cleanup::Now, |s| put(s, "a/index.html", "one"))?;
        write_atomically(&out, Cleanup::Now, |s| put(s, "b/index.html", "two"))?;
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read_to_string(out.join("b/index.html"))?, "two");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())?.collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
        Ok(())
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output_untouched() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let out = tmp.path().join("public");
        write_atomically(&out, Cleanup::Now, |s| put(s, "index.html", "good"))?;
        let failed: std::io::Result<()> = write_atomically(&out, Cleanup::Now, |s| {
            put(s, "index.html", "half")?;
            Err(std::io::Error::other("template failed"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(out.join("index.html"))?, "good");
        assert_eq!(std::fs::read_dir(tmp.path())?.count(), 1);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_pages_are_linked_from_the_previous_site_and_changed_ones_written(
    ) -> std::io::Result<()> {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir()?;
        let out = tmp.path().join("public");
        let site = |s: &dyn Sink, b: &str| {
            put(s, "same/index.html", "unchanged")?;
            put(s, "b.html", b)?;
            put(s, "link.html", "secret")
        };
        write_atomically(&out, Cleanup::Now, |s| site(s, "one"))?;
        // A symlink in the previous output is never followed or linked.
        std::fs::write(tmp.path().join("secret"), "secret")?;
        std::fs::remove_file(out.join("link.html"))?;
        std::os::unix::fs::symlink(tmp.path().join("secret"), out.join("link.html"))?;
        let before = std::fs::metadata(out.join("same/index.html"))?.ino();
        write_atomically(&out, Cleanup::Now, |s| site(s, "two"))?;
        assert_eq!(
            std::fs::metadata(out.join("same/index.html"))?.ino(),
            before
        );
        assert_eq!(
            std::fs::read_to_string(out.join("same/index.html"))?,
            "unchanged"
        );
        assert_eq!(std::fs::read_to_string(out.join("b.html"))?, "two");
        let link = std::fs::symlink_metadata(out.join("link.html"))?;
        assert!(link.is_file() && link.nlink() == 1, "written, not linked");
        assert_eq!(std::fs::metadata(tmp.path().join("secret"))?.nlink(), 1);
        Ok(())
    }
}
