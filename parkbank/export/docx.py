"""The summary as a Word document (python-docx): the blocks of export/document.py in Word's own
styles (Title, Subtitle, Heading 1–3, Caption) and a few of ours for bylines, notes and replies,
tables with a repeated header row, the chart as a PNG with its text alternative, and "Page N" in
every page's footer (a PAGE field, filled in by the word processor)."""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as WordParagraph

from parkbank.export import chart
from parkbank.export.document import Document, Figure, Heading, Paragraph, Table, build
from parkbank.export.summary import Summary
from parkbank.i18n import DATE_LOCALES

GREY = RGBColor(0x4B, 0x55, 0x63)
PAGE = (21.0, 29.7, 2.5)  # cm: A4 and its side margins
TEXT_WIDTH = PAGE[0] - 2 * PAGE[2]
HEADING_STYLES = {0: "Title", 1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
# Our paragraph styles: (name, italic, bold, grey, size in points)
OWN_STYLES = {"byline": ("Byline", False, False, True, 9.5),
              "official": ("Signature", False, True, False, 10),
              "note": ("Note", True, False, True, 10)}


def render(summary: Summary) -> bytes:
    document = build(summary)
    word = new_document()
    _properties(word, document)
    _page(word, document.footer)
    writer = _Writer(word)
    for block in document.flat():
        writer.write(block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _properties(word, document: Document) -> None:
    props = word.core_properties
    props.title, props.subject, props.language = document.title, document.subject, document.language
    props.author = props.last_modified_by = document.creator
    props.comments = props.keywords = ""
    props.created = props.modified = document.created
    # The language the spelling checker and screen readers take the text to be in.
    run_defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    lang.set(qn("w:val"), DATE_LOCALES.get(document.language, document.language).replace("_", "-"))


class _Writer:
    """Appends blocks to the body. Paragraphs go in straight before the section properties with
    their style's id: python-docx's add_paragraph(style=name) finds both anew every time, which
    makes 10,000 ideas take minutes instead of seconds."""

    def __init__(self, word):
        self.word = word
        self.styles = _styles(word)
        self.end = word.element.body.sectPr

    def paragraph(self, style, text: str | None = None) -> WordParagraph:
        element = OxmlElement("w:p")
        element.get_or_add_pPr().style = style.style_id
        self.end.addprevious(element)
        paragraph = WordParagraph(element, self.word._body)
        if text:
            paragraph.add_run(text)  # a "\n" in the text becomes a line break
        return paragraph

    def write(self, block) -> None:
        if isinstance(block, Heading):
            self.paragraph(self.styles[block.level], block.text)
        elif isinstance(block, Paragraph):
            paragraph = self.paragraph(self.styles[block.style])
            if block.label:
                paragraph.add_run(f"{block.label}: ").bold = True
            paragraph.add_run(block.text)
            if block.indent:
                paragraph.paragraph_format.left_indent = Cm(1)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figure):
            self.figure(block)

    def table(self, block: Table) -> None:
        self.paragraph(self.styles["caption"], block.caption).paragraph_format.keep_with_next = True
        table = self.word.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = self.styles["table"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, block.widths(TEXT_WIDTH), strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice reads
            for cell in column.cells:  # each cell's, which Word reads
                cell.width = Cm(width)
        table.rows[0]._tr.get_or_add_trPr().append(_on("w:tblHeader"))  # repeated on every page
        last = len(block.rows)
        for r, values in enumerate((block.header, *block.rows)):
            bold = r == 0 or (block.total and r == last)
            for cell, value, numeric in zip(table.rows[r].cells, values, block.numeric, strict=True):
                paragraph = cell.paragraphs[0]
                paragraph.add_run(value).bold = bold
                if numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.paragraph(self.styles["body"])

    def figure(self, block: Figure) -> None:
        self.paragraph(self.styles["caption"], block.caption).paragraph_format.keep_with_next = True
        shape = self.paragraph(self.styles["body"]).add_run().add_picture(
            io.BytesIO(chart.png(block.chart)), width=Cm(TEXT_WIDTH))
        properties = shape._inline.docPr
        properties.set("descr", block.chart.description)
        properties.set("title", block.caption)


def _styles(word) -> dict:
    """Our names for the styles: Word's own, and a few added."""
    styles = {level: word.styles[name] for level, name in HEADING_STYLES.items()}
    styles.update(lead=word.styles["Subtitle"], body=word.styles["Normal"], fact=word.styles["Normal"],
                  caption=word.styles["Caption"], table=word.styles["Table Grid"])
    for key, (name, italic, bold, grey, size) in OWN_STYLES.items():
        style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = word.styles["Normal"]
        style.font.italic, style.font.bold, style.font.size = italic, bold, Pt(size)
        if grey:
            style.font.color.rgb = GREY
        style.paragraph_format.space_after = Pt(2)
        styles[key] = style
    styles["byline"].paragraph_format.space_before = Pt(6)
    styles["official"].paragraph_format.space_before = Pt(6)
    return styles


def _page(word, footer: str) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(PAGE[0]), Cm(PAGE[1])
    section.left_margin = section.right_margin = Cm(PAGE[2])
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{footer} ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    run.append(placeholder)
    field.append(run)
    paragraph._p.append(field)


def _on(tag: str):
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    return element
