//! `lumbung serve`: start the preview server, say where it is, wait for Ctrl-C.

use super::{lang, print_full, OK, USAGE};
use crate::cli::ServeArgs;
use lumbung::diagnostics::Lang;
use lumbung::serve::{self, Options, StartError};

/// The port when none is given (then the next free one is taken if it is in use).
const DEFAULT_PORT: u16 = 1111;

pub fn run(args: &ServeArgs) -> u8 {
    let messages = lang(&args.common, None);
    let options = Options {
        root: args.common.root.clone(),
        bind: args.bind,
        port: args.port.unwrap_or(DEFAULT_PORT),
        next_free_port: args.port.is_none(),
        lang: args.common.lang.map(|_| messages),
        quiet: false,
    };
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    if let Err(err) = ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    }) {
        eprintln!("lumbung serve: {err}");
    }
    let running = match serve::start(options) {
        Ok(running) => running,
        Err(err) => return start_failed(&err, args, messages),
    };
    let (url, lang) = (running.url(), running.lang());
    announce(&url, args, lang);
    if args.open {
        open_browser(&url, lang);
    }
    let _ = stop_rx.recv();
    running.stop();
    say(lang, "lumbung serve: berhenti", "lumbung serve: stopped");
    OK
}

fn say(lang: Lang, id: &str, en: &str) {
    eprintln!("{}", if lang == Lang::En { en } else { id });
}

fn announce(url: &str, args: &ServeArgs, lang: Lang) {
    if args.bind.is_loopback() {
        say(
            lang,
            &format!("pratinjau di {url} — hanya dari komputer ini (--bind 0.0.0.0 untuk jaringan). Ctrl-C untuk berhenti."),
            &format!("preview at {url} — this computer only (--bind 0.0.0.0 to share on the network). Ctrl-C stops."),
        );
    } else {
        say(
            lang,
            &format!(
                "pratinjau di {url} — terlihat dari jaringan di alamat {}. Ctrl-C untuk berhenti.",
                args.bind
            ),
            &format!(
                "preview at {url} — visible from the network on {}. Ctrl-C stops.",
                args.bind
            ),
        );
    }
}

fn start_failed(err: &StartError, args: &ServeArgs, lang: Lang) -> u8 {
    match err {
        StartError::NoSite(diags) => print_full(diags, &args.common, lang),
        StartError::Bind { addr, error } if error.kind() == std::io::ErrorKind::AddrInUse => say(
            lang,
            &format!("lumbung serve: port {} di {} sedang dipakai program lain; pilih port lain dengan --port", addr.port(), addr.ip()),
            &format!("lumbung serve: port {} on {} is in use by another program; choose another with --port", addr.port(), addr.ip()),
        ),
        StartError::Bind { addr, error } => say(
            lang,
            &format!("lumbung serve: tidak dapat memakai {addr}: {error}"),
            &format!("lumbung serve: cannot listen on {addr}: {error}"),
        ),
        StartError::Io(what, error) => say(lang, &format!("lumbung serve: {what}: {error}"), &format!("lumbung serve: {what}: {error}")),
    }
    USAGE
}

/// Opens `url` with the system's opener; a failure is only reported.
fn open_browser(url: &str, lang: Lang) {
    let opener = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(opener.0)
        .args(&opener.1)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        say(
            lang,
            &format!("tidak dapat membuka peramban; buka {url} sendiri"),
            &format!("could not open a browser; open {url} yourself"),
        );
    }
}
