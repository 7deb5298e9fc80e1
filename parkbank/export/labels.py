"""Words for the export page: each format's name and what it is for, and the jobs' statuses."""

from flask_babel import lazy_gettext as _l

from parkbank.export.models import LOST, ExportStatus

FORMAT_LABELS = {
    "docx": (_l("Word (DOCX)"),
             _l("For the political meeting: the figures with a chart, the most supported ideas and "
                "every post with its replies. Opens in Word.")),
    "odt": (_l("OpenDocument (ODT)"),
            _l("The same document in the open standard format, for LibreOffice and others.")),
    "pdf": (_l("PDF/A for the archive"),
            _l("For the registrar: a PDF made to be kept, with its fonts embedded.")),
    "md": (_l("Markdown"),
           _l("For the web: plain text with headings, to publish on the municipality's site.")),
    "csv": (_l("CSV (open data)"),
            _l("Every public post as a row, for spreadsheets. UTF-8, with a licence.")),
    "json": (_l("JSON (open data)"),
             _l("Every public post and the figures, for programs, in one documented schema with a "
                "licence.")),
}

STATUS_LABELS = {
    ExportStatus.QUEUED: _l("Waiting to start"),
    ExportStatus.RUNNING: _l("In progress"),
    ExportStatus.DONE: _l("Ready"),
    ExportStatus.FAILED: _l("Failed"),
}
EXPIRED_LABEL = _l("No longer kept")


def failure_message(error: str | None) -> str | None:
    """What the export page says of a failed job: the stored error is technical and in English (the
    server's log has the whole story), so the page says what to do, in the reader's language."""
    if error is None:
        return None
    if error == LOST:
        return str(_l("The export stopped before it was finished. Start it again."))
    return str(_l("The export could not be made. Start it again; if it fails again, tell whoever runs "
                  "Parkbänk (the cause is in the server's log)."))
