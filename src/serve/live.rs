//! What `serve` adds to HTML pages as it sends them: a small live-reload script (an
//! `EventSource` on `/__lumbung/events`) and, while the content is invalid, an overlay
//! listing the problems (file, line, message). Both are added before `</body>` in the
//! response only; `lumbung build` output never contains them.
//!
//! The script is a separate file (not inline), so a theme's Content-Security-Policy
//! allowing `'self'` scripts does not block it. It reloads a page only when that page
//! (or an asset, or the overlay) changed, and asks for events since the build it was
//! served from, so a build finished between page load and connection is not missed.

use super::http::Context;
use super::store::{Event, Problem};
use crate::diagnostics::Lang;

/// The live-reload script, served at `/__lumbung/live.js`.
pub const SCRIPT: &str = r#"(function () {
  "use strict";
  var me = document.currentScript;
  var mount = me.getAttribute("data-mount");
  var since = me.getAttribute("data-build");
  function here() {
    var path = location.pathname;
    if (path.indexOf(mount) === 0) path = path.slice(mount.length);
    try { path = decodeURIComponent(path); } catch (e) {}
    if (path === "" || path.charAt(path.length - 1) === "/") path += "index.html";
    return path;
  }
  var source = new EventSource("/__lumbung/events?since=" + since);
  var instance = null;
  // A different server instance (lumbung serve was restarted): its builds are newer.
  source.addEventListener("hello", function (message) {
    if (instance !== null && instance !== message.data) location.reload();
    instance = message.data;
  });
  source.onmessage = function (message) {
    var event = JSON.parse(message.data);
    since = event.id;
    if (event.all || event.paths.indexOf(here()) >= 0) location.reload();
  };
})();
"#;

/// The overlay's style, served at `/__lumbung/overlay.css`.
pub const STYLE: &str = "#lumbung-overlay{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;\
margin:0;padding:1rem 1.25rem;background:#fff8f6;color:#2b0b05;border-top:4px solid #b3261e;\
font:15px/1.5 system-ui,sans-serif;box-shadow:0 -4px 24px rgba(0,0,0,.25)}\
#lumbung-overlay h2{margin:0 0 .5rem;font-size:1.05rem;color:#8c1d18}\
#lumbung-overlay ol{margin:.25rem 0 .5rem;padding-left:1.5rem}\
#lumbung-overlay code{font:13px/1.4 ui-monospace,monospace;background:#fde7e3;padding:0 .25rem}\
#lumbung-overlay .warning code{background:#fdf3d6}\
#lumbung-overlay p{margin:.25rem 0 0}\
@media (prefers-color-scheme:dark){#lumbung-overlay{background:#2b0b05;color:#ffe9e5}\
#lumbung-overlay h2{color:#ffb4a9}#lumbung-overlay code{background:#5c1a12;color:#ffe9e5}}";

/// Problems shown in the overlay, at most (the terminal shows all).
const SHOWN: usize = 100;

/// The page with the script (and the overlay, if the last build failed) before
/// `</body>`, or at the end when there is none.
pub fn inject(html: &[u8], ctx: &Context) -> Vec<u8> {
    let problems = ctx.state.problems();
    let mut extra = String::new();
    if !problems.is_empty() {
        extra.push_str(&overlay(&problems, ctx.lang));
    }
    extra.push_str(&format!(
        "<script src=\"/__lumbung/live.js\" data-mount=\"{}\" data-build=\"{}\"></script>",
        escape(&ctx.mount),
        ctx.state.event_id()
    ));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The overlay markup.
pub fn overlay(problems: &[Problem], lang: Lang) -> String {
    let (title, fix, more) = match lang {
        Lang::Id => (
            "Konten belum valid — pratinjau ini masih versi terakhir yang berhasil dibangun",
            "Perbaiki berkasnya lalu simpan: halaman dimuat ulang sendiri. Daftar lengkap ada di terminal.",
            "masalah lain",
        ),
        Lang::En => (
            "Invalid content — this preview still shows the last good build",
            "Fix the file and save: the page reloads by itself. The terminal lists every problem.",
            "more problems",
        ),
    };
    let mut html = String::from("<link rel=\"stylesheet\" href=\"/__lumbung/overlay.css\">");
    html.push_str(
        "<section id=\"lumbung-overlay\" role=\"alert\" aria-labelledby=\"lumbung-overlay-title\">",
    );
    html.push_str(&format!(
        "<h2 id=\"lumbung-overlay-title\">{}</h2><ol>",
        escape(title)
    ));
    for p in problems.iter().take(SHOWN) {
        html.push_str(&format!(
            "<li class=\"{}\"><code>{}:{}:{}</code> {}[{}]: {}</li>",
            p.severity,
            escape(&p.file),
            p.line,
            p.col,
            p.severity,
            escape(&p.code),
            escape(&p.message)
        ));
    }
    html.push_str("</ol>");
    if problems.len() > SHOWN {
        html.push_str(&format!("<p>+{} {more}</p>", problems.len() - SHOWN));
    }
    html.push_str(&format!("<p>{}</p></section>", escape(fix)));
    html
}

/// One server-sent event.
pub fn event_text(event: &Event, all: bool) -> String {
    let data = serde_json::json!({ "id": event.id, "all": all, "paths": if all { &[][..] } else { &event.paths[..] } });
    format!("id: {}\ndata: {data}\n\n", event.id)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_escapes_messages_and_shows_file_and_line() {
        let p = Problem {
            file: "content/a/<b>.md".into(),
            line: 7,
            col: 3,
            severity: "error",
            code: "L0102".into(),
            message: "unknown key `<script>`".into(),
        };
        let html = overlay(&[p], Lang::En);
        assert!(
            html.contains("<code>content/a/&lt;b&gt;.md:7:3</code>"),
            "{html}"
        );
        assert!(html.contains("unknown key `&lt;script&gt;`"));
        assert!(!html.contains("<script>"));
    }

    #[test]
    fn events_list_paths_or_say_all() {
        let event = Event {
            id: 4,
            all: false,
            paths: vec!["a/index.html".into()],
        };
        let data = |text: String| -> serde_json::Value {
            let line = text
                .lines()
                .find_map(|l| l.strip_prefix("data: "))
                .unwrap_or_default()
                .to_string();
            serde_json::from_str(&line).unwrap_or_default()
        };
        assert!(event_text(&event, false).starts_with("id: 4\n"));
        assert_eq!(
            data(event_text(&event, false)),
            serde_json::json!({"id": 4, "all": false, "paths": ["a/index.html"]})
        );
        assert_eq!(
            data(event_text(&event, true)),
            serde_json::json!({"id": 4, "all": true, "paths": []})
        );
    }
}
