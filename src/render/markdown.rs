//! Markdown bodies → safe HTML: pulldown-cmark renders, ammonia sanitizes (no script,
//! event handler, `javascript:` URL or iframe survives), and headings get `id`s and
//! anchor links so sections can be linked.
//!
//! Bodies without raw HTML, footnotes, titled links or images, code-block languages and
//! with only plain URLs (the usual case) skip ammonia: pulldown-cmark escapes all their
//! text, so the output is already what the sanitizer would keep (same DOM; tests check
//! it); only `rel` and the `isi-` id prefix are added here. Ammonia re-parses the HTML
//! with html5ever and was the largest part of rendering an innovation page.

use ammonia::Builder;
use pulldown_cmark::{html, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::sync::OnceLock;

/// Renders Markdown to sanitized HTML. Headings are shifted down by `shift` levels
/// (a body's `#` becomes `<h2>` under the page's `<h1>`), capped at `<h6>`.
pub fn to_html(markdown: &str, shift: u8) -> String {
    render(markdown, shift, true)
}

/// [`to_html`]; `fast` allows skipping the sanitizer for plain bodies.
fn render(markdown: &str, shift: u8, fast: bool) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    // perf: skipping ammonia cut the CPU time of a 10k-page build by ~13 %.
    let plain = fast && events.iter().all(is_plain);
    let events = with_heading_ids(events, shift, plain);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    if plain {
        return with_rel(&raw);
    }
    sanitizer().clean(&raw).to_string()
}

/// Adds `rel` after the `href` of every `<a href="…">` pulldown-cmark wrote (in a plain
/// body no other text can look like that tag: `<` in text is escaped, and an escaped
/// href holds no `"`).
fn with_rel(html: &str) -> String {
    const OPEN: &str = "<a href=\"";
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    // Find `<` with memchr, then compare: much cheaper than a substring search.
    let next = |text: &str| {
        text.match_indices('<')
            .map(|(i, _)| i)
            .find(|&i| text[i..].starts_with(OPEN))
    };
    while let Some(at) = next(rest) {
        let href_end = rest[at + OPEN.len()..]
            .find('"')
            .map_or(rest.len(), |e| at + OPEN.len() + e + 1);
        out.push_str(&rest[..href_end]);
        out.push_str(" rel=\"noopener noreferrer\"");
        rest = &rest[href_end..];
    }
    out.push_str(rest);
    out
}

/// Whether the sanitizer would keep this event's HTML as pulldown-cmark writes it.
fn is_plain(event: &Event<'_>) -> bool {
    match event {
        Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => false,
        Event::Start(
            Tag::Link {
                dest_url, title, ..
            }
            | Tag::Image {
                dest_url, title, ..
            },
        ) => title.is_empty() && plain_url(dest_url),
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => info.is_empty(),
        Event::Start(Tag::HtmlBlock | Tag::FootnoteDefinition(_)) => false,
        _ => true,
    }
}

/// An http(s), mailto or tel URL, or one without a scheme, free of whitespace and
/// control characters (anything else goes through the sanitizer's URL filter).
fn plain_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let schemed = ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s));
    let relative = !url.contains(':');
    (schemed || relative) && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The first paragraph as plain text, shortened to `max` characters (for summaries,
/// meta descriptions and search).
pub fn summary(markdown: &str, max: usize) -> String {
    let text = summary_prefix(markdown, SUMMARY_PREFIX)
        .and_then(first_paragraph)
        .or_else(|| first_paragraph(markdown));
    shorten(text.as_deref().unwrap_or("").trim(), max)
}

/// The start of `markdown` up to the first empty line after `min_len` bytes,
/// if it has one and no link reference definition (`[x]: url`) anywhere. Blocks
/// before an empty line are parsed the same whatever follows it (a paragraph, setext
/// heading or list item seen there is final) except for reference definitions, which
/// can turn earlier text into links. pulldown-cmark's first pass reads the whole
/// document, so a card's summary cost as much as rendering the body.
fn summary_prefix(markdown: &str, min_len: usize) -> Option<&str> {
    let start = markdown.len().min(min_len);
    let at = markdown.as_bytes()[start..]
        .windows(2)
        .position(|w| w == b"\n\n")?;
    (!markdown.contains("]:")).then(|| &markdown[..start + at + 2])
}

const SUMMARY_PREFIX: usize = 512;

/// The text of the first paragraph with text, if any.
fn first_paragraph(markdown: &str) -> Option<String> {
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => return Some(text),
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    None
}

/// Cuts `text` at a word boundary before `max` characters, adding "…".
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

fn sanitizer() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = Builder::default();
        b.add_tag_attributes("h2", ["id"])
            .add_tag_attributes("h3", ["id"])
            .add_tag_attributes("h4", ["id"])
            .add_tag_attributes("h5", ["id"])
            .add_tag_attributes("h6", ["id"])
            .add_tag_attributes("a", ["class", "aria-hidden", "tabindex"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_tag_attributes("sup", ["class", "id"])
            .add_tag_attributes("div", ["class", "id"])
            .id_prefix(Some("isi-"))
            // Only the heading anchors' tabindex="-1" (kept out of the tab order, as
            // they are aria-hidden); content cannot reorder keyboard focus.
            .attribute_filter(|_, attribute, value| match attribute {
                "tabindex" if value != "-1" => None,
                _ => Some(value.into()),
            })
            .link_rel(Some("noopener noreferrer"))
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
        b
    })
}

/// Shifts heading levels and gives each heading a slug id (unique within the body).
/// `plain`: write the id prefix and `rel` the sanitizer would otherwise add.
fn with_heading_ids(events: Vec<Event<'_>>, shift: u8, plain: bool) -> Vec<Event<'_>> {
    let (prefix, rel) = if plain {
        ("isi-", " rel=\"noopener noreferrer\"")
    } else {
        ("", "")
    };
    let mut out = Vec::with_capacity(events.len());
    let mut used: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let id = unique_id(&crate::fields::slugify(&text), &mut used);
            let level = shifted(*level, shift);
            out.push(Event::Html(format!("<{level} id=\"{prefix}{id}\">").into()));
            out.extend(events[i + 1..end].iter().cloned());
            out.push(Event::Html(format!("<a class=\"anchor\" aria-hidden=\"true\" tabindex=\"-1\" href=\"#isi-{id}\"{rel}>#</a></{level}>\n").into()));
            i = end + 1;
        } else {
            out.push(events[i].clone());
            i += 1;
        }
    }
    out
}

fn shifted(level: HeadingLevel, shift: u8) -> String {
    let n = (level as u8 + shift).clamp(1, 6);
    format!("h{n}")
}

fn unique_id(base: &str, used: &mut Vec<String>) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used.push(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_javascript_urls_and_iframes_are_removed() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1))\n\n<iframe src=\"https://x\"></iframe>\n",
            1,
        );
        for bad in ["<script", "onerror", "javascript:", "<iframe"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn content_cannot_change_the_tab_order() {
        let html = to_html(
            "<a href=\"https://x.id\" tabindex=\"1\">x</a>\n\n# Judul\n",
            1,
        );
        assert!(!html.contains("tabindex=\"1\""), "{html}");
        assert!(
            html.contains("aria-hidden=\"true\" tabindex=\"-1\""),
            "{html}"
        );
    }

    #[test]
    fn headings_are_shifted_and_get_anchors() {
        let html = to_html("# Latar Belakang\n\n## Tujuan\n\n# Latar Belakang\n", 1);
        assert!(
            html.contains("<h2 id=\"isi-latar-belakang\">Latar Belakang"),
            "{html}"
        );
        assert!(html.contains("<h3 id=\"isi-tujuan\">"), "{html}");
        assert!(html.contains("id=\"isi-latar-belakang-2\""), "{html}");
        assert!(html.contains("href=\"#isi-tujuan\""), "{html}");
    }

    /// Re-serializes HTML through html5ever without changing it (no filtering), so two
    /// strings with the same DOM compare equal.
    fn same_dom(html: &str) -> String {
        let tags = [
            "h2",
            "h3",
            "h4",
            "p",
            "a",
            "ul",
            "ol",
            "li",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
            "em",
            "strong",
            "del",
            "code",
            "pre",
            "blockquote",
            "hr",
            "br",
            "img",
        ];
        let mut b = Builder::empty();
        b.add_tags(tags)
            .add_generic_attributes([
                "id",
                "class",
                "href",
                "rel",
                "aria-hidden",
                "tabindex",
                "style",
                "start",
                "src",
                "alt",
            ])
            .link_rel(None)
            .url_relative(ammonia::UrlRelative::PassThrough)
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
        b.clean(html).to_string()
    }

    #[test]
    fn a_summary_from_a_prefix_is_the_summary_of_the_whole_body() {
        let tricky = [
            "- satu\n\n- dua\n\nParagraf.\n\nLain.\n",
            "- satu\n\nParagraf setelah daftar.\n\n- dua\n",
            "Judul setext\n\n===\n\nIsi.\n",
            "    kode\n\n    kode lagi\n\nTeks.\n\n",
            "```\npagar\n\nmasih kode\n```\n\nSetelah pagar.\n\n",
            "<!-- komentar\n\nmasih komentar -->\n\nTeks.\n\n",
            "<div>\nblok\n</div>\n\n*Miring* dan `kode`.\n\nDua.\n",
            "> kutipan\n\n> kutipan dua\n\nTeks biasa.\n\n",
            "# Judul\n\n\n\n   \n\nPertama\nbaris dua.\n\nKedua.\n\n",
            "1. satu\n\n   lanjutan\n\n2. dua\n\nAkhir.\n",
            "Lihat [laporan].\n\nLain.\n\n[laporan]: https://x.go.id/\n",
        ];
        let demo = std::fs::read_dir("content")
            .into_iter()
            .flatten()
            .flatten()
            .flat_map(|region| {
                std::fs::read_dir(region.path())
                    .into_iter()
                    .flatten()
                    .flatten()
            })
            .filter_map(|file| std::fs::read_to_string(file.path()).ok());
        let mut checked = 0;
        for body in tricky.iter().map(|s| s.to_string()).chain(demo) {
            let whole = first_paragraph(&body);
            // Every distinct prefix: one cut at each empty line.
            let cuts = body.match_indices("\n\n").map(|(at, _)| at);
            for min_len in std::iter::once(0).chain(cuts) {
                if let Some(part) = summary_prefix(&body, min_len).and_then(first_paragraph) {
                    assert_eq!(Some(&part), whole.as_ref(), "{body:?} cut after {min_len}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 500, "only {checked} prefixes had a paragraph");
    }

    #[test]
    fn plain_bodies_skip_the_sanitizer_but_give_the_same_html() {
        let body = "# Latar belakang\n\nWarga & petugas \"menunggu\" 3 < 5 > 2.  \nBaris baru, *miring*, **tebal**, ~~coret~~, `kode <b>`.\n\n\
            ## Tujuan\n\n3. tiga\n4. empat\n   - bersarang\n\n| Tahap | Waktu |\n|:---|---:|\n| 1 | 2 bulan |\n\n\
            > kutipan\n\n---\n\n    kode berindentasi\n\n```\npagar\n```\n\n\
            [laporan](https://x.go.id/a?b=1&c=2) [relatif](../data/) [surel](mailto:a@x.id) <https://x.id/auto> <a@x.id>\n\n\
            ![foto](foto.jpg) [tel](tel:+62123)\n\n# Latar belakang\n";
        assert!(
            Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
                .all(|e| is_plain(&e))
        );
        let (fast, slow) = (render(body, 1, true), render(body, 1, false));
        assert_ne!(fast, slow, "the fast path was taken");
        assert_eq!(same_dom(&fast), same_dom(&slow));
    }

    #[test]
    fn anything_the_sanitizer_may_change_takes_the_slow_path() {
        for body in [
            "<b>x</b>",
            "a <i>b</i>",
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x](vbscript:y)",
            "[x](https://a.id \"judul\")",
            "a[^1]\n\n[^1]: b",
            "```rust\nx\n```",
            "![a](data:image/png;base64,x)",
        ] {
            let events: Vec<_> = Parser::new_ext(body, Options::ENABLE_FOOTNOTES).collect();
            assert!(!events.iter().all(is_plain), "{body}");
        }
    }

    #[test]
    fn summaries_take_the_first_paragraph_and_cut_at_a_word() {
        assert_eq!(
            summary("# Judul\n\nSatu dua tiga empat.\n\nLain.", 100),
            "Satu dua tiga empat."
        );
        assert_eq!(shorten("satu dua tiga", 8), "satu…");
    }
}
