"""The one sanitising module: text is kept as typed, and every HTML form of it is made here.

A citizen's post is a public record as received. `normalize_text` therefore changes only what no
person typed on purpose: Unicode normal form (NFC), line breaks as "\\n", control characters and
the bidi overrides used to disguise text. "Skriv <namn> på listan" stays exactly that.

`render_html` makes the safe HTML that every screen shows: the text escaped, URLs turned into
links with rel="nofollow ugc noopener" by bleach's linkifier, line breaks into <br>. It runs once,
when text comes in (and again only when a moderator redacts it); the HTML is stored beside the
text, so reads never pay for it.

Both functions are linear in the length of their input and are only called on text whose length
the caller has already checked: the cost of a request is bounded by its size limit.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from bleach.linkifier import Linker
from markupsafe import Markup

# Control characters except tab and newline; the Unicode bidi embeddings, overrides and isolates;
# and the zero-width no-break space (BOM). Everything else a person typed is kept.
# Lone UTF-16 halves (JSON can escape one, "\ud800") are no text and no database stores them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# bleach's linkifier only links a domain followed by a dot and a top-level domain (no bare
# "http://host", no e-mail here): text without a dot directly before a word character has no link.
_MAY_HOLD_A_LINK = re.compile(r"\.\w")


def normalize_text(value: str | None, *, multiline: bool = True) -> str:
    """The text as typed, minus invisible trouble: NFC, "\\n" line breaks, no control or bidi
    override characters, no lone surrogates, no trailing blanks; a single-line field has its white
    space collapsed."""
    if not value:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    if multiline:
        text = _MANY_BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.split("\n")))
    else:
        text = " ".join(text.split())
    return text.strip()


def _link_attributes(attrs, new=False):
    href = attrs.get((None, "href"), "")
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme not in _SAFE_SCHEMES:
        return None  # leave it as text
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


@lru_cache(maxsize=1)
def _linker() -> Linker:
    return Linker(callbacks=[_link_attributes], parse_email=False)


def render_html(text: str | None) -> str:
    """Safe HTML for plain text: escaped, with safe links and line breaks, nothing else.

    The text is escaped first, so the linkifier sees no markup at all: the only tags in the
    result are the <a> it makes (http, https and mailto only) and the <br> added here."""
    if not text:
        return ""
    escaped = html.escape(text, quote=False)
    if _MAY_HOLD_A_LINK.search(text):
        escaped = _linker().linkify(escaped)
    return escaped.replace("\n", "<br>\n")


def render_marked(text: str | None, spans) -> str:
    """Safe HTML for plain text with some spans in <mark>: escaped, line breaks as <br>, no links.

    `spans` are objects with `start` and `end` (code-point offsets into `text`, end exclusive) and
    optionally `kind`, sorted and not overlapping, as parkbank.posts.pii finds them; the moderation
    queue shows a post's possible personal data so. Linear in the length of the text."""
    if not text:
        return ""
    parts, at = [], 0
    for span in spans:
        start, end = max(span.start, at), min(span.end, len(text))
        if start >= end:
            continue
        kind = getattr(span, "kind", "")
        parts.append(html.escape(text[at:start], quote=False))
        parts.append(f'<mark data-kind="{html.escape(kind)}">' if kind else "<mark>")
        parts.append(html.escape(text[start:end], quote=False) + "</mark>")
        at = end
    parts.append(html.escape(text[at:], quote=False))
    return "".join(parts).replace("\n", "<br>\n")


def render_marked_markup(text: str | None, spans) -> Markup:
    """render_marked for templates (the `marked` filter)."""
    return Markup(render_marked(text, spans))


def render_markup(text: str | None) -> Markup:
    """render_html for templates (the `text` filter): staff-written text such as a description."""
    return Markup(render_html(text))
