"""A page of the trail is the same whichever way the database is asked to read a date range."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from parkbank.audit import queries
from parkbank.audit.models import AuditEntry
from parkbank.audit.queries import LogFilter, log_page
from parkbank.extensions import db

START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def trail(app):
    """300 entries, an hour apart, ids in time order but for a few written late (a transaction
    that took its time: a newer id with an older time)."""
    with app.app_context():
        rows = [{"created_at": START + timedelta(hours=i), "actor_name": "system", "action": "login",
                 "details": {}} for i in range(300)]
        for i in (120, 121, 250):
            rows[i]["created_at"] -= timedelta(hours=30)
        db.session.execute(insert(AuditEntry), rows)
        db.session.commit()
    return app


def ids(page):
    return [entry.id for entry in page.entries]


@pytest.mark.parametrize("start, end", [
    (START + timedelta(hours=90), START + timedelta(hours=100)),  # narrow: the time index
    (START, START + timedelta(days=30)),  # the whole trail: walk the ids
    (START + timedelta(hours=250), None),  # from a time on: walk
    (None, START + timedelta(hours=40)),  # up to a time: the index
    (START + timedelta(days=100), START + timedelta(days=101)),  # nothing
])
def test_both_ways_give_the_same_pages(trail, monkeypatch, start, end):
    log_filter = LogFilter(start=start, end=end)
    with trail.app_context():
        pages = {}
        for walk in (False, True):
            monkeypatch.setattr(queries, "_walk_by_id", lambda *_args, walk=walk: walk)
            first = log_page(log_filter, per_page=20)
            older = log_page(log_filter, before=first.older_than, per_page=20) if first.older_than else None
            pages[walk] = (ids(first), older and ids(older))
        assert pages[False] == pages[True]
        expected = sorted((e.id for e in db.session.query(AuditEntry)
                           if (start is None or e.created_at >= start)
                           and (end is None or e.created_at < end)), reverse=True)
        assert pages[True][0] == expected[:20]


def test_a_wide_range_walks_the_ids_and_a_narrow_one_uses_the_index(trail):
    with trail.app_context():
        assert queries._walk_by_id(LogFilter(start=START, end=START + timedelta(days=30)), None)
        assert not queries._walk_by_id(
            LogFilter(start=START + timedelta(hours=10), end=START + timedelta(hours=20)), None)
        assert not queries._walk_by_id(LogFilter(), None)
