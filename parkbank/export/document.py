"""The summary as a document (issue 15): its title, language and creator, and its content as a list
of plain blocks — headings, paragraphs, tables, a figure (the chart) and posts — with every word
already in the organisation's language. Every document format only maps these blocks to its own
kind: docx.py, odt.py, pdf.py (through templates/export/summary.html) and markdown.py, so every
format says the same words and figures.

Nothing here computes a figure (summary.py did) or knows a file format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import ClassVar

from flask import current_app
from flask_babel import force_locale, format_date, format_number, ngettext
from flask_babel import gettext as _

from parkbank.export import chart
from parkbank.export.summary import ExportPost, Summary
from parkbank.i18n import format_day
from parkbank.identity import current as current_organisation
from parkbank.moderation.labels import REASON_LABELS, STATE_LABELS
from parkbank.moderation.models import Reason
from parkbank.outcomes.labels import outcome_label, responsiveness_lines
from parkbank.posts.labels import CHANNEL_LABELS, origin_label
from parkbank.posts.models import AnalogSource, Channel, PostState

EXCERPT = 160  # characters of an idea in the table of the most supported


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"  # for templates, which have no isinstance
    text: str
    level: int  # 0: the document's title; 1–3: section headings


@dataclass(frozen=True)
class Paragraph:
    """style: "lead" (the question under the title), "fact" (a labelled line of the title block),
    "body", "byline" (who, where, when), "official" (the signature of the municipality's reply),
    "note" (the politician's-view disclaimer). indent: a reply's."""

    kind: ClassVar[str] = "paragraph"
    text: str
    style: str = "body"
    label: str | None = None
    indent: bool = False


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # per column: right-aligned figures
    total: bool = False  # the last row sums the others

    def widths(self, page: float, figure: float = 2.5) -> tuple[float, ...]:
        """Column widths on a page `page` wide (any unit): figures narrow, text shares the rest."""
        text = max(1, self.numeric.count(False))
        rest = (page - figure * self.numeric.count(True)) / text
        return tuple(figure if numeric else rest for numeric in self.numeric)


@dataclass(frozen=True)
class Figure:
    kind: ClassVar[str] = "figure"
    chart: chart.Chart
    caption: str


@dataclass(frozen=True)
class Post:
    """An idea (heading "Idea 3") or a reply (heading None), with its replies."""

    kind: ClassVar[str] = "post"
    heading: str | None
    byline: str
    official: bool
    note: str | None
    paragraphs: tuple[str, ...]
    replies_heading: str | None = None
    replies: tuple[Post, ...] = ()

    def parts(self) -> list[Heading | Paragraph]:
        """The post as headings and paragraphs, for a format with nothing of its own for a post."""
        reply = self.heading is None
        out: list[Heading | Paragraph] = [Heading(self.heading, 2)] if self.heading else []
        out.append(Paragraph(self.byline, "official" if self.official else "byline", indent=reply))
        if self.note:
            out.append(Paragraph(self.note, "note", indent=reply))
        out += [Paragraph(text, indent=reply) for text in self.paragraphs]
        if self.replies:
            out.append(Heading(self.replies_heading, 3))
            for r in self.replies:
                out += r.parts()
        return out


Block = Heading | Paragraph | Table | Figure | Post


@dataclass(frozen=True)
class Document:
    title: str
    language: str  # "sv"
    creator: str  # the organisation
    subject: str  # the question
    footer: str  # before the page number: "Nytt bibliotek · Sida"
    created: datetime  # the export's moment (UTC)
    blocks: tuple[Block, ...]

    def flat(self) -> Iterator[Heading | Paragraph | Table | Figure]:
        """The blocks with each post as its headings and paragraphs."""
        for block in self.blocks:
            yield from block.parts() if isinstance(block, Post) else (block,)


def build(summary: Summary) -> Document:
    """The document in the organisation's language (BABEL_DEFAULT_LOCALE), whoever asks for it."""
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        facts = summary.facts
        blocks = [*_title_block(summary), *_participation(summary), *_moderation(summary),
                  *_themes(summary), *_responsiveness(summary), *_ideas(summary)]
        footer = facts.title + " · " + _("Page")
        return Document(title=facts.title, language=language, creator=facts.organisation,
                        subject=facts.question, footer=footer, created=facts.exported_at,
                        blocks=tuple(blocks))


def _number(value: int) -> str:
    return format_number(value)


def _title_block(summary: Summary) -> list[Block]:
    facts = summary.facts
    blocks: list[Block] = [Heading(facts.title, 0), Paragraph(facts.question, "lead")]
    period = " – ".join(format_day(t) for t in (facts.opens_at, facts.closes_at) if t is not None)
    for label, value in ((_("Case number"), facts.case_number),
                         (_("Responsible department"), facts.department),
                         (_("Open"), period),
                         (_("Exported"), format_day(facts.exported_at))):
        if value:
            blocks.append(Paragraph(value, "fact", label=label))
    if facts.description:
        blocks += [Paragraph(text) for text in _paragraphs(facts.description)]
    return blocks


def _participation(summary: Summary) -> list[Block]:
    p = summary.participation
    blocks: list[Block] = [
        Heading(_("Participation"), 1),
        Paragraph(_("%(ideas)s ideas, %(replies)s replies and %(supports)s supports were received.",
                    ideas=_number(p.ideas), replies=_number(p.replies), supports=_number(p.supports))),
        Heading(_("By channel"), 2),
        _table(_("Participation by channel"), (_("Channel"), _("Ideas"), _("Replies")),
               [(str(CHANNEL_LABELS[Channel(c.channel)]), c.ideas, c.replies) for c in summary.by_channel]),
        Heading(_("By day"), 2),
    ]
    if summary.by_day:
        blocks.append(Figure(participation_chart(summary), _("Posts and supports by day")))
    blocks.append(_table(_("Participation by day"), (_("Day"), _("Ideas"), _("Replies"), _("Supports")),
                         [(format_day(d.day), d.ideas, d.replies, d.supports) for d in summary.by_day]))
    return blocks


def participation_chart(summary: Summary) -> chart.Chart:
    """Posts and supports per day: the one chart of every document format (DOCX, ODT, PDF)."""
    days = summary.by_day
    return chart.Chart(
        categories=tuple(format_date(d.day, "d MMM") for d in days),
        series=(chart.Series(_("Posts"), tuple(d.ideas + d.replies for d in days)),
                chart.Series(_("Supports"), tuple(d.supports for d in days))),
        colour=current_organisation().colour, x_label=_("Day"), y_label=_("Number per day"),
        description=_("Bar chart of posts (ideas and replies) and supports per day, %(first)s to "
                      "%(last)s. The table below gives the same figures.",
                      first=format_day(days[0].day), last=format_day(days[-1].day)))


def _moderation(summary: Summary) -> list[Block]:
    m = summary.moderation
    states = ((PostState.APPROVED, m.approved), (PostState.REJECTED, m.rejected),
              (PostState.WITHDRAWN, m.withdrawn), (PostState.PENDING, m.pending))
    return [
        Heading(_("Moderation"), 1),
        _table(_("Posts by state"), (_("State"), _("Posts")),
               [(str(STATE_LABELS[state]), n) for state, n in states]),
        Heading(_("By reason"), 2),
        _table(_("Posts not approved or removed, by reason"),
               (_("Reason"), str(STATE_LABELS[PostState.REJECTED]), str(STATE_LABELS[PostState.WITHDRAWN])),
               [(str(REASON_LABELS[Reason(r.reason)]), r.rejected, r.withdrawn) for r in m.by_reason]),
    ]


def _table(caption: str, header: tuple[str, ...], rows: list[tuple]) -> Table:
    """A table of a label and figures, with a total row."""
    totals = (_("Total"), *(sum(row[i] for row in rows) for i in range(1, len(header))))
    return Table(caption, header, tuple(_figures(row) for row in [*rows, totals]),
                 numeric=(False,) + (True,) * (len(header) - 1), total=True)


def _figures(row: tuple) -> tuple[str, ...]:
    return tuple(_number(v) if isinstance(v, int) else v for v in row)


def _themes(summary: Summary) -> list[Block]:
    """The themes with their published ideas and those ideas' supports (an idea may have several
    themes, so the columns are not summed); a retired theme says so."""
    if not summary.themes:
        return []
    untagged = sum(1 for idea in summary.ideas if not idea.themes)
    rows = tuple((t.name + (" (" + _("retired") + ")" if t.retired else ""), _number(t.ideas),
                  _number(t.supports)) for t in summary.themes)
    return [
        Heading(_("Themes"), 1),
        Paragraph(_("Moderators tagged the published ideas with themes; an idea may have several. "
                    "%(untagged)s of %(ideas)s published ideas have no theme.",
                    untagged=_number(untagged), ideas=_number(len(summary.ideas)))),
        Table(_("Published ideas and their supports, by theme"), (_("Theme"), _("Ideas"), _("Supports")),
              rows, numeric=(False, True, True)),
    ]


def _responsiveness(summary: Summary) -> list[Block]:
    """What became of the ideas and how fast the municipality answered (outcomes/figures.py),
    and the project leader's closing summary."""
    r = summary.responsiveness
    if r is None:
        return []
    blocks: list[Block] = [Heading(_("What happened"), 1)]
    blocks += [Paragraph(text) for text in _paragraphs(summary.closing_summary)]
    blocks += [Paragraph(text, "fact", label=label) for label, text in responsiveness_lines(r)]
    blocks.append(_table(_("Published ideas by outcome"), (_("Outcome"), _("Ideas")),
                         [(outcome_label(o), n) for o, n in r.by_outcome]))
    return blocks


def _ideas(summary: Summary) -> list[Block]:
    numbers = {idea.id: n for n, idea in enumerate(summary.ideas, start=1)}
    blocks: list[Block] = [Heading(_("Most supported ideas"), 1)]
    if summary.top_ideas:
        blocks.append(Table(_("The most supported ideas"), (_("No."), _("Idea"), _("Supports")),
                            tuple((str(numbers[p.id]), _excerpt(p.body), _number(p.support_count))
                                  for p in summary.top_ideas),
                            numeric=(True, False, True)))
    blocks.append(Heading(_("All ideas"), 1))
    if not summary.ideas:
        blocks.append(Paragraph(_("No ideas have been published.")))
    blocks += [_post(idea, numbers[idea.id]) for idea in summary.ideas]
    return blocks


def _post(post: ExportPost, number: int | None = None) -> Post:
    return Post(
        heading=_("Idea %(number)s", number=number) if number is not None else None,
        byline=_byline(post), official=post.official is not None,
        note=_("A politician's personal view – not the municipality's position")
        if post.politician_view else None,
        paragraphs=(*_paragraphs(post.body), *_outcome(post)),
        replies_heading=_("Replies") if post.replies else None,
        replies=tuple(_post(r) for r in post.replies))


def _outcome(post: ExportPost) -> tuple[str, ...]:
    """An idea's outcome as one paragraph after its text: "Outcome: Decided (12 March 2027).
    The explanation. Decision: link, reference"."""
    o = post.outcome
    if o is None:
        return ()
    parts = [_("Outcome: %(outcome)s (%(day)s).", outcome=outcome_label(o.state),
               day=format_day(o.changed_at))]
    if o.explanation:
        parts.append(" ".join(o.explanation.split()))
    if o.link or o.reference:
        parts.append(_("Decision: %(where)s", where=", ".join(x for x in (o.link, o.reference) if x)))
    return (" ".join(parts),)


def _byline(post: ExportPost) -> str:
    """Who, where, when: "Åsa · Kiosk · Stadsbiblioteket · 12 november 2026 · 3 supports"; the
    municipality's reply signed "Kommunens svar: name, title · date"."""
    day = format_day(post.received_on or post.published_at)
    if post.official is not None:
        name = ", ".join(part for part in (post.official.name, post.official.title) if part)
        signed = _("The municipality's reply") + ": " + name
        return f"{signed} · {day}" if day else signed
    origin = (str(CHANNEL_LABELS[Channel.WEB]) if post.channel == Channel.WEB.value else origin_label(
        SimpleNamespace(channel=Channel(post.channel), place=post.place,
                        source=AnalogSource(post.source) if post.source else None)))
    parts = [post.alias or _("Anonymous"), origin, day]
    if post.support_count:
        parts.append(ngettext("%(num)d support", "%(num)d supports", post.support_count))
    if post.themes:
        parts.append(ngettext("Theme: %(names)s", "Themes: %(names)s", len(post.themes),
                              names=", ".join(t.name for t in post.themes)))
    return " · ".join(part for part in parts if part)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs as typed: a blank line between two; a single line break stays in its paragraph."""
    return [part.strip("\n") for part in text.split("\n\n") if part.strip()]


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT:
        return flat
    return flat[:EXCERPT].rsplit(" ", 1)[0] + " …"
