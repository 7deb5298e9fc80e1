"""A consultation's status as staff read it; the one home of these labels."""

from flask_babel import lazy_gettext as _l

from parkbank.consultations.models import ConsultationStatus

STATUS_LABELS = {
    ConsultationStatus.DRAFT: _l("Draft (only staff see it)"),
    ConsultationStatus.OPEN: _l("Open"),
    ConsultationStatus.PAUSED: _l("Paused"),
    ConsultationStatus.CLOSED: _l("Closed"),
}
