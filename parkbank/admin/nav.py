"""The administration's sections, in one place: (endpoint, label). The overview and the admin
menu show an entry only when its endpoint exists, so a section is linked in by adding it here."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

SECTIONS: list[tuple[str, str, str]] = [
    ("admin.users", _l("Staff"), _l("Accounts, roles, passwords, and who works on what.")),
    ("admin.consultations_list", _l("Consultations"),
     _l("Create and edit consultations, open and close them, choose their staff.")),
    ("admin.channels_list", _l("Channels"),
     _l("The public list of where the municipality is active (/kanaler).")),
    ("admin.kiosks_list", _l("Kiosks"),
     _l("Shared screens in public places: register them, switch them off, renew their addresses.")),
    ("retention.rules_page", _l("Retention and culling"),
     _l("How long rejected posts, contact details and redacted originals are kept; culling "
        "records and snapshots.")),
    ("privacy.request_page", _l("Data requests"),
     _l("Find, export or erase what is tied to a citizen's e-mail address (GDPR).")),
    ("audit.log", _l("Audit trail"),
     _l("Every staff action: decisions, edits, redactions, replies, accounts, logins.")),
]


def sections() -> list[tuple[str, str, str]]:
    """The sections whose pages exist in this app."""
    return [entry for entry in SECTIONS if entry[0] in current_app.view_functions]
