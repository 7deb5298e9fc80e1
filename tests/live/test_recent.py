"""The recent-events store (parkbank/live/recent.py), in memory and in Redis, by the same tests:
what it keeps is what catch-up from the log would say now, and it serves a range only when it
holds all of it."""

from __future__ import annotations

import json
import uuid

import pytest

from parkbank.live import recent
from parkbank.live.recent import Event, MemoryStore, RedisStore, covered
from tests.server import reachable_redis

C = 7  # a consultation id


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "memory":
        yield MemoryStore()
        return
    store = RedisStore(reachable_redis(), f"parkbank-test-{uuid.uuid4().hex}")
    yield store
    for key in store.client.scan_iter(f"{store.prefix}:*"):
        store.client.delete(key)
    store.close()


def post(post_id, body="En idé", parent_id=None, support_count=0, **more):
    return {"id": post_id, "parent_id": parent_id, "body": body, "body_html": body, "alias": "Eva",
            "support_count": support_count, "themes": [], "outcome": None, **more}


def published(event_id, the_post, name="post_published"):
    return Event(C, event_id, name, {"event_id": event_id, "post": the_post},
                 the_post["parent_id"])


def withdrawn(event_id, post_id):
    return Event(C, event_id, "post_withdrawn", {"event_id": event_id, "post_id": post_id})


def supported(event_id, post_id, count, parent_id=None):
    return Event(C, event_id, "support_changed",
                 {"event_id": event_id, "post_id": post_id, "count": count}, parent_id)


def status(event_id, value):
    return Event(C, event_id, "consultation_status", {"event_id": event_id, "status": value})


def themes(event_id, counts):
    return Event(C, event_id, "theme_counts", {"event_id": event_id, "themes": counts})


def read(store, after=0, limit=500):
    window = store.window(C, after, limit + 1)
    return [recent.decode(member) for _event_id, member in window.entries]


def record(store, *events, limit=500):
    for event in events:
        store.record(C, [event], limit)


# --- rewriting on write ---------------------------------------------------------------------------

def test_a_withdrawn_idea_and_its_replies_are_never_kept_with_their_text(store):
    record(store,
           published(1, post(10, "Ring 070-1234567")),
           published(2, post(11, "Svar: 070-1234567", parent_id=10)),
           supported(3, 11, 1, parent_id=10),
           supported(4, 10, 1),
           published(5, post(12, "En annan idé")),
           withdrawn(6, 10))
    assert read(store) == [
        {"event": "post_withdrawn", "data": {"event_id": 1, "post_id": 10}},
        {"event": "post_withdrawn", "data": {"event_id": 2, "post_id": 11}},
        {"event": "post_withdrawn", "data": {"event_id": 3, "post_id": 11}},
        {"event": "post_withdrawn", "data": {"event_id": 4, "post_id": 10}},
        {"event": "post_published", "data": {"event_id": 5, "post": post(12, "En annan idé")}},
        {"event": "post_withdrawn", "data": {"event_id": 6, "post_id": 10}},
    ]


def test_a_redaction_is_replayed_with_the_new_text_only(store):
    record(store, published(1, post(10, "Ring 070-1234567")),
           published(2, post(10, "Ring [borttaget]"), name="post_updated"))
    events = read(store)
    assert [e["data"]["post"]["body"] for e in events] == ["Ring [borttaget]"] * 2
    assert "1234567" not in str(events)


def test_status_and_theme_counts_are_told_as_they_stand_now(store):
    trafik = [{"slug": "trafik", "name": "Trafik", "count": 1}]
    record(store, status(1, "paused"), themes(2, trafik), status(3, "open"),
           themes(4, [{**trafik[0], "count": 2}]))
    assert [e["data"].get("status") or e["data"]["themes"][0]["count"] for e in read(store)] == \
        ["open", 2, "open", 2]


def test_support_counts_are_told_as_they_stand_now(store):
    record(store, published(1, post(10)), supported(2, 10, 1), supported(3, 10, 2),
           published(4, post(11, parent_id=10)), supported(5, 11, 1, parent_id=10))
    events = read(store)
    assert events[0]["data"]["post"]["support_count"] == 2
    assert [events[1]["data"]["count"], events[2]["data"]["count"]] == [2, 2]
    assert events[3]["data"]["post"]["support_count"] == 1
    # A newer copy of the post carries its count: the older support events take it.
    record(store, published(6, post(10, "Ny text", support_count=3), name="post_themes"))
    events = read(store)
    assert events[0]["data"]["post"] == post(10, "Ny text", support_count=3)
    assert [events[1]["data"]["count"], events[2]["data"]["count"]] == [3, 3]


def test_an_event_recorded_late_is_told_as_the_newer_ones_say(store):
    """Two processes commit events 1 and 2 in that order but record them the other way round."""
    record(store, withdrawn(2, 10), supported(4, 11, 1, parent_id=12), withdrawn(5, 12))
    record(store, published(1, post(10, "Gammal text")), published(3, post(11, parent_id=12)))
    assert [e["event"] for e in read(store)] == ["post_withdrawn"] * 5
    assert [e["data"]["post_id"] for e in read(store)] == [10, 10, 11, 11, 12]


def test_the_store_knows_every_board_event():
    from parkbank.live import protocol

    assert recent.KNOWN == protocol.BOARD_EVENTS


def test_an_event_it_does_not_know_makes_it_forget(app):
    with app.app_context():
        store = recent.state().store
        store.record(C, [status(1, "open")], 500)
        recent.record([Event(C, 2, "post_exploded", {"event_id": 2, "post_id": 3})])
        assert store.window(C, 0, 10) == recent.Window(2, [])


def test_what_the_store_keeps_for_itself_is_never_handed_out(store):
    record(store, published(1, post(10)), published(2, post(11, parent_id=10)),
           supported(3, 11, 1, parent_id=10))
    assert all(set(e) == {"event", "data"} for e in read(store))


def test_it_keeps_the_newest_events_only(store):
    record(store, *(status(i, "open") for i in range(1, 8)), limit=3)
    assert [e["data"]["event_id"] for e in read(store)] == [5, 6, 7]
    assert store.window(C, None, 1).last == 7


def test_forgetting_drops_the_events_and_keeps_them_out(store):
    record(store, published(1, post(10)), published(2, post(11)))
    store.forget(C, 3)
    assert read(store) == [] and store.window(C, 0, 10).last == 3
    record(store, published(3, post(12)), published(4, post(13)))  # 3 was recorded late
    assert [e["data"]["event_id"] for e in read(store)] == [4]
    assert store.window(C, 0, 10).last == 4


def test_consultations_never_mix(store):
    store.record(C, [status(1, "open")], 500)
    store.record(C + 1, [Event(C + 1, 1, "consultation_status", {"event_id": 1, "status": "closed"})],
                 500)
    assert read(store)[0]["data"]["status"] == "open"


def test_redis_stores_on_other_channels_never_mix():
    url = reachable_redis()
    one, other = (RedisStore(url, f"parkbank-test-{uuid.uuid4().hex}") for _ in range(2))
    try:
        one.record(C, [status(1, "open")], 500)
        assert other.window(C, 0, 10) == recent.Window(0, [])
    finally:
        for store in (one, other):
            store.client.delete(*store.keys(C))
            store.close()


# --- when the store may answer --------------------------------------------------------------------

def window_of(store, after, limit=500):
    return store.window(C, after, limit + 1)


def test_it_answers_a_range_it_holds_entirely(store):
    record(store, *(status(i, "open") for i in range(1, 6)))
    served = covered(window_of(store, 2), 2, known=5, limit=500)
    assert served.last_event_id == 5 and not served.resync
    assert [json.loads(e)["data"]["event_id"] for e in served.events] == [3, 4, 5]
    assert covered(window_of(store, 5), 5, known=5, limit=500).events == []
    assert covered(window_of(store, None), None, known=5, limit=500).last_event_id == 5


@pytest.mark.parametrize("case", ["trimmed", "hole", "empty", "ahead", "behind_the_database",
                                  "forgotten"])
def test_otherwise_the_database_answers(store, case):
    events = [status(i, "open") for i in range(1, 8)]
    after, known = 2, 7
    if case == "trimmed":
        record(store, *events, limit=4)          # 4..7 kept: 3 is gone
    elif case == "hole":
        record(store, *(e for e in events if e.event_id != 5))
    elif case == "empty":
        pass
    elif case == "ahead":
        record(store, *events)
        after = 9                                # the client saw more than anyone knows here
    elif case == "behind_the_database":
        record(store, *events[:-1])              # event 7 never reached the store
    elif case == "forgotten":
        record(store, *events)
        store.forget(C, 7)
    assert covered(window_of(store, after), after, known=known, limit=500) is None


def test_too_far_behind_is_told_to_resync_by_the_store_too(store):
    record(store, *(status(i, "open") for i in range(1, 8)), limit=3)
    served = covered(window_of(store, 1, limit=3), 1, known=7, limit=3)
    assert served.resync and served.events == [] and served.last_event_id == 7
    assert json.loads(covered(window_of(store, 4, limit=3), 4, known=7, limit=3).events[0])[
        "data"]["event_id"] == 5


def test_an_empty_store_still_answers_a_client_that_is_up_to_date(store):
    """After a restart (memory) or when a quiet consultation's entries expired (Redis), the
    thousands that come back having seen everything need no database: the consultation's event
    number read with its slug says so, and what comes after it is pushed."""
    assert covered(window_of(store, 7), 7, known=7, limit=500) == recent.CatchUp(7, [], False)
    assert covered(window_of(store, 6), 6, known=7, limit=500) is None


def test_with_the_store_off_nothing_is_kept_and_catch_up_reads_the_log(schema):
    """PARKBANK_LIVE_RECENT=false (a server whose database is emptied and filled again, as the
    browser tests' one): no store answers, and the slug is read at every join."""
    from parkbank.live import recent
    from tests.helpers import build_app

    app = build_app(schema, LIVE_RECENT=False)
    kept = recent.state(app)
    assert isinstance(kept.store, recent.NoStore) and kept.slugs.seconds == 0
    with app.app_context():
        recent.record([recent.Event(1, 1, "post_withdrawn", {"event_id": 1, "post_id": 5})])
        assert recent.catch_up(1, 0, 1, 500) is None
    assert not isinstance(recent.state(build_app(schema)).store, recent.NoStore)


class _SlowLoad:
    """get_by_slug as the storm finds it: a database read that takes a while."""

    def __init__(self, seconds: float):
        self.seconds, self.calls = seconds, 0

    def __call__(self, slug):
        import time
        from types import SimpleNamespace

        self.calls += 1
        time.sleep(self.seconds)
        return SimpleNamespace(id=3, event_seq=41)


def _at_once(count: int, work) -> list:
    import threading

    answers: list = []
    threads = [threading.Thread(target=lambda: answers.append(work())) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return answers


def test_joins_that_miss_the_slug_cache_together_read_the_database_once():
    """A reconnect storm's joins all miss the empty cache at the same moment: one reads the
    consultation, the others wait for its answer instead of each queueing for a database slot."""
    cache, load = recent.SlugCache(seconds=5), _SlowLoad(0.2)
    answers = _at_once(30, lambda: cache.lookup("nytt-bibliotek", load))
    assert answers == [(3, 41)] * 30 and load.calls == 1
    assert cache.lookup("nytt-bibliotek", load) == (3, 41) and load.calls == 1


def test_a_slug_read_that_takes_too_long_does_not_hold_the_others_past_the_wait():
    cache, load = recent.SlugCache(seconds=5, wait=0.05), _SlowLoad(0.5)
    answers = _at_once(3, lambda: cache.lookup("nytt-bibliotek", load))
    assert answers == [(3, 41)] * 3 and load.calls == 3  # each read for itself after the wait


def test_with_nothing_kept_the_slug_is_read_by_every_join_side_by_side():
    import time

    cache, load = recent.SlugCache(seconds=0), _SlowLoad(0.2)
    start = time.perf_counter()
    answers = _at_once(5, lambda: cache.lookup("nytt-bibliotek", load))
    assert answers == [(3, 41)] * 5 and load.calls == 5
    assert time.perf_counter() - start < 0.6  # not one after another
