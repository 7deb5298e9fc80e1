"""Reading the audit trail: one filtered page, newest first, by keyset on the id (never OFFSET:
the 2,000th page costs what the first does). The filters each have an index that ends in the id
(models.py and migration 0011), so a page is one short index range scan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select

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

    def conditions(self, walk_by_id: bool = False) -> list:
        """`walk_by_id`: the time is tested on each row instead of through its index, so that
        the database walks the ids newest first (see _walk_by_id)."""
        conditions = []
        if self.action is not None:
            conditions.append(AuditEntry.action == self.action)
        if self.actor == SYSTEM_ACTOR:
            conditions.append(AuditEntry.actor_id.is_(None))
        elif self.actor is not None:
            conditions.append(AuditEntry.actor_id == self.actor)
        if self.consultation_id is not None:
            conditions.append(AuditEntry.consultation_id == self.consultation_id)
        # coalesce(x, x) is x, but no index is on it: the planner cannot choose the time index.
        created_at = (func.coalesce(AuditEntry.created_at, AuditEntry.created_at) if walk_by_id
                      else AuditEntry.created_at)
        if self.start is not None:
            conditions.append(created_at >= self.start)
        if self.end is not None:
            conditions.append(created_at < self.end)
        return conditions


@dataclass(frozen=True)
class LogPage:
    entries: list[AuditEntry]
    newer_than: int | None  # link "Newer": the entries after this id (None: this is the newest)
    older_than: int | None  # link "Older": the entries before this id (None: nothing older)


def _exists(conditions) -> bool:
    return db.session.execute(select(exists().where(*conditions))).scalar()


def _edge_id(condition, newest: bool) -> int | None:
    order = AuditEntry.created_at.desc() if newest else AuditEntry.created_at.asc()
    return db.session.execute(select(AuditEntry.id).where(condition).order_by(order).limit(1)).scalar()


def _walk_by_id(log_filter: LogFilter, before: int | None) -> bool:
    """Whether a date range is read faster by walking the ids newest first, testing each row's
    time, than through the time index, which yields every entry of the range to be sorted by id.

    The walk passes the entries newer than the range, then stops after a page; the index reads
    the whole range. Both sizes are estimated from ids found by three index seeks (ids follow
    time closely: the trail is appended to). Either way the answer is exact; only the cost differs.
    """
    if log_filter.start is None and log_filter.end is None:
        return False
    newest = db.session.execute(select(func.max(AuditEntry.id))).scalar() or 0
    first = (_edge_id(AuditEntry.created_at >= log_filter.start, newest=False)
             if log_filter.start is not None else 0)
    last = (_edge_id(AuditEntry.created_at < log_filter.end, newest=True)
            if log_filter.end is not None else newest)
    if first is None or last is None:
        return False  # nothing on one side: the range is empty or nearly, the index finds it
    passed = max(0, min(newest, before or newest) - last)
    return passed < last - first


def _entries(conditions, key, *, newest_first: bool, limit: int) -> list[AuditEntry]:
    """Ids first, then their rows: the ids come from an index alone (a filter's (column, id)
    index, or for a date range the time index, whose matches are sorted as bare integers), and
    only the page's rows are read from the table."""
    ids = list(db.session.execute(
        select(AuditEntry.id).where(*conditions)
        .order_by(key.desc() if newest_first else key.asc()).limit(limit)).scalars())
    if not ids:
        return []
    order = AuditEntry.id.desc() if newest_first else AuditEntry.id.asc()
    return list(db.session.execute(
        select(AuditEntry).where(AuditEntry.id.in_(ids)).order_by(order)).scalars())


def log_page(log_filter: LogFilter, *, before: int | None = None, after: int | None = None,
             per_page: int = PER_PAGE) -> LogPage:
    """The `per_page` newest entries matching the filter with an id below `before`, or the
    `per_page` oldest above `after` (the page before, going back towards the newest), newest
    first. Without either: the newest entries."""
    walk = _walk_by_id(log_filter, before)
    conditions = log_filter.conditions(walk_by_id=walk)
    # A narrow date range: the id as `id + 0`, which no index orders or bounds, so that the
    # planners read the range from the time index (PostgreSQL, taking ids and times for
    # unrelated, would otherwise walk the ids from the newest down to the range).
    narrow = not walk and (log_filter.start is not None or log_filter.end is not None)
    key = AuditEntry.id + 0 if narrow else AuditEntry.id
    if after is not None:
        rows = _entries([*conditions, key > after], key, newest_first=False, limit=per_page + 1)
        if len(rows) <= per_page:  # back at the newest entries: the first page, full
            return log_page(log_filter, per_page=per_page)
        entries = rows[:per_page][::-1]
        older = _exists([*conditions, key < entries[-1].id])
        return LogPage(entries, newer_than=entries[0].id, older_than=entries[-1].id if older else None)
    rows = _entries([*conditions, *([key < before] if before else [])], key, newest_first=True,
                    limit=per_page + 1)
    entries = rows[:per_page]
    older_than = entries[-1].id if len(rows) > per_page else None
    newer_than = None
    if before is not None:
        edge = entries[0].id if entries else before - 1
        if _exists([*conditions, key > edge]):
            newer_than = edge
    return LogPage(entries, newer_than=newer_than, older_than=older_than)
