//! Runs the browser tests (tests/browser/run.mjs: headless Chromium driven by
//! playwright-core, axe-core accessibility checks, screenshots) against the demo built
//! by the real binary. `tests/run` installs Chromium and the Node packages first; a
//! missing browser, Node or package fails this test loudly, it never skips.

use std::path::Path;
use std::process::Command;

#[test]
fn the_demo_site_passes_the_browser_tests() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser = repo.join("tests/browser");
    assert!(
        browser.join("node_modules/playwright-core").is_dir() && browser.join("node_modules/axe-core").is_dir(),
        "the browser tests need their Node packages: run `npm ci` in tests/browser (tests/run does)"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_lumbung"))
        .args(["build", "--root"])
        .arg(repo)
        .arg("--out")
        .arg(&site)
        .env("NO_COLOR", "1")
        .output()
        .expect("run lumbung");
    assert!(
        build.status.success(),
        "demo build failed: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    let out = Command::new("node")
        .arg(browser.join("run.mjs"))
        .arg(&site)
        .arg(repo.join("target/screenshots"))
        .output()
        .expect("node must be installed to run the browser tests");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{report}");
    assert!(out.status.success(), "browser tests failed:\n{report}");
    assert!(
        report.contains(" passed, 0 failed"),
        "no summary line:\n{report}"
    );
}
