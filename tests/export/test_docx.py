"""The summary as a Word document, opened again with python-docx: real heading styles, the figures,
Swedish text intact, the municipality's signed reply, the chart, page numbers — and no e-mail."""

from __future__ import annotations

from io import BytesIO

import docx
import pytest
from docx.table import Table

from parkbank.export.docx import render
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

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def rendered(schema, make_consultation, make_post, make_user):
    app, summary = sample_summary(schema, make_consultation, make_post, make_user)
    with app.app_context():
        data = render(summary)
    return data, docx.Document(BytesIO(data))


def paragraphs(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def tables(document) -> dict[str, list[list[str]]]:
    """Each table's rows by the caption just before it."""
    found, caption = {}, None
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            style = element.find(f"{W}pPr/{W}pStyle")
            caption = "".join(t.text for t in element.iter(f"{W}t")) \
                if style is not None and style.get(f"{W}val") == "Caption" else None
        elif element.tag == f"{W}tbl":
            rows = Table(element, document._body).rows
            found[caption] = [[cell.text for cell in row.cells] for row in rows]
    return found


def test_headings_are_word_heading_styles_in_the_documents_language(rendered):
    _data, document = rendered
    assert paragraphs(document, "Title") == ["Nytt bibliotek"]
    assert paragraphs(document, "Subtitle") == ["Vad vill du ha?"]
    assert paragraphs(document, "Heading 1") == ["Deltagande", "Moderering", "Vad hände", "Mest stödda idéer",
                                                  "Alla idéer"]
    assert paragraphs(document, "Heading 2") == ["Per kanal", "Per dag", "Per anledning",
                                                  "Idé 1", "Idé 2", "Idé 3"]
    assert paragraphs(document, "Heading 3") == ["Svar"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Diarienummer: KS 2026/123" in text
    assert "Ansvarig förvaltning: Kultur- och fritidsförvaltningen" in text
    assert "Exporterad: 26 november 2026" in text
    props = document.core_properties
    assert (props.title, props.language, props.author) == ("Nytt bibliotek", "sv", "Karlshamns kommun")


def test_the_figures_tables_carry_the_summarys_numbers(rendered):
    _data, document = rendered
    found = tables(document)
    assert found["Deltagande per kanal"] == BY_CHANNEL
    assert found["Inlägg efter status"][1:] == [
        ["Publicerat", "4"], ["Inte godkänt", "1"], ["Borttagen", "1"], ["Väntar på granskning", "1"],
        ["Totalt", "7"]]
    reasons = found["Inlägg som inte godkänts eller tagits bort, per anledning"]
    by_reason = {row[0]: row[1:] for row in reasons}
    assert by_reason["Reklam eller skräppost"] == ["1", "0"] and by_reason["Annan anledning"] == ["0", "1"]
    by_day = found["Deltagande per dag"]
    assert by_day[0] == ["Dag", "Idéer", "Svar", "Stöd"] and by_day[-1] == ["Totalt", "6", "1", "3"]
    assert found["De mest stödda idéerna"][:2] == [["Nr", "Idé", "Stöd"], ["1", IDEA, "3"]]


def test_every_public_idea_with_its_replies_channel_and_the_signed_official_reply(rendered):
    _data, document = rendered
    text = [p.text for p in document.paragraphs]
    assert IDEA in text and REPLY in text and KIOSK_IDEA in text and OFFICIAL in text
    assert "Köp våra solstolar!" not in text and "Ångrade mig" not in text and "Inte granskat än" not in text
    byline = text[text.index(IDEA) - 1]
    assert byline.startswith("Åsa · Webb · ") and byline.endswith(" · 3 stöd")
    assert text[text.index(REPLY) - 1].startswith("Örjan · Webb · ")
    signature = text[text.index(OFFICIAL) - 1]
    assert signature.startswith("Kommunens svar: Eva Svensson, Svarar för kommunen, "
                                "Kultur- och fritidsförvaltningen · ")
    assert paragraphs(document, "Signature") == [signature]
    assert text[text.index(KIOSK_IDEA) - 1].startswith("Anonym · Kiosk · Stadsbiblioteket · ")
    assert paragraphs(document, "Note") == [
        "Politikerns personliga åsikt – inte kommunens ståndpunkt"]


def test_no_email_address_in_any_part(rendered):
    data, _document = rendered
    assert_no_email(data)


def test_the_chart_is_embedded_with_a_text_alternative_and_pages_are_numbered(rendered):
    data, document = rendered
    (shape,) = document.inline_shapes
    assert shape._inline.docPr.get("descr").startswith("Stapeldiagram")
    images = [name for name in parts(data) if name.startswith("word/media/")]
    assert len(images) == 1 and parts(data)[images[0]].startswith(b"\x89PNG")
    footer = document.sections[0].footer.paragraphs[0]
    fields = footer._p.findall(f"{W}fldSimple")
    assert [f.get(f"{W}instr") for f in fields] == ["PAGE"]
    assert footer.text.startswith("Nytt bibliotek · Sida")
