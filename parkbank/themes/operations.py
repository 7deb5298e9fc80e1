"""Keeping a consultation's themes (project leaders and admins: can_lead) and tagging ideas with
them (moderators: can_moderate). Every change is one audit entry in the same transaction; what the
boards show changes live: a public idea's new tags as `post_themes`, the theme list and its counts
as `theme_counts` (parkbank.live.protocol)."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_lead
from parkbank.consultations.models import Consultation, ConsultationStatus
from parkbank.database import unicode_lower, utcnow
from parkbank.errors import Forbidden, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.i18n import number
from parkbank.live import broadcast, protocol
from parkbank.moderation.marks import post_to_edit
from parkbank.posts.models import Post, PostState
from parkbank.posts.visibility import is_public
from parkbank.sanitize import normalize_text
from parkbank.themes.models import PostTheme, Theme

NAME_MAX = 80
THEMES_MAX = 50  # per consultation, retired ones included: the filter and the forms stay short
TAGGABLE = frozenset({PostState.PENDING, PostState.APPROVED})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """"Trafik & parkering" -> "trafik-parkering", "Lek för små" -> "lek-for-sma"."""
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", plain).strip("-")[:60] or "tema"


def _checked_name(raw: str | None) -> str:
    name = normalize_text((raw or "")[:NAME_MAX * 4], multiline=False)
    if not name:
        raise _invalid(_l("Give the theme a name."))
    if len(name) > NAME_MAX:
        raise _invalid(_l("At most %(max)s characters; you wrote %(n)s.", max=number(NAME_MAX),
                          n=number(len(name))))
    return name


def _invalid(message) -> InvalidInput:
    return InvalidInput(message, fields={"name": [str(message)]})


def _lead(consultation, user) -> None:
    if not can_lead(user, consultation):
        raise Forbidden()


def _hold_list(consultation) -> None:
    """One change at a time in a consultation's theme list (two leaders, or one double click,
    adding the same name or the last theme allowed at once): its row is locked until the end of
    the transaction, so the second one reads the first one's theme and is refused, not a 500 on
    the unique slug. Every change takes it before it writes a theme row (numbering the boards'
    event takes the same row again), so two changes never wait for each other crosswise.
    (SQLite's writers take turns anyway.)"""
    db.session.execute(select(Consultation.id).where(Consultation.id == consultation.id)
                       .with_for_update())


def _tell_boards(consultation) -> None:
    """The boards' theme list changed. A draft has no board (and numbering an event would mark it
    as once public, which fixes its address): leaders may prepare its themes quietly."""
    if consultation.status is not ConsultationStatus.DRAFT:
        broadcast.publish_theme_counts(consultation.id)


def _theme(consultation, theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id) if 0 < theme_id < 2**62 else None
    if theme is None or theme.consultation_id != consultation.id:
        raise NotFound()
    return theme


def _name_taken(consultation_id: int, name: str, but: int | None = None) -> bool:
    query = select(Theme.id).where(Theme.consultation_id == consultation_id,
                                   unicode_lower(Theme.name) == name.lower())  # Å as å on SQLite too
    if but is not None:
        query = query.where(Theme.id != but)
    return db.session.execute(query.limit(1)).first() is not None


def create_theme(consultation, name: str | None, *, user) -> Theme:
    """A new theme last in the list; its slug is made from its name, unique in the consultation."""
    _lead(consultation, user)
    name = _checked_name(name)
    _hold_list(consultation)
    existing = db.session.execute(
        select(Theme.slug, Theme.position).where(Theme.consultation_id == consultation.id)).all()
    if len(existing) >= THEMES_MAX:
        raise _invalid(_l("A consultation has at most %(max)s themes.", max=THEMES_MAX))
    if _name_taken(consultation.id, name):
        raise _invalid(_l("There is already a theme with that name."))
    slugs = {slug for slug, _position in existing}
    base = slug = slugify(name)
    n = 1
    while slug in slugs:
        n += 1
        slug = f"{base}-{n}"
    theme = Theme(consultation_id=consultation.id, slug=slug, name=name, created_at=utcnow(),
                  position=max((position for _slug, position in existing), default=0) + 1)
    db.session.add(theme)
    db.session.flush()
    record(AuditAction.THEME_CREATE, user=user, consultation_id=consultation.id,
           target=("theme", theme.id), name=name, slug=slug)
    _tell_boards(consultation)
    return theme


def rename_theme(consultation, theme_id: int, name: str | None, *, user) -> bool:
    """A new name; the slug (the filter's address) stays. Returns whether anything changed."""
    _lead(consultation, user)
    theme = _theme(consultation, theme_id)
    name = _checked_name(name)
    if name == theme.name:
        return False
    _hold_list(consultation)
    if _name_taken(consultation.id, name, but=theme.id):
        raise _invalid(_l("There is already a theme with that name."))
    record(AuditAction.THEME_UPDATE, user=user, consultation_id=consultation.id,
           target=("theme", theme.id), before=theme.name, after=name)
    theme.name = name
    db.session.flush()
    broadcast.forget_recent(consultation.id)  # every idea tagged with it is told by name
    _tell_boards(consultation)
    return True


def move_theme(consultation, theme_id: int, step: int, *, user) -> bool:
    """One place up (step -1) or down (+1) among the consultation's themes; False at an end."""
    _lead(consultation, user)
    theme = _theme(consultation, theme_id)
    _hold_list(consultation)
    ordered = list(db.session.execute(
        select(Theme).where(Theme.consultation_id == consultation.id)
        .order_by(Theme.position, Theme.id).with_for_update()).scalars())
    at = ordered.index(theme)
    to = at + (1 if step > 0 else -1)
    if not 0 <= to < len(ordered):
        return False
    ordered[at], ordered[to] = ordered[to], ordered[at]
    for position, each in enumerate(ordered, start=1):
        each.position = position
    db.session.flush()
    record(AuditAction.THEME_UPDATE, user=user, consultation_id=consultation.id,
           target=("theme", theme.id), position=to + 1)
    broadcast.forget_recent(consultation.id)  # an idea's themes are told in the list's order
    _tell_boards(consultation)
    return True


def set_retired(consultation, theme_id: int, retired: bool, *, user) -> bool:
    """Retire a theme (no longer offered for tagging nor as a filter; its tags stay) or bring it
    back. Returns whether anything changed."""
    _lead(consultation, user)
    theme = _theme(consultation, theme_id)
    _hold_list(consultation)
    if theme.is_retired == retired:
        return False
    theme.retired_at = utcnow() if retired else None
    db.session.flush()
    record(AuditAction.THEME_UPDATE, user=user, consultation_id=consultation.id,
           target=("theme", theme.id), retired=retired)
    _tell_boards(consultation)
    return True


def set_post_themes(post_id: int, theme_ids, *, user) -> tuple[Post, bool]:
    """Tag a waiting or published idea with exactly these active themes of its consultation (an
    edit that keeps the post's state); tags of retired themes stay as they are, since they can no
    longer be chosen. Logged, and the boards told when the idea is public. Returns (post, changed).
    """
    post = post_to_edit(post_id, user=user)
    if post.state not in TAGGABLE:
        raise InvalidInput(_l("Only a waiting or published post can be tagged."))
    if post.parent_id is not None:
        raise InvalidInput(_l("A reply belongs to its idea's themes: tag the idea."))
    wanted = {i for i in list(theme_ids)[:THEMES_MAX + 1] if isinstance(i, int)}
    themes = {t.id: t for t in db.session.execute(
        select(Theme).where(Theme.consultation_id == post.consultation_id)).scalars()}
    if not wanted <= {i for i, t in themes.items() if not t.is_retired}:
        raise InvalidInput(_l("Choose among the consultation's themes."))
    current = set(db.session.execute(
        select(PostTheme.theme_id).where(PostTheme.post_id == post.id)).scalars())
    keep = {i for i in current if themes[i].is_retired}
    added, removed = (wanted | keep) - current, current - wanted - keep
    if not added and not removed:
        return post, False
    if removed:
        db.session.execute(delete(PostTheme).where(PostTheme.post_id == post.id,
                                                   PostTheme.theme_id.in_(removed)))
    db.session.add_all(PostTheme(post_id=post.id, theme_id=i, created_at=utcnow()) for i in added)
    db.session.flush()
    db.session.expire(post, ["themes"])
    record(AuditAction.POST_THEMES, user=user, consultation_id=post.consultation_id,
           target=("post", post.id), added=sorted(themes[i].slug for i in added) or None,
           removed=sorted(themes[i].slug for i in removed) or None)
    if is_public(post.state, False, None):
        broadcast.publish_board(protocol.POST_THEMES, post)
        broadcast.publish_theme_counts(post.consultation_id)
    return post, True
