//! `lumbung serve` over real sockets: live reload after an edit, the overlay over the
//! last good site, refusal of every traversal spelling (raw TCP, so nothing normalises
//! `..` on the way), types, folders, the 404 page, and a bounded load test.

mod serve_support;

use lumbung::serve::{self, Options, Running};
use serve_support::Portfolio;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

fn start(p: &Portfolio) -> Running {
    let options = Options {
        root: p.root().to_path_buf(),
        bind: [127, 0, 0, 1].into(),
        port: 0,
        next_free_port: false,
        lang: None,
        quiet: true,
    };
    serve::start(options).expect("server starts")
}

/// A response: status, headers (lower-case names), body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Reads one Content-Length-framed response.
fn read_reply(reader: &mut impl BufRead) -> std::io::Result<Reply> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((n, v)) = trimmed.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// One raw request on a new connection; `target` is sent exactly as given.
fn request(addr: SocketAddr, target: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    read_reply(&mut BufReader::new(stream)).expect("reply")
}

/// The live-reload stream: waits for the next event's data.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(addr: SocketAddr, since: u64) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        write!(
            stream,
            "GET /__lumbung/events?since={since} HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .expect("send");
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).expect("status");
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        Events(reader)
    }

    /// The next reload event (the stream's greeting is skipped).
    fn next(&mut self) -> serde_json::Value {
        let mut line = String::new();
        let mut named = false;
        loop {
            line.clear();
            let read = self.0.read_line(&mut line).expect("an event within 30 s");
            assert!(read > 0, "stream closed");
            if line.starts_with("event: ") {
                named = true;
            } else if line.trim().is_empty() {
                named = false;
            } else if let Some(data) = line.strip_prefix("data: ").filter(|_| !named) {
                return serde_json::from_str(data.trim()).expect("event JSON");
            }
        }
    }
}

fn first_innovation(p: &Portfolio) -> (String, String) {
    let region = p.regions()[1].clone();
    let inn = p.innovations(&region)[0].clone();
    (region, inn)
}

#[test]
fn editing_a_file_sends_a_reload_event_and_serves_the_new_page() {
    let p = Portfolio::new(11, 3);
    let server = start(&p);
    let (region, inn) = first_innovation(&p);
    let page = format!("/{region}/{inn}/");
    let before = request(server.addr(), &page);
    assert_eq!(before.status, 200);
    assert!(
        before.text().contains("/__lumbung/live.js"),
        "the live-reload script is injected"
    );
    let mut events = Events::open(server.addr(), server.state().event_id());
    let rel = format!("content/{region}/{inn}.md");
    let text = std::fs::read_to_string(p.root().join(&rel)).expect("read");
    p.write(
        &rel,
        &text.replacen("title: ", "title: Judul Baru Sekali ", 1),
    );
    let event = events.next();
    let key = format!("{region}/{inn}/index.html");
    let listed = event["paths"]
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x == key.as_str()));
    assert!(
        event["all"] == true || listed,
        "the event names the page: {event}"
    );
    let after = request(server.addr(), &page);
    assert!(
        after.text().contains("Judul Baru Sekali"),
        "the new content is served after the event"
    );
    server.stop();
}

#[test]
fn a_broken_file_shows_the_overlay_over_the_last_good_site_until_it_is_fixed() {
    let p = Portfolio::new(12, 3);
    let server = start(&p);
    let (region, inn) = first_innovation(&p);
    let page = format!("/{region}/{inn}/");
    let rel = format!("content/{region}/{inn}.md");
    let good = std::fs::read_to_string(p.root().join(&rel)).expect("read");
    let mut events = Events::open(server.addr(), server.state().event_id());
    p.write(&rel, &good.replacen("title: ", "titel: Rusak ", 1));
    assert_eq!(
        events.next()["all"],
        true,
        "every page reloads to show the overlay"
    );
    let broken = request(server.addr(), &page).text();
    assert!(
        broken.contains("id=\"lumbung-overlay\""),
        "the overlay is shown"
    );
    assert!(
        broken.contains(&format!("{rel}:")),
        "the overlay names the file and line"
    );
    assert!(
        !broken.contains("Rusak"),
        "the last good page is still served"
    );
    let other = request(server.addr(), "/").text();
    assert!(other.contains("id=\"lumbung-overlay\""), "on every page");
    p.write(&rel, &good.replacen("title: ", "title: Diperbaiki ", 1));
    assert_eq!(events.next()["all"], true);
    let fixed = request(server.addr(), &page).text();
    assert!(
        !fixed.contains("lumbung-overlay"),
        "the overlay is gone after a good build"
    );
    assert!(fixed.contains("Diperbaiki"));
    server.stop();
}

#[test]
fn traversal_in_any_spelling_is_refused() {
    let p = Portfolio::new(13, 2);
    std::fs::write(p.root().join("rahasia.txt"), "RAHASIA").expect("secret");
    let server = start(&p);
    for target in [
        "/../rahasia.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/rahasia.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/assets/..%2f..%2frahasia.txt",
        "/assets/%2e%2e%2frahasia.txt",
        "/..\\rahasia.txt",
        "/%2e%2e%5crahasia.txt",
        "//etc/passwd",
        "/./rahasia.txt",
        "http://localhost/../rahasia.txt",
    ] {
        let reply = request(server.addr(), target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(
            !reply.text().contains("RAHASIA") && !reply.text().contains("root:"),
            "{target} leaked"
        );
    }
    for target in ["/site.yaml", "/content/", "/rahasia.txt"] {
        assert_eq!(
            request(server.addr(), target).status,
            404,
            "{target}: only built files are served"
        );
    }
    server.stop();
}

#[cfg(unix)]
#[test]
fn an_evidence_file_swapped_for_a_symlink_out_of_the_site_is_not_served() {
    let p = Portfolio::new(14, 2);
    let outside = tempfile::tempdir().expect("tmp");
    std::fs::write(outside.path().join("secret.pdf"), "RAHASIA").expect("secret");
    let server = start(&p);
    let region = p.regions()[0].clone();
    let url = format!("/{region}/evidence/sk.pdf");
    let reply = request(server.addr(), &url);
    assert_eq!(reply.status, 200, "referenced evidence is served");
    assert_eq!(reply.header("content-type"), Some("application/pdf"));
    let file = p.root().join(format!("content/{region}/evidence/sk.pdf"));
    std::fs::remove_file(&file).expect("remove");
    std::os::unix::fs::symlink(outside.path().join("secret.pdf"), &file).expect("symlink");
    let reply = request(server.addr(), &url);
    assert_ne!(reply.status, 200);
    assert!(!reply.text().contains("RAHASIA"));
    server.stop();
}

#[test]
fn files_get_their_types_folders_their_index_and_unknown_paths_the_404_page() {
    let p = Portfolio::new(15, 2);
    let server = start(&p);
    let addr = server.addr();
    let home = request(addr, "/");
    assert_eq!(
        (home.status, home.header("content-type")),
        (200, Some("text/html; charset=utf-8"))
    );
    assert_eq!(
        request(addr, "/data/scores.json").header("content-type"),
        Some("application/json")
    );
    let css = server
        .state()
        .site()
        .keys()
        .find(|k| k.ends_with(".css"))
        .cloned()
        .expect("a stylesheet");
    assert_eq!(
        request(addr, &format!("/{css}")).header("content-type"),
        Some("text/css; charset=utf-8")
    );
    let region = p.regions()[0].clone();
    let moved = request(addr, &format!("/{region}"));
    assert_eq!(
        (moved.status, moved.header("location")),
        (301, Some(format!("/{region}/").as_str()))
    );
    let missing = request(addr, "/tidak-ada/sama-sekali/");
    assert_eq!(missing.status, 404);
    let page = server.state().site().get("404.html").cloned();
    assert!(
        page.is_some() && missing.text().contains("<html"),
        "the site's own 404 page"
    );
    assert_eq!(request(addr, "/en/tidak-ada/").status, 404);
    server.stop();
}

#[test]
fn ten_thousand_requests_from_32_clients_all_succeed() {
    let p = Portfolio::new(16, 3);
    let server = start(&p);
    let addr = server.addr();
    let pages: Vec<String> = server
        .state()
        .site()
        .keys()
        .filter(|k| k.ends_with("index.html"))
        .map(|k| format!("/{}", k.trim_end_matches("index.html")))
        .collect();
    let started = Instant::now();
    let threads: Vec<_> = (0..32)
        .map(|t| {
            let pages = pages.clone();
            std::thread::spawn(move || -> Result<usize, String> {
                let mut ok = 0;
                for i in 0..(10_000 / 32 + usize::from(t < 10_000 % 32)) {
                    let (target, expected) = if i % 10 == 9 {
                        ("/tidak-ada/".to_string(), 404)
                    } else {
                        (pages[(t * 7 + i) % pages.len()].clone(), 200)
                    };
                    let reply = request(addr, &target);
                    if reply.status != expected || reply.body.is_empty() {
                        return Err(format!(
                            "{target}: status {} with {} bytes",
                            reply.status,
                            reply.body.len()
                        ));
                    }
                    ok += 1;
                }
                Ok(ok)
            })
        })
        .collect();
    let mut total = 0;
    for thread in threads {
        total += thread
            .join()
            .expect("client thread")
            .expect("no request failed");
    }
    assert_eq!(total, 10_000);
    eprintln!(
        "10,000 requests from 32 clients in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    server.stop();
}
