"""Recent board events per consultation, kept where every process reads them without the database.

A reconnecting board asks `join_board` for the events after the last one it saw. After a server
restart thousands ask at once; the database (`live_event` joined to the posts) stays the source
of truth, but the common answer comes from here: the newest LIVE_CATCH_UP_LIMIT events of each
consultation, each serialised once by the process that committed it (`broadcast._emit_pending`,
after commit and before it publishes the event: record, then publish).

The store answers exactly what `broadcast.events_since` would, because it is rewritten when it is
written (writes are rare, reads are the storm): every entry is kept as the newest entries say
things are now. An event about a post that a later event withdrew (or a reply whose idea was
withdrawn) is kept as `post_withdrawn` with its own event_id; an entry carrying a post carries the
newest copy of it (a redaction's text, never the old one), with the newest support count;
`support_changed` the newest count; `consultation_status` and `theme_counts` the newest value.
What changes public posts without a board event (a theme renamed or moved, posts culled) calls
`broadcast.forget_recent`, which drops a consultation's entries after commit and raises its
floor: entries up to that event_id are never stored again, so catch-up over them goes to the
database.

`covered()` serves a catch-up only when the store holds every event in the range; anything else
(nothing stored, trimmed, a hole, an error) falls back to the database.

With SOCKETIO_MESSAGE_QUEUE on redis:// or rediss://, the store is Redis (`RedisStore`: a sorted
set per consultation, score = event_id, member = the entry's JSON; the entries' tags; a floor; all
under a prefix with SOCKETIO_CHANNEL, so installations or test runs on other channels never mix), shared by
every process and by `flask` commands. Without a queue (one process), `MemoryStore`, the same in
this process's memory.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from bisect import bisect_right
from dataclasses import dataclass

from flask import Flask, current_app

from parkbank.live import protocol
from parkbank.live.wire import Encoded

log = logging.getLogger(__name__)

EXTENSION = "parkbank_recent"
TTL_SECONDS = 2 * 24 * 3600      # a consultation's entries live this long after its last event
SLUG_SECONDS = 5.0               # how long a process trusts slug -> consultation it read
WRITE_ATTEMPTS = 20              # WATCH/MULTI retries of one write before giving up
REDIS_CONNECTIONS = 32           # per process; a greenlet waits for a free one ...
REDIS_WAIT_SECONDS = 2.0         # ... this long, then the join falls back to the database
REDIS_TIMEOUT_SECONDS = 2.0

_POST_CARRYING = frozenset({protocol.POST_PUBLISHED, protocol.POST_UPDATED, protocol.POST_THEMES,
                            protocol.POST_OUTCOME})
# Every board event the rewrite knows; recording another fails, and the store forgets.
KNOWN = _POST_CARRYING | {protocol.POST_WITHDRAWN, protocol.SUPPORT_CHANGED,
                          protocol.CONSULTATION_STATUS, protocol.THEME_COUNTS}


@dataclass(frozen=True)
class Event:
    """A board event as it was sent: what the store records."""

    consultation_id: int
    event_id: int
    name: str
    data: dict
    parent_id: int | None = None  # for an event about a reply: its idea

    def entry(self) -> dict:
        entry = {"event": self.name, "data": self.data}
        if self.parent_id is not None:
            entry["parent"] = self.parent_id  # kept in the entry's tag, never sent
        return entry


@dataclass(frozen=True)
class Window:
    """What the store knows of one consultation: `last` is the newest event_id it knows of
    (its newest entry, or its floor), `entries` (event_id, member) after the asked event_id."""

    last: int
    entries: list[tuple[int, str]]


@dataclass(frozen=True)
class CatchUp:
    last_event_id: int
    events: list  # Encoded: each event's JSON text, as the store keeps it
    resync: bool


@dataclass(frozen=True)
class Change:
    """What one write does to a consultation's entries: members (and their tags) to write, and
    event_ids to drop (trimmed)."""

    members: dict[int, str]
    tags: dict[int, str]
    dropped: set[int]


def encode(entry: dict) -> str:
    return json.dumps({"event": entry["event"], "data": entry["data"]}, ensure_ascii=False,
                      separators=(",", ":"))


def decode(member: str | bytes) -> dict:
    return json.loads(member)


def _text(member: str | bytes) -> str:
    return member.decode() if isinstance(member, bytes) else member


# --- the rewrite: every entry as the newest entries say things are now ---------------------------

def _about(entry: dict) -> int | None:
    data = entry["data"]
    if entry["event"] in _POST_CARRYING:
        return data["post"]["id"]
    return data.get("post_id")


def _parent(entry: dict) -> int | None:
    if entry["event"] in _POST_CARRYING:
        return entry["data"]["post"]["parent_id"]
    return entry.get("parent")


def tag(entry: dict) -> str:
    """What an entry is about, kept beside it ("name|post|idea"): a write reads only the entries
    its events can change, by their tags."""
    post, parent = _about(entry), _parent(entry)
    return f"{entry['event']}|{'' if post is None else post}|{'' if parent is None else parent}"


def _untag(value: str) -> tuple[str, int | None, int | None]:
    name, post, parent = value.split("|")
    return name, int(post) if post else None, int(parent) if parent else None


def rewritten(entries: dict[int, dict]) -> dict[int, dict]:
    """The entries told as the newest of them say things are now, as events_since tells the
    log: a post withdrawn (for good: nothing makes it public again), or a reply of a withdrawn
    idea, as `post_withdrawn`; a post as its newest copy, with the newest support count (from
    whichever event told it last); status and theme counts as they were last told. Every entry
    about a post it holds must be among `entries` (the idea's, for a reply)."""
    gone: set[int] = set()
    posts: dict[int, dict] = {}
    counts: dict[int, int] = {}
    status = themes = None
    for event_id in sorted(entries):
        entry = entries[event_id]
        name, data = entry["event"], entry["data"]
        if name == protocol.POST_WITHDRAWN:
            gone.add(data["post_id"])
        elif name == protocol.SUPPORT_CHANGED:
            counts[data["post_id"]] = data["count"]
        elif name == protocol.CONSULTATION_STATUS:
            status = data["status"]
        elif name == protocol.THEME_COUNTS:
            themes = data["themes"]
        elif name in _POST_CARRYING:
            posts[data["post"]["id"]] = data["post"]
            counts[data["post"]["id"]] = data["post"]["support_count"]
        else:
            raise ValueError(f"not a board event the store knows: {name}")
    result = {}
    for event_id, entry in entries.items():
        name, data = entry["event"], entry["data"]
        post_id = _about(entry)
        if post_id is not None and (post_id in gone or _parent(entry) in gone):
            entry = {"event": protocol.POST_WITHDRAWN,
                     "data": {"event_id": event_id, "post_id": post_id}}
        elif name in _POST_CARRYING:
            entry = {**entry, "data": {**data, "post": {**posts[post_id],
                                                        "support_count": counts[post_id]}}}
        elif name == protocol.SUPPORT_CHANGED:
            entry = {**entry, "data": {**data, "count": counts[post_id]}}
        elif name == protocol.CONSULTATION_STATUS:
            entry = {**entry, "data": {**data, "status": status}}
        elif name == protocol.THEME_COUNTS:
            entry = {**entry, "data": {**data, "themes": themes}}
        result[event_id] = entry
    return result


def affected(tags: dict[int, str], events: list[Event]) -> set[int]:
    """The stored entries that `events` may change: those about the same posts (or their ideas,
    or replies of them), and the status or theme entries when they bring a new one."""
    posts: set[int] = set()
    kinds: set[str] = set()
    for event in events:
        entry = event.entry()
        post, parent = _about(entry), _parent(entry)
        if post is None:
            kinds.add(event.name)
        posts.update(p for p in (post, parent) if p is not None)
    found = set()
    for event_id, value in tags.items():
        name, post, parent = _untag(value)
        if name in kinds or post in posts or parent in posts:
            found.add(event_id)
    return found


def change(tags: dict[int, str], members: dict[int, str], floor: int, events: list[Event],
           limit: int) -> Change:
    """Record `events` (those above the floor; an event_id already there is replaced) among the
    stored entries: `tags` of all of them, `members` of those `affected` by the events. Returns
    what to write (only what differs) and what to drop to keep the newest `limit`."""
    entries = {}
    for event_id, member in members.items():
        entry = decode(member)
        parent = _untag(tags[event_id])[2]
        if parent is not None:
            entry["parent"] = parent
        entries[event_id] = entry
    for event in events:
        if event.event_id > floor:
            entries[event.event_id] = event.entry()
    everything = sorted(set(tags) | set(entries))
    kept = set(everything[-limit:]) if limit > 0 else set()
    entries = rewritten({event_id: e for event_id, e in entries.items() if event_id in kept})
    written = {event_id: encode(entry) for event_id, entry in entries.items()}
    written = {event_id: member for event_id, member in written.items()
               if members.get(event_id) != member}
    tagged = {event_id: tag(entries[event_id]) for event_id in written}
    return Change(written, {event_id: value for event_id, value in tagged.items()
                            if tags.get(event_id) != value},
                  {event_id for event_id in tags if event_id not in kept})


# --- the two stores -------------------------------------------------------------------------------

class MemoryStore:
    """One process's store (no message queue): the same rules, in dicts under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._members: dict[int, dict[int, str]] = {}
        self._tags: dict[int, dict[int, str]] = {}
        self._ids: dict[int, list[int]] = {}
        self._floors: dict[int, int] = {}
        self._written: dict[int, float] = {}

    def record(self, consultation_id: int, events: list[Event], limit: int) -> None:
        with self._lock:
            self._expire(time.monotonic())
            members = self._members.setdefault(consultation_id, {})
            tags = self._tags.setdefault(consultation_id, {})
            wanted = affected(tags, events)
            done = change(tags, {i: members[i] for i in wanted}, self._floors.get(consultation_id, 0),
                          events, limit)
            for event_id in done.dropped:
                members.pop(event_id, None)
                tags.pop(event_id, None)
            members.update(done.members)
            tags.update(done.tags)
            self._ids[consultation_id] = sorted(members)
            self._written[consultation_id] = time.monotonic()

    def forget(self, consultation_id: int, floor: int) -> None:
        with self._lock:
            for table in (self._members, self._tags, self._ids):
                table.pop(consultation_id, None)
            self._floors[consultation_id] = max(floor, self._floors.get(consultation_id, 0))
            self._written[consultation_id] = time.monotonic()

    def window(self, consultation_id: int, after: int | None, count: int) -> Window:
        with self._lock:
            ids = self._ids.get(consultation_id, [])
            members = self._members.get(consultation_id, {})
            last = max(ids[-1] if ids else 0, self._floors.get(consultation_id, 0))
            if after is None:
                return Window(last, [])
            start = bisect_right(ids, after)
            return Window(last, [(i, members[i]) for i in ids[start:start + count]])

    def _expire(self, now: float) -> None:
        for consultation_id, written in list(self._written.items()):
            if now - written > TTL_SECONDS:
                for table in (self._members, self._tags, self._ids, self._floors, self._written):
                    table.pop(consultation_id, None)


class RedisStore:
    """The store shared by every process: per consultation a sorted set (score = event_id,
    member = the entry's JSON), the entries' tags (a hash) and a floor, under
    `<channel>:recent:<consultation id>:`. A write reads the tags, then only the entries its
    events can change, and writes back what differs, in one WATCH/MULTI transaction retried when
    another process wrote meanwhile; the keys expire TTL_SECONDS after the last write."""

    def __init__(self, url: str, channel: str) -> None:
        self.url = url
        self.prefix = f"{channel}:recent"
        self._client = None
        self._lock = threading.Lock()

    @property
    def client(self):
        if self._client is None:
            with self._lock:
                if self._client is None:
                    import redis

                    # Bounded: a reconnect storm waits for a connection instead of opening thousands.
                    pool = redis.BlockingConnectionPool.from_url(
                        self.url, max_connections=REDIS_CONNECTIONS, timeout=REDIS_WAIT_SECONDS,
                        socket_timeout=REDIS_TIMEOUT_SECONDS,
                        socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
                    self._client = redis.Redis(connection_pool=pool)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.connection_pool.disconnect()

    def keys(self, consultation_id: int) -> tuple[str, str, str]:
        base = f"{self.prefix}:{consultation_id}"
        return f"{base}:events", f"{base}:tags", f"{base}:floor"

    def record(self, consultation_id: int, events: list[Event], limit: int) -> None:
        from redis import WatchError

        key, tags_key, floor_key = self.keys(consultation_id)
        for _attempt in range(WRITE_ATTEMPTS):
            with self.client.pipeline() as pipe:
                try:
                    pipe.watch(key, tags_key, floor_key)
                    floor = int(pipe.get(floor_key) or 0)
                    tags = {int(k): v.decode() for k, v in pipe.hgetall(tags_key).items()}
                    if pipe.zcard(key) != len(tags):
                        raise RuntimeError("entries and tags disagree")  # then forgotten
                    wanted = sorted(affected(tags, events))
                    members = {}
                    if wanted:
                        # Read on another connection, in one round trip: the watch still holds.
                        with self.client.pipeline(transaction=False) as reads:
                            for event_id in wanted:
                                reads.zrangebyscore(key, event_id, event_id)
                            for event_id, found in zip(wanted, reads.execute(), strict=True):
                                members[event_id] = found[0].decode()
                    done = change(tags, members, floor, events, limit)
                    pipe.multi()
                    for event_id in done.dropped | (done.members.keys() & tags.keys()):
                        pipe.zremrangebyscore(key, event_id, event_id)
                    if done.dropped:
                        pipe.hdel(tags_key, *done.dropped)
                    if done.members:
                        pipe.zadd(key, {member: event_id for event_id, member in done.members.items()})
                    if done.tags:
                        pipe.hset(tags_key, mapping=done.tags)
                    pipe.expire(key, TTL_SECONDS)
                    pipe.expire(tags_key, TTL_SECONDS)
                    pipe.execute()
                    return
                except WatchError:
                    continue
        raise RuntimeError(f"recent events of consultation {consultation_id}: "
                           f"{WRITE_ATTEMPTS} writers in a row got there first")

    def forget(self, consultation_id: int, floor: int) -> None:
        from redis import WatchError

        key, tags_key, floor_key = self.keys(consultation_id)
        for _attempt in range(WRITE_ATTEMPTS):
            with self.client.pipeline() as pipe:
                try:
                    pipe.watch(floor_key)
                    floor = max(floor, int(pipe.get(floor_key) or 0))
                    pipe.multi()
                    pipe.delete(key, tags_key)
                    pipe.set(floor_key, floor, ex=TTL_SECONDS)
                    pipe.execute()
                    return
                except WatchError:
                    continue
        raise RuntimeError(f"could not forget the recent events of consultation {consultation_id}")

    def window(self, consultation_id: int, after: int | None, count: int) -> Window:
        key, _tags_key, floor_key = self.keys(consultation_id)
        with self.client.pipeline(transaction=True) as pipe:
            pipe.get(floor_key)
            pipe.zrevrange(key, 0, 0, withscores=True)
            if after is not None:
                pipe.zrangebyscore(key, f"({after}", "+inf", start=0, num=count, withscores=True)
            floor, newest, *rows = pipe.execute()
        last = max(int(floor or 0), int(newest[0][1]) if newest else 0)
        return Window(last, [(int(score), member) for member, score in (rows[0] if rows else [])])


# --- the app's store, and what the handler and the write path call ------------------------------

class SlugCache:
    """slug -> (consultation id, its event_seq when read) for a non-draft consultation, as
    get_by_slug found it, trusted SLUG_SECONDS. A miss is never kept (nothing to fill up with
    guessed slugs); a consultation taken back to draft keeps answering joins that long (its
    boards are told by `consultation_status` anyway).

    One read at a time per slug: when an entry is missing or old, the first join reads it and
    the joins that arrive meanwhile wait for that answer (at most `wait` seconds, then they read
    themselves) instead of each taking a database slot for the same row. Without this, the
    thousands of joins of a reconnect storm all missed the empty cache at once, queued for the
    slots and heard "busy". The locks are a fixed set of stripes, so guessed slugs cost none."""

    STRIPES = 64

    def __init__(self, seconds: float = SLUG_SECONDS, wait: float = REDIS_WAIT_SECONDS) -> None:
        self.seconds = seconds
        self.wait = wait
        self._found: dict[str, tuple[float, int, int]] = {}
        self._reading = [threading.Lock() for _ in range(self.STRIPES)]

    def _fresh(self, slug: str) -> tuple[int, int] | None:
        hit = self._found.get(slug)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1], hit[2]
        return None

    def lookup(self, slug: str, load) -> tuple[int, int]:
        if self.seconds <= 0:  # nothing is kept: nothing to wait for
            consultation = load(slug)
            return consultation.id, consultation.event_seq
        hit = self._fresh(slug)
        if hit is not None:
            return hit
        reading = self._reading[hash(slug) % self.STRIPES]
        got = reading.acquire(timeout=self.wait)
        try:
            hit = self._fresh(slug)  # read by the join this one waited for
            if hit is not None:
                return hit
            consultation = load(slug)  # raises NotFound: not kept
        finally:
            if got:
                reading.release()
        now = time.monotonic()
        if len(self._found) > 10_000:
            self._found = {s: v for s, v in self._found.items() if v[0] > now}
        self._found[slug] = (now + self.seconds, consultation.id, consultation.event_seq)
        return consultation.id, consultation.event_seq


@dataclass
class Recent:
    store: MemoryStore | RedisStore | NoStore
    slugs: SlugCache


class NoStore:
    """PARKBANK_LIVE_RECENT=false: nothing is kept, every catch-up reads the log."""

    def record(self, consultation_id: int, events: list[Event], limit: int) -> None:
        pass

    def forget(self, consultation_id: int, floor: int) -> None:
        pass


def init_app(app: Flask) -> None:
    """Choose the store by configuration: Redis with a Redis message queue, else memory; none
    with LIVE_RECENT off (then the slug is read at every join too)."""
    url = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if not app.config.get("LIVE_RECENT", True):
        app.extensions[EXTENSION] = Recent(NoStore(), SlugCache(seconds=0))
        return
    if url and url.startswith(("redis://", "rediss://")):
        store = RedisStore(url, app.config["SOCKETIO_CHANNEL"])
    else:
        store = MemoryStore()
    app.extensions[EXTENSION] = Recent(store, SlugCache())


def state(app: Flask | None = None) -> Recent:
    return (app or current_app).extensions[EXTENSION]


def record(events: list[Event]) -> None:
    """Record one commit's board events (called after commit, before they are published). A
    failure is logged: the event is then missing, a hole that sends catch-up to the database."""
    by_consultation: dict[int, list[Event]] = {}
    for event in events:
        by_consultation.setdefault(event.consultation_id, []).append(event)
    recent = state()
    limit = current_app.config["LIVE_CATCH_UP_LIMIT"]
    for consultation_id, some in by_consultation.items():
        try:
            recent.store.record(consultation_id, some, limit)
        except Exception:
            log.exception("could not record board events of consultation %s", consultation_id)
            _forget_quietly(recent, consultation_id, max(e.event_id for e in some))


def seed(consultation_id: int, events: list[dict]) -> None:
    """Keep what the log just answered a join (`events_since`, a contiguous range) for the next
    ones: after a restart the store may not hold the range that a whole crowd asks for, and the
    first join that reads it from the database fills it. Recorded like any late write: entries
    the store already holds, newer ones included, are rewritten together with these, so the public
    rule still holds (a reply's idea is not named in a withdrawal or a support from the log; those
    entries carry no text). A failure only costs the next join a database read."""
    if not events:
        return
    recent = state()
    try:
        recent.store.record(consultation_id, [
            Event(consultation_id, item["data"]["event_id"], item["event"], item["data"])
            for item in events], current_app.config["LIVE_CATCH_UP_LIMIT"])
    except Exception:
        log.warning("could not keep catch-up read from the log for consultation %s", consultation_id,
                    exc_info=True)


def forget(floors: dict[int, int]) -> None:
    """Drop consultations' entries (after commit); `floors`: consultation id -> the newest
    event_id committed before the change, never stored again."""
    recent = state()
    for consultation_id, floor in floors.items():
        _forget_quietly(recent, consultation_id, floor)


def _forget_quietly(recent: Recent, consultation_id: int, floor: int) -> None:
    try:
        recent.store.forget(consultation_id, floor)
    except Exception:
        log.exception("could not forget the recent events of consultation %s", consultation_id)


def covered(window: Window, after: int | None, known: int, limit: int) -> CatchUp | None:
    """The catch-up the store can answer alone, or None (the database must).

    `known` is the consultation's event_seq as this process last read it (SlugCache): the store
    must know of it too, so a store that missed events (a process that died between its commit and
    its write) is not trusted. The answer's last event is the newest of both: an event committed
    after `known` is either in the store already or not yet published (a process records before
    it publishes, and this socket joined the room before reading), so it still arrives by push."""
    last = max(window.last, known)
    if after is None:
        return CatchUp(last, [], False)
    if after > last:
        return None
    if last - after > limit:  # event_ids have no gaps: that many were missed
        return CatchUp(last, [], True)
    if [event_id for event_id, _member in window.entries] != list(range(after + 1, last + 1)):
        return None  # trimmed, forgotten, a hole, or events the store never heard of
    # As the store keeps them: written into the answer as they are (parkbank.live.wire).
    return CatchUp(last, Encoded(_text(member) for _event_id, member in window.entries), False)


_last_warning = [0.0]


def catch_up(consultation_id: int, after: int | None, known: int, limit: int) -> CatchUp | None:
    """What join_board answers from the store, or None: then from the database."""
    store = state().store
    if isinstance(store, NoStore):
        return None
    try:
        window = store.window(consultation_id, after, limit + 1)
    except Exception:
        now = time.monotonic()
        if now - _last_warning[0] > 60:  # once a minute, not once per join of a storm
            _last_warning[0] = now
            log.warning("recent events unreadable; catch-up reads the database", exc_info=True)
        return None
    return covered(window, after, known, limit)
