"""The summary as an OpenDocument text (odfpy): the blocks of export/document.py as text:h with
outline levels in the named styles "Heading 1–3" (Heading_20_1 …), Title and Subtitle, tables with
a header row, the chart as a PNG with its title and description, and "Page N" (text:page-number)
in the footer of the master page."""

from __future__ import annotations

import io

from odf import dc, meta, teletype
from odf.draw import Frame
from odf.draw import Image as DrawImage
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    Footer,
    FooterStyle,
    GraphicProperties,
    HeaderFooterProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.svg import Desc, Title
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, P, PageNumber, Span

from parkbank.export import chart
from parkbank.export.document import Document, Figure, Heading, Paragraph, Table, build
from parkbank.export.summary import Summary
from parkbank.i18n import DATE_LOCALES

PAGE_WIDTH, MARGIN = 21.0, 2.0  # cm, A4
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
GREY = "#4b5563"
# Our paragraph styles by the blocks' style names: (style name, display name, parent, properties)
PARAGRAPH_STYLES = (
    ("Title", "Title", "Heading", {"fontsize": "24pt"}, {"marginbottom": "0.2cm"}),
    ("Subtitle", "Subtitle", "Heading", {"fontsize": "14pt", "fontweight": "normal"}, {}),
    ("Heading_20_1", "Heading 1", "Heading", {"fontsize": "18pt"}, {"margintop": "0.6cm"}),
    ("Heading_20_2", "Heading 2", "Heading", {"fontsize": "14pt"}, {}),
    ("Heading_20_3", "Heading 3", "Heading", {"fontsize": "12pt"}, {}),
    ("Byline", "Byline", "Text_20_body", {"fontsize": "9.5pt", "color": GREY}, {"margintop": "0.2cm"}),
    ("Signature", "Signature", "Text_20_body", {"fontweight": "bold"}, {"margintop": "0.2cm"}),
    ("Note", "Note", "Text_20_body", {"fontstyle": "italic", "color": GREY}, {}),
    ("Caption", "Caption", "Standard", {"fontstyle": "italic", "fontsize": "10pt"},
     {"margintop": "0.3cm", "marginbottom": "0.1cm", "keepwithnext": "always"}),
    ("Table_20_Contents", "Table Contents", "Standard", {}, {}),
    ("Table_20_Heading", "Table Heading", "Table_20_Contents", {"fontweight": "bold"}, {}),
    ("Footer", "Footer", "Standard", {"fontsize": "9pt"}, {"textalign": "center"}),
)
BLOCK_STYLES = {0: "Title", 1: "Heading_20_1", 2: "Heading_20_2", 3: "Heading_20_3", "lead": "Subtitle",
                "body": "Text_20_body", "fact": "Text_20_body", "byline": "Byline", "official": "Signature",
                "note": "Note"}


def render(summary: Summary) -> bytes:
    document = build(summary)
    odt = OpenDocumentText()
    _metadata(odt, document)
    writer = _Writer(odt, document.language)
    writer.page(document.footer)
    for block in document.flat():
        writer.write(block)
    out = io.BytesIO()
    odt.write(out)
    return out.getvalue()


def _metadata(odt, document: Document) -> None:
    created = document.created.replace(tzinfo=None, microsecond=0).isoformat()  # UTC
    for element in (dc.Title(text=document.title), dc.Subject(text=document.subject),
                    dc.Language(text=document.language), dc.Creator(text=document.creator),
                    meta.InitialCreator(text=document.creator), dc.Date(text=created),
                    meta.CreationDate(text=created)):
        odt.meta.addElement(element)


class _Writer:
    def __init__(self, odt, language: str):
        self.odt = odt
        self.variants: dict[tuple, str] = {}
        self.tables = 0
        self._styles(language)

    def _styles(self, language: str) -> None:
        language, _, country = DATE_LOCALES.get(language, language).partition("_")
        default = DefaultStyle(family="paragraph")
        default.addElement(TextProperties(language=language, country=country or "none", fontsize="11pt",
                                          fontfamily="'DejaVu Sans', Arial, sans-serif"))
        self.odt.styles.addElement(default)
        self._style("Standard", "Standard", None, {}, {})
        self._style("Text_20_body", "Text body", "Standard", {}, {"marginbottom": "0.2cm"})
        self._style("Heading", "Heading", "Standard", {"fontweight": "bold"},
                    {"margintop": "0.4cm", "marginbottom": "0.2cm", "keepwithnext": "always"})
        for name, display, parent, text, paragraph in PARAGRAPH_STYLES:
            self._style(name, display, parent, text, paragraph)
        strong = Style(name="Strong_20_Emphasis", displayname="Strong Emphasis", family="text")
        strong.addElement(TextProperties(fontweight="bold"))
        self.odt.styles.addElement(strong)

    def _style(self, name, display, parent, text, paragraph) -> None:
        style = Style(name=name, displayname=display, family="paragraph", **(
            {"parentstylename": parent} if parent else {}))
        if name.startswith("Heading_20_"):
            style.setAttribute("defaultoutlinelevel", name[-1])
            style.setAttribute("nextstylename", "Text_20_body")
        if text:
            style.addElement(TextProperties(**text))
        if paragraph:
            style.addElement(ParagraphProperties(**paragraph))
        self.odt.styles.addElement(style)

    def variant(self, parent: str, *, indent=False, right=False) -> str:
        """An automatic style: a named one indented (a reply) or right-aligned (a figure)."""
        key = (parent, indent, right)
        if key not in self.variants:
            name = f"P{len(self.variants) + 1}"
            style = Style(name=name, family="paragraph", parentstylename=parent)
            style.addElement(ParagraphProperties(**({"marginleft": "1cm"} if indent else {}),
                                                 **({"textalign": "end"} if right else {})))
            self.odt.automaticstyles.addElement(style)
            self.variants[key] = name
        return self.variants[key]

    def page(self, footer_text: str) -> None:
        layout = PageLayout(name="Page")
        layout.addElement(PageLayoutProperties(
            pagewidth=f"{PAGE_WIDTH}cm", pageheight="29.7cm", printorientation="portrait",
            margintop=f"{MARGIN}cm", marginbottom="1.5cm", marginleft=f"{MARGIN}cm",
            marginright=f"{MARGIN}cm"))
        footer_style = FooterStyle()
        footer_style.addElement(HeaderFooterProperties(minheight="0.6cm", margintop="0.4cm"))
        layout.addElement(footer_style)
        self.odt.automaticstyles.addElement(layout)
        master = MasterPage(name="Standard", pagelayoutname=layout)
        footer = Footer()
        line = P(stylename="Footer", text=f"{footer_text} ")
        line.addElement(PageNumber(selectpage="current", text="1"))
        footer.addElement(line)
        master.addElement(footer)
        self.odt.masterstyles.addElement(master)

    def write(self, block) -> None:
        if isinstance(block, Heading):
            if block.level == 0:
                element = P(stylename="Title")
            else:
                element = H(outlinelevel=block.level, stylename=BLOCK_STYLES[block.level])
            teletype.addTextToElement(element, block.text)
        elif isinstance(block, Paragraph):
            style = BLOCK_STYLES[block.style]
            element = P(stylename=self.variant(style, indent=True) if block.indent else style)
            if block.label:
                element.addElement(Span(stylename="Strong_20_Emphasis", text=f"{block.label}: "))
            teletype.addTextToElement(element, block.text)
        elif isinstance(block, Table):
            self.odt.text.addElement(P(stylename="Caption", text=block.caption))
            element = self.table(block)
        elif isinstance(block, Figure):
            self.odt.text.addElement(P(stylename="Caption", text=block.caption))
            element = self.figure(block)
        self.odt.text.addElement(element)

    def table(self, block: Table) -> OdfTable:
        self.tables += 1
        name = f"Table{self.tables}"
        table_style = Style(name=name, family="table")
        table_style.addElement(TableProperties(width=f"{TEXT_WIDTH}cm", align="left"))
        self.odt.automaticstyles.addElement(table_style)
        table = OdfTable(name=name, stylename=table_style)
        for i, width in enumerate(block.widths(TEXT_WIDTH)):
            column_style = Style(name=f"{name}.{chr(65 + i)}", family="table-column")
            column_style.addElement(TableColumnProperties(columnwidth=f"{width:.2f}cm"))
            self.odt.automaticstyles.addElement(column_style)
            table.addElement(TableColumn(stylename=column_style))
        header = TableHeaderRows()
        header.addElement(self.row(block.header, block.numeric, "Table_20_Heading"))
        table.addElement(header)
        for i, values in enumerate(block.rows, start=1):
            bold = block.total and i == len(block.rows)
            table.addElement(self.row(values, block.numeric, "Table_20_Heading" if bold
                                      else "Table_20_Contents"))
        return table

    def row(self, values, numeric, style: str) -> TableRow:
        row = TableRow()
        for value, right in zip(values, numeric, strict=True):
            cell = TableCell(valuetype="string", stylename=self.cell_style())
            paragraph = P(stylename=self.variant(style, right=True) if right else style)
            teletype.addTextToElement(paragraph, value)
            cell.addElement(paragraph)
            row.addElement(cell)
        return row

    def cell_style(self) -> str:
        if ("cell",) not in self.variants:
            style = Style(name="Cell", family="table-cell")
            style.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
            self.odt.automaticstyles.addElement(style)
            self.variants[("cell",)] = "Cell"
        return "Cell"

    def figure(self, block: Figure) -> P:
        href = self.odt.addPictureFromString(chart.png(block.chart), "image/png")
        frame_style = Style(name="Chart", family="graphic")
        frame_style.addElement(GraphicProperties(wrap="none", border="none"))
        self.odt.automaticstyles.addElement(frame_style)
        height = TEXT_WIDTH * chart.HEIGHT / chart.WIDTH
        frame = Frame(stylename=frame_style, name="Chart", anchortype="as-char",
                      width=f"{TEXT_WIDTH}cm", height=f"{height:.2f}cm")
        frame.addElement(DrawImage(href=href))
        frame.addElement(Title(text=block.caption))
        frame.addElement(Desc(text=block.chart.description))
        paragraph = P(stylename="Standard")
        paragraph.addElement(frame)
        return paragraph
