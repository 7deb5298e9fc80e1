"""Culling (gallring): what the retention rules say is due at `now`, and removing it.

What is "due": for a rule of N days counted from the decision, a rejected post whose rejection,
a contact e-mail or a follow link (parkbank/follow) whose post's decision, or a redacted original
whose redaction is at least N days before `now`; counted from the closing, everything of that
kind in a consultation that closed at least N days before `now` (its closing time, or when it was
closed by hand). Nothing is due in a
consultation that has not closed under a closing rule, and nothing under a rule that keeps.

`find_due(now)` only reads (the dry run); `cull(now, …)` snapshots every affected consultation,
then removes, writes one CullingRecord per kind and consultation, and appends CULL to the audit
trail, in the caller's transaction. Both take `now`, so tests run them on a clock they control.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select, true, update

from parkbank.audit.models import AuditAction, AuditEntry
from parkbank.audit.operations import record
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.extensions import db
from parkbank.follow.models import FollowToken
from parkbank.live import broadcast, protocol
from parkbank.mail import outbox
from parkbank.moderation.models import PostRevision
from parkbank.posts.models import Post, PostState
from parkbank.retention.models import CountedFrom, CullingRecord, Kind
from parkbank.retention.rules import Rule, effective_rules
from parkbank.retention.snapshot import write_snapshot
from parkbank.search import index as search_index


@dataclass(frozen=True)
class Due:
    kind: Kind
    consultation: Consultation
    rule: Rule
    ids: tuple[int, ...]  # post ids; revision ids for redaction originals; follow_token ids

    @property
    def count(self) -> int:
        return len(self.ids)


def closing_time(consultation: Consultation, now: datetime) -> datetime | None:
    """When the consultation closed, or None while it has not. Closed by hand before (or without)
    its closing time: the moment the audit trail says it was closed."""
    if consultation.closes_at is not None and consultation.closes_at <= now:
        return consultation.closes_at
    if consultation.status is not ConsultationStatus.CLOSED:
        return None
    entries = db.session.execute(
        select(AuditEntry.created_at, AuditEntry.details)
        .where(AuditEntry.consultation_id == consultation.id,
               AuditEntry.action == AuditAction.CONSULTATION_STATUS.value)
        .order_by(AuditEntry.id.desc())
    ).all()
    for created_at, details in entries:  # the last time it went to closed
        if (details or {}).get("after") == ConsultationStatus.CLOSED.value:
            return created_at
    return consultation.created_at  # closed from the start (e.g. made so by a command)


def _cutoff(rule: Rule, consultation: Consultation, now: datetime) -> tuple[datetime, bool] | None:
    """(moment, whole): rows decided before `moment` are due, or all rows when `whole`."""
    if rule.days is None:
        return None
    cutoff = now - timedelta(days=rule.days)
    if rule.counted_from is CountedFrom.CLOSING:
        closed = closing_time(consultation, now)
        if closed is None or closed > cutoff:
            return None
        return cutoff, True
    return cutoff, False


def _due_ids(kind: Kind, consultation_id: int, cutoff: datetime, whole: bool,
             deleted: set[int]) -> list[int]:
    """Ids due of one kind; `deleted`: posts this run deletes anyway (their e-mail and revisions
    go with them, so they are not counted twice)."""
    not_deleted = Post.id.not_in(sorted(deleted)) if deleted else true()
    if kind is Kind.FOLLOW_TOKENS:
        query = (select(FollowToken.id).join(Post, Post.id == FollowToken.post_id)
                 .where(Post.consultation_id == consultation_id, not_deleted))
        if not whole:
            query = query.where(Post.decided_at.is_not(None), Post.decided_at <= cutoff)
        return list(db.session.execute(query.order_by(FollowToken.id)).scalars())
    if kind is Kind.REDACTION_ORIGINALS:
        query = (select(PostRevision.id).join(Post, Post.id == PostRevision.post_id)
                 .where(Post.consultation_id == consultation_id, not_deleted,
                        PostRevision.original_body.is_not(None)))
        if not whole:
            query = query.where(PostRevision.created_at <= cutoff)
        return list(db.session.execute(query.order_by(PostRevision.id)).scalars())
    query = select(Post.id).where(Post.consultation_id == consultation_id, not_deleted)
    if kind is Kind.REJECTED_POSTS:
        query = query.where(Post.state == PostState.REJECTED)
    else:
        query = query.where(Post.email.is_not(None) | Post.email_consent.is_(True))
    if not whole:
        query = query.where(Post.decided_at.is_not(None), Post.decided_at <= cutoff)
    return list(db.session.execute(query.order_by(Post.id)).scalars())


def find_due(now: datetime) -> list[Due]:
    """Everything due at `now`, per kind and consultation (only reads)."""
    consultations = list(db.session.execute(select(Consultation).order_by(Consultation.id)).scalars())
    rules = effective_rules([c.id for c in consultations])
    found = []
    for consultation in consultations:
        removed_posts: set[int] = set()
        for kind in Kind:  # rejected posts first: their e-mail goes with them
            rule = rules[consultation.id][kind]
            cutoff = _cutoff(rule, consultation, now)
            if cutoff is None:
                continue
            ids = _due_ids(kind, consultation.id, *cutoff, removed_posts)
            if kind is Kind.REJECTED_POSTS:
                removed_posts.update(ids)
            if ids:
                found.append(Due(kind, consultation, rule, tuple(ids)))
    return found


def _remove(due: Due, now: datetime) -> None:
    ids = list(due.ids)
    if due.kind is Kind.REJECTED_POSTS:
        db.session.execute(delete(Post).where(Post.id.in_(ids), Post.state == PostState.REJECTED)
                           .execution_options(synchronize_session=False))
        search_index.refresh(ids)  # never indexed while rejected; no row may outlive its post
        # Never public, so never in a board event; but the log tells a deleted post's events as
        # withdrawn, and the recent-events store must never disagree with it.
        broadcast.forget_recent(due.consultation.id)
        broadcast.notify_queue(due.consultation.id, protocol.POST_CULLED,
                               protocol.post_culled(due.kind.value, ids))
    elif due.kind is Kind.FOLLOW_TOKENS:
        db.session.execute(delete(FollowToken).where(FollowToken.id.in_(ids))
                           .execution_options(synchronize_session=False))
    elif due.kind is Kind.CONTACT_EMAILS:
        db.session.execute(update(Post).where(Post.id.in_(ids))
                           .values(email=None, email_consent=False, email_confirmed_at=None)
                           .execution_options(synchronize_session=False))
        outbox.forget_posts(ids)  # no message may still carry a culled address
    else:
        db.session.execute(update(PostRevision).where(PostRevision.id.in_(ids))
                           .values(original_body=None, culled_at=now)
                           .execution_options(synchronize_session=False))


def cull(now: datetime, *, snapshot_dir: str | Path, user=None,
         actor: str = "command") -> list[CullingRecord]:
    """Snapshot each affected consultation, remove what is due, and record it. Returns the
    records written (none when nothing was due)."""
    due = find_due(now)
    snapshots: dict[int, str] = {}
    for item in due:
        if item.consultation.id not in snapshots:
            snapshots[item.consultation.id] = str(write_snapshot(item.consultation, now, snapshot_dir))
    records = []
    for item in due:
        _remove(item, now)
        entry = CullingRecord(created_at=now, kind=item.kind.value, count=item.count,
                              rule=item.rule.describe(), consultation_id=item.consultation.id,
                              consultation_slug=item.consultation.slug,
                              actor=user.name if user is not None else actor,
                              snapshot_file=snapshots[item.consultation.id])
        db.session.add(entry)
        db.session.flush()
        record(AuditAction.CULL, user=user, consultation_id=item.consultation.id,
               target=("culling_record", entry.id), kind=item.kind.value, count=item.count,
               rule=entry.rule, snapshot=Path(entry.snapshot_file).name)
        records.append(entry)
    db.session.expire_all()  # the bulk statements changed rows the session may hold
    return records


def recent_records(limit: int = 50) -> list[CullingRecord]:
    return list(db.session.execute(
        select(CullingRecord).order_by(CullingRecord.id.desc()).limit(limit)).scalars())
