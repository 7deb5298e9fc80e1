"""Read a QR code from the inline SVG the server sends (segno's one-path form): draw its modules
into an image and decode it with zxing-cpp, as a phone camera would read the screen."""

from __future__ import annotations

import re

import zxingcpp
from PIL import Image

SCALE = 8


def decode_svg(svg: str) -> list[str]:
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    image = Image.new("L", (size * SCALE, size * SCALE), 255)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a horizontal run of dark modules on row y - 0.5
            length = float(a)
            row = int(y - 0.5)
            for column in range(int(x), int(x + length)):
                for dy in range(SCALE):
                    for dx in range(SCALE):
                        image.putpixel((column * SCALE + dx, row * SCALE + dy), 0)
            x += length
    return [r.text for r in zxingcpp.read_barcodes(image)]
