"""The summary as Markdown (export/markdown.py): the sections as headings, figures as tables, every
public post quoted, Swedish intact, and user text that can never become Markdown or HTML."""

from __future__ import annotations

import pytest

from parkbank.export.formats import render
from parkbank.export.markdown import escape, lines
from tests.export.busy import EMAIL, busy_summary


@pytest.fixture
def summary(app, make_consultation, make_post, make_user):
    return busy_summary(app, make_consultation, make_post, make_user)


@pytest.fixture
def document(app, summary) -> str:
    with app.app_context():
        return render(summary, "md").decode("utf-8")


def test_the_sections_are_headings_in_swedish(document):
    headings = [line for line in document.splitlines() if line.startswith("#")]
    assert headings == ["# Nytt bibliotek", "## Deltagande", "### Per kanal", "### Per dag",
                        "## Moderering", "### Per anledning", "## Vad hände", "## Mest stödda idéer",
                        "## Alla idéer"]
    assert "- **Diarienummer:** KS 2026/42" in document
    assert "- **Ansvarig förvaltning:** Kultur- och fritidsförvaltningen" in document


def test_the_figures_are_the_tables_of_every_document_format(document, summary):
    s = summary.participation
    assert f"{s.ideas} idéer, {s.replies} svar och {s.supports} stöd kom in." in document
    assert "**Deltagande per kanal**\n\n| Kanal | Idéer | Svar |\n| --- | ---: | ---: |\n" in document
    assert "| Webb | 5 | 1 |" in document and "| Kiosk | 1 | 0 |" in document
    assert "| Totalt | 6 | 1 |" in document
    assert "| Inte godkänt | 1 |" in document and "| Borttagen | 1 |" in document
    assert "| Reklam eller skräppost | 1 | 0 |" in document
    assert "| Nr | Idé | Stöd |\n| ---: | --- | ---: |\n| 1 | Ett läsrum med åäö och långa öppettider | 3 |" \
        in document


def test_posts_are_quoted_with_replies_and_the_signed_official_reply(document):
    assert "> **Idé 1**\n>\n> *Åsa · Webb · 26 november 2026 · 3 stöd*\n" in document
    assert "> Ett läsrum med åäö\\\n> och långa öppettider\n" in document
    assert "> **Svar**\n>\n> > *Anonym · Webb · " in document
    assert "> > Svar: ja, gärna på söndagar!" in document
    assert "> > **Kommunens svar: Eva Svensson, Svarar för kommunen, Kultur- och fritidsförvaltningen · " \
        in document
    assert "> > Tack, vi utreder söndagsöppet." in document
    assert "> *Anonym · Kiosk · Stadsbiblioteket · " in document
    assert "Reklam för något" not in document and "Borttagen text" not in document
    assert "Inte granskad än" not in document
    assert EMAIL not in document and "asa.secret" not in document


def test_hostile_text_stays_text(document):
    assert "> \\<script\\>alert(1)\\</script\\>\\\n" in document
    assert "> \\[x\\](javascript:alert(1))\\\n" in document
    assert "> \\# heading\\\n" in document
    assert "> \\| a \\| b \\|\\\n" in document
    assert "> \\- item\n" in document
    assert "<script>" not in document and "[x](" not in document


@pytest.mark.parametrize("text, expected", [
    ("# rubrik", "\\# rubrik"),
    ("  ## två", "  \\#\\# två"),
    ("- punkt", "\\- punkt"),
    ("+ punkt", "\\+ punkt"),
    ("=====", "\\====="),
    ("1. lista", "1\\. lista"),
    ("2026) år", "2026\\) år"),
    ("> citat", "\\> citat"),
    ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
    ("![bild](http://x/y.png)", "!\\[bild\\](http://x/y.png)"),
    ("&lt;b&gt; &#60;", "\\&lt;b\\&gt; \\&\\#60;"),
    ("`kod` *fet* _kursiv_ ~~struken~~ $x$", "\\`kod\\` \\*fet\\* \\_kursiv\\_ \\~\\~struken\\~\\~ \\$x\\$"),
    ("a \\ b", "a \\\\ b"),
    ("Åäö – helt vanlig text, 3-4 st.", "Åäö – helt vanlig text, 3-4 st."),
])
def test_escape(text, expected):
    assert escape(text) == expected


def test_line_breaks_are_kept_as_hard_breaks_and_blank_lines_as_paragraphs():
    assert lines("ett\ntvå\n\ntre") == ["ett\\", "två", "", "tre"]

