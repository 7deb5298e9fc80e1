"""The summary as Markdown (issue 15), UTF-8, for publishing on the web: the blocks of
export/document.py, as every document format gets them — headings, the title block's facts as a
list, figures as tables (GitHub-flavoured) and every idea as a block quote with its replies inside.
The chart is left out: the table under it gives the same figures.

Every text that is not ours (posts, aliases, titles, places) passes `escape`, so a post can never
become a heading, a list, a table, a link, an image or HTML in whatever renders the file: each
character that means something in CommonMark or GFM is escaped with a backslash, and line starts
that would begin a block (a list number, "-", "+", "=") are escaped too."""

from __future__ import annotations

import re

from parkbank.export.document import Block, Heading, Paragraph, Post, Table, build
from parkbank.export.summary import Summary

# Backslash-escapable (CommonMark: any ASCII punctuation) characters that start markup inline.
_INLINE = re.compile(r"([\\`*_\[\]<>#|&~$])")
# What only starts a block at the beginning of a line: a bullet, a setext underline, "1." / "1)".
_BLOCK_START = re.compile(r"^(\s*)([-+=])|^(\s*\d+)([.)])")


def escape(text: str | None) -> str:
    """One line of user text as literal Markdown (call per line; see `lines`)."""
    text = _INLINE.sub(r"\\\1", text or "")
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", text)


def lines(text: str | None) -> list[str]:
    """A multi-line text as escaped lines, its line breaks kept as hard breaks ("\\" at the end)."""
    raw = [escape(line.rstrip()) for line in (text or "").splitlines()]
    return [line + "\\" if line and i + 1 < len(raw) and raw[i + 1] else line
            for i, line in enumerate(raw)]


def cell(text: str | None) -> str:
    """A table cell: one line, escaped (pipes included)."""
    return escape(" ".join((text or "").split()))


def table(block: Table) -> list[str]:
    align = ["---:" if numeric else "---" for numeric in block.numeric]
    rows = [block.header, *block.rows]
    out = [f"**{escape(block.caption)}**", ""]
    out += ["| " + " | ".join(cell(text) for text in row) + " |" for row in rows[:1]]
    out.append("| " + " | ".join(align) + " |")
    out += ["| " + " | ".join(cell(text) for text in row) + " |" for row in rows[1:]]
    return out


def render(summary: Summary) -> bytes:
    parts: list[list[str]] = []
    facts: list[str] = []
    for block in build(summary).blocks:
        if isinstance(block, Paragraph) and block.style == "fact":
            facts.append(f"- **{escape(block.label)}:** {cell(block.text)}")
            continue
        if facts:
            parts.append(facts)
            facts = []
        if (lines_of := _block(block)) is not None:
            parts.append(lines_of)
    return ("\n\n".join("\n".join(part) for part in parts) + "\n").encode("utf-8")


def _block(block: Block) -> list[str] | None:
    if isinstance(block, Heading):
        return ["#" * (block.level + 1) + " " + cell(block.text)]
    if isinstance(block, Paragraph):
        return lines(block.text)
    if isinstance(block, Table):
        return table(block)
    if isinstance(block, Post):
        return _post(block, "> ")
    return None  # the chart: its table follows


def _post(post: Post, quote: str) -> list[str]:
    """An idea (quote "> ", under its number) or a reply ("> > "): the byline (the municipality's
    signature in bold), a politician's-view note, the text, then the replies under their heading."""
    out = [f"**{escape(post.heading)}**", ""] if post.heading else []
    out.append(f"**{escape(post.byline)}**" if post.official else f"*{escape(post.byline)}*")
    if post.note:
        out.append(f"**{escape(post.note)}**")
    for paragraph in post.paragraphs:
        out += ["", *lines(paragraph)]
    quoted = [f"{quote}{line}".rstrip() for line in out]
    if post.replies:
        quoted += [quote.rstrip(), f"{quote}**{escape(post.replies_heading)}**"]
        for reply in post.replies:
            quoted += [quote.rstrip(), *_post(reply, quote + "> ")]
    return quoted
