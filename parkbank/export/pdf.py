"""The summary as PDF/A (issue 15): templates/export/summary.html with static/css/export-print.css,
rendered by WeasyPrint. PDF/A-3b: fonts embedded (the vendored Inter, DejaVu Sans for the rest),
XMP identification, document metadata from the HTML (title, author = organisation, language),
bookmarks from the real headings and "page / pages" in the footer.

Nothing is fetched from the network: WeasyPrint asks `StaticOnly` for every URL, which reads
files under the project's static folder and refuses anything else."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from flask import current_app, render_template
from markupsafe import escape
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from parkbank.export import words
from parkbank.export.summary import DayFigures, Summary
from parkbank.i18n import format_day

PDF_VARIANT = "pdf/a-3b"


def render(summary: Summary) -> bytes:
    static = static_folder()
    with words.in_house_language():
        page = render_template(
            "export/summary.html", summary=summary, facts=summary.facts, words=words,
            chart=participation_chart(summary.by_day), day=format_day,
            content_language=current_app.config["CONTENT_LANGUAGE"],
            lang=current_app.config["BABEL_DEFAULT_LOCALE"])
    document = HTML(string=page, base_url=static.as_uri() + "/", url_fetcher=StaticOnly(static))
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def static_folder() -> Path:
    return Path(current_app.static_folder).resolve()


class StaticOnly(URLFetcher):
    """Reads files under one folder; refuses every other URL (network, other files)."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols=("file",))
        self.root = root

    def fetch(self, url, headers=None):
        if not url.startswith("file://"):
            raise ValueError(f"Not fetched (exports read the static folder only): {url}")
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ValueError(f"Not fetched (outside the static folder): {url}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})


def participation_chart(by_day: tuple[DayFigures, ...]) -> str:
    """A small bar chart of posts received (ideas and replies) per day, as inline SVG. A stand-in
    for export/chart.py, to be swapped for it when it is on main."""
    if not by_day:
        return ""
    width, height, base, tallest = 680, 180, 160, 140
    most = max(d.ideas + d.replies for d in by_day) or 1
    step = min(width / len(by_day), 40)  # a few days: narrow bars, not one slab
    bars = "".join(
        f'<rect x="{i * step + step * 0.1:.1f}" y="{base - (d.ideas + d.replies) * tallest / most:.1f}" '
        f'width="{step * 0.8:.1f}" height="{(d.ideas + d.replies) * tallest / most:.1f}" fill="#1e5b96"/>'
        for i, d in enumerate(by_day))
    first, last = format_day(by_day[0].day), format_day(by_day[-1].day)
    label = escape(f"{words.HEADINGS['by_day']}: {first} – {last}")
    end = (f'<text x="{len(by_day) * step:.1f}" y="{height - 4}" font-size="12" fill="#4a5a6d" '
           f'text-anchor="end">{escape(last)}</text>' if len(by_day) > 1 else "")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{label}">{bars}'
            f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#4a5a6d" stroke-width="1"/>'
            f'<text x="0" y="{height - 4}" font-size="12" fill="#4a5a6d">{escape(first)}</text>{end}'
            f'<text x="0" y="12" font-size="12" fill="#4a5a6d">{most}</text></svg>')
