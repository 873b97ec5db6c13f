//! The editor's path from nothing to a published portfolio: `lumbung init` builds as it
//! is, every file `lumbung new` writes validates, and the JSON Schemas `lumbung schema`
//! writes accept every real front matter (the demo portfolio, new files) and reject the
//! mistakes the loader rejects.
//!
//! Commands run the built binary in temporary folders; the schemas are checked with the
//! `jsonschema` crate (draft-07), front matter converted to JSON through lumbung's own
//! YAML parser, as an editor's YAML tooling would see it.
//!
//! Modules: `init`, `new`, `formula` (the guide's worked example), `schema`.

mod formula;
mod init;
mod new;
mod schema;

use lumbung::methodology::{self, Methodology};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn lumbung(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the lumbung binary runs")
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub(crate) fn assert_exit(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(out)
    );
}

/// A new portfolio made by `lumbung init` in a temporary folder.
pub(crate) fn init(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut args = vec!["init", "portal"];
    args.extend_from_slice(extra);
    assert_exit(&lumbung(&args, tmp.path()), 0, "lumbung init");
    let root = tmp.path().join("portal");
    (tmp, root)
}

pub(crate) fn embedded(id: &str) -> Methodology {
    methodology::load(id, Path::new(".")).unwrap_or_else(|d| panic!("{id}: {d:?}"))
}
