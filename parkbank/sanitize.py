"""The one sanitising module: every piece of user text passes clean_text() before it is stored,
and render_text() is the only way stored text becomes HTML.

Stored text is plain text: bleach strips every tag (keeping the words inside), we drop control
characters and normalise white space. Rendering escapes it, turns URLs into links with
rel="nofollow ugc noopener" and line breaks into <br>.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import bleach
from bleach.linkifier import Linker
from markupsafe import Markup

# Control characters except tab and newline; also the Unicode bidi overrides used to spoof text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_SAFE_SCHEMES = ("http", "https", "mailto")
_MAX_ROUNDS = 5


def clean_text(value: str | None, *, multiline: bool = True) -> str:
    """Plain, safe text from whatever a browser sent: no tags, no control characters."""
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    # bleach removes tags and comments and returns HTML-escaped text; we store plain text. Again
    # while a "<" survives, so that a tag typed as entities (&lt;img …&gt;) cannot come back after
    # unescaping: the stored text holds no tag in any form.
    for _ in range(_MAX_ROUNDS):
        escaped = bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
        text = html.unescape(escaped)
        if "&lt;" not in escaped:  # no "<" left at all, so no tag can come back: done
            break
    if multiline:
        lines = [line.rstrip() for line in text.split("\n")]
        text = _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines))
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
    return Linker(callbacks=[_link_attributes], skip_tags={"pre", "code"}, parse_email=False)


def render_text(text: str | None) -> Markup:
    """HTML for stored plain text: escaped, with safe links and line breaks only."""
    if not text:
        return Markup("")
    linked = _linker().linkify(html.escape(text, quote=False))
    return Markup(linked.replace("\n", "<br>\n"))
