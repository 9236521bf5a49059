"""Making email HTML safe to show: nh3 (ammonia) with an allowlist, remote resources blocked.

The sanitized HTML is shown only inside a sandboxed iframe served with its own strict
Content-Security-Policy; sanitizing and isolating are both needed, each covers the
other's mistakes.
"""
from __future__ import annotations

import re
from urllib.parse import quote

import nh3
from markupsafe import Markup, escape

TAGS = {
    "a", "abbr", "address", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
    "colgroup", "dd", "del", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "font", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strike",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul", "var", "wbr",
}
# Removed with everything inside them (the rest of the unknown tags keep their text).
DROP_WITH_CONTENT = {"script", "style", "title", "template", "noscript", "iframe", "object", "embed", "svg", "math",
                     "audio", "video", "applet", "frameset", "frame", "select", "textarea", "button"}
CELL = {"width", "height", "colspan", "rowspan", "bgcolor", "valign", "align", "nowrap"}
ATTRIBUTES = {
    "*": {"style", "align", "dir", "title", "lang"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "border"},
    "table": {"width", "height", "border", "cellpadding", "cellspacing", "bgcolor", "align", "summary"},
    "td": CELL, "th": CELL, "tr": {"bgcolor", "valign", "align", "height"},
    "col": {"span", "width"}, "colgroup": {"span", "width"},
    "font": {"color", "face", "size"},
    "ol": {"start", "type"}, "ul": {"type"}, "li": {"value"},
    "blockquote": {"cite"}, "q": {"cite"},
}
# CSS properties that cannot load anything or lift content out of the flow.
STYLE_PROPERTIES = {
    "color", "background-color", "font", "font-family", "font-size", "font-weight", "font-style", "font-variant",
    "text-decoration", "text-align", "text-transform", "text-indent", "line-height", "letter-spacing",
    "word-spacing", "white-space", "word-break", "overflow-wrap", "vertical-align", "direction",
    "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
    "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
    "border", "border-top", "border-right", "border-bottom", "border-left", "border-color", "border-style",
    "border-width", "border-radius", "border-collapse", "border-spacing",
    "width", "height", "max-width", "min-width", "max-height", "min-height", "display", "list-style-type",
    "table-layout", "caption-side", "empty-cells",
}
# cid: passes the scheme check only to be rewritten to Mailtrail's own inline-image URL by the filter.
URL_SCHEMES = {"http", "https", "mailto", "cid"}
_DANGEROUS_CSS = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:|behavior\s*:|-moz-binding", re.I)
BLOCKED_IMAGE = ("data:image/svg+xml;utf8," + quote(
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="24"><rect width="120" height="24" fill="#eee"/>'
    '<text x="8" y="16" font-size="11" fill="#888">image blocked</text></svg>'))


def _attribute_filter(show_images: bool, cid_url):
    def check(tag: str, attribute: str, value: str):
        if attribute == "style":
            kept = [d for d in value.split(";") if d.strip() and not _DANGEROUS_CSS.search(d)]
            return ";".join(kept) or None
        if attribute == "href" and value.strip().lower().startswith("cid:"):
            return None
        if tag == "img" and attribute == "src":
            lowered = value.strip().lower()
            if lowered.startswith("cid:"):
                return cid_url(value.strip()[4:])
            if lowered.startswith(("http://", "https://")):
                return value if show_images else BLOCKED_IMAGE
            return None  # data:, javascript:, relative paths and anything else
        return value

    return check


def clean_html(markup: str, show_images: bool = False, cid_url=lambda cid: None) -> str:
    """Sanitized HTML of an email body; remote images replaced unless `show_images`."""
    return nh3.clean(
        markup or "", tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter(show_images, cid_url), url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES, link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}}, strip_comments=True)


def has_remote_images(markup: str) -> bool:
    """True when the HTML refers to images on other hosts (the 'show images' offer)."""
    return bool(re.search(r"<img\b[^>]*\bsrc\s*=\s*[\"']?\s*https?://", markup or "", re.I))


_LINK = re.compile(r"(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]}]|mailto:[^\s<>\"']+[^\s<>\"'.,;:!?)\]}])", re.I)


def linkify(text: str) -> Markup:
    """Plain text, escaped, with http(s) and mailto links made clickable."""
    parts, last = [], 0
    for match in _LINK.finditer(text or ""):
        parts.append(escape(text[last:match.start()]))
        url = match.group(0)
        parts.append(Markup('<a href="{0}" target="_blank" rel="noopener noreferrer nofollow">{1}</a>').format(
            url, url))
        last = match.end()
    parts.append(escape((text or "")[last:]))
    return Markup("").join(parts)
