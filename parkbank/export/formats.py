"""The export formats and the one way to render one: `render(summary, fmt) -> bytes`. Each format
is a module of parkbank.export with `render(summary: Summary) -> bytes`, imported when first asked
for (WeasyPrint, python-docx and odfpy are loaded only by the process that exports)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from parkbank.export.summary import Summary


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    mimetype: str
    extension: str


FORMATS = {f.name: f for f in (
    Format("docx", "parkbank.export.docx",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    Format("odt", "parkbank.export.odt", "application/vnd.oasis.opendocument.text", "odt"),
    Format("pdf", "parkbank.export.pdf", "application/pdf", "pdf"),
    Format("md", "parkbank.export.markdown", "text/markdown; charset=utf-8", "md"),
    Format("csv", "parkbank.export.opendata_csv", "text/csv; charset=utf-8", "csv"),
    Format("json", "parkbank.export.opendata_json", "application/json", "json"),
)}


def render(summary: Summary, fmt: str) -> bytes:
    return import_module(FORMATS[fmt].module).render(summary)


def file_name(summary: Summary, fmt: str) -> str:
    """e.g. nytt-bibliotek-2026-11-26.docx"""
    return f"{summary.facts.slug}-{summary.facts.exported_at:%Y-%m-%d}.{FORMATS[fmt].extension}"
