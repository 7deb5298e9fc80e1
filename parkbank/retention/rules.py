"""Retention rules: how long each kind of personal data is kept, and from when it is counted.

Three layers, the most specific winning: the configured default (PARKBANK_RETAIN_*_DAYS, counted
from DEFAULT_FROM), a global rule an admin set (retention_rule with no consultation), and a rule
for one consultation. `days` None means: keep, never cull.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.auth.permissions import can_administer
from parkbank.database import utcnow
from parkbank.errors import Forbidden, InvalidInput, NotFound
from parkbank.extensions import db
from parkbank.retention.models import CountedFrom, Kind, RetentionRule

MAX_DAYS = 36_500  # a hundred years: anything longer is "never"

DEFAULT_FROM = {
    # A rejected post was never public: counted from the decision to reject it.
    Kind.REJECTED_POSTS: CountedFrom.DECISION,
    # Contact details serve the consultation (news of a post's fate): kept until it has closed.
    Kind.CONTACT_EMAILS: CountedFrom.CLOSING,
    # The redacted words: counted from the redaction.
    Kind.REDACTION_ORIGINALS: CountedFrom.DECISION,
    # Follow links serve the consultation's follow-up (outcomes come after it closes): counted
    # from the closing. A link of a culled post goes with the post.
    Kind.FOLLOW_TOKENS: CountedFrom.CLOSING,
}
CONFIG_KEYS = {Kind.REJECTED_POSTS: "RETAIN_REJECTED_DAYS", Kind.CONTACT_EMAILS: "RETAIN_EMAIL_DAYS",
               Kind.REDACTION_ORIGINALS: "RETAIN_REDACTED_DAYS", Kind.FOLLOW_TOKENS: "RETAIN_FOLLOW_DAYS"}

KIND_LABELS = {
    Kind.REJECTED_POSTS: _l("Rejected posts"),
    Kind.CONTACT_EMAILS: _l("Contact e-mail addresses"),
    Kind.REDACTION_ORIGINALS: _l("Originals of redacted passages"),
    Kind.FOLLOW_TOKENS: _l("Authors' follow links"),
}
FROM_LABELS = {
    CountedFrom.DECISION: _l("after the decision"),
    CountedFrom.CLOSING: _l("after the consultation closes"),
}


@dataclass(frozen=True)
class Rule:
    kind: Kind
    days: int | None
    counted_from: CountedFrom
    source: str  # "default", "global" or "consultation"

    def describe(self) -> str:
        """For culling records and the command's output (not translated: a record is kept as written)."""
        if self.days is None:
            return f"{self.source}: kept"
        return f"{self.source}: {self.days} days from {self.counted_from.value}"


SOURCE_LABELS = {"default": _l("the configured default"), "global": _l("the rule for all"),
                 "consultation": _l("the consultation's own rule")}
_DESCRIBED = re.compile(r"(default|global|consultation): (?:kept|([0-9]+) days from (decision|closing))")


def parse_description(text: str) -> Rule | None:
    """A culling record's rule (as Rule.describe wrote it) read back, to be shown in words."""
    match = _DESCRIBED.fullmatch(text or "")
    if match is None:
        return None
    days = int(match[2]) if match[2] else None
    return Rule(Kind.REJECTED_POSTS, days, CountedFrom(match[3] or "decision"), match[1])


def defaults() -> dict[Kind, Rule]:
    return {kind: Rule(kind, current_app.config[CONFIG_KEYS[kind]], DEFAULT_FROM[kind], "default")
            for kind in Kind}


def _as_rule(row: RetentionRule) -> Rule:
    return Rule(row.kind, row.days, row.counted_from,
                "global" if row.consultation_id is None else "consultation")


def global_rules() -> dict[Kind, Rule]:
    rules = defaults()
    for row in db.session.execute(
            select(RetentionRule).where(RetentionRule.consultation_id.is_(None))).scalars():
        rules[row.kind] = _as_rule(row)
    return rules


def overrides() -> dict[int, dict[Kind, Rule]]:
    """Every consultation's own rules, by consultation id."""
    result: dict[int, dict[Kind, Rule]] = {}
    for row in db.session.execute(
            select(RetentionRule).where(RetentionRule.consultation_id.is_not(None))).scalars():
        result.setdefault(row.consultation_id, {})[row.kind] = _as_rule(row)
    return result


def effective_rules(consultation_ids: list[int]) -> dict[int, dict[Kind, Rule]]:
    base, own = global_rules(), overrides()
    return {cid: {**base, **own.get(cid, {})} for cid in consultation_ids}


def check_days(raw: str | None) -> int | None:
    """Days from a form: empty means keep (never cull); else a whole number 0–MAX_DAYS."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_DAYS:
        message = _l("Write a whole number of days from 0 to %(max)s, or leave it empty to keep.",
                     max=MAX_DAYS)
        raise InvalidInput(message, fields={"days": [str(message)]})
    return int(raw)


def set_rule(user, kind: Kind, days: int | None, counted_from: CountedFrom,
             consultation_id: int | None = None) -> RetentionRule:
    """Set the global rule (consultation_id None) or one consultation's, audited."""
    if not can_administer(user):
        raise Forbidden()
    row = _find(kind, consultation_id)
    before = _as_rule(row).describe() if row else None
    if row is None:
        row = RetentionRule(kind=kind, consultation_id=consultation_id)
        db.session.add(row)
    row.days, row.counted_from, row.updated_at = days, counted_from, utcnow()
    db.session.flush()
    record(AuditAction.RETENTION_UPDATE, user=user, consultation_id=consultation_id,
           target=("retention_rule", row.id), kind=kind.value, days=days,
           counted_from=counted_from.value, before=before)
    return row


def remove_rule(user, kind: Kind, consultation_id: int) -> None:
    """A consultation follows the global rule again."""
    if not can_administer(user):
        raise Forbidden()
    row = _find(kind, consultation_id)
    if row is None:
        raise NotFound()
    record(AuditAction.RETENTION_UPDATE, user=user, consultation_id=consultation_id,
           target=("retention_rule", row.id), kind=kind.value, removed=True,
           before=_as_rule(row).describe())
    db.session.delete(row)
    db.session.flush()


def _find(kind: Kind, consultation_id: int | None) -> RetentionRule | None:
    where = (RetentionRule.consultation_id.is_(None) if consultation_id is None
             else RetentionRule.consultation_id == consultation_id)
    return db.session.execute(
        select(RetentionRule).where(where, RetentionRule.kind == kind)).scalar_one_or_none()
