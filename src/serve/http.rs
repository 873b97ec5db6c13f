//! Answering requests from the in-memory site (tiny_http): files with their types,
//! `index.html` for folder URLs, the site's 404 page with status 404, the live-reload
//! event stream and its script, and the diagnostics overlay on every HTML page while
//! the content is invalid.
//!
//! Takes requests and the shared [`State`]; gives responses. Invariants: only keys of
//! the built site are ever answered (see `paths.rs`), every response says
//! `Cache-Control: no-store`, and the script and overlay are added to HTML as it is
//! sent — the site in memory stays exactly what `lumbung build` writes.

use super::live;
use super::paths::{self, Refusal, Target};
use super::store::{self, Entry, State};
use std::io::{Cursor, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The server's own URLs live under this prefix (never a site path: slugs have no `_`).
pub const PREFIX: &str = "/__lumbung/";

/// Event streams open at once, at most (each holds a thread).
const MAX_STREAMS: usize = 64;

/// What request handlers share.
pub struct Context {
    pub state: Arc<State>,
    /// Where the site is mounted: its `base_url` path ("/" or "/portal/").
    pub mount: String,
    pub lang: crate::diagnostics::Lang,
    /// Canonical folders copied files must resolve inside (`content/`, `themes/`).
    pub allowed: Vec<PathBuf>,
    streams: AtomicUsize,
    /// Identifies this server process to open pages.
    instance: String,
}

impl Context {
    pub fn new(
        state: Arc<State>,
        mount: String,
        lang: crate::diagnostics::Lang,
        allowed: Vec<PathBuf>,
    ) -> Context {
        Context {
            state,
            mount,
            lang,
            allowed,
            streams: AtomicUsize::new(0),
            instance: format!(
                "{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            ),
        }
    }
}

/// Answers requests until the state says stop.
pub fn worker(server: &tiny_http::Server, ctx: &Arc<Context>) {
    while !ctx.state.is_stopping() {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) => handle(request, ctx),
            Ok(None) => {}
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn handle(request: Request, ctx: &Arc<Context>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = set(text(405, "method not allowed\n"), "Allow", "GET, HEAD");
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    if let Some(own) = url.strip_prefix(PREFIX) {
        return own_url(request, own, ctx);
    }
    let response = match paths::resolve(&url, &ctx.mount) {
        Err(refusal) => text(400, refusal_text(refusal)),
        Ok(Target::Outside) if url.split('?').next() == Some("/") => redirect(&ctx.mount),
        Ok(Target::Outside) => not_found(ctx, ""),
        Ok(Target::File { key, dir }) => site_file(ctx, &url, &key, dir),
    };
    let _ = request.respond(response);
}

fn refusal_text(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::NotAPath => "bad request: not a site path\n",
        Refusal::Traversal => "bad request: path traversal refused\n",
        Refusal::BadEncoding => "bad request: malformed percent-encoding\n",
    }
}

type Answer = Response<Cursor<Vec<u8>>>;

fn site_file(ctx: &Context, url: &str, key: &str, dir: bool) -> Answer {
    let site = ctx.state.site();
    let file = paths::file_key(key, dir);
    match site.get(file.as_str()) {
        Some(Entry::Bytes(bytes)) => return file_response(ctx, 200, &file, bytes),
        Some(Entry::Pieces(pieces)) => return file_response(ctx, 200, &file, &pieces.to_vec()),
        Some(Entry::File(source)) => {
            if let Ok(bytes) = store::read_contained(source, &ctx.allowed) {
                return respond(200, paths::mime(&file), bytes);
            }
            return not_found(ctx, key);
        }
        None => {}
    }
    if !dir && (key.is_empty() || site.contains_key(format!("{key}/index.html").as_str())) {
        let (path, query) = url
            .split_once('?')
            .map_or((url, None), |(p, q)| (p, Some(q)));
        return redirect(&format!(
            "{path}/{}",
            query.map(|q| format!("?{q}")).unwrap_or_default()
        ));
    }
    not_found(ctx, key)
}

/// The site's 404 page of the request's language (or the default one), status 404.
fn not_found(ctx: &Context, key: &str) -> Answer {
    let site = ctx.state.site();
    let lang_page = key
        .split_once('/')
        .map(|(first, _)| format!("{first}/404.html"));
    let page = lang_page
        .iter()
        .chain(std::iter::once(&"404.html".to_string()))
        .find_map(|k| match site.get(k.as_str()) {
            Some(Entry::Bytes(b)) => Some((k.clone(), b.clone())),
            _ => None,
        });
    match page {
        Some((k, bytes)) => file_response(ctx, 404, &k, &bytes),
        None => text(404, "404: not found\n"),
    }
}

fn file_response(ctx: &Context, status: u16, key: &str, bytes: &[u8]) -> Answer {
    let mime = paths::mime(key);
    let body = if mime.starts_with("text/html") {
        live::inject(bytes, ctx)
    } else {
        bytes.to_vec()
    };
    respond(status, mime, body)
}

fn own_url(request: Request, own: &str, ctx: &Arc<Context>) {
    let (path, query) = own.split_once('?').unwrap_or((own, ""));
    let response = match path {
        "events" => return events(request, query, ctx),
        "live.js" => respond(
            200,
            "text/javascript; charset=utf-8",
            live::SCRIPT.as_bytes().to_vec(),
        ),
        "overlay.css" => respond(
            200,
            "text/css; charset=utf-8",
            live::STYLE.as_bytes().to_vec(),
        ),
        _ => text(404, "404: not found\n"),
    };
    let _ = request.respond(response);
}

/// The live-reload stream (server-sent events), on its own thread.
fn events(request: Request, query: &str, ctx: &Arc<Context>) {
    if ctx.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        ctx.streams.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(text(503, "too many live-reload streams\n"));
        return;
    }
    let since = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let ctx = ctx.clone();
    let spawned = std::thread::Builder::new()
        .name("lumbung-events".into())
        .spawn(move || {
            let mut writer = request.into_writer();
            let _ = stream(&mut writer, since, &ctx);
            ctx.streams.fetch_sub(1, Ordering::SeqCst);
        });
    if spawned.is_err() {
        eprintln!("lumbung serve: could not start a live-reload stream");
    }
}

fn stream(writer: &mut dyn Write, since: u64, ctx: &Context) -> std::io::Result<()> {
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n",
    )?;
    // Open pages reload when they reconnect to another instance (a restarted server).
    write!(writer, "event: hello\ndata: {}\n\n", ctx.instance)?;
    writer.flush()?;
    let mut seen = since;
    while !ctx.state.is_stopping() {
        match ctx.state.wait_event(seen, Duration::from_secs(15)) {
            Some(event) => {
                // Events in between were missed: their paths are unknown, reload.
                let all = event.all || event.id > seen + 1;
                writer.write_all(live::event_text(&event, all).as_bytes())?;
                seen = event.id;
            }
            None => writer.write_all(b": ping\n\n")?,
        }
        writer.flush()?;
    }
    Ok(())
}

/// Adds a header; names and values here are ASCII (a value that is not is dropped).
fn set(response: Answer, name: &str, value: &str) -> Answer {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

fn respond(status: u16, mime: &str, body: Vec<u8>) -> Answer {
    let len = body.len();
    let response = Response::new(
        StatusCode(status),
        Vec::new(),
        Cursor::new(body),
        Some(len),
        None,
    )
    .with_chunked_threshold(usize::MAX);
    let response = set(response, "Content-Type", mime);
    let response = set(response, "Cache-Control", "no-store");
    set(response, "X-Content-Type-Options", "nosniff")
}

fn text(status: u16, body: &str) -> Answer {
    respond(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

/// A redirect within this server (`location` is a path from the request, re-encoded
/// so that it stays visible ASCII).
fn redirect(location: &str) -> Answer {
    let mut encoded = String::with_capacity(location.len());
    for b in location.bytes() {
        if b.is_ascii_graphic() {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    set(text(301, "moved\n"), "Location", &encoded)
}
