"""The summary as PDF/A (export/pdf.py): read back with pypdf — the text, the figures, the
municipality's signed reply, no e-mail; PDF/A identification, every font embedded, bookmarks from
the headings, page numbers, metadata; nothing fetched outside the static folder."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetcher

from parkbank.export import pdf
from parkbank.export.formats import render
from tests.export.busy import EMAIL, busy_summary


@pytest.fixture
def summary(app, make_consultation, make_post, make_user):
    return busy_summary(app, make_consultation, make_post, make_user)


@pytest.fixture
def reader(app, summary):
    with app.app_context():
        return PdfReader(io.BytesIO(render(summary, "pdf")))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_holds_the_title_block_headings_figures_and_posts_in_swedish(reader, summary):
    text = text_of(reader)
    for words in ("Nytt bibliotek", "Vad vill du ha?", "KS 2026/42", "Kultur- och fritidsförvaltningen",
                  "26 november 2026", summary.facts.organisation, "Deltagande", "Per kanal",
                  "Moderering", "Mest stödda idéer", "Alla idéer", "Idé 1", "Svar"):
        assert words in text, words
    assert "Ett läsrum med åäö" in text and "Svar: ja, gärna på söndagar!" in text
    assert "Från kiosken: fler bänkar" in text and "Kiosk · Stadsbiblioteket" in text
    assert "<script>alert(1)</script>" in text  # shown as typed, never run
    s, m = summary.participation, summary.moderation
    assert (f"{s.ideas} idéer, {s.replies} svar och {s.supports} stöd kom in." in text)
    # The same tables as DOCX and ODT (export/document.py), captions and totals included.
    assert re.search(r"Deltagande per kanal Kanal Idéer Svar Webb \d+ \d+ Kiosk 1 0", text)
    assert re.search(rf"Publicerat {m.approved} Inte godkänt 1 Borttagen 1 Väntar på granskning 1 "
                     rf"Totalt {m.approved + 3}\b", text)
    assert re.search(r"Reklam eller skräppost 1 0\b", text)
    # The municipality's reply, signed.
    assert "Kommunens svar: Eva Svensson, Svarar för kommunen, Kultur- och fritidsförvaltningen" in text
    assert "Tack, vi utreder söndagsöppet." in text
    # Nothing that was not published, and no personal data.
    assert "Reklam för något" not in text and "Borttagen text" not in text
    assert "Inte granskad än" not in text
    assert EMAIL not in text and "asa.secret" not in text


def test_the_pdf_is_pdf_a_with_metadata_and_page_numbers(reader, summary):
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)B', xmp)
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    assert reader.metadata.title == "Nytt bibliotek"
    assert reader.metadata.author == summary.facts.organisation
    assert len(reader.pages) >= 1
    assert f"1 / {len(reader.pages)}" in " ".join((reader.pages[0].extract_text() or "").split())


def fonts_in(resources, seen=None) -> list:
    """Every font dictionary in a page's resources, form XObjects (the chart) included."""
    seen = seen if seen is not None else set()
    found = []
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        found.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) not in seen and "/Resources" in xobject:
            seen.add(id(xobject))
            found += fonts_in(xobject["/Resources"], seen)
    return found


def test_every_font_is_embedded(reader):
    fonts = [f for page in reader.pages for f in fonts_in(page.get("/Resources"))]
    assert fonts
    for font in fonts:
        described = font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font
        descriptor = described["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font.get("/BaseFont")


def titles(outline) -> list[str]:
    return [t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])]


def test_the_headings_are_bookmarks(reader):
    bookmarks = titles(reader.outline)
    for heading in ("Nytt bibliotek", "Deltagande", "Per kanal", "Per dag", "Moderering",
                    "Per anledning", "Mest stödda idéer", "Alla idéer"):
        assert heading in bookmarks
    assert not any(b.startswith("Idé ") for b in bookmarks)  # 10,000 ideas are not an outline


def test_nothing_is_fetched_outside_the_static_folder(app):
    with app.app_context():
        fetcher = pdf.StaticOnly(pdf.static_folder())
        assert isinstance(fetcher, URLFetcher)
        css = fetcher.fetch((pdf.static_folder() / "css" / "export-print.css").as_uri())
        assert css.content_type == "text/css" and b"@page" in css.read()
        for url in ("https://example.com/x.css", "http://127.0.0.1/x.png", "file:///etc/passwd",
                    (pdf.static_folder() / ".." / "pyproject.toml").as_uri()):
            with pytest.raises(ValueError):
                fetcher.fetch(url)


