"""Reading the audit trail: one filtered page, newest first, by keyset on the id (never OFFSET:
the 2,000th page costs what the first does). The filters each have an index that ends in the id
(models.py and migration 0011), so a page is one short index range scan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select

from parkbank.audit.models import AuditEntry
from parkbank.extensions import db

PER_PAGE = 50
SYSTEM_ACTOR = "system"  # the actor filter's value for entries the system made (no actor)


@dataclass(frozen=True)
class LogFilter:
    """What a reader asked for; None means "any". `start` and `end` are moments (UTC), the end
    excluded: the caller turns the reader's days in the organisation's time zone into them."""

    action: str | None = None
    actor: int | str | None = None  # a staff id, or SYSTEM_ACTOR
    consultation_id: int | None = None
    start: datetime | None = None
    end: datetime | None = None

    def conditions(self) -> list:
        conditions = []
        if self.action is not None:
            conditions.append(AuditEntry.action == self.action)
        if self.actor == SYSTEM_ACTOR:
            conditions.append(AuditEntry.actor_id.is_(None))
        elif self.actor is not None:
            conditions.append(AuditEntry.actor_id == self.actor)
        if self.consultation_id is not None:
            conditions.append(AuditEntry.consultation_id == self.consultation_id)
        if self.start is not None:
            conditions.append(AuditEntry.created_at >= self.start)
        if self.end is not None:
            conditions.append(AuditEntry.created_at < self.end)
        return conditions


@dataclass(frozen=True)
class LogPage:
    entries: list[AuditEntry]
    newer_than: int | None  # link "Newer": the entries after this id (None: this is the newest)
    older_than: int | None  # link "Older": the entries before this id (None: nothing older)


def _exists(conditions) -> bool:
    return db.session.execute(select(exists().where(*conditions))).scalar()


def _entries(conditions, *, newest_first: bool, limit: int) -> list[AuditEntry]:
    """Ids first, then their rows: the ids come from an index alone (a filter's (column, id)
    index, or for a date range the time index, whose matches are sorted as bare integers), and
    only the page's rows are read from the table."""
    order = AuditEntry.id.desc() if newest_first else AuditEntry.id.asc()
    ids = list(db.session.execute(
        select(AuditEntry.id).where(*conditions).order_by(order).limit(limit)).scalars())
    if not ids:
        return []
    return list(db.session.execute(
        select(AuditEntry).where(AuditEntry.id.in_(ids)).order_by(order)).scalars())


def log_page(log_filter: LogFilter, *, before: int | None = None, after: int | None = None,
             per_page: int = PER_PAGE) -> LogPage:
    """The `per_page` newest entries matching the filter with an id below `before`, or the
    `per_page` oldest above `after` (the page before, going back towards the newest), newest
    first. Without either: the newest entries."""
    conditions = log_filter.conditions()
    if after is not None:
        rows = _entries([*conditions, AuditEntry.id > after], newest_first=False, limit=per_page + 1)
        if len(rows) <= per_page:  # back at the newest entries: the first page, full
            return log_page(log_filter, per_page=per_page)
        entries = rows[:per_page][::-1]
        older = _exists([*conditions, AuditEntry.id < entries[-1].id])
        return LogPage(entries, newer_than=entries[0].id, older_than=entries[-1].id if older else None)
    rows = _entries([*conditions, *([AuditEntry.id < before] if before else [])], newest_first=True,
                    limit=per_page + 1)
    entries = rows[:per_page]
    older_than = entries[-1].id if len(rows) > per_page else None
    newer_than = None
    if before is not None:
        edge = entries[0].id if entries else before - 1
        if _exists([*conditions, AuditEntry.id > edge]):
            newer_than = edge
    return LogPage(entries, newer_than=newer_than, older_than=older_than)
