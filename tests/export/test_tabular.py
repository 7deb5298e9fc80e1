"""CSV cells that a spreadsheet would run as formulas are made text."""

import pytest

from parkbank.export.tabular import csv_bytes, safe_cell


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+46 70", "'+46 70"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Hej = bra", "Hej = bra"), (None, ""), (12, "12"),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_csv_bytes_guards_every_cell_header_too():
    data = csv_bytes(["=head"], [["=HYPERLINK(\"http://x\")", "å"]]).decode("utf-8")
    assert data.startswith("\ufeff'=head\r\n")
    assert "\"'=HYPERLINK(\"\"http://x\"\")\",å" in data
