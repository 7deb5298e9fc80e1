"""Words for the audit trail, in the reader's language: a label for every AuditAction (a test
checks that none is missing), and for the details an entry may carry."""

from flask_babel import lazy_gettext as _l

from parkbank.audit.models import AuditAction
from parkbank.auth.labels import ROLE_LABELS  # noqa: F401  (re-exported: one home per label)
from parkbank.consultations.labels import STATUS_LABELS as CONSULTATION_STATUS_LABELS  # noqa: F401

ACTION_LABELS = {
    AuditAction.LOGIN: _l("Logged in"),
    AuditAction.LOGOUT: _l("Logged out"),
    AuditAction.USER_CREATE: _l("Account created"),
    AuditAction.USER_UPDATE: _l("Account changed"),
    AuditAction.USER_DEACTIVATE: _l("Account deactivated"),
    AuditAction.USER_PASSWORD: _l("Password set"),
    AuditAction.ASSIGNMENT_ADD: _l("Assigned to a consultation"),
    AuditAction.ASSIGNMENT_REMOVE: _l("Removed from a consultation"),
    AuditAction.CONSULTATION_CREATE: _l("Consultation created"),
    AuditAction.CONSULTATION_UPDATE: _l("Consultation changed"),
    AuditAction.CONSULTATION_STATUS: _l("Consultation status changed"),
    AuditAction.POST_APPROVE: _l("Post approved"),
    AuditAction.POST_REJECT: _l("Post rejected"),
    AuditAction.POST_WITHDRAW: _l("Post removed"),
    AuditAction.POST_REDACT: _l("Post redacted"),
    AuditAction.POST_POLITICIAN_VIEW: _l("Marked as a politician's view"),
    AuditAction.POST_THEMES: _l("Themes of a post changed"),
    AuditAction.THEME_CREATE: _l("Theme created"),
    AuditAction.THEME_UPDATE: _l("Theme changed"),
    AuditAction.REPLY_OFFICIAL: _l("Official reply published"),
    AuditAction.POST_OUTCOME: _l("Outcome of an idea set"),
    AuditAction.CLOSING_SUMMARY: _l("Closing summary written"),
    AuditAction.REPORTS_DISMISS: _l("Reports dismissed"),
    AuditAction.CHANNELS_UPDATE: _l("Channel list changed"),
    AuditAction.KIOSK_CREATE: _l("Kiosk registered"),
    AuditAction.KIOSK_UPDATE: _l("Kiosk changed"),
    AuditAction.KIOSK_ROTATE: _l("Kiosk address renewed"),
    AuditAction.KIOSK_DISABLE: _l("Kiosk disabled"),
    AuditAction.KIOSK_ENABLE: _l("Kiosk enabled"),
    AuditAction.RETENTION_UPDATE: _l("Retention rules changed"),
    AuditAction.EXPORT: _l("Export"),
    AuditAction.SNAPSHOT: _l("Snapshot taken"),
    AuditAction.CULL: _l("Culling"),
    AuditAction.DATA_REQUEST_EXPORT: _l("Data request exported"),
    AuditAction.DATA_REQUEST_ERASE: _l("Contact details erased"),
}

# The details' keys as written by the operations (record(**details)); an unknown key is shown
# as it is, so a new detail is never hidden.
DETAIL_LABELS = {
    "reason": _l("Reason"),
    "note": _l("Note"),
    "before": _l("Before"),
    "after": _l("After"),
    "by_schedule": _l("By the schedule"),
    "follows_idea": _l("Follows its idea"),
    "channel": _l("Channel"),
    "email": _l("E-mail"),
    "name": _l("Name"),
    "role": _l("Role"),
    "slug": _l("Address"),
    "place": _l("Place"),
    "title": _l("Title or job title"),
    "description": _l("Description"),
    "status": _l("Status"),
    "fields": _l("Fields changed"),
    "count": _l("Number"),
    "change": _l("Change"),
    "changed": _l("Fields changed"),
    "changes": _l("Changes"),
    "code": _l("Code"),
    "counted_from": _l("Counted from"),
    "days": _l("Days"),
    "email_hash": _l("E-mail (keyed hash)"),
    "file": _l("File"),
    "format": _l("Format"),
    "idea_id": _l("Idea"),
    "in_reply_to": _l("In reply to"),
    "kind": _l("Kind"),
    "on": _l("On"),
    "passages": _l("Passages"),
    "position": _l("Position"),
    "posts": _l("Posts"),
    "removed": _l("Removed"),
    "reports": _l("Reports"),
    "added": _l("Added"),
    "retired": _l("Retired"),
    "revision_id": _l("Redacted original"),
    "rule": _l("Rule"),
    "signed": _l("Signed"),
    "snapshot": _l("Snapshot"),
    "url": _l("Address"),
    "via": _l("Via"),
    "link": _l("Link"),
    "reference": _l("Reference"),
    "length": _l("Length in characters"),
}


# Words for the values of the channel list's `change` detail.
CHANGE_LABELS = {"add": _l("Added"), "edit": _l("Edited"), "remove": _l("Removed"), "move": _l("Moved")}

SYSTEM_LABEL = _l("System")
YES = _l("Yes")
