//! A small harness for diagnostics tests: throw-away portfolios (from a fixture folder
//! or written by the test), the real `lumbung` binary run on them, and its
//! `--format json` report read back as [`Found`] problems.
//!
//! ```ignore
//! let site = Site::fixture("invalid/tabs");          // copy of tests/fixtures/invalid/tabs
//! let site = Site::minimal().write("content/banjar/a.md", "---\n...");
//! let run = site.check(&[]);                          // lumbung check --format json --lang en
//! assert_eq!(run.exit, 1);
//! run.assert_found(&["L0106 content/banjar/a.md:3:1"]);
//! site.assert_expected();                             // compares with the fixture's expected.txt
//! ```
//!
//! `expected.txt` lists one problem per line as `CODE file:line:col message` (English),
//! sorted as `lumbung check` prints them; `indicator-missing` (L0601) warnings are left
//! out of comparisons because every small portfolio has them. Lines starting with `#`
//! are comments.
#![allow(dead_code)]

pub mod fuzz;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The code of the warning every incomplete portfolio has; ignored by comparisons.
pub const MISSING: &str = "L0601";

/// A portfolio in a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
    fixture: Option<PathBuf>,
}

/// One problem as `lumbung check --format json` reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub code: String,
    pub severity: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
    pub hint: String,
}

impl Found {
    /// `CODE file:line:col`, the short form used in assertions.
    pub fn short(&self) -> String {
        format!("{} {}:{}:{}", self.code, self.file, self.line, self.column)
    }
}

/// The result of one run of the binary.
pub struct Run {
    pub exit: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

impl Run {
    /// The problems of a `--format json` run, in the order printed.
    pub fn found(&self) -> Vec<Found> {
        let report: serde_json::Value = serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        });
        let text = |d: &serde_json::Value, k: &str| d[k].as_str().unwrap_or_default().to_string();
        report["diagnostics"]
            .as_array()
            .expect("a diagnostics list")
            .iter()
            .map(|d| Found {
                code: text(d, "code"),
                severity: text(d, "severity"),
                file: text(d, "file"),
                line: d["line"].as_u64().unwrap_or_default(),
                column: d["column"].as_u64().unwrap_or_default(),
                message: text(d, "message"),
                hint: text(d, "hint"),
            })
            .collect()
    }

    /// The problems other than `indicator-missing`.
    pub fn problems(&self) -> Vec<Found> {
        self.found()
            .into_iter()
            .filter(|f| f.code != MISSING)
            .collect()
    }

    /// Asserts the problems (other than `indicator-missing`), as `CODE file:line:col`.
    pub fn assert_found(&self, expected: &[&str]) {
        let found: Vec<String> = self.problems().iter().map(Found::short).collect();
        assert_eq!(found, expected, "\nstderr:\n{}", self.stderr);
    }

    /// Every problem with `code`, in the order printed.
    pub fn with_code(&self, code: &str) -> Vec<Found> {
        self.found()
            .into_iter()
            .filter(|f| f.code == code)
            .collect()
    }

    /// The one problem with `code` (panics if there is not exactly one).
    pub fn one(&self, code: &str) -> Found {
        let all = self.with_code(code);
        assert_eq!(
            all.len(),
            1,
            "expected one {code}: {all:#?}\nstderr:\n{}",
            self.stderr
        );
        all.into_iter().next().expect("one")
    }
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let from = fixtures().join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
            fixture: Some(from.clone()),
        };
        copy_dir(&from, site.root());
        site
    }

    /// A valid portfolio: `site.yaml` and the region `banjar` with its `_index.md`
    /// (it has only `indicator-missing` warnings).
    pub fn minimal() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
            fixture: None,
        };
        site.write("site.yaml", "title: Uji\nlanguage: id\n").write(
            "content/banjar/_index.md",
            "---\nname: Kabupaten Banjar\nkind: kabupaten\n---\n",
        )
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders), relative to the site root.
    pub fn write(self, rel: &str, bytes: impl AsRef<[u8]>) -> Site {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        self
    }

    /// Makes `link` (relative to the site root) a symbolic link to `target`.
    #[cfg(unix)]
    pub fn symlink(self, target: &Path, link: &str) -> Site {
        let path = self.root().join(link);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, path).expect("symlink");
        self
    }

    /// Runs `lumbung <args> --root <site>` without colours.
    pub fn run(&self, args: &[&str]) -> Run {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_lumbung"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run lumbung");
        run_of(output, started)
    }

    /// `lumbung check --format json --lang en <extra>`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check", "--format", "json", "--lang", "en"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `check` under a 1 GiB address-space limit (`ulimit -v`), killed after
    /// `timeout`: the bound every hostile input must stay within. A run that needs
    /// more memory dies and fails the exit-code assertions of its test.
    #[cfg(unix)]
    pub fn check_bounded(&self, timeout: Duration) -> Run {
        let started = Instant::now();
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 1048576 && exec \"$0\" check --format json --lang en --root \"$1\"")
            .arg(env!("CARGO_BIN_EXE_lumbung"))
            .arg(self.root())
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run lumbung");
        // Drain both pipes while waiting, or a long report would block the child.
        let stdout = drain(child.stdout.take());
        let stderr = drain(child.stderr.take());
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > timeout {
                let _ = child.kill();
                panic!("lumbung check ran longer than {timeout:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let output = Output {
            status,
            stdout: stdout.join().expect("stdout"),
            stderr: stderr.join().expect("stderr"),
        };
        run_of(output, started)
    }

    /// Asserts that `check` finds exactly the fixture's `expected.txt` (code, file,
    /// line, column and English message of every problem but `indicator-missing`) and
    /// exits with 1.
    pub fn assert_expected(&self) -> Run {
        let fixture = self.fixture.as_ref().expect("a fixture site");
        let expected_text =
            std::fs::read_to_string(fixture.join("expected.txt")).expect("expected.txt");
        let expected: Vec<&str> = expected_text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let run = self.check(&[]);
        let found: Vec<String> = run
            .problems()
            .iter()
            .map(|f| format!("{} {}", f.short(), f.message))
            .collect();
        assert_eq!(
            found,
            expected,
            "\n{}\nstderr:\n{}",
            fixture.display(),
            run.stderr
        );
        assert_eq!(run.exit, 1, "exit code; stderr:\n{}", run.stderr);
        run
    }
}

/// The limit for one hostile input: the issue's 10 s for an optimised build; debug
/// builds (plain `cargo test`) run the parser about 20 times slower, so they get 60 s.
pub fn time_limit() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(60)
    } else {
        Duration::from_secs(10)
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn drain(pipe: Option<impl std::io::Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

fn run_of(output: Output, started: Instant) -> Run {
    Run {
        exit: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        if rel == Path::new("expected.txt") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
