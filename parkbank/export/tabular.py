"""CSV that a spreadsheet opens safely: every cell goes through `safe_cell`.

A cell that starts with = + - @, a tab or a carriage return is read as a formula by Excel and
LibreOffice (CSV injection, as indico's util/spreadsheets guards against): it gets a leading
apostrophe, which spreadsheets show as text and do not evaluate.
"""

from __future__ import annotations

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell's text, with an apostrophe in front when a spreadsheet would take it as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: list[str], rows) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads å, ä, ö), every cell guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
