"""The channel list: add, edit, remove and reorder, each audited as CHANNELS_UPDATE."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from parkbank.audit.models import AuditAction
from parkbank.audit.operations import record
from parkbank.channels.models import ChannelLink
from parkbank.errors import InvalidInput, NotFound
from parkbank.extensions import db

LIMITS = {"name": 120, "url": 500, "description": 300}


def list_channels() -> list[ChannelLink]:
    return list(db.session.execute(
        select(ChannelLink).order_by(ChannelLink.position, ChannelLink.id)).scalars())


def get_channel(channel_id: int) -> ChannelLink:
    channel = db.session.get(ChannelLink, channel_id)
    if channel is None:
        raise NotFound()
    return channel


def _refuse(field: str, message) -> InvalidInput:
    return InvalidInput(message, fields={field: [str(message)]})


def check_url(url: str) -> str:
    """Only a full http(s) address: a `javascript:` or `data:` link on a public page would run."""
    url = url.strip()
    parts = urlsplit(url)
    if (parts.scheme.lower() not in ("http", "https") or not parts.netloc
            or any(c.isspace() or ord(c) < 32 for c in url)):
        raise _refuse("url", _l("Give a full web address that starts with https:// or http://."))
    return url


def _checked(name: str, url: str, description: str) -> dict:
    values = {"name": (name or "").strip(), "url": (url or "").strip(),
              "description": (description or "").strip()}
    if not values["name"]:
        raise _refuse("name", _l("Give the channel a name."))
    for field, limit in LIMITS.items():
        if len(values[field]) > limit:
            raise _refuse(field, _l("At most %(max)s characters.", max=limit))
    values["url"] = check_url(values["url"])
    return values


def add_channel(*, name: str, url: str, description: str = "", by=None) -> ChannelLink:
    values = _checked(name, url, description)
    last = db.session.execute(select(func.max(ChannelLink.position))).scalar() or 0
    channel = ChannelLink(**values, position=last + 1)
    db.session.add(channel)
    db.session.flush()
    record(AuditAction.CHANNELS_UPDATE, user=by, target=("channel", channel.id), change="add",
           **values)
    return channel


def update_channel(channel: ChannelLink, *, name: str, url: str, description: str = "",
                   by=None) -> list[str]:
    values = _checked(name, url, description)
    changed = [field for field, value in values.items() if getattr(channel, field) != value]
    for field in changed:
        setattr(channel, field, values[field])
    if changed:
        db.session.flush()
        record(AuditAction.CHANNELS_UPDATE, user=by, target=("channel", channel.id),
               change="edit", changed=changed, **values)
    return changed


def remove_channel(channel: ChannelLink, by=None) -> None:
    record(AuditAction.CHANNELS_UPDATE, user=by, target=("channel", channel.id), change="remove",
           name=channel.name, url=channel.url)
    db.session.delete(channel)
    db.session.flush()


def move_channel(channel: ChannelLink, step: int, by=None) -> bool:
    """One place up (step -1) or down (+1); False at either end."""
    channels = list_channels()
    index = channels.index(channel)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(channels):
        return False
    channels[index], channels[other] = channels[other], channels[index]
    for position, each in enumerate(channels, start=1):
        each.position = position
    db.session.flush()
    record(AuditAction.CHANNELS_UPDATE, user=by, target=("channel", channel.id), change="move",
           name=channel.name, position=channel.position)
    return True
