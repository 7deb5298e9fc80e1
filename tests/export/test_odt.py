"""The summary as an OpenDocument text, opened again with odfpy: text:h with outline levels in named
heading styles, the figures, Swedish text intact, the municipality's signed reply, the chart, the
page number in the master page's footer — and no e-mail."""

from __future__ import annotations

from io import BytesIO

import pytest
from odf import dc, draw, meta, style, svg, table, teletype, text
from odf.namespaces import STYLENS, TEXTNS
from odf.opendocument import load

from parkbank.export.odt import render
from tests.export.sample import (
    BY_CHANNEL,
    IDEA,
    KIOSK_IDEA,
    OFFICIAL,
    REPLY,
    assert_no_email,
    parts,
    sample_summary,
)


@pytest.fixture
def rendered(schema, make_consultation, make_post, make_user):
    app, summary = sample_summary(schema, make_consultation, make_post, make_user)
    with app.app_context():
        data = render(summary)
    return data, load(BytesIO(data))


def headings(odt, level: int) -> list[str]:
    found = []
    for h in odt.text.getElementsByType(text.H):
        if h.getAttrNS(TEXTNS, "outline-level") == str(level):
            assert h.getAttrNS(TEXTNS, "style-name") == f"Heading_20_{level}"
            found.append(teletype.extractText(h))
    return found


def paragraphs(odt, style_name: str | None = None) -> list[str]:
    """The text's paragraphs (not those in tables), in a style or all."""
    return [teletype.extractText(p) for p in odt.text.childNodes if p.qname == (TEXTNS, "p")
            and (style_name is None or p.getAttrNS(TEXTNS, "style-name") == style_name)]


def tables(odt) -> dict[str, list[list[str]]]:
    """Each table's rows by the caption just before it."""
    found, caption = {}, None
    for element in odt.text.childNodes:
        if element.qname == (TEXTNS, "p"):
            caption = teletype.extractText(element) if element.getAttrNS(TEXTNS, "style-name") == "Caption" \
                else None
        elif element.isInstanceOf(table.Table):
            found[caption] = [[teletype.extractText(cell) for cell in row.getElementsByType(table.TableCell)]
                              for row in element.getElementsByType(table.TableRow)]
    return found


def test_headings_are_outline_levels_with_named_styles(rendered):
    _data, odt = rendered
    assert paragraphs(odt, "Title") == ["Nytt bibliotek"]
    assert headings(odt, 1) == ["Deltagande", "Moderering", "Vad hände", "Mest stödda idéer", "Alla idéer"]
    assert headings(odt, 2) == ["Per kanal", "Per dag", "Per anledning", "Idé 1", "Idé 2", "Idé 3"]
    assert headings(odt, 3) == ["Svar"]
    display = {s.getAttrNS(STYLENS, "name"): s.getAttrNS(STYLENS, "display-name")
               for s in odt.styles.getElementsByType(style.Style)}
    assert display["Heading_20_1"] == "Heading 1" and display["Heading_20_3"] == "Heading 3"
    assert "Diarienummer: KS 2026/123" in paragraphs(odt)
    assert "Ansvarig förvaltning: Kultur- och fritidsförvaltningen" in paragraphs(odt)
    assert [teletype.extractText(e) for e in (odt.meta.getElementsByType(dc.Title)
                                              + odt.meta.getElementsByType(dc.Language)
                                              + odt.meta.getElementsByType(meta.InitialCreator))] == [
        "Nytt bibliotek", "sv", "Karlshamns kommun"]


def test_the_figures_tables_carry_the_summarys_numbers(rendered):
    _data, odt = rendered
    found = tables(odt)
    assert found["Deltagande per kanal"] == BY_CHANNEL
    assert found["Inlägg efter status"][-1] == ["Totalt", "7"]
    assert found["Deltagande per dag"][-1] == ["Totalt", "6", "1", "3"]
    assert found["De mest stödda idéerna"][1] == ["1", IDEA, "3"]


def test_every_public_idea_with_its_replies_and_the_signed_official_reply(rendered):
    _data, odt = rendered
    texts = paragraphs(odt)
    assert IDEA in texts and REPLY in texts and KIOSK_IDEA in texts and OFFICIAL in texts
    assert "Köp våra solstolar!" not in texts and "Ångrade mig" not in texts
    assert texts[texts.index(IDEA) - 1].startswith("Åsa · Webb · ")
    signed = {s.getAttrNS(STYLENS, "name") for s in odt.automaticstyles.getElementsByType(style.Style)
              if s.getAttrNS(STYLENS, "parent-style-name") == "Signature"}
    (signature,) = [teletype.extractText(p) for p in odt.text.getElementsByType(text.P)
                    if p.getAttrNS(TEXTNS, "style-name") in signed]
    assert signature.startswith("Kommunens svar: Eva Svensson, Svarar för kommunen, "
                                "Kultur- och fritidsförvaltningen · ")
    assert texts[texts.index(KIOSK_IDEA) - 1].startswith("Anonym · Kiosk · Stadsbiblioteket · ")
    assert "Politikerns personliga åsikt – inte kommunens ståndpunkt" in paragraphs(odt, "Note")


def test_no_email_address_in_any_part(rendered):
    data, _odt = rendered
    assert_no_email(data)


def test_the_chart_is_embedded_and_the_footer_numbers_pages(rendered):
    data, odt = rendered
    (frame,) = odt.text.getElementsByType(draw.Frame)
    (image,) = frame.getElementsByType(draw.Image)
    href = image.getAttribute("href")
    assert parts(data)[href].startswith(b"\x89PNG")
    (description,) = frame.getElementsByType(svg.Desc)
    assert teletype.extractText(description).startswith("Stapeldiagram")
    (master,) = odt.masterstyles.getElementsByType(style.MasterPage)
    (footer,) = master.getElementsByType(style.Footer)
    assert footer.getElementsByType(text.PageNumber)
    assert teletype.extractText(footer).startswith("Nytt bibliotek · Sida")
