"""Similar ideas: the approved ideas of a consultation that say much the same as a text (for the
citizen who is writing), and a pending post's likely duplicates (for the moderators).

Where the index lives: in each server process's memory (index.py), one per consultation, and the
database stays the source of truth. Every query first reads the consultation's board-event number
(`event_seq`, one indexed row); when another process (or this one) has approved, withdrawn or
changed a post since, the index takes in exactly those posts from the event log (live_event names
every such post), so several gunicorn workers agree without talking to each other. Nothing is added
to an approval: the next query catches up. Results are read back through the public rule
(posts/visibility.py) with their support counts as they are now, so the index can only propose.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select

from parkbank.extensions import db
from parkbank.live import protocol
from parkbank.live.broadcast import current_event_id
from parkbank.live.models import LiveEvent
from parkbank.posts.models import Post, PostState
from parkbank.similar.index import Index, best
from parkbank.similar.text import TEXT_MAX, dot

# Measured on tests/data/similar_pairs.csv (bench/similar_eval.py; README "Similar ideas").
THRESHOLD = 0.20
SHOWN = 5             # similar ideas shown to a citizen, and duplicates shown per queued post
QUERY_MIN = 12        # characters before anything is compared: a word or two says too little
QUEUE_WITH_SIMILAR = 25    # queued posts (oldest first) that get their duplicates computed
PENDING_COMPARED = 100     # newest pending ideas a queued post is compared with
EXCERPT = 280         # characters of a duplicate's text in the queue
CACHED = 16           # consultations whose index a process keeps (least recently used leave)
CATCH_UP_MAX = 5000   # more board events than this since the index was current: build it anew
_CHANGES = (protocol.POST_PUBLISHED, protocol.POST_WITHDRAWN, protocol.POST_UPDATED)


@dataclass
class _Cached:
    index: Index
    event_seq: int
    lock: threading.Lock


_indexes: OrderedDict[tuple, _Cached] = OrderedDict()
_indexes_lock = threading.Lock()


@dataclass(frozen=True)
class Match:
    post: Post
    score: float


def bounded(text: str | None) -> str:
    return (text or "")[:TEXT_MAX]


def _public_ideas(consultation_id: int):
    return select(Post).where(Post.consultation_id == consultation_id, Post.state == PostState.APPROVED,
                              Post.parent_id.is_(None))


def _build(consultation_id: int) -> Index:
    index = Index()
    rows = db.session.execute(
        _public_ideas(consultation_id).with_only_columns(Post.id, Post.body).order_by(Post.id))
    for n, (post_id, body) in enumerate(rows, start=1):
        index.add(post_id, body)
        if n % 500 == 0:
            time.sleep(0)  # under gevent: let the worker's other greenlets (sockets) run
    return index


def _catch_up(cached: _Cached, consultation_id: int, event_seq: int) -> None:
    post_ids = set(db.session.execute(
        select(LiveEvent.post_id).where(LiveEvent.consultation_id == consultation_id,
                                        LiveEvent.seq > cached.event_seq, LiveEvent.seq <= event_seq,
                                        LiveEvent.name.in_(_CHANGES), LiveEvent.post_id.is_not(None))
    ).scalars())
    public = dict(db.session.execute(
        _public_ideas(consultation_id).with_only_columns(Post.id, Post.body)
        .where(Post.id.in_(sorted(post_ids)))
    ).all()) if post_ids else {}
    for post_id in post_ids:
        if post_id in public:
            cached.index.add(post_id, public[post_id])
        else:
            cached.index.remove(post_id)
    cached.event_seq = event_seq


@contextmanager
def current_index(consultation) -> Iterator[Index]:
    """The consultation's index, current up to its latest board event, held for the block (a
    catch-up in another thread never changes it under a query)."""
    # The database's address and the consultation's creation tell apart two consultations that
    # share an id (a database made anew, e.g. in tests).
    key = (str(db.engine.url), consultation.id, consultation.created_at)
    event_seq = current_event_id(consultation.id)  # read first: what follows is at least this new
    with _indexes_lock:
        cached = _indexes.get(key)
        if cached is None:
            cached = _indexes[key] = _Cached(Index(), -1, threading.Lock())
        _indexes.move_to_end(key)
        while len(_indexes) > CACHED:
            _indexes.popitem(last=False)
    with cached.lock:
        if cached.event_seq == event_seq:
            pass
        elif 0 <= cached.event_seq < event_seq <= cached.event_seq + CATCH_UP_MAX:
            _catch_up(cached, consultation.id, event_seq)
        else:
            cached.index = _build(consultation.id)
            cached.event_seq = event_seq
        yield cached.index


def forget_indexes() -> None:
    """Drop every cached index (tests and benchmarks measure a cold start with it)."""
    with _indexes_lock:
        _indexes.clear()


def similar_public(consultation, text: str | None, *, exclude: int | None = None) -> list[Match]:
    """Up to SHOWN public ideas that say much the same as `text`, best first; none when nothing
    is close or the text is too short to say."""
    text = bounded(text)
    if len(text.strip()) < QUERY_MIN:
        return []
    with current_index(consultation) as index:
        (query,) = index.vectors({0: text}, {}).values()
        found = [item for item in index.query(query, limit=SHOWN + 1, threshold=THRESHOLD)
                 if item[0] != exclude][:SHOWN]
    return _read_public(consultation.id, found)


def _read_public(consultation_id: int, found: list[tuple[int, float]]) -> list[Match]:
    if not found:
        return []
    posts = {post.id: post for post in db.session.execute(
        _public_ideas(consultation_id).where(Post.id.in_([post_id for post_id, _ in found]))
    ).scalars()}
    return [Match(posts[post_id], score) for post_id, score in found if post_id in posts]


def queue_similar(consultation, queued: list[Post]) -> dict[int, list[dict]]:
    """For the first QUEUE_WITH_SIMILAR queued ideas: their likely duplicates among the public
    ideas and the other pending ideas, best first (id, body excerpt, status, score). Replies are
    compared with nothing: they answer an idea, they do not repeat one."""
    queued = [post for post in queued if post.parent_id is None][:QUEUE_WITH_SIMILAR]
    if not queued:
        return {}
    pending = dict(db.session.execute(
        select(Post.id, Post.body)
        .where(Post.consultation_id == consultation.id, Post.state == PostState.PENDING,
               Post.parent_id.is_(None))
        .order_by(Post.id.desc()).limit(PENDING_COMPARED)
    ).all())
    unseen: dict[str, int] = {}
    found: dict[int, list[tuple[int, float]]] = {}
    with current_index(consultation) as index:
        vectors = index.vectors({post.id: bounded(post.body) for post in queued}, unseen)
        pending_vectors = index.vectors({i: bounded(body) for i, body in pending.items()}, unseen)
        for post in queued:
            query = vectors[post.id]
            approved = index.query(query, limit=SHOWN, threshold=THRESHOLD)
            waiting = [(other, dot(query, vector)) for other, vector in pending_vectors.items()
                       if other != post.id]
            found[post.id] = best([*approved, *waiting], SHOWN, THRESHOLD)
    posts = {p.id: p for p in db.session.execute(select(Post).where(
        Post.id.in_(sorted({i for items in found.values() for i, _ in items})))).scalars()} \
        if any(found.values()) else {}
    return {post_id: [_duplicate(posts[i], score) for i, score in items
                      if i in posts and posts[i].state in (PostState.APPROVED, PostState.PENDING)]
            for post_id, items in found.items()}


def _duplicate(post: Post, score: float) -> dict:
    return {"id": post.id, "body": post.body[:EXCERPT], "status": post.state.value, "score": score}


def similar_for(post: Post) -> list[dict]:
    """One queued post's likely duplicates (the post_submitted event)."""
    return queue_similar(post.consultation, [post]).get(post.id, [])
