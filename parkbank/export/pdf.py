"""The summary as PDF/A (issue 15): the blocks of export/document.py laid out by
templates/export/summary.html with static/css/export-print.css and rendered by WeasyPrint.
PDF/A-3b: fonts embedded (the vendored Inter, DejaVu Sans for the rest), XMP identification,
document metadata from the HTML (title, author = organisation, language), bookmarks from the real
headings and "page / pages" in the footer.

Nothing is fetched from the network: WeasyPrint asks `StaticOnly` for every URL, which reads
files under the project's static folder and refuses anything else."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from flask import current_app, render_template
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from parkbank.export import chart
from parkbank.export.document import Heading, build
from parkbank.export.summary import Summary

PDF_VARIANT = "pdf/a-3b"


def render(summary: Summary) -> bytes:
    document = build(summary)
    first_section = next(i for i, b in enumerate(document.blocks) if isinstance(b, Heading) and b.level)
    content_language = current_app.config["CONTENT_LANGUAGE"]
    page = render_template(
        "export/summary.html", document=document, head=document.blocks[:first_section],
        body=document.blocks[first_section:], svg=chart.svg,
        # Posts are in the language citizens write in: said once per post only when it differs.
        post_lang=Markup(f' lang="{content_language}"') if content_language != document.language else "")
    static = static_folder()
    html = HTML(string=page, base_url=static.as_uri() + "/", url_fetcher=StaticOnly(static))
    return html.write_pdf(pdf_variant=PDF_VARIANT)


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
