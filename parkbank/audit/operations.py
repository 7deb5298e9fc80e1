"""Writing the audit trail: `record()` adds one entry in the caller's transaction, so an action
and its entry are committed together or not at all. Nothing in the app may change or delete an
entry: the session refuses it (the retention rules keep redacted originals elsewhere, in
post revisions, so culling never needs to touch the trail)."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.database import utcnow
from parkbank.extensions import db

SYSTEM = "system"


class AuditTrailIsAppendOnly(RuntimeError):
    pass


def record(action: AuditAction, *, user=None, consultation_id: int | None = None,
           target: tuple[str, int] | None = None, **details) -> AuditEntry:
    """Append one entry. `user` is the staff member who acted (None: the system); `target` is
    (kind, id) of what was acted on, e.g. ("post", 17); `details` must be JSON-serialisable."""
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    entry = AuditEntry(
        created_at=utcnow(), action=AuditAction(action).value,
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.name if actor is not None else SYSTEM,
        consultation_id=consultation_id,
        target_type=target[0] if target else None, target_id=target[1] if target else None,
        details={key: value for key, value in details.items() if value is not None},
    )
    db.session.add(entry)
    return entry


def _refuse_changes(session: Session, _context, _instances) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEntry) and (instance in session.deleted
                                                 or session.is_modified(instance)):
            raise AuditTrailIsAppendOnly("audit entries are never changed or deleted")


def _refuse_bulk_changes(state) -> None:
    """update()/delete() through the session, of the model or of its table (a Core statement
    names no mapper). Raw SQL text is out of reach here: the app writes none for the trail."""
    if not (state.is_update or state.is_delete):
        return
    if getattr(state.statement, "table", None) is AuditEntry.__table__ or any(
            mapper.class_ is AuditEntry for mapper in state.all_mappers):
        raise AuditTrailIsAppendOnly("audit entries are never changed or deleted")


def install(session_factory) -> None:
    """Called once from create_app, like the live events' commit hook."""
    if not event.contains(session_factory, "before_flush", _refuse_changes):
        event.listen(session_factory, "before_flush", _refuse_changes)
        event.listen(session_factory, "do_orm_execute", _refuse_bulk_changes)
