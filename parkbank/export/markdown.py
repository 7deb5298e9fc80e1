"""The summary as Markdown (issue 15), UTF-8, for publishing on the web: the same sections as the
PDF, figures as tables (GitHub-flavoured), every idea as a block quote with its replies inside.

Every text that is not ours (posts, aliases, titles, places) passes `escape`, so a post can never
become a heading, a list, a table, a link, an image or HTML in whatever renders the file: each
character that means something in CommonMark or GFM is escaped with a backslash, and line starts
that would begin a block (a list number, "-", "+", "=") are escaped too."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from parkbank.export import words
from parkbank.export.summary import ExportPost, Summary
from parkbank.i18n import format_day

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


def table(head: list[str], rows: list[list], numeric_from: int = 1) -> list[str]:
    align = ["---" if i < numeric_from else "---:" for i in range(len(head))]
    out = ["| " + " | ".join(cell(str(h)) for h in head) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(words.number(v) if isinstance(v, int) else cell(v) for v in row) + " |"
            for row in rows]
    return [*out, ""]


def render(summary: Summary) -> bytes:
    with words.in_house_language():
        parts = [*_title(summary), *_participation(summary), *_moderation(summary),
                 *_top_ideas(summary), *_posts(summary)]
    return ("\n".join(parts).rstrip() + "\n").encode("utf-8")


def _title(summary: Summary) -> list[str]:
    facts = summary.facts
    out = [f"# {cell(facts.title)}", "", *lines(facts.question), ""]
    if facts.description:
        out += [*lines(facts.description), ""]
    out += [f"- **{escape(label)}:** {cell(value)}" for label, value in words.title_facts(facts)]
    return [*out, ""]


def _participation(summary: Summary) -> list[str]:
    c = words.COLUMNS
    out = [f"## {words.HEADINGS['participation']}", "",
           *table([c["figure"], c["number"]], [list(r) for r in words.participation_rows(summary)]),
           f"### {words.HEADINGS['by_channel']}", "",
           *table([c["channel"], c["ideas"], c["replies"]],
                  [[words.channel_label(r.channel), r.ideas, r.replies] for r in summary.by_channel])]
    if summary.by_day:
        out += [f"### {words.HEADINGS['by_day']}", "",
                *table([c["day"], c["ideas"], c["replies"], c["supports"]],
                       [[format_day(r.day), r.ideas, r.replies, r.supports] for r in summary.by_day])]
    return out


def _moderation(summary: Summary) -> list[str]:
    c = words.COLUMNS
    return [f"## {words.HEADINGS['moderation']}", "",
            *table([c["figure"], c["number"]], [list(r) for r in words.moderation_rows(summary)]),
            f"### {words.HEADINGS['by_reason']}", "",
            *table([c["reason"], c["rejected"], c["withdrawn"]],
                   [[words.reason_label(r.reason), r.rejected, r.withdrawn]
                    for r in summary.moderation.by_reason])]


def _top_ideas(summary: Summary) -> list[str]:
    if not summary.top_ideas:
        return []
    c = words.COLUMNS
    return [f"## {words.HEADINGS['top_ideas']}", "",
            *table([c["idea"], c["supports"]], [[p.body, p.support_count] for p in summary.top_ideas])]


def _posts(summary: Summary) -> list[str]:
    out = [f"## {words.HEADINGS['posts']}", ""]
    if not summary.ideas:
        return [*out, escape(_("No published ideas.")), ""]
    for idea in summary.ideas:
        out += _post(idea, "> ")
        for reply in idea.replies:
            out += [">", *_post(reply, "> > ")]
        out.append("")
    return out


def _post(post: ExportPost, quote: str) -> list[str]:
    """An idea (quote "> ") or a reply ("> > "): marks, text, then who · where · when (· supports)."""
    marks = []
    if post.official:
        marks.append(_("The municipality's reply"))
    if post.politician_view:
        marks.append(_("A politician's personal view – not the municipality's position"))
    meta = [words.author(post)] + ([] if post.official else [words.origin(post)]) + [words.when(post)]
    if quote == "> ":
        meta.append(f"{_('Supports')}: {words.number(post.support_count)}")
    body = [*(f"**{escape(mark)}**" for mark in marks), *([""] if marks else []), *lines(post.body), "",
            "*" + " · ".join(escape(m) for m in meta) + "*"]
    return [f"{quote}{line}".rstrip() for line in body]
