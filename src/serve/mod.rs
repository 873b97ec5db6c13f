//! `lumbung serve`: a live preview. Builds the site in memory, serves it over HTTP
//! (tiny_http) and rebuilds — incrementally — whenever a file of the site changes,
//! telling open pages to reload once the new site is complete.
//!
//! Threads: one builds (it owns the [`rebuild::Builder`]; file events queue while it
//! works, so there is one build at a time and one more for what arrived meanwhile),
//! a few answer requests, one per open page streams reload events, and notify's own.
//! Takes [`Options`]; gives a [`Running`] server that [`Running::stop`] ends cleanly.

mod http;
mod live;
mod loader;
pub mod paths;
pub mod rebuild;
pub mod store;
mod terminal;
pub mod watch;

use crate::diagnostics::{Code, Diagnostics, Lang};
use rebuild::{Builder, Changes};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use store::{Files, State};

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site root (holding site.yaml).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    /// When `port` is taken, try the next ones (and say which is used).
    pub next_free_port: bool,
    /// Language of terminal messages and the overlay; `None`: the site's.
    pub lang: Option<Lang>,
    /// Print nothing (tests).
    pub quiet: bool,
}

/// Why the server did not start.
#[derive(Debug)]
pub enum StartError {
    /// No site.yaml (or no such folder): a usage problem.
    NoSite(Diagnostics),
    /// The port (and the ones after it, if allowed) is taken, or binding failed.
    Bind {
        addr: SocketAddr,
        error: std::io::Error,
    },
    Io(String, std::io::Error),
}

/// A running preview server.
pub struct Running {
    addr: SocketAddr,
    mount: String,
    lang: Lang,
    state: Arc<State>,
    tx: Sender<watch::Message>,
    threads: Vec<JoinHandle<()>>,
    server: Arc<tiny_http::Server>,
}

/// Workers answering requests.
const WORKERS: usize = 8;
/// Ports tried after a taken one.
const PORT_TRIES: u16 = 20;

/// Builds the site, starts watching and serving. The first build may fail (the
/// overlay then says why); only a missing site is fatal.
pub fn start(options: Options) -> Result<Running, StartError> {
    let root = std::fs::canonicalize(&options.root)
        .map_err(|e| StartError::Io(options.root.display().to_string(), e))?;
    let mut builder = Builder::new(&root);
    let first = builder.build(&Changes::everything(), &Files::default());
    let config = crate::config::load(&root).ok();
    let lang = options
        .lang
        .or(config.as_ref().map(|c| c.language))
        .unwrap_or(Lang::Id);
    let out = terminal::Out {
        quiet: options.quiet,
        lang,
        root: root.clone(),
    };
    let state = Arc::new(match first {
        Ok(built) => {
            out.built(&built, true);
            State::new(built.files, Vec::new())
        }
        Err(diags) if diags.0.iter().any(|d| d.code == Code::SiteConfigMissing) => {
            return Err(StartError::NoSite(diags))
        }
        Err(diags) => {
            out.failed(&diags);
            State::new(Files::default(), terminal::problems(&diags, lang))
        }
    });
    let listener = bind(&options, &out)?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Io("socket".into(), e))?;
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| StartError::Io("server".into(), std::io::Error::other(e.to_string())))?,
    );
    let mount = config
        .as_ref()
        .map_or("/".to_string(), |c| c.base_path().to_string());
    let allowed = ["content", "themes"]
        .iter()
        .filter_map(|d| std::fs::canonicalize(root.join(d)).ok())
        .collect();
    let ctx = Arc::new(http::Context::new(
        state.clone(),
        mount.clone(),
        lang,
        allowed,
    ));
    let mut threads = Vec::new();
    for i in 0..WORKERS {
        let (server, ctx) = (server.clone(), ctx.clone());
        threads.push(spawn(&format!("lumbung-http-{i}"), move || {
            http::worker(&server, &ctx)
        })?);
    }
    let (tx, rx) = mpsc::channel();
    let methodology = config
        .as_ref()
        .and_then(|c| methodology_file(&root, &c.methodology));
    let classifier = watch::Classifier::new(&root, methodology);
    let watcher = match classifier.watch(tx.clone()) {
        Ok(w) => Some(w),
        Err(err) => {
            out.no_watch(&err);
            None
        }
    };
    let build_state = state.clone();
    threads.push(spawn("lumbung-build", move || {
        build_loop(builder, &rx, classifier, watcher, &build_state, &out)
    })?);
    Ok(Running {
        addr,
        mount,
        lang,
        state,
        tx,
        threads,
        server,
    })
}

impl Running {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The language of messages (the site's, unless asked otherwise).
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The site's URL on this server.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.addr, self.mount)
    }

    /// The shared state (tests read the published site from it).
    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    /// Stops watching, building and serving, and waits for the threads to end.
    pub fn stop(self) {
        self.state.stop();
        let _ = self.tx.send(watch::Message::Stop);
        self.server.unblock();
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, StartError> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(f)
        .map_err(|e| StartError::Io(name.to_string(), e))
}

/// Binds the address, trying the next ports when allowed.
fn bind(options: &Options, out: &terminal::Out) -> Result<TcpListener, StartError> {
    let tries = if options.next_free_port && options.port != 0 {
        PORT_TRIES
    } else {
        0
    };
    let mut first_error = None;
    for port in (0..=tries).filter_map(|i| options.port.checked_add(i)) {
        let addr = SocketAddr::new(options.bind, port);
        match TcpListener::bind(addr) {
            Ok(listener) => {
                if port != options.port {
                    out.port_taken(options.port, port);
                }
                return Ok(listener);
            }
            Err(error)
                if error.kind() == std::io::ErrorKind::AddrInUse
                    && port < options.port.saturating_add(tries) =>
            {
                first_error.get_or_insert((addr, error));
            }
            Err(error) => {
                return Err(StartError::Bind {
                    addr: first_error.map_or(addr, |(a, _)| a),
                    error,
                })
            }
        }
    }
    let (addr, error) = first_error.unwrap_or_else(|| {
        (
            SocketAddr::new(options.bind, options.port),
            std::io::Error::other("no port"),
        )
    });
    Err(StartError::Bind { addr, error })
}

/// The methodology file to watch, when site.yaml names a file rather than an embedded id.
fn methodology_file(root: &Path, methodology: &str) -> Option<PathBuf> {
    let path = root.join(methodology);
    path.is_file()
        .then(|| std::fs::canonicalize(&path).unwrap_or(path))
}

/// Waits for bursts of file events and builds after each.
fn build_loop(
    mut builder: Builder,
    rx: &mpsc::Receiver<watch::Message>,
    classifier: watch::Classifier,
    mut watcher: Option<notify::RecommendedWatcher>,
    state: &State,
    out: &terminal::Out,
) {
    while let Some(batch) = watch::Batch::collect(rx, &classifier) {
        if batch.new_folders {
            if let Some(w) = watcher.as_mut() {
                let _ = classifier.add_watches(w);
            }
        }
        if batch.changes.is_empty() || state.is_stopping() {
            continue;
        }
        if crate::render::tracing() {
            eprintln!("  burst: {:.1} ms", batch.burst.as_secs_f64() * 1000.0);
        }
        let current = state.site();
        let mut spent = None;
        let t = std::time::Instant::now();
        match builder.build(&batch.changes, &current) {
            Ok(built) => {
                let t = crate::render::trace("build", t);
                out.built(&built, false);
                state.publish(built.files, built.changed);
                crate::render::trace("publish", t);
                spent = built.spent;
            }
            Err(diags) => {
                out.failed(&diags);
                state.fail(terminal::problems(&diags, out.lang));
            }
        }
        // The previous site and the build's view-models are freed here, after open
        // pages were told.
        let t = std::time::Instant::now();
        drop((current, spent));
        crate::render::trace("free previous site", t);
    }
}
