//! Request URL → path of a file of the built site, refusing anything that could name a
//! file outside it. Takes the raw request target (exactly as the client sent it, so
//! `..` has not been normalised away) and the site's mount point; gives a relative,
//! `/`-separated key of the in-memory site or the reason it is refused.
//!
//! Invariants: a key never contains an empty, `.` or `..` segment, a backslash or a
//! NUL; percent-encoded `/` (`%2f`) and `\` are refused rather than decoded into
//! separators; absolute-form targets (`http://host/…`) and `//`-paths are refused. The
//! in-memory site holds only files the build produced, so even a key that slipped
//! through could not reach the disk — these checks make the refusal explicit.

/// What a request target names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file key of the site (may not exist); `dir` when the URL ended in `/`.
    File { key: String, dir: bool },
    /// Outside the mount point (the site is served under its `base_url` path).
    Outside,
}

/// Why a target is refused (answered with 400).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotAPath,
    Traversal,
    BadEncoding,
}

/// Resolves a raw request target under `mount` (`/` or `/portal/`).
pub fn resolve(target: &str, mount: &str) -> Result<Target, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(Refusal::NotAPath);
    }
    let mut segments = Vec::new();
    for raw in path[1..].split('/') {
        segments.push(decode_segment(raw)?);
    }
    let dir = segments.last().is_none_or(|s| s.is_empty());
    if dir {
        segments.pop();
    }
    if segments.iter().any(String::is_empty) {
        return Err(Refusal::NotAPath);
    }
    let mount: Vec<&str> = mount.split('/').filter(|s| !s.is_empty()).collect();
    if segments.len() < mount.len() || segments.iter().zip(&mount).any(|(a, b)| a != b) {
        return Ok(Target::Outside);
    }
    Ok(Target::File {
        key: segments[mount.len()..].join("/"),
        dir,
    })
}

/// One segment, percent-decoded, refused if it could act as a separator or a step up.
fn decode_segment(raw: &str) -> Result<String, Refusal> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refusal::BadEncoding)?;
            let text = std::str::from_utf8(hex).map_err(|_| Refusal::BadEncoding)?;
            out.push(u8::from_str_radix(text, 16).map_err(|_| Refusal::BadEncoding)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let segment = String::from_utf8(out).map_err(|_| Refusal::BadEncoding)?;
    if segment.contains(['/', '\\', '\0']) || segment == "." || segment == ".." {
        return Err(Refusal::Traversal);
    }
    Ok(segment)
}

/// The file to answer with: `key` itself, or `key/index.html` for a folder URL.
pub fn file_key(key: &str, dir: bool) -> String {
    match (key.is_empty(), dir) {
        (true, _) => "index.html".to_string(),
        (false, true) => format!("{key}/index.html"),
        (false, false) => key.to_string(),
    }
}

/// The `Content-Type` of a site file, by extension.
pub fn mime(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    if name == "feed.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(key: &str, dir: bool) -> Result<Target, Refusal> {
        Ok(Target::File {
            key: key.to_string(),
            dir,
        })
    }

    #[test]
    fn folder_urls_and_files_resolve_to_keys() {
        assert_eq!(resolve("/", "/"), file("", true));
        assert_eq!(resolve("/banjar/", "/"), file("banjar", true));
        assert_eq!(
            resolve("/banjar/sipandai/?x=1#top", "/"),
            file("banjar/sipandai", true)
        );
        assert_eq!(
            resolve("/assets/site.css", "/"),
            file("assets/site.css", false)
        );
        assert_eq!(
            resolve("/banjar/evidence/SK%20Bupati.pdf", "/"),
            file("banjar/evidence/SK Bupati.pdf", false)
        );
        assert_eq!(file_key("", true), "index.html");
        assert_eq!(file_key("banjar", true), "banjar/index.html");
    }

    #[test]
    fn traversal_in_any_spelling_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/a/%2e%2e%2fx",
            "/a%2fb",
            "/a%5cb",
            "/./a",
            "/a/%2e/b",
            "/a%00b",
        ] {
            assert!(
                matches!(resolve(bad, "/"), Err(Refusal::Traversal)),
                "{bad}"
            );
        }
    }

    #[test]
    fn absolute_and_malformed_targets_are_refused() {
        assert_eq!(resolve("//etc/passwd", "/"), Err(Refusal::NotAPath));
        assert_eq!(
            resolve("http://evil/etc/passwd", "/"),
            Err(Refusal::NotAPath)
        );
        assert_eq!(resolve("*", "/"), Err(Refusal::NotAPath));
        assert_eq!(resolve("/a//b", "/"), Err(Refusal::NotAPath));
        assert_eq!(resolve("/a%zz", "/"), Err(Refusal::BadEncoding));
        assert_eq!(resolve("/a%2", "/"), Err(Refusal::BadEncoding));
        assert_eq!(resolve("/%ff", "/"), Err(Refusal::BadEncoding));
    }

    #[test]
    fn the_site_is_served_under_its_base_path() {
        assert_eq!(resolve("/portal/banjar/", "/portal/"), file("banjar", true));
        assert_eq!(resolve("/portal/", "/portal/"), file("", true));
        assert_eq!(resolve("/portal", "/portal/"), file("", false));
        assert_eq!(resolve("/banjar/", "/portal/"), Ok(Target::Outside));
    }

    #[test]
    fn types_follow_extensions() {
        assert_eq!(mime("index.html"), "text/html; charset=utf-8");
        assert_eq!(mime("assets/site.CSS"), "text/css; charset=utf-8");
        assert_eq!(mime("data/scores.json"), "application/json");
        assert_eq!(mime("en/feed.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(mime("banjar/evidence/a.pdf"), "application/pdf");
        assert_eq!(mime("banjar/evidence/README"), "application/octet-stream");
    }
}
