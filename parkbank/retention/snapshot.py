"""An archive snapshot of a consultation as it stands (checklist 6): one ZIP with

- `board.html`: the board rendered self-contained (CSS inline, no scripts, no external files): the
  consultation's facts and every public idea with its public replies, in their safe body_html;
- `posts.json`: the open data, in the public API's shape (parkbank/api, posts/serialize.public_post);
- `decisions.json` and `decisions.csv`: every moderation decision (CSV cells guarded against
  formulas by export/tabular.safe_cell).

Only public text is in it: rejected and withdrawn posts appear as decisions (id, reason), never
with their words, so a snapshot taken before culling keeps no more than the rules allow.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_administer
from parkbank.consultations.models import Consultation
from parkbank.database import utcnow
from parkbank.errors import Forbidden
from parkbank.export.tabular import csv_bytes
from parkbank.extensions import db
from parkbank.moderation.models import Decision
from parkbank.posts.models import Post
from parkbank.posts.serialize import iso, public_post
from parkbank.posts.visibility import public_clause, with_parent

DECISION_COLUMNS = ["id", "post_id", "action", "from_state", "to_state", "reason", "note",
                    "moderator", "created_at"]


def snapshot_name(consultation: Consultation, now: datetime) -> str:
    return f"{consultation.slug}-{now.strftime('%Y%m%dT%H%M%SZ')}.zip"


def _consultation_facts(consultation: Consultation) -> dict:
    """As the open-data API shows the consultation, with the facts a meeting needs."""
    return {
        "slug": consultation.slug, "title": consultation.title, "question": consultation.question,
        "status": consultation.current_status.value, "created_at": iso(consultation.created_at),
        "description": consultation.description, "case_number": consultation.case_number,
        "department": consultation.department, "opens_at": iso(consultation.opens_at),
        "closes_at": iso(consultation.closes_at),
    }


def _public_posts(consultation_id: int) -> list[Post]:
    return list(db.session.execute(
        with_parent(select(Post)).where(Post.consultation_id == consultation_id, public_clause())
        .options(selectinload(Post.themes))  # open data carries each idea's themes
        .order_by(Post.published_at, Post.id)
    ).scalars())


def _decisions(consultation_id: int) -> list[dict]:
    rows = db.session.execute(
        select(Decision).join(Post, Post.id == Decision.post_id)
        .where(Post.consultation_id == consultation_id).order_by(Decision.created_at, Decision.id)
    ).scalars()
    return [{"id": d.id, "post_id": d.post_id, "action": d.action.value,
             "from_state": d.from_state.value, "to_state": d.to_state.value,
             "reason": d.reason.value if d.reason else None, "note": d.note,
             "moderator": d.moderator.name, "created_at": iso(d.created_at)} for d in rows]


def build_snapshot(consultation: Consultation, now: datetime) -> bytes:
    posts = _public_posts(consultation.id)
    ideas = [p for p in posts if p.parent_id is None]
    replies: dict[int, list[Post]] = {}
    for post in posts:
        if post.parent_id is not None:
            replies.setdefault(post.parent_id, []).append(post)
    decisions = _decisions(consultation.id)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):  # an archive in the house language
        board = render_template("retention/snapshot.html", consultation=consultation,
                                ideas=list(reversed(ideas)), replies=replies, taken_at=now)
    open_data = {"consultation": _consultation_facts(consultation),
                 "posts": [public_post(p, with_alias=False) for p in posts],
                 "total": len(posts), "snapshot_taken_at": iso(now)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("board.html", board)
        archive.writestr("posts.json", json.dumps(open_data, ensure_ascii=False, indent=2))
        archive.writestr("decisions.json", json.dumps(decisions, ensure_ascii=False, indent=2))
        archive.writestr("decisions.csv", csv_bytes(
            DECISION_COLUMNS, ([d[c] for c in DECISION_COLUMNS] for d in decisions)))
    return buffer.getvalue()


def write_snapshot(consultation: Consultation, now: datetime, folder: str | Path) -> Path:
    """Write the snapshot into `folder` (made if missing); returns its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / snapshot_name(consultation, now)
    path.write_bytes(build_snapshot(consultation, now))
    return path


def take_snapshot(consultation: Consultation, *, user=None, via: str = "admin",
                  now: datetime | None = None) -> tuple[str, bytes]:
    """A snapshot for an admin's download or an operator's command, audited. `user` None is the
    command line (an operator with shell access)."""
    if user is not None and not can_administer(user):
        raise Forbidden()
    now = now or utcnow()
    data = build_snapshot(consultation, now)
    name = snapshot_name(consultation, now)
    record(AuditAction.SNAPSHOT, user=user, consultation_id=consultation.id,
           target=("consultation", consultation.id), file=name, via=via)
    return name, data
