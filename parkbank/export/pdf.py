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
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from parkbank.export import chart, words
from parkbank.export.document import participation_chart
from parkbank.export.summary import Summary
from parkbank.i18n import format_day

PDF_VARIANT = "pdf/a-3b"


def render(summary: Summary) -> bytes:
    static = static_folder()
    with words.in_house_language():
        page = render_template(
            "export/summary.html", summary=summary, facts=summary.facts, words=words,
            chart=chart.svg(participation_chart(summary)) if summary.by_day else "", day=format_day,
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
