"""The participation chart: one layout drawn as a PNG (DOCX, ODT) and as an SVG (PDF); and a
consultation without posts renders without one."""

from __future__ import annotations

from io import BytesIO

import docx
from odf import draw, teletype
from odf.opendocument import load
from PIL import Image

from parkbank.consultations.models import Consultation
from parkbank.export import chart
from parkbank.export import docx as docx_format
from parkbank.export import odt as odt_format
from parkbank.export.summary import build_summary
from parkbank.extensions import db

SAMPLE = chart.Chart(categories=("1 nov.", "2 nov.", "3 nov."),
                     series=(chart.Series("Inlägg", (4, 0, 12)), chart.Series("Stöd", (1, 7, 30))),
                     colour="#005aa0", x_label="Dag", y_label="Antal per dag",
                     description="Stapeldiagram <åäö>")


def test_the_png_and_the_svg_draw_the_same_bars_in_the_brand_colour():
    drawn = chart.layout(SAMPLE)
    bars = [r for r in drawn.rects if r.height and r.y > 30]  # not the legend's swatches
    assert len(bars) == 5  # a zero draws no bar
    assert {r.fill for r in bars} == {"#005aa0", chart.tint("#005aa0")}
    svg = chart.svg(SAMPLE)
    assert svg.count("<rect") == len(drawn.rects) and "<title>Stapeldiagram &lt;åäö&gt;</title>" in svg
    assert ">Antal per dag</text>" in svg and ">30</text>" in svg
    image = Image.open(BytesIO(chart.png(SAMPLE)))
    assert image.size == (chart.WIDTH * chart.PNG_SCALE, chart.HEIGHT * chart.PNG_SCALE)
    tallest = max(bars, key=lambda r: r.height)
    middle = (int((tallest.x + tallest.width / 2) * chart.PNG_SCALE),
              int((tallest.y + tallest.height / 2) * chart.PNG_SCALE))
    tint = chart.tint("#005aa0")
    assert image.getpixel(middle) == tuple(int(tint[i:i + 2], 16) for i in (1, 3, 5))


def test_a_consultation_without_posts_renders_without_a_chart(app, consultation):
    with app.app_context():
        summary = build_summary(db.session.get(Consultation, consultation.id))
        word = docx.Document(BytesIO(docx_format.render(summary)))
        odt = load(BytesIO(odt_format.render(summary)))
    assert not word.inline_shapes and "Inga idéer har publicerats." in [p.text for p in word.paragraphs]
    assert not odt.text.getElementsByType(draw.Frame)
    assert "Inga idéer har publicerats." in teletype.extractText(odt.text)
