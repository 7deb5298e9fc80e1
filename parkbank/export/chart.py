"""The small bar chart of participation by day that DOCX, ODT (a PNG) and PDF (an SVG) show.

Pure: a `Chart` (words and numbers, already in the document's language) in, bytes or text out.
One layout (`layout`) computes every bar, tick and label once; `png` and `svg` only draw it, so
the two pictures are the same chart.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from parkbank import PROJECT_ROOT

WIDTH, HEIGHT = 640, 280  # the chart's own units: SVG user units, PNG pixels at scale 1
PNG_SCALE = 2  # a PNG sharp when a document shows it 16 cm wide
FONT_SIZE = 12
INK = "#1e2b3c"
GRID = "#d5dbe3"
FONTS = PROJECT_ROOT / "static" / "vendor" / "designsystemet" / "fonts"
FONT_FILES = {False: (FONTS / "inter-latin-400-normal.woff2", "DejaVuSans.ttf"),
              True: (FONTS / "inter-latin-600-normal.woff2", "DejaVuSans-Bold.ttf")}
SVG_FONT = "Inter, 'DejaVu Sans', Arial, sans-serif"


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    """Bars per category (a day), one bar per series side by side; the first series in the brand
    colour, the next in a tint of it outlined in the colour."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    colour: str  # #rrggbb
    x_label: str
    y_label: str
    description: str  # the text alternative


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str | None = None


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str  # "start", "middle", "end"
    bold: bool = False


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str


@dataclass(frozen=True)
class Layout:
    rects: tuple[Rect, ...]
    lines: tuple[Line, ...]
    texts: tuple[Text, ...]


def tint(colour: str, amount: float = 0.55) -> str:
    """The colour mixed with white (amount 0: the colour, 1: white)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def nice_step(top: int, ticks: int = 4) -> int:
    """A tick step of 1, 2 or 5 times a power of ten that covers `top` in about `ticks` steps."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(int(factor * power), 1)
    return int(10 * power)  # pragma: no cover


def layout(chart: Chart) -> Layout:
    step = nice_step(max((v for s in chart.series for v in s.values), default=0))
    top = step * math.ceil(max(max((v for s in chart.series for v in s.values), default=0), 1) / step)
    tick_values = range(0, top + 1, step)
    left = 14 + 7 * max(len(str(v)) for v in tick_values)
    plot_top, plot_bottom, right = 48, HEIGHT - 44, WIDTH - 12
    scale = (plot_bottom - plot_top) / top
    colours = [(chart.colour, None)] + [(tint(chart.colour), chart.colour)] * (len(chart.series) - 1)

    rects, lines, texts = [], [], []
    texts.append(Text(left - 8, 20, chart.y_label, "start", bold=True))
    texts.append(Text((left + right) / 2, HEIGHT - 6, chart.x_label, "middle", bold=True))
    for value in tick_values:
        y = plot_bottom - value * scale
        lines.append(Line(left, y, right, y, GRID))
        texts.append(Text(left - 6, y + 4, str(value), "end"))
    legend_x = right - sum(6.6 * len(s.label) + 38 for s in chart.series) + 20
    for (fill, stroke), series in zip(colours, chart.series, strict=True):
        rects.append(Rect(legend_x, 10, 12, 12, fill, stroke))
        texts.append(Text(legend_x + 17, 20, series.label, "start"))
        legend_x += 6.6 * len(series.label) + 38

    count = len(chart.categories)
    group = (right - left) / max(count, 1)
    bar = min(group * 0.8 / max(len(chart.series), 1), 32)
    margin = (group - bar * len(chart.series)) / 2
    label_every = max(1, math.ceil(52 / group))  # room for a label like "12 nov."
    for i, category in enumerate(chart.categories):
        x0 = left + i * group + margin
        for j, ((fill, stroke), series) in enumerate(zip(colours, chart.series, strict=True)):
            height = series.values[i] * scale
            if height:
                rects.append(Rect(x0 + j * bar, plot_bottom - height, bar, height, fill, stroke))
        if i % label_every == 0:
            texts.append(Text(left + (i + 0.5) * group, plot_bottom + 16, category, "middle"))
    lines.append(Line(left, plot_bottom, right, plot_bottom, INK))
    lines.append(Line(left, plot_top - 8, left, plot_bottom, INK))
    return Layout(tuple(rects), tuple(lines), tuple(texts))


def png(chart: Chart) -> bytes:
    drawn = layout(chart)
    image = Image.new("RGB", (WIDTH * PNG_SCALE, HEIGHT * PNG_SCALE), "white")
    draw = ImageDraw.Draw(image)
    s = PNG_SCALE
    for line in drawn.lines:
        draw.line([(line.x1 * s, line.y1 * s), (line.x2 * s, line.y2 * s)], fill=line.colour, width=s)
    for r in drawn.rects:
        draw.rectangle([r.x * s, r.y * s, (r.x + r.width) * s - 1, (r.y + r.height) * s - 1],
                       fill=r.fill, outline=r.stroke, width=s if r.stroke else 0)
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for t in drawn.texts:
        draw.text((t.x * s, t.y * s), t.text, fill=INK, font=_font(FONT_SIZE * s, t.bold),
                  anchor=anchors[t.anchor])
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def svg(chart: Chart) -> str:
    drawn = layout(chart)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'font-family="{SVG_FONT}" font-size="{FONT_SIZE}">',
             f"<title>{escape(chart.description)}</title>"]
    for line in drawn.lines:
        parts.append(f'<line x1="{line.x1:g}" y1="{line.y1:g}" x2="{line.x2:g}" y2="{line.y2:g}" '
                     f'stroke="{line.colour}"/>')
    for r in drawn.rects:
        stroke = f' stroke="{r.stroke}"' if r.stroke else ""
        parts.append(f'<rect x="{r.x:.2f}" y="{r.y:.2f}" width="{r.width:.2f}" height="{r.height:.2f}" '
                     f'fill="{r.fill}"{stroke}/>')
    for t in drawn.texts:
        weight = ' font-weight="600"' if t.bold else ""
        parts.append(f'<text x="{t.x:.2f}" y="{t.y:.2f}" text-anchor="{t.anchor}" fill="{INK}"{weight}>'
                     f"{escape(t.text)}</text>")
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=8)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Inter as the pages use it, else DejaVu Sans, else Pillow's own font."""
    for name in FONT_FILES[bold]:
        try:
            return ImageFont.truetype(str(name), size)
        except OSError:
            continue
    return ImageFont.load_default(size)

