//! Markdown bodies → safe HTML: pulldown-cmark renders, ammonia sanitizes (no script,
//! event handler, `javascript:` URL or iframe survives), and headings get `id`s and
//! anchor links so sections can be linked.

use ammonia::Builder;
use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::sync::OnceLock;

/// Renders Markdown to sanitized HTML. Headings are shifted down by `shift` levels
/// (a body's `#` becomes `<h2>` under the page's `<h1>`), capped at `<h6>`.
pub fn to_html(markdown: &str, shift: u8) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    let events = with_heading_ids(events, shift);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    sanitizer().clean(&raw).to_string()
}

/// The first paragraph as plain text, shortened to `max` characters (for summaries,
/// meta descriptions and search).
pub fn summary(markdown: &str, max: usize) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => break,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    shorten(text.trim(), max)
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
fn with_heading_ids(events: Vec<Event<'_>>, shift: u8) -> Vec<Event<'_>> {
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
            out.push(Event::Html(format!("<{level} id=\"{id}\">").into()));
            out.extend(events[i + 1..end].iter().cloned());
            out.push(Event::Html(format!("<a class=\"anchor\" aria-hidden=\"true\" tabindex=\"-1\" href=\"#isi-{id}\">#</a></{level}>\n").into()));
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
        let html = to_html("<a href=\"https://x.id\" tabindex=\"1\">x</a>\n\n# Judul\n", 1);
        assert!(!html.contains("tabindex=\"1\""), "{html}");
        assert!(html.contains("aria-hidden=\"true\" tabindex=\"-1\""), "{html}");
    }

    #[test]
    fn headings_are_shifted_and_get_anchors() {
        let html = to_html("# Latar Belakang\n\n## Tujuan\n\n# Latar Belakang\n", 1);
        assert!(html.contains("<h2 id=\"isi-latar-belakang\">Latar Belakang"), "{html}");
        assert!(html.contains("<h3 id=\"isi-tujuan\">"), "{html}");
        assert!(html.contains("id=\"isi-latar-belakang-2\""), "{html}");
        assert!(html.contains("href=\"#isi-tujuan\""), "{html}");
    }

    #[test]
    fn summaries_take_the_first_paragraph_and_cut_at_a_word() {
        assert_eq!(summary("# Judul\n\nSatu dua tiga empat.\n\nLain.", 100), "Satu dua tiga empat.");
        assert_eq!(shorten("satu dua tiga", 8), "satu…");
    }
}
